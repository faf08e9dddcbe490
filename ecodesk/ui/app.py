"""Starting the window: QApplication, language, look, and the workspace (or the first-run screen)."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QWidget

from ecodesk.core.errors import UserError
from ecodesk.core.periods import check_period, default_period
from ecodesk.resources import resource_path
from ecodesk.store.db import DatabaseDamaged
from ecodesk.store.workspace import DB_NAME, Workspace, was_workspace
from ecodesk.ui import settings, tasks
from ecodesk.ui.auto_backup import AutoBackup
from ecodesk.ui.first_steps import show_first_steps
from ecodesk.ui.i18n import apply_language
from ecodesk.ui.main_window import MainWindow
from ecodesk.ui.start import StartWindow
from ecodesk.ui.style import apply_look


def create_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("ecodesk")
    app.setOrganizationName("ecodesk")
    app.setWindowIcon(QIcon(str(resource_path("resources", "icons", "ecodesk.png"))))
    apply_look(app)
    apply_language(settings.language())
    return app


class Controller(QObject):
    """Owns the open workspace and the window shown for it."""

    def __init__(self, root: Path, period: int | None) -> None:
        super().__init__()
        self.root = root
        self.period_chosen = bool(period)  # `--period` given: kept, even on the demo
        self.period = (
            check_period(period)
            if period
            else (settings.last_period() or default_period(date.today().year))
        )
        self.ws: Workspace | None = None
        self.window: QWidget | None = None
        self.auto_backup: AutoBackup | None = None

    def start(self) -> QWidget:
        if (self.root / DB_NAME).exists() or was_workspace(self.root):
            try:
                return self.open(self.root)
            except DatabaseDamaged as exc:  # damaged or missing: offer the latest good backup
                return self.recover(exc)
        start = StartWindow(self.root)
        start.ready.connect(self.open_first_run)
        start.created.connect(lambda root: self.open_first_run(root, first_steps=True))
        self._show(start)
        return start

    def open(self, root: Path, *, first_steps: bool = False) -> QWidget:
        """The window for the workspace at `root`; `first_steps` for one just created."""
        if self.ws is not None:
            self.ws.close()
            self.ws = None
        self.ws = Workspace.open(root)
        if self.ws.is_demo and not self.period_chosen:
            from ecodesk.store.demo import DEMO_PERIODS

            if self.period not in DEMO_PERIODS:
                self.period = DEMO_PERIODS[-1]  # the demo's data, not an empty year
        window: QWidget
        if self.ws.is_task_force:
            # The task force reviews the whole city: its own window, loaded only when needed.
            from ecodesk.ui.taskforce.window import TaskForceWindow

            window = TaskForceWindow(self.ws, self.period)
        else:
            window = MainWindow(self.ws, self.period)
        window.language_requested.connect(self.switch_language)  # type: ignore[attr-defined]
        self._show(window)
        if first_steps:
            show_first_steps(window, self.ws.is_task_force)
        return window

    def open_first_run(self, root: Path, *, first_steps: bool = False) -> QWidget:
        """A workspace the first-run screen made or restored: ask where backups go (not for
        the demo, which lives in its own folder)."""
        window = self.open(root, first_steps=first_steps)
        if self.auto_backup is not None and root == self.root:
            self.auto_backup.start(first_run=True)
        return window

    def recover(self, problem: DatabaseDamaged) -> QWidget:
        from ecodesk.ui.recovery import RecoveryWindow

        recovery = RecoveryWindow(self.root, problem)
        recovery.restored.connect(self.open)
        self._show(recovery)
        return recovery

    def _show(self, window: QWidget) -> None:
        old, self.window = self.window, window
        fresh = self.auto_backup is None or self.auto_backup.ws is not self.ws
        if self.auto_backup is not None:
            self.auto_backup.detach()  # replaced, not closed by the clerk: no backup for it
            self.auto_backup = None
        if self.ws is not None and isinstance(window, QMainWindow):
            self.auto_backup = AutoBackup(window, self.ws)
        window.show()
        if self.auto_backup is not None and fresh:
            self.auto_backup.start()  # no backup for a week: say so
        if old is not None:
            old.close()
            old.deleteLater()

    def switch_language(self, lang: str) -> QWidget | None:
        """Rebuild the window in the new language, on the same period and task."""
        window = self.window
        if self.ws is None:
            return None
        if not isinstance(window, MainWindow):
            return self._switch_task_force_language(lang)
        window.editor.save_now()
        task, self.period = window.tasks.current_task(), window.period
        settings.set_language(lang)
        apply_language(lang)
        new = MainWindow(self.ws, self.period)
        new.language_requested.connect(self.switch_language)
        if task is not None and new.tasks.select_task(task, emit=False):
            new.editor.load(task, self.period)
        self._show(new)
        return new

    def _switch_task_force_language(self, lang: str) -> QWidget | None:
        from ecodesk.ui.taskforce.window import TaskForceWindow

        window = self.window
        if not isinstance(window, TaskForceWindow) or self.ws is None:
            return None
        self.period = window.period
        settings.set_language(lang)
        apply_language(lang)
        new = TaskForceWindow(self.ws, self.period)
        new.language_requested.connect(self.switch_language)
        self._show(new)
        return new

    def shutdown(self) -> None:
        tasks.wait_all()  # no thread may outlive the workspace it writes to
        if self.window is not None:
            self.window.close()
            self.window.deleteLater()
            self.window = None
        if self.ws is not None:
            self.ws.close()
            self.ws = None


def run(root: Path, period: int | None, lang: str | None = None) -> int:
    """Open the window; `lang` (from `ecodesk --lang`) overrides the saved language for this run."""
    app = create_app()
    if lang:
        apply_language(lang)
    try:
        controller = Controller(root, period)
        controller.start()
    except UserError as exc:
        QMessageBox.critical(None, "ecodesk", str(exc))
        return 2
    ready_file = os.environ.get(READY_FILE_ENV)
    if ready_file:
        QTimer.singleShot(0, lambda: report_ready(controller, Path(ready_file)))
    code = app.exec()
    controller.shutdown()
    return int(code)


READY_FILE_ENV = "ECODESK_READY_FILE"
"""Smoke tests of the frozen build (tools/build-binary, the Windows CI job) set this to a file
name: once the event loop runs and the window is shown, its class and title are written there
and the app quits. A file, because the windowed ecodesk.exe has no console to print to."""


def report_ready(controller: Controller, ready_file: Path) -> None:
    window = controller.window
    if window is not None and window.isVisible():
        ready_file.write_text(
            f"{type(window).__name__}\t{window.windowTitle()}\n", encoding="utf-8"
        )
    app = QApplication.instance()
    if app is not None:
        app.quit()
