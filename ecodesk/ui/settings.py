"""Per-user window settings (language, last period, geometry) kept in QSettings."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

from ecodesk.core.periods import PERIODS


def _settings() -> QSettings:
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "ecodesk", "ecodesk")


def language() -> str:
    value = str(_settings().value("ui/language", "zh"))
    return value if value in ("zh", "en") else "zh"


def set_language(lang: str) -> None:
    _settings().setValue("ui/language", lang)


def last_period() -> int | None:
    value = _settings().value("ui/period", None)
    try:
        period = int(str(value))
    except (TypeError, ValueError):
        return None
    return period if period in PERIODS else None


def set_last_period(period: int) -> None:
    _settings().setValue("ui/period", period)


def geometry() -> QByteArray | None:
    value = _settings().value("ui/geometry", None)
    return value if isinstance(value, QByteArray) else None


def set_geometry(data: QByteArray) -> None:
    _settings().setValue("ui/geometry", data)


def clerk_name() -> str:
    """The clerk's own name, recorded with every change ("" until asked)."""
    return str(_settings().value("user/name", "") or "").strip()


def set_clerk_name(name: str) -> None:
    _settings().setValue("user/name", name.strip())
