"""One entry, read-only, as the task force reviews it; and the review decision itself.

Values with their evaluation, plan, corrective measures, evidence (double-click opens a file),
history, and which bundle brought each revision. Below: accept, return (a comment is required)
or, for an accepted entry, reopen (a reason is required). Every decision is audited.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ecodesk.core.entries import Entry, Evidence, Review
from ecodesk.core.errors import UserError
from ecodesk.core.evaluation import Evaluation, Status, status_label
from ecodesk.core.forms import Indicator
from ecodesk.core.i18n import t
from ecodesk.core.timefmt import local_time
from ecodesk.core.values import format_value
from ecodesk.store import entries as entry_store
from ecodesk.store import matrix
from ecodesk.store.bundles import Provenance, entry_provenance
from ecodesk.store.entries import AuditRow
from ecodesk.store.matrix import Cell, CellStatus
from ecodesk.store.workspace import Workspace
from ecodesk.ui.badges import cell_icon, evaluation_icon
from ecodesk.ui.evidence import human_size, open_evidence
from ecodesk.ui.history import field_label, readable
from ecodesk.ui.taskforce.conflict_view import ConflictPanel
from ecodesk.ui.taskforce.i18n import tr
from ecodesk.ui.taskforce.rows_model import ROW_ROLE, Column, RowsModel


@dataclass(frozen=True)
class ValueRow:
    indicator: Indicator
    value: object
    evaluation: Evaluation


def _table(model: RowsModel) -> QTableView:  # type: ignore[type-arg]
    view = QTableView()
    view.setModel(model)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.verticalHeader().hide()
    view.setWordWrap(True)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return view


def _text_box(text: str) -> QPlainTextEdit:
    box = QPlainTextEdit(text)
    box.setReadOnly(True)
    box.setMaximumHeight(90)
    return box


class EntryReview(QDialog):
    """Non-modal: several entries can be open side by side while the matrix stays usable."""

    reviewed = Signal(str, int)  # office, task

    def __init__(
        self, ws: Workspace, cell: Cell, period: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.ws, self.period = ws, period
        self.office, self.task = cell.office, cell.task
        self.open_url = QDesktopServices.openUrl  # tests replace it
        self.form = ws.form(cell.task, period)
        self.setWindowTitle(f"{cell.office} · {cell.task} {self.form.display_title()} · {period}")
        self.resize(900, 760)
        self.title = QLabel()
        self.title.setObjectName("taskTitle")
        self.title.setWordWrap(True)
        self.status = QLabel()
        self.values = RowsModel[ValueRow](
            [
                Column(tr("Indicator"), lambda r: t(r.indicator.name, r.indicator.name_en)),
                Column(tr("Value"), lambda r: _shown(r.indicator, r.value)),
                Column(tr("Target"), lambda r: r.evaluation.target_text),
                Column(
                    tr("Evaluation"),
                    lambda r: " ".join(
                        x
                        for x in (
                            status_label(r.evaluation.status),
                            r.evaluation.gap_text,
                            r.evaluation.reason,
                        )
                        if x
                    ),
                    icon=lambda r: evaluation_icon(r.evaluation.status),
                ),
            ]
        )
        self.plan = _text_box("")
        self.measures = _text_box("")
        self.evidence = RowsModel[Evidence](
            [
                Column(tr("File"), lambda e: e.name),
                Column(tr("Size"), lambda e: human_size(e.size)),
                Column("SHA-256", lambda e: e.sha256[:16] + "…", tooltip=lambda e: e.sha256),
            ]
        )
        self.history = RowsModel[AuditRow](
            [
                Column(tr("Revision"), lambda a: str(a.revision)),
                Column(tr("Time"), lambda a: local_time(a.at)),
                Column(tr("By"), lambda a: a.who),
                Column(tr("Field"), lambda a: field_label(a.field)),
                Column(
                    tr("New"),
                    lambda a: readable(a.new)[:80],
                    tooltip=lambda a: f"{readable(a.old)} → {readable(a.new)}",
                ),
            ]
        )
        self.provenance = RowsModel[Provenance](
            [
                Column(tr("Revision"), lambda p: str(p.revision)),
                Column(tr("Bundle"), lambda p: f"{p.office} #{p.sequence}"),
                Column(tr("File"), lambda p: p.file_name),
                Column(tr("Imported"), lambda p: local_time(p.imported_at)),
                Column(tr("Signature fingerprint"), lambda p: p.fingerprint),
            ]
        )
        self.evidence_view = _table(self.evidence)
        self.evidence_view.doubleClicked.connect(self._open_evidence)
        self.comment = QPlainTextEdit()
        self.comment.setPlaceholderText(
            tr("Comment for the office (required to return; reason required to reopen)")
        )
        self.comment.setMaximumHeight(70)
        self.comment.textChanged.connect(self._update_buttons)
        self.accept_button = QPushButton(cell_icon(CellStatus.ACCEPTED), tr("Accept"))
        self.return_button = QPushButton(cell_icon(CellStatus.RETURNED), tr("Return"))
        self.reopen_button = QPushButton(tr("Reopen"))
        self.accept_button.clicked.connect(self.accept_entry)
        self.return_button.clicked.connect(self.return_entry)
        self.reopen_button.clicked.connect(self.reopen_entry)
        self.decision = QLabel()
        self.decision.setWordWrap(True)
        self.conflict = ConflictPanel(ws)  # both versions side by side, when in conflict
        self.conflict.resolved.connect(lambda _uuid: self._done())
        self._layout()
        self.load()

    def _layout(self) -> None:
        tabs = QTabWidget()
        tabs.addTab(_table(self.values), tr("Values and evaluation"))
        texts = QWidget()
        form = QFormLayout(texts)
        form.addRow(tr("Plan"), self.plan)
        form.addRow(tr("Corrective measures"), self.measures)
        tabs.addTab(texts, tr("Plan and measures"))
        tabs.addTab(self.evidence_view, tr("Evidence"))
        tabs.addTab(_table(self.history), tr("History"))
        tabs.addTab(_table(self.provenance), tr("Provenance"))
        self.tabs = tabs
        review = QGroupBox(tr("Review"))
        box = QVBoxLayout(review)
        box.addWidget(self.decision)
        box.addWidget(self.comment)
        buttons = QHBoxLayout()
        for button in (self.accept_button, self.return_button, self.reopen_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        close = QPushButton(tr("Close"))
        close.clicked.connect(self.close)
        buttons.addWidget(close)
        box.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.status)
        layout.addWidget(tabs, 1)
        layout.addWidget(self.conflict, 1)
        layout.addWidget(review)

    # ------------------------------------------------------------ showing

    def load(self) -> None:
        row = self.ws.task_row(self.task, self.period, self.office)
        entry = row.entry
        cell = matrix.load_rows(
            self.ws.db, self.ws.forms_for(self.period), self.period, [self.office]
        )[0].cells[self.task]
        self.cell = cell
        self.entry: Entry | None = entry
        self.title.setText(
            f"{self.office} · {self.task} {self.form.display_title()} · {self.period}"
        )
        revision = entry.revision if entry else 0
        self.status.setText(
            f"{matrix.cell_status_label(cell.status)} · {tr('revision')} {revision}"
            + (f" · {entry.updated_by} {local_time(entry.updated_at)}" if entry else "")
        )
        self.status.setObjectName("sectionTitle")
        values = dict(entry.values) if entry else {}
        self.values.set_rows(
            [
                ValueRow(indicator, indicator.value_in(values), evaluation)
                for indicator, evaluation in zip(self.form.indicators, row.evaluations, strict=True)
                if evaluation.status is not Status.NOT_APPLICABLE
            ]
        )
        self.plan.setPlainText(entry.plan if entry else "")
        self.measures.setPlainText(entry.corrective_measures if entry else "")
        self.evidence.set_rows(entry.evidence if entry else ())
        self.history.set_rows(entry_store.history(self.ws.db, uuid=entry.uuid) if entry else [])
        self.provenance.set_rows(entry_provenance(self.ws.db, entry.uuid) if entry else [])
        if entry is None or cell.status is CellStatus.MISSING:
            self.decision.setText(tr("Nothing received yet."))
        elif entry.review is Review.ACCEPTED:
            self.decision.setText(tr("Accepted: locked until reopened."))
        elif entry.review is Review.RETURNED:
            self.decision.setText(tr("Returned:") + " " + entry.review_comment)
        elif entry.review_comment:
            self.decision.setText(tr("Reopened:") + " " + entry.review_comment)
        else:
            self.decision.setText(tr("No decision yet."))
        self.conflict.show_entry(entry.uuid if entry else "")
        self._update_buttons()

    def _update_buttons(self) -> None:
        if self.ws.read_only:  # viewing only: no decision can be recorded
            for button in (self.accept_button, self.return_button, self.reopen_button):
                button.setEnabled(False)
            self.comment.setReadOnly(True)
            return
        status = self.cell.status
        has_text = bool(self.comment.toPlainText().strip())
        self.accept_button.setEnabled(status in matrix.REVIEWABLE)
        self.return_button.setEnabled(has_text and status in matrix.RETURNABLE)
        self.reopen_button.setEnabled(has_text and status is CellStatus.ACCEPTED)

    def _open_evidence(self, index) -> None:  # type: ignore[no-untyped-def]
        evidence: Evidence = index.data(ROW_ROLE)
        open_evidence(self.ws.evidence_file(evidence.sha256), evidence, self.open_url)

    # ------------------------------------------------------------ deciding

    def _decide(self, review: Review) -> None:
        if self.entry is None:
            return
        try:
            self.ws.review(
                self.entry.uuid,
                review,
                self.comment.toPlainText().strip() if review is Review.RETURNED else "",
            )
        except UserError as exc:
            self.decision.setText(str(exc))
            return
        self._done()

    def accept_entry(self) -> None:
        if self.accept_button.isEnabled():
            self._decide(Review.ACCEPTED)

    def return_entry(self) -> None:
        if self.return_button.isEnabled():
            self._decide(Review.RETURNED)

    def reopen_entry(self) -> None:
        if self.entry is None or not self.reopen_button.isEnabled():
            return
        try:
            self.ws.reopen(self.entry.uuid, self.comment.toPlainText())
        except UserError as exc:
            self.decision.setText(str(exc))
            return
        self._done()

    def _done(self) -> None:
        self.comment.clear()
        self.load()
        self.reviewed.emit(self.office, self.task)


def _shown(indicator: Indicator, value: object) -> str:
    if value is None:
        return "—"
    text = format_value(indicator, value)  # type: ignore[arg-type]
    return (
        f"{text} {indicator.unit}" if indicator.type.value == "number" and indicator.unit else text
    )
