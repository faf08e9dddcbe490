"""The clerk's evidence panel: 所属指标 when adding, a column showing it, 改为此指标 (issue 13)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent

from ecodesk.store.workspace import Workspace
from ecodesk.ui import tasks
from ecodesk.ui.evidence import COL_INDICATOR, COL_NAME
from ecodesk.ui.main_window import MainWindow

TASK = 24  # 城镇污水处理率; for 成县 only treatment_rate is shown (the lead's rates are not)


def _open_task(window: MainWindow, task: int) -> None:
    assert window.tasks.select_task(task)
    assert window.editor.task == task


def _drop(panel, paths: list[Path]) -> None:  # type: ignore[no-untyped-def]
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    panel.dropEvent(QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime,
                               Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier))  # fmt: skip


def _shown(panel) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    model = panel.model
    return [(model.index(r, COL_INDICATOR).data(), model.index(r, COL_NAME).data())
            for r in range(model.rowCount())]  # fmt: skip


def _stored(root: Path) -> dict[str, str]:
    ws = Workspace.open(root)
    try:
        entry = ws.entry(TASK, 2023)
        return {e.name: e.indicator for e in entry.evidence} if entry else {}
    finally:
        ws.close()


def test_a_clerk_adds_files_for_an_indicator_and_moves_one(fresh_window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = fresh_window
    _open_task(window, TASK)
    panel = window.editor.form_view.evidence
    choices = [panel.indicator_box.itemText(i) for i in range(panel.indicator_box.count())]
    assert choices == ["整个任务", "城镇污水处理率"]
    assert panel.model.headerData(COL_INDICATOR, Qt.Orientation.Horizontal) == "所属指标"
    report, plan = tmp_path / "运行报表.pdf", tmp_path / "整改方案.pdf"
    report.write_bytes(b"report")
    plan.write_bytes(b"plan")
    panel.indicator_box.setCurrentIndex(1)
    _drop(panel, [report])
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=5000)
    panel.indicator_box.setCurrentIndex(0)
    _drop(panel, [plan])
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2, timeout=5000)
    # Grouped as the report prints them: the whole task first, then each indicator.
    assert _shown(panel) == [("整个任务", "整改方案.pdf"), ("城镇污水处理率", "运行报表.pdf")]
    assert _stored(window.ws.root) == {"整改方案.pdf": "", "运行报表.pdf": "treatment_rate"}
    # Move the plan to the indicator: select it, choose the indicator, 改为此指标.
    panel.table.selectRow(0)
    assert not panel.change_button.isEnabled()  # it already supports the chosen (whole task)
    panel.indicator_box.setCurrentIndex(1)
    assert panel.change_button.isEnabled() and panel.change_button.text() == "改为此指标"
    panel.change_button.click()
    # in the order they were added, within their group
    assert _shown(panel) == [("城镇污水处理率", "运行报表.pdf"), ("城镇污水处理率", "整改方案.pdf")]
    assert _stored(window.ws.root) == {
        "整改方案.pdf": "treatment_rate",
        "运行报表.pdf": "treatment_rate",
    }
    assert tasks.pending() == 0
