"""What bundles and task packages leave in the database: logs, acknowledgements, merged entries,
provenance, conflicts, and the task force's decisions applied at an office.

Functions ending in `_tx` expect the caller to hold one write transaction (an import applies
everything at once or nothing).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ecodesk.core.entries import Entry, Review
from ecodesk.store.db import write_transaction
from ecodesk.store.entries import get_entry_by_uuid, now, record_review_tx
from ecodesk.store.refusals import answer_refusals_tx
from ecodesk.store.sqlite import Database

# ---------------------------------------------------------------- office: bundles sent


def next_bundle_sequence(db: Database) -> int:
    row = db.execute("SELECT COALESCE(MAX(sequence), 0) FROM outgoing_bundles").fetchone()
    return int(row[0]) + 1


def previous_bundle_sha(db: Database) -> str:
    row = db.execute(
        "SELECT manifest_sha256 FROM outgoing_bundles ORDER BY sequence DESC LIMIT 1"
    ).fetchone()
    return row[0] if row else ""


def entries_to_send(db: Database, *, office: str, period: int, full: bool) -> list[str]:
    """UUIDs of entries changed since the last acknowledged bundle (all of them when `full`)."""
    rows = db.execute(
        "SELECT uuid FROM entries e WHERE office = ? AND period = ? AND revision > 0 AND (? OR revision > "
        "COALESCE((SELECT MAX(s.revision) FROM sent_entries s JOIN outgoing_bundles o ON o.sequence = s.sequence "
        "WHERE o.acked = 1 AND s.entry_uuid = e.uuid), 0)) ORDER BY task",
        [office, period, int(full)],
    )  # fmt: skip
    return [r[0] for r in rows.fetchall()]


def unsent_entries(db: Database, *, office: str, period: int) -> int:
    """How many of the period's entries changed since they were last written into a bundle
    (acknowledged or not): what the next export would carry that no bundle carries yet."""
    row = db.execute(
        "SELECT COUNT(*) FROM entries e WHERE office = ? AND period = ? AND revision > "
        "COALESCE((SELECT MAX(s.revision) FROM sent_entries s WHERE s.entry_uuid = e.uuid), 0)",
        [office, period],
    ).fetchone()
    return int(row[0])


def record_outgoing(
    db: Database,
    *,
    sequence: int,
    period: int,
    manifest_sha256: str,
    file_name: str,
    full: bool,
    entries: Iterable[tuple[str, int]],
) -> None:
    with write_transaction(db):
        db.execute("INSERT INTO outgoing_bundles (sequence, period, manifest_sha256, created, file_name, full, acked) "
                   "VALUES (?,?,?,?,?,?,0)", [sequence, period, manifest_sha256, now(), file_name, int(full)])  # fmt: skip
        db.conn.executemany(
            "INSERT INTO sent_entries (sequence, entry_uuid, revision) VALUES (?,?,?)",
            [(sequence, uuid, revision) for uuid, revision in entries],
        )
        answer_refusals_tx(db, sequence=sequence)


def outgoing(db: Database) -> list[dict[str, Any]]:
    rows = db.execute(
        "SELECT sequence, period, manifest_sha256, created, file_name, full, acked "
        "FROM outgoing_bundles ORDER BY sequence"
    )
    keys = ("sequence", "period", "manifest_sha256", "created", "file_name", "full", "acked")
    return [dict(zip(keys, r, strict=True)) for r in rows.fetchall()]


def mark_acked_tx(db: Database, *, sequence: int, manifest_sha256: str) -> bool:
    cursor = db.execute(
        "UPDATE outgoing_bundles SET acked = 1 WHERE sequence = ? AND manifest_sha256 = ? AND acked = 0",
        [sequence, manifest_sha256],
    )
    return bool(cursor.rowcount)


# ---------------------------------------------------------------- task packages, both ends


def last_package(db: Database, *, direction: str, office: str) -> tuple[int, str] | None:
    row = db.execute(
        "SELECT sequence, manifest_sha256 FROM packages WHERE direction = ? AND office = ? "
        "ORDER BY sequence DESC LIMIT 1",
        [direction, office],
    ).fetchone()
    return (int(row[0]), row[1]) if row else None


def package_chain(db: Database, *, direction: str, office: str) -> list[str]:
    """The manifest hashes of the packages recorded for `office`, by sequence (at the task force:
    every package it made for the office, so the chain the next package names)."""
    rows = db.execute(
        "SELECT manifest_sha256 FROM packages WHERE direction = ? AND office = ? ORDER BY sequence",
        [direction, office],
    )
    return [r[0] for r in rows.fetchall()]


@dataclass(frozen=True)
class PackageRecord:
    sequence: int
    created: str  # when the task force made it (its clock)
    imported_at: str


def newest_package(db: Database, *, direction: str, office: str) -> PackageRecord | None:
    row = db.execute(
        "SELECT sequence, created, at FROM packages WHERE direction = ? AND office = ? "
        "ORDER BY sequence DESC LIMIT 1",
        [direction, office],
    ).fetchone()
    return PackageRecord(int(row[0]), row[1] or "", row[2] or "") if row else None


def record_package_tx(
    db: Database,
    *,
    direction: str,
    office: str,
    sequence: int,
    manifest_sha256: str,
    created: str,
    key_id: str,
) -> None:
    db.execute(
        "INSERT INTO packages (direction, office, sequence, manifest_sha256, created, at, key_id) "
        "VALUES (?,?,?,?,?,?,?)",
        [direction, office, sequence, manifest_sha256, created, now(), key_id],
    )


def record_package(db: Database, **fields: Any) -> None:
    with write_transaction(db):
        record_package_tx(db, **fields)


def apply_review_tx(
    db: Database, *, uuid: str, review: Review, comment: str, revision: int, who: str
) -> str:
    """Apply the task force's decision on `revision` of an entry at the office.

    Returns "applied", "unchanged", "missing", or "moved_on" when the clerk has changed the
    entry since that revision: then nothing is touched (never a draft being edited).
    """
    entry = get_entry_by_uuid(db, uuid)
    if entry is None:
        return "missing"
    if entry.revision != revision:
        return "moved_on"
    if entry.review is review and entry.review_comment == comment:
        return "unchanged"
    record_review_tx(db, entry=entry, review=review, comment=comment, who=who)
    return "applied"


def replace_assignments_tx(
    db: Database, *, office: str, rows: Iterable[tuple[int, int, bool]]
) -> None:
    """(task, period, assigned) rows from the task force replace the office's own."""
    db.execute("DELETE FROM assignments WHERE office = ?", [office])
    db.conn.executemany(
        "INSERT INTO assignments (office, task, period, assigned) VALUES (?,?,?,?)",
        [(office, task, period, int(assigned)) for task, period, assigned in rows],
    )


