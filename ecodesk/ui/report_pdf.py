"""The printable PDF report of one office, laid out by Qt (QTextDocument on a QPdfWriter).

The HTML comes from `ecodesk.reports.office_report`; this module picks a CJK font (Qt embeds
the glyphs it uses as a subset), paginates and adds page numbers. It works without a window:
the CLI calls `write_report_pdf` with the offscreen platform.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QFont,
    QFontDatabase,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)

from ecodesk.ui.style import CJK_FONTS

_RESOLUTION = 300


def ensure_gui_application() -> Any:
    """A QGuiApplication for font and PDF work; offscreen when there is no display (CLI, CI)."""
    app = QGuiApplication.instance()
    if app is None:
        if sys.platform.startswith("linux") and not (
            os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
        ):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QGuiApplication(["ecodesk"])
    return app


def cjk_family() -> str:
    """The first installed font family that has Chinese glyphs."""
    families = set(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))
    for family in CJK_FONTS:
        if family in families:
            return family
    if families:
        return sorted(families)[0]
    from ecodesk.core.errors import UserError
    from ecodesk.core.i18n import t

    raise UserError(t("找不到中文字体，无法生成 PDF（请安装 Noto Sans CJK 或文泉驿字体）",
                      "no Chinese font found, cannot write the PDF (install Noto Sans CJK or WenQuanYi)"))  # fmt: skip


def render_pdf(html: str, target: Path, *, title: str) -> int:
    """Lay `html` out on A4 pages with page numbers and write the PDF atomically; return the page count."""
    from ecodesk.store.files import atomic_write_bytes

    ensure_gui_application()
    temp = target.with_name(f".{target.name}.render")
    try:
        pages = _render(html, temp, title)
        atomic_write_bytes(target, temp.read_bytes())
    finally:
        temp.unlink(missing_ok=True)
    return pages


def _render(html: str, path: Path, title: str) -> int:
    writer = QPdfWriter(str(path))
    writer.setResolution(_RESOLUTION)
    writer.setTitle(title)
    writer.setCreator("ecodesk")
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(15, 15, 15, 18), QPageLayout.Unit.Millimeter))  # fmt: skip
    document = QTextDocument()
    document.documentLayout().setPaintDevice(writer)  # measure text at the PDF's resolution
    font = QFont(cjk_family())
    font.setPointSizeF(9.5)
    document.setDefaultFont(font)
    document.setHtml(html)
    painter = QPainter(writer)
    try:
        page = writer.pageLayout().paintRectPixels(_RESOLUTION)
        footer = _RESOLUTION // 4
        body = QSizeF(page.width(), page.height() - footer)
        document.setPageSize(body)
        count = document.pageCount()
        for number in range(count):
            if number:
                writer.newPage()
            painter.save()
            painter.translate(0, -number * body.height())
            document.drawContents(
                painter, QRectF(0, number * body.height(), body.width(), body.height())
            )
            painter.restore()
            painter.setFont(font)
            painter.drawText(
                QRectF(0, body.height(), body.width(), footer),
                Qt.AlignmentFlag.AlignCenter,
                f"第 {number + 1} 页 / 共 {count} 页",
            )
    finally:
        painter.end()
    return count


def write_report_pdf(ws: Any, office: str, period: int, target: Path) -> int:
    """The office's printable report for `period` as a PDF at `target`; returns the page count.

    The GUI's "print report" button calls this (off the GUI thread is fine: no widgets).
    """
    from ecodesk.reports.office_report import office_report_html

    html = office_report_html(ws, office, period)
    return render_pdf(html, target, title=f"{office} {period} 年度指标填报报告")
