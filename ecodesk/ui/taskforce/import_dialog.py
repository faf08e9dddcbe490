"""Importing bundles: add files (button or drag and drop of .ecb), check them (a dry run that
writes nothing), then import, each bundle whole or not at all. Both steps run off the GUI thread with a
progress bar. Below, the log of every bundle ever received."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ecodesk.bundle import api
from ecodesk.core.timefmt import local_time
from ecodesk.store import bundles as bundle_store
from ecodesk.store import refusals as refusal_store
from ecodesk.store.workspace import Workspace
from ecodesk.ui import tasks
from ecodesk.ui.screen_fit import fit_to_screen
from ecodesk.ui.taskforce.i18n import tr
from ecodesk.ui.taskforce.rows_model import Column, RowsModel

BUNDLE_SUFFIX = ".ecb"


@dataclass(frozen=True)
class LogRow:
    """One bundle the task force received: accepted, or refused as a whole (with the reasons)."""

    office: str
    sequence: int
    period: int
    at: str
    file_name: str
    result: str


def log_rows(ws: Workspace) -> list[LogRow]:
    rows = [LogRow(r.office, r.sequence, r.period, r.imported_at, r.file_name, tr("accepted"))
            for r in bundle_store.received_list(ws.db)]  # fmt: skip
    for r in refusal_store.refused_list(ws.db):
        codes = ", ".join(sorted(r.counts) or [x.code for x in r.reasons])
        rows.append(LogRow(r.office, r.sequence, r.period, r.refused_at, r.file_name,
                           tr("refused: %1").replace("%1", codes)))  # fmt: skip
    return sorted(rows, key=lambda r: r.at, reverse=True)


def bundle_paths(urls: Any) -> list[Path]:
    return [Path(u.toLocalFile()) for u in urls if u.toLocalFile().lower().endswith(BUNDLE_SUFFIX)]


class ImportDialog(QDialog):
    imported = Signal(object)  # the applied ImportPlan

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.setWindowTitle(tr("Import bundles"))
        self.setAcceptDrops(True)
        fit_to_screen(self, 860, 640)
        self.paths: list[Path] = []
        self.plan: api.ImportPlan | None = None
        self.files = QListWidget()
        self.summary = QPlainTextEdit()
        self.summary.setReadOnly(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.add_button = QPushButton(tr("Add files…"))
        self.check_button = QPushButton(tr("Check (dry run)"))
        self.import_button = QPushButton(tr("Import"))
        self.add_button.clicked.connect(self.choose_files)
        self.check_button.clicked.connect(self.check)
        self.import_button.clicked.connect(self.apply)
        self.log = RowsModel[LogRow](
            [
                Column(tr("Office"), lambda r: r.office),
                Column(tr("Sequence"), lambda r: str(r.sequence)),
                Column(tr("Period"), lambda r: str(r.period)),
                Column(tr("Imported"), lambda r: local_time(r.at)),
                Column(tr("File"), lambda r: r.file_name),
                Column(tr("Result"), lambda r: r.result),
            ]
        )
        log_view = QTableView()
        log_view.setModel(self.log)
        log_view.verticalHeader().hide()
        log_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        log_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        log_view.horizontalHeader().setStretchLastSection(True)
        self.job = tasks.Job(self, tr("Working on bundles…"))
        self.job.progress.connect(self._progress)
        self.job.failed.connect(self._failed)
        self.job.done.connect(lambda result: self._on_done(result))
        self._on_done: Any = None
        buttons = QHBoxLayout()
        for button in (self.add_button, self.check_button, self.import_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        close = QPushButton(tr("Close"))
        close.clicked.connect(self.close)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("Bundles to import (drop .ecb files here):")))
        layout.addWidget(self.files, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(QLabel(tr("What the import will do:")))
        layout.addWidget(self.summary, 2)
        layout.addWidget(QLabel(tr("Every bundle received:")))
        layout.addWidget(log_view, 2)
        self.refresh_log()
        self._update_buttons()

    def refresh_log(self) -> None:
        self.log.set_rows(log_rows(self.ws))

    def _update_buttons(self) -> None:
        idle = not self.job.running
        self.add_button.setEnabled(idle)
        self.check_button.setEnabled(idle and bool(self.paths))
        self.import_button.setEnabled(idle and self.plan is not None and not self.plan.applied)

    # ------------------------------------------------------------ files

    def add_files(self, paths: list[Path]) -> None:
        for path in paths:
            if path not in self.paths:
                self.paths.append(path)
                self.files.addItem(path.name)
        self.plan = None
        self._update_buttons()

    def choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, tr("Import bundles"), "", "ecodesk (*.ecb)")
        self.add_files([Path(n) for n in names])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if bundle_paths(event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        self.add_files(bundle_paths(event.mimeData().urls()))
        event.acceptProposedAction()

    # ------------------------------------------------------------ work

    def check(self) -> None:
        if not self.paths or self.job.running:
            return
        paths = list(self.paths)
        self._start(
            tr("Checking…"),
            lambda ws, progress: api.plan_import(ws, paths, progress),
            self._planned,
        )

    def apply(self) -> None:
        plan = self.plan
        if plan is None or self.job.running:
            return
        self._start(
            tr("Importing…"),
            lambda ws, progress: api.apply_import(ws, plan, progress),
            self._applied,
        )

    def _start(self, text: str, work: Any, done: Any) -> None:
        self.summary.setPlainText(text)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self._on_done = done
        self.job.start(tasks.in_workspace(self.ws.root, work))
        self._update_buttons()

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _planned(self, plan: api.ImportPlan) -> None:
        self.plan = plan
        self.progress.setValue(self.progress.maximum())
        self.summary.setPlainText("\n".join(plan.summary_lines() + self._advice(plan)))
        self._update_buttons()

    def _applied(self, plan: api.ImportPlan) -> None:
        self.plan = plan
        self.progress.setValue(self.progress.maximum())
        self.summary.setPlainText(
            "\n".join([tr("Imported."), *plan.summary_lines(), *self._advice(plan)])
        )
        self.paths.clear()
        self.files.clear()
        self.refresh_log()
        self._update_buttons()
        self.imported.emit(plan)

    def _failed(self, exc: Exception) -> None:
        self.summary.setPlainText(str(exc))
        self.plan = None
        self._update_buttons()

    @staticmethod
    def _advice(plan: api.ImportPlan) -> list[str]:
        advice = []
        if plan.conflicts:
            advice.append(
                tr("Conflicts: open each entry in the matrix (✕), check both versions with the "
                   "office, then return it so the office sends one corrected revision.")
            )  # fmt: skip
        if plan.gaps:
            advice.append(
                tr("Gaps: ask the office for the missing bundles, or for a full bundle "
                   "(ecodesk export --full).")
            )  # fmt: skip
        if plan.logged_refusals:
            advice.append(
                tr("Bundles refused as a whole were not imported and are not acknowledged. The "
                   "office learns why from its next task package (send it one), corrects it and "
                   "exports again; the new bundle takes the same number.")
            )  # fmt: skip
        if any(not f.logged_refusal for f in plan.rejected_files):
            advice.append(
                tr("Rejected files were not imported; the reason is given for each. Ask the "
                   "office to send them again; never edit a bundle by hand.")
            )  # fmt: skip
        return advice

    def done_or_idle(self) -> bool:
        return not self.job.running

    def keyPressEvent(self, event: Any) -> None:
        if event.key() == Qt.Key.Key_Escape and self.job.running:
            return  # an import in progress finishes (each bundle lands whole or not at all)
        super().keyPressEvent(event)
