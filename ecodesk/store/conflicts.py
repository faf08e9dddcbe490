"""Conflicting versions of an entry (same UUID and revision, different content) and their
resolution by the task force.

The bundle import records every version involved in a conflict in the `conflicts` table (see
store/bundles.py); this module reads them back per entry and writes the resolution: one
transaction that marks the entry's versions resolved, audits who kept which version and why, and,
when the task force keeps a version other than the current one, installs its content as a new
revision of the entry.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from ecodesk.core.entries import Entry, EntryState, Evidence, Review
from ecodesk.core.errors import UserError
from ecodesk.core.i18n import t
from ecodesk.core.offices import TASK_FORCE
from ecodesk.store.db import write_transaction
from ecodesk.store.entries import _diff, _dump, get_entry_by_uuid, now, write_audit
from ecodesk.store.sqlite import Database

KEEP_CURRENT = "current"
KEEP_OTHER = "other"


@dataclass(frozen=True)
class ConflictVersion:
    """One version of a conflicting entry as the import recorded it."""

    entry_uuid: str
    revision: int
    content_sha256: str
    install_id: str
    content: Mapping[str, Any] | None  # the entry line; None when only its hash was stored
    manifest_sha256: str  # "" when the version was the one already in the database
    detected_at: str
    file_name: str  # the bundle that brought it, when known


@dataclass(frozen=True)
class Resolution:
    """What resolving did: the entry as it is now and the versions marked resolved."""

    entry: Entry
    kept: str  # KEEP_CURRENT or KEEP_OTHER
    kept_sha256: str
    resolved: int  # number of version rows marked resolved
    new_revision: bool  # True when another version's content became a new revision


def _parse(content_json: str | None) -> Mapping[str, Any] | None:
    if not content_json:
        return None
    try:
        content = json.loads(content_json)
    except ValueError:
        return None
    return content if isinstance(content, dict) else None


def unresolved_uuids(db: Database) -> list[str]:
    """Entries with at least one unresolved conflicting version, by office, period and task."""
    rows = db.execute(
        "SELECT DISTINCT c.entry_uuid FROM conflicts c LEFT JOIN entries e ON e.uuid = c.entry_uuid "
        "WHERE COALESCE(c.resolved, 0) = 0 ORDER BY e.office, e.period, e.task, c.entry_uuid"
    )
    return [r[0] for r in rows.fetchall()]


def find_uuid(db: Database, prefix: str) -> str:
    """The entry with an unresolved conflict whose UUID starts with `prefix` (unique)."""
    prefix = prefix.strip().lower()
    matches = [u for u in unresolved_uuids(db) if prefix and u.lower().startswith(prefix)]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise UserError(
            t(
                f"没有未解决冲突的记录以“{prefix}”开头（ecodesk conflicts 可列出全部）",
                f"no entry with an unresolved conflict starts with '{prefix}' (see ecodesk conflicts)",
            )
        )
    raise UserError(
        t(
            f"“{prefix}”对应多条记录，请多写几位",
            f"'{prefix}' matches several entries; give more characters",
        )
    )


def versions(db: Database, uuid: str) -> list[ConflictVersion]:
    """The unresolved versions of entry `uuid`, oldest revision first."""
    rows = db.execute(
        "SELECT c.entry_uuid, c.revision, c.content_sha256, c.install_id, c.content_json, "
        "COALESCE(c.manifest_sha256, ''), c.detected_at, COALESCE(r.file_name, '') FROM conflicts c "
        "LEFT JOIN received_bundles r ON r.manifest_sha256 = c.manifest_sha256 "
        "WHERE c.entry_uuid = ? AND COALESCE(c.resolved, 0) = 0 ORDER BY c.revision, c.content_sha256",
        [uuid],
    )  # fmt: skip
    return [
        ConflictVersion(u, r, s, i or "", _parse(c), m, d or "", f)
        for u, r, s, i, c, m, d, f in rows.fetchall()
    ]


def head_sha256(db: Database, uuid: str) -> str:
    """The content hash of the entry's current revision as the merge knows it ("" if none)."""
    row = db.execute("SELECT head_content_sha256 FROM entries WHERE uuid = ?", [uuid]).fetchone()
    return (row[0] or "") if row else ""


