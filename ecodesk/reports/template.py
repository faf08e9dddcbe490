"""The Excel template an office fills in with Excel or WPS, read back by `xlsx_import`.

One row per indicator the office reports; plan and corrective measures once per task (merged
over the task's rows). Only the input cells are unlocked; numbers are validated against the
indicator's bounds, yes/no and choices are drop-downs. Column A (hidden) and the very hidden
sheet `_ecodesk` carry the ids that make the file readable by machine whatever a person does
to the visible text.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from ecodesk.core.entries import Entry, Review
from ecodesk.core.evaluation import Evaluation, Status
from ecodesk.core.forms import Indicator, ValueType
from ecodesk.core.numfmt import range_text
from ecodesk.core.textwidth import cell_width
from ecodesk.core.values import Value
from ecodesk.reports.detail_sheets import cell_value
from ecodesk.reports.model import newest_change
from ecodesk.reports.xlsxio import (
    BORDER,
    CJK_FONT,
    keep_text,
    save_reproducibly,
    set_widths,
    width_for,
)

# Format 2 adds one "revision" row per task to the hidden sheet: the entry's revision when the
# template was made, so an import can tell an entry changed since then (a stale template).
FORMAT = "ecodesk-template/2"
READABLE_FORMATS = ("ecodesk-template/1", FORMAT)
SHEET = "填报"
META_SHEET = "_ecodesk"
HEADER_ROW = 3
FIRST_ROW = 4
# Columns (1-based); the importer reads by these numbers.
(
    COL_ID,
    COL_TASK,
    COL_TITLE,
    COL_INDICATOR,
    COL_UNIT,
    COL_TARGET,
    COL_VALUE,
    COL_PLAN,
    COL_MEASURES,
    COL_HELP,
) = range(1, 11)
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
LOCKED_FILL = PatternFill("solid", fgColor="F2F2F2")
YES, NO = "是", "否"


@dataclass(frozen=True)
class TemplateRow:
    task: int
    title: str
    indicator: Indicator
    value: Value
    evaluation: Evaluation
    plan: str
    measures: str
    locked: bool  # accepted by the task force: shown, not editable


def row_id(task: int, indicator_id: str) -> str:
    return f"{task}/{indicator_id}"


def template_rows(ws: Any, period: int, office: str) -> list[TemplateRow]:
    """The rows of `office`'s template: every applicable indicator of every assigned task."""
    rows = []
    for task_row in ws.overview(period, office):
        entry: Entry | None = task_row.entry
        locked = entry is not None and entry.review is Review.ACCEPTED
        for indicator, evaluation in zip(
            task_row.form.indicators, task_row.evaluations, strict=True
        ):
            if evaluation.status is Status.NOT_APPLICABLE:
                continue
            rows.append(TemplateRow(
                task=task_row.form.task, title=task_row.form.title, indicator=indicator,
                value=indicator.value_in(entry.values) if entry else None, evaluation=evaluation,
                plan=entry.plan if entry else "", measures=entry.corrective_measures if entry else "",
                locked=locked,
            ))  # fmt: skip
    return rows


def instructions(office: str, period: int) -> str:
    return "\n".join([
        f"填写说明（{office} {period} 年度）：",
        "1. 只需填写黄色单元格：“填报值”“计划安排”“整改措施”；灰色单元格已锁定，不能修改。",
        "2. 数值类指标请直接填数字（百分比填 95 表示 95%），超出范围的数字会被拒绝；“是/否”类请从下拉列表中选择。",
        "3. 计划安排、整改措施按任务填写一次；有指标未达标时必须填写整改措施。",
        "4. 请勿增删行列、修改工作表名称或使用公式；A 列与隐藏工作表供程序识别，请勿改动。",
        "5. 填好后保存为 .xlsx，交回工作专班或在 ecodesk 中选择“导入 Excel”（命令：ecodesk import-xlsx 文件名）。",
        "   有任何错误时，程序会指出工作表、单元格和原因，且不会导入任何数据。",
    ])  # fmt: skip


