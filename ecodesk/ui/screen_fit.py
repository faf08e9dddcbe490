"""Sizing and placing every top-level window and dialog so that it fits the screen.

A county PC is often 1366×768 with Windows scaling at 125 % or 150 %, which leaves Qt a logical
screen of about 1093×584 or 911×486 once the taskbar is taken off. A window asks for its
preferred size here and gets at most what the screen's available area holds (less the frame the
window manager draws around it), centred on the screen of its parent, so no button, status bar or
panel starts off screen. Content taller than that scrolls inside the window (the entry editor,
the review dialog), never past the screen's edge.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QComboBox, QMainWindow, QStatusBar, QWidget

if TYPE_CHECKING:  # loaded when used: not needed for the clerk's first paint
    from PySide6.QtWidgets import QScrollArea

# What a window manager adds around the client area: the title bar (about 30 px at 100 %, more
# with Windows 11's) and the borders. The client area is sized to leave room for them.
FRAME_WIDTH = 16
FRAME_HEIGHT = 40
# Room between the status bar's last item and the window's right edge, where Qt leaves none
# once the size grip is off (its last glyph touched the border, at 100 % and 125 % alike). As
# wide as the editor's margin above it.
STATUS_BAR_END = 16


def available_geometry(widget: QWidget | None = None) -> QRect:
    """The usable area (no taskbar) of the screen `widget` is on, or of the primary screen.

    Tests replace this function to stand in for a 1366×768 screen at 125 % or 150 %."""
    screen = None
    if widget is not None:
        parent = widget.parentWidget()
        screen = (parent.window() if parent is not None else widget).screen()
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1024, 700)


def client_limit(widget: QWidget | None = None) -> QSize:
    """The largest client area a window may have on the screen, its frame included."""
    area = available_geometry(widget)
    return QSize(area.width() - FRAME_WIDTH, area.height() - FRAME_HEIGHT)


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Give `widget` its preferred size, or less if the screen is smaller, and centre it.

    Call it once in the constructor of every top-level window and dialog, after its layout is
    built, instead of `resize()`. A window whose saved geometry is restored afterwards is put
    back inside the screen by `keep_on_screen`."""
    limit = client_limit(widget)
    wanted = QSize(width, height).expandedTo(widget.minimumSizeHint())
    widget.resize(wanted.boundedTo(limit))
    _centre(widget)


def fit_dialog(widget: QWidget) -> None:
    """A dialog sized by its layout (no preferred size): its size hint, capped by the screen."""
    hint = widget.sizeHint()
    fit_to_screen(widget, hint.width(), hint.height())


def keep_on_screen(widget: QWidget) -> None:
    """After `restoreGeometry` (a window last closed on a larger monitor): shrink and move it
    back inside the available area."""
    limit = client_limit(widget)
    if widget.width() > limit.width() or widget.height() > limit.height():
        widget.resize(widget.size().boundedTo(limit))
    area = available_geometry(widget)
    frame = QRect(widget.pos(), widget.size() + QSize(FRAME_WIDTH, FRAME_HEIGHT))
    if not area.contains(frame):
        _centre(widget)


def _centre(widget: QWidget) -> None:
    """Centre over the parent window (a dialog) or the screen (a main window), inside the
    available area either way."""
    area = available_geometry(widget)
    outer = widget.size() + QSize(FRAME_WIDTH, FRAME_HEIGHT)
    parent = widget.parentWidget()
    over = parent.window().frameGeometry() if parent is not None else area
    x = over.center().x() - outer.width() // 2
    y = over.center().y() - outer.height() // 2
    x = min(max(x, area.left()), area.left() + max(area.width() - outer.width(), 0))
    y = min(max(y, area.top()), area.top() + max(area.height() - outer.height(), 0))
    widget.move(x, y)


def reserve_status_bar(window: QMainWindow) -> QStatusBar:
    """Create the status bar at once, at its full height, so that the first message does not
    push the window's bottom buttons up under the pointer."""
    bar = window.statusBar()
    bar.setSizeGripEnabled(False)
    bar.setContentsMargins(0, 0, STATUS_BAR_END, 0)
    bar.setMinimumHeight(bar.fontMetrics().height() + 10)
    bar.show()
    return bar


def scrolling(content: QWidget) -> QScrollArea:
    """`content` in a frameless scroll area: whole on a large screen, scrolled on a small one."""
    from PySide6.QtWidgets import QScrollArea

    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(content)
    return area


def narrow_combo(box: QComboBox, characters: int = 8) -> QComboBox:
    """A combo box whose width does not grow with its longest item (the list still shows it
    whole), so a long status name cannot push a window past a small screen."""
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(characters)
    return box


def shrinkable(widget: QWidget) -> QWidget:
    """A row (a legend) that may be cut at its right end on a small screen rather than widen
    the window past it."""
    policy = widget.sizePolicy()
    from PySide6.QtWidgets import QSizePolicy

    policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)
    widget.setSizePolicy(policy)
    return widget
