"""The archive's detail sheets: every indicator per group, and where every entry came from."""

from __future__ import annotations

from typing import Any

from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter

from ecodesk.core.entries import Review, task_status_label
from ecodesk.core.evaluation import Status, status_label
from ecodesk.core.forms import GROUP_NUMERALS, GROUPS, ValueType
from ecodesk.core.i18n import t
from ecodesk.core.values import Value, format_value
from ecodesk.reports.model import ArchiveData, Cell, Record, cell_label
from ecodesk.reports.xlsxio import (
    AMBER,
    GREEN,
    GREY,
    RED,
    Styler,
    landscape_print,
    set_widths,
    standard_styles,
    width_for,
)

PROVENANCE_SHEET = "来源"


def group_sheet_title(group: int) -> str:
    return f"（{GROUP_NUMERALS[group - 1]}）{GROUPS[group - 1][0]}"[:31]


def group_columns() -> list[str]:
    return [t("填报单位", "office"), t("任务号", "task"), t("任务", "title"), t("指标", "indicator"),
            t("计量单位", "unit"), t("填报值", "value"), t("目标", "target"), t("评估", "evaluation"),
            t("差距/说明", "gap / note"), t("填报状态", "entry status"), t("计划安排", "plan"),
            t("整改措施", "corrective measures"), t("佐证材料（归档路径）", "evidence (archive path)"),
            t("审核", "review")]  # fmt: skip


def review_label(review: Review, comment: str = "") -> str:
    label = {Review.NONE: t("未审核", "not reviewed"), Review.ACCEPTED: t("通过", "accepted"),
             Review.RETURNED: t("退回", "returned")}[review]  # fmt: skip
    return f"{label}：{comment}" if comment else label


def cell_value(indicator: Any, value: Value) -> Any:
    """A value as Excel should hold it: numbers stay numbers, yes/no become 是/否."""
    if value is None:
        return None
    if indicator.type in (ValueType.NUMBER, ValueType.PERCENT) and isinstance(value, int | float):
        return value
    return format_value(indicator, value)


def group_sheet(ws: Any, data: ArchiveData, group: int) -> None:
    styles = Styler(ws)
    standard_styles(styles)
    columns = group_columns()
    forms = [f for f in data.forms.values() if f.group == group]
    indicators = [i for f in forms for i in f.indicators]
    ws.freeze_panes = "B2"
    set_widths(
        ws,
        [
            width_for(data.offices, minimum=10, maximum=22),
            7.0,
            width_for([f.title for f in forms], minimum=12, maximum=30),
            width_for([i.name for i in indicators], minimum=14, maximum=36),
            width_for([i.unit for i in indicators] + [columns[4]], maximum=12),
            11.0,
            18.0,
            9.0,
            20.0,
            10.0,
            40.0,
            36.0,
            44.0,
            14.0,
        ],
    )
    landscape_print(ws, "1:1")
    ws.append([styles.cell(name, "header") for name in columns])
    rows = 1
    for office in data.offices:
        for form in forms:
            record = data.record(office, form.task)
            if record is not None:
                rows += _record_rows(ws, styles, record)
    last = get_column_letter(len(columns))
    evaluation_range = f"H2:H{max(rows, 2)}"
    for status, colour in ((Status.MET, GREEN), (Status.NOT_MET, RED), (Status.UNKNOWN, AMBER)):
        ws.conditional_formatting.add(
            evaluation_range,
            CellIsRule(
                operator="equal",
                formula=[f'"{status_label(status)}"'],
                fill=PatternFill("solid", fgColor=colour, bgColor=colour),
            ),
        )
    ws.conditional_formatting.add(
        evaluation_range,
        CellIsRule(
            operator="equal",
            formula=[f'"{cell_label(Cell.MISSING)}"'],
            fill=PatternFill("solid", fgColor=GREY, bgColor=GREY),
        ),
    )
    ws.auto_filter.ref = f"A1:{last}{rows}"


