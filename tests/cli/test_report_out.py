"""`--out` of report, template and archive: a missing folder is made, a folder gets the default
name, a path that cannot be a folder is one clear line (no traceback, no Qt warnings)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ecodesk.cli import main


def _ecodesk(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "ecodesk", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def test_report_into_a_missing_folder(demo_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "还没有" / "的文件夹" / "报告.pdf"
    result = _ecodesk(
        "--workspace", str(demo_copy), "report", "--period", "2023", "--out", str(out)
    )
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF")
    assert "QPainter" not in result.stderr and "Traceback" not in result.stderr


def test_report_under_a_file_is_one_clear_error(demo_copy: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    result = _ecodesk(
        "--workspace", str(demo_copy), "report", "--period", "2023", "--out", str(blocker / "r.pdf")
    )
    assert result.returncode == 2
    assert result.stderr.strip() == f"错误：{blocker} 是文件，不是文件夹（请检查 --out）"


@pytest.mark.parametrize("command", ["report", "template"])
def test_a_folder_gets_the_default_name(
    demo_copy: Path, tmp_path: Path, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "out"
    args = ["--workspace", str(demo_copy), command, "--period", "2023", "--out", f"{folder}/"]
    assert main(args) == 0
    [written] = folder.iterdir()
    assert (
        written.name
        == {"report": "填报报告-成县-2023.pdf", "template": "填报模板-成县-2023.xlsx"}[command]
    )
    assert str(written) in capsys.readouterr().out
