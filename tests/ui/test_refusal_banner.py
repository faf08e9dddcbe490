"""The clerk's window after the task force refused a bundle: a red banner with the reasons and a
button that opens the export; exporting again answers it and the banner goes."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from conflict_helpers import Network, export, fill, import_all
from PySide6.QtCore import Qt
from qt_fixtures import wait_built

from ecodesk.bundle import merge_plan
from ecodesk.store.refusals import Reason
from ecodesk.ui.bundle_dialogs import ExportDialog
from ecodesk.ui.main_window import MainWindow

BAD = "拒收我"


def _office_told_of_a_refusal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    def refuse(ctx: Any, line: Mapping[str, Any]) -> tuple[Reason, ...]:
        if line["plan"] == BAD:
            return (Reason("bad_value", f"任务 {line['task']} 的计划不对", "bad plan"),)
        return ()

    monkeypatch.setattr(merge_plan, "content_refusals", refuse)  # stands in for any line rule
    net = Network(tmp_path)
    office = net.join("成县")
    fill(office, 24, BAD)
    import_all(net.tf, [export(office, tmp_path)])
    assert [r.sequence for r in net.send_package("成县").refused] == [1]
    net.close()
    return office.root


def test_the_banner_shows_why_and_export_again_answers_it(  # type: ignore[no-untyped-def]
    controller, tmp_path: Path, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _office_told_of_a_refusal(tmp_path, monkeypatch)
    window: MainWindow = controller(root).start()
    qtbot.addWidget(window)
    wait_built(qtbot, window)
    banner = window.refusal_banner
    assert banner.isVisible()
    text = banner.text.text()
    assert "工作专班拒收了第 1 号数据包" in text and "任务 24 的计划不对" in text
    assert "重新导出" in banner.advice.text()
    assert banner.export_button.text() == "重新导出数据包…"

    qtbot.mouseClick(banner.export_button, Qt.MouseButton.LeftButton)
    dialog = window.file_menu.dialog
    assert isinstance(dialog, ExportDialog) and dialog.isVisible()
    out = tmp_path / "stick"
    out.mkdir()
    dialog.folder.setText(str(out))
    with qtbot.waitSignal(dialog.exported, timeout=20000) as sent:
        dialog.export_button.click()
    assert sent.args[0].path.name == "成县-2023-0001-2.ecb"
    assert not banner.isVisible()
    dialog.close()
