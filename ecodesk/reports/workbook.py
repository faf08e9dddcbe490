"""The archive workbook: summary, one sheet per group, charts, provenance.

Written with openpyxl's write-only mode (rows stream to disk, so a national-scale period
does not need the whole workbook in memory) and saved reproducibly.
"""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ecodesk.core.forms import GROUPS, group_label
from ecodesk.core.i18n import t
from ecodesk.core.offices import COUNTIES, DEPARTMENTS
from ecodesk.core.timefmt import document_time
from ecodesk.reports import detail_sheets
from ecodesk.reports.model import CELL_ORDER, ArchiveData, Cell, cell_label
from ecodesk.reports.xlsxio import (
    AMBER,
    AMBER_DARK,
    BORDER,
    CJK_FONT,
    GREEN,
    GREEN_DARK,
    GREY,
    GREY_DARK,
    RED,
    RED_DARK,
    Styler,
    landscape_print,
    save_reproducibly,
    set_widths,
    standard_styles,
    width_for,
)

SUMMARY_SHEET = "汇总"
CHART_SHEET = "图表"
CELL_FILLS = {Cell.MET: GREEN, Cell.NOT_MET: RED, Cell.UNKNOWN: AMBER, Cell.MISSING: GREY}
SERIES_COLOURS = {
    Cell.MET: GREEN_DARK,
    Cell.NOT_MET: RED_DARK,
    Cell.UNKNOWN: AMBER_DARK,
    Cell.MISSING: GREY_DARK,
}
NOT_ASSIGNED = "—"


def write_workbook(data: ArchiveData, handle: IO[bytes]) -> None:
    """Write the archive workbook for `data` into an open binary file (see `save_workbook`)."""
    wb = Workbook(write_only=True)
    wb.properties.title = t(
        f"{data.period} 年度生态文明建设示范市指标档案", f"{data.period} indicator archive"
    )
    _summary(wb.create_sheet(SUMMARY_SHEET), data)
    _charts(wb.create_sheet(CHART_SHEET), data)
    for group in range(1, len(GROUPS) + 1):
        detail_sheets.group_sheet(
            wb.create_sheet(detail_sheets.group_sheet_title(group)), data, group
        )
    detail_sheets.provenance_sheet(wb.create_sheet(detail_sheets.PROVENANCE_SHEET), data)
    save_reproducibly(wb, handle, data.stamp)


def save_workbook(data: ArchiveData, target: Path) -> Path:
    """Write the archive workbook to `target` atomically; the GUI's "export Excel" button."""
    from ecodesk.store.files import atomic_write_bytes

    # Built in memory first: openpyxl cannot be stopped cleanly half-way through a save, so a
    # full disk must only ever meet the finished bytes.
    book = io.BytesIO()
    write_workbook(data, book)
    atomic_write_bytes(target, book.getvalue())
    return target


def office_kind_label(office: str) -> str:
    if office in COUNTIES:
        return t("县区", "county")
    if office in DEPARTMENTS:
        return t("市直部门", "department")
    return t("其他", "other")


def _summary(ws: Any, data: ArchiveData) -> None:
    styles = Styler(ws)
    standard_styles(styles)
    styles.define(
        "task",
        font=Font(name=CJK_FONT, size=9, bold=True),
        border=BORDER,
        alignment=Alignment(horizontal="center", vertical="top", text_rotation=255),
    )
    styles.define(
        "status",
        font=Font(name=CJK_FONT, size=9),
        border=BORDER,
        alignment=Alignment(horizontal="center", vertical="center"),
    )
    tasks = list(data.forms)
    first_status, last_status = 3, 2 + len(tasks)
    totals = [cell_label(c) for c in CELL_ORDER[:4]]
    ws.freeze_panes = "C4"
    set_widths(
        ws,
        [width_for(data.offices, minimum=10, maximum=24), 9.0]
        + [6.0] * len(tasks)
        + [width_for(totals, minimum=6)] * len(totals),
    )
    landscape_print(ws, "1:3")
    ws.page_setup.paperSize = 8  # A3: 37 task columns stay legible when fitted to the width
    ws.append(
        [
            styles.cell(
                t(
                    f"陇南市国家生态文明建设示范市 {data.period} 年度指标达标情况汇总",
                    f"Longnan eco-civilization demonstration city: indicator status {data.period}",
                ),
                "title",
            )
        ]
    )
    legend = "；".join(cell_label(c) for c in CELL_ORDER)
    ws.append(
        [
            styles.cell(
                t(
                    f"每格为该单位该任务的评估结果（{legend}；{NOT_ASSIGNED} 表示未分配该任务）。"
                    f"数据截至 {document_time(data.stamp)}。",
                    f"Each cell is the office's result on the task ({legend}; {NOT_ASSIGNED}: not assigned). "
                    f"Data as of {document_time(data.stamp)}.",
                ),
                "note",
            )
        ]
    )
    header = [
        styles.cell(t("填报单位", "office"), "header"),
        styles.cell(t("类型", "kind"), "header"),
    ]
    header += [styles.cell(f"{task} {data.forms[task].title}", "task") for task in tasks]
    header += [styles.cell(label, "header") for label in totals]
    # Stacked (竖排, one character under the other), as Chinese is written vertically, instead
    # of turned on its side; tall enough for the longest title. Set before the row is appended:
    # write-only rows are final.
    longest = max(len(f"{task} {data.forms[task].title}") for task in tasks)
    ws.row_dimensions[3].height = min(12.0 * longest + 6, 409.0)
    ws.append(header)
    for office in data.offices:
        counts: Counter[Cell] = Counter()
        row = [styles.cell(office, "text"), styles.cell(office_kind_label(office), "center")]
        for task in tasks:
            record = data.record(office, task)
            if record is None:
                row.append(styles.cell(NOT_ASSIGNED, "status"))
                continue
            counts[record.cell] += 1
            row.append(styles.cell(cell_label(record.cell), "status"))
        row += [styles.cell(counts[c], "center") for c in CELL_ORDER[:4]]
        ws.append(row)
    last_row = 3 + len(data.offices)
    _summary_totals(ws, styles, data, tasks)
    status_range = f"{get_column_letter(first_status)}4:{get_column_letter(last_status)}{last_row}"
    for cell, colour in CELL_FILLS.items():
        ws.conditional_formatting.add(
            status_range,
            CellIsRule(
                operator="equal",
                formula=[f'"{cell_label(cell)}"'],
                fill=PatternFill("solid", fgColor=colour, bgColor=colour),
            ),
        )
    ws.auto_filter.ref = f"A3:{get_column_letter(last_status + len(totals))}{last_row}"


