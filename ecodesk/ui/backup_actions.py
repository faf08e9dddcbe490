"""Workspace backup from either window's File menu; restore from the first-run screen.

`BackupActions` asks where to save (non-blocking chooser), writes and verifies the zip off the
GUI thread on a workspace connection of its own (`store.backup` copies the database with SQLite's
online backup API, so the window may keep writing) and says where the file is. `RestoreAction`
asks for a backup zip and restores it into the first-run screen's workspace folder, which is new
or empty: a restore never overwrites a workspace.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from ecodesk.store.workspace import Workspace
from ecodesk.ui import tasks
from ecodesk.ui.file_dialogs import FileDialogs
from ecodesk.ui.i18n import tr

KIND = "backup"  # the remembered folder of the choosers


def _size(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


class BackupActions(QObject):
    """备份工作区…: `window` has `ws`; `before()` runs first (the clerk's editor saves)."""

    backed_up = Signal(object)  # store.backup.BackupResult
    failed = Signal(object)

    def __init__(
        self, window: Any, files: FileDialogs, *, before: Callable[[], object] | None = None
    ) -> None:
        super().__init__(window)
        self.window, self.files = window, files
        self.before = before or (lambda: None)

    @property
    def ws(self) -> Workspace:
        return self.window.ws  # type: ignore[no-any-return]

    def back_up(self) -> None:
        from ecodesk.store.backup import default_backup_name

        self.before()
        self.files.choose(
            tr("Back up workspace"),
            kind=KIND,
            save_name=default_backup_name(self.ws.office),
            name_filter=tr("Zip archives (*.zip)"),
            on_chosen=self.write_backup,
        )

    def write_backup(self, path: Path) -> None:
        path = path if path.suffix.lower() == ".zip" else path.with_name(path.name + ".zip")
        tasks.run(
            self.window,
            tr("Backing up the workspace…"),
            tasks.in_workspace(self.ws.root, lambda ws, progress: ws.backup(path, progress)),
            self._done,
            self._failed,
        )

    def _done(self, result: Any) -> None:
        details = tr("In folder: %1").replace("%1", str(result.path.parent))
        if result.keys:
            details += "\n" + tr(
                "The backup holds this computer's secret keys: keep it as safe as the office seal."
            )
        self.files.show_notice(
            tr("Workspace backed up"),
            tr("Saved %1 (%2, %3 evidence file(s)); it was read back and verified.")
            .replace("%1", result.path.name)
            .replace("%2", _size(result.size))
            .replace("%3", str(result.evidence)),
            details=details,
            path=result.path,
        )
        self.backed_up.emit(result)

    def _failed(self, exc: Exception) -> None:
        self.files.show_error(tr("Backup not saved"), exc)
        self.failed.emit(exc)


class RestoreAction(QObject):
    """从备份恢复…: restore a chosen backup zip into `root` (new or empty), off the GUI thread."""

    started = Signal()
    restored = Signal(object)  # store.backup.RestoreResult
    failed = Signal(object)

    def __init__(self, parent: QWidget, root: Path) -> None:
        super().__init__(parent)
        self.parent_widget, self.root = parent, root
        self.files = FileDialogs(parent)

    def choose(self) -> None:
        self.files.choose(
            tr("Restore from backup"),
            kind=KIND,
            name_filter=tr("Zip archives (*.zip)"),
            on_chosen=self.restore,
        )

    def restore(self, path: Path) -> None:
        from ecodesk.store.backup import restore_backup

        root = self.root
        self.started.emit()
        tasks.run(
            self.parent_widget,
            tr("Restoring the workspace…"),
            lambda progress: restore_backup(path, root, progress=progress),
            self.restored.emit,
            self.failed.emit,
        )
