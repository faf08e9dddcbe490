"""One editing widget per indicator, chosen by its type, with live evaluation beside it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFrame, QGridLayout, QLabel, QLineEdit, QWidget

from ecodesk.core.errors import UserError
from ecodesk.core.evaluation import Evaluation, Status, status_label
from ecodesk.core.forms import Indicator, TargetKind, ValueType
from ecodesk.core.i18n import t
from ecodesk.core.numfmt import range_text
from ecodesk.core.values import Value, format_value, parse_value
from ecodesk.ui.badges import evaluation_pixmap
from ecodesk.ui.i18n import tr
from ecodesk.ui.style import named


def _number(value: float | None) -> str:
    return "" if value is None else f"{round(value, 6):g}"


class IndicatorField(QFrame):
    """Name, target, input and evaluation of one indicator.

    `state()`/`set_state()` give the raw widget content (typed text or chosen index), which
    is what undo restores; `value()` is the parsed value or an error message.
    """

    changed = Signal()

    def __init__(self, indicator: Indicator, office: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.indicator = indicator
        self.office = office
        self.setObjectName("indicatorField")
        self.name = QLabel(f"<b>{t(indicator.name, indicator.name_en)}</b>")
        self.name.setWordWrap(True)
        self.target = named(QLabel(), "target")
        self.input = self._make_input()
        self.unit = QLabel(self._unit_text())
        self.badge = QLabel()
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.hint = named(QLabel(), "hint")
        self.hint.setWordWrap(True)
        self.error = QLabel()
        self.error.setStyleSheet("color: #D55E00;")
        self.error.setWordWrap(True)
        self.error.hide()
        self._layout()

    def _layout(self) -> None:
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 6, 0, 6)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        grid.addWidget(self.name, 0, 0, 1, 5)
        grid.addWidget(self.input, 1, 0)
        grid.addWidget(self.unit, 1, 1)
        grid.addWidget(self.target, 1, 2)
        grid.addWidget(self.badge, 1, 3)
        grid.addWidget(self.verdict, 1, 4)
        grid.addWidget(self.error, 2, 0, 1, 5)
        grid.addWidget(self.hint, 3, 0, 1, 5)
        grid.setColumnStretch(4, 1)
        self.input.setMinimumWidth(120)

    def _unit_text(self) -> str:
        if self.indicator.type is ValueType.PERCENT:
            return "%"
        return self.indicator.unit if self.indicator.type is ValueType.NUMBER else ""

    def _make_input(self) -> QWidget:
        kind = self.indicator.type
        if kind is ValueType.YESNO:
            box = QComboBox()
            for text, value in (("", None), (tr("Yes"), True), (tr("No"), False)):
                box.addItem(text, value)
            box.currentIndexChanged.connect(self.changed)
            return box
        if kind is ValueType.CHOICE:
            box = QComboBox()
            box.addItem("", None)
            for choice in self.indicator.choices:
                box.addItem(choice.label, choice.code)  # shows the label, stores the code
            box.currentIndexChanged.connect(self.changed)
            return box
        edit = QLineEdit()
        if kind in (ValueType.NUMBER, ValueType.PERCENT):
            edit.setMaximumWidth(160)
            edit.setPlaceholderText(range_text(self.indicator.minimum, self.indicator.maximum))
        edit.textChanged.connect(self.changed)
        return edit

    # ------------------------------------------------------------ state and value

    def state(self) -> str | int:
        if isinstance(self.input, QComboBox):
            return self.input.currentIndex()
        assert isinstance(self.input, QLineEdit)
        return self.input.text()

    def set_state(self, state: str | int) -> None:
        self.input.blockSignals(True)
        if isinstance(self.input, QComboBox):
            self.input.setCurrentIndex(int(state))
        elif isinstance(self.input, QLineEdit):
            self.input.setText(str(state))
        self.input.blockSignals(False)

    def set_value(self, value: Value) -> None:
        if isinstance(self.input, QComboBox):
            choice = self.indicator.choice(value)
            value = choice.code if choice else value  # data saved under an earlier spelling
            self.set_state(max(self.input.findData(value), 0) if value is not None else 0)
        else:
            text = (
                _number(value)
                if isinstance(value, float)
                else ("" if value is None else str(value))
            )
            self.set_state(text)
        self.show_error(None)

    def value(self) -> tuple[Value, str | None]:
        """(parsed value, None) or (None, why the typed text is not acceptable)."""
        if isinstance(self.input, QComboBox):
            return self.input.currentData(), None
        assert isinstance(self.input, QLineEdit)
        try:
            return parse_value(self.indicator, self.input.text()), None
        except UserError as exc:
            return None, str(exc)

    def show_error(self, message: str | None) -> None:
        self.error.setText(message or "")
        self.error.setVisible(bool(message))
        if bool(self.input.property("invalid")) == bool(message):
            return  # re-polishing costs a style lookup per field (start-up time)
        self.input.setProperty("invalid", bool(message))
        self.input.style().unpolish(self.input)
        self.input.style().polish(self.input)

    def set_read_only(self, read_only: bool) -> None:
        if isinstance(self.input, QLineEdit):
            self.input.setReadOnly(read_only)
        else:
            self.input.setEnabled(not read_only)

    # ------------------------------------------------------------ evaluation

    def show_evaluation(
        self, evaluation: Evaluation, previous: Value, previous_period: int | None
    ) -> None:
        self.target.setText(tr("Target: %1").replace("%1", evaluation.target_text or "—"))
        self.badge.setPixmap(evaluation_pixmap(evaluation.status))
        parts = [status_label(evaluation.status)]
        target = self.indicator.target
        # an increase target's reason is the computed change ("上期 80%；变化 +2 个百分点…"),
        # worth seeing whatever the verdict
        rise = target is not None and target.kind is TargetKind.INCREASE
        if evaluation.gap_text:
            parts.append(evaluation.gap_text)
        if evaluation.reason and (
            rise or (not evaluation.gap_text and evaluation.status is not Status.MET)
        ):
            parts.append(evaluation.reason)
        self.verdict.setText(" · ".join(parts))
        self.verdict.setStyleSheet(
            "color: #D55E00; font-weight: bold;" if evaluation.status is Status.NOT_MET else ""
        )
        self.hint.setText(self._hint_text(previous, previous_period))
        self.hint.setVisible(bool(self.hint.text()))

    def _hint_text(self, previous: Value, previous_period: int | None) -> str:
        hints = []
        target = self.indicator.target
        if target is not None and target.kind is TargetKind.TREND and previous_period is not None:
            shown = (
                format_value(self.indicator, previous) if previous is not None else tr("no value")
            )
            hints.append(
                tr("Previous period (%1): %2")
                .replace("%1", str(previous_period))
                .replace("%2", shown)
            )
        if self.indicator.help:
            hints.append(self.indicator.help)
        detail = self.indicator.detail_by_office.get(self.office)
        if detail:
            hints.append(detail)
        return "\n".join(hints)
