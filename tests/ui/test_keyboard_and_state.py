"""Keyboard entry as an Excel user expects it, and an edited complete entry that says so."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from ecodesk.core.entries import EntryState
from ecodesk.ui.main_window import MainWindow


def _status_in_list(window: MainWindow, task: int) -> str:
    return str(window.tasks.model.index_of_task(task).siblingAtColumn(2).data())


def _focused() -> object:
    return QApplication.focusWidget()


def test_ctrl_p_prints_and_ctrl_page_keys_change_task(demo_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = demo_window
    window.activateWindow()
    assert window.tasks.select_task(8)
    window.tasks.tree.setFocus()
    qtbot.keyClick(window.tasks.tree, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    chooser = window.file_menu.files.chooser
    assert chooser is not None and chooser.isVisible()
    assert chooser.selectedFiles()[0].endswith("成县-2023-填报报告.pdf")
    chooser.reject()
    assert window.tasks.current_task() == 8  # Ctrl+P no longer goes to the previous task

    qtbot.keyClick(window.tasks.tree, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.tasks.current_task() == 9 and window.editor.task == 9
    qtbot.keyClick(window.tasks.tree, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.task == 8


def test_from_task_list_to_first_field_and_on_with_enter(demo_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = demo_window
    window.activateWindow()
    assert window.tasks.select_task(7)
    view = window.editor.form_view
    good_air, pm25 = view.fields["good_air_days"].input, view.fields["pm25"].input

    window.tasks.tree.setFocus()
    qtbot.keyClick(window.tasks.tree, Qt.Key.Key_Return)  # one key: the first field
    assert _focused() is good_air
    assert good_air.selectedText() == good_air.text()  # typing replaces it, as in a cell

    window.tasks.tree.setFocus()
    qtbot.keyClick(window.tasks.tree, Qt.Key.Key_Tab)  # or Tab
    assert _focused() is good_air

    qtbot.keyClicks(good_air, "96.5")
    qtbot.keyClick(good_air, Qt.Key.Key_Return)  # Enter moves on, as in Excel
    assert _focused() is pm25
    qtbot.keyClick(pm25, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert _focused() is good_air
    qtbot.keyClick(good_air, Qt.Key.Key_Return)
    qtbot.keyClick(pm25, Qt.Key.Key_Return)  # the last value: on to the plan
    assert _focused() is view.plan

    # typing in a field, Ctrl+PgDown lands on the next task's first field
    qtbot.keyClick(view.plan, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.task == 8
    assert _focused() is window.editor.form_view.first_field()


def test_search_then_enter_opens_the_task_at_its_first_field(demo_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = demo_window
    window.activateWindow()
    window.tasks.focus_search()
    qtbot.keyClicks(window.tasks.search, "28")
    qtbot.keyClick(window.tasks.search, Qt.Key.Key_Return)
    assert window.editor.task == 28
    assert isinstance(_focused(), QLineEdit)
    assert _focused() is window.editor.form_view.first_field()


def test_focus_mark_is_visible(demo_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The focused field is drawn with a thick blue frame on a pale yellow ground."""
    window: MainWindow = demo_window
    window.activateWindow()
    assert window.tasks.select_task(9)
    field = window.editor.form_view.first_field()
    other = window.editor.form_view.plan
    field.setFocus()
    qtbot.waitUntil(lambda: field.hasFocus())
    focused = field.grab().toImage()
    other.setFocus()
    qtbot.waitUntil(lambda: not field.hasFocus())
    plain = field.grab().toImage()
    frame_focused, frame_plain = (
        focused.pixelColor(1, focused.height() // 2),
        plain.pixelColor(1, plain.height() // 2),
    )
    assert frame_focused.name() == "#0072b2"  # Okabe–Ito blue, 2 px
    assert frame_plain.name() != "#0072b2"
    inside = focused.pixelColor(focused.width() - 6, focused.height() // 2)
    assert inside.name() == "#fff8d6"


def test_editing_a_complete_entry_says_it_is_a_draft_and_undo_restores(demo_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = demo_window
    editor = window.editor
    assert window.tasks.select_task(9)
    assert editor.entry.state is EntryState.COMPLETE
    assert _status_in_list(window, 9) == "已完成"
    field = editor.form_view.first_field()
    before = field.text()

    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Backspace)  # the value cleared: not complete any more
    assert editor.save_now()
    assert editor.entry.state is EntryState.DRAFT
    assert _status_in_list(window, 9) == "草稿"
    assert editor.state_notice.isVisible()
    assert "草稿" in editor.state_notice.text() and "撤销" in editor.state_notice.text()
    assert "草稿" in window.statusBar().currentMessage()

    editor.undo_stack.undo()
    assert field.text() == before
    assert editor.save_now()
    assert editor.entry.state is EntryState.COMPLETE
    assert window.ws.entry(9, 2023).state is EntryState.COMPLETE
    assert _status_in_list(window, 9) == "已完成"
    assert "已完成" in editor.state_notice.text()


def test_a_valid_edit_keeps_a_complete_entry_complete(demo_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = demo_window
    editor = window.editor
    assert window.tasks.select_task(9)
    field = editor.form_view.first_field()
    field.selectAll()
    qtbot.keyClicks(field, "70")
    assert editor.save_now()
    assert editor.entry.state is EntryState.COMPLETE
    assert not editor.state_notice.isVisible()
