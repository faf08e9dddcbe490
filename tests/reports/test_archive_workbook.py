"""The archive workbook, opened with openpyxl as Excel would: sheets, values, formatting, charts."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from ecodesk.core.forms import GROUPS
from ecodesk.core.offices import COUNTIES
from ecodesk.reports.detail_sheets import PROVENANCE_SHEET, group_sheet_title
from ecodesk.reports.model import ArchiveData, Cell, cell_label
from ecodesk.reports.workbook import CHART_SHEET, NOT_ASSIGNED, SUMMARY_SHEET, write_workbook


@pytest.fixture(scope="module")
def book(archive_book: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(archive_book)


def test_sheets_in_order(book: openpyxl.Workbook) -> None:
    groups = [group_sheet_title(g) for g in range(1, len(GROUPS) + 1)]
    assert book.sheetnames == [SUMMARY_SHEET, CHART_SHEET, *groups, PROVENANCE_SHEET]
    assert groups[0] == "（一）目标责任体系与制度建设"


def test_summary_matches_the_evaluation(book: openpyxl.Workbook, archive_data: ArchiveData) -> None:
    ws = book[SUMMARY_SHEET]
    header = [c.value for c in ws[3]]
    assert header[:2] == ["填报单位", "类型"]
    assert header[2] == "1 生态文明建设规划" and header[38] == "37 十大生态产业增加值GDP占比"
    offices = [ws.cell(row, 1).value for row in range(4, 4 + len(archive_data.offices))]
    assert offices == list(archive_data.offices)
    assert offices[:9] == list(COUNTIES)
    for row, office in enumerate(offices, start=4):
        for task in range(1, 38):
            record = archive_data.record(office, task)
            expected = NOT_ASSIGNED if record is None else cell_label(record.cell)
            assert ws.cell(row, 2 + task).value == expected, (office, task)
    # the counts at the right add up to the offices' assigned tasks
    wudu = [c.value for c in ws[4]]
    assert sum(wudu[39:43]) == sum(1 for t in range(1, 38) if archive_data.record("武都区", t))
    values = {ws.cell(r, c).value for r in range(4, 4 + len(offices)) for c in range(3, 40)}
    assert {"达标", "未达标", "缺报", NOT_ASSIGNED} <= values


def test_summary_formatting_and_print_setup(
    book: openpyxl.Workbook, archive_data: ArchiveData
) -> None:
    ws = book[SUMMARY_SHEET]
    last = 3 + len(archive_data.offices)
    assert ws.freeze_panes == "C4"
    assert ws.auto_filter.ref == f"A3:AQ{last}"
    rules = {
        rule.formula[0]: rule.dxf.fill.fgColor.rgb
        for cf in ws.conditional_formatting
        for rule in cf.rules
        if str(cf.sqref) == f"C4:AM{last}"
    }
    assert rules == {
        '"达标"': "00C6EFCE",
        '"未达标"': "00FFC7CE",
        '"待定"': "00FFEB9C",
        '"缺报"': "00D9D9D9",
    }
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$1:$3"
    # widths fit Chinese text: the longest office name counts two per character
    assert ws.column_dimensions["A"].width >= 2 * len("陇南经济开发区管委会")
    # task titles stacked one character under the other (竖排), not turned on their side,
    # in a header row tall enough for the longest one
    assert ws.cell(3, 3).alignment.text_rotation == 255
    longest = max(len(str(ws.cell(3, c).value)) for c in range(3, 40))
    assert ws.row_dimensions[3].height >= 11 * longest


def test_group_sheet_rows(book: openpyxl.Workbook, archive_data: ArchiveData) -> None:
    ws = book[group_sheet_title(8)]
    header = [c.value for c in ws[1]]
    assert header[:9] == [
        "填报单位",
        "任务号",
        "任务",
        "指标",
        "计量单位",
        "填报值",
        "目标",
        "评估",
        "差距/说明",
    ]
    assert header[9:] == ["填报状态", "计划安排", "整改措施", "佐证材料（归档路径）", "审核"]
    rows = {(r[0], r[1], r[3]): r for r in ws.iter_rows(min_row=2, values_only=True)}
    record = archive_data.record("成县", 24)
    assert record is not None and record.entry is not None
    row = rows[("成县", 24, "城镇污水处理率")]
    assert row[5] == record.values["treatment_rate"]
    assert row[6] == "县城 ≥ 93%"
    assert row[10] == record.entry.plan
    assert row[12] == "\n".join(item.path for item in record.evidence)
    assert row[12].startswith("2023/成县/24-城镇污水处理率/")
    assert row[13].startswith("退回：")  # the demo returns this one
    wudu = rows[("武都区", 24, "城镇污水处理率")]
    assert wudu[6] == "市区 ≥ 98%"  # the city proper's own target
    not_met = [r for r in rows.values() if r[7] == "未达标"]
    assert not_met and all(r[8] for r in not_met)  # every miss states its gap
    assert ws.freeze_panes == "B2" and ws.auto_filter.ref.startswith("A1:N")
    assert ws.print_title_rows == "$1:$1"


def test_charts(book: openpyxl.Workbook, archive_data: ArchiveData) -> None:
    ws = book[CHART_SHEET]
    charts = ws._charts
    assert len(charts) == 2
    for chart in charts:
        assert chart.tagname == "barChart" and chart.grouping == "stacked"
        assert len(chart.series) == 4  # met, not met, unknown, missing
    rows = list(ws.iter_rows(min_row=3, max_row=2 + len(COUNTIES), values_only=True))
    assert [r[0] for r in rows] == list(COUNTIES)
    for county, met, not_met, unknown, missing in rows:
        cells = [r.cell for (o, _), r in archive_data.records.items() if o == county]
        assert (met, not_met, unknown, missing) == tuple(
            cells.count(c) for c in (Cell.MET, Cell.NOT_MET, Cell.UNKNOWN, Cell.MISSING)
        )


def test_provenance_lists_every_evidence_hash(
    book: openpyxl.Workbook, archive_data: ArchiveData
) -> None:
    ws = book[PROVENANCE_SHEET]
    header = [c.value for c in ws[1]]
    assert "签名密钥指纹" in header and "SHA-256" in header and "审核结论" in header
    index = {name: i for i, name in enumerate(header)}
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    hashes = {(r[index["填报单位"]], r[index["任务号"]], r[index["SHA-256"]]) for r in rows}
    expected = {
        (o, t, item.sha256) for (o, t), r in archive_data.records.items() for item in r.evidence
    }
    assert expected and expected <= hashes
    for row in rows:
        assert row[index["来源"]] == "本地录入"  # nothing in the demo came in a bundle
        assert row[index["录入安装编号"]]
    decisions = {r[index["审核结论"]] for r in rows}
    assert "通过" in decisions and any(str(d).startswith("退回：") for d in decisions)


def _write(data: ArchiveData) -> bytes:
    buffer = io.BytesIO()
    write_workbook(data, buffer)
    return buffer.getvalue()


def test_same_data_same_bytes(archive_data: ArchiveData) -> None:
    first = _write(archive_data)
    assert _write(archive_data) == first
    with zipfile.ZipFile(io.BytesIO(first)) as zf:
        stamp = archive_data.stamp.timetuple()[:6]
        # zip times have two-second resolution
        assert {i.date_time for i in zf.infolist()} == {(*stamp[:5], stamp[5] - stamp[5] % 2)}
        core = zf.read("docProps/core.xml").decode()
    assert archive_data.stamp.strftime("%Y-%m-%dT%H:%M:%S") in core
    later = replace(archive_data, stamp=datetime(2024, 1, 2, 3, 4, 5))
    assert _write(later) != first