def replace_targets_tx(
    db: Database, *, office: str, rows: Iterable[tuple[int, str, int, float]]
) -> None:
    """(task, indicator, period, value) rows from the task force replace the office's own."""
    db.execute("DELETE FROM assigned_targets WHERE office = ?", [office])
    db.conn.executemany(
        "INSERT INTO assigned_targets (task, indicator, office, period, value) VALUES (?,?,?,?,?)",
        [(task, indicator, office, period, value) for task, indicator, period, value in rows],
    )


def assignments_for(db: Database, office: str) -> list[tuple[int, int, bool]]:
    rows = db.execute(
        "SELECT task, period, assigned FROM assignments WHERE office = ? ORDER BY period, task",
        [office],
    )
    return [(task, period, bool(assigned)) for task, period, assigned in rows.fetchall()]


def targets_for(db: Database, office: str) -> list[tuple[int, str, int, float]]:
    rows = db.execute(
        "SELECT task, indicator, period, value FROM assigned_targets WHERE office = ? "
        "ORDER BY period, task, indicator",
        [office],
    )
    return [tuple(r) for r in rows.fetchall()]  # type: ignore[misc]


# ---------------------------------------------------------------- task force: bundles received


@dataclass(frozen=True)
class Received:
    manifest_sha256: str
    office: str
    install_id: str
    sequence: int
    period: int
    key_id: str
    imported_at: str
    file_name: str


