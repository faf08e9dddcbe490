"""`ecodesk` opens the window that fits the workspace: the clerk's or the task force's."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from ecodesk.store.workspace import Workspace
from ecodesk.ui.app import Controller, create_app
from ecodesk.ui.main_window import MainWindow


def test_task_force_workspace_opens_the_task_force_window(qtbot: QtBot, tmp_path: Path) -> None:
    from ecodesk.ui.taskforce.window import TaskForceWindow

    Workspace.create(tmp_path / "tf", office=None, task_force=True).close()
    create_app()
    controller = Controller(tmp_path / "tf", 2023)
    try:
        window = controller.start()
        assert isinstance(window, TaskForceWindow)
        assert window.isVisible()
    finally:
        controller.shutdown()


def test_office_workspace_opens_the_clerks_window(qtbot: QtBot, tmp_path: Path) -> None:
    Workspace.create(tmp_path / "cx", office="成县").close()
    create_app()
    controller = Controller(tmp_path / "cx", 2023)
    try:
        window = controller.start()
        assert isinstance(window, MainWindow)
        assert "成县" in window.windowTitle()
    finally:
        controller.shutdown()


def test_lang_option_overrides_the_saved_language(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QApplication

    from ecodesk.core.i18n import language
    from ecodesk.ui import app as app_module
    from ecodesk.ui.i18n import apply_language, tr

    Workspace.create(tmp_path / "cx", office="成县").close()
    shown: list[str] = []

    def exec_once(self: QApplication) -> int:  # the event loop would block the test
        shown.extend(w.windowTitle() for w in QApplication.topLevelWidgets()
                     if isinstance(w, MainWindow) and w.isVisible())  # fmt: skip
        return 0

    monkeypatch.setattr(QApplication, "exec", exec_once)
    try:
        assert app_module.run(tmp_path / "cx", 2023, "en") == 0
        assert language() == "en" and tr("Period:") == "Period:"
        assert shown == ["成县 · 2023 period · ecodesk"]  # the window itself is in English
    finally:
        apply_language("zh")
