"""One entry, read-only, as the task force reviews it; and the review decision itself.

Review is a loop over a few hundred entries, so one page shows what a decision rests on:
values with their evaluation, plan, corrective measures and evidence (double-click opens a
file); history and the bundle behind each revision are one tab further. Below: accept, return
(a comment is required) or, for an accepted entry, reopen (a reason is required); a decision
moves on to the next entry the matrix shows, and can be taken back until a task package has
carried it. 上一条/下一条 (Alt+←/Alt+→), 通过 (Ctrl+Enter), 退回 (Ctrl+R), 撤销决定 (Ctrl+Z).
Every decision is audited.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
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
from ecodesk.store.review_undo import undo_refusal
from ecodesk.store.workspace import Workspace
from ecodesk.ui.badges import cell_icon, evaluation_icon
from ecodesk.ui.evidence import human_size, open_evidence
from ecodesk.ui.history import field_label, person, readable
from ecodesk.ui.screen_fit import fit_to_screen, scrolling
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
    box.setMaximumHeight(110)
    return box


# Statuses a reviewer can send back with a comment: besides what can be accepted, a draft, a
# "not applicable" and an entry whose stored value the validator now refuses (invalid).
# Finds the cell `step` places away (1 next, -1 previous) among those the matrix shows.
Neighbour = Callable[[str, int, int], Cell | None]


class EntryReview(QDialog):
    """Non-modal: several entries can be open side by side while the matrix stays usable."""

    reviewed = Signal(str, int)  # office, task

    def __init__(
        self,
        ws: Workspace,
        cell: Cell,
        period: int,
        parent: QWidget | None = None,
        neighbour: Neighbour | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.ws, self.period = ws, period
        self.office, self.task = cell.office, cell.task
        self.neighbour = neighbour
        self.open_url = QDesktopServices.openUrl  # tests replace it
        self.form = ws.form(cell.task, period)
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
                Column(tr("By"), lambda a: person(a.who)),
                Column(tr("Field"), lambda a: field_label(a.field, self.form)),
                Column(
                    tr("New"),
                    lambda a: readable(a.new, a.field, self.form)[:80],
                    tooltip=lambda a: (
                        f"{readable(a.old, a.field, self.form)} → "
                        f"{readable(a.new, a.field, self.form)}"
                    ),
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
        self.undo_button = QPushButton(tr("Undo decision"))
        self.previous_button = QPushButton(tr("◀ Previous"))
        self.next_button = QPushButton(tr("Next ▶"))
        self.accept_button.clicked.connect(self.accept_entry)
        self.return_button.clicked.connect(self.return_entry)
        self.reopen_button.clicked.connect(self.reopen_entry)
        self.undo_button.clicked.connect(self.undo_decision)
        self.previous_button.clicked.connect(lambda: self.go(-1))
        self.next_button.clicked.connect(lambda: self.go(1))
        self._shortcuts()
        self.decision = QLabel()
        self.decision.setWordWrap(True)
        self.conflict = ConflictPanel(ws)  # both versions side by side, when in conflict
        self.conflict.resolved.connect(lambda _uuid: self._done())
        self._layout()
        self.load()
        fit_to_screen(self, 900, 760)

    def _shortcuts(self) -> None:
        for keys, slot, button in (
            ("Ctrl+Return", self.accept_entry, self.accept_button),
            ("Ctrl+Enter", self.accept_entry, None),
            ("Ctrl+R", self.return_entry, self.return_button),
            ("Ctrl+Z", self.undo_decision, self.undo_button),
            ("Alt+Left", lambda: self.go(-1), self.previous_button),
            ("Alt+Right", lambda: self.go(1), self.next_button),
        ):
            QShortcut(QKeySequence(keys), self, slot)
            if button is not None:
                shown = QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)
                button.setToolTip(shown)
                button.setText(f"{button.text()} ({shown})")

    def _layout(self) -> None:
        page = QWidget()  # what a decision rests on, on one page
        content = QVBoxLayout(page)
        content.setContentsMargins(4, 4, 4, 4)
        values = _table(self.values)
        values.setMinimumHeight(110)
        content.addWidget(values, 2)
        texts = QHBoxLayout()
        for label, text in ((tr("Plan"), self.plan), (tr("Corrective measures"), self.measures)):
            column = QVBoxLayout()
            column.addWidget(QLabel(label))
            column.addWidget(text)
            texts.addLayout(column)
        content.addLayout(texts)
        content.addWidget(QLabel(tr("Evidence")))
        self.evidence_view.setMaximumHeight(100)
        content.addWidget(self.evidence_view)
        more = QWidget()
        history = QVBoxLayout(more)
        history.addWidget(_table(self.history), 1)
        history.addWidget(QLabel(tr("Provenance")))
        history.addWidget(_table(self.provenance), 1)
        tabs = QTabWidget()
        tabs.addTab(page, tr("Entry"))
        tabs.addTab(more, tr("History and provenance"))
        self.tabs = tabs
        review = QGroupBox(tr("Review"))
        box = QVBoxLayout(review)
        box.addWidget(self.decision)
        box.addWidget(self.comment)
        buttons = QHBoxLayout()
        for button in (self.accept_button, self.return_button, self.reopen_button,
                       self.undo_button):  # fmt: skip
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.previous_button)
        buttons.addWidget(self.next_button)
        close = QPushButton(tr("Close"))
        close.clicked.connect(self.close)
        buttons.addWidget(close)
        box.addLayout(buttons)
        scrolled = QWidget()
        column = QVBoxLayout(scrolled)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.title)
        column.addWidget(self.status)
        column.addWidget(tabs, 1)
        column.addWidget(self.conflict, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(scrolling(scrolled), 1)  # the decision buttons stay on screen
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
        heading = f"{self.office} · {self.task} {self.form.display_title()} · {self.period}"
        self.setWindowTitle(heading)
        self.title.setText(heading)
        revision = entry.revision if entry else 0
        self.status.setText(
            f"{matrix.cell_status_label(cell.status)} · {tr('revision')} {revision}"
            + (f" · {person(entry.updated_by)} {local_time(entry.updated_at)}" if entry else "")
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
        for step, button in ((-1, self.previous_button), (1, self.next_button)):
            button.setEnabled(self._neighbour(step) is not None)
        if self.ws.read_only:  # viewing only: no decision can be recorded
            for button in (self.accept_button, self.return_button, self.reopen_button,
                           self.undo_button):  # fmt: skip
                button.setEnabled(False)
            self.comment.setReadOnly(True)
            return
        status = self.cell.status
        has_text = bool(self.comment.toPlainText().strip())
        self.accept_button.setEnabled(status in matrix.REVIEWABLE)
        self.return_button.setEnabled(has_text and status in matrix.RETURNABLE)
        self.reopen_button.setEnabled(has_text and status is CellStatus.ACCEPTED)
        why_not = undo_refusal(self.ws.db, self.entry) if self.entry else ""
        self.undo_button.setEnabled(why_not is None)
        self.undo_button.setToolTip(why_not or tr("Take the last decision back (Ctrl+Z)"))

    def _neighbour(self, step: int) -> Cell | None:
        return self.neighbour(self.office, self.task, step) if self.neighbour else None

    def go(self, step: int) -> bool:
        """Show the entry `step` places away in the matrix (as filtered); False at either end."""
        cell = self._neighbour(step)
        if cell is None:
            return False
        self.office, self.task = cell.office, cell.task
        self.form = self.ws.form(cell.task, self.period)
        self.comment.clear()
        self.load()
        return True

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
        decided = (self.office, self.task, review)
        self._done()
        self._move_on(*decided)

    def _move_on(self, office: str, task: int, review: Review) -> None:
        """The loop: after a decision, the next entry; the page says what was just decided."""
        if not self.go(1):
            return
        done = tr("Accepted") if review is Review.ACCEPTED else tr("Returned")
        self.decision.setText(
            tr("%1: %2 task %3 (◀ Previous, then Undo decision, takes it back).")
            .replace("%1", done).replace("%2", office).replace("%3", str(task))
            + "\n" + self.decision.text()
        )  # fmt: skip

    def accept_entry(self) -> None:
        if self.accept_button.isEnabled():
            self._decide(Review.ACCEPTED)

    def return_entry(self) -> None:
        if self.return_button.isEnabled():
            self._decide(Review.RETURNED)
        elif self.cell.status in matrix.RETURNABLE and not self.ws.read_only:
            self.comment.setFocus()  # Ctrl+R with no comment yet: write it first
            self.decision.setText(tr("Write the comment for the office, then press Return."))

    def undo_decision(self) -> None:
        if self.entry is None or not self.undo_button.isEnabled():
            return
        try:
            self.ws.undo_review(self.entry.uuid)
        except UserError as exc:
            self.decision.setText(str(exc))
            return
        self.comment.clear()
        self.load()
        self.decision.setText(tr("Decision taken back.") + " " + self.decision.text())
        self.reviewed.emit(self.office, self.task)

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
