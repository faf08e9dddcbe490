"""The task force changes a target from a period on with `ecodesk forms`, and earlier periods keep
theirs; an archived period needs an explicit, recorded reopen."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ecodesk.cli import main

OFFICE = "成县"


def run(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--workspace", str(root), *args])
    out, err = capsys.readouterr()
    return code, out, err


def _status(capsys: pytest.CaptureFixture[str], root: Path, period: int) -> tuple[str, str]:
    code, out, _ = run(
        capsys, root, "show", "24", "--period", str(period), "--office", OFFICE, "--json"
    )
    assert code == 0
    evaluation = json.loads(out)["evaluation"][0]
    return evaluation["status"], evaluation["target"]


def test_raise_a_target_from_2024_on_the_command_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, qapp: object
) -> None:
    """`qapp`: the archive renders PDF reports with Qt; the session's QApplication is made first."""
    root = tmp_path / "tf"
    assert run(capsys, root, "init", "--task-force")[0] == 0
    for period in ("2022", "2023", "2024"):
        code, _, err = run(capsys, root, "set", "24", "--period", period, "--office", OFFICE,
                           "--value", "treatment_rate=94")  # fmt: skip
        assert code == 0, err
    folder = tmp_path / "新表单"
    code, out, _ = run(capsys, root, "forms", "--export", str(folder), "--period", "2024")
    assert code == 0 and "--install --effective-from" in out
    form = folder / "24.toml"
    form.write_text(
        form.read_text(encoding="utf-8").replace("value = 93", "value = 96"), encoding="utf-8"
    )

    code, out, err = run(
        capsys, root, "forms", str(folder), "--install", "--effective-from", "2024"
    )
    assert code == 0, err
    assert "自 2024 年起启用新表单：任务 24" in out
    assert [_status(capsys, root, p) for p in (2022, 2023, 2024)] == [
        ("met", "县城 ≥ 93%"), ("met", "县城 ≥ 93%"), ("not_met", "县城 ≥ 96%")]  # fmt: skip

    code, out, _ = run(capsys, root, "forms", "--schedule")
    assert code == 0 and "2024" in out

    # The archive of 2024 closes it: a change reaching it needs a reason, which is recorded.
    form.write_text(
        form.read_text(encoding="utf-8").replace("value = 96", "value = 97"), encoding="utf-8"
    )
    code, _, _ = run(capsys, root, "archive", "--period", "2024", "--out", str(tmp_path / "a.zip"))
    assert code == 0
    code, _, err = run(capsys, root, "forms", str(folder), "--install", "--effective-from", "2024")
    assert code != 0 and "2024 已归档" in err and "--reopen" in err
    assert _status(capsys, root, 2024) == ("not_met", "县城 ≥ 96%")
    code, _, err = run(capsys, root, "forms", str(folder), "--install", "--effective-from", "2024",
                       "--reopen", "省厅更正")  # fmt: skip
    assert code == 0, err
    assert _status(capsys, root, 2024) == ("not_met", "县城 ≥ 97%")
    code, out, _ = run(capsys, root, "forms", "--schedule")
    assert "省厅更正" in out and "已归档（关闭）的填报期：[2024]" in out
