"""The clerk's window appears with its task list first and builds the editor in the next turns:
what a clerk sees and can do in that moment, and that reused task forms show the right entry."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from qt_fixtures import wait_built

from ecodesk.store.workspace import Workspace
from ecodesk.ui.editor import EntryEditor
from ecodesk.ui.main_window import MainWindow


def _title_shown(window: MainWindow) -> str:
    """The task title at the top of the editor on screen ("" while there is none)."""
    editor = window.findChild(EntryEditor)
    if editor is None or not editor.isVisible():
        return ""
    titles = [
        label.text()
        for label in editor.findChildren(QLabel, "taskTitle")
        if label.isVisibleTo(window)
    ]
    return titles[0] if len(titles) == 1 else ""


def _click_task(window: MainWindow, qtbot, task: int) -> None:  # type: ignore[no-untyped-def]
    tasks = window.tasks
    index = tasks.proxy.mapFromSource(tasks.model.index_of_task(task))
    rect = tasks.tree.visualRect(index)
    qtbot.mouseClick(tasks.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_the_task_list_shows_first_then_the_editor_comes_without_any_action(
    controller, demo_copy: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    window = controller(demo_copy).start()
    qtbot.addWidget(window)
    assert isinstance(window, MainWindow) and window.isVisible()
    listed = window.tasks.visible_tasks()
    assert len(listed) == 37 and window.tasks.current_task() == listed[0]
    assert window.windowTitle().startswith("成县 · 2023 年度")
    assert window.findChild(EntryEditor) is None  # not built yet: the list came first
    first = window.tasks.model.index_of_task(listed[0]).siblingAtColumn(1).data()
    qtbot.waitUntil(lambda: _title_shown(window) != "", timeout=5000)
    assert _title_shown(window) == f"{listed[0]}. {first}"
    wait_built(qtbot, window)
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus[0] == "文件(&F)" and "帮助(&H)" in menus
    assert window.unsent.text()  # the status bar's figures are there too


def test_a_click_on_a_task_right_after_the_window_appears_opens_that_task(
    controller, demo_copy: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    window = controller(demo_copy).start()
    qtbot.addWidget(window)
    assert window.findChild(EntryEditor) is None
    ws = Workspace.open(demo_copy)
    try:
        title = ws.form(5, 2023).display_title()
    finally:
        ws.close()
    _click_task(window, qtbot, 5)
    assert window.tasks.current_task() == 5
    qtbot.waitUntil(lambda: _title_shown(window) == f"5. {title}", timeout=5000)
    wait_built(qtbot, window)  # the steps after the click leave the clerk on task 5
    qtbot.wait(50)
    assert window.tasks.current_task() == 5 and _title_shown(window) == f"5. {title}"


def test_a_task_shown_again_shows_its_own_entry_in_the_reused_form(
    demo_window: MainWindow, demo_copy: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    window = demo_window
    qtbot.waitUntil(lambda: not window._forms_to_build, timeout=10000)  # every form built
    field = "treatment_rate"
    ws = Workspace.open(demo_copy)
    try:
        stored = {p: ws.entry(24, p) for p in (2022, 2023)}
    finally:
        ws.close()
    values = {p: e.values[field] for p, e in stored.items() if e is not None and field in e.values}
    assert len(set(values.values())) == 2  # the demo has a different figure each year
    assert window.tasks.select_task(24)
    view = window.editor.form_view
    assert float(view.fields[field].input.text()) == values[2023]
    window.period_box.setCurrentIndex(window.period_box.findData(2022))
    assert window.editor.task == 24 and window.editor.form_view is view  # the same widgets
    assert float(view.fields[field].input.text()) == values[2022]
    assert window.editor.undo_stack.count() == 0  # filling a form in is not an edit
    window.period_box.setCurrentIndex(window.period_box.findData(2023))
    assert window.tasks.select_task(1)
    locked = window.editor.form_view
    assert locked.locked_banner.isVisibleTo(window) and locked.plan.isReadOnly()
    assert window.tasks.select_task(24)  # back from a locked entry: editable again
    assert not view.plan.isReadOnly() and not view.locked_banner.isVisibleTo(window)
