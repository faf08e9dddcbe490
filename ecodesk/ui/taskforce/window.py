"""The task force's main window: overview matrix, city-wide targets, assignments; imports, task
packages and the city's yearly archive. Opened for a task-force workspace (see
`open_task_force_window`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QComboBox, QLabel, QMainWindow, QTabWidget, QToolBar, QWidget

from ecodesk.bundle import api
from ecodesk.core.errors import UserError
from ecodesk.core.offices import all_offices
from ecodesk.core.periods import PERIODS, default_period
from ecodesk.store import keys as key_store
from ecodesk.store import settings
from ecodesk.store.matrix import Cell
from ecodesk.store.workspace import Workspace
from ecodesk.ui import tasks
from ecodesk.ui.backup_actions import BackupActions
from ecodesk.ui.file_dialogs import FileDialogs, open_folder
from ecodesk.ui.first_steps import add_first_steps
from ecodesk.ui.report_actions import ArchiveActions
from ecodesk.ui.screen_fit import fit_to_screen, reserve_status_bar
from ecodesk.ui.taskforce.assignments_view import AssignmentsPanel
from ecodesk.ui.taskforce.drilldown import EntryReview
from ecodesk.ui.taskforce.forms_dialog import FormChangeDialog
from ecodesk.ui.taskforce.i18n import ensure_translator, tr
from ecodesk.ui.taskforce.import_dialog import ImportDialog, bundle_paths
from ecodesk.ui.taskforce.keys_view import KeysPanel
from ecodesk.ui.taskforce.matrix_view import MatrixPanel
from ecodesk.ui.taskforce.targets_view import CityTargetsPanel
from ecodesk.ui.window_menus import add_quit, install_settings_menu, use_clerk_name
from ecodesk.ui.workspace_notices import install_workspace_notices, title_suffix

PACKAGE_FOLDER = "package_folder"  # workspace meta: where the window writes task packages


class TaskForceWindow(QMainWindow):
    language_requested = Signal(str)

    def __init__(
        self, ws: Workspace, period: int | None = None, parent: QWidget | None = None
    ) -> None:
        ensure_translator()
        super().__init__(parent)
        self.ws = ws
        self.period = period or default_period(date.today().year)
        self.open_folder = open_folder  # tests replace it
        self.setWindowTitle(tr("ecodesk — task force") + title_suffix(ws))
        self.setAcceptDrops(True)
        self.matrix = MatrixPanel(ws, self.period)
        self.targets = CityTargetsPanel(ws, self.period)
        self.assignments = AssignmentsPanel(ws, self.period)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.matrix, tr("Overview"))
        self.tabs.addTab(self.targets, tr("City-wide targets"))
        self.tabs.addTab(self.assignments, tr("Assignments and targets"))
        self.files = FileDialogs(self)
        self.keys = KeysPanel(ws, self.files)
        self.tabs.addTab(self.keys, tr("Keys and enrollment"))
        self.tabs.currentChanged.connect(self._tab_changed)
        self.setCentralWidget(self.tabs)
        self.reviews: list[EntryReview] = []
        self.import_dialog: ImportDialog | None = None
        self.packages = tasks.Job(self, tr("Writing task packages…"))
        self.packages.done.connect(self._packages_written)
        self.packages.failed.connect(lambda exc: self.statusBar().showMessage(str(exc)))
        self.matrix.cell_opened.connect(self.open_cell)
        self.matrix.message.connect(lambda text: self.statusBar().showMessage(text, 10000))
        self.assignments.changed.connect(self._assignments_changed)
        self.assignments.package_requested.connect(self.send_packages)
        self.assignments.folder_change_requested.connect(self.choose_package_folder)
        self.assignments.folder_open_requested.connect(self.open_package_folder)
        self.assignments.show_folder(str(self.outbox))
        self.archive = ArchiveActions(self, self.files, whole_city=True)  # the clerk's, city-wide
        self.backup = BackupActions(self, self.files)
        self._toolbar()
        self._menus()
        install_workspace_notices(self, ws)  # Help → About, 只读, the migration copy
        use_clerk_name(self, ws)  # decisions are recorded under the reviewer's name
        add_first_steps(self, task_force=True)
        self.import_action.setEnabled(not ws.read_only)
        self.setAcceptDrops(not ws.read_only)
        reserve_status_bar(self)
        fit_to_screen(self, 1380, 860)
        self.matrix.model.refresh()
        self._targets_stale = True

    def _toolbar(self) -> None:
        bar = QToolBar(tr("Period"))
        bar.setMovable(False)
        title = QLabel("  " + tr("Task force") + "  ")
        title.setObjectName("sectionTitle")
        bar.addWidget(title)
        bar.addWidget(QLabel(tr("Period:") + " "))
        self.period_box = QComboBox()
        for p in PERIODS:
            self.period_box.addItem(str(p), p)
        self.period_box.setCurrentIndex(PERIODS.index(self.period))
        self.period_box.currentIndexChanged.connect(
            lambda _i: self.set_period(self.period_box.currentData())
        )
        bar.addWidget(self.period_box)
        bar.addSeparator()
        self.import_action = bar.addAction(tr("Import bundles…"), self.show_import)
        self.refresh_action = bar.addAction(tr("Refresh"), self.refresh)
        bar.addSeparator()
        self.archive_action = bar.addAction(tr("Yearly archive…"), self.archive.make_archive)
        self.archive_action.setToolTip(
            tr("Archive of every office for the period: the summary workbook, every evidence "
               "file and their SHA-256 manifest, in one zip")
        )  # fmt: skip
        self.workbook_action = bar.addAction(
            tr("Export summary workbook…"), self.archive.export_workbook
        )
        self.workbook_action.setToolTip(tr("The archive's Excel workbook alone (.xlsx)"))
        self.addToolBar(bar)

    def _menus(self) -> None:
        menu = self.menuBar().addMenu(tr("&File"))
        for action in (self.import_action, self.archive_action, self.workbook_action):
            menu.addAction(action)
        self.package_action = menu.addAction(
            tr("Make task packages for all enrolled offices"), lambda: self.send_packages("")
        )
        self.package_action.setEnabled(not self.ws.read_only)
        menu.addSeparator()
        self.forms_action = menu.addAction(tr("Apply new forms from a period…"), self.change_forms)
        self.keys_action = menu.addAction(tr("Keys and enrollment…"), self.show_keys)
        menu.addSeparator()
        self.backup_action = menu.addAction(tr("Back up workspace…"), self.backup.back_up)
        add_quit(menu, self)
        install_settings_menu(self, self.ws)

    def change_forms(self) -> FormChangeDialog:
        """New forms or targets from a period on; earlier periods keep their own forms."""
        dialog = FormChangeDialog(self.ws, self.period, self)
        dialog.installed.connect(self._forms_installed)
        dialog.open()
        return dialog

    def _forms_installed(self, changed: list[int]) -> None:
        self.refresh()
        listed = "、".join(str(task) for task in changed)
        self.statusBar().showMessage(
            tr("New forms applied: tasks %1").replace("%1", listed)
            if changed
            else tr("The forms are unchanged"),
            10000,
        )

    # ------------------------------------------------------------ navigation

    def set_period(self, period: int) -> None:
        self.period = period
        self.matrix.model.set_period(period)
        self.assignments.refresh(period)
        self._targets_stale = True
        self._tab_changed(self.tabs.currentIndex())

    def refresh(self) -> None:
        self.matrix.model.refresh()
        self.assignments.refresh()
        self._targets_stale = True
        self._tab_changed(self.tabs.currentIndex())

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.targets and self._targets_stale:
            self.targets.refresh(self.period)
            self._targets_stale = False

    def open_cell(self, cell: Cell) -> EntryReview:
        for review in self.reviews:
            if (review.office, review.task, review.period) == (cell.office, cell.task, self.period):
                review.raise_()
                review.activateWindow()
                return review
        review = EntryReview(self.ws, cell, self.period, self, neighbour=self.matrix.neighbour)
        review.reviewed.connect(self._reviewed)
        review.finished.connect(lambda _r, review=review: self._forget(review))
        self.reviews.append(review)
        review.show()
        return review

    def _forget(self, review: EntryReview) -> None:
        if review in self.reviews:
            self.reviews.remove(review)
            review.deleteLater()

    def _reviewed(self, office: str, task: int) -> None:
        self.matrix.model.reload_offices([office])
        self._targets_stale = True

    def _assignments_changed(self, office: str) -> None:
        self.matrix.model.reload_offices([office])
        self._targets_stale = True

    # ------------------------------------------------------------ bundles and packages

    def show_import(self, paths: list[Path] | None = None) -> ImportDialog:
        if self.import_dialog is None:
            self.import_dialog = ImportDialog(self.ws, self)
            self.import_dialog.imported.connect(lambda _plan: self.refresh())
        if paths:
            self.import_dialog.add_files(paths)
        self.import_dialog.show()
        self.import_dialog.raise_()
        return self.import_dialog

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if bundle_paths(event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        self.show_import(bundle_paths(event.mimeData().urls()))
        event.acceptProposedAction()

    def show_keys(self) -> KeysPanel:
        self.tabs.setCurrentWidget(self.keys)
        return self.keys

    @property
    def outbox(self) -> Path:
        """Where task packages are written: the folder chosen in the window, else the
        workspace's outbox (kept in the workspace, so every session of it uses the same)."""
        chosen = settings.get_meta(self.ws.db, PACKAGE_FOLDER)
        return Path(chosen) if chosen else self.ws.root / "outbox"

    def choose_package_folder(self) -> None:
        self.files.choose(tr("Folder for task packages"), kind="packages", folder=True,
                          on_chosen=self.set_package_folder)  # fmt: skip

    def set_package_folder(self, folder: Path) -> None:
        settings.set_meta(self.ws.db, **{PACKAGE_FOLDER: str(folder)})
        self.assignments.show_folder(str(folder))

    def open_package_folder(self) -> None:
        self.outbox.mkdir(parents=True, exist_ok=True)
        self.open_folder(self.outbox)

    def send_packages(self, office: str) -> None:
        """Write the next task package for one office ("" : every office with an enrolled key)."""
        if self.packages.running or self.ws.read_only:
            return
        enrolled = {
            k.office
            for k in key_store.list_keys(self.ws.db, role="office", own=False)
            if k.status == key_store.ACTIVE
        }
        if (office and office not in enrolled) or not enrolled:
            # say what to do where it is done, instead of a command line in the status bar
            self.show_keys().explain_unenrolled(office or None)
            return
        offices = [office] if office else [o.name for o in all_offices() if o.name in enrolled]
        outbox = self.outbox

        def work(ws: Workspace, progress: tasks.Progress) -> tuple[list[Any], list[str]]:
            outbox.mkdir(parents=True, exist_ok=True)
            written, problems = [], []
            for i, name in enumerate(offices):
                progress(i, len(offices))
                try:
                    written.append(api.make_task_package(ws, office=name, out_dir=outbox))
                except UserError as exc:
                    problems.append(str(exc))
            progress(len(offices), len(offices))
            return written, problems

        self.packages.start(tasks.in_workspace(self.ws.root, work))

    def _packages_written(self, result: tuple[list[Any], list[str]]) -> None:
        """A notice that stays until read, naming the files, with a button to their folder."""
        written, problems = result
        text = tr("%1 task packages made.").replace("%1", str(len(written)))
        names = "\n".join(p.path.name for p in written)
        details = tr("In folder: %1").replace("%1", str(self.outbox))
        self.statusBar().showMessage(text, 10000)
        self.files.show_notice(
            tr("Make task packages"),
            text,
            details="\n".join(part for part in (details, names, *problems) if part),
            path=self.outbox,
            error=bool(problems),
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        self.matrix.model.stop()  # its idle counting reads the database, which closes after
        for review in list(self.reviews):
            review.close()
        tasks.finish_all()  # imports and packages end and report before the window goes
        if self.import_dialog is not None:
            self.import_dialog.close()
        super().closeEvent(event)