def _validation_for(indicator: Indicator) -> tuple[str, DataValidation] | None:
    """A data validation for the indicator's input cell, keyed so equal ones are shared."""
    if indicator.type is ValueType.YESNO:
        return "yesno", DataValidation(type="list", formula1=f'"{YES},{NO}"', allow_blank=True)
    if indicator.type is ValueType.CHOICE:
        labels = indicator.choice_labels()
        options = ",".join(labels)
        if len(options) > 250 or any("," in c or '"' in c for c in labels):
            return None  # Excel's list limit; the importer still checks the value
        return f"choice:{options}", DataValidation(
            type="list", formula1=f'"{options}"', allow_blank=True
        )
    if indicator.type not in (ValueType.NUMBER, ValueType.PERCENT):
        return None
    low = indicator.minimum if indicator.minimum is not None else -1e15
    high = indicator.maximum if indicator.maximum is not None else 1e15
    dv = DataValidation(
        type="decimal",
        operator="between",
        formula1=_number(low),
        formula2=_number(high),
        allow_blank=True,
    )
    return f"number:{low!r}:{high!r}", dv


def _number(value: float) -> str:
    """A number as an Excel formula reads it: no exponent (WPS rejects "1e+15")."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _help_text(indicator: Indicator) -> str:
    if indicator.type in (ValueType.NUMBER, ValueType.PERCENT):
        limits = range_text(indicator.minimum, indicator.maximum)
        bounds = f"填数字，{limits}" if limits else "填数字"
    elif indicator.type is ValueType.YESNO:
        bounds = "从下拉列表选择“是”或“否”"
    elif indicator.type is ValueType.CHOICE:
        bounds = "从下拉列表选择：" + "、".join(indicator.choice_labels())
    else:
        bounds = "填文字"
    return f"{bounds}。{indicator.help}".strip()


def write_template(ws_: Any, period: int, office: str, handle: IO[bytes]) -> int:
    """Write `office`'s template for `period` (from a Workspace) into a binary file; return the row count."""
    rows = template_rows(ws_, period, office)
    overview = ws_.overview(period, office)
    entries = [r.entry for r in overview if r.entry]
    stamp = newest_change(entries, period)
    wb = Workbook()
    sheet = wb.active
    sheet.title = SHEET
    _fill_sheet(sheet, rows, office, period)
    meta = wb.create_sheet(META_SHEET)
    for pair in (("format", FORMAT), ("office", office), ("period", period), ("rows", len(rows))):
        meta.append(list(pair))
    for task_row in overview:  # revision 0: no entry yet when the template was made
        entry = task_row.entry
        meta.append(["revision", task_row.form.task, entry.revision if entry else 0])
    meta.sheet_state = "veryHidden"
    meta.protection.sheet = True
    save_reproducibly(wb, handle, stamp)
    return len(rows)


def save_template(ws: Any, period: int, office: str, target: Path) -> Path:
    """Write the template to `target` atomically; the GUI's "Excel template" button."""
    from ecodesk.store.files import atomic_write_bytes

    book = io.BytesIO()  # finished in memory, then written: see save_workbook
    write_template(ws, period, office, book)
    atomic_write_bytes(target, book.getvalue())
    return target


