"""Qt fixtures shared by the clerk's window tests (tests/ui) and the task force's (tests/ui_taskforce).

Both conftests import them (`from qt_fixtures import ...`): built translations, isolated
settings with the look and language applied as at start-up, no background job left behind,
and `commit_text`, what an input method sends when a person picks Chinese characters.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from ecodesk.resources import resource_path

TRANSLATIONS = ("ecodesk_zh_CN.ts", "taskforce_zh_CN.ts")
CLERK = "张红"


@pytest.fixture(scope="session", autouse=True)
def translations() -> None:
    """The .qm files are built by tools/setup; build them here if a checkout lacks them."""
    for name in TRANSLATIONS:
        ts = resource_path("resources", "i18n", name)
        qm = ts.with_suffix(".qm")
        if not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime:
            build = resource_path("tools", "build_translations.py")
            subprocess.run([sys.executable, str(build)], check=True)
            return


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSettings

    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings")
    )
    from ecodesk.ui import settings
    from ecodesk.ui.app import create_app

    create_app()  # look and Chinese translation, as at start-up
    settings.set_clerk_name(CLERK)  # a clerk who has told ecodesk their name (asked once)
    yield
    from ecodesk.ui.i18n import apply_language

    apply_language("zh")


@pytest.fixture(autouse=True)
def no_jobs_left(qtbot) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Every background job has finished and reported when a test ends."""
    yield
    from ecodesk.ui import tasks

    tasks.wait_all()
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=10000)


def commit_text(widget, text: str) -> None:  # type: ignore[no-untyped-def]
    """What an input method sends when a person picks characters (keyClicks cannot type CJK)."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    widget.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


@pytest.fixture
def ime():  # type: ignore[no-untyped-def]
    return commit_text


def wait_built(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """The clerk's window builds its editor, menus and backup helper in the event-loop turns
    after it is shown (MainWindow.BUILD_STEPS): a test that uses them waits for that, as a
    clerk's first click does."""
    qtbot.waitUntil(lambda: getattr(window, "is_built", True), timeout=5000)
