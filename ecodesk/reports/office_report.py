"""The printable report of one office: its entries, evaluation and a signature/stamp block.

This module writes the report as simple HTML (what Qt's rich-text engine renders); the PDF
itself is made by `ecodesk.ui.report_pdf`, which only lays this HTML out on pages.
"""

from __future__ import annotations

from collections import Counter
from html import escape
from typing import Any

from ecodesk.core.evaluation import Status, status_label
from ecodesk.core.forms import Form, group_label
from ecodesk.core.timefmt import document_time
from ecodesk.core.values import format_value
from ecodesk.reports.detail_sheets import review_label
from ecodesk.reports.model import CELL_ORDER, ArchiveData, Cell, Record, cell_label, collect

_CELL_COLOURS = {
    Cell.MET: "#2E7D32",
    Cell.NOT_MET: "#C62828",
    Cell.UNKNOWN: "#B26A00",
    Cell.MISSING: "#757575",
    Cell.BASELINE: "#1565C0",
}
_STYLE = """
body { font-size: 9.5pt; }
h1 { font-size: 15pt; text-align: center; margin-bottom: 2px; }
h2 { font-size: 12pt; margin-top: 14px; border-bottom: 1px solid #999; }
h3 { font-size: 10.5pt; margin-top: 10px; margin-bottom: 2px; }
p.meta { text-align: center; color: #444; }
table.grid { border-collapse: collapse; }
table.grid td, table.grid th { border: 1px solid #888; padding: 2px 4px; }
table.grid th { background: #DDEBF7; }
p.text { margin: 2px 0 2px 0; }
span.label { color: #555; }
"""


def office_report_html(ws: Any, office: str, period: int) -> str:
    """The whole report as HTML for `office` and `period`, from a Workspace."""
    return report_html(collect(ws, period, office), office)


def report_html(data: ArchiveData, office: str) -> str:
    """The whole report as HTML for `office` from gathered archive data."""
    period = data.period
    records = [
        data.records[(office, task)] for task in data.forms if (office, task) in data.records
    ]
    counts = Counter(r.cell for r in records)
    parts = [f"<html><head><style>{_STYLE}</style></head><body>",
             f"<h1>陇南市国家生态文明建设示范市创建<br/>{period} 年度指标填报报告</h1>",
             f"<p class='meta'>填报单位：{escape(office)}　　填报期：{period} 年　　"
             f"数据截至：{document_time(data.stamp)}</p>",
             "<h2>一、达标情况汇总</h2>", _summary_table(counts, len(records))]  # fmt: skip
    parts.append("<h2>二、各任务填报内容</h2>")
    group = 0
    for record in records:
        if record.form.group != group:
            group = record.form.group
            parts.append(f"<h3>{escape(group_label(group))}</h3>")
        parts.append(_record_html(record))
    parts.append(_signature_block(office))
    parts.append("</body></html>")
    return "".join(parts)


def _summary_table(counts: Counter[Cell], total: int) -> str:
    head = "".join(f"<th>{cell_label(c)}</th>" for c in CELL_ORDER)
    row = "".join(f"<td align='center'>{counts[c]}</td>" for c in CELL_ORDER)
    return (f"<table class='grid' width='100%' cellspacing='0'><tr><th>任务数</th>{head}</tr>"
            f"<tr><td align='center'>{total}</td>{row}</tr></table>")  # fmt: skip


def _record_html(record: Record) -> str:
    entry, form = record.entry, record.form
    colour = _CELL_COLOURS.get(record.cell, "#000")
    out = [f"<p class='text'><b>任务 {form.task}　{escape(form.title)}</b>　"
           f"<span style='color:{colour}'><b>［{cell_label(record.cell)}］</b></span></p>"]  # fmt: skip
    out.append(_units_html(form))
    if record.cell is Cell.MISSING:
        return "".join(out) + "<p class='text'>未填报。</p>"
    rows = []
    for indicator, evaluation in zip(form.indicators, record.evaluations, strict=True):
        if evaluation.status is Status.NOT_APPLICABLE:
            continue
        value = format_value(indicator, indicator.value_in(record.values))
        unit = indicator.unit if value and indicator.unit and indicator.unit != "%" else ""
        note = evaluation.gap_text or evaluation.reason
        rows.append(f"<tr><td>{escape(indicator.name)}</td><td>{escape(value)}{escape(unit)}</td>"
                    f"<td>{escape(evaluation.target_text)}</td><td>{status_label(evaluation.status)}</td>"
                    f"<td>{escape(note)}</td></tr>")  # fmt: skip
    out.append("<table class='grid' width='100%' cellspacing='0'><tr><th width='36%'>指标</th><th width='14%'>填报值</th>"
               "<th width='18%'>目标</th><th width='10%'>评估</th><th width='22%'>差距/说明</th></tr>" + "".join(rows) + "</table>")  # fmt: skip
    assert entry is not None
    if entry.not_applicable:
        out.append(_labelled("不适用理由", entry.not_applicable_reason))
    out.append(_labelled("计划安排", entry.plan or "（未填写）"))
    if entry.corrective_measures or record.cell is Cell.NOT_MET:
        out.append(_labelled("整改措施", entry.corrective_measures or "（未填写）"))
    files = (
        "；".join(f"{item.name}（SHA-256 {item.sha256[:12]}…）" for item in record.evidence)
        or "（无）"
    )
    out.append(_labelled("佐证材料", files))
    out.append(_labelled("审核", review_label(entry.review, entry.review_comment)))
    return "".join(out)


def _units_html(form: Form) -> str:
    """Lead and cooperating units as the plan names them, non-office units included."""
    units = f"牵头单位：{escape('、'.join(form.lead))}"
    if form.all_cooperating():
        units += f"；配合单位：{escape('、'.join(form.all_cooperating()))}"
    return f"<p class='text'><span class='label'>{units}</span></p>"


def _labelled(label: str, text: str) -> str:
    return f"<p class='text'><span class='label'>{label}：</span>{escape(text)}</p>"


# The renderer keeps everything from this anchor to the end on one page (the signature and
# stamp block must never be split: a page with only the stamp proves nothing).
KEEP_TOGETHER = "keep-together"


def _signature_block(office: str) -> str:
    # Qt's rich text ignores cell heights: blank lines make room for signatures and the stamp.
    space = "<br/>" * 3
    stamp = "<br/>" * 6

    def cell(text: str, extra: str = "") -> str:
        return f"<td valign='top' {extra}>{text}{space}</td>"

    return (
        f"<h2><a name='{KEEP_TOGETHER}'></a>三、确认与签章</h2>"
        "<p class='text'>本单位对以上填报数据及佐证材料的真实性、准确性负责。</p>"
        "<table class='grid' width='100%' cellspacing='0'><tr>"
        + cell("填报人（签字）：")
        + cell("审核人（签字）：")
        + cell("单位负责人（签字）：")
        + "</tr><tr>"
        + f"<td colspan='2' valign='top'>填报单位（盖章）：{escape(office)}{stamp}</td>"
        + f"<td valign='top'>日期：______年____月____日{stamp}</td>"
        + "</tr></table>"
    )
