"""Small charts drawn with QPainter (PySide6-Essentials has no QtCharts).

`BarChart`: grouped bars per category (met / not met by county). `TrendChart`: one indicator's
value across periods with its target as a dashed line. Both keep their data in plain fields
that tests can read, and draw nothing else.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ecodesk.core.values import format_number
from ecodesk.ui.taskforce.i18n import tr


class _Chart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(360, 180)  # the tab fits a 1366×768 screen at 150 %

    def sizeHint(self) -> QSize:
        return QSize(520, 300)

    def _frame(self, painter: QPainter) -> QRectF:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        metrics = QFontMetrics(self.font())
        line = metrics.height()
        painter.setPen(QColor("#222"))
        painter.drawText(
            QRectF(0, 4, self.width(), line + 4), Qt.AlignmentFlag.AlignHCenter, self.title
        )
        return QRectF(48, line * 2 + 12, self.width() - 64, self.height() - line * 5 - 16)

    def _y_axis(self, painter: QPainter, plot: QRectF, low: float, high: float) -> None:
        painter.setPen(QPen(QColor("#ddd"), 1))
        metrics = QFontMetrics(self.font())
        for i in range(5):
            value = low + (high - low) * i / 4
            y = plot.bottom() - plot.height() * i / 4
            painter.setPen(QPen(QColor("#e4e4e4"), 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(QColor("#555"))
            text = format_number(round(value, 2))
            painter.drawText(
                QRectF(0, y - metrics.height() / 2, plot.left() - 6, metrics.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                text,
            )


class BarChart(_Chart):
    """Grouped bars: for each category, one bar per series."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.categories: list[str] = []
        self.series: list[
            tuple[str, str, list[float]]
        ] = []  # (name, colour, one value per category)

    def set_data(
        self,
        title: str,
        categories: Sequence[str],
        series: Sequence[tuple[str, str, Sequence[float]]],
    ) -> None:
        self.title = title
        self.categories = list(categories)
        self.series = [(name, colour, list(values)) for name, colour, values in series]
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        plot = self._frame(painter)
        metrics = QFontMetrics(self.font())
        if not self.categories or not self.series:
            painter.end()
            return
        # Bars are counts of indicators: a top divisible by the 4 grid steps keeps ticks whole.
        highest = max((max(v, default=0) for _, _, v in self.series), default=0)
        top = max(4, math.ceil(highest / 4) * 4)
        self._y_axis(painter, plot, 0, top)
        slot = plot.width() / len(self.categories)
        bar = slot * 0.7 / len(self.series)
        for i, category in enumerate(self.categories):
            x0 = plot.left() + slot * i + slot * 0.15
            for j, (_, colour, values) in enumerate(self.series):
                value = values[i]
                height = plot.height() * value / top
                rect = QRectF(x0 + bar * j, plot.bottom() - height, bar - 2, height)
                painter.fillRect(rect, QColor(colour))
                if value:
                    painter.setPen(QColor("#222"))
                    painter.drawText(
                        QRectF(
                            rect.left() - 6,
                            rect.top() - metrics.height(),
                            rect.width() + 12,
                            metrics.height(),
                        ),
                        Qt.AlignmentFlag.AlignHCenter,
                        format_number(value),
                    )
            painter.setPen(QColor("#222"))
            painter.drawText(
                QRectF(plot.left() + slot * i, plot.bottom() + 4, slot, metrics.height() + 2),
                Qt.AlignmentFlag.AlignHCenter,
                metrics.elidedText(category, Qt.TextElideMode.ElideRight, int(slot)),
            )
        self._legend(painter, plot.bottom() + metrics.height() + 10)
        painter.end()

    def _legend(self, painter: QPainter, y: float) -> None:
        metrics = QFontMetrics(self.font())
        x = 48.0
        for name, colour, _ in self.series:
            painter.fillRect(QRectF(x, y + 3, 12, 12), QColor(colour))
            painter.setPen(QColor("#222"))
            width = metrics.horizontalAdvance(name) + 8
            painter.drawText(
                QRectF(x + 16, y, width, metrics.height() + 4), Qt.AlignmentFlag.AlignLeft, name
            )
            x += width + 36


class TrendChart(_Chart):
    """One indicator across periods: points joined by a line, the target dashed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points: list[tuple[int, float]] = []
        self.target: float | None = None
        self.target_label = ""

    def set_data(
        self,
        title: str,
        points: Sequence[tuple[int, float]],
        target: float | None,
        target_label: str = "",
    ) -> None:
        self.title = title
        self.points = sorted(points)
        self.target = target
        self.target_label = target_label
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        plot = self._frame(painter)
        metrics = QFontMetrics(self.font())
        if not self.points:
            # Yes/no and choice indicators have no figures; say so rather than leave a blank.
            painter.setPen(QColor("#555"))
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             tr("No figures to chart: this indicator is answered yes/no or by a "
                                "choice, or has no values yet."))  # fmt: skip
            painter.end()
            return
        values = [v for _, v in self.points] + ([self.target] if self.target is not None else [])
        low, high = min(values), max(values)
        pad = (high - low) * 0.2 or max(abs(high) * 0.1, 1.0)
        low, high = max(low - pad, 0.0) if low >= 0 else low - pad, high + pad
        self._y_axis(painter, plot, low, high)
        periods = [p for p, _ in self.points]
        span = max(len(periods) - 1, 1)

        def where(i: int, value: float) -> QPointF:
            x = plot.left() + plot.width() * (0.5 if len(periods) == 1 else i / span)
            return QPointF(x, plot.bottom() - plot.height() * (value - low) / (high - low))

        if self.target is not None:
            y = where(0, self.target).y()
            painter.setPen(QPen(QColor("#D55E00"), 1.5, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.drawText(QRectF(plot.left() + 4, y - metrics.height() - 2, plot.width(), metrics.height()),
                             Qt.AlignmentFlag.AlignLeft, self.target_label)  # fmt: skip
        painter.setPen(QPen(QColor("#0072B2"), 2))
        points = [where(i, v) for i, (_, v) in enumerate(self.points)]
        for a, b in zip(points, points[1:], strict=False):
            painter.drawLine(a, b)
        for (period, value), point in zip(self.points, points, strict=True):
            painter.setBrush(QColor("#0072B2"))
            painter.drawEllipse(point, 4, 4)
            painter.setPen(QColor("#222"))
            painter.drawText(QRectF(point.x() - 40, point.y() - metrics.height() - 6, 80, metrics.height()),
                             Qt.AlignmentFlag.AlignHCenter, format_number(value))  # fmt: skip
            painter.drawText(QRectF(point.x() - 40, plot.bottom() + 4, 80, metrics.height() + 2),
                             Qt.AlignmentFlag.AlignHCenter, str(period))  # fmt: skip
            painter.setPen(QPen(QColor("#0072B2"), 2))
        painter.end()
