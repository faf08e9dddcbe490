"""生成任务包 from the task force's window: into a folder it chose (kept by the workspace), with
a notice naming the files and a button to open their folder."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt

from ecodesk.bundle import api
from ecodesk.store.workspace import Workspace


def _enrolled_task_force(tmp_path: Path) -> Path:
    office = Workspace.create(tmp_path / "chengxian", office="成县")
    key_file = tmp_path / "成县-公钥.json"
    try:
        key_file.write_text(
            json.dumps(api.key_document(office), ensure_ascii=False), encoding="utf-8"
        )
        fingerprint = api.key_info(office).fingerprint
    finally:
        office.close()
    tf = Workspace.create(tmp_path / "tf", office=None, task_force=True)
    try:
        api.enroll_office(tf, office="成县", key_file=key_file, fingerprint=fingerprint)
    finally:
        tf.close()
    return tmp_path / "tf"


def test_packages_go_where_the_task_force_chose(open_window, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    root = _enrolled_task_force(tmp_path)
    window = open_window(root)
    panel = window.assignments
    assert panel.send_one.text() == "为该单位生成任务包"
    assert panel.folder_label.text() == f"任务包保存位置：{root / 'outbox'}"
    chosen = tmp_path / "U盘" / "任务包"
    chosen.mkdir(parents=True)
    qtbot.mouseClick(panel.change_folder, Qt.MouseButton.LeftButton)
    window.files.chooser.selectFile(str(chosen))
    window.files.chooser.accept()
    assert panel.folder_label.text() == f"任务包保存位置：{chosen}"

    panel.office_box.setCurrentIndex(panel.office_box.findData("成县"))
    with qtbot.waitSignal(window.packages.done, timeout=30000):
        qtbot.mouseClick(panel.send_one, Qt.MouseButton.LeftButton)
    [package] = chosen.glob("*.ecp")
    assert not (root / "outbox").exists()
    qtbot.waitUntil(lambda: window.files.notice is not None)
    notice = window.files.notice
    assert notice.windowTitle() == "生成任务包" and notice.text() == "已生成 1 个任务包。"
    assert str(chosen) in notice.informativeText() and package.name in notice.informativeText()
    assert "打开所在文件夹" in [b.text() for b in notice.buttons()]
    notice.close()

    opened: list[Path] = []
    window.open_folder = opened.append
    qtbot.mouseClick(panel.open_folder, Qt.MouseButton.LeftButton)
    assert opened == [chosen]


def test_the_folder_is_kept_by_the_workspace(open_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = _enrolled_task_force(tmp_path)
    window = open_window(root)
    window.set_package_folder(tmp_path / "out")
    window.close()
    again = open_window(root)
    assert again.outbox == tmp_path / "out"
    assert again.package_action.text() == "为所有已登记单位生成任务包"
