"""Drive the real window as a clerk: pick a task, type, watch evaluation, attach, reopen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication
from qt_fixtures import wait_built

from ecodesk.core.entries import EntryState, TaskStatus
from ecodesk.store.workspace import Workspace
from ecodesk.ui import tasks
from ecodesk.ui.main_window import MainWindow


def _db_entry(root: Path, task: int, period: int = 2023):  # type: ignore[no-untyped-def]
    ws = Workspace.open(root)
    try:
        return ws.entry(task, period)
    finally:
        ws.close()


def _open_task(window: MainWindow, task: int) -> None:
    assert window.tasks.select_task(task)
    assert window.editor.task == task


def test_fill_a_task_and_find_it_again(fresh_window, controller, qtbot, ime, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = fresh_window
    root = window.ws.root
    assert window.windowTitle().startswith("成县 · 2023 年度")
    _open_task(window, 24)
    view = window.editor.form_view
    field = view.fields["treatment_rate"]
    assert field.target.text() == "目标：县城 ≥ 93%"
    assert field.verdict.text() == "待定 · 未填写"

    qtbot.keyClicks(field.input, "91.2")
    assert field.verdict.text() == "未达标 · 差 1.8 个百分点"
    assert view.measures.property("required") is True
    assert "必填" in view.measures_label.text()

    ime(view.measures, "加快管网建设，明年一季度复核")
    ime(view.plan, "2023年完成雨污分流改造")
    qtbot.waitUntil(lambda: (e := _db_entry(root, 24)) is not None and e.plan == "2023年完成雨污分流改造",
                    timeout=3000)  # fmt: skip
    saved = _db_entry(root, 24)
    assert saved.values == {"treatment_rate": 91.2}
    assert saved.corrective_measures == "加快管网建设，明年一季度复核"

    field.input.selectAll()
    qtbot.keyClicks(field.input, "95")
    assert field.verdict.text() == "达标"
    assert view.measures.property("required") is False

    evidence = tmp_path / "污水处理厂运行台账.txt"
    evidence.write_text("台账", encoding="utf-8")
    window.editor.attach_files([evidence])
    qtbot.waitUntil(lambda: view.evidence.model.rowCount() == 1, timeout=5000)
    assert view.evidence.model.index(0, 1).data() == "污水处理厂运行台账.txt"
    assert window.editor.complete() == []
    assert window.tasks.model.index_of_task(24).siblingAtColumn(2).data() == "已完成"

    window.close()  # never asks "save?"
    reopened = controller(root).start()
    qtbot.addWidget(reopened)
    wait_built(qtbot, reopened)
    _open_task(reopened, 24)
    again = reopened.editor.form_view
    assert again.fields["treatment_rate"].input.text() == "95"
    assert again.plan.toPlainText() == "2023年完成雨污分流改造"
    assert again.evidence.model.index(0, 1).data() == "污水处理厂运行台账.txt"
    entry = _db_entry(root, 24)
    assert entry.state is EntryState.COMPLETE and entry.values == {"treatment_rate": 95.0}


def test_switching_task_saves_at_once(fresh_window, qtbot, ime) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = fresh_window
    _open_task(window, 3)
    ime(window.editor.form_view.plan, "纳入年度考核")
    qtbot.keyClick(window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.task != 3
    assert _db_entry(window.ws.root, 3).plan == "纳入年度考核"


def test_problems_are_listed_and_clickable(fresh_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = fresh_window
    _open_task(window, 9)
    problems = window.editor.complete()
    assert {p.field for p in problems} >= {"plan", "evidence"}
    listed = window.editor.problems
    assert listed.isVisible() or not window.isVisible()
    texts = [listed.item(i).text() for i in range(listed.count())]
    assert "请填写计划安排" in texts
    plan_item = listed.item(texts.index("请填写计划安排"))
    listed.itemClicked.emit(plan_item)
    assert QApplication.focusWidget() is window.editor.form_view.plan


def test_undo_restores_a_choice(fresh_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = fresh_window
    _open_task(window, 1)
    box = window.editor.form_view.fields["plan_issued"].input
    box.setCurrentIndex(2)  # 否
    assert window.editor.form_view.fields["plan_issued"].verdict.text().startswith("未达标")
    window.editor.undo_button.click()
    assert box.currentIndex() == 0
    window.editor.redo_button.click()
    assert box.currentIndex() == 2
    window.editor.save_now()
    assert _db_entry(window.ws.root, 1).values == {"plan_issued": False}


def test_keyboard_search_and_navigation(demo_window, qtbot, ime) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = demo_window
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.tasks.search or not window.isActiveWindow()
    ime(window.tasks.search, "污水")
    found = window.tasks.visible_tasks()
    assert {24, 25} <= set(found) and 1 not in found  # titles and requirement texts
    window.tasks.search.clear()
    qtbot.keyClicks(window.tasks.search, "9")
    assert window.tasks.visible_tasks() == [9]
    window.tasks.search.clear()
    first = window.tasks.visible_tasks()[0]
    window.tasks.select_task(first)
    qtbot.keyClick(window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.task == window.tasks.visible_tasks()[1]
    qtbot.keyClick(window, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.task == first


def test_task_list_groups_returned_first_and_filters(demo_window) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = demo_window
    model = window.tasks.model
    assert model.index(0, 0).data().startswith("退回待修改")
    assert window.tasks.visible_tasks()[0] == 24
    assert window.editor.task == 24  # the returned task opens first
    banner = window.editor.form_view.returned_banner
    assert banner.isVisibleTo(window) and "统计年报" in banner.property("text")
    assert model.index(1, 0).data().startswith("（一）目标责任体系与制度建设")
    done, total = model.progress()
    assert total == 37
    assert window.tasks.progress.text() == f"已完成 {done}/37"
    box = window.tasks.status_filter
    box.setCurrentIndex(box.findData(TaskStatus.NOT_MET.value))
    shown = window.tasks.visible_tasks()
    assert shown and all(
        model.index_of_task(t).siblingAtColumn(2).data() == "未达标" for t in shown
    )


def test_each_status_shows_its_badge_in_the_list_and_in_the_filter(demo_window) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = demo_window
    box = window.tasks.status_filter
    assert box.itemIcon(0).isNull()  # 全部状态: no badge
    badges = [box.itemIcon(i).pixmap(16, 16).toImage() for i in range(1, box.count())]
    assert len(badges) == len(TaskStatus) and not any(b.isNull() for b in badges)
    drawn = {bytes(b.convertToFormat(b.Format.Format_ARGB32).constBits()) for b in badges}
    assert len(drawn) == len(TaskStatus)  # each status its own badge
    model = window.tasks.model
    for task in window.tasks.visible_tasks():
        status_cell = model.index_of_task(task).siblingAtColumn(2)
        shown = status_cell.data(Qt.ItemDataRole.DecorationRole)
        assert shown is not None and not shown.isNull(), task


def test_accepted_entry_is_read_only(demo_window) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = demo_window
    _open_task(window, 1)
    view = window.editor.form_view
    assert view.locked_banner.isVisibleTo(window)
    assert view.plan.isReadOnly()
    assert not window.editor.complete_button.isEnabled()


def test_drop_files_onto_the_evidence_panel(fresh_window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = fresh_window
    _open_task(window, 5)
    panel = window.editor.form_view.evidence
    paths = [tmp_path / "公开目录.pdf", tmp_path / "网站截图.png"]
    for i, path in enumerate(paths):
        path.write_bytes(bytes([i]) * 2048)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    drop = QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                      Qt.KeyboardModifier.NoModifier)  # fmt: skip
    panel.dropEvent(drop)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2, timeout=5000)
    names = sorted(panel.model.index(r, 1).data() for r in range(2))
    assert names == ["公开目录.pdf", "网站截图.png"]
    assert panel.model.index(0, 0).data() == "整个任务"  # nothing chosen under 所属指标
    assert panel.model.index(0, 2).data() == "2.0 KB"
    assert sorted(e.name for e in _db_entry(window.ws.root, 5).evidence) == names
    panel.table.selectRow(0)
    panel.remove_button.click()
    assert len(_db_entry(window.ws.root, 5).evidence) == 1
    assert tasks.pending() == 0


def test_history_lists_audit_rows(fresh_window, qtbot, ime) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = fresh_window
    _open_task(window, 2)
    ime(window.editor.form_view.plan, "每季度专题研究")
    window.editor.save_now()
    window.editor.history_button.click()
    history = window.history_windows[-1]
    model = history.model
    fields = [model.index(r, 3).data() for r in range(model.rowCount())]
    assert "计划安排" in fields
    row = fields.index("计划安排")
    assert model.index(row, 5).data() == "每季度专题研究"
    history.close()


def test_language_switch_keeps_task(fresh_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = fresh_window
    _open_task(window, 7)
    english = window.controller.switch_language("en")
    qtbot.addWidget(english)
    assert english.windowTitle() == "成县 · 2023 period · ecodesk"
    assert english.editor.task == 7
    assert english.tasks.progress.text() == "Completed 0/37"
    assert english.editor.form_view.fields["pm25"].verdict.text() == "unknown · no value entered"
    chinese = window.controller.switch_language("zh")
    qtbot.addWidget(chinese)
    assert chinese.tasks.progress.text() == "已完成 0/37"
