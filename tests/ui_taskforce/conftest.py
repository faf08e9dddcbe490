"""Fixtures for driving the task force's window over the task-force demo workspace."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ecodesk.resources import resource_path


@pytest.fixture(scope="session", autouse=True)
def translations() -> None:
    """Build the .qm files if a checkout lacks them (or they are older than the .ts)."""
    stale = False
    for name in ("ecodesk_zh_CN.ts", "taskforce_zh_CN.ts"):
        ts = resource_path("resources", "i18n", name)
        qm = ts.with_suffix(".qm")
        stale |= not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime
    if stale:
        subprocess.run(
            [sys.executable, str(resource_path("tools", "build_translations.py"))], check=True
        )


@pytest.fixture(autouse=True)
def app_look(tmp_path: Path, qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSettings

    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings")
    )
    from ecodesk.ui.app import create_app

    create_app()
    yield


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
    from PySide6.QtCore import QThreadPool

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
    QThreadPool.globalInstance().waitForDone(10000)
    for window, _ws in opened:
        window.close()
    qtbot.wait(1)
    for _window, ws in opened:
        ws.close()


@pytest.fixture
def window(open_window, tf_root: Path):  # type: ignore[no-untyped-def]
    return open_window(tf_root)


def commit_text(widget, text: str) -> None:  # type: ignore[no-untyped-def]
    """What an input method sends when a person picks Chinese characters."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    widget.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)
