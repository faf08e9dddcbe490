"""Status badges that differ by shape as well as colour, for both windows.

Task statuses (the clerk's list), evaluations (met / not met / unknown) and the task force's
matrix cells are drawn by one painter. Colours are from the Okabe–Ito palette (see `style`),
which stays distinguishable with the common kinds of colour blindness; every status also has
its own shape, so colour is never the only cue.
"""

from __future__ import annotations

import zlib
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QPixmap

from ecodesk.core.task_status import TaskStatus
from ecodesk.ui.style import BLUE, GREEN, GREY, ORANGE, PURPLE, VERMILLION

if TYPE_CHECKING:  # the clerk's window shows its list before these are imported (start-up)
    from PySide6.QtGui import QIcon, QPainter, QPen

    from ecodesk.core.evaluation import Status
    from ecodesk.store.matrix import CellStatus

# status: (shape, colour)
TASK_BADGES: dict[TaskStatus, tuple[str, str]] = {
    TaskStatus.NOT_STARTED: ("ring", GREY),
    TaskStatus.DRAFT: ("half", BLUE),
    TaskStatus.COMPLETE: ("check", GREEN),
    TaskStatus.NOT_MET: ("warning", VERMILLION),
    TaskStatus.RETURNED: ("back", PURPLE),
    TaskStatus.ACCEPTED: ("seal", BLUE),
    TaskStatus.NOT_APPLICABLE: ("dash", GREY),
    TaskStatus.MEASURES_MISSING: ("open_warning", VERMILLION),
}


@cache
def evaluation_badges() -> dict[Status, tuple[str, str]]:
    """status: (shape, colour) of an indicator's evaluation (met, not met, unknown…)."""
    from ecodesk.core.evaluation import Status

    return {
        Status.MET: ("check", GREEN),
        Status.NOT_MET: ("warning", VERMILLION),
        Status.UNKNOWN: ("question", ORANGE),
        Status.NOT_APPLICABLE: ("dash", GREY),
        Status.INVALID: ("cross", VERMILLION),
        Status.BASELINE: ("base", BLUE),
    }


@cache
def cell_badges() -> dict[CellStatus, tuple[str, str, str]]:
    """status: (shape, colour, cell background) of the task force's matrix cells."""
    from ecodesk.store.matrix import CellStatus

    return {
        CellStatus.NOT_ASSIGNED: ("none", "#b0b0b0", "#f4f4f4"),
        CellStatus.MISSING: ("ring", GREY, "#ffffff"),
        CellStatus.DRAFT: ("half", BLUE, "#e6f0f8"),
        CellStatus.COMPLETE: ("question", ORANGE, "#fdf3dc"),
        CellStatus.MET: ("check", GREEN, "#dff2ea"),
        CellStatus.NOT_MET: ("warning", VERMILLION, "#fbe1d0"),
        CellStatus.RETURNED: ("back", PURPLE, "#f7e4ef"),
        CellStatus.ACCEPTED: ("seal", BLUE, "#d3e6f4"),
        CellStatus.CONFLICT: ("cross", "#000000", "#fff0a0"),
        CellStatus.NOT_APPLICABLE: ("dash", GREY, "#ececec"),
        CellStatus.INVALID: ("cross", VERMILLION, "#fbe1d0"),
        CellStatus.BASELINE: ("base", BLUE, "#e6f0f8"),
        CellStatus.MEASURES_MISSING: ("open_warning", VERMILLION, "#fff0a0"),
    }


