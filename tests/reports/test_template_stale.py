"""A template made before work done in the window never silently overwrites that work."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from ecodesk.cli import main
from ecodesk.core.entries import EntryState
from ecodesk.core.errors import UserError
from ecodesk.reports.template import COL_ID, COL_VALUE, FIRST_ROW, SHEET, save_template
from ecodesk.reports.template_merge import StaleTemplateError, undo_import
from ecodesk.reports.xlsx_import import import_template
from ecodesk.store.entries import list_entries
from ecodesk.store.workspace import Workspace

GOLDEN_V1 = Path(__file__).parent.parent / "golden" / "template-1-chengxian-2023.xlsx"


def _edit(path: Path, changes: dict[str, tuple[int, Any]]) -> None:
    """Set cells of the rows named by id: {"3/assessment_share": (COL_VALUE, 21.5)}."""
    book = openpyxl.load_workbook(path)
    sheet = book[SHEET]
    rows = {sheet.cell(r, COL_ID).value: r for r in range(FIRST_ROW, sheet.max_row + 1)}
    for key, (column, value) in changes.items():
        sheet.cell(rows[key], column).value = value
    book.save(path)


def _finish_task_21_in_the_window(ws: Workspace) -> None:
    ws.save(21, 2023, values={"audit_rate": 100.0}, plan="审核全部完成")
    evidence = ws.root.parent / "审核名单.txt"
    evidence.write_text("清洁生产审核企业名单", encoding="utf-8")
    ws.attach(21, 2023, evidence)
    assert ws.complete(21, 2023) == []


def test_the_issues_case_is_refused_and_nothing_changes(demo_ws: Workspace, tmp_path: Path) -> None:
    path = save_template(demo_ws, 2023, "成县", tmp_path / "t.xlsx")
    _finish_task_21_in_the_window(demo_ws)
    _edit(path, {"3/assessment_share": (COL_VALUE, 21.5)})  # the clerk's edit in Excel
    before = list_entries(demo_ws.db)
    with pytest.raises(StaleTemplateError) as caught:
        import_template(demo_ws, path)
    [stale] = caught.value.stale
    assert stale.task == 21
    fields = {c.field: (c.template, c.current) for c in stale.fields}
    assert fields == {"values.audit_rate": ("", "100%"), "plan": ("", "审核全部完成")}
    assert "任务 21" in str(caught.value) and "--stale" in str(caught.value)
    assert list_entries(demo_ws.db) == before  # task 3's valid edit did not land alone either


def test_keeping_the_current_side_imports_the_rest(demo_ws: Workspace, tmp_path: Path) -> None:
    path = save_template(demo_ws, 2023, "成县", tmp_path / "t.xlsx")
    _finish_task_21_in_the_window(demo_ws)
    _edit(path, {"3/assessment_share": (COL_VALUE, 21.5)})
    result = import_template(demo_ws, path, "current")
    entry = demo_ws.entry(21, 2023)
    assert entry is not None and entry.values == {"audit_rate": 100.0}
    assert entry.plan == "审核全部完成" and entry.state is EntryState.COMPLETE
    assert set(result.changed) == {3}
    assert any("20.67% → 21.5%" in line for line in result.summary)
    assert any("任务 21：2 项保留本机当前的值" in line for line in result.summary)


def test_per_field_decisions(demo_ws: Workspace, tmp_path: Path) -> None:
    path = save_template(demo_ws, 2023, "成县", tmp_path / "t.xlsx")
    _finish_task_21_in_the_window(demo_ws)
    _edit(path, {"21/audit_rate": (COL_VALUE, 98)})
    decisions = {21: {"values.audit_rate": "template", "plan": "current"}}
    result = import_template(demo_ws, path, decisions)  # type: ignore[arg-type]
    entry = demo_ws.entry(21, 2023)
    assert entry is not None and entry.values == {"audit_rate": 98.0}
    assert entry.plan == "审核全部完成"  # kept: the template's empty plan did not win
    assert entry.state is EntryState.DRAFT  # 98 % misses "= 100 %": no longer complete
    assert any("已完成 → 草稿" in line for line in result.summary)


def test_undo_puts_back_values_plan_and_state(demo_ws: Workspace, tmp_path: Path) -> None:
    _finish_task_21_in_the_window(demo_ws)
    path = save_template(demo_ws, 2023, "成县", tmp_path / "t.xlsx")  # fresh: not stale
    _edit(path, {"21/audit_rate": (COL_VALUE, 90), "3/assessment_share": (COL_VALUE, 22)})
    result = import_template(demo_ws, path)
    assert demo_ws.entry(21, 2023).state is EntryState.DRAFT  # type: ignore[union-attr]
    assert result.undo is not None
    assert undo_import(demo_ws, result.undo) == [3, 21]
    entry = demo_ws.entry(21, 2023)
    assert entry is not None and entry.values == {"audit_rate": 100.0}
    assert entry.state is EntryState.COMPLETE and entry.plan == "审核全部完成"
    assert demo_ws.entry(3, 2023).values == {"assessment_share": 20.67}  # type: ignore[union-attr]


def test_undo_is_refused_after_a_later_edit(demo_ws: Workspace, tmp_path: Path) -> None:
    path = save_template(demo_ws, 2023, "成县", tmp_path / "t.xlsx")
    _edit(path, {"3/assessment_share": (COL_VALUE, 22)})
    result = import_template(demo_ws, path)
    demo_ws.save(3, 2023, plan="之后又改了")
    assert result.undo is not None
    with pytest.raises(UserError, match="任务 3 在导入之后又有修改"):
        undo_import(demo_ws, result.undo)
    assert demo_ws.entry(3, 2023).plan == "之后又改了"  # type: ignore[union-attr]


def test_format_1_template_still_reads(demo_ws: Workspace, tmp_path: Path) -> None:
    """The golden file was written by 0.2.0 (format 1, no revisions) for the demo's 成县 2023."""
    path = tmp_path / "old.xlsx"
    shutil.copy(GOLDEN_V1, path)
    assert import_template(demo_ws, path).changed == {}  # identical content: nothing to decide
    _edit(path, {"21/audit_rate": (COL_VALUE, 100), "3/assessment_share": (COL_VALUE, 22)})
    with pytest.raises(StaleTemplateError) as caught:  # task 3 has content: its base is unknown
        import_template(demo_ws, path)
    assert [s.task for s in caught.value.stale] == [3] and caught.value.stale[0].made_at is None
    result = import_template(demo_ws, path, "template")
    assert set(result.changed) == {3, 21}
    assert demo_ws.entry(3, 2023).values == {"assessment_share": 22.0}  # type: ignore[union-attr]


def test_cli_lists_stale_tasks_and_takes_a_side(
    demo_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--workspace", str(demo_copy)]
    path = tmp_path / "t.xlsx"
    assert main([*base, "template", "--period", "2023", "--out", str(path)]) == 0
    ws = Workspace.open(demo_copy)
    try:
        _finish_task_21_in_the_window(ws)
    finally:
        ws.close()
    _edit(path, {"3/assessment_share": (COL_VALUE, 21.5)})
    capsys.readouterr()
    assert main([*base, "import-xlsx", str(path)]) == 2
    err = capsys.readouterr().err
    assert "任务 21" in err and "计划安排" in err and "--stale" in err
    assert main([*base, "import-xlsx", str(path), "--stale", "current"]) == 0
    out = capsys.readouterr().out
    assert "修改了任务 3" in out and "任务 21：2 项保留本机当前的值" in out
