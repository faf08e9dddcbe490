"""`ecodesk review undo`: a decision is taken back until a task package has carried it."""

from __future__ import annotations

from pathlib import Path

import pytest

from ecodesk.cli import main
from ecodesk.core.entries import Review
from ecodesk.store.bundles import record_package
from ecodesk.store.entries import list_entries, now
from ecodesk.store.workspace import Workspace


def _review(root: Path, office: str, task: int) -> Review:
    ws = Workspace.open(root)
    try:
        return ws.entry(task, 2023, office).review  # type: ignore[union-attr]
    finally:
        ws.close()


def test_undo_until_sent(tf_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws = Workspace.open(tf_root)
    try:
        entry = next(e for e in list_entries(ws.db) if e.office == "康县" and e.period == 2023
                     and e.state.value == "complete" and e.review is Review.NONE)  # fmt: skip
    finally:
        ws.close()
    base = ["--workspace", str(tf_root), "review"]
    where = [str(entry.task), "--office", "康县", "--period", "2023"]
    assert main([*base, "return", *where, "--comment", "请补充佐证材料"]) == 0
    assert main([*base, "undo", *where]) == 0
    assert _review(tf_root, "康县", entry.task) is Review.NONE
    assert main([*base, "accept", *where]) == 0
    ws = Workspace.open(tf_root)
    try:  # 康县's next task package is made: it carries the acceptance
        record_package(ws.db, direction="out", office="康县", sequence=1, created=now(),
                       manifest_sha256="0" * 64, key_id="k")  # fmt: skip
    finally:
        ws.close()
    capsys.readouterr()
    assert main([*base, "undo", *where]) == 2
    assert "已随第 1 号任务包发给康县，不能撤销" in capsys.readouterr().err
    assert _review(tf_root, "康县", entry.task) is Review.ACCEPTED
