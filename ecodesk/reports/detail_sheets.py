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
from ecodesk.core.timefmt import document_time
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
    wrapped_height,
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
    widths = [
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
    ]  # fmt: skip
    set_widths(ws, widths)
    landscape_print(ws, "1:1")
    ws.row_dimensions[1].height = wrapped_height(list(zip(columns, widths, strict=True)))
    ws.append([styles.cell(name, "header") for name in columns])
    rows = 1
    for office in data.offices:
        for form in forms:
            record = data.record(office, form.task)
            if record is not None:
                rows += _record_rows(ws, styles, record, rows + 1, widths)
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


# The group sheet's columns whose text wraps: their row needs a height (see wrapped_height).
_WRAPPED = (3, 8, 10, 11, 12, 13)


def _record_rows(ws: Any, styles: Styler, record: Record, row: int, widths: list[float]) -> int:
    """Append one row per indicator of the record, from sheet row `row`; return how many."""
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
        texts = {3: indicator.name, 8: evaluation.gap_text or evaluation.reason, 10: plan,
                 11: measures, 12: evidence, 13: review}  # fmt: skip
        ws.row_dimensions[row + count].height = wrapped_height(
            [(texts[column], widths[column]) for column in _WRAPPED]
        )
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
    """The printed columns first (A–M), then the long machine values in full (N–Q)."""
    return [t("填报单位", "office"), t("任务号", "task"), t("任务", "title"), t("版本", "revision"),
            t("最后修改（北京时间）", "last changed (Beijing time)"), t("来源", "source"),
            t("数据包", "bundle"), t("导入时间（北京时间）", "imported at (Beijing time)"),
            t("审核结论", "review decision"), t("佐证文件", "evidence file"),
            t("SHA-256（前 12 位）", "SHA-256 (first 12)"), t("大小（字节）", "size (bytes)"),
            t("归档路径", "archive path"), t("记录编号", "entry id"),
            t("签名密钥指纹", "signing key fingerprint"), t("录入安装编号", "install id"),
            t("SHA-256", "SHA-256")]  # fmt: skip


_PROVENANCE_WIDTHS = [6.0, 16.0, 6.0, 18.0, 10.0, 16.0, 18.0, 16.0, 20.0, 14.0, 11.0, 36.0,
                      38.0, 30.0, 38.0, 66.0]  # fmt: skip
_PRINTED = 13  # columns A–M fit an A3 page across; N–Q hold the full ids and hashes


def provenance_sheet(ws: Any, data: ArchiveData) -> None:
    """One row per evidence file (or one per entry without evidence), with the entry's origin.

    Printed, it shows what a person checks (who, when, from where, which file) with each hash
    cut to 12 characters; the full hashes and ids stand in the columns after the print area."""
    styles = Styler(ws)
    standard_styles(styles)
    columns = provenance_columns()
    widths = [width_for(data.offices, minimum=10, maximum=22), *_PROVENANCE_WIDTHS]
    ws.freeze_panes = "B2"
    set_widths(ws, widths)
    landscape_print(ws, "1:1")
    ws.page_setup.paperSize = 8  # A3
    ws.row_dimensions[1].height = wrapped_height(list(zip(columns, widths, strict=True)))
    ws.append([styles.cell(name, "header") for name in columns])
    rows = 1
    for office in data.offices:
        for task in data.forms:
            record = data.record(office, task)
            if record is None or record.entry is None or record.provenance is None:
                continue
            for item in record.evidence or (None,):
                texts = _provenance_row(office, task, record, item)
                rows += 1
                ws.row_dimensions[rows].height = wrapped_height(
                    [(texts[c], widths[c]) for c in (2, 6, 8, 9, 12)]
                )
                ws.append([styles.cell(text, "wrap" if c in (2, 6, 8, 9, 12) else "text")
                           for c, text in enumerate(texts)])  # fmt: skip
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{rows}"
    ws.print_area = f"A1:{get_column_letter(_PRINTED)}{rows}"


def _provenance_row(office: str, task: int, record: Record, item: Any) -> list[Any]:
    entry, origin = record.entry, record.provenance
    assert entry is not None and origin is not None
    return [office, task, record.form.title, entry.revision,
            document_time(entry.updated_at, seconds=True, zone=False), origin.source,
            origin.bundle, document_time(origin.imported_at, seconds=True, zone=False),
            review_label(entry.review, entry.review_comment), item.name if item else "",
            item.sha256[:12] if item else "", item.size if item else None,
            item.path if item else "", entry.uuid, origin.signer, origin.install_id,
            item.sha256 if item else ""]  # fmt: skip
