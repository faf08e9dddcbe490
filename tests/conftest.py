"""Shared fixtures. Qt runs headless; core and store tests never import Qt."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from ecodesk.core.i18n import set_language  # noqa: E402


@pytest.fixture(autouse=True)
def chinese_first() -> Iterator[None]:
    """Every test starts in Chinese, the app's default, whatever an earlier test chose."""
    set_language("zh")
    yield
    set_language("zh")


@pytest.fixture
def workspace(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A fresh office workspace for 成县."""
    from ecodesk.store.workspace import Workspace

    ws = Workspace.create(tmp_path / "ws", office="成县")
    yield ws
    ws.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo workspace built once per test run; copy it with `demo_copy` before changing it."""
    from ecodesk.store.demo import build_demo

    root = tmp_path_factory.mktemp("demo") / "ws"
    build_demo(root).close()
    return root


@pytest.fixture
def demo_copy(demo_template: Path, tmp_path: Path) -> Path:
    return _copy(demo_template, tmp_path / "demo")


@pytest.fixture(scope="session")
def task_force_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A task-force demo workspace (every office's data), built once per test run."""
    from ecodesk.store.demo import build_demo

    root = tmp_path_factory.mktemp("tf-demo") / "ws"
    build_demo(root, task_force=True).close()
    return root


@pytest.fixture
def tf_root(task_force_template: Path, tmp_path: Path) -> Path:
    """A private copy of the task-force demo, free to change."""
    return _copy(task_force_template, tmp_path / "tf")


def _copy(template: Path, target: Path) -> Path:
    import shutil

    shutil.copytree(template, target)
    return target
