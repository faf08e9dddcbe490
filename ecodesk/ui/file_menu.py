"""The clerk window's File menu and toolbar: bundles, keys, Excel, the printed report, the archive.

`install_file_menu(window)` adds the menu (first in the menu bar), a toolbar with the everyday
actions, and drag-and-drop of task packages (`.ecp`) onto the window. After a task package or a
template changed entries, the window reloads, and returned tasks are listed first with their
comment; the first returned task is opened.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QMainWindow, QToolBar

from ecodesk.store.workspace import Workspace
from ecodesk.ui.file_dialogs import FileDialogs
from ecodesk.ui.i18n import tr

if TYPE_CHECKING:  # the dialogs are imported when first used (start-up time)
    from ecodesk.ui.backup_actions import BackupActions
    from ecodesk.ui.bundle_dialogs import ExportDialog, KeyDialog, PackageImporter
    from ecodesk.ui.report_actions import ReportActions

PACKAGE_SUFFIX = ".ecp"
# Actions that change the workspace: off when it is read-only. The others only read it.
WRITE_ACTIONS = ("export", "import", "template_in")


def package_paths(event: QDropEvent | QDragEnterEvent) -> list[Path]:
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    return [Path(u.toLocalFile()) for u in mime.urls()
            if u.isLocalFile() and u.toLocalFile().lower().endswith(PACKAGE_SUFFIX)]  # fmt: skip


class FileMenu(QObject):
    """Owns the File menu's actions and the dialogs they open (kept as attributes for tests)."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window: Any = window
        self.files = FileDialogs(window)
        self.dialog: ExportDialog | KeyDialog | None = None
        self.queue: list[Path] = []  # dropped packages still to import, oldest first
        self.actions: dict[str, QAction] = {}
        self._add_actions()
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    @property
    def ws(self) -> Workspace:
        return self.window.ws  # type: ignore[no-any-return]

    @cached_property
    def reports(self) -> ReportActions:
        from ecodesk.ui.report_actions import ReportActions

        reports = ReportActions(self.window, self.files)
        reports.entries_changed.connect(lambda _r: self.refresh([]))
        return reports

    @cached_property
    def backup(self) -> BackupActions:
        from ecodesk.ui.backup_actions import BackupActions

        return BackupActions(self.window, self.files, before=self.window.editor.save_now)

    @cached_property
    def importer(self) -> PackageImporter:
        from ecodesk.ui.bundle_dialogs import PackageImporter

        importer = PackageImporter(self.window.ws, self.files, self.window)
        importer.imported.connect(self._package_imported)
        importer.failed.connect(self._package_failed)
        return importer

    def _add_actions(self) -> None:
        specs = (
            ("export", tr("Export data bundle…"), "Ctrl+E", self.export_bundle),
            ("import", tr("Import task package…"), "Ctrl+I", self.import_package),
            ("key", tr("My key…"), None, self.show_key),
            (None, "", None, None),
            (
                "template",
                tr("Create Excel template…"),
                None,
                lambda: self.reports.export_template(),
            ),
            (
                "template_in",
                tr("Import Excel template…"),
                None,
                lambda: self.reports.import_template(),
            ),
            (None, "", None, None),
            (
                "report",
                tr("Print report (PDF)…"),
                QKeySequence.StandardKey.Print,  # Ctrl+P, as in Office and WPS
                lambda: self.reports.print_report(),
            ),
            ("archive", tr("Yearly archive…"), None, lambda: self.reports.archive.make_archive()),
            (
                "workbook",
                tr("Export summary workbook…"),
                None,
                lambda: self.reports.archive.export_workbook(),
            ),
            (None, "", None, None),
            ("backup", tr("Back up workspace…"), None, lambda: self.backup.back_up()),
        )
        bar: QMainWindow = self.window
        menu = bar.menuBar().addMenu(tr("&File"))
        self.menu = menu
        first = bar.menuBar().actions()[0]
        if first is not menu.menuAction():
            bar.menuBar().insertMenu(first, menu)
        for key, text, shortcut, slot in specs:
            if key is None:
                menu.addSeparator()
                continue
            action = QAction(text, self.window)
            if shortcut:
                action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(lambda _on=False, slot=slot: slot())
            action.setEnabled(not (key in WRITE_ACTIONS and self.ws.read_only))
            menu.addAction(action)
            self.actions[key] = action
        toolbar = QToolBar(tr("File"))
        toolbar.setObjectName("fileBar")
        toolbar.setMovable(False)
        for key, text in (("export", tr("Export bundle")), ("import", tr("Import task package")),
                          ("report", tr("Print report"))):  # fmt: skip
            button = QAction(text, self.window)
            button.setToolTip(self.actions[key].text().rstrip("…"))
            button.triggered.connect(self.actions[key].trigger)
            button.setEnabled(self.actions[key].isEnabled())
            toolbar.addAction(button)
        self.toolbar = toolbar
        bar.addToolBar(toolbar)

    # ------------------------------------------------------------ bundles

    def export_bundle(self) -> ExportDialog:
        from ecodesk.ui.bundle_dialogs import ExportDialog

        self.window.editor.save_now()  # the bundle carries what is on screen
        dialog = ExportDialog(self.ws, self.window.period, self.files, self.window)
        dialog.exported.connect(lambda _result: self.window.bundle_exported())
        return self._open(dialog)  # type: ignore[return-value]

    def show_key(self) -> KeyDialog:
        from ecodesk.ui.bundle_dialogs import KeyDialog

        return self._open(KeyDialog(self.ws, self.files, self.window))  # type: ignore[return-value]

    def _open(self, dialog: ExportDialog | KeyDialog) -> ExportDialog | KeyDialog:
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        return dialog

    def import_package(self) -> None:
        self.files.choose(
            tr("Import task package"),
            kind="package",
            name_filter=tr("Task packages (*.ecp)"),
            on_chosen=lambda path: self.import_package_files([path]),
        )

    def import_package_file(self, path: Path) -> None:
        self.window.editor.save_now()  # a draft on screen is in the database, never overwritten
        self.importer.start(path)

    def import_package_files(self, paths: list[Path]) -> None:
        """Several packages at once: in name order (their sequence numbers), one after another."""
        first, *rest = sorted(paths, key=lambda p: p.name)
        self.queue = rest
        self.import_package_file(first)

    def _package_failed(self, exc: Exception) -> None:
        self.queue = []  # a later package must not skip over a refused one
        self.files.show_error(tr("Task package not imported"), exc)

    def _package_imported(self, result: Any) -> None:
        if self.queue:
            self.import_package_file(self.queue.pop(0))
        if result.forms_updated:
            self.ws.reload_forms()
        self.refresh(result.returned)
        self.files.show_notice(
            tr("Task package imported"),
            tr("%1 imported.").replace("%1", result.path.name),
            details="\n".join(result.summary_lines()),
        )

    def refresh(self, returned: list[int]) -> None:
        """Show what changed in the database: returned tasks first, the first one opened."""
        window = self.window
        window.reload()
        for task in sorted(returned):
            if window.tasks.select_task(task, emit=False):
                window.editor.load(task, window.period)
                break

    # ------------------------------------------------------------ drag and drop

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.ws.read_only:  # no task package can be imported into it
            return super().eventFilter(watched, event)
        entering = event.type() in (QEvent.Type.DragEnter, QEvent.Type.DragMove)
        if watched is self.window and entering and package_paths(event):  # type: ignore[arg-type]
            event.acceptProposedAction()  # type: ignore[attr-defined]
            return True
        if watched is self.window and event.type() == QEvent.Type.Drop:
            paths = package_paths(event)  # type: ignore[arg-type]
            if paths:
                event.acceptProposedAction()  # type: ignore[attr-defined]
                self.import_package_files(paths)
                return True
        return super().eventFilter(watched, event)


def install_file_menu(window: Any) -> FileMenu:
    return FileMenu(window)
