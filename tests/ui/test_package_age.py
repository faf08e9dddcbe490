"""The clerk's window always shows how old the newest task package is, and warns when no new one
has come for long (a freeze: someone may be holding the task force's packages back)."""

from __future__ import annotations

import json
from pathlib import Path

from ecodesk.bundle import api
from ecodesk.store.workspace import Workspace
from ecodesk.ui.main_window import MainWindow


def test_the_status_bar_shows_the_newest_package_and_warns_when_it_is_old(  # type: ignore[no-untyped-def]
    fresh_window, tmp_path: Path, qtbot
) -> None:
    window: MainWindow = fresh_window
    label = window.package_age
    assert label.isVisible() and label.text() == "尚未导入工作专班的任务包"
    tf = Workspace.create(tmp_path / "tf", office=None, task_force=True)
    try:
        key_file = tmp_path / "key.json"
        key_file.write_text(json.dumps(api.key_document(window.ws), ensure_ascii=False))
        api.enroll_office(tf, office=window.ws.office or "", key_file=key_file,
                          fingerprint=api.key_info(window.ws).fingerprint)  # fmt: skip
        package = api.make_task_package(tf, office=window.ws.office or "", out_dir=tmp_path)
        api.import_task_package(
            window.ws, package.path, confirm_fingerprint=api.key_info(tf).fingerprint
        )
    finally:
        tf.close()
    window.reload()
    assert label.text().startswith("最新任务包：第 1 号") and "（0 天前）" in label.text()
    assert "⚠" not in label.text()
    # ninety days later, nothing new has arrived
    window.ws.db.execute("UPDATE packages SET created = '2020-01-01T00:00:00.000+00:00'")
    window.reload()
    assert label.text().startswith("⚠ 最新任务包：第 1 号，2020-01-01 生成")
    assert "请向工作专班核实是否有新的任务包" in label.text()
