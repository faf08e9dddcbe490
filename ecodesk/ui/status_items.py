"""The items at the right end of a window's status bar that may give way on a narrow window.

The clerk's window shows there, from left to right: the changes not sent, the task package's
age, and then the automatic backup's state and the read-only mark. On a 1366×768 PC at 125 % or
150 % scaling, in English or with every item shown, they can be wider than the window. The first
two are what a clerk acts on and stay whole (plain labels); the others are added here as
`ElidingLabel`s, which end in "…" when there is no room, and whose tooltip then holds their
whole text (it holds the details anyway).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QWidget

# Between an item and the one before it, so two texts do not read as one (Qt leaves 6 px).
ITEM_GAP = 16
WARNING_MARK = "⚠ "  # the tooltip need not repeat it (it repeats the words)


class ElidingLabel(QLabel):
    """A one-line label that may be narrower than its text: the text then ends in "…", and the
    tooltip starts with the whole text. `text()` is always the whole text."""

    def __init__(self, text: str = "", parent: QWidget | None = None, *, kept: int = 4) -> None:
        super().__init__(text, parent)
        self._kept = kept  # characters shown however narrow the window
        self._own_tip = ""

    def minimumSizeHint(self) -> QSize:
        whole = super().minimumSizeHint()
        frame = self.width() - self.contentsRect().width()  # margins and frame, any width
        start = self.text()[: self._kept]
        shortest = self.fontMetrics().horizontalAdvance(start + "…") + frame
        return QSize(min(whole.width(), shortest), whole.height())

    def is_elided(self) -> bool:
        return self.fontMetrics().horizontalAdvance(self.text()) > self.contentsRect().width()

    def shown_text(self) -> str:
        """What a person reads: the text, or as much of it as fits followed by "…"."""
        if not self.is_elided():
            return self.text()
        width = self.contentsRect().width()
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, width)

    def setText(self, text: str) -> None:
        super().setText(text)
        self._show_tip()

    def setToolTip(self, tip: str) -> None:
        self._own_tip = tip
        self._show_tip()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._show_tip()

    def _show_tip(self) -> None:
        tip, words = self._own_tip, self.text().removeprefix(WARNING_MARK)
        if self.is_elided() and words not in tip:
            tip = f"{self.text()}\n{tip}" if tip else self.text()
        super().setToolTip(tip)

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.is_elided():
            super().paintEvent(event)
            return
        painter = QPainter(self)
        self.style().drawItemText(painter, self.contentsRect(), int(self.alignment()),
                                  self.palette(), self.isEnabled(), self.shown_text(),
                                  self.foregroundRole())  # fmt: skip


def add_status_item(window: QMainWindow, item: QLabel) -> QLabel:
    """Put `item` at the right end of `window`'s status bar, after the items already there."""
    margins = item.contentsMargins()
    margins.setLeft(ITEM_GAP)
    item.setContentsMargins(margins)
    window.statusBar().addPermanentWidget(item)
    return item
