"""Settings → evidence size limit, as a clerk changes it, and what it does to the next file."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from qt_fixtures import wait_built

from ecodesk.core.errors import UserError
from ecodesk.store.workspace import Workspace
from ecodesk.ui.main_window import MainWindow
from ecodesk.ui.workspace_settings import EvidenceLimitDialog


def test_clerk_lowers_the_evidence_limit(qtbot: QtBot, tmp_path: Path) -> None:
    ws = Workspace.create(tmp_path / "ws", office="成县")
    window = MainWindow(ws, 2023)
    qtbot.addWidget(window)
    wait_built(qtbot, window)
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "设置(&S)")
    action = next(a for a in menu.actions() if a.text() == "佐证材料大小上限…")
    action.trigger()
    dialog = window.limit_dialog
    assert isinstance(dialog, EvidenceLimitDialog) and dialog.isVisible()
    assert dialog.size_box.value() == 100.0
    dialog.size_box.setValue(0.5)
    with qtbot.waitSignal(dialog.changed):
        dialog.ok_button.click()
    assert "0.5 MB" in window.statusBar().currentMessage()
    assert ws.max_evidence_bytes == 512 * 1024
    big = tmp_path / "扫描件.pdf"
    big.write_bytes(b"x" * (600 * 1024))
    with pytest.raises(UserError, match="文件过大"):
        ws.attach(3, 2023, big)
    window.close()
    ws.close()
