"""The printable PDF report of one office, laid out by Qt (QTextDocument on a QPdfWriter).

The HTML comes from `ecodesk.reports.office_report`; this module picks a CJK font (Qt embeds
the glyphs it uses as a subset), paginates and adds page numbers. It works without a window:
the CLI calls `write_report_pdf` with the offscreen platform.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import uuid
from collections.abc import Callable
from datetime import datetime
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QRectF, QSizeF, Qt, QUuid
from PySide6.QtGui import (
    QFont,
    QFontDatabase,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import QApplication

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
        # A QApplication (a QGuiApplication that can also host widgets), so that a window or a
        # test harness opened later in the same process finds the kind of application it needs.
        app = QApplication(["ecodesk"])
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


def render_pdf(html: str, target: Path, *, title: str, stamp: datetime) -> int:
    """Lay `html` out on A4 pages with page numbers and write the PDF atomically; return the page count."""
    from ecodesk.store.files import atomic_write_bytes

    data, pages = render_pdf_bytes(html, title=title, stamp=stamp)
    atomic_write_bytes(target, data)  # a full disk: NoSpaceError, and no empty file left
    return pages


def render_pdf_bytes(
    html: str, *, title: str, stamp: datetime, running_head: str = ""
) -> tuple[bytes, int]:
    """The PDF of `html` in memory, and its page count. Same html, title and stamp: same bytes.

    Qt writes the clock's time and a random document id into every PDF; the id here is derived
    from the content, the XMP metadata carries `stamp`, and the dates Qt cannot be told
    (the Info dictionary's /CreationDate and /ModDate) are replaced by `stamp` with the same byte length, so
    the cross-reference offsets stay right.
    """
    ensure_gui_application()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    document_id = uuid.uuid5(uuid.NAMESPACE_URL, "ecodesk-report:" + hashlib.sha256(
        f"{title}\n{stamp.isoformat()}\n{html}".encode()).hexdigest())  # fmt: skip
    writer = QPdfWriter(buffer)
    writer.setDocumentId(QUuid(str(document_id)))
    writer.setDocumentXmpMetadata(_xmp(title, stamp, document_id).encode())
    pages = _render(html, writer, title, running_head or title)
    buffer.close()
    data = bytes(buffer.data().data())
    if not data.rstrip().endswith(b"%%EOF"):
        raise RuntimeError("Qt wrote an incomplete PDF")
    return _fixed_info_dates(data, stamp), pages


_INFO_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:\d{14}(Z|[+-]\d\d'\d\d')\)")


def _fixed_info_dates(data: bytes, stamp: datetime) -> bytes:
    def replace(match: re.Match[bytes]) -> bytes:
        zone = b"Z" if match.group(2) == b"Z" else b"+00'00'"  # keep the length Qt wrote
        when = stamp.strftime("%Y%m%d%H%M%S").encode()
        return b"/" + match.group(1) + b" (D:" + when + zone + b")"

    fixed, count = _INFO_DATE.subn(replace, data, count=2)
    if count == 0:
        raise RuntimeError("no /CreationDate in the PDF Qt wrote")
    return fixed


def _xmp(title: str, stamp: datetime, document_id: uuid.UUID) -> str:
    when = stamp.strftime("%Y-%m-%dT%H:%M:%S+00:00")
    return (
        '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/" '
        'xmlns:pdf="http://ns.adobe.com/pdf/1.3/">\n'
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>\n'
        f"<xmp:CreateDate>{when}</xmp:CreateDate>\n<xmp:ModifyDate>{when}</xmp:ModifyDate>\n"
        f"<xmp:MetadataDate>{when}</xmp:MetadataDate>\n<xmp:CreatorTool>ecodesk</xmp:CreatorTool>\n"
        f"<xmpMM:DocumentID>uuid:{document_id}</xmpMM:DocumentID>\n"
        f"<xmpMM:InstanceID>uuid:{document_id}</xmpMM:InstanceID>\n"
        "<pdf:Producer>ecodesk</pdf:Producer>\n"
        "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n"
        '<?xpacket end="w"?>'
    )


def _keep_end_together(document: QTextDocument, page_height: float) -> None:
    """Start a new page before the KEEP_TOGETHER anchor when what follows it would straddle two.

    Everything from the anchor to the end (the signature and stamp block) fits one page, so
    it either already does or will after the break."""
    from ecodesk.reports.office_report import KEEP_TOGETHER

    layout = document.documentLayout()
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            if KEEP_TOGETHER in it.fragment().charFormat().anchorNames():
                top = layout.blockBoundingRect(block).top()
                bottom = layout.documentSize().height()
                if int(top // page_height) != int((bottom - 1) // page_height):
                    cursor = QTextCursor(block)
                    fmt = block.blockFormat()
                    fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                    cursor.setBlockFormat(fmt)
                return
            it += 1
        block = block.next()


def _render(html: str, writer: QPdfWriter, title: str, running_head: str) -> int:
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
        footer = header = _RESOLUTION // 4
        body = QSizeF(page.width(), page.height() - footer - header)
        document.setPageSize(body)
        _keep_end_together(document, body.height())
        count = document.pageCount()
        for number in range(count):
            if number:
                writer.newPage()
            painter.save()
            painter.translate(0, header - number * body.height())
            document.drawContents(
                painter, QRectF(0, number * body.height(), body.width(), body.height())
            )
            painter.restore()
            painter.setFont(font)
            if number:  # every page after the first says whose report it is
                painter.drawText(
                    QRectF(0, 0, body.width(), header * 0.8),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                    running_head,
                )
            painter.drawText(
                QRectF(0, header + body.height(), body.width(), footer),
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
    from ecodesk.store.files import atomic_write_bytes

    data, pages = report_pdf_bytes(ws, office, period)
    atomic_write_bytes(target, data)  # a full disk: NoSpaceError, and no empty file left
    return pages


def report_pdf_bytes(ws: Any, office: str, period: int) -> tuple[bytes, int]:
    """The office's report as PDF bytes and its page count; the same data gives the same bytes.

    Always in Chinese, the language of the record, whatever the window's language.
    """
    from ecodesk.core.i18n import fixed_language
    from ecodesk.reports.model import collect

    with fixed_language("zh"):
        return office_pdf_bytes(collect(ws, period, office), office)


def office_pdf_bytes(data: Any, office: str) -> tuple[bytes, int]:
    """The report of `office` from gathered archive data (`ArchiveData`), as PDF bytes."""
    from ecodesk.core.i18n import fixed_language
    from ecodesk.reports.office_report import report_html

    with fixed_language("zh"):
        html = report_html(data, office)
    return render_pdf_bytes(
        html, title=f"{office} {data.period} 年度指标填报报告", stamp=data.stamp
    )


def archive_report_pdf(ws: Any, period: int) -> Callable[[str], bytes]:
    """What the yearly archive calls for each office's report: the same bytes `ecodesk report`
    writes for that office and period."""
    return lambda office: report_pdf_bytes(ws, office, period)[0]
