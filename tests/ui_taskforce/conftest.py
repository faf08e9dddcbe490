"""Fixtures for driving the task force's window over the task-force demo workspace (the shared
Qt fixtures are in qt_fixtures)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from qt_fixtures import ime, isolated_settings, no_jobs_left, translations  # noqa: F401


@pytest.fixture
def open_window(qtbot) -> Iterator[Callable]:  # type: ignore[no-untyped-def]
    """Open the real window on a workspace folder; closed, joined and freed after the test."""
    from ecodesk.store.workspace import Workspace
    from ecodesk.ui.taskforce import open_task_force_window

    opened = []

    def make(root: Path, period: int = 2023):  # type: ignore[no-untyped-def]
        ws = Workspace.open(root)
        window = open_task_force_window(ws, period)
        qtbot.addWidget(window)
        opened.append((window, ws))
        return window

    yield make
    for window, _ws in opened:  # a closing window finishes its jobs first
        window.close()
    qtbot.wait(1)
    for _window, ws in opened:
        ws.close()


@pytest.fixture
def window(open_window, tf_root: Path):  # type: ignore[no-untyped-def]
    return open_window(tf_root)
