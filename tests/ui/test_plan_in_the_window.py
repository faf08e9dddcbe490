"""What the clerk sees of the plan's units and of a target changed after completion."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel

from ecodesk.core.entries import TaskStatus
from ecodesk.store import settings
from ecodesk.ui.main_window import MainWindow
from ecodesk.ui.task_model import ROW_ROLE


def _open_task(window: MainWindow, task: int) -> None:
    assert window.tasks.select_task(task)
    assert window.editor.task == task


def test_the_editor_names_cooperating_units_that_are_not_offices(fresh_window) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = fresh_window
    _open_task(window, 5)  # the plan: "(牵头单位:市生态环境局;配合单位:在陇企业)"
    texts = [label.text() for label in window.editor.findChildren(QLabel)]
    assert any("市生态环境局" in text and "在陇企业" in text for text in texts), texts


def _row_status(window: MainWindow, task: int) -> TaskStatus:
    model = window.tasks.model
    row = next(r for r in model.rows() if r.task == task)
    assert model.index_of_task(task).data(ROW_ROLE) is row
    return row.status


def test_a_target_arriving_after_completion_flags_the_task(fresh_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = fresh_window
    ws, period, task = window.ws, window.period, 7
    evidence = tmp_path / "监测报告.txt"
    evidence.write_text("监测报告", encoding="utf-8")
    ws.save(task, period, values={"good_air_days": 90.0, "pm25": 30.0}, plan="按季度调度")
    ws.attach(task, period, evidence)
    assert ws.complete(task, period) == []  # PM2.5's target not assigned yet: unknown, complete
    # the task force's package brings the province's target: 30 μg/m³ now misses 28
    settings.set_assigned_target(ws.db, task=task, indicator="pm25", office=ws.office,
                                 period=period, value=28.0)  # fmt: skip
    window.reload()
    assert _row_status(window, task) is TaskStatus.MEASURES_MISSING
    index = window.tasks.model.index_of_task(task)
    status_text = index.siblingAtColumn(2).data()
    assert status_text == "目标已更新，请补充整改措施"


def test_a_county_sees_its_own_sewage_rate_not_the_lead_units_two(fresh_window) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = fresh_window
    _open_task(window, 24)  # the plan: "市区污水处理率不低于98%,县城污水处理率不低于93%"
    fields = window.editor.form_view.fields
    shown = [i for i, f in fields.items() if f.isVisibleTo(window.editor)]
    assert shown == ["treatment_rate"]
    assert fields["treatment_rate"].target.text() == "目标：县城 ≥ 93%"


def test_task_22_shows_the_computed_rise_as_the_rate_is_typed(fresh_window, ime) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = fresh_window
    ws, period = window.ws, window.period
    ws.save(22, period - 1, values={"utilisation_rate": 80.0})  # last period's rate
    _open_task(window, 22)  # the plan: "综合利用率提高幅度不低于2%"
    field = window.editor.form_view.fields["utilisation_rate"]
    ime(field.input, "81")
    assert field.verdict.text() == (
        "未达标 · 差 1 个百分点 · 上期 80%；变化 +1 个百分点（相对 +1.25%）"
    )
    field.input.clear()
    ime(field.input, "82.4")
    assert field.verdict.text() == "达标 · 上期 80%；变化 +2.4 个百分点（相对 +3%）"


def test_the_new_statuses_have_shapes_of_their_own() -> None:
    """Colour is never the only cue: 基线 and 目标已更新 differ in shape from every other badge."""
    from ecodesk.core.evaluation import Status
    from ecodesk.store.matrix import CellStatus
    from ecodesk.ui.badges import TASK_BADGES, cell_badges, evaluation_badges

    cells = cell_badges()
    for badges, new in (
        (TASK_BADGES, TaskStatus.MEASURES_MISSING),
        (evaluation_badges(), Status.BASELINE),
        (cells, CellStatus.BASELINE),
        (cells, CellStatus.MEASURES_MISSING),
    ):
        others = {badge[0] for status, badge in badges.items() if status is not new}
        assert badges[new][0] not in others, new  # type: ignore[index]
