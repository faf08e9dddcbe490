"""Roles enforced by the workspace, the validator's refusals at `ecodesk set` / `ecodesk target`,
and old invalid data shown as invalid by every command instead of crashing it."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from ecodesk.cli import main
from ecodesk.core.entries import Review
from ecodesk.core.roles import Operation, RoleError
from ecodesk.store.workspace import Workspace


def run(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--workspace", str(root), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_an_office_cannot_set_targets_or_review_its_own_entry(
    capsys: pytest.CaptureFixture[str], demo_copy: Path
) -> None:
    """Reproduced on 0.1: the office's PDF then showed PM2.5 met and 审核：accepted."""
    before = _assigned(demo_copy, 7)
    complete = next(
        e for e in _entries(demo_copy) if e.state.value == "complete" and e.review is Review.NONE
    )
    code, _, err = run(capsys, demo_copy, "target", "7", "pm25", "30", "--office", "成县",
                       "--period", "2023")  # fmt: skip
    assert code == 2 and "设置省级下达目标只能在工作专班的工作区进行" in err
    code, _, err = run(capsys, demo_copy, "review", "accept", str(complete.task), "--office",
                       "成县", "--period", "2023")  # fmt: skip
    assert code == 2 and "只能在工作专班的工作区进行" in err
    ws = Workspace.open(demo_copy)
    try:
        assert ws.context(7, 2023).assigned == before
        assert ws.entry(complete.task, 2023).review is Review.NONE  # type: ignore[union-attr]
        for refused in (lambda: ws.accept([complete.uuid]), lambda: ws.reopen(complete.uuid, "x"),
                        lambda: ws.set_assignment(office="成县", task=3, period=2023, assigned=False),
                        lambda: ws.return_entry(complete.uuid, "改")):  # fmt: skip
            with pytest.raises(RoleError) as caught:
                refused()
            assert "工作专班" in str(caught.value)
        ws.require_role(Operation.EXPORT_BUNDLE)  # the office's own operations pass
    finally:
        ws.close()


def test_the_task_force_cannot_export_a_bundle(
    capsys: pytest.CaptureFixture[str], tf_root: Path, tmp_path: Path
) -> None:
    code, _, err = run(capsys, tf_root, "export", "--period", "2023", "--out", str(tmp_path))
    assert code == 2 and "导出数据包只能在填报单位的工作区进行" in err


@pytest.mark.parametrize(
    ("value", "message"),
    [("inf", "不是数字"), ("nan", "不是数字"), ("-5", "超出范围"), ("1,5", "有歧义")],
)
def test_targets_are_finite_and_within_bounds(
    capsys: pytest.CaptureFixture[str], tf_root: Path, value: str, message: str
) -> None:
    before = _assigned(tf_root, 7, "成县")
    code, _, err = run(capsys, tf_root, "target", "7", "pm25", value, "--office", "成县",
                       "--period", "2023")  # fmt: skip
    assert code == 2 and message in err, err
    assert _assigned(tf_root, 7, "成县") == before


def test_a_percent_target_over_100_is_refused(tf_root: Path) -> None:
    ws = Workspace.open(tf_root)
    try:
        with pytest.raises(Exception, match="超出范围"):
            ws.set_target(25, "treatment_rate", office="成县", period=2023, value=150.0)
    finally:
        ws.close()


def test_an_empty_value_never_clears_silently(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    root = tmp_path / "ws"
    run(capsys, root, "init", "--office", "成县")
    assert (
        run(capsys, root, "set", "24", "--period", "2023", "--value", "treatment_rate=91")[0] == 0
    )
    code, _, err = run(capsys, root, "set", "24", "--period", "2023", "--value", "treatment_rate=")
    assert code == 2 and "--clear treatment_rate" in err
    assert _values(root, 24) == {"treatment_rate": 91.0}
    assert run(capsys, root, "set", "24", "--period", "2023", "--clear", "treatment_rate")[0] == 0
    assert _values(root, 24) == {}


def test_old_invalid_data_shows_invalid_in_every_command(
    capsys: pytest.CaptureFixture[str], tf_root: Path, tmp_path: Path
) -> None:
    """A signed line with text in a percent, stored before the validator guarded the bundle door,
    crashed status, matrix, city, show, tasks and archive at the task force."""
    _store_raw(tf_root, "成县", 5, {"disclosure_rate": "很多"})
    where = ["--office", "成县", "--period", "2023"]
    for args in (["status", *where], ["show", "5", *where], ["tasks", *where],
                 ["matrix", "--period", "2023"], ["city", "--period", "2023"],
                 ["archive", "--period", "2023", "--out", str(tmp_path / "a.xlsx")]):  # fmt: skip
        code, out, err = run(capsys, tf_root, *args)
        assert code == 0, (args, err)
        if args[0] in ("status", "show"):
            assert "数值无效" in out and "很多" in out
    code, out, _ = run(capsys, tf_root, "show", "5", *where, "--json")
    assert json.loads(out)["evaluation"][0]["status"] == "invalid"


def _entries(root: Path):  # type: ignore[no-untyped-def]
    from ecodesk.store.entries import list_entries

    ws = Workspace.open(root)
    try:
        return list_entries(ws.db, office=ws.office, period=2023)
    finally:
        ws.close()


def _assigned(root: Path, task: int, office: str | None = None) -> dict[str, float]:
    ws = Workspace.open(root)
    try:
        return dict(ws.context(task, 2023, office).assigned or {})
    finally:
        ws.close()


def _values(root: Path, task: int) -> dict[str, object]:
    ws = Workspace.open(root)
    try:
        entry = ws.entry(task, 2023)
        return dict(entry.values) if entry else {}
    finally:
        ws.close()


def _store_raw(root: Path, office: str, task: int, values: dict[str, object]) -> None:
    """Write values as an older ecodesk did, without any check."""
    with sqlite3.connect(root / "ecodesk.db") as db:
        changed = db.execute(
            "UPDATE entries SET values_json = ?, state = 'complete', review = '' "
            "WHERE office = ? AND task = ? AND period = 2023",
            [json.dumps(values, ensure_ascii=False), office, task],
        ).rowcount
    assert changed == 1
