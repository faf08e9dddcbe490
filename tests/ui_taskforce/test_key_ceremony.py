"""The key ceremony in the task force's window, as its person does it: the own fingerprint to print
on the letter, a package asked for an office not enrolled yet (the window explains), enrollment
with the fingerprint heard on the phone (a wrong one refused), re-enrollment naming the retired
key, revocation after a confirmation, and replacing the task force's own key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox

from ecodesk.bundle import api
from ecodesk.store import keys as key_store
from ecodesk.store.workspace import Workspace
from ecodesk.ui.taskforce.keys_view import KeysPanel, OfficeKeysModel


def _office_key_file(root: Path, folder: Path) -> tuple[Path, str, str]:
    ws = Workspace.create(root, office="成县")
    try:
        path = folder / f"{root.name}-公钥.json"
        path.write_text(json.dumps(api.key_document(ws), ensure_ascii=False), encoding="utf-8")
        info = api.key_info(ws)
        return path, info.fingerprint, info.key_id
    finally:
        ws.close()


def _press(box: QMessageBox | None, text: str) -> None:
    assert box is not None and box.isVisible()
    (button,) = [b for b in box.buttons() if b.text() == text]
    button.click()


def _rows(panel: KeysPanel) -> list[tuple[str, str, str]]:
    model = panel.keys
    return [
        tuple(
            model.data(model.index(r, c))
            for c in (OfficeKeysModel.OFFICE, OfficeKeysModel.STATUS, OfficeKeysModel.FINGERPRINT)
        )  # fmt: skip
        for r in range(model.rowCount())
    ]  # type: ignore[misc]


@pytest.fixture
def tf_root(tmp_path: Path) -> Path:
    Workspace.create(tmp_path / "tf", office=None, task_force=True).close()
    return tmp_path / "tf"


def test_the_whole_key_ceremony_in_the_window(
    open_window, tf_root: Path, tmp_path: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(tf_root)
    window.show()
    # the task force's own fingerprint: large, and copied with one click
    window.keys_action.trigger()
    panel: KeysPanel = window.keys
    assert window.tabs.currentWidget() is panel and window.tabs.tabText(3) == "密钥与登记"
    own = api.key_info(window.ws).fingerprint
    panel.own_fingerprint.ensurePolished()
    assert panel.own_fingerprint.text() == own and panel.own_fingerprint.font().pointSizeF() >= 18
    panel.copy_button.click()
    assert QGuiApplication.clipboard().text() == own

    # a task package for an office not enrolled yet: the window explains, in the keys tab
    window.tabs.setCurrentIndex(2)
    boxes = window.assignments.office_box
    boxes.setCurrentIndex(boxes.findData("成县"))
    window.assignments.send_one.click()
    assert window.tabs.currentWidget() is panel and panel.guide.isVisible()
    assert "成县 尚未登记公钥" in panel.guide.text() and "ecodesk enroll" not in panel.guide.text()
    assert panel.office_box.currentText() == "成县"
    assert not window.outbox.exists() or not any(window.outbox.glob("*.ecp"))

    # enrollment: a fingerprint misheard is refused, the one heard right enrolls the key
    key_file, fingerprint, key_id = _office_key_file(tmp_path / "old-pc", tmp_path)
    window.keys.choose_key_file()
    window.files.chooser.selectFile(str(key_file))
    window.files.chooser.accept()
    assert panel.key_file.text() == str(key_file)
    qtbot.keyClicks(panel.heard, "ABCD-EFGH-JKLM-NPQR")
    panel.enroll_button.click()
    assert (
        "指纹不一致" in panel.enroll_outcome.text() and fingerprint in panel.enroll_outcome.text()
    )
    assert key_store.list_keys(window.ws.db, role="office") == []
    panel.heard.clear()
    qtbot.keyClicks(panel.heard, fingerprint.lower().replace("-", " "))
    panel.enroll_button.click()
    assert f"已登记 成县 的公钥（指纹 {fingerprint}）" in panel.enroll_outcome.text()
    assert not panel.guide.isVisible()
    assert _rows(panel) == [("成县", "有效", fingerprint)]

    # a new PC: enrolling its key retires the old one, and the window says which
    new_file, new_fingerprint, _new_id = _office_key_file(tmp_path / "new-pc", tmp_path)
    panel.key_file.setText(str(new_file))
    qtbot.keyClicks(panel.heard, new_fingerprint)
    panel.enroll_button.click()
    outcome = panel.enroll_outcome.text()
    assert (
        "原来的密钥" in outcome
        and key_id in outcome
        and fingerprint in outcome
        and "已停用" in outcome
    )
    assert ("成县", "有效", new_fingerprint) in _rows(panel)
    assert any(status.startswith("已停用") and fp == fingerprint for _o, status, fp in _rows(panel))

    # revocation asks first; cancelling changes nothing
    active_row = next(r for r, row in enumerate(_rows(panel)) if row[1] == "有效")
    panel.table.selectRow(active_row)
    _press(panel.ask_revoke(), "取消")
    assert key_store.list_keys(window.ws.db, office="成县")[-1].status != key_store.REVOKED
    panel.table.selectRow(active_row)
    _press(panel.ask_revoke(), "吊销")
    assert "已吊销" in panel.revoke_outcome.text()
    assert any(
        status.startswith("已吊销") and fp == new_fingerprint for _o, status, fp in _rows(panel)
    )

    # replacing the task force's own key, after a confirmation
    _press(panel.ask_rotate(), "更换密钥")
    assert panel.own_fingerprint.text() == api.key_info(window.ws).fingerprint != own
    assert own in panel.own_outcome.text()


def test_sending_to_all_offices_with_none_enrolled_explains(open_window, tf_root: Path) -> None:  # type: ignore[no-untyped-def]
    window = open_window(tf_root)
    window.send_packages("")
    assert window.tabs.currentWidget() is window.keys
    assert "还没有任何单位登记公钥" in window.keys.guide.text()
