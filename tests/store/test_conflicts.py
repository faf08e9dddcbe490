"""Resolving conflicts: one audited transaction; keeping the other version makes a new revision
that wins on every later import, and a later different edit at that revision is a conflict again."""

from __future__ import annotations

from pathlib import Path

import pytest
from conflict_helpers import (
    FIRST_PLAN,
    OFFICE,
    SECOND_PLAN,
    TASK,
    Conflicted,
    Forge,
    fill,
    import_all,
    make_conflict,
)

from ecodesk.bundle import conflicts
from ecodesk.bundle.lines import content_sha256, entry_line
from ecodesk.core.errors import UserError
from ecodesk.store import bundles as bundle_store
from ecodesk.store import conflicts as conflict_store


@pytest.fixture
def made(tmp_path: Path):  # type: ignore[no-untyped-def]
    result = make_conflict(tmp_path)
    yield result
    result.net.close()


def _snapshot(made: Conflicted) -> tuple[object, ...]:
    db = made.net.tf.db
    return tuple(
        db.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
        for table in (
            "entries",
            "conflicts",
            "audit",
            "provenance",
            "entry_evidence",
        )
    )


def test_the_conflict_as_the_task_force_sees_it(made: Conflicted) -> None:
    tf = made.net.tf
    assert conflict_store.unresolved_uuids(tf.db) == [made.uuid]
    assert conflict_store.find_uuid(tf.db, made.uuid[:6].upper()) == made.uuid
    conflict = conflicts.entry_conflict(tf, made.uuid)
    assert conflict is not None and conflict.current is not None and len(conflict.others) == 1
    assert conflict.current_sha256 == conflict_store.head_sha256(tf.db, made.uuid)
    other = conflicts.version_entry(conflict.others[0], conflict.entry)
    assert other is not None
    assert {conflict.entry.plan, other.plan} == {FIRST_PLAN, SECOND_PLAN}
    assert conflict.others[0].file_name.endswith(".ecb")
    with pytest.raises(UserError, match="开头"):
        conflict_store.find_uuid(tf.db, "zzz")


def test_keeping_the_other_version_installs_it_as_a_new_revision(made: Conflicted) -> None:
    tf, office = made.net.tf, made.net.offices[OFFICE]
    before = conflicts.entry_conflict(tf, made.uuid)
    assert before is not None
    other = conflicts.version_entry(before.others[0], before.entry)
    assert other is not None
    done = conflicts.resolve(tf, made.uuid, keep="other", reason="以另一版本为准")
    entry = done.entry
    assert done.new_revision and entry.revision == before.entry.revision + 1
    assert entry.plan == other.plan and entry.install_id == tf.install_id
    stored = tf.entry(TASK, 2023, OFFICE)
    assert stored is not None and stored.plan == other.plan and stored.revision == entry.revision
    sha = content_sha256(entry_line(stored))
    assert conflict_store.head_sha256(tf.db, made.uuid) == sha
    assert conflicts.entry_conflict(tf, made.uuid) is None
    assert bundle_store.conflicts(tf.db) == []
    (record,) = conflict_store.resolved_history(tf.db, made.uuid)
    assert record["kept"] == "other" and record["reason"] == "以另一版本为准"
    assert record["who"] == tf.who and record["kept_sha256"] == before.others[0].content_sha256
    assert any(
        p.revision == entry.revision for p in bundle_store.entry_provenance(tf.db, made.uuid)
    )
    # importing the old bundles again changes nothing: the new revision wins
    again = sorted((made.net.root / "out").glob("*.ecb"))
    import_all(tf, again)
    assert tf.entry(TASK, 2023, OFFICE) == stored
    assert bundle_store.conflicts(tf.db) == []
    # the office, unaware, edits its copy to the same revision number: a conflict again, visibly
    fill(office, TASK, "单位后来又改的计划")
    assert office.entry(TASK, 2023) is not None
    assert office.entry(TASK, 2023).revision == stored.revision  # type: ignore[union-attr]
    forge = Forge(office, tf)
    previous = next(r.manifest_sha256 for r in bundle_store.received_list(tf.db) if r.sequence == 2)
    later = made.net.root / "out" / f"{OFFICE}-2023-0003.ecb"
    later.write_bytes(forge.build(sequence=3, previous=previous, lines=[forge.line(TASK)]))
    plan = import_all(tf, [later])
    assert plan.counts["conflicting"] == 1, plan.summary_lines()
    again_conflict = conflicts.entry_conflict(tf, made.uuid)
    assert again_conflict is not None and again_conflict.entry.revision == stored.revision


def test_keeping_the_current_version_changes_no_content(made: Conflicted) -> None:
    tf = made.net.tf
    before = tf.entry(TASK, 2023, OFFICE)
    done = conflicts.resolve(tf, made.uuid, keep="current", reason="当前版本正确")
    assert not done.new_revision and done.entry == before
    assert tf.entry(TASK, 2023, OFFICE) == before
    assert conflict_store.unresolved_uuids(tf.db) == []
    history = [a for a in tf.history(TASK, 2023, OFFICE) if a.field == "conflict"]
    assert len(history) == 1 and '"kept": "current"' in history[0].new


def test_a_failed_resolution_leaves_the_database_as_it_was(made: Conflicted) -> None:
    tf = made.net.tf
    before = _snapshot(made)
    with pytest.raises(UserError, match="理由"):
        conflicts.resolve(tf, made.uuid, keep="other", reason="   ")
    entry = tf.entry(TASK, 2023, OFFICE)
    assert entry is not None
    with pytest.raises(UserError, match="已被导入的数据包更新"):
        conflict_store.resolve(tf.db, uuid=made.uuid, expected_revision=entry.revision - 1,
                               kept="current", kept_sha256="", reason="x", who="t", install_id="i")  # fmt: skip
    with pytest.raises(UserError, match="current 或 other"):
        conflicts.resolve(tf, made.uuid, keep="newest", reason="x")
    assert _snapshot(made) == before


def test_several_other_versions_need_a_choice(made: Conflicted) -> None:
    tf = made.net.tf
    conflict = conflicts.entry_conflict(tf, made.uuid)
    assert conflict is not None
    row = conflict.others[0]
    tf.db.execute(
        "INSERT INTO conflicts (entry_uuid, revision, content_sha256, install_id, content_json, "
        "manifest_sha256, detected_at, resolved) VALUES (?,?,?,?,NULL,'','',0)",
        [made.uuid, row.revision, "f" * 64, row.install_id],
    )
    conflict = conflicts.entry_conflict(tf, made.uuid)
    assert conflict is not None and len(conflict.others) == 2
    with pytest.raises(UserError, match="--version"):
        conflicts.resolve(tf, made.uuid, keep="other", reason="x")
    with pytest.raises(UserError, match="只记录了它的哈希"):
        conflicts.resolve(tf, made.uuid, keep="other", reason="x", version="fff")
    done = conflicts.resolve(
        tf, made.uuid, keep="other", reason="x", version=row.content_sha256[:10]
    )
    assert done.new_revision and done.resolved == 3
    assert conflict_store.unresolved_uuids(tf.db) == []
