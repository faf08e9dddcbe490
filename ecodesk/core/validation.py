"""The one validator: what an entry may hold, whichever door it comes through.

The window, the CLI (`ecodesk set`), the Excel template import and the bundle import all call
`validate_entry` (and `value_refusal` for a single value), so the same fault gets the same
refusal code everywhere. Data stored by older versions is judged by the same rules when it is
shown (`ecodesk.core.evaluation` marks such a value invalid instead of comparing it).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from datetime import date
from typing import Any

from ecodesk.core.assignments import is_city_wide
from ecodesk.core.forms import Form, Indicator, ValueType
from ecodesk.core.i18n import t
from ecodesk.core.numfmt import format_number
from ecodesk.core.periods import FIRST_PERIOD, LAST_PERIOD, PERIODS
from ecodesk.core.refusals import Refusal

Value = float | bool | str | None

# Text limits, in characters: room for a long report, not for a pasted book.
MAX_LONG_TEXT = 10_000  # plan, corrective measures
MAX_REASON_TEXT = 1_000  # why a task does not apply
MAX_VALUE_TEXT = 2_000  # the value of a text indicator

# Every refusal code, with what it means (README lists them too).
CODES = {
    "not_a_number": "a number or percent indicator holds something that is not a number",
    "not_finite": "infinity or NaN",
    "out_of_range": "outside the indicator's bounds (a percent is 0-100; amounts are >= 0)",
    "ambiguous_number": "a comma that does not group thousands (1,5): decimal or grouping?",
    "number_format": "digits with _, an exponent or other signs a clerk does not type",
    "percent_sign": "a % sign on an indicator that is not a percent",
    "not_yes_no": "a yes/no indicator holds something else",
    "not_a_choice": "not one of the indicator's choices",
    "not_text": "a text or choice indicator holds something that is not text",
    "text_too_long": "longer than the field's limit",
    "unknown_task": "no such task",
    "unknown_indicator": "the task has no such indicator",
    "indicator_not_applicable": "a value for an indicator that does not apply to this office",
    "na_reason_required": "marked not applicable and complete without a reason",
    "not_assigned": "the task is not assigned to this office for this period",
    "period_outside_plan": "the period is not one of the plan's (2022-2030)",
    "future_period": "the period has not begun yet",
    "empty_value": "an empty value where an explicit clear is expected (CLI)",
}


def indicator_name(indicator: Indicator) -> str:
    return t(indicator.name, indicator.name_en)


def _refusal(code: str, field: str, zh: str, en: str) -> Refusal:
    assert code in CODES, code
    return Refusal(code, field, t(zh, en))


def value_refusal(indicator: Indicator, value: Any) -> Refusal | None:
    """Why `value` cannot be stored for `indicator` (type, finite, bounds, choices); None if it can.

    None itself (no value) is acceptable: whether a value is required is completion's business.
    """
    if value is None:
        return None
    if indicator.type in (ValueType.NUMBER, ValueType.PERCENT):
        return _number_refusal(indicator, value)
    # The names below are looked up only on the way to a refusal (an import checks 100,000s).
    field, name = f"values.{indicator.id}", indicator_name(indicator)
    if indicator.type is ValueType.YESNO:
        if isinstance(value, bool):
            return None
        shown = _quote(str(value))
        return _refusal(
            "not_yes_no",
            field,
            f"{name}：请填“是”或“否”，而不是“{shown}”",
            f"{name}: answer yes or no, not '{shown}'",
        )
    if not isinstance(value, str):
        return _refusal("not_text", field, f"{name}：应为文字", f"{name}: expected text")
    if indicator.type is ValueType.CHOICE and indicator.choice(value) is None:
        options = "、".join(indicator.choice_labels())
        shown = _quote(value)
        return _refusal(
            "not_a_choice",
            field,
            f"{name}：“{shown}”不是可选项（{options}）",
            f"{name}: '{shown}' is not one of {options}",
        )
    return text_refusal(field, name, value, MAX_VALUE_TEXT)


def not_a_number(indicator: Indicator, typed: str, code: str = "not_a_number") -> Refusal:
    """The refusal of text that is not a number, the same from every door."""
    name, shown = indicator_name(indicator), _quote(typed)
    return _refusal(
        code,
        f"values.{indicator.id}",
        f"{name}：“{shown}”不是数字（请写成 93.5 这样的形式）",
        f"{name}: '{shown}' is not a number (type it like 93.5)",
    )


def _number_refusal(indicator: Indicator, value: Any) -> Refusal | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return not_a_number(indicator, str(value))
    low, high = indicator.minimum, indicator.maximum
    if (not isinstance(value, float) or math.isfinite(value)) and not (
        (low is not None and value < low) or (high is not None and value > high)
    ):
        return None  # the usual case, without looking up names for a message
    field, name = f"values.{indicator.id}", indicator_name(indicator)
    if isinstance(value, float) and not math.isfinite(value):
        return _refusal(
            "not_finite", field, f"{name}：应为有限的数字", f"{name}: expected a finite number"
        )
    if (low is not None and value < low) or (high is not None and value > high):
        span = f"{_g(low)}–{_g(high)}"
        shown = _g(float(value)) if abs(value) < 1e15 else f"{float(value):.3g}"
        return _refusal(
            "out_of_range",
            field,
            f"{name}：{shown} 超出范围 {span}",
            f"{name}: {shown} is outside {span}",
        )
    return None


def text_refusal(field: str, name: str, text: str, limit: int) -> Refusal | None:
    if len(text) <= limit:
        return None
    return _refusal(
        "text_too_long",
        field,
        f"{name}：文字过长（上限 {limit} 字，现有 {len(text)} 字）",
        f"{name}: text too long (limit {limit} characters, {len(text)} given)",
    )


def period_refusal(period: int, today: date | None = None) -> Refusal | None:
    """A period must be one of the plan's and, given `today`, must have begun (the year in
    progress may be entered; next year's may not)."""
    if period not in PERIODS:
        return _refusal(
            "period_outside_plan",
            "period",
            f"填报期 {period} 不在方案范围内（{FIRST_PERIOD}–{LAST_PERIOD}）",
            f"period {period} is outside the plan ({FIRST_PERIOD}–{LAST_PERIOD})",
        )
    if today is not None and period > today.year:
        return _refusal(
            "future_period",
            "period",
            f"填报期 {period} 年尚未开始（今天是 {today.isoformat()}）",
            f"period {period} has not begun yet (today is {today.isoformat()})",
        )
    return None


