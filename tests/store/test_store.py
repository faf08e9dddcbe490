"""The store: schema versions, integrity, audited revisions, evidence, review locks."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from ecodesk.core.entries import EntryState, Review, TaskStatus
from ecodesk.core.errors import UserError
from ecodesk.store import entries as entry_store
from ecodesk.store.db import open_database
from ecodesk.store.workspace import Workspace


def test_pragmas_and_schema_version(workspace: Workspace) -> None:
    conn = workspace.db.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    from ecodesk import SCHEMA_VERSION

    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_database_from_a_newer_ecodesk_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(UserError, match="更新版本的 ecodesk"):
        open_database(path)
    assert path.read_bytes() == before


def test_damaged_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.db"
    path.write_bytes(b"SQLite format 3\x00" + b"\x13" * 4000)
    with pytest.raises(UserError, match="无法打开数据库|已损坏"):
        open_database(path)


def test_opening_a_folder_that_is_not_a_workspace(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="还不是工作区"):
        Workspace.open(tmp_path)


def test_save_makes_one_audited_revision(workspace: Workspace) -> None:
    first = workspace.save(24, 2023, values={"treatment_rate": 91.0}, plan="计划")
    assert first.entry.revision == 1 and first.changed == ("values.treatment_rate", "plan")
    same = workspace.save(24, 2023, values={"treatment_rate": 91.0})
    assert same.changed == () and same.entry.revision == 1
    second = workspace.save(24, 2023, values={"treatment_rate": 94.0})
    assert second.entry.revision == 2
    rows = workspace.history(24, 2023)
    assert [(r.revision, r.field, r.old, r.new) for r in rows] == [
        (1, "values.treatment_rate", "null", "91.0"),
        (1, "plan", '""', '"计划"'),
        (2, "values.treatment_rate", "91.0", "94.0"),
    ]
    assert rows[0].who.endswith("@成县")
    assert workspace.entry(24, 2023).uuid == first.entry.uuid  # stable identity


def test_clearing_a_value(workspace: Workspace) -> None:
    workspace.save(3, 2023, values={"assessment_share": 20.0})
    workspace.save(3, 2023, values={"assessment_share": None})
    assert workspace.entry(3, 2023).values == {}


def test_unassigned_task_and_unknown_task_are_refused(workspace: Workspace) -> None:
    with pytest.raises(UserError, match="没有第 99 号任务"):
        workspace.save(99, 2023, plan="x")
    with pytest.raises(UserError, match="不在方案范围内"):
        workspace.save(3, 2035, plan="x")


def test_complete_lists_problems_then_succeeds(workspace: Workspace, tmp_path: Path) -> None:
    workspace.save(24, 2023, values={"treatment_rate": 90.0})
    fields = {p.field for p in workspace.complete(24, 2023)}
    assert fields == {"plan", "evidence", "corrective_measures"}
    evidence = tmp_path / "统计年报.pdf"
    evidence.write_bytes(b"%PDF-1.4 demo")
    workspace.attach(24, 2023, evidence)
    workspace.save(24, 2023, plan="计划", corrective_measures="整改措施")
    assert workspace.complete(24, 2023) == []
    row = workspace.task_row(24, 2023)
    assert row.entry.state is EntryState.COMPLETE and row.status is TaskStatus.NOT_MET
    # Editing a complete entry into an invalid state sends it back to draft.
    workspace.save(24, 2023, corrective_measures="")
    assert workspace.entry(24, 2023).state is EntryState.DRAFT


def test_not_applicable_needs_a_reason(workspace: Workspace) -> None:
    workspace.save(16, 2023, not_applicable=True)
    assert [p.field for p in workspace.complete(16, 2023)] == ["not_applicable_reason"]
    workspace.save(16, 2023, not_applicable_reason="本县无该项目")
    assert workspace.complete(16, 2023) == []
    assert workspace.task_row(16, 2023).status is TaskStatus.NOT_APPLICABLE


def test_evidence_is_content_addressed_and_deduplicated(
    workspace: Workspace, tmp_path: Path
) -> None:
    a, b = tmp_path / "a.pdf", tmp_path / "副本.pdf"
    a.write_bytes(b"same bytes")
    b.write_bytes(b"same bytes")
    entry = workspace.attach(3, 2023, a)
    sha = entry.evidence[0].sha256
    assert workspace.evidence_file(sha).read_bytes() == b"same bytes"
    other = workspace.attach(5, 2023, b)
    assert other.evidence[0].sha256 == sha and other.evidence[0].name == "副本.pdf"
    assert workspace.db.execute("SELECT count(*) FROM evidence_files").fetchone()[0] == 1
    again = workspace.attach(3, 2023, a)
    assert len(again.evidence) == 1 and again.revision == entry.revision
    detached = workspace.detach(3, 2023, sha[:10])
    assert detached.evidence == () and workspace.evidence_file(sha).exists()


def test_evidence_size_limit(workspace: Workspace, tmp_path: Path) -> None:
    from ecodesk.store import settings

    settings.set_meta(workspace.db, max_evidence_bytes="10")
    big = tmp_path / "big.bin"
    big.write_bytes(b"x" * 11)
    with pytest.raises(UserError, match="文件过大"):
        workspace.attach(3, 2023, big)
    assert workspace.entry(3, 2023) is None


def test_missing_evidence_file_is_a_clear_error(workspace: Workspace, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="无法读取"):
        workspace.attach(3, 2023, tmp_path / "nope.pdf")


def test_return_accept_and_lock(workspace: Workspace) -> None:
    saved = workspace.save(3, 2023, values={"assessment_share": 22.0}).entry
    with pytest.raises(UserError, match="必须填写意见"):
        entry_store.set_review(
            workspace.db, uuid=saved.uuid, review=Review.RETURNED, comment=" ", who="专班"
        )
    entry_store.set_review(
        workspace.db, uuid=saved.uuid, review=Review.RETURNED, comment="请核实", who="专班"
    )
    assert workspace.task_row(3, 2023).status is TaskStatus.RETURNED
    entry_store.set_review(
        workspace.db, uuid=saved.uuid, review=Review.ACCEPTED, comment="", who="专班"
    )
    with pytest.raises(UserError, match="已锁定"):
        workspace.save(3, 2023, values={"assessment_share": 25.0})
    assert workspace.entry(3, 2023).values == {"assessment_share": 22.0}


def test_completing_a_returned_entry_answers_the_return(
    workspace: Workspace, tmp_path: Path
) -> None:
    evidence = tmp_path / "e.txt"
    evidence.write_text("佐证", encoding="utf-8")
    workspace.attach(3, 2023, evidence)
    saved = workspace.save(3, 2023, values={"assessment_share": 22.0}, plan="计划").entry
    entry_store.set_review(
        workspace.db, uuid=saved.uuid, review=Review.RETURNED, comment="请核实", who="专班"
    )
    workspace.save(3, 2023, values={"assessment_share": 21.0})
    assert workspace.entry(3, 2023).review is Review.RETURNED  # still shown until answered
    assert workspace.complete(3, 2023) == []
    assert workspace.entry(3, 2023).review is Review.NONE


def test_a_failed_save_leaves_nothing_behind(workspace: Workspace) -> None:
    workspace.save(3, 2023, plan="原计划")
    before = list(workspace.db.conn.iterdump())
    workspace.db.conn.execute(
        "CREATE TRIGGER boom BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, 'disk full'); END"
    )
    with pytest.raises(sqlite3.DatabaseError):
        workspace.save(3, 2023, plan="新计划")
    workspace.db.conn.execute("DROP TRIGGER boom")
    assert workspace.entry(3, 2023).plan == "原计划"
    assert workspace.entry(3, 2023).revision == 1
    assert list(workspace.db.conn.iterdump()) == before


def test_exports_are_shareable_and_keys_private(tmp_path: Path) -> None:
    import stat

    from ecodesk.store.files import _UMASK, atomic_write_bytes

    atomic_write_bytes(tmp_path / "archive.zip", b"zip")
    atomic_write_bytes(tmp_path / "secret.key", b"key", private=True)
    assert stat.S_IMODE((tmp_path / "secret.key").stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "archive.zip").stat().st_mode) == 0o666 & ~_UMASK
