"""One validator, every door: the same bad value typed in the window, given to `ecodesk set`,
written into the Excel template or signed into a bundle is refused with the same code and the
same message, and nothing is stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from bundle_helpers import Network
from forge import Forge
from qt_fixtures import wait_built

from ecodesk.bundle import api
from ecodesk.cli import main
from ecodesk.reports.template import COL_ID, COL_PLAN, COL_VALUE, FIRST_ROW, SHEET, save_template
from ecodesk.reports.xlsx_import import TemplateImportError, import_template
from ecodesk.store import settings
from ecodesk.store.workspace import Workspace

NEXT_YEAR = date.today().year + 1  # a period that has not begun (the plan runs to 2030)
UNSET = object()


@dataclass(frozen=True)
class Case:
    name: str
    code: str
    task: int
    indicator: str = ""  # a value case; otherwise the plan is what is refused
    typed: str = ""  # what a person types (window, CLI, an Excel cell)
    sent: Any = UNSET  # the value a bundle line carries (UNSET: JSON cannot say it)
    plan: str = "年度计划"
    period: int = 2023
    switched_off: bool = False  # `assign --off` for this office, task and period
    in_window: bool = True  # False: the window does not even offer it (a drop-down, a hidden task)


CASES = [
    Case("text in a percent", "not_a_number", 5, "disclosure_rate", "很多", "很多"),
    Case("percent over 100", "out_of_range", 24, "treatment_rate", "150", 150),
    Case("negative amount", "out_of_range", 28, "park_area_per_person", "-5", -5),
    Case("decimal comma", "ambiguous_number", 24, "treatment_rate", "1,5"),
    Case("yes/no answered otherwise", "not_yes_no", 4, "river_chief_system", "也许", "也许",
         in_window=False),
    Case("not one of the choices", "not_a_choice", 8, "worst_section_class", "VII类", "VII类",
         in_window=False),
    Case("plan too long", "text_too_long", 3, plan="规" * 10_001),
    Case("period not begun", "future_period", 3, period=NEXT_YEAR),
    Case("task switched off", "not_assigned", 3, switched_off=True, in_window=False),
]  # fmt: skip
IDS = [c.name for c in CASES]


def _office_workspace(root: Path, case: Case) -> Workspace:
    ws = Workspace.create(root, office="成县")
    if case.switched_off:  # as the task force's task package would have said
        settings.set_assignment(ws.db, office="成县", task=case.task, period=case.period,
                                assigned=False)  # fmt: skip
    return ws


def _stored(ws: Workspace, case: Case) -> Any:
    entry = ws.entry(case.task, case.period)
    return None if entry is None else (dict(entry.values), entry.plan)


# ---------------------------------------------------------------- the four doors


def _cli(case: Case, root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[str, str]:
    _office_workspace(root, case).close()
    change = (
        ["--value", f"{case.indicator}={case.typed}"] if case.indicator else ["--plan", case.plan]
    )
    code = main(
        ["--workspace", str(root), "set", str(case.task), "--period", str(case.period), *change]
    )
    err = capsys.readouterr().err.strip()
    assert code == 2, err
    ws = Workspace.open(root)
    assert _stored(ws, case) is None  # nothing saved, not even a blank entry
    ws.close()
    return "", err.removeprefix("错误：")


def _excel(case: Case, root: Path) -> tuple[str, str]:
    ws = Workspace.create(root, office="成县")
    path = save_template(ws, case.period, "成县", root.parent / "template.xlsx")
    if case.switched_off:
        settings.set_assignment(ws.db, office="成县", task=case.task, period=case.period,
                                assigned=False)  # fmt: skip
    book = openpyxl.load_workbook(path)
    sheet = book[SHEET]
    rows = {sheet.cell(r, COL_ID).value: r for r in range(FIRST_ROW, sheet.max_row + 1)}
    if case.indicator:
        sheet.cell(rows[f"{case.task}/{case.indicator}"], COL_VALUE).value = (
            case.sent if isinstance(case.sent, int) else case.typed
        )
    else:
        first = min(r for key, r in rows.items() if key and key.startswith(f"{case.task}/"))
        sheet.cell(first, COL_PLAN).value = case.plan
    book.save(path)
    with pytest.raises(TemplateImportError) as refused:
        import_template(ws, path)
    assert _stored(ws, case) is None
    ws.close()
    problems = refused.value.problems
    assert len({p.code for p in problems}) == 1, problems
    return problems[0].code, problems[0].reason


def _bundle(case: Case, root: Path) -> tuple[str, str]:
    network = Network(root)
    try:
        office = network.join("成县")
        office.save(case.task, 2023, plan="年度计划")  # a real line to start from
        forge = Forge(office, network.tf, period=case.period)
        line = {**Forge(office, network.tf).line(case.task), "period": case.period}
        if case.indicator:
            line["values"] = {case.indicator: case.sent}
        else:
            line["plan"] = case.plan
        if case.switched_off:
            network.tf.set_assignment(office="成县", task=case.task, period=case.period,
                                      assigned=False)  # fmt: skip
        path = root / "成县.ecb"
        path.write_bytes(forge.build(lines=[line]))
        plan = api.plan_import(network.tf, [path])
        (refused,) = plan.rejected_files  # a refused line refuses its bundle whole
        api.apply_import(network.tf, plan)
        assert network.tf.entry(case.task, case.period, "成县") is None
        reason = refused.first_refusals[0]
        where = f"第 1 行：条目 {line['uuid']}（任务 {case.task}）："  # the report names the line
        assert reason.text.startswith(where), reason.text
        return reason.code, reason.text.removeprefix(where)
    finally:
        network.close()


def _window(case: Case, root: Path, controller: Any, qtbot: Any, ime: Any) -> tuple[str, str]:
    _office_workspace(root, case).close()
    window = controller(root, case.period).start()
    qtbot.addWidget(window)
    wait_built(qtbot, window)
    assert window.tasks.select_task(case.task)
    editor = window.editor
    if case.indicator:
        field = editor.form_view.fields[case.indicator]
        if case.typed.isascii():
            qtbot.keyClicks(field.input, case.typed)
        else:
            ime(field.input, case.typed)
        shown = field.error.text()
        assert field.error.isVisibleTo(window)
        editor.save_now()
    else:
        ime(editor.form_view.plan, case.plan)
        assert editor.save_now() is False
        shown = window.statusBar().currentMessage()
    assert _stored(window.ws, case) is None
    window.close()
    return "", shown


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_every_door_refuses_alike(
    case: Case, tmp_path: Path, capsys, controller, qtbot, ime
) -> None:  # type: ignore[no-untyped-def]
    seen = {"cli": _cli(case, tmp_path / "cli" / "ws", capsys)}
    (tmp_path / "xlsx").mkdir()
    seen["excel"] = _excel(case, tmp_path / "xlsx" / "ws")
    if case.sent is not UNSET or not case.indicator:
        (tmp_path / "bundle").mkdir()
        seen["bundle"] = _bundle(case, tmp_path / "bundle")
    if case.in_window:
        seen["window"] = _window(case, tmp_path / "window" / "ws", controller, qtbot, ime)
    codes = {door: code for door, (code, _) in seen.items() if code}
    assert set(codes.values()) == {case.code}, seen
    messages = {door: message for door, (_, message) in seen.items()}
    assert len(set(messages.values())) == 1, messages
