"""Look: the CJK font, the colour palette and the stylesheet (status badges: `badges`).

Colours are from the Okabe–Ito palette, which stays distinguishable with the common kinds of
colour blindness.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget

GREY = "#6b6b6b"
BLUE = "#0072B2"
GREEN = "#009E73"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
SKY = "#56B4E9"
ORANGE = "#E69F00"

# Chinese font families, tried in order (Windows, macOS, then Linux); the window and the PDF
# report both take the first one installed.
CJK_FONTS = (
    "Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC", "Heiti SC", "Noto Sans CJK SC",
    "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "SimSun",
    "Droid Sans Fallback", "AR PL UMing CN",
)  # fmt: skip

STYLESHEET = f"""
QWidget {{ font-size: 10pt; }}
QLabel#taskTitle {{ font-size: 15pt; font-weight: bold; }}
QLabel#sectionTitle {{ font-size: 11pt; font-weight: bold; margin-top: 6px; }}
QLabel#requirement {{ color: #333; background: #f4f6f8; border-radius: 4px; padding: 8px; }}
QLabel#target {{ color: #333; }}
QLabel#hint {{ color: {GREY}; }}
QFrame#returnedBanner {{ background: #fbeaf3; border: 1px solid {PURPLE}; border-radius: 4px; }}
QFrame#refusedBanner {{ background: #fdecea; border: 2px solid {VERMILLION}; border-radius: 4px; }}
QLabel#refusedText {{ color: #8a2a00; font-weight: bold; }}
QFrame#lockedBanner {{ background: #e8f1f8; border: 1px solid {BLUE}; border-radius: 4px; }}
QLineEdit, QPlainTextEdit, QComboBox, QDoubleSpinBox {{
    border: 1px solid #a0a0a0; border-radius: 3px; padding: 2px 4px; background: white; }}
QLineEdit:read-only, QPlainTextEdit[readOnly="true"] {{ background: #f4f4f4; }}
QLineEdit:focus, QPlainTextEdit:focus, QComboBox:focus, QDoubleSpinBox:focus {{
    border: 2px solid {BLUE}; padding: 1px 3px; background: #fff8d6; }}
QTreeView:focus, QTableView:focus, QListWidget:focus {{ border: 2px solid {BLUE}; }}
QPlainTextEdit[required="true"] {{ border: 2px solid {VERMILLION}; background: #fff6f0; }}
QPlainTextEdit[required="true"]:focus {{ background: #fff8d6; }}
QLabel[required="true"] {{ color: {VERMILLION}; font-weight: bold; }}
QLineEdit[invalid="true"] {{ border: 2px solid {VERMILLION}; padding: 1px 3px; }}
QFrame#evidenceDrop[dragging="true"] {{ background: #eaf5ff; border: 2px dashed {BLUE}; }}
QFrame#evidenceDrop {{ border: 1px dashed #b0b0b0; border-radius: 4px; }}
QLabel#stateNotice {{ background: #fff3d6; border: 1px solid {ORANGE}; border-radius: 4px;
    padding: 6px; margin: 0 16px; }}
QListWidget#problems {{ border: 1px solid {VERMILLION}; background: #fff6f0; }}
"""


def apply_look(app: QApplication, *, style_sheet: bool = True) -> None:
    """The font, and the style sheet unless `style_sheet` is False: then `use_style_sheet`
    sets it once the first window is built, before it is shown (see there)."""
    # Qt takes the first installed family of the list; no need to list every font (start-up)
    font = QFont(app.font())
    font.setFamilies([*CJK_FONTS, *app.font().families()])
    font.setPointSize(10)
    app.setFont(font)
    if style_sheet:
        app.setStyleSheet(STYLESHEET)


def use_style_sheet(app: QApplication) -> None:
    """Set the style sheet, if it is not yet. At start-up it comes once the first window is
    built and before it is shown: while an application has a style sheet, Qt re-styles a whole
    part of a window (every widget in it, unpolished and polished again) each time that part is
    put into its parent, which as the window is assembled cost a third of its build time; set
    on the built window, every widget is styled once, and looks the same."""
    if app.styleSheet() != STYLESHEET:
        app.setStyleSheet(STYLESHEET)


def use_window_icon(app: QApplication) -> None:
    """ecodesk's icon on every window, if it has none yet. At start-up it comes once the first
    window is built whole: QIcon's class and the picture cost ~3 ms before the first paint, and
    the title bar's icon is not what a clerk looks at first."""
    from PySide6.QtGui import QIcon

    from ecodesk.resources import resource_path

    if app.windowIcon().isNull():
        app.setWindowIcon(QIcon(str(resource_path("resources", "icons", "ecodesk.png"))))


W = TypeVar("W", bound=QWidget)


def named(widget: W, name: str) -> W:
    """Give a widget the object name the stylesheet knows it by."""
    widget.setObjectName(name)
    return widget
