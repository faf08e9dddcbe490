"""Fixtures for driving the real window: isolated settings, built translations, the window."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from ecodesk.resources import resource_path


@pytest.fixture(scope="session", autouse=True)
def translations() -> None:
    """The Chinese .qm is built by tools/setup; build it here if a checkout lacks it."""
    ts = resource_path("resources", "i18n", "ecodesk_zh_CN.ts")
    qm = ts.with_suffix(".qm")
    if not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime:
        subprocess.run(
            [sys.executable, str(resource_path("tools", "build_translations.py"))], check=True
        )


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSettings

    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings")
    )
    from ecodesk.ui.app import create_app

    create_app()  # look and Chinese translation, as at start-up
    yield
    from ecodesk.ui.i18n import apply_language

    apply_language("zh")


@pytest.fixture
def controller(qtbot) -> Iterator:  # type: ignore[no-untyped-def]
    from ecodesk.ui import tasks
    from ecodesk.ui.app import Controller

    made: list[Controller] = []

    def make(root: Path, period: int = 2023) -> Controller:
        made.append(Controller(root, period))
        return made[-1]

    yield make
    tasks.wait_all()
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=5000)
    for c in made:
        c.shutdown()


@pytest.fixture
def demo_window(controller, demo_copy: Path, qtbot):  # type: ignore[no-untyped-def]
    c = controller(demo_copy)
    window = c.start()
    qtbot.addWidget(window)
    return window


@pytest.fixture
def fresh_window(controller, workspace, qtbot):  # type: ignore[no-untyped-def]
    root = workspace.root
    workspace.close()
    c = controller(root)
    window = c.start()
    qtbot.addWidget(window)
    window.controller = c
    return window


def commit_text(widget, text: str) -> None:  # type: ignore[no-untyped-def]
    """What an input method sends when the clerk picks characters (keyClicks cannot type CJK)."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    widget.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


@pytest.fixture
def ime():  # type: ignore[no-untyped-def]
    return commit_text
