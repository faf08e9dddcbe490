"""`ecodesk` opens the window that fits the workspace: the clerk's or the task force's."""

from __future__ import annotations

from pathlib import Path

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
