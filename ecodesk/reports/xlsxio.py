"""Shared openpyxl plumbing: reproducible saving, fast styled cells, widths for Chinese text.

openpyxl stamps "now" into docProps and into every zip member; an archive must come out
byte-identical for identical data, so saving goes through `save_reproducibly`, which pins both
to a time taken from the data.
"""

from __future__ import annotations

import shutil
import zipfile
from datetime import datetime
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.writer.excel import ExcelWriter

from ecodesk import __version__
from ecodesk.core.textwidth import cell_width

# Colours shared by the cell fills, the conditional formats and the chart series.
GREEN, RED, AMBER, GREY, BLUE = "C6EFCE", "FFC7CE", "FFEB9C", "D9D9D9", "DDEBF7"
GREEN_DARK, RED_DARK, AMBER_DARK, GREY_DARK = "2E7D32", "C62828", "F9A825", "9E9E9E"
THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CJK_FONT = "等线"  # Excel's default CJK UI font; WPS and LibreOffice substitute a local one


class _FixedTimeZip(zipfile.ZipFile):
    """A zip writer that gives every member the same timestamp and permissions."""

    def __init__(self, file: IO[bytes], date_time: tuple[int, int, int, int, int, int]) -> None:
        super().__init__(file, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        self._date_time = date_time

    def _info(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=self._date_time)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        return info

    def writestr(
        self, zinfo_or_arcname: Any, data: Any, compress_type: Any = None, compresslevel: Any = None
    ) -> None:
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zinfo_or_arcname = self._info(str(zinfo_or_arcname))
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(
        self,
        filename: Any,
        arcname: Any = None,
        compress_type: Any = None,
        compresslevel: Any = None,
    ) -> None:
        # openpyxl streams write-only sheets through temp files; copy them without their mtime.
        with (
            open(filename, "rb") as source,
            self.open(self._info(str(arcname)), "w", force_zip64=True) as target,
        ):
            shutil.copyfileobj(source, target, 1024 * 1024)


def zip_time(stamp: datetime) -> tuple[int, int, int, int, int, int]:
    clamped = max(stamp, datetime(1980, 1, 1))
    return (clamped.year, clamped.month, clamped.day, clamped.hour, clamped.minute, clamped.second)


def save_reproducibly(wb: Workbook, handle: IO[bytes], stamp: datetime) -> None:
    """Save `wb` into an open binary file: same workbook and stamp, same bytes."""
    wb.properties.created = stamp
    wb.properties.modified = stamp
    wb.properties.creator = f"ecodesk {__version__}"
    wb.properties.lastModifiedBy = None
    if wb.write_only and not wb.worksheets:
        wb.create_sheet()
    ExcelWriter(wb, _FixedTimeZip(handle, zip_time(stamp))).save()


class Styler:
    """Styled write-only cells, fast: the style is resolved once and copied per cell."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self._cache: dict[str, Any] = {}

    def define(self, name: str, **style: Any) -> None:
        prototype = WriteOnlyCell(self.ws)
        for key, value in style.items():
            setattr(prototype, key, value)
        self._cache[name] = prototype._style

    def cell(self, value: Any, name: str) -> WriteOnlyCell | None:
        """A styled cell; None for an empty value (the row simply skips it, which is faster)."""
        if value is None or value == "":
            return None
        cell = WriteOnlyCell(self.ws, value)
        cell._style = StyleArray(self._cache[name])
        keep_text(cell)
        return cell


def keep_text(cell: Any) -> Any:
    """A text that starts with "=" (a target like "= 100%") stays text, never a formula.

    openpyxl stores such a string as a formula, which Excel, WPS and LibreOffice compute ("1");
    a text cell with Excel's quote prefix shows and keeps the text as typed."""
    if isinstance(cell.value, str) and cell.value.startswith("="):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def standard_styles(styler: Styler) -> None:
    """The styles every archive sheet uses: title, header, plain, wrapped text, numbers."""
    base = Font(name=CJK_FONT, size=10)
    styler.define("title", font=Font(name=CJK_FONT, size=14, bold=True))
    styler.define("note", font=Font(name=CJK_FONT, size=9, color="595959"))
    styler.define(
        "header",
        font=Font(name=CJK_FONT, size=10, bold=True),
        fill=PatternFill("solid", fgColor=BLUE),
        border=BORDER,
        alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
    )
    styler.define("text", font=base, border=BORDER, alignment=Alignment(vertical="top"))
    styler.define(
        "center", font=base, border=BORDER, alignment=Alignment(horizontal="center", vertical="top")
    )
    styler.define(
        "wrap", font=base, border=BORDER, alignment=Alignment(vertical="top", wrap_text=True)
    )
    styler.define(
        "number",
        font=base,
        border=BORDER,
        alignment=Alignment(vertical="top"),
        number_format="0.######",
    )


def width_for(texts: Any, *, minimum: int = 6, maximum: int = 60) -> float:
    """A column width (in Excel's character units) that fits the widest text; CJK counts double."""
    widest = max((cell_width(str(text)) for text in texts if text is not None), default=0)
    return float(min(max(widest + 2, minimum), maximum))


def wrapped_height(cells: list[tuple[Any, float]], *, line: float = 13.5) -> float:
    """The row height (points) that shows every wrapped (text, column width) in full.

    Excel, WPS and LibreOffice do not grow a row for text written by a program: without a
    height, wrapped lines print over each other."""
    lines = 1
    for text, width in cells:
        if text is None or text == "":
            continue
        per_line = max(int(width - 1.5), 1)
        count = sum(max(1, -(-cell_width(part) // per_line)) for part in str(text).split("\n"))
        lines = max(lines, count)
    return line * lines + 3


def set_widths(ws: Any, widths: list[float]) -> None:
    from openpyxl.utils import get_column_letter

    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width


def landscape_print(ws: Any, title_rows: str) -> None:
    """Call before the first row: write-only sheets write their properties on the first append.

    Landscape, fit to one page wide (as many pages tall as needed), header rows repeated."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = title_rows
    ws.print_options.gridLines = False
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
