"""Backing up from either window's File menu and restoring on the first-run screen, as a clerk would."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QMessageBox
from qt_fixtures import wait_built

from ecodesk.store.backup import restore_backup, verify_backup
from ecodesk.store.workspace import Workspace
from ecodesk.ui.file_dialogs import FileDialogs
from ecodesk.ui.main_window import MainWindow
from ecodesk.ui.start import StartWindow


def choose(files: FileDialogs, path: Path) -> None:
    chooser = files.chooser
    assert chooser is not None and chooser.isVisible()
    chooser.selectFile(str(path))
    chooser.accept()


def wait_notice(files: FileDialogs, qtbot) -> QMessageBox:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: files.notice is not None, timeout=15000)
    notice = files.notice
    assert notice is not None
    files.notice = None
    return notice


def file_menu_texts(window: Any) -> list[str]:
    menu = window.menuBar().actions()[0].menu()
    return [action.text() for action in menu.actions()]


def test_clerk_backs_up_what_is_on_screen(fresh_window, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = fresh_window
    assert "备份工作区…" in file_menu_texts(window)
    assert window.tasks.select_task(24)
    field = window.editor.form_view.fields["treatment_rate"]
    field.input.setFocus()
    qtbot.keyClicks(field.input, "93")  # typed, not yet saved: the backup must hold it
    window.file_menu.actions["backup"].trigger()
    files = window.file_menu.files
    assert files.chooser is not None
    assert Path(files.chooser.selectedFiles()[0]).name.startswith("ecodesk-备份-成县-")
    path = tmp_path / "u盘" / "成县备份"  # the clerk left out ".zip"
    path.parent.mkdir()
    choose(files, path)
    notice = wait_notice(files, qtbot)
    saved = path.with_name("成县备份.zip")
    assert notice.text().startswith("已保存 成县备份.zip（") and "已读回校验无误" in notice.text()
    assert str(saved.parent) in notice.informativeText()
    notice.close()
    assert verify_backup(saved)["office"] == "成县"
    restored = restore_backup(saved, tmp_path / "restored").root
    ws = Workspace.open(restored)
    try:
        entry = ws.entry(24, 2023)
        assert entry is not None and entry.values["treatment_rate"] == 93
    finally:
        ws.close()
    window.file_menu.actions["backup"].trigger()  # the window's own connection still works
    window.file_menu.files.chooser.reject()  # type: ignore[union-attr]


def test_a_backup_that_cannot_be_written_says_why(fresh_window, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = fresh_window
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    window.file_menu.actions["backup"].trigger()
    choose(window.file_menu.files, blocker / "b.zip")
    notice = wait_notice(window.file_menu.files, qtbot)
    assert notice.windowTitle() == "备份未保存" and "无法写入备份" in notice.text()
    notice.close()


def test_task_force_backs_up_from_its_file_menu(controller, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "tf"
    Workspace.create(root, office=None, task_force=True).close()
    window = controller(root).start()
    qtbot.addWidget(window)
    wait_built(qtbot, window)
    assert "备份工作区…" in file_menu_texts(window)
    window.backup_action.trigger()
    assert Path(window.files.chooser.selectedFiles()[0]).name.startswith("ecodesk-备份-工作专班-")
    choose(window.files, tmp_path / "tf.zip")
    notice = wait_notice(window.files, qtbot)
    assert notice.text().startswith("已保存 tf.zip（")
    notice.close()
    assert verify_backup(tmp_path / "tf.zip")["role"] == "task_force"


def test_first_run_restores_a_backup_and_opens_it(
    controller, workspace, tmp_path: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    workspace.save(24, 2023, values={"treatment_rate": 91.0})
    backup = workspace.backup(tmp_path / "b.zip").path
    c = controller(tmp_path / "new-pc" / "ws")
    start = c.start()  # the controller closes and deletes it when the workspace opens
    assert isinstance(start, StartWindow) and start.restore_button.text() == "从备份恢复…"
    start.restore_button.click()
    choose(start.restore.files, backup)
    qtbot.waitUntil(lambda: isinstance(c.window, MainWindow), timeout=15000)
    qtbot.addWidget(c.window)
    assert c.window.windowTitle().startswith("成县")
    assert c.ws is not None and c.ws.entry(24, 2023) is not None


def test_first_run_refuses_a_damaged_backup(controller, workspace, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(workspace.backup(tmp_path / "b.zip").path.read_bytes()[:-100])
    root = tmp_path / "new-pc" / "ws"
    start = controller(root).start()
    qtbot.addWidget(start)
    start.restore_button.click()
    choose(start.restore.files, damaged)
    qtbot.waitUntil(lambda: "未恢复任何内容" in start.status.text(), timeout=15000)
    assert "damaged.zip" in start.status.text()
    assert start.restore_button.isEnabled() and start.create_button.isEnabled()
    assert not root.parent.exists()