def _fill_sheet(sheet: Any, rows: list[TemplateRow], office: str, period: int) -> None:
    font = Font(name=CJK_FONT, size=10)
    sheet["B1"] = f"陇南市国家生态文明建设示范市指标填报表（{office}，{period} 年度）"
    sheet["B1"].font = Font(name=CJK_FONT, size=14, bold=True)
    sheet["B2"] = instructions(office, period)
    sheet["B2"].font = Font(name=CJK_FONT, size=10, color="7F6000")
    sheet["B2"].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.merge_cells(start_row=2, start_column=COL_TASK, end_row=2, end_column=COL_HELP)
    sheet.row_dimensions[2].height = 120
    headers = [
        "编号",
        "任务号",
        "任务",
        "指标",
        "计量单位",
        "目标",
        "填报值",
        "计划安排",
        "整改措施",
        "填写要求",
    ]
    for column, text in enumerate(headers, start=1):
        cell = sheet.cell(HEADER_ROW, column, text)
        cell.font = Font(name=CJK_FONT, size=10, bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    validations: dict[str, DataValidation] = {}
    first_of_task: dict[int, int] = {}
    for number, row in enumerate(rows, start=FIRST_ROW):
        first_of_task.setdefault(row.task, number)
        unit = "%" if row.indicator.type is ValueType.PERCENT else row.indicator.unit
        locked_note = "（已通过审核，已锁定）" if row.locked else ""
        texts = [row_id(row.task, row.indicator.id), row.task, row.title, row.indicator.name, unit,
                 row.evaluation.target_text, cell_value(row.indicator, row.value), None, None,
                 _help_text(row.indicator) + locked_note]  # fmt: skip
        for column, value in enumerate(texts, start=1):
            cell = keep_text(sheet.cell(number, column, value))
            cell.font = font
            cell.border = BORDER
            cell.alignment = Alignment(
                vertical="top", wrap_text=column in (COL_INDICATOR, COL_HELP)
            )
            cell.fill = LOCKED_FILL
        value_cell = sheet.cell(number, COL_VALUE)
        if not row.locked:
            value_cell.protection = Protection(locked=False)
            value_cell.fill = INPUT_FILL
            found = _validation_for(row.indicator)
            if found:
                key, dv = found
                validations.setdefault(key, dv).add(value_cell.coordinate)
    _task_blocks(sheet, rows, first_of_task, font)
    _row_heights(sheet, rows)
    for dv in validations.values():
        dv.error = "输入的内容不符合要求，请查看“填写要求”列"
        dv.errorTitle = "输入有误"
        dv.showErrorMessage = True
        sheet.add_data_validation(dv)
    sheet.column_dimensions["A"].hidden = True
    set_widths(sheet, [14.0, 7.0, width_for([r.title for r in rows], minimum=12, maximum=28),
                       width_for([r.indicator.name for r in rows], minimum=14, maximum=40), 9.0, 18.0, 12.0, 44.0,
                       36.0, 36.0])  # fmt: skip
    sheet.freeze_panes = f"C{FIRST_ROW}"
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False  # widening a column is allowed
    sheet.protection.formatRows = False
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"


def _lines(text: str, width: float) -> int:
    return max(1, -(-cell_width(text or "") // int(width - 1)))


def _row_heights(sheet: Any, rows: list[TemplateRow]) -> None:
    """Heights for wrapped text: spreadsheets do not grow rows for merged or generated cells."""
    per_task: dict[int, list[int]] = {}
    for number, row in enumerate(rows, start=FIRST_ROW):
        per_task.setdefault(row.task, []).append(number)
    for task_rows in per_task.values():
        row = rows[task_rows[0] - FIRST_ROW]
        block = max(_lines(row.plan, 44), _lines(row.measures, 36))
        share = -(-block // len(task_rows))
        for number in task_rows:
            own = rows[number - FIRST_ROW]
            lines = max(
                share, _lines(own.indicator.name, 40), _lines(_help_text(own.indicator), 36)
            )
            sheet.row_dimensions[number].height = 14.5 * lines + 2


def _task_blocks(
    sheet: Any, rows: list[TemplateRow], first_of_task: dict[int, int], font: Font
) -> None:
    """Plan and corrective measures: one input per task, merged over the task's rows."""
    last_of_task = {row.task: number for number, row in enumerate(rows, start=FIRST_ROW)}
    by_task = {row.task: row for row in rows}
    for task, first in first_of_task.items():
        row, last = by_task[task], last_of_task[task]
        for column, text in ((COL_PLAN, row.plan), (COL_MEASURES, row.measures)):
            cell = keep_text(sheet.cell(first, column, text or None))
            cell.font = font
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            if not row.locked:
                cell.protection = Protection(locked=False)
                cell.fill = INPUT_FILL
            if last > first:
                sheet.merge_cells(
                    start_row=first, start_column=column, end_row=last, end_column=column
                )
