"""Values the one validator accepts, shared by the benches: they measure importing, not refusing."""

from __future__ import annotations

from collections.abc import Mapping

from ecodesk.core.forms import Form, Indicator, ValueType


def reported_indicators(forms: Mapping[int, Form], office: str) -> dict[int, list[Indicator]]:
    """Per task, the indicators `office` reports (not those of named offices or the lead only)."""
    return {
        task: [i for i in form.indicators if i.offices is None and i.applies_to(office)]
        for task, form in forms.items()
    }


def valid_value(indicator: Indicator, task: int) -> object:
    """A value within the indicator's type and bounds."""
    if indicator.type in (ValueType.NUMBER, ValueType.PERCENT):
        return 50.0 + task
    if indicator.type is ValueType.YESNO:
        return True
    if indicator.type is ValueType.CHOICE:
        return indicator.choices[0].code
    return f"第 {task} 项任务的说明"
