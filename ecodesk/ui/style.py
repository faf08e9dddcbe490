"""Look: the CJK font, the stylesheet, and status badges that differ by shape as well as colour.

Colours are from the Okabe–Ito palette, which stays distinguishable with the common kinds of
colour blindness; every badge also has its own shape, so colour is never the only cue.
"""

from __future__ import annotations

from functools import cache
from typing import TypeVar

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QIcon, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import QApplication, QWidget

from ecodesk.core.entries import TaskStatus
from ecodesk.core.evaluation import Status

GREY = "#6b6b6b"
BLUE = "#0072B2"
GREEN = "#009E73"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
SKY = "#56B4E9"
ORANGE = "#E69F00"

# shape, colour
TASK_BADGES: dict[TaskStatus, tuple[str, str]] = {
    TaskStatus.NOT_STARTED: ("ring", GREY),
    TaskStatus.DRAFT: ("half", BLUE),
    TaskStatus.COMPLETE: ("check", GREEN),
    TaskStatus.NOT_MET: ("warning", VERMILLION),
    TaskStatus.RETURNED: ("back", PURPLE),
    TaskStatus.ACCEPTED: ("seal", BLUE),
    TaskStatus.NOT_APPLICABLE: ("dash", GREY),
}

EVALUATION_BADGES: dict[Status, tuple[str, str]] = {
    Status.MET: ("check", GREEN),
    Status.NOT_MET: ("warning", VERMILLION),
    Status.UNKNOWN: ("question", ORANGE),
    Status.NOT_APPLICABLE: ("dash", GREY),
}

CJK_FONTS = ("Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC",
             "Source Han Sans SC", "WenQuanYi Micro Hei")  # fmt: skip

STYLESHEET = f"""
QWidget {{ font-size: 10pt; }}
QLabel#taskTitle {{ font-size: 15pt; font-weight: bold; }}
QLabel#sectionTitle {{ font-size: 11pt; font-weight: bold; margin-top: 6px; }}
QLabel#requirement {{ color: #333; background: #f4f6f8; border-radius: 4px; padding: 8px; }}
QLabel#target {{ color: #333; }}
QLabel#hint {{ color: {GREY}; }}
QFrame#returnedBanner {{ background: #fbeaf3; border: 1px solid {PURPLE}; border-radius: 4px; }}
QFrame#lockedBanner {{ background: #e8f1f8; border: 1px solid {BLUE}; border-radius: 4px; }}
QPlainTextEdit[required="true"] {{ border: 2px solid {VERMILLION}; background: #fff6f0; }}
QLabel[required="true"] {{ color: {VERMILLION}; font-weight: bold; }}
QLineEdit[invalid="true"] {{ border: 2px solid {VERMILLION}; }}
QFrame#evidenceDrop[dragging="true"] {{ background: #eaf5ff; border: 2px dashed {BLUE}; }}
QFrame#evidenceDrop {{ border: 1px dashed #b0b0b0; border-radius: 4px; }}
QListWidget#problems {{ border: 1px solid {VERMILLION}; background: #fff6f0; }}
"""


def apply_look(app: QApplication) -> None:
    families = set(QFontDatabase.families())
    for family in CJK_FONTS:
        if family in families:
            font = QFont(family, 10)
            app.setFont(font)
            break
    app.setStyleSheet(STYLESHEET)


@cache
def badge_pixmap(shape: str, colour: str, size: int = 16) -> QPixmap:
    ratio = 2.0  # sharp on high-DPI screens
    pixmap = QPixmap(int(size * ratio), int(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    _draw(painter, shape, QColor(colour), float(size))
    painter.end()
    return pixmap


def task_icon(status: TaskStatus) -> QIcon:
    return QIcon(badge_pixmap(*TASK_BADGES[status]))


def evaluation_pixmap(status: Status) -> QPixmap:
    return badge_pixmap(*EVALUATION_BADGES[status])


def _draw(p: QPainter, shape: str, colour: QColor, s: float) -> None:
    pen = QPen(
        colour, s / 8, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin
    )
    p.setPen(pen)
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
    elif shape == "back":
        p.drawArc(QRectF(s * 0.25, s * 0.2, s * 0.6, s * 0.6), 90 * 16, -250 * 16)
        _polyline(p, [(0.3, 0.08), (0.52, 0.2), (0.34, 0.36)], s)
    elif shape == "question":
        p.drawEllipse(box)
        p.drawArc(QRectF(s * 0.36, s * 0.26, s * 0.28, s * 0.24), 160 * 16, -250 * 16)
        p.drawLine(QPointF(s * 0.5, s * 0.5), QPointF(s * 0.5, s * 0.58))
        p.drawPoint(QPointF(s * 0.5, s * 0.72))
    else:  # dash
        p.drawLine(QPointF(s * 0.22, s * 0.5), QPointF(s * 0.78, s * 0.5))


def _pen(colour: QColor, width: float) -> QPen:
    return QPen(
        colour, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin
    )


def _polyline(p: QPainter, points: list[tuple[float, float]], s: float) -> None:
    for (x1, y1), (x2, y2) in zip(points, points[1:], strict=False):
        p.drawLine(QPointF(x1 * s, y1 * s), QPointF(x2 * s, y2 * s))


W = TypeVar("W", bound=QWidget)


def named(widget: W, name: str) -> W:
    """Give a widget the object name the stylesheet knows it by."""
    widget.setObjectName(name)
    return widget