def validate_entry(
    forms: Mapping[int, Form],
    task: int,
    *,
    office: str,
    period: int,
    today: date,
    assigned: Collection[int],
    values: Mapping[str, Any] | None = None,
    plan: str | None = None,
    corrective_measures: str | None = None,
    not_applicable: bool | None = None,
    not_applicable_reason: str | None = None,
    complete: bool = False,
) -> list[Refusal]:
    """Every reason the given fields of `office`'s entry for `task` in `period` are refused.

    Only the fields given are checked (None: not part of this change). `assigned` holds the task
    numbers this office reports in this period; `complete` says the entry is (to be) complete.
    """
    refusals: list[Refusal] = []
    refused_period = period_refusal(period, today)
    if refused_period:
        refusals.append(refused_period)
    form = forms.get(task)
    if form is None:
        refusals.append(
            _refusal("unknown_task", "task", f"没有第 {task} 号任务", f"there is no task {task}")
        )
        return refusals
    if task not in assigned:
        refusals.append(
            _refusal(
                "not_assigned",
                "task",
                f"{office} 在 {period} 年没有第 {task} 号任务（未分配或已被工作专班取消）",
                f"{office} has no task {task} in {period} (not assigned, or switched off by the task force)",
            )
        )
    refusals.extend(_value_refusals(form, office, values or {}))
    refusals.extend(_text_refusals(plan, corrective_measures, not_applicable_reason))
    if complete and not_applicable and not (not_applicable_reason or "").strip():
        refusals.append(
            _refusal(
                "na_reason_required",
                "not_applicable_reason",
                "标记为不适用时必须说明理由",
                "a reason is required for not applicable",
            )
        )
    return refusals


def _value_refusals(form: Form, office: str, values: Mapping[str, Any]) -> list[Refusal]:
    refusals: list[Refusal] = []
    city_wide = is_city_wide(form, office)
    for key, value in values.items():
        indicator = form.indicator_for(key)  # also under an earlier id (renamed_from)
        if indicator is None:
            ids = ", ".join(i.id for i in form.indicators)
            shown = _quote(str(key))
            refusals.append(
                _refusal(
                    "unknown_indicator",
                    f"values.{shown}",
                    f"任务 {form.task} 没有指标 {shown}（有：{ids}）",
                    f"task {form.task} has no indicator {shown} (it has: {ids})",
                )
            )
            continue
        if value is not None and not indicator.applies_to(office, city_wide=city_wide):
            name = indicator_name(indicator)
            refusals.append(
                _refusal(
                    "indicator_not_applicable",
                    f"values.{key}",
                    f"{name}：{office} 无此项，不应填写",
                    f"{name}: does not apply to {office}; leave it empty",
                )
            )
            continue
        refused = value_refusal(indicator, value)
        if refused:
            refusals.append(refused)
    return refusals


def _text_refusals(plan: str | None, measures: str | None, reason: str | None) -> list[Refusal]:
    fields = (
        ("plan", "计划安排", "plan", plan, MAX_LONG_TEXT),
        ("corrective_measures", "整改措施", "corrective measures", measures, MAX_LONG_TEXT),
        ("not_applicable_reason", "不适用理由", "reason for not applicable", reason,
         MAX_REASON_TEXT),
    )  # fmt: skip
    refusals = []
    for field, zh, en, text, limit in fields:
        if text is None or (isinstance(text, str) and len(text) <= limit):
            continue  # the usual case: text_refusal would find nothing (no name looked up)
        name = t(zh, en)
        if not isinstance(text, str):
            refusals.append(
                _refusal("not_text", field, f"{name}：应为文字", f"{name}: expected text")
            )
            continue
        refused = text_refusal(field, name, text, limit)
        if refused:
            refusals.append(refused)
    return refusals


def _quote(text: str, limit: int = 40) -> str:
    """What a message may echo of a value: printable, and short."""
    printable = "".join(ch if ch.isprintable() else "?" for ch in text)
    return printable if len(printable) <= limit else printable[:limit] + "…"


def _g(value: float | None) -> str:
    return "…" if value is None else format_number(value)
