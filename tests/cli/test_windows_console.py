"""Chinese output through a legacy GBK console and into a file (what a county PC does)."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ecodesk.cli import main


def run_piped(workspace: Path, *args: str, encoding: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    return subprocess.run(
        [sys.executable, "-m", "ecodesk", "--workspace", str(workspace), *args],
        capture_output=True,
        env=env,
        check=False,
    )


def test_status_through_gbk_into_a_pipe_is_complete_and_readable(demo_copy: Path) -> None:
    # The status table has km² and μg/m³: GBK has no ² or ³. They used to stop the command
    # half-way with UnicodeEncodeError (exit 1, the rest of the table lost).
    done = run_piped(demo_copy, "status", "--period", "2023", encoding="gbk")
    assert done.returncode == 0, done.stderr.decode("gbk", "replace")
    text = done.stdout.decode("gbk")  # strict: every byte is valid GBK
    assert "城镇污水处理率" in text and "生态保护红线面积" in text
    assert re.search(r"^达标 \d+  未达标 \d+", text, re.MULTILINE)  # the summary after the table
    assert "km?" in text  # what GBK cannot show is a question mark, not a crash
    lines = [line for line in text.splitlines() if line.strip()]
    assert lines[-1].split()[0] not in ("Traceback", "UnicodeEncodeError:")


def test_redirection_with_utf8_chosen_keeps_every_character(demo_copy: Path) -> None:
    done = run_piped(demo_copy, "status", "--period", "2023", encoding="utf-8")
    assert done.returncode == 0
    assert "km²" in done.stdout.decode("utf-8")


def test_errors_on_stderr_survive_gbk(demo_copy: Path) -> None:
    done = run_piped(demo_copy, "show", "99", "--period", "2023", encoding="gbk")
    assert done.returncode == 2
    assert "错误" in done.stderr.decode("gbk", "strict")


def test_the_windowed_program_without_a_console_still_runs_commands(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # PyInstaller's windowed ecodesk.exe has sys.stdout = sys.stderr = None.
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    assert main(["--workspace", str(demo_copy), "status", "--period", "2023"]) == 0
    assert main(["--workspace", str(demo_copy), "show", "99", "--period", "2023"]) == 2


def test_the_frozen_cli_applies_pythonioencoding_itself(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # PyInstaller's Python is isolated: it ignores PYTHONIOENCODING, so ecodesk applies it.
    raw = io.BytesIO()
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setenv("PYTHONIOENCODING", "gbk")
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(raw, encoding="utf-8"))
    assert main(["--workspace", str(demo_copy), "status", "--period", "2023"]) == 0
    sys.stdout.flush()
    text = raw.getvalue().decode("gbk")
    assert "城镇污水处理率" in text and "km?" in text
