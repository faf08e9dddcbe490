"""Fixtures for tests that drive several doors at once (window, CLI, Excel, bundle)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from qt_fixtures import ime, isolated_settings, no_jobs_left, translations  # noqa: F401

# The bundle tests' forging helpers (tests/bundle is not a package).
sys.path.insert(0, str(Path(__file__).parents[1] / "bundle"))


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
