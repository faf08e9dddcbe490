"""The entry editor: live evaluation, autosave, undo, completion with clickable problems.

Nothing is ever lost and nothing asks "save?": an edit is saved within ~800 ms (so at most
the last second of typing can be lost to a crash, even while the clerk keeps typing), and at
once when the clerk switches task, changes period or closes the window.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ecodesk.core.entries import Entry, EntryState, Problem, Review, needs_corrective_measures
from ecodesk.core.errors import UserError
from ecodesk.core.forms import Form
from ecodesk.core.periods import previous_period
from ecodesk.core.timefmt import local_time
from ecodesk.core.values import Value
from ecodesk.store.workspace import TaskRow, Workspace
from ecodesk.ui import tasks
from ecodesk.ui.entry_form import EntryForm
from ecodesk.ui.evidence import open_evidence
from ecodesk.ui.i18n import tr
from ecodesk.ui.style import named
from ecodesk.ui.undo import FieldEdit

AUTOSAVE_MS = 800
FIELD_ROLE = Qt.ItemDataRole.UserRole + 1


class EntryEditor(QWidget):
    row_changed = Signal(object)  # TaskRow after a save, completion or attachment
    message = Signal(str)
    history_requested = Signal(int)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = workspace
        self.task: int | None = None
        self.period = 0
        self.entry: Entry | None = None
        self.form_view: EntryForm | None = None
        # Each form version's widgets, built once (a task switch only fills them in): a page
        # of `pages` each, a scroll area holding the form.
        self._views: dict[str, EntryForm] = {}
        self._pages: dict[str, QScrollArea] = {}
        self.undo_stack = QUndoStack(self)
        self._states: dict[str, Any] = {}
        # The fields as they were when the entry was last complete: back there (by undo), the
        # entry is complete again, since the clerk never chose to make it a draft.
        self._complete_states: dict[str, Any] | None = None
        self._applying = False
        self._dirty = False
        self.autosave = QTimer(self, singleShot=True, interval=AUTOSAVE_MS)
        self.autosave.timeout.connect(self.save_now)
        self._build()

    def _build(self) -> None:
        self.pages = QStackedWidget()
        self.placeholder = QLabel(
            tr("Choose a task on the left."), alignment=Qt.AlignmentFlag.AlignCenter
        )
        self.scroll_area = self._page(self.placeholder)  # the page on screen
        self.state_notice = named(QLabel(), "stateNotice")
        self.state_notice.setWordWrap(True)
        self.state_notice.hide()
        self.problems = named(QListWidget(), "problems")
        self.problems.setMaximumHeight(120)
        self.problems.hide()
        self.problems.itemClicked.connect(self._problem_clicked)
        self.problems.itemActivated.connect(self._problem_clicked)
        self.saved_label = named(QLabel(), "hint")
        self.undo_button = QPushButton(tr("Undo"))
        self.redo_button = QPushButton(tr("Redo"))
        self.history_button = QPushButton(tr("History"))
        self.complete_button = QPushButton(tr("Mark complete"))
        self.complete_button.setDefault(True)
        self.undo_button.clicked.connect(self.undo_stack.undo)
        self.redo_button.clicked.connect(self.undo_stack.redo)
        self.undo_stack.canUndoChanged.connect(self.undo_button.setEnabled)
        self.undo_stack.canRedoChanged.connect(self.redo_button.setEnabled)
        self.history_button.clicked.connect(self._request_history)
        self.complete_button.clicked.connect(self.complete)
        bar = QHBoxLayout()
        bar.setContentsMargins(16, 4, 16, 8)
        bar.addWidget(self.saved_label, 1)
        for button in (
            self.undo_button,
            self.redo_button,
            self.history_button,
            self.complete_button,
        ):
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.state_notice)
        layout.addWidget(self.problems)
        layout.addLayout(bar)
        self._enable_bar(False)

    def _request_history(self) -> None:
        if self.task is not None:
            self.history_requested.emit(self.task)

    def _enable_bar(self, on: bool) -> None:
        for button in (self.history_button, self.complete_button):
            button.setEnabled(on)
        self.undo_button.setEnabled(on and self.undo_stack.canUndo())
        self.redo_button.setEnabled(on and self.undo_stack.canRedo())

    # ------------------------------------------------------------ loading

    def _page(self, content: QWidget) -> QScrollArea:
        page = QScrollArea()
        page.setWidgetResizable(True)
        page.setFrameShape(QScrollArea.Shape.NoFrame)
        page.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields
        page.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustIgnored)
        page.setWidget(content)
        self.pages.addWidget(page)
        return page

    def _view_for(self, form: Form) -> EntryForm:
        """The widgets of `form`, built the first time it is shown (or prepared)."""
        view = self._views.get(form.sha256)
        if view is not None:
            return view
        view = EntryForm(form, self.ws.office, None)
        page = self._page(view)
        view.edited.connect(self._edited)
        view.evidence.files_dropped.connect(self.attach_files)
        view.evidence.remove_requested.connect(self.remove_evidence)
        view.evidence.open_requested.connect(self.open_evidence)
        view.evidence.indicator_change_requested.connect(self.change_evidence_indicator)
        view.field_entered.connect(lambda widget: page.ensureWidgetVisible(widget, 40, 40))
        self._views[form.sha256] = view
        self._pages[form.sha256] = page
        return view

    def prepare(self, task: int, period: int) -> None:
        """Build the widgets of the task's form ahead of time (idle time after start-up)."""
        self._view_for(self.ws.form(task, period))

    def load(self, task: int, period: int) -> None:
        """Show one entry (saving the one on screen first)."""
        self.save_now()
        self.task, self.period = task, period
        self.entry = self.ws.entry(task, period)
        self.undo_stack.clear()
        self.problems.hide()
        view = self._view_for(self.ws.form(task, self.period))
        self._applying = True  # filling the fields is not an edit
        try:
            view.show_entry(self.entry)
        finally:
            self._applying = False
        view.set_read_only(self._locked())
        page = self._pages[view.form.sha256]
        page.verticalScrollBar().setValue(0)
        self.pages.setCurrentWidget(page)
        self.scroll_area = page
        self.form_view = view
        self._states = {key: b.get() for key, b in view.bindings.items()}
        self._complete_states = dict(self._states) if self._is_complete() else None
        self.state_notice.hide()
        self._dirty = False
        self.saved_label.setText(self._saved_text())
        self._enable_bar(True)
        self.complete_button.setEnabled(not self._locked())
        view.set_status(self.ws.task_row(task, period).status)
        self._refresh()

    def clear(self) -> None:
        self.save_now()
        self.task, self.entry, self.form_view = None, None, None
        self.scroll_area = self.pages.widget(0)  # type: ignore[assignment]
        self.pages.setCurrentIndex(0)
        self.undo_stack.clear()
        self._enable_bar(False)

    def _is_complete(self) -> bool:
        return self.entry is not None and self.entry.state is EntryState.COMPLETE

    def _locked(self) -> bool:
        """Accepted by the task force, or the whole workspace is read-only."""
        return self.ws.read_only or bool(self.entry and self.entry.review is Review.ACCEPTED)

    def _saved_text(self) -> str:
        """The line under the form: when the entry last changed, and that typing saves it; in a
        read-only workspace nothing is saved, so it says read-only instead."""
        read_only = self.ws.read_only
        if self.entry is None or not self.entry.updated_at:
            if read_only:
                return tr("Read-only · nothing entered yet")
            return tr("Not saved yet: typing saves automatically")
        when = local_time(self.entry.updated_at)
        if read_only:
            return tr("Read-only · last change %1").replace("%1", when)
        return tr("Saved automatically · last change %1").replace("%1", when)

    # ------------------------------------------------------------ editing

    def _edited(self, key: str) -> None:
        if self._applying or self.form_view is None:
            return
        binding = self.form_view.bindings[key]
        new = binding.get()
        old = self._states.get(key)
        self._states[key] = new
        self.undo_stack.push(FieldEdit(self._apply_state, binding, old, new))
        self._changed()

    def _apply_state(self, key: str, state: Any) -> None:
        """Undo/redo: put a field back and save that like any edit."""
        if self.form_view is None:
            return
        binding = self.form_view.bindings[key]
        self._applying = True
        binding.set(state)
        self._applying = False
        self._states[key] = state
        binding.widget.setFocus(Qt.FocusReason.OtherFocusReason)
        self._changed()

    def _changed(self) -> None:
        self._dirty = True
        self.saved_label.setText(tr("Editing…"))
        if not self.autosave.isActive():  # not restarted: long typing still saves every 800 ms
            self.autosave.start()
        self._refresh()

    def current_values(self) -> dict[str, Value]:
        """Indicator values as typed now; text that does not parse counts as empty."""
        assert self.form_view is not None
        values: dict[str, Value] = {}
        for ind_id, field in self.form_view.fields.items():
            value, problem = field.value()
            field.show_error(problem)
            values[ind_id] = value
        return values

    def _refresh(self) -> None:
        """Live evaluation of the values on screen (saved or not)."""
        if self.form_view is None or self.task is None:
            return
        values = self.current_values()
        evaluations = self.ws.evaluate(self.task, self.period, values=values)
        before = previous_period(self.period)
        previous = self.ws.context(self.task, self.period).previous or {}
        for evaluation in evaluations:
            field = self.form_view.fields[evaluation.indicator]
            indicator = self.form_view.form.indicator(evaluation.indicator)
            field.show_evaluation(evaluation, indicator.value_in(previous), before)
        na = self.form_view.na_box.isChecked()
        self.form_view.mark_required(
            measures=needs_corrective_measures(evaluations) and not na,
            reason=na and not self.form_view.na_reason.text().strip(),
        )

    # ------------------------------------------------------------ saving

    def _changes(self) -> dict[str, Any]:
        assert self.form_view is not None
        stored = self.entry or Entry(uuid="", office="", task=self.task or 0, period=self.period)
        view = self.form_view
        changes: dict[str, Any] = {}
        values = {}
        for ind_id, field in view.fields.items():
            value, problem = field.value()
            if problem is None and value != view.form.indicator(ind_id).value_in(stored.values):
                values[ind_id] = value
        if values:
            changes["values"] = values
        texts = {"plan": view.plan.toPlainText(), "corrective_measures": view.measures.toPlainText(),
                 "not_applicable_reason": view.na_reason.text()}  # fmt: skip
        for key, text in texts.items():
            if text != getattr(stored, key):
                changes[key] = text
        if view.na_box.isChecked() != stored.not_applicable:
            changes["not_applicable"] = view.na_box.isChecked()
        return changes

    def save_now(self) -> bool:
        """Save what is on screen if anything changed; True when nothing is left unsaved."""
        self.autosave.stop()
        if not self._dirty or self.task is None or self.form_view is None:
            return True
        changes = self._changes()
        self._dirty = False
        if not changes:
            self.saved_label.setText(self._saved_text())
            return True
        was_complete = self._is_complete()
        try:
            result = self.ws.save(self.task, self.period, **changes)
        except UserError as exc:
            self.message.emit(str(exc))
            return False
        self.entry = result.entry
        if was_complete and not self._is_complete():
            self._show_state_notice(
                tr("This entry was complete; with this change it is a draft again. When it is "
                   "ready, press Mark complete again; Undo (Ctrl+Z) puts it back as it was, "
                   "complete."),
                tr("Complete → draft: see the note above the buttons."),
            )  # fmt: skip
        elif not was_complete and self._states == self._complete_states:
            self._complete_again()
        self.saved_label.setText(self._saved_text())
        self._emit_row()
        return True

    def _complete_again(self) -> None:
        """Undone back to the content that was complete: complete again, if it still passes."""
        assert self.task is not None
        if self.ws.complete(self.task, self.period):
            return  # something else changed meanwhile (evidence removed): it stays a draft
        self.entry = self.ws.entry(self.task, self.period)
        text = tr("Back as it was: the entry is complete again.")
        self._show_state_notice(text, text)

    def _show_state_notice(self, text: str, short: str) -> None:
        """The whole note above the buttons; a short line in the status bar."""
        self.state_notice.setText(text)
        self.state_notice.show()
        self.message.emit(short)

    def _emit_row(self) -> None:
        if self.task is not None:
            row: TaskRow = self.ws.task_row(self.task, self.period)
            if self.form_view is not None:
                self.form_view.set_status(row.status)
            self.row_changed.emit(row)

    def complete(self) -> list[Problem]:
        if self.task is None or not self.save_now():
            return []
        problems = self.ws.complete(self.task, self.period)
        self.entry = self.ws.entry(self.task, self.period)
        self.show_problems(problems)
        if not problems:
            self._complete_states = dict(self._states)
            self.state_notice.hide()
            self.message.emit(tr("Marked complete."))
        self._emit_row()
        return problems

    def show_problems(self, problems: list[Problem]) -> None:
        self.problems.clear()
        for problem in problems:
            item = QListWidgetItem(problem.message)
            item.setData(FIELD_ROLE, problem.field)
            self.problems.addItem(item)
        self.problems.setVisible(bool(problems))
        if problems:
            self.problems.setCurrentRow(0)

    def _problem_clicked(self, item: QListWidgetItem) -> None:
        self.focus_field(str(item.data(FIELD_ROLE)))

    def focus_first_field(self) -> None:
        """The first indicator's input, ready to type (Enter or Tab from the task list)."""
        if self.form_view is None:
            return
        widget = self.form_view.first_field()
        self.scroll_area.ensureWidgetVisible(widget, 40, 40)
        widget.setFocus(Qt.FocusReason.TabFocusReason)
        if isinstance(widget, QLineEdit):
            widget.selectAll()  # typing replaces the value, as in an Excel cell

    def focus_field(self, key: str) -> bool:
        if self.form_view is None or key not in self.form_view.bindings:
            return False
        widget = self.form_view.bindings[key].widget
        self.scroll_area.ensureWidgetVisible(widget, 40, 40)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    # ------------------------------------------------------------ evidence

    def attach_files(self, paths: list[Path]) -> None:
        """Copy each file into the workspace off the GUI thread, then link it to the entry."""
        if self.task is None or not self.save_now():
            return
        task, period, ws, limit = self.task, self.period, self.ws, self.ws.max_evidence_bytes
        # The indicator chosen when the files were added, whatever is chosen while they copy.
        indicator = self.form_view.evidence.chosen_indicator() if self.form_view else ""
        for path in paths:
            self.message.emit(tr("Copying %1…").replace("%1", path.name))

            def copy(_progress: tasks.Progress, path: Path = path) -> tuple[str, int]:
                return ws.store_evidence(path, max_bytes=limit)  # files only: safe off-thread

            def link(stored: tuple[str, int], name: str = path.name) -> None:
                self._link(task, period, name, stored, indicator)

            tasks.run(self, "", copy, link, self._failed)

    def _link(
        self, task: int, period: int, name: str, stored: tuple[str, int], indicator: str = ""
    ) -> None:
        sha, size = stored
        try:
            entry = self.ws.link_evidence(
                task, period, sha256=sha, size=size, name=name, indicator=indicator
            )
        except UserError as exc:
            self.message.emit(str(exc))
            return
        self.message.emit(tr("Attached %1.").replace("%1", name))
        if (task, period) == (self.task, self.period):
            self._entry_updated(entry)

    def _failed(self, exc: Exception) -> None:
        self.message.emit(str(exc))

    def remove_evidence(self, sha256: str) -> None:
        if self.task is None:
            return
        try:
            entry = self.ws.detach(self.task, self.period, sha256)
        except UserError as exc:
            self.message.emit(str(exc))
            return
        self._entry_updated(entry)

    def change_evidence_indicator(self, sha256: str, indicator: str) -> None:
        if self.task is None:
            return
        try:
            entry = self.ws.set_evidence_indicator(self.task, self.period, sha256, indicator)
        except UserError as exc:
            self.message.emit(str(exc))
            return
        self._entry_updated(entry)

    def _entry_updated(self, entry: Entry) -> None:
        self.entry = entry
        if self.form_view is not None:
            self.form_view.evidence.set_rows(entry.evidence)
        self.saved_label.setText(self._saved_text())
        self._emit_row()

    def open_evidence(self, sha256: str) -> None:
        match = [e for e in (self.entry.evidence if self.entry else ()) if e.sha256 == sha256]
        if not match:
            return
        if not open_evidence(self.ws.evidence_file(sha256), match[0]):
            self.message.emit(tr("No program to open %1.").replace("%1", match[0].name))
