"""The printed report and the archive workbook list evidence by what it supports (issue 13)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from ecodesk.cli import main
from ecodesk.reports.model import collect
from ecodesk.reports.office_report import office_report_html
from ecodesk.store.workspace import Workspace

TASK = 24  # 城镇污水处理率: treatment_rate applies to 成县


def _attach_two(ws: Workspace, tmp_path: Path) -> None:
    plan, report = tmp_path / "整改方案.pdf", tmp_path / "污水厂运行报表.pdf"
    plan.write_text("方案", encoding="utf-8")
    report.write_text("报表", encoding="utf-8")
    ws.attach(TASK, 2023, report, indicator="treatment_rate")
    ws.attach(TASK, 2023, plan)


def test_the_report_groups_files_whole_task_first_then_by_indicator(
    demo_ws: Workspace, tmp_path: Path
) -> None:
    _attach_two(demo_ws, tmp_path)
    html = office_report_html(demo_ws, "成县", 2023)
    block = html[html.index(f"任务 {TASK}　") :]
    block = block[block.index("佐证材料：") :]
    order = [
        block.index(s)
        for s in ("整个任务：", "整改方案.pdf", "城镇污水处理率：", "污水厂运行报表.pdf")
    ]
    assert order == sorted(order), block[:400]


def test_the_workbook_names_each_files_indicator(demo_ws: Workspace, tmp_path: Path) -> None:
    _attach_two(demo_ws, tmp_path)
    record = collect(demo_ws, 2023).record("成县", TASK)
    assert record is not None
    listed = [(item.name, item.indicator) for item in record.evidence]
    assert listed[-1] == ("污水厂运行报表.pdf", "treatment_rate")  # whole-task files first
    assert ("整改方案.pdf", "") in listed[:-1]
    # The archive path does not depend on the indicator (the archive layout is unchanged).
    assert record.evidence[-1].path.endswith("/24-城镇污水处理率/污水厂运行报表.pdf")


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_the_pdf_shows_the_groups(
    demo_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], qapp: object
) -> None:
    ws = Workspace.open(demo_copy)
    _attach_two(ws, tmp_path)
    ws.close()
    out = tmp_path / "成县.pdf"
    args = ["--workspace", str(demo_copy), "report", "--office", "成县", "--period", "2023"]
    assert main([*args, "--out", str(out)]) == 0
    capsys.readouterr()
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = re.sub(r"\s+", "", text)
    start = flat.index(f"任务{TASK}")
    files = flat[flat.index("佐证材料：", start) :]
    order = [
        files.index(s)
        for s in ("整个任务：", "整改方案.pdf", "城镇污水处理率：", "污水厂运行报表.pdf")
    ]
    assert order == sorted(order), files[:400]