@cache
def badge_pixmap(shape: str, colour: str, size: int = 16) -> QPixmap:
    # Drawing is imported here: a start from the picture takes the badges as kept (first_paint).
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QPainter

    ratio = 2.0  # sharp on high-DPI screens
    pixmap = QPixmap(int(size * ratio), int(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    _draw(painter, shape, QColor(colour), float(size))
    painter.end()
    return pixmap


def task_pixmap(status: TaskStatus) -> QPixmap:
    return _kept.get(status) or badge_pixmap(*TASK_BADGES[status])


# The task badges as drawn at the last close, side by side, for the next start's first paint
# (`ui.first_paint`): drawing them needs Qt's pen enums, and naming one builds every enum of
# Qt's namespace (~20 ms). The file's name carries the badges' shapes and colours, so other
# badges (another version) never read it.
_kept: dict[TaskStatus, QPixmap] = {}
_SIDE = 32  # device pixels of one badge (16 at ratio 2)
_MAX_KEPT_BYTES = 64 * 1024


def kept_badges_name() -> str:
    key = zlib.crc32(repr(sorted(TASK_BADGES.items())).encode())
    return f"first_paint_badges-{key:08x}.png"


def kept_badges_png() -> bytes:
    """The task badges in a row, as `use_kept_badges` reads them."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QPainter

    strip = QPixmap(_SIDE * len(TaskStatus), _SIDE)
    strip.setDevicePixelRatio(2.0)
    strip.fill(Qt.GlobalColor.transparent)
    painter = QPainter(strip)
    for i, status in enumerate(TaskStatus):
        painter.drawPixmap(i * _SIDE // 2, 0, badge_pixmap(*TASK_BADGES[status]))
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    strip.save(buffer, "PNG")
    return bytes(data.data())


def use_kept_badges(path: Path) -> bool:
    """Take the task badges from `path` (written by `kept_badges_png`) instead of drawing them;
    False, and nothing taken, when it is missing or not such a row of badges."""
    try:
        if path.stat().st_size > _MAX_KEPT_BYTES:
            return False
        data = path.read_bytes()
    except OSError:
        return False
    strip = QPixmap()
    if not strip.loadFromData(data, "PNG"):
        return False
    if (strip.width(), strip.height()) != (_SIDE * len(TaskStatus), _SIDE):
        return False
    for i, status in enumerate(TaskStatus):
        badge = strip.copy(i * _SIDE, 0, _SIDE, _SIDE)
        badge.setDevicePixelRatio(2.0)
        _kept[status] = badge
    return True


def evaluation_pixmap(status: Status) -> QPixmap:
    return badge_pixmap(*evaluation_badges()[status])


@cache
def evaluation_icon(status: Status) -> QIcon:
    from PySide6.QtGui import QIcon

    return QIcon(evaluation_pixmap(status))


@cache
def cell_icon(status: CellStatus) -> QIcon:
    from PySide6.QtGui import QIcon

    shape, colour, _ = cell_badges()[status]
    return QIcon(badge_pixmap(shape, colour))


def cell_background(status: CellStatus) -> QColor:
    return QColor(cell_badges()[status][2])


def _draw(p: QPainter, shape: str, colour: QColor, s: float) -> None:
    from PySide6.QtGui import QPainterPath

    p.setPen(_pen(colour, s / 8))
    box = QRectF(s * 0.12, s * 0.12, s * 0.76, s * 0.76)
    if shape == "ring":
        p.drawEllipse(box)
    elif shape == "half":
        p.drawEllipse(box)
        p.setBrush(colour)
        p.drawPie(box, 90 * 16, 180 * 16)
    elif shape in ("check", "seal"):
        if shape == "seal":
            p.setBrush(colour)
            p.drawEllipse(box)
            p.setPen(_pen(QColor("white"), s / 8))
        _polyline(p, [(0.28, 0.52), (0.44, 0.68), (0.74, 0.34)], s)
    elif shape == "warning":
        path = QPainterPath(QPointF(s * 0.5, s * 0.08))
        path.lineTo(s * 0.94, s * 0.88)
        path.lineTo(s * 0.06, s * 0.88)
        path.closeSubpath()
        p.fillPath(path, colour)
        p.setPen(_pen(QColor("white"), s / 9))
        p.drawLine(QPointF(s * 0.5, s * 0.36), QPointF(s * 0.5, s * 0.6))
        p.drawPoint(QPointF(s * 0.5, s * 0.75))
    elif shape == "open_warning":  # not met and nothing done about it yet: an empty triangle
        _polyline(p, [(0.5, 0.1), (0.92, 0.86), (0.08, 0.86), (0.5, 0.1)], s)
        p.drawLine(QPointF(s * 0.5, s * 0.38), QPointF(s * 0.5, s * 0.58))
        p.drawPoint(QPointF(s * 0.5, s * 0.72))
    elif shape == "base":  # the baseline year: a starting line with a mark rising from it
        p.drawLine(QPointF(s * 0.14, s * 0.8), QPointF(s * 0.86, s * 0.8))
        _polyline(p, [(0.3, 0.8), (0.3, 0.5), (0.7, 0.2)], s)
    elif shape == "back":
        p.drawArc(QRectF(s * 0.25, s * 0.2, s * 0.6, s * 0.6), 90 * 16, -250 * 16)
        _polyline(p, [(0.3, 0.08), (0.52, 0.2), (0.34, 0.36)], s)
    elif shape == "question":
        p.drawEllipse(box)
        p.drawArc(QRectF(s * 0.36, s * 0.26, s * 0.28, s * 0.24), 160 * 16, -250 * 16)
        p.drawLine(QPointF(s * 0.5, s * 0.5), QPointF(s * 0.5, s * 0.58))
        p.drawPoint(QPointF(s * 0.5, s * 0.72))
    elif shape == "cross":
        p.setPen(_pen(colour, s / 6))
        _polyline(p, [(0.2, 0.2), (0.8, 0.8)], s)
        _polyline(p, [(0.8, 0.2), (0.2, 0.8)], s)
    elif shape == "dash":
        p.drawLine(QPointF(s * 0.22, s * 0.5), QPointF(s * 0.78, s * 0.5))
    # "none": an empty badge keeps the columns aligned


def _pen(colour: QColor, width: float) -> QPen:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QPen

    return QPen(
        colour, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin
    )


def _polyline(p: QPainter, points: list[tuple[float, float]], s: float) -> None:
    for (x1, y1), (x2, y2) in zip(points, points[1:], strict=False):
        p.drawLine(QPointF(x1 * s, y1 * s), QPointF(x2 * s, y2 * s))
