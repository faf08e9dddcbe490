"""Times are stored in UTC (ISO 8601) and shown to people in their computer's local time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from ecodesk.core.i18n import t


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


# Documents (the PDF report, the archive workbook, 说明.txt / README.txt) show Beijing time,
# the clock of every office the plan addresses. A fixed zone, not the computer's: the archive
# is reproducible (same data, same bytes) on any PC, whatever its time-zone setting. China has
# kept UTC+8 without daylight saving since 1991, so a fixed offset is exact and needs no time-zone
# database (which Windows lacks).
DOCUMENT_ZONE = timezone(timedelta(hours=8))


def document_time(moment: datetime | str, *, seconds: bool = False, zone: bool = True) -> str:
    """A time as printed in a document, in Beijing time with the zone named.

    `moment` is an aware datetime, a naive one meaning UTC (how the archive keeps its stamp),
    or a stored ISO 8601 string: '2026-11-26T04:56:14+00:00' -> '2026-11-26 12:56（北京时间）'.
    """
    if isinstance(moment, str):
        if not moment:
            return ""
        try:
            moment = datetime.fromisoformat(moment)
        except ValueError:
            return str(moment)  # not ours to judge: show it as written
    text = document_zip_time(moment).strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")
    return f"{text}{t('（北京时间）', ' (Beijing time, UTC+8)')}" if zone else text


def document_zip_time(moment: datetime) -> datetime:
    """A naive-UTC or aware stamp as Beijing wall-clock time (zip members carry no zone)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(DOCUMENT_ZONE).replace(tzinfo=None)
