"""Reporting periods: one calendar year each; the plan runs 2022–2030."""

from __future__ import annotations

from ecodesk.core.errors import UserError
from ecodesk.core.i18n import t

FIRST_PERIOD = 2022
LAST_PERIOD = 2030
PERIODS: tuple[int, ...] = tuple(range(FIRST_PERIOD, LAST_PERIOD + 1))


def check_period(period: int) -> int:
    if period not in PERIODS:
        raise UserError(
            t(
                f"填报期 {period} 不在方案范围内（{FIRST_PERIOD}–{LAST_PERIOD}）",
                f"period {period} is outside the plan ({FIRST_PERIOD}–{LAST_PERIOD})",
            )
        )
    return period


def previous_period(period: int) -> int | None:
    return period - 1 if period - 1 >= FIRST_PERIOD else None


def default_period(year_today: int) -> int:
    """The year being reported: last year's figures are collected this year."""
    return min(max(year_today - 1, FIRST_PERIOD), LAST_PERIOD)
