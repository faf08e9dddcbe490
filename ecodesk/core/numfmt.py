"""Numbers as a person writes them, for messages and cells."""

from __future__ import annotations


def format_number(value: float) -> str:
    """No float noise, no trailing zeros (10.46875, 93, 0.5)."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
