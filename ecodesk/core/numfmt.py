"""Numbers as a person writes them, for messages and cells."""

from __future__ import annotations

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


def _plain(value: float, decimals: int) -> str:
    return f"{value:.{decimals}f}".rstrip("0").rstrip(".")
