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
    row = next(r for r in model.rows() if r.form.task == task)
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
