"""Numbers as a person writes them, for messages and cells."""

from __future__ import annotations

from ecodesk.core.i18n import t

# Evaluation treats values closer than this as equal (`ecodesk.core.evaluation`); a shown number
# must never hide a difference larger than that, or "100%" would be shown as "not met".
_SHOWN_EXACTLY = 1e-9


def format_number(value: float) -> str:
    """No float noise, no trailing zeros (10.46875, 93, 0.5); six decimals unless rounding to six
    would hide a difference that evaluation sees (99.9999999 stays 99.9999999, never 100)."""
    text = _plain(value, 6)
    if abs(float(text) - value) > _SHOWN_EXACTLY:
        text = _plain(value, 12)
    return "0" if text in ("-0", "") else text


def range_text(minimum: float | None, maximum: float | None) -> str:
    """The bounds of a number as a clerk reads them: "0–100", "不小于 0", "不大于 5" or ""."""
    low = None if minimum is None else format_number(minimum)
    high = None if maximum is None else format_number(maximum)
    if low is not None and high is not None:
        return f"{low}–{high}"
    if low is not None:
        return t(f"不小于 {low}", f"at least {low}")
    if high is not None:
        return t(f"不大于 {high}", f"at most {high}")
    return ""


def _plain(value: float, decimals: int) -> str:
    return f"{value:.{decimals}f}".rstrip("0").rstrip(".")
