"""First run (create a workspace or open the demo) and the completeness of the translation."""

from __future__ import annotations

from pathlib import Path

from ecodesk.store.workspace import Workspace
from ecodesk.ui.main_window import MainWindow
from ecodesk.ui.start import StartWindow
from ecodesk.ui.ts_update import TS_FILE, read_translations, source_strings


def test_first_run_creates_the_office_workspace(controller, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    c = controller(tmp_path / "new")
    start = c.start()
    qtbot.addWidget(start)
    assert isinstance(start, StartWindow)
    assert start.windowTitle() == "欢迎使用 ecodesk"
    start.office.setCurrentIndex(start.office.findData("康县"))
    start.create_button.click()
    assert start.confirm is not None and "康县" in start.confirm.text()
    start.confirm_button.click()
    assert isinstance(c.window, MainWindow)
    qtbot.addWidget(c.window)
    assert c.window.windowTitle().startswith("康县 · 2023 年度")
    ws = Workspace.open(tmp_path / "new")
    assert ws.office == "康县"
    ws.close()


def test_every_ui_string_is_translated() -> None:
    translations = read_translations(TS_FILE)
    missing = [s for s in source_strings() if not translations.get(s)]
    assert missing == []