def _summary_totals(ws: Any, styles: Styler, data: ArchiveData, tasks: list[int]) -> None:
    """Below the table (outside the filter): per task, how many offices are in each state."""
    ws.append([])
    for cell in CELL_ORDER[:4]:
        row = [
            styles.cell(t(f"{cell_label(cell)}单位数", f"offices {cell_label(cell)}"), "header"),
            styles.cell("", "header"),
        ]
        for task in tasks:
            count = sum(
                1
                for o in data.offices
                if (r := data.record(o, task)) is not None and r.cell is cell
            )
            row.append(styles.cell(count, "status"))
        ws.append(row)


def chart_counts(
    data: ArchiveData,
) -> tuple[list[tuple[str, list[int]]], list[tuple[str, list[int]]]]:
    """(by county, by group): for each row label, task counts in the order met, not met, unknown, missing."""
    shown = CELL_ORDER[:4]
    by_county = []
    for county in data.counties:
        counts = Counter(r.cell for (office, _), r in data.records.items() if office == county)
        by_county.append((county, [counts[c] for c in shown]))
    by_group = []
    for group in range(1, len(GROUPS) + 1):
        counts = Counter(r.cell for r in data.records.values() if r.form.group == group)
        by_group.append((group_label(group), [counts[c] for c in shown]))
    return by_county, by_group


def _charts(ws: Any, data: ArchiveData) -> None:
    styles = Styler(ws)
    standard_styles(styles)
    by_county, by_group = chart_counts(data)
    labels = [cell_label(c) for c in CELL_ORDER[:4]]
    set_widths(
        ws,
        [width_for([n for n, _ in by_group] + list(data.counties), minimum=10), 8.0, 8.0, 8.0, 8.0],
    )
    landscape_print(ws, "1:2")
    ws.append([styles.cell(t("各县区任务达标情况", "Tasks met by county"), "title")])
    ws.append(
        [styles.cell(t("县区", "county"), "header")] + [styles.cell(x, "header") for x in labels]
    )
    for name, counts in by_county:
        ws.append([styles.cell(name, "text")] + [styles.cell(n, "center") for n in counts])
    group_title_row = 4 + len(by_county)
    ws.append([])
    ws.append(
        [
            styles.cell(
                t("各分组任务达标情况（单位×任务）", "Tasks met by group (office × task)"), "title"
            )
        ]
    )
    ws.append(
        [styles.cell(t("分组", "group"), "header")] + [styles.cell(x, "header") for x in labels]
    )
    for name, counts in by_group:
        ws.append([styles.cell(name, "text")] + [styles.cell(n, "center") for n in counts])
    if by_county:
        chart = _stacked_bar(
            ws,
            header_row=2,
            count=len(by_county),
            title=t(f"{data.period} 年各县区任务达标情况", f"Tasks by county, {data.period}"),
        )
        ws.add_chart(chart, "G2")
    chart = _stacked_bar(
        ws,
        header_row=group_title_row + 1,
        count=len(by_group),
        title=t(f"{data.period} 年各分组达标情况", f"Tasks by group, {data.period}"),
    )
    ws.add_chart(chart, "G24" if by_county else "G2")


def _stacked_bar(ws: Any, *, header_row: int, count: int, title: str) -> BarChart:
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = title
    chart.height, chart.width = 10 + count * 0.25, 18
    values = Reference(ws, min_col=2, max_col=5, min_row=header_row, max_row=header_row + count)
    chart.add_data(values, titles_from_data=True)
    chart.set_categories(
        Reference(ws, min_col=1, min_row=header_row + 1, max_row=header_row + count)
    )
    for series, cell in zip(chart.series, CELL_ORDER[:4], strict=True):
        series.graphicalProperties.solidFill = SERIES_COLOURS[cell]
        series.graphicalProperties.line.solidFill = SERIES_COLOURS[cell]
    chart.y_axis.title = t("任务数", "tasks")
    chart.x_axis.scaling.orientation = "maxMin"  # first row on top, as in the table
    chart.legend.position = "b"
    chart.x_axis.delete = False  # openpyxl 3.1 hides axes by default
    chart.y_axis.delete = False
    return chart
