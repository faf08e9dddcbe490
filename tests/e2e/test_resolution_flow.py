"""A conflict resolved at the task force reaches the office: the kept version (with its evidence)
travels in the next task package and becomes the office's entry, unless the clerk changed it since."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conflict_helpers import (
    FIRST_PLAN,
    OFFICE,
    PERIOD,
    SECOND_PLAN,
    TASK,
    Conflicted,
    continue_numbering,
    export,
    fill,
    import_all,
    make_conflict,
    package_manifest,
)

from ecodesk.bundle import api, conflicts
from ecodesk.bundle.lines import entry_line
from ecodesk.cli import main
from ecodesk.core.entries import Review
from ecodesk.store import bundles as bundle_store
from ecodesk.store.entries import set_review


@pytest.fixture
def made(tmp_path: Path):  # type: ignore[no-untyped-def]
    result = make_conflict(tmp_path, evidence=True, forged_loses=True)
    continue_numbering(result)
    yield result
    result.net.close()


def _keep_other(made: Conflicted) -> Any:
    tf = made.net.tf
    conflict = conflicts.entry_conflict(tf, made.uuid)
    assert conflict is not None and conflict.entry.plan == FIRST_PLAN  # the office's own won
    return conflicts.resolve(tf, made.uuid, keep="other", reason="以另一台电脑的版本为准").entry


def test_the_kept_version_with_its_evidence_becomes_the_office_entry(
    made: Conflicted, capsys: pytest.CaptureFixture[str]
) -> None:
    tf, office = made.net.tf, made.net.offices[OFFICE]
    kept = _keep_other(made)
    assert kept.plan == SECOND_PLAN and kept.install_id == tf.install_id
    (evidence,) = kept.evidence
    assert not office.evidence_file(evidence.sha256).exists()  # only the task force has it

    package = api.make_task_package(tf, office=OFFICE, out_dir=made.net.mail)
    assert package.resolved == 1
    manifest = package_manifest(office, package.path)
    assert manifest["format_version"] == 3
    assert {"resolved.jsonl", f"evidence/{evidence.sha256}"} <= manifest["members"].keys()

    assert main(["--workspace", str(office.root), "import", str(package.path)]) == 0
    assert "已装入：任务 1" in capsys.readouterr().out
    mine = office.entry(TASK, PERIOD)
    assert mine is not None and entry_line(mine) == entry_line(kept)  # every field, as it travels
    assert office.evidence_file(evidence.sha256).read_bytes() == "另一份批复".encode()
    audit = [a for a in office.history(TASK, PERIOD) if a.revision == kept.revision]
    assert {a.field for a in audit} >= {"plan", "evidence", "conflict"}
    assert {a.who for a in audit} == {"工作专班"}
    assert "以另一台电脑的版本为准" in next(a.new for a in audit if a.field == "conflict")

    # the office's next bundle agrees with the decision: no fight, no new conflict
    fill(office, 4, "另一项任务")
    plan = import_all(tf, [export(office, made.net.root / "out")])
    assert plan.counts["conflicting"] == 0 and bundle_store.conflicts(tf.db) == []
    assert tf.entry(TASK, PERIOD, OFFICE) == kept
    # a later package carries the kept version again (packages carry state); nothing changes
    again = made.net.send_package(OFFICE)
    assert again.resolved == [] and again.resolved_kept_back == []
    assert office.entry(TASK, PERIOD) == mine
    # the clerk builds on the kept version; the task force takes that as usual
    fill(office, TASK, "在采用版本基础上补充")
    import_all(tf, [export(office, made.net.root / "out")])
    after = tf.entry(TASK, PERIOD, OFFICE)
    assert (
        after is not None
        and after.revision == kept.revision + 1
        and after.plan == "在采用版本基础上补充"
    )
    assert bundle_store.conflicts(tf.db) == []
    assert api.make_task_package(tf, office=OFFICE, out_dir=made.net.mail).resolved == 0


def test_a_draft_changed_after_the_conflict_is_not_overwritten(made: Conflicted) -> None:
    tf, office = made.net.tf, made.net.offices[OFFICE]
    before = office.entry(TASK, PERIOD)
    fill(office, TASK, "书记员在冲突之后改的计划")
    changed = office.entry(TASK, PERIOD)
    assert before is not None and changed is not None and changed.revision == before.revision + 1
    kept = _keep_other(made)
    assert kept.revision == changed.revision  # the same number, other content
    # the task force even accepts its kept version: that decision must not lock the clerk's draft
    set_review(tf.db, uuid=made.uuid, review=Review.ACCEPTED, comment="", who="tf")

    result = made.net.send_package(OFFICE)
    assert result.resolved == [] and result.resolved_kept_back == [TASK]
    assert result.accepted == [] and result.skipped == [TASK]
    assert any("未装入" in line for line in result.summary_lines())
    assert office.entry(TASK, PERIOD) == changed
    assert not [a for a in office.history(TASK, PERIOD) if a.who == "工作专班"]
    # reported again by the next package, still untouched: the task force sees the clerk's
    # version as a conflict when it arrives, and decides again
    assert made.net.send_package(OFFICE).resolved_kept_back == [TASK]
    assert office.entry(TASK, PERIOD) == changed