def received(db: Database, manifest_sha256: str) -> Received | None:
    row = db.execute(
        "SELECT manifest_sha256, office, install_id, sequence, period, key_id, imported_at, file_name "
        "FROM received_bundles WHERE manifest_sha256 = ?",
        [manifest_sha256],
    ).fetchone()
    return Received(*row) if row else None


def received_sequences(db: Database) -> dict[tuple[str, str], dict[int, str]]:
    """(office, install id) → {sequence: manifest hash} of every bundle accepted."""
    result: dict[tuple[str, str], dict[int, str]] = {}
    for office, install, sequence, sha in db.execute(
            "SELECT office, install_id, sequence, manifest_sha256 FROM received_bundles").fetchall():  # fmt: skip
        result.setdefault((office, install), {})[sequence] = sha
    return result


def record_received_tx(
    db: Database, *, manifest: Mapping[str, Any], manifest_sha256: str, file_name: str
) -> None:
    db.execute(
        "INSERT INTO received_bundles (manifest_sha256, office, install_id, sequence, period, key_id, prev_sha256, "
        "created, imported_at, file_name, entries) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        [manifest_sha256, manifest["office"], manifest["install_id"], manifest["sequence"], manifest["period"],
         manifest["key_id"], manifest["previous_sha256"], manifest["created"], now(), file_name,
         manifest["entry_count"]],
    )  # fmt: skip


def acks_for(db: Database, office: str) -> list[tuple[str, int, str]]:
    rows = db.execute(
        "SELECT install_id, sequence, manifest_sha256 FROM received_bundles WHERE office = ? "
        "ORDER BY install_id, sequence",
        [office],
    )
    return [tuple(r) for r in rows.fetchall()]  # type: ignore[misc]


@dataclass(frozen=True)
class Head:
    revision: int
    install_id: str
    content_sha256: str


_CHUNK = 20_000  # values per json_each() look-up: one query for a whole batch of bundles


def _chunks(values: Iterable[Any]) -> Iterator[str]:
    """`values` as JSON arrays for `json_each(?)`: one parameter, however many values."""
    values = list(values)
    for start in range(0, len(values), _CHUNK):
        yield json.dumps(values[start : start + _CHUNK], ensure_ascii=False)


@dataclass(frozen=True)
class Stored:
    """What a batch of an import must know of the entries already stored, read in one pass:
    uuid → (office, task, period) (fixed when first seen), uuid → revision (the others are
    new), and uuid → merge head (the entries a bundle brought)."""

    identities: dict[str, tuple[str, int, int]]
    revisions: dict[str, int]
    heads: dict[str, Head]


def stored_entries(db: Database, uuids: Iterable[str]) -> Stored:
    found = Stored({}, {}, {})
    for chunk in _chunks(uuids):
        for uuid, office, task, period, revision, head_revision, head_install, head_sha in db.execute(
                "SELECT uuid, office, task, period, revision, head_revision, head_install_id, "
                "head_content_sha256 FROM entries WHERE uuid IN (SELECT value FROM json_each(?))",
                [chunk]).fetchall():  # fmt: skip
            found.identities[uuid] = (office, task, period)
            found.revisions[uuid] = revision
            if head_revision is not None:
                found.heads[uuid] = Head(head_revision, head_install, head_sha)
    return found


def received_versions(db: Database, uuids: Iterable[str]) -> dict[tuple[str, int], set[str]]:
    """(uuid, revision) → the content hashes received for it (from the provenance log)."""
    result: dict[tuple[str, int], set[str]] = {}
    for chunk in _chunks(uuids):
        for uuid, revision, sha in db.execute(
                "SELECT entry_uuid, revision, content_sha256 FROM provenance "
                "WHERE entry_uuid IN (SELECT value FROM json_each(?))", [chunk]).fetchall():  # fmt: skip
            result.setdefault((uuid, revision), set()).add(sha)
    return result


