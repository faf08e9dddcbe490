"""The new user's path: the first-run screen confirms whose workspace it creates, offers the task
force's, the new window shows the first steps; the demo opens on a year with data; the trust
dialog asks for the fingerprint before it shows one."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel
from qt_fixtures import wait_built

from ecodesk.store.workspace import DB_NAME, Workspace
from ecodesk.ui.bundle_dialogs import FingerprintDialog
from ecodesk.ui.main_window import MainWindow
from ecodesk.ui.start import StartWindow


def test_nothing_is_created_before_the_office_is_chosen_and_confirmed(
    controller, tmp_path: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "new"
    start = controller(root).start()
    qtbot.addWidget(start)
    assert isinstance(start, StartWindow)
    assert start.office.currentData() is None  # no office preselected
    start.create_button.click()
    assert start.confirm is None and start.status.text() == "请先选择本单位。"
    start.office.setCurrentIndex(start.office.findData("徽县"))
    start.create_button.click()
    confirm = start.confirm
    assert confirm is not None and confirm.isVisible()
    assert confirm.text() == "为“徽县”创建工作区？" and "不能更改" in confirm.informativeText()
    confirm.reject()  # 返回修改
    assert not (root / DB_NAME).exists()


def test_task_force_workspace_from_the_first_run_screen(controller, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    from ecodesk.ui.taskforce.window import TaskForceWindow

    c = controller(tmp_path / "tf")
    start = c.start()
    qtbot.addWidget(start)
    start.as_task_force.setChecked(True)
    assert not start.office.isEnabled()
    start.create_button.click()
    assert "市工作专班" in start.confirm.text()
    start.confirm_button.click()
    window = c.window
    assert isinstance(window, TaskForceWindow)
    qtbot.addWidget(window)
    assert c.ws is not None and c.ws.is_task_force
    guide = window.first_steps
    assert guide.isVisible() and guide.windowTitle() == "入门步骤"
    assert "密钥与登记" in guide.steps[0] and "盖章函件" in guide.steps[0]


def test_new_office_window_shows_its_first_steps(controller, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    c = controller(tmp_path / "new")
    start = c.start()  # the controller closes and deletes it when the workspace opens
    start.office.setCurrentIndex(start.office.findData("成县"))
    start.create_button.click()
    start.confirm_button.click()
    window = c.window
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    wait_built(qtbot, window)
    steps = window.first_steps.steps
    assert len(steps) == 5
    assert "本机密钥" in steps[0] and "读出" in steps[1] and "任务包" in steps[2]
    help_items = [a.text() for a in window.help_menu.actions()]
    assert "入门步骤…" in help_items  # and kept under 帮助


def test_demo_opens_on_a_year_with_realistic_data(controller, demo_copy: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    c = controller(demo_copy, period=None)  # opens on "last year", which has no demo data
    window = c.start()
    qtbot.addWidget(window)
    wait_built(qtbot, window)
    assert window.period == 2023
    done = window.tasks.progress.value()
    assert done >= 25  # not 0/37, all 未开始
    ws = Workspace.open(demo_copy)
    try:
        for period in (2022, 2023):
            for office in ("成县", "武都区", "两当县"):
                air = ws.entry(7, period, office)
                assert air is not None and air.values["good_air_days"] > 90
                river = ws.entry(4, period, office)
                assert river is not None and river.values["river_chief_system"] is True
    finally:
        ws.close()


def test_trust_dialog_asks_first_and_compares_after(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = FingerprintDialog(tmp_path / "工作专班-成县-0001.ecp", "K7QF-3MZD-XR2A-PL9Q", parent)
    qtbot.addWidget(dialog)
    dialog.show()
    labels = " ".join(label.text() for label in dialog.findChildren(QLabel) if label.isVisible())
    assert "K7QF" not in labels  # nothing to copy from
    shown = dialog.findChild(QLabel, "packageFingerprint")
    qtbot.keyClicks(dialog.typed, "k7qf 3mzd xr2a")
    assert not shown.isVisible() and dialog.verdict.text() == ""
    qtbot.keyClicks(dialog.typed, " pl9b")  # one character misheard: B for Q
    assert shown.isVisible() and "不一致" in dialog.verdict.text()
    assert not dialog.trust_button.isEnabled()
    assert shown.text().count("color:") == 1 and "PL9Q</span>" in shown.text()  # that group
    dialog.typed.clear()
    qtbot.keyClicks(dialog.typed, "K7QF3MZDXR2APL9Q")
    assert dialog.trust_button.isEnabled() and "一致" in dialog.verdict.text()
    assert "color:" not in shown.text()
