"""Indicator values: parsing what a person typed and checking it against the form."""

from __future__ import annotations

import math
from typing import Any

from ecodesk.core.errors import UserError
from ecodesk.core.forms import Indicator, ValueType
from ecodesk.core.i18n import t

Value = float | bool | str | None

_YES = {"是", "yes", "y", "true", "1", "√", "已完成", "有"}
_NO = {"否", "no", "n", "false", "0", "×", "未完成", "无"}


def parse_value(indicator: Indicator, text: str) -> Value:
    """Turn typed text (CLI, Excel, a form field) into a value, or raise UserError."""
    text = text.strip()
    if text == "":
        return None
    if indicator.type in (ValueType.NUMBER, ValueType.PERCENT):
        cleaned = text.removesuffix("%").replace(",", "").replace("，", "").strip()
        try:
            number = float(cleaned)
        except ValueError:
            raise UserError(
                t(
                    f"{indicator.name}：“{text}”不是数字",
                    f"{indicator.name_en}: '{text}' is not a number",
                )
            ) from None
        return check_value(indicator, number)
    if indicator.type is ValueType.YESNO:
        lowered = text.lower()
        if lowered in _YES:
            return True
        if lowered in _NO:
            return False
        raise UserError(
            t(
                f"{indicator.name}：请填“是”或“否”，而不是“{text}”",
                f"{indicator.name_en}: answer yes or no, not '{text}'",
            )
        )
    return check_value(indicator, text)


def check_value(indicator: Indicator, value: Any) -> Value:
    """Validate a value already typed (e.g. from JSON); return it normalised or raise UserError."""
    problem = value_problem(indicator, value)
    if problem:
        raise UserError(problem)
    if indicator.type in (ValueType.NUMBER, ValueType.PERCENT) and value is not None:
        return float(value)
    choice = indicator.choice(value) if indicator.type is ValueType.CHOICE else None
    return choice.code if choice else value  # a choice is stored as its code, never its label


def value_problem(indicator: Indicator, value: Any) -> str | None:
    """Why `value` is not acceptable for `indicator`, in the user's language; None if it is."""
    if value is None:
        return None
    name = t(indicator.name, indicator.name_en)
    if indicator.type in (ValueType.NUMBER, ValueType.PERCENT):
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            return t(f"{name}：应为数字", f"{name}: expected a number")
        low, high = indicator.minimum, indicator.maximum
        if (low is not None and value < low) or (high is not None and value > high):
            span = f"{_g(low)}–{_g(high)}"
            return t(
                f"{name}：{_g(value)} 超出范围 {span}", f"{name}: {_g(value)} is outside {span}"
            )
        return None
    if indicator.type is ValueType.YESNO:
        return (
            None
            if isinstance(value, bool)
            else t(f"{name}：应为是或否", f"{name}: expected yes or no")
        )
    if not isinstance(value, str):
        return t(f"{name}：应为文字", f"{name}: expected text")
    if indicator.type is ValueType.CHOICE and indicator.choice(value) is None:
        options = "、".join(indicator.choice_labels())
        return t(
            f"{name}：“{value}”不是可选项（{options}）",
            f"{name}: '{value}' is not one of {options}",
        )
    return None


def format_value(indicator: Indicator, value: Value) -> str:
    if value is None:
        return ""
    if indicator.type is ValueType.YESNO:
        return t("是", "yes") if value else t("否", "no")
    if isinstance(value, float):
        return f"{_g(value)}{'%' if indicator.type is ValueType.PERCENT else ''}"
    choice = indicator.choice(value) if indicator.type is ValueType.CHOICE else None
    return choice.label if choice else str(value)


def format_number(value: float) -> str:
    """A number as a person writes it: no float noise, no trailing zeros (10.46875, 93, 0.5)."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _g(value: float | None) -> str:
    return "…" if value is None else format_number(value)