def _record_rows(ws: Any, styles: Styler, record: Record) -> int:
    """Append one row per indicator of the record; return how many."""
    entry = record.entry
    missing = record.cell is Cell.MISSING
    plan = entry.plan if entry else ""
    measures = entry.corrective_measures if entry else ""
    evidence = "\n".join(item.path for item in record.evidence)
    review = review_label(entry.review, entry.review_comment) if entry else ""
    status = task_status_label(record.status)
    if entry is not None and entry.not_applicable:
        plan = t(
            f"不适用：{entry.not_applicable_reason}",
            f"not applicable: {entry.not_applicable_reason}",
        )
    count = 0
    for indicator, evaluation in zip(record.form.indicators, record.evaluations, strict=True):
        if evaluation.status is Status.NOT_APPLICABLE and not missing:
            continue
        value = cell_value(indicator, indicator.value_in(record.values))
        judged = cell_label(Cell.MISSING) if missing else status_label(evaluation.status)
        ws.append([
            styles.cell(record.office, "text"), styles.cell(record.form.task, "center"),
            styles.cell(record.form.title, "text"), styles.cell(indicator.name, "wrap"),
            styles.cell("%" if indicator.type is ValueType.PERCENT else indicator.unit, "center"),
            styles.cell(value, "number" if isinstance(value, float | int) else "center"),
            styles.cell(evaluation.target_text, "text"), styles.cell(judged, "center"),
            styles.cell(evaluation.gap_text or evaluation.reason, "wrap"), styles.cell(status, "center"),
            styles.cell(plan, "wrap"), styles.cell(measures, "wrap"), styles.cell(evidence, "wrap"),
            styles.cell(review, "wrap"),
        ])  # fmt: skip
        count += 1
    return count


def provenance_columns() -> list[str]:
    return [t("填报单位", "office"), t("任务号", "task"), t("任务", "title"), t("记录编号", "entry id"),
            t("版本", "revision"), t("最后修改", "last changed"), t("来源", "source"), t("数据包", "bundle"),
            t("签名密钥指纹", "signing key fingerprint"), t("导入时间", "imported at"),
            t("录入安装编号", "install id"), t("审核结论", "review decision"), t("佐证文件", "evidence file"),
            t("SHA-256", "SHA-256"), t("大小（字节）", "size (bytes)"), t("归档路径", "archive path")]  # fmt: skip


def provenance_sheet(ws: Any, data: ArchiveData) -> None:
    """One row per evidence file (or one per entry without evidence), with the entry's origin."""
    styles = Styler(ws)
    standard_styles(styles)
    columns = provenance_columns()
    ws.freeze_panes = "B2"
    set_widths(
        ws,
        [
            width_for(data.offices, minimum=10, maximum=22),
            7.0,
            24.0,
            38.0,
            6.0,
            26.0,
            10.0,
            24.0,
            30.0,
            26.0,
            38.0,
            20.0,
            30.0,
            66.0,
            12.0,
            50.0,
        ],
    )
    landscape_print(ws, "1:1")
    ws.print_options.gridLines = True
    ws.append([styles.cell(name, "header") for name in columns])
    rows = 1
    for office in data.offices:
        for task in data.forms:
            record = data.record(office, task)
            if record is None or record.entry is None or record.provenance is None:
                continue
            entry, origin = record.entry, record.provenance
            head = [office, task, record.form.title, entry.uuid, entry.revision, entry.updated_at, origin.source,
                    origin.bundle, origin.signer, origin.imported_at, origin.install_id,
                    review_label(entry.review, entry.review_comment)]  # fmt: skip
            for item in record.evidence or (None,):
                tail = (
                    [item.name, item.sha256, item.size, item.path] if item else ["", "", None, ""]
                )
                ws.append(head + tail)  # plain cells: a reference table, printed with grid lines
                rows += 1
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{rows}"