def resolve(
    db: Database,
    *,
    uuid: str,
    expected_revision: int,
    kept: str,
    kept_sha256: str,
    reason: str,
    who: str,
    install_id: str,
    replacement: Entry | None = None,
    replacement_sha256: str = "",
) -> Resolution:
    """Resolve the conflict on entry `uuid` in one transaction, audited.

    `replacement` (with `replacement_sha256`, the hash of its content as it travels) is the other
    version's content, already given its new revision by the caller; it replaces the entry row,
    its evidence links and its merge head, so it wins over every version received so far. It is
    logged in provenance too, so a later bundle with different content at the same revision is a
    conflict again rather than silently losing or winning. `expected_revision` guards against an
    import that changed the entry since the caller read it.
    """
    if not reason.strip():
        raise UserError(t("解决冲突时必须填写理由", "a reason is required to resolve a conflict"))
    if kept not in (KEEP_CURRENT, KEEP_OTHER):
        raise ValueError(kept)
    with write_transaction(db):
        entry = get_entry_by_uuid(db, uuid)
        if entry is None:
            raise UserError(t(f"没有编号为 {uuid} 的记录", f"no entry {uuid}"))
        if entry.revision != expected_revision:
            raise UserError(
                t(
                    "该记录在此期间已被导入的数据包更新，请重新查看后再决定",
                    "the entry was changed by an import meanwhile; look at it again and decide",
                )
            )
        pending = versions(db, uuid)
        if not pending:
            raise UserError(t("该记录没有未解决的冲突", "this entry has no unresolved conflict"))
        at = now()
        current_sha = head_sha256(db, uuid)
        if replacement is not None:
            entry = _install(db, entry, replacement, replacement_sha256, who=who,
                             install_id=install_id, at=at)  # fmt: skip
        db.execute(
            "UPDATE conflicts SET resolved = 1 WHERE entry_uuid = ? AND COALESCE(resolved, 0) = 0",
            [uuid],
        )
        record = {
            "kept": kept, "kept_sha256": kept_sha256, "reason": reason.strip(),
            "previous_sha256": current_sha, "revision": entry.revision,
            "versions": sorted({v.content_sha256 for v in pending}),
        }  # fmt: skip
        write_audit(db, uuid=uuid, revision=entry.revision, who=who, field="conflict",
                    old=_dump({"revision": expected_revision, "content_sha256": current_sha}),
                    new=_dump(record), at=at)  # fmt: skip
    return Resolution(entry, kept, kept_sha256, len(pending), replacement is not None)


def _install(
    db: Database,
    old: Entry,
    new: Entry,
    sha: str,
    *,
    who: str,
    install_id: str,
    at: str,
) -> Entry:
    """Write `new` (the kept version, at its new revision) over the entry row, with its merge head
    and a provenance row, inside the caller's transaction."""
    new = write_content_tx(db, old, new, who=who, at=at)
    db.execute(
        "UPDATE entries SET head_revision = ?, head_install_id = ?, head_content_sha256 = ? "
        "WHERE uuid = ?",
        [new.revision, new.install_id, sha, old.uuid],
    )
    db.execute(
        "INSERT OR IGNORE INTO provenance (entry_uuid, revision, content_sha256, manifest_sha256, "
        "office, install_id, sequence, key_id, fingerprint, imported_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
        [old.uuid, new.revision, sha, "", TASK_FORCE, install_id, 0, "", "", at],
    )  # fmt: skip
    return new


def write_content_tx(db: Database, old: Entry, new: Entry, *, who: str, at: str) -> Entry:
    """Write `new`'s content (at its own revision, install and author) over entry `old`, with its
    evidence links and one audit row per changed field, inside the caller's transaction. The
    review is cleared, as for any newer revision."""
    new = replace(new, review=Review.NONE, review_comment="")
    db.execute(
        "UPDATE entries SET values_json=?, plan=?, corrective_measures=?, not_applicable=?, "
        "not_applicable_reason=?, state=?, review='', review_comment='', revision=?, install_id=?, "
        "updated_at=?, updated_by=? WHERE uuid=?",
        [_dump(dict(new.values)), new.plan, new.corrective_measures, int(new.not_applicable),
         new.not_applicable_reason, EntryState(new.state).value, new.revision, new.install_id,
         new.updated_at, new.updated_by, old.uuid],
    )  # fmt: skip
    db.execute("DELETE FROM entry_evidence WHERE entry_uuid = ?", [old.uuid])
    for item in new.evidence:
        db.execute(
            "INSERT OR IGNORE INTO evidence_files (sha256, size, stored_at) VALUES (?,?,?)",
            [item.sha256, item.size, at],
        )
        db.execute(
            "INSERT INTO entry_evidence (entry_uuid, sha256, name, added_at, added_by, indicator) "
            "VALUES (?,?,?,?,?,?)",
            [old.uuid, item.sha256, item.name, item.added_at, new.updated_by, item.indicator],
        )
    for field_name, before, after in _evidence_diff(old, new) + _diff(old, new):
        write_audit(db, uuid=old.uuid, revision=new.revision, who=who, field=field_name,
                    old=before, new=after, at=at)  # fmt: skip
    return new


