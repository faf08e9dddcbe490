"""Indicator values: reading what a person typed (one number grammar for every door) and showing
values. What a value may be is `ecodesk.core.validation`.

The number grammar, as a clerk types numbers in China (see README, "What is refused and why"):
- digits with an optional sign and decimal point: `93.5`, `-2`, `.5`; full-width digits, `．`,
  `－` and `＋` are read as their ASCII twins (`９５．５` is 95.5);
- commas only where they group thousands (`1,234.5`, `12,345`); any other comma (`1,5`, `1，5`)
  is refused as ambiguous, with how to type it instead;
- no `_`, exponents, `inf` or `nan`;
- `%` (or `％`) only after a percent indicator's value;
- `-0` is 0.
"""

from __future__ import annotations

import re
from typing import Any

from ecodesk.core.forms import Indicator, ValueType
from ecodesk.core.i18n import t
from ecodesk.core.numfmt import format_number
from ecodesk.core.refusals import Refusal, ValidationError
from ecodesk.core.validation import Value, indicator_name, not_a_number, value_refusal

__all__ = [
    "Value", "check_value", "format_number", "format_value", "parse_number", "parse_value",
    "value_problem",
]  # fmt: skip

_YES = {"是", "yes", "y", "true", "1", "√", "已完成", "有"}
_NO = {"否", "no", "n", "false", "0", "×", "未完成", "无"}

# Full-width forms an input method produces, read as their ASCII twins.
_WIDE = str.maketrans("０１２３４５６７８９．－＋％，\u3000", "0123456789.-+%, ")
_PLAIN = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")


def parse_number(indicator: Indicator, text: str) -> float:
    """A number typed for `indicator`, by the grammar above; raises ValidationError."""
    field, name = f"values.{indicator.id}", indicator_name(indicator)
    typed = text.strip()
    cleaned = typed.translate(_WIDE).strip()
    if cleaned.endswith("%"):
        if indicator.type is not ValueType.PERCENT:
            raise ValidationError([Refusal("percent_sign", field, t(
                f"{name}：单位是 {indicator.unit or '无'}，不能带 %（请只写数字）",
                f"{name}: the unit is {indicator.unit or 'none'}, not % (type the number only)",
            ))])  # fmt: skip
        cleaned = cleaned[:-1].strip()
    if "," in cleaned:
        if not _GROUPED.fullmatch(cleaned):
            raise ValidationError([_ambiguous(field, name, typed, cleaned)])
        cleaned = cleaned.replace(",", "")
    if not _PLAIN.fullmatch(cleaned):
        code = "number_format" if _looks_numeric(cleaned) else "not_a_number"
        raise ValidationError([not_a_number(indicator, typed, code)])
    return float(cleaned) + 0.0  # + 0.0: "-0" is stored as 0


def _looks_numeric(text: str) -> bool:
    """Digits with something a clerk does not type (1_000, 1e3, 1.2.3): not plain words."""
    return any(ch.isdigit() for ch in text)


def _ambiguous(field: str, name: str, typed: str, cleaned: str) -> Refusal:
    head, _, tail = cleaned.partition(",")
    decimal = f"{head}.{tail.replace(',', '')}"
    return Refusal("ambiguous_number", field, t(
        f"{name}：“{typed}”中的逗号有歧义。小数请用小数点，写成 {decimal}；"
        f"千位分隔须每三位一组，如 1,234.5",
        f"{name}: the comma in '{typed}' is ambiguous. For a decimal use a point: {decimal}; "
        f"a thousands separator groups three digits, e.g. 1,234.5",
    ))  # fmt: skip


def parse_value(indicator: Indicator, text: str) -> Value:
    """Typed text (CLI, Excel, a form field) as a value; "" is None. Raises ValidationError."""
    text = text.strip()
    if text == "":
        return None
    if indicator.type in (ValueType.NUMBER, ValueType.PERCENT):
        return check_value(indicator, parse_number(indicator, text))
    if indicator.type is ValueType.YESNO:
        lowered = text.lower()
        if lowered in _YES:
            return True
        if lowered in _NO:
            return False
    return check_value(indicator, text)  # refused by the validator as from every other door


def check_value(indicator: Indicator, value: Any) -> Value:
    """A value already typed (e.g. from JSON), normalised; raises ValidationError."""
    refused = value_refusal(indicator, value)
    if refused:
        raise ValidationError([refused])
    if indicator.type in (ValueType.NUMBER, ValueType.PERCENT) and value is not None:
        return float(value) + 0.0
    choice = indicator.choice(value) if indicator.type is ValueType.CHOICE else None
    return choice.code if choice else value  # a choice is stored as its code, never its label


def value_problem(indicator: Indicator, value: Any) -> str | None:
    """Why `value` is not acceptable for `indicator`, in the user's language; None if it is."""
    refused = value_refusal(indicator, value)
    return refused.message if refused else None


def format_value(indicator: Indicator, value: Value) -> str:
    if value is None:
        return ""
    if indicator.type is ValueType.YESNO:
        return t("是", "yes") if value else t("否", "no")
    if isinstance(value, float):
        return f"{format_number(value)}{'%' if indicator.type is ValueType.PERCENT else ''}"
    choice = indicator.choice(value) if indicator.type is ValueType.CHOICE else None
    return choice.label if choice else str(value)
