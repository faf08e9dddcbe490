"""The archive as a person reads and prints it: Beijing time named, rows tall enough for their
wrapped text, a 来源 sheet that prints readable columns (hashes cut, full values beside)."""

from __future__ import annotations

import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import openpyxl
import pytest

from ecodesk.reports.archive import README, README_EN, write_archive
from ecodesk.reports.detail_sheets import PROVENANCE_SHEET, group_sheet_title
from ecodesk.reports.model import ArchiveData, collect
from ecodesk.reports.workbook import SUMMARY_SHEET
from ecodesk.store.workspace import Workspace


@pytest.fixture(scope="module")
def book(archive_book: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(archive_book)


def _beijing(stored: str) -> str:
    """The stored UTC time as Beijing wall-clock time, worked out here independently."""
    utc = datetime.strptime(stored[:19], "%Y-%m-%dT%H:%M:%S")
    return (utc + timedelta(hours=8)).strftime("%Y-%m-%d %H:%M:%S")


def test_times_are_beijing_time_and_say_so(
    book: openpyxl.Workbook, archive_data: ArchiveData
) -> None:
    note = book[SUMMARY_SHEET]["A2"].value
    stamp = archive_data.stamp + timedelta(hours=8)
    assert f"数据截至 {stamp:%Y-%m-%d %H:%M}（北京时间）" in note and "UTC" not in note
    sheet = book[PROVENANCE_SHEET]
    header = [c.value for c in sheet[1]]
    changed = header.index("最后修改（北京时间）")
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    by_office_task = {(r[0], r[1]): r for r in rows}
    checked = 0
    for (office, task), record in archive_data.records.items():
        if record.entry is not None and (office, task) in by_office_task:
            assert by_office_task[(office, task)][changed] == _beijing(record.entry.updated_at)
            checked += 1
    assert checked > 100


def test_group_rows_are_as_tall_as_their_wrapped_text(book: openpyxl.Workbook) -> None:
    sheet = book[group_sheet_title(1)]
    header = [c.value for c in sheet[1]]
    plan = header.index("计划安排")
    width = sheet.column_dimensions["K"].width
    assert header[10] == "计划安排" and width
    tall = 0
    for row in range(2, sheet.max_row + 1):
        text = sheet.cell(row, plan + 1).value or ""
        height = sheet.row_dimensions[row].height
        assert height is not None, row  # every data row has a height
        # a plan in Chinese needs at least one printed line per (width / 2) characters
        lines = -(-len(text) * 2 // int(width))
        assert height >= 13 * lines, (row, text)
        tall += lines > 1
    assert tall > 10


def test_provenance_sheet_prints_readable_columns(book: openpyxl.Workbook) -> None:
    sheet = book[PROVENANCE_SHEET]
    header = [c.value for c in sheet[1]]
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 8
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
    printed = sheet.print_area
    assert printed.startswith(f"'{PROVENANCE_SHEET}'!$A$1:$M$")
    assert header[:13][-3:] == ["SHA-256（前 12 位）", "大小（字节）", "归档路径"]
    assert {"记录编号", "签名密钥指纹", "SHA-256"} <= set(header[13:])  # beyond the print area
    short, full = header.index("SHA-256（前 12 位）"), header.index("SHA-256")
    rows = [r for r in sheet.iter_rows(min_row=2, values_only=True) if r[full]]
    assert rows and all(r[short] == r[full][:12] and len(r[full]) == 64 for r in rows)
    printed_width = sum(sheet.column_dimensions[c].width for c in "ABCDEFGHIJKLM")
    assert printed_width < 240  # an A3 page across at a legible size (about 200 characters)


def test_archive_readme_names_beijing_time(demo_ws: Workspace, tmp_path: Path) -> None:
    data = collect(demo_ws, 2023, "成县")
    target = write_archive(data, tmp_path / "a.zip", demo_ws.evidence_file).path
    stamp = data.stamp + timedelta(hours=8)
    with zipfile.ZipFile(target) as zf:
        chinese = zf.read(README).decode("utf-8-sig")
        english = zf.read(README_EN).decode()
        member_times = {info.date_time[:5] for info in zf.infolist()}
    assert f"数据截至：{stamp:%Y-%m-%d %H:%M}（北京时间）" in chinese and "UTC）" not in chinese
    assert f"Data as of: {stamp:%Y-%m-%d %H:%M} (Beijing time, UTC+8)" in english
    # unzip tools show member times as wall-clock time: Beijing time too
    assert member_times == {(stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute)}
