"""Cell badges for the review matrix: every status has its own shape AND colour.

Colours follow the Okabe–Ito palette (distinguishable with common colour blindness); the
shape alone also tells the statuses apart, so colour is never the only cue.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

from ecodesk.core.evaluation import Status
from ecodesk.store.matrix import CellStatus

# status: (shape, ink, cell background)
CELL_BADGES: dict[CellStatus, tuple[str, str, str]] = {
    CellStatus.NOT_ASSIGNED: ("none", "#b0b0b0", "#f4f4f4"),
    CellStatus.MISSING: ("ring", "#6b6b6b", "#ffffff"),
    CellStatus.DRAFT: ("half", "#0072B2", "#e6f0f8"),
    CellStatus.COMPLETE: ("question", "#E69F00", "#fdf3dc"),
    CellStatus.MET: ("check", "#009E73", "#dff2ea"),
    CellStatus.NOT_MET: ("warning", "#D55E00", "#fbe1d0"),
    CellStatus.RETURNED: ("back", "#CC79A7", "#f7e4ef"),
    CellStatus.ACCEPTED: ("seal", "#0072B2", "#d3e6f4"),
    CellStatus.CONFLICT: ("cross", "#000000", "#fff0a0"),
    CellStatus.NOT_APPLICABLE: ("dash", "#6b6b6b", "#ececec"),
}

EVALUATION_BADGES: dict[Status, tuple[str, str]] = {
    Status.MET: ("check", "#009E73"),
    Status.NOT_MET: ("warning", "#D55E00"),
    Status.UNKNOWN: ("question", "#E69F00"),
    Status.NOT_APPLICABLE: ("dash", "#6b6b6b"),
}


@cache
def pixmap(shape: str, colour: str, size: int = 16) -> QPixmap:
    ratio = 2.0
    result = QPixmap(int(size * ratio), int(size * ratio))
    result.setDevicePixelRatio(ratio)
    result.fill(Qt.GlobalColor.transparent)
    painter = QPainter(result)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    _draw(painter, shape, QColor(colour), float(size))
    painter.end()
    return result


@cache
def cell_icon(status: CellStatus) -> QIcon:
    shape, ink, _ = CELL_BADGES[status]
    return QIcon(pixmap(shape, ink))


def cell_background(status: CellStatus) -> QColor:
    return QColor(CELL_BADGES[status][2])


@cache
def evaluation_icon(status: Status) -> QIcon:
    return QIcon(pixmap(*EVALUATION_BADGES[status]))


def _pen(colour: QColor, width: float) -> QPen:
    return QPen(
        colour, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin
    )


def _lines(p: QPainter, points: list[tuple[float, float]], s: float) -> None:
    for (x1, y1), (x2, y2) in zip(points, points[1:], strict=False):
        p.drawLine(QPointF(x1 * s, y1 * s), QPointF(x2 * s, y2 * s))


def _draw(p: QPainter, shape: str, colour: QColor, s: float) -> None:
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
        _lines(p, [(0.28, 0.52), (0.44, 0.68), (0.74, 0.34)], s)
    elif shape == "warning":
        path = QPainterPath(QPointF(s * 0.5, s * 0.08))
        path.lineTo(s * 0.94, s * 0.88)
        path.lineTo(s * 0.06, s * 0.88)
        path.closeSubpath()
        p.fillPath(path, colour)
        p.setPen(_pen(QColor("white"), s / 9))
        p.drawLine(QPointF(s * 0.5, s * 0.36), QPointF(s * 0.5, s * 0.6))
        p.drawPoint(QPointF(s * 0.5, s * 0.75))
    elif shape == "back":
        p.drawArc(QRectF(s * 0.25, s * 0.2, s * 0.6, s * 0.6), 90 * 16, -250 * 16)
        _lines(p, [(0.3, 0.08), (0.52, 0.2), (0.34, 0.36)], s)
    elif shape == "question":
        p.drawEllipse(box)
        p.drawArc(QRectF(s * 0.36, s * 0.26, s * 0.28, s * 0.24), 160 * 16, -250 * 16)
        p.drawLine(QPointF(s * 0.5, s * 0.5), QPointF(s * 0.5, s * 0.58))
        p.drawPoint(QPointF(s * 0.5, s * 0.72))
    elif shape == "cross":
        p.setPen(_pen(colour, s / 6))
        _lines(p, [(0.2, 0.2), (0.8, 0.8)], s)
        _lines(p, [(0.8, 0.2), (0.2, 0.8)], s)
    elif shape == "dash":
        p.drawLine(QPointF(s * 0.22, s * 0.5), QPointF(s * 0.78, s * 0.5))