def _evidence_diff(old: Entry, new: Entry) -> list[tuple[str, str, str]]:
    before = sorted(_evidence_text(e) for e in old.evidence)
    after = sorted(_evidence_text(e) for e in new.evidence)
    return [] if before == after else [("evidence", _dump(before), _dump(after))]


def _evidence_text(item: Evidence) -> str:
    # The indicator only when set, so audit rows of files for the whole task read as before.
    text = f"{item.name} {item.sha256[:12]}"
    return f"{text} [{item.indicator}]" if item.indicator else text


def resolved_history(db: Database, uuid: str) -> Sequence[dict[str, Any]]:
    """Earlier resolutions of entry `uuid` (from the audit), oldest first."""
    rows = db.execute(
        "SELECT at, who, new FROM audit WHERE entry_uuid = ? AND field = 'conflict' ORDER BY id",
        [uuid],
    )
    return [{"at": at, "who": who, **json.loads(new)} for at, who, new in rows.fetchall()]


# ---------------------------------------------------------------- kept versions travel to the office


@dataclass(frozen=True)
class KeptVersion:
    """At the task force: an entry whose current revision is a version it kept over a conflict."""

    entry: Entry
    reason: str
    replaces: tuple[str, ...]  # content hashes received for the entry before: what it may replace


def kept_versions(db: Database, *, office: str, install_id: str) -> list[KeptVersion]:
    """Entries of `office` whose current revision the task force (`install_id`) made by keeping
    another version: their content goes to the office in its next task package. An entry leaves
    this list once a newer revision arrives from the office."""
    rows = db.execute(
        "SELECT e.uuid, a.new FROM entries e JOIN audit a ON a.entry_uuid = e.uuid "
        "AND a.field = 'conflict' AND a.revision = e.revision "
        "WHERE e.office = ? AND e.install_id = ? ORDER BY e.period, e.task, a.id",
        [office, install_id],
    ).fetchall()  # fmt: skip
    records = {uuid: r for uuid, new in rows if (r := _parse(new)) and r.get("kept") == KEEP_OTHER}
    result = []
    for uuid, record in records.items():
        entry = get_entry_by_uuid(db, uuid)
        assert entry is not None
        known = {sha for (sha,) in db.execute(
            "SELECT content_sha256 FROM provenance WHERE entry_uuid = ? AND revision < ?",
            [uuid, entry.revision]).fetchall()}  # fmt: skip
        known.update(str(v) for v in record.get("versions", ()))
        known.add(str(record.get("previous_sha256", "")))
        known.discard("")
        result.append(KeptVersion(entry, str(record.get("reason", "")), tuple(sorted(known))))
    return result


def kept_installed(db: Database, *, uuid: str, revision: int) -> bool:
    """At the office: whether the task force's kept version `revision` of `uuid` was installed."""
    row = db.execute(
        "SELECT 1 FROM audit WHERE entry_uuid = ? AND revision = ? AND field = 'conflict' LIMIT 1",
        [uuid, revision],
    ).fetchone()
    return row is not None


def install_kept_tx(
    db: Database,
    *,
    old: Entry | None,
    kept: Entry,
    kept_sha256: str,
    previous_sha256: str,
    reason: str,
    who: str,
) -> Entry:
    """At the office: install the task force's kept version as the entry's new revision, inside
    the caller's transaction, audited (`who` = the task force): one row per changed field and one
    `conflict` row naming the version kept and why. `old` is the entry now (None: there is none;
    a blank revision-0 entry in the same slot under another UUID is replaced)."""
    at = now()
    if old is None or old.uuid != kept.uuid:
        if old is not None:  # a blank placeholder (revision 0): no content, evidence or audit
            db.execute("DELETE FROM entries WHERE uuid = ? AND revision = 0", [old.uuid])
        db.execute(
            "INSERT INTO entries (uuid, office, task, period, values_json, plan, corrective_measures, "
            "not_applicable, not_applicable_reason, state, review, review_comment, revision, install_id, "
            "updated_at, updated_by) VALUES (?,?,?,?,'{}','','',0,'','draft','','',0,'','','')",
            [kept.uuid, kept.office, kept.task, kept.period],
        )  # fmt: skip
        old = Entry(uuid=kept.uuid, office=kept.office, task=kept.task, period=kept.period)
    new = write_content_tx(db, old, kept, who=who, at=at)
    record = {"kept_sha256": kept_sha256, "reason": reason, "revision": new.revision}
    write_audit(db, uuid=new.uuid, revision=new.revision, who=who, field="conflict",
                old=_dump({"revision": old.revision, "content_sha256": previous_sha256}),
                new=_dump(record), at=at)  # fmt: skip
    return new
