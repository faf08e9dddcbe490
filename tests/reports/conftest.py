"""Fixtures for the archive and Excel tests: one demo workspace, archived once per session."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from ecodesk.reports.model import ArchiveData, collect
from ecodesk.store.workspace import Workspace


@pytest.fixture
def demo_ws(demo_copy: Path) -> Iterator[Workspace]:
    """A writable copy of the demo workspace (成县's office workspace with every office's data)."""
    ws = Workspace.open(demo_copy)
    yield ws
    ws.close()


@pytest.fixture(scope="session")
def archive_data(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> ArchiveData:
    """The task force's 2023 archive model of the demo (every office)."""
    root = tmp_path_factory.mktemp("archive") / "ws"
    shutil.copytree(demo_template, root)
    ws = Workspace.open(root)
    try:
        return collect(ws, 2023)
    finally:
        ws.close()


@pytest.fixture(scope="session")
def archive_book(archive_data: ArchiveData, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from ecodesk.reports.workbook import save_workbook

    return save_workbook(archive_data, tmp_path_factory.mktemp("book") / "archive.xlsx")
