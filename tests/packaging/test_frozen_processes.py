"""A frozen ecodesk tells the processes multiprocessing starts from itself (an import's workers,
the resource tracker) from its own start without importing multiprocessing in the latter.

The frozen build runs them for real in tools/build-binary (an import with worker processes)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from ecodesk.frozen_processes import started_by_multiprocessing


@pytest.mark.parametrize(
    "argv",
    [
        ["ecodesk", "--multiprocessing-fork", "parent_pid=12", "pipe_handle=40"],
        ["ecodesk", "-B", "-s", "-c", "from multiprocessing.resource_tracker import main;main(7)"],
    ],
)
def test_a_process_multiprocessing_starts_is_told(argv: list[str]) -> None:
    assert started_by_multiprocessing(argv)


@pytest.mark.parametrize(
    "argv",
    [
        ["ecodesk"],
        ["ecodesk", "--workspace", "D:/工作区", "--lang", "zh"],
        ["ecodesk-cli", "import", "--yes", "a.ecb", "--multiprocessing-fork"],  # not where it goes
    ],
)
def test_the_program_itself_is_not(argv: list[str]) -> None:
    assert not started_by_multiprocessing(argv)


def test_the_program_itself_does_not_import_multiprocessing() -> None:
    probe = (
        "import sys; from ecodesk.frozen_processes import run_if_started_by_multiprocessing as run;"
        "run(['ecodesk', '--workspace', 'x']); print('multiprocessing' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_a_command_that_is_not_multiprocessings_own_is_not_run() -> None:
    """`-c` alone does not make a helper: an unknown command is neither run nor fatal."""
    probe = (
        "import sys; from ecodesk.frozen_processes import run_if_started_by_multiprocessing as run;"
        "run(['ecodesk', '-c', 'print(\"ran\")']); print('returned')"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["returned"]
