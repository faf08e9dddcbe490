"""`ecodesk attach --indicator`, `ecodesk evidence-indicator` and the evidence list by indicator."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ecodesk.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--lang", "zh", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_clerk_attaches_evidence_per_indicator(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    ws = ["--workspace", str(tmp_path / "ws")]
    assert run(capsys, *ws, "init", "--office", "成县")[0] == 0
    plan, report = tmp_path / "方案.pdf", tmp_path / "运行报表.pdf"
    plan.write_text("方案", encoding="utf-8")
    report.write_text("报表", encoding="utf-8")
    code, out, err = run(capsys, *ws, "attach", "24", str(plan), "--period", "2023")
    assert code == 0 and "佐证：整个任务" in out, err
    code, out, err = run(capsys, *ws, "attach", "24", str(report), "--period", "2023",
                         "--indicator", "treatment_rate")  # fmt: skip
    assert code == 0 and "佐证：城镇污水处理率" in out, err
    code, out, _ = run(capsys, *ws, "evidence", "24", "--period", "2023")
    rows = [line.split() for line in out.splitlines()[2:]]
    assert [(r[1], r[2]) for r in rows] == [
        ("整个任务", "方案.pdf"),
        ("城镇污水处理率", "运行报表.pdf"),
    ]
    plan_sha = rows[0][0]
    code, out, err = run(capsys, *ws, "evidence-indicator", "24", plan_sha, "--period", "2023",
                         "--indicator", "treatment_rate")  # fmt: skip
    assert code == 0 and "方案.pdf 现佐证：城镇污水处理率" in out, err
    code, out, _ = run(capsys, *ws, "show", "24", "--period", "2023", "--json")
    assert {e["name"]: e["indicator"] for e in json.loads(out)["evidence"]} == {
        "方案.pdf": "treatment_rate",
        "运行报表.pdf": "treatment_rate",
    }


def test_an_unknown_indicator_is_refused_and_nothing_changes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    ws = ["--workspace", str(tmp_path / "ws")]
    assert run(capsys, *ws, "init", "--office", "成县")[0] == 0
    path = tmp_path / "a.pdf"
    path.write_text("a", encoding="utf-8")
    code, out, err = run(capsys, *ws, "attach", "24", str(path), "--period", "2023",
                         "--indicator", "pm25")  # fmt: skip
    assert code != 0 and "Traceback" not in err
    assert "任务 24 没有指标“pm25”" in err and "treatment_rate" in err
    code, out, _ = run(capsys, *ws, "show", "24", "--period", "2023", "--json")
    assert json.loads(out)["evidence"] == [] and json.loads(out)["revision"] == 0
