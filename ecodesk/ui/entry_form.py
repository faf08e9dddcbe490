"""The widgets of one entry, generated from its form definition (no data of their own)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ecodesk.core.assignments import is_city_wide
from ecodesk.core.entries import Entry, Review, TaskStatus, task_status_label
from ecodesk.core.forms import Form, LeadScope
from ecodesk.core.i18n import t
from ecodesk.ui.badges import task_pixmap
from ecodesk.ui.evidence import EvidencePanel
from ecodesk.ui.fields import IndicatorField
from ecodesk.ui.i18n import tr
from ecodesk.ui.style import named
from ecodesk.ui.undo import Binding, check_binding, text_binding


def _section(text: str) -> QLabel:
    return named(QLabel(text), "sectionTitle")


def _text_box(placeholder: str) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)  # keyboard users move on with Tab
    box.setMinimumHeight(70)
    box.setMaximumHeight(110)
    return box


class EntryForm(QWidget):
    """Emits `edited(key)` whenever the clerk changes a field."""

    edited = Signal(str)
    field_entered = Signal(QWidget)  # Enter moved the focus here (the editor scrolls to it)

    def __init__(
        self, form: Form, office: str, entry: Entry | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.form = form
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 16)
        layout.setSpacing(6)
        self.returned_banner = self._banner("returnedBanner", "")
        self.locked_banner = self._banner(
            "lockedBanner", tr("Accepted by the task force: this entry is locked.")
        )
        layout.addWidget(self.returned_banner)
        layout.addWidget(self.locked_banner)
        self._show_review(entry)
        self._header(layout, form)
        self.na_box = QCheckBox(tr("Not applicable to this office"))
        self.na_reason = QLineEdit(placeholderText=tr("Why it does not apply (required)"))
        na_row = QHBoxLayout()
        na_row.addWidget(self.na_box)
        na_row.addWidget(self.na_reason, 1)
        layout.addLayout(na_row)
        layout.addWidget(_section(tr("Indicators")))
        self.fields = {ind.id: IndicatorField(ind, office) for ind in form.indicators}
        city_wide = is_city_wide(form, office)
        for field in self.fields.values():
            layout.addWidget(field)
            # the other side's figures (task 24: the lead's 市区 and 县城 rates) are not shown;
            # a county's own exceptions (task 16's projects) are, marked 不适用
            scoped = field.indicator.lead is not LeadScope.ALL
            field.setHidden(scoped and not field.indicator.applies_to(office, city_wide=city_wide))
        layout.addWidget(_section(tr("Plan")))
        self.plan = _text_box(tr("What the office plans to do this period, who and by when"))
        layout.addWidget(self.plan)
        self.measures_label = _section(tr("Corrective measures"))
        layout.addWidget(self.measures_label)
        self.measures = _text_box(tr("Required as soon as an indicator is not met"))
        layout.addWidget(self.measures)
        layout.addWidget(_section(tr("Evidence")))
        shown = [f.indicator for f in self.fields.values() if not f.isHidden()]
        self.evidence = EvidencePanel(form, shown)
        layout.addWidget(self.evidence)
        layout.addStretch(1)
        self.bindings = self._bindings()
        self._connect()
        for widget in self.enter_stops():
            widget.installEventFilter(self)

    def enter_stops(self) -> list[QWidget]:
        """Where Enter moves on, as in an Excel column: each indicator's input, then the plan."""
        return [field.input for field in self.fields.values()] + [self.plan]

    def first_field(self) -> QWidget:
        return self.enter_stops()[0]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        is_enter = (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and watched is not self.plan  # Enter in the plan starts a new line
        )
        if not is_enter:
            return super().eventFilter(watched, event)
        assert isinstance(event, QKeyEvent)
        stops = self.enter_stops()
        back = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        position = stops.index(watched) + (-1 if back else 1)  # type: ignore[arg-type]
        target = stops[max(0, min(position, len(stops) - 1))]
        target.setFocus(Qt.FocusReason.TabFocusReason)
        self.field_entered.emit(target)
        return True

    def _banner(self, name: str, text: str) -> QFrame:
        frame = named(QFrame(), name)
        label = QLabel(text)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box = QHBoxLayout(frame)
        box.addWidget(label, 1)
        frame.setProperty("text", text)
        return frame

    def _show_review(self, entry: Entry | None) -> None:
        """The task force's word on this entry: returned (with why) or accepted (locked)."""
        text = self._returned_text(entry)
        label = self.returned_banner.findChild(QLabel)
        assert label is not None
        label.setText(text)
        self.returned_banner.setProperty("text", text)
        self.returned_banner.setVisible(bool(entry and entry.review is Review.RETURNED))
        self.locked_banner.setVisible(bool(entry and entry.review is Review.ACCEPTED))

    @staticmethod
    def _returned_text(entry: Entry | None) -> str:
        comment = entry.review_comment if entry else ""
        return tr("Returned by the task force: %1").replace("%1", comment)

    def _header(self, layout: QVBoxLayout, form: Form) -> None:
        title_row = QHBoxLayout()
        self.status_icon = QLabel()
        self.status_text = QLabel()
        title = named(QLabel(f"{form.task}. {form.display_title()}"), "taskTitle")
        title.setWordWrap(True)
        title_row.addWidget(title, 1)
        title_row.addWidget(self.status_icon)
        title_row.addWidget(self.status_text)
        layout.addLayout(title_row)
        units = tr("Lead: %1").replace("%1", "、".join(form.lead))
        if form.all_cooperating():
            units += "    " + tr("Cooperating: %1").replace("%1", "、".join(form.all_cooperating()))
        lead = named(QLabel(units), "hint")
        lead.setWordWrap(True)
        layout.addWidget(lead)
        layout.addWidget(_section(tr("Requirement in the plan")))
        requirement = QLabel(form.requirement.strip() or t("（无）", "(none)"))
        requirement.setObjectName("requirement")
        requirement.setWordWrap(True)
        requirement.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(requirement)

    def set_status(self, status: TaskStatus) -> None:
        self.status_icon.setPixmap(task_pixmap(status))
        self.status_text.setText(task_status_label(status))

    def _bindings(self) -> dict[str, Binding]:
        bindings: dict[str, Binding] = {}
        for ind_id, field in self.fields.items():
            bindings[f"values.{ind_id}"] = Binding(
                f"values.{ind_id}",
                field.input,
                field.state,
                field.set_state,
                t(field.indicator.name, field.indicator.name_en),
            )
        bindings["plan"] = text_binding("plan", self.plan, tr("Plan"))
        bindings["corrective_measures"] = text_binding(
            "corrective_measures", self.measures, tr("Corrective measures")
        )
        bindings["not_applicable"] = check_binding(
            "not_applicable", self.na_box, tr("Not applicable")
        )
        bindings["not_applicable_reason"] = text_binding(
            "not_applicable_reason", self.na_reason, tr("Reason")
        )
        bindings["evidence"] = Binding(
            "evidence", self.evidence.add_button, lambda: None, lambda _v: None, tr("Evidence")
        )
        return bindings

    def _connect(self) -> None:
        for ind_id, field in self.fields.items():
            field.changed.connect(lambda key=f"values.{ind_id}": self.edited.emit(key))
        self.plan.textChanged.connect(lambda: self.edited.emit("plan"))
        self.measures.textChanged.connect(lambda: self.edited.emit("corrective_measures"))
        self.na_box.toggled.connect(lambda _on: self.edited.emit("not_applicable"))
        self.na_reason.textChanged.connect(lambda: self.edited.emit("not_applicable_reason"))

    def show_entry(self, entry: Entry | None) -> None:
        """Fill every field from `entry` (None: a new, empty one); the widgets are reused."""
        self._show_review(entry)
        entry = entry or Entry(uuid="", office="", task=self.form.task, period=0)
        for ind_id, field in self.fields.items():
            field.set_value(self.form.indicator(ind_id).value_in(entry.values))
        self.bindings["plan"].set(entry.plan)
        self.bindings["corrective_measures"].set(entry.corrective_measures)
        self.bindings["not_applicable"].set(entry.not_applicable)
        self.bindings["not_applicable_reason"].set(entry.not_applicable_reason)
        self.evidence.set_rows(entry.evidence)
        self.evidence.indicator_box.setCurrentIndex(0)  # new files: for the whole task

    def set_read_only(self, read_only: bool) -> None:
        for field in self.fields.values():
            field.set_read_only(read_only)
        for box in (self.plan, self.measures, self.na_reason):
            box.setReadOnly(read_only)
        self.na_box.setEnabled(not read_only)
        self.evidence.set_read_only(read_only)

    def mark_required(self, measures: bool, reason: bool) -> None:
        """Highlight corrective measures (something is not met) and the not-applicable reason."""
        label = tr("Corrective measures")
        if measures:
            label += " " + tr("(required: an indicator is not met)")
        self.measures_label.setText(label)
        for widget, on in (
            (self.measures, measures),
            (self.measures_label, measures),
            (self.na_reason, reason),
        ):
            if bool(widget.property("required")) != on:
                widget.setProperty("required", on)
                widget.style().unpolish(widget)
                widget.style().polish(widget)
        self.na_reason.setEnabled(self.na_box.isChecked() or bool(self.na_reason.text()))
