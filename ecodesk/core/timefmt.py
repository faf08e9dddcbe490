"""Times are stored in UTC (ISO 8601) and shown to people in their computer's local time."""

from __future__ import annotations

from datetime import datetime


def local_time(stamp: str, *, seconds: bool = True) -> str:
    """'2026-11-26T04:56:14.123+00:00' -> '2026-11-26 12:56:14' on a Beijing-time PC."""
    if not stamp:
        return ""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp[:19].replace("T", " ")  # not ours to judge: show it as written
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")
