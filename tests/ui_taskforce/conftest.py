"""Fixtures for driving the task force's window over the task-force demo workspace (the shared
Qt fixtures are in qt_fixtures)."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from qt_fixtures import ime, isolated_settings, no_jobs_left, translations  # noqa: F401


@pytest.fixture(scope="session")
def task_force_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from ecodesk.store.demo import build_demo

    root = tmp_path_factory.mktemp("tf-demo") / "ws"
    build_demo(root, task_force=True).close()
    return root


@pytest.fixture
def tf_root(task_force_template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "tf"
    shutil.copytree(task_force_template, target)
    return target


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
