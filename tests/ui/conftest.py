"""Fixtures for driving the clerk's real window (the shared Qt fixtures are in qt_fixtures)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from qt_fixtures import ime, isolated_settings, no_jobs_left, translations, wait_built  # noqa: F401


@pytest.fixture
def controller(qtbot) -> Iterator:  # type: ignore[no-untyped-def]
    from ecodesk.ui import tasks
    from ecodesk.ui.app import Controller

    made: list[Controller] = []

    def make(root: Path, period: int = 2023, *, read_only: bool = False) -> Controller:
        made.append(Controller(root, period, read_only=read_only))
        return made[-1]

    yield make
    tasks.wait_all()
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=5000)  # results delivered to live windows
    for c in made:
        c.shutdown()


@pytest.fixture
def demo_window(controller, demo_copy: Path, qtbot):  # type: ignore[no-untyped-def]
    c = controller(demo_copy)
    window = c.start()
    qtbot.addWidget(window)
    wait_built(qtbot, window)
    return window


@pytest.fixture
def fresh_window(controller, workspace, qtbot):  # type: ignore[no-untyped-def]
    root = workspace.root
    workspace.close()
    c = controller(root)
    window = c.start()
    qtbot.addWidget(window)
    window.controller = c
    wait_built(qtbot, window)
    return window
