"""The Excel template: written for an office, filled in by 'Excel' (openpyxl), read back exactly."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from ecodesk.cli import main
from ecodesk.core.entries import Review
from ecodesk.core.forms import ValueType
from ecodesk.reports import xlsx_import
from ecodesk.reports.template import (
    COL_ID,
    COL_MEASURES,
    COL_PLAN,
    COL_VALUE,
    FIRST_ROW,
    META_SHEET,
    SHEET,
    save_template,
)
from ecodesk.reports.xlsx_import import TemplateImportError, import_template
from ecodesk.store.entries import history, list_entries
from ecodesk.store.workspace import Workspace


def _snapshot(ws: Workspace) -> list[Any]:
    return [(e, history(ws.db, uuid=e.uuid)) for e in list_entries(ws.db)]


def _rows(sheet: Any) -> dict[str, int]:
    return {
        sheet.cell(r, COL_ID).value: r
        for r in range(FIRST_ROW, sheet.max_row + 1)
        if sheet.cell(r, COL_ID).value
    }


def _fresh_value(indicator: Any, row: int) -> Any:
    if indicator.type is ValueType.YESNO:
        return "否" if row % 2 else "是"
    if indicator.type is ValueType.CHOICE:
        return indicator.choices[row % len(indicator.choices)].label  # typed as its label
    if indicator.type is ValueType.TEXT:
        return f"第 {row} 行的说明"
    low = indicator.minimum if indicator.minimum is not None else 0.0
    high = indicator.maximum if indicator.maximum is not None else low + 1000
    return round(low + (high - low) * ((row * 37) % 100) / 100, 2)


def test_template_layout(demo_ws: Workspace, tmp_path: Path) -> None:
    path = save_template(demo_ws, 2023, "成县", tmp_path / "t.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [SHEET, META_SHEET]
    assert book[META_SHEET].sheet_state == "veryHidden"
    sheet = book[SHEET]
    assert sheet.protection.sheet and sheet.column_dimensions["A"].hidden
    assert "填写说明" in sheet["B2"].value
    rows = _rows(sheet)
    tasks = demo_ws.tasks(2023, "成县")
    assert {int(key.split("/")[0]) for key in rows} == set(tasks)
    first = rows["3/assessment_share"]
    assert sheet.cell(first, COL_VALUE).protection.locked is False
    assert sheet.cell(first, COL_ID).protection.locked is True
    assert sheet.cell(first, COL_PLAN).protection.locked is False
    kinds = {(dv.type, dv.formula1, dv.formula2) for dv in sheet.data_validations.dataValidation}
    assert ("list", '"是,否"', None) in kinds and ("decimal", "0", "100") in kinds
    accepted = rows["1/plan_issued"]  # the demo accepts 成县's task 1: shown but locked
    assert sheet.cell(accepted, COL_VALUE).protection.locked is True
    # the unchanged template imports as no change at all
    before = _snapshot(demo_ws)
    assert import_template(demo_ws, path).changed == {}
    assert _snapshot(demo_ws) == before


def test_filled_template_lands_exactly(demo_ws: Workspace, tmp_path: Path) -> None:
    path = save_template(demo_ws, 2023, "成县", tmp_path / "t.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book[SHEET]
    expected: dict[tuple[int, str], Any] = {}
    plans: dict[int, str] = {}
    for key, row in _rows(sheet).items():
        task, indicator_id = key.split("/")
        entry = demo_ws.entry(int(task), 2023)
        if entry is not None and entry.review is Review.ACCEPTED:
            continue
        indicator = demo_ws.forms[int(task)].indicator(indicator_id)
        value = _fresh_value(indicator, row)
        sheet.cell(row, COL_VALUE).value = value
        expected[(int(task), indicator_id)] = (
            {"是": True, "否": False}.get(value, value) if isinstance(value, str) else float(value)
        )
        if indicator.type is ValueType.CHOICE:  # a label typed in Excel is stored as its code
            expected[(int(task), indicator_id)] = indicator.choice(value).code
        if int(task) not in plans:
            plans[int(task)] = f"任务 {task} 的新计划：第 {row} 行"
            sheet.cell(row, COL_PLAN).value = plans[int(task)]
            sheet.cell(row, COL_MEASURES).value = f"任务 {task} 的整改措施"
    book.save(path)
    result = import_template(demo_ws, path)
    assert result.office == "成县" and result.period == 2023
    assert set(result.changed) == set(plans)
    for (task, indicator_id), value in expected.items():
        entry = demo_ws.entry(task, 2023)
        assert entry is not None
        assert entry.values[indicator_id] == value, (task, indicator_id)
        assert type(entry.values[indicator_id]) is type(value)
        assert entry.plan == plans[task] and entry.corrective_measures == f"任务 {task} 的整改措施"
    # importing the same file again changes nothing
    before = _snapshot(demo_ws)
    assert import_template(demo_ws, path).changed == {}
    assert _snapshot(demo_ws) == before


def test_three_bad_cells_are_named_and_nothing_applied(demo_ws: Workspace, tmp_path: Path) -> None:
    path = save_template(demo_ws, 2023, "成县", tmp_path / "t.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book[SHEET]
    rows = _rows(sheet)
    sheet.cell(rows["10/coverage"], COL_PLAN).value = "一个有效的修改，不能单独落地"
    sheet.cell(rows["3/assessment_share"], COL_VALUE).value = 120  # a percent above 100
    sheet.cell(rows["13/list_system"], COL_VALUE).value = "也许"  # not yes or no
    sheet.cell(rows["12/disposal_rate"], COL_VALUE).value = "=A1*2"  # a formula
    book.save(path)
    before = _snapshot(demo_ws)
    with pytest.raises(TemplateImportError) as caught:
        import_template(demo_ws, path)
    cells = [(p.sheet, p.cell) for p in caught.value.problems]
    bad = sorted(rows[key] for key in ("3/assessment_share", "13/list_system", "12/disposal_rate"))
    assert cells == [(SHEET, f"G{row}") for row in bad]
    message = str(caught.value)
    assert "超出范围" in message and "“是”或“否”" in message and "公式" in message
    assert f"填报!G{rows['3/assessment_share']}" in message
    assert _snapshot(demo_ws) == before


def test_percent_typed_with_percent_sign(demo_ws: Workspace, tmp_path: Path) -> None:
    path = save_template(demo_ws, 2023, "成县", tmp_path / "t.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book[SHEET]
    cell = sheet.cell(_rows(sheet)["3/assessment_share"], COL_VALUE)
    cell.value, cell.number_format = 0.255, "0.0%"  # what Excel stores for "25.5%"
    book.save(path)
    import_template(demo_ws, path)
    entry = demo_ws.entry(3, 2023)
    assert entry is not None and entry.values["assessment_share"] == pytest.approx(25.5)


def _refused(ws: Workspace, path: Path) -> str:
    with pytest.raises(TemplateImportError) as caught:
        import_template(ws, path)
    return str(caught.value)


def test_hostile_files(demo_ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = _snapshot(demo_ws)
    text = tmp_path / "not-a-zip.xlsx"
    text.write_text("任务,值\n3,20\n", encoding="utf-8")
    assert "不是 Excel" in _refused(demo_ws, text)
    plain_zip = tmp_path / "plain.xlsx"
    with zipfile.ZipFile(plain_zip, "w") as zf:
        zf.writestr("hello.txt", "hi")
    assert "不是 Excel" in _refused(demo_ws, plain_zip)
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(broken, "w") as zf:
        zf.writestr("xl/workbook.xml", "<not xml")
    assert "无法按 Excel 文件读取" in _refused(demo_ws, broken)
    other = tmp_path / "other.xlsx"
    openpyxl.Workbook().save(other)
    assert "不是 ecodesk 生成的填报模板" in _refused(demo_ws, other)
    renamed = save_template(demo_ws, 2023, "成县", tmp_path / "renamed.xlsx")
    book = openpyxl.load_workbook(renamed)
    book[SHEET].title = "Sheet1"
    book.save(renamed)
    assert "缺少工作表“填报”" in _refused(demo_ws, renamed)
    other_office = save_template(demo_ws, 2023, "文县", tmp_path / "wen.xlsx")
    assert "该模板属于“文县”" in _refused(demo_ws, other_office)
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", "<x/>")
        zf.writestr("xl/big.xml", b"\0" * (3 * 1024 * 1024))
    monkeypatch.setattr(xlsx_import, "MAX_UNPACKED_BYTES", 1024 * 1024)
    assert "解压后过大" in _refused(demo_ws, bomb)
    monkeypatch.setattr(xlsx_import, "MAX_FILE_BYTES", 1000)
    assert "文件过大" in _refused(demo_ws, renamed)
    assert _snapshot(demo_ws) == before


def test_too_many_rows_and_unknown_ids(
    demo_ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = save_template(demo_ws, 2023, "成县", tmp_path / "t.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book[SHEET]
    sheet.cell(sheet.max_row + 1, COL_ID).value = "99/nothing"
    book.save(path)
    assert "无法识别的编号" in _refused(demo_ws, path)
    monkeypatch.setattr(xlsx_import, "MAX_ROWS", 5)
    assert "行数过多" in _refused(demo_ws, path)


def test_cli_template_and_import(
    demo_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "成县.xlsx"
    base = ["--workspace", str(demo_copy)]
    assert (
        main([*base, "template", "--office", "成县", "--period", "2023", "--out", str(path)]) == 0
    )
    book = openpyxl.load_workbook(path)
    sheet = book[SHEET]
    sheet.cell(_rows(sheet)["3/assessment_share"], COL_VALUE).value = 150
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getvalue())
    capsys.readouterr()
    assert main([*base, "import-xlsx", str(path)]) == 2
    assert "填报!G" in capsys.readouterr().err
    sheet.cell(_rows(sheet)["3/assessment_share"], COL_VALUE).value = 21.5
    book.save(path)
    assert main([*base, "import-xlsx", str(path)]) == 0
    assert "修改了任务 3" in capsys.readouterr().out
