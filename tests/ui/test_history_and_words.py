"""What the clerk reads: the history in words, their own name, no program syntax in messages."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMenu
from qt_fixtures import CLERK, wait_built

from ecodesk.bundle.package import PackageImport
from ecodesk.store.workspace import Workspace
from ecodesk.ui import settings
from ecodesk.ui.history import COL_FIELD, COL_NEW, COL_OLD, COL_WHO
from ecodesk.ui.main_window import MainWindow


def _rows(window: MainWindow) -> list[tuple[str, str, str, str]]:
    history = window.history_windows[-1]
    model = history.model
    return [
        tuple(str(model.index(r, c).data()) for c in (COL_WHO, COL_FIELD, COL_OLD, COL_NEW))
        for r in range(model.rowCount())
    ]  # type: ignore[misc]


def test_history_names_indicators_states_values_and_the_clerk(demo_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = demo_window
    assert window.tasks.select_task(9)
    editor = window.editor
    field = editor.form_view.first_field()
    field.selectAll()
    field.clear()  # a complete entry loses its value: it becomes a draft
    assert editor.save_now()
    field.setText("70.5")
    assert editor.save_now()
    window.show_history(9)
    rows = _rows(window)
    who, name, old, new = rows[0]
    assert who == f"{CLERK}（成县）"  # the clerk's own name, not the computer's login
    indicator = editor.form_view.form.indicators[0]
    assert name == indicator.name  # "生态环境状况指数", not values.ecological_index
    assert new == "70.5" and not old.startswith("values")
    states = [(o, n) for _w, f, o, n in rows if f == "状态"]
    assert ("已完成", "草稿") in states  # Chinese states, not complete/draft
    evidence = [n for _w, f, _o, n in rows if f == "佐证材料"]
    assert evidence and evidence[-1].startswith("添加 ") and "sha256" not in evidence[-1]
    for row in rows:
        for text in row:
            assert "values." not in text and "{" not in text and "complete" not in text


def test_name_is_asked_once_and_kept(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.set_clerk_name("")
    ws = Workspace.create(tmp_path / "ws", office="成县")
    window = MainWindow(ws, 2023)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: getattr(window, "name_dialog", None) is not None)
    dialog = window.name_dialog
    assert dialog.isVisible() and not dialog.ok_button.isEnabled()
    dialog.name.setText("李明")
    dialog.ok_button.click()
    assert settings.clerk_name() == "李明"
    ws.save(3, 2023, plan="纳入年度考核")
    assert ws.history(3, 2023)[-1].who == "李明@成县"
    window.close()
    again = MainWindow(ws, 2023)  # next start: not asked again
    qtbot.addWidget(again)
    again.show()
    qtbot.wait(10)
    assert getattr(again, "name_dialog", None) is None
    again.close()
    ws.close()


def test_unsent_changes_are_counted_for_the_clerk(fresh_window, qtbot, ime) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = fresh_window
    assert window.unsent.text() == "没有待发送的改动"
    assert window.tasks.select_task(3)
    ime(window.editor.form_view.plan, "纳入年度考核")
    assert window.editor.save_now()
    assert window.unsent.text() == "有 1 项改动尚未发送（导出数据包，Ctrl+E）"


def test_both_windows_have_settings_help_and_exit(demo_window, tf_root: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    from ecodesk.ui.taskforce.window import TaskForceWindow

    ws = Workspace.open(tf_root)
    task_force = TaskForceWindow(ws, 2023)
    qtbot.addWidget(task_force)
    for window in (demo_window, task_force):
        menus = {a.text(): a.menu() for a in window.menuBar().actions()}
        assert {"文件(&F)", "设置(&S)", "帮助(&H)"} <= set(menus)
        file_menu = menus["文件(&F)"]
        assert isinstance(file_menu, QMenu)
        exit_action = next(a for a in file_menu.actions() if a.text() == "退出")
        assert exit_action.shortcut().toString() == "Ctrl+Q"
        settings_items = [a.text() for a in menus["设置(&S)"].actions()]
        assert "我的姓名…" in settings_items and "语言" in settings_items
    exit_action.trigger()
    assert not task_force.isVisible()
    ws.close()


def test_package_summary_has_no_program_syntax(tmp_path: Path) -> None:
    result = PackageImport(tmp_path / "工作专班-成县-0003.ecp", 3, acknowledged=[1, 2],
                           returned=[24], accepted=[1, 4, 5])  # fmt: skip
    text = "\n".join(result.summary_lines())
    assert "工作专班已确认收到第 1、2 号数据包" in text
    assert "已通过审核的任务：1、4、5" in text
    assert "[" not in text and "]" not in text


def test_number_fields_show_their_range_in_words(demo_window) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = demo_window
    assert window.tasks.select_task(28)  # m² per person: no upper bound
    placeholder = window.editor.form_view.first_field().placeholderText()
    assert placeholder == "不小于 0"
    assert window.tasks.select_task(24)  # a percent
    assert window.editor.form_view.first_field().placeholderText() == "0–100"


def test_task_force_window_switches_language_from_its_settings_menu(
    controller, tf_root: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    from ecodesk.ui.taskforce.window import TaskForceWindow

    c = controller(tf_root)
    window = c.start()
    qtbot.addWidget(window)
    wait_built(qtbot, window)
    assert isinstance(window, TaskForceWindow) and window.tabs.tabText(0) == "总览"
    language = next(a.menu() for a in window.settings_menu.actions() if a.text() == "语言")
    next(a for a in language.actions() if a.text() == "English").trigger()
    english = c.window
    assert isinstance(english, TaskForceWindow) and english is not window
    qtbot.addWidget(english)
    assert english.tabs.tabText(0) == "Overview" and english.period == 2023
    assert settings.language() == "en"
