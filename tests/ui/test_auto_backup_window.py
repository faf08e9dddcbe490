"""Automatic backups and a damaged database in the window, as a clerk meets them."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from qt_fixtures import wait_built

from ecodesk.store import auto_backup
from ecodesk.store.workspace import DB_NAME, Workspace
from ecodesk.ui.app import Controller
from ecodesk.ui.main_window import MainWindow
from ecodesk.ui.recovery import RecoveryWindow
from ecodesk.ui.start import StartWindow


def damage(root: Path) -> None:
    with (root / DB_NAME).open("r+b") as handle:  # a failing disk overwrote a few pages
        handle.seek(8192)
        handle.write(b"\x00\xff" * 8192)


def test_first_run_asks_for_the_backup_place_and_closing_writes_the_backup(
    controller, tmp_path: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    c: Controller = controller(tmp_path / "ws")
    start = c.start()  # the controller closes and deletes it when the workspace opens
    assert isinstance(start, StartWindow)
    start.office.setCurrentIndex(start.office.findData("成县"))
    qtbot.mouseClick(start.create_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(start.confirm_button, Qt.MouseButton.LeftButton)  # 为“成县”创建
    window = c.window
    assert isinstance(window, MainWindow)
    wait_built(qtbot, window)
    assert c.auto_backup is not None
    dialog = c.auto_backup.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle() == "自动备份" and dialog.later_button.text() == "以后再说"
    stick = tmp_path / "usb" / "backups"
    dialog.folder.setFocus()
    qtbot.keyClicks(dialog.folder, str(stick))
    dialog.keep.setValue(5)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    settings = auto_backup.load_settings(tmp_path / "ws")
    assert (settings.folder, settings.keep) == (str(stick), 5)
    assert c.auto_backup.status.text().startswith(f"自动备份位置：{stick}")

    assert window.tasks.select_task(24)
    field = window.editor.form_view.fields["treatment_rate"]
    field.input.setFocus()
    qtbot.keyClicks(field.input, "93")  # typed just before closing: the backup must hold it
    window.close()
    made = list(stick.glob("ecodesk-备份-成县-*.zip"))
    assert len(made) == 1
    restored = tmp_path / "restored"
    from ecodesk.store.backup import restore_backup

    restore_backup(made[0], restored)
    ws = Workspace.open(restored)
    try:
        entry = ws.entry(24, 2023)
        assert entry is not None and entry.values["treatment_rate"] == 93
    finally:
        ws.close()


def test_later_is_remembered_and_a_week_later_the_window_reminds(
    controller, workspace: Workspace, qtbot
) -> None:  # type: ignore[no-untyped-def]
    root = workspace.root
    workspace.close()
    auto_backup.note_asked(root, now=datetime.now().astimezone() - timedelta(days=8))
    window = controller(root).start()
    qtbot.addWidget(window)
    wait_built(qtbot, window)
    helper = window.findChild(auto_backup_type())
    assert helper is not None and helper.dialog is None  # not asked again
    reminder = helper.reminder
    assert reminder is not None and reminder.isVisible()
    assert reminder.text().startswith("已有 8 天没有备份：尚未设置自动备份位置")
    assert helper.status.text() == "⚠ 已有 8 天没有备份：尚未设置自动备份位置"  # short
    assert helper.status.toolTip() == reminder.text()  # the whole of it
    reminder.close()


def auto_backup_type():  # type: ignore[no-untyped-def]
    from ecodesk.ui.auto_backup import AutoBackup

    return AutoBackup


def test_settings_menu_changes_the_place(fresh_window, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = fresh_window
    helper = window.controller.auto_backup
    assert helper.status.text().startswith("⚠ 尚未设置自动备份位置")
    assert helper.action.text() == "自动备份…"
    helper.action.trigger()
    dialog = helper.dialog
    assert dialog is not None and dialog.later_button.text() == "取消"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.error.text() == "请先选择一个文件夹。"
    dialog.folder.setText(str(window.ws.root / "inside"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "在工作区之内" in dialog.error.text()
    dialog.folder.setText(str(tmp_path / "elsewhere"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert auto_backup.load_settings(window.ws.root).folder == str(tmp_path / "elsewhere")


def test_a_damaged_database_offers_the_latest_backup_and_restores_it(
    controller, tmp_path: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "ws"
    ws = Workspace.create(root, office="成县")
    ws.save(24, 2023, plan="雨污分流")
    auto_backup.choose_folder(root, tmp_path / "stick")
    good = auto_backup.run_auto_backup(ws)
    assert good is not None
    ws.close()
    damage(root)

    c: Controller = controller(root)
    window = c.start()  # deleted by the controller once the restored workspace opens
    assert isinstance(window, RecoveryWindow)
    heading = window.findChild(type(window.found), "recoveryHeading")
    assert heading.text() == "本机的 ecodesk 数据库已损坏，无法打开。"
    assert not window.restore_button.isEnabled()  # until the backups were read back
    qtbot.waitUntil(lambda: window.restore_button.isEnabled(), timeout=20000)
    assert window.found.text() == f"最近一次完好的备份：{good.path}"
    assert window.restore_button.isEnabled() and window.restore_button.text() == "从最近的备份恢复"
    with qtbot.waitSignal(window.restored, timeout=20000):
        qtbot.mouseClick(window.restore_button, Qt.MouseButton.LeftButton)
    opened = c.window
    assert isinstance(opened, MainWindow)
    entry = opened.ws.entry(24, 2023)
    assert entry is not None and entry.plan == "雨污分流"
    kept = [p.name for p in tmp_path.iterdir() if p.name.startswith("ws-损坏-")]
    assert len(kept) == 1


def test_a_missing_database_says_so_and_without_a_backup_offers_a_file(
    controller, workspace: Workspace, qtbot
) -> None:  # type: ignore[no-untyped-def]
    root = workspace.root
    auto_backup.note_asked(root)
    workspace.close()
    for path in root.glob(f"{DB_NAME}*"):
        path.unlink()
    window = controller(root).start()
    qtbot.addWidget(window)
    wait_built(qtbot, window)
    assert isinstance(window, RecoveryWindow)
    heading = window.findChild(type(window.found), "recoveryHeading")
    assert heading.text() == "找不到本机的 ecodesk 数据库。"
    qtbot.waitUntil(lambda: window.backup is None and "没有找到" in window.found.text())
    assert window.found.text() == "在自动备份位置没有找到完好的备份。"
    assert not window.restore_button.isEnabled() and window.other_button.isEnabled()


def test_the_task_force_window_backs_up_on_closing_too(controller, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    from ecodesk.ui.taskforce.window import TaskForceWindow

    root = tmp_path / "tf"
    Workspace.create(root, office=None, task_force=True).close()
    auto_backup.choose_folder(root, tmp_path / "stick")
    c: Controller = controller(root)
    window = c.start()
    qtbot.addWidget(window)
    wait_built(qtbot, window)
    assert isinstance(window, TaskForceWindow)
    menus = [action.text() for action in window.menuBar().actions()]
    assert "设置(&S)" in menus and c.auto_backup is not None
    assert c.auto_backup.action.text() == "自动备份…"
    window.close()
    assert len(list((tmp_path / "stick").glob("ecodesk-备份-工作专班-*.zip"))) == 1


def test_a_held_backup_target_is_retried_then_named_in_the_window(
    fresh_window, tmp_path: Path, qtbot, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from ecodesk.store import files

    window: MainWindow = fresh_window
    target = tmp_path / "成县备份.zip"
    target.write_bytes(b"yesterday's backup")

    def held(_src, _dst):  # type: ignore[no-untyped-def]
        raise PermissionError(13, "The process cannot access the file", str(_dst))

    monkeypatch.setattr(files.os, "replace", held)
    monkeypatch.setattr(files, "REPLACE_WAITS", (0.0, 0.0))
    monkeypatch.setattr(files, "ON_WINDOWS", True)
    window.file_menu.backup.write_backup(target)
    files_ui = window.file_menu.files
    qtbot.waitUntil(lambda: files_ui.notice is not None, timeout=15000)
    notice = files_ui.notice
    assert notice is not None and notice.windowTitle() == "备份未保存"
    assert f"无法写入 {target}：该文件正被其他程序占用" in notice.text()
    assert target.read_bytes() == b"yesterday's backup"
    notice.close()