def slot_owners(db: Database, *, offices: Iterable[str]) -> dict[str, dict[tuple[int, int], str]]:
    """office → (task, period) → the UUID of the entry in that slot."""
    result: dict[str, dict[tuple[int, int], str]] = {}
    for chunk in _chunks(sorted(set(offices))):
        for office, task, period, uuid in db.execute(
                "SELECT office, task, period, uuid FROM entries "
                "WHERE office IN (SELECT value FROM json_each(?))", [chunk]).fetchall():  # fmt: skip
            result.setdefault(office, {})[(task, period)] = uuid
    return result


@dataclass(frozen=True)
class Provenance:
    """Which bundle brought which revision of an entry, who signed it, and when it was imported."""

    revision: int
    content_sha256: str
    manifest_sha256: str
    office: str
    install_id: str
    sequence: int
    key_id: str
    fingerprint: str
    imported_at: str
    file_name: str


def entry_provenance(db: Database, uuid: str) -> list[Provenance]:
    """Every revision of entry `uuid` received in a bundle, oldest first (task force only)."""
    rows = db.execute(
        "SELECT p.revision, p.content_sha256, p.manifest_sha256, p.office, p.install_id, p.sequence, p.key_id, "
        "p.fingerprint, p.imported_at, COALESCE(r.file_name, '') FROM provenance p "
        "LEFT JOIN received_bundles r ON r.manifest_sha256 = p.manifest_sha256 "
        "WHERE p.entry_uuid = ? ORDER BY p.revision, p.content_sha256", [uuid])  # fmt: skip
    return [Provenance(*r) for r in rows.fetchall()]


def record_conflict_tx(
    db: Database,
    *,
    uuid: str,
    revision: int,
    content_sha256: str,
    install_id: str,
    content_json: str,
    manifest_sha256: str,
) -> bool:
    cursor = db.execute(
        "INSERT OR IGNORE INTO conflicts (entry_uuid, revision, content_sha256, install_id, content_json, "
        "manifest_sha256, detected_at, resolved) VALUES (?,?,?,?,?,?,?,0)",
        [uuid, revision, content_sha256, install_id, content_json, manifest_sha256, now()])  # fmt: skip
    return bool(cursor.rowcount)


@dataclass(frozen=True)
class Conflict:
    entry_uuid: str
    revision: int
    content_sha256: str
    install_id: str
    content: dict[str, Any]
    detected_at: str


def conflicts(db: Database) -> list[Conflict]:
    """Every version involved in a conflict (same revision, different content), unresolved."""
    rows = db.execute(
        "SELECT entry_uuid, revision, content_sha256, install_id, content_json, detected_at "
        "FROM conflicts WHERE resolved = 0 ORDER BY entry_uuid, revision, content_sha256"
    )
    return [Conflict(u, r, s, i, json.loads(c), d) for u, r, s, i, c, d in rows.fetchall()]


def reviews_for(db: Database, office: str) -> list[Entry]:
    """The task force's entries of `office` (their review state goes back in a task package)."""
    from ecodesk.store.entries import list_entries

    return [e for e in list_entries(db, office=office) if e.revision > 0]


def max_sequence_signed(db: Database, key_id: str) -> int:
    row = db.execute(
        "SELECT COALESCE(MAX(sequence), 0) FROM received_bundles WHERE key_id = ?", [key_id]
    ).fetchone()
    return int(row[0])


def received_list(db: Database) -> list[Received]:
    rows = db.execute(
        "SELECT manifest_sha256, office, install_id, sequence, period, key_id, imported_at, file_name "
        "FROM received_bundles ORDER BY office, install_id, sequence"
    )
    return [Received(*r) for r in rows.fetchall()]
