"""Evidence files: copied into the workspace under their SHA-256, deduplicated, size-capped."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ecodesk.core.entries import Entry, Evidence
from ecodesk.core.errors import UserError
from ecodesk.core.i18n import t
from ecodesk.store.db import write_transaction
from ecodesk.store.entries import (
    _ensure_entry_in_tx,
    _refuse_if_locked,
    bump_revision,
    get_entry,
    now,
)
from ecodesk.store.files import atomic_writer, replace_file
from ecodesk.store.sqlite import Database

DEFAULT_MAX_EVIDENCE_BYTES = 100 * 1024 * 1024
_CHUNK = 1024 * 1024


def evidence_path(root: Path, sha256: str) -> Path:
    return root / "evidence" / sha256[:2] / sha256


def _human_size(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def store_file(root: Path, source: Path, *, max_bytes: int) -> tuple[str, int]:
    """Copy `source` into the content store; return (sha256, size). The database is untouched."""
    try:
        size = source.stat().st_size
        if not source.is_file():
            raise UserError(t(f"{source}：不是文件", f"{source}: not a file"))
    except OSError as exc:
        raise UserError(
            t(f"无法读取 {source}：{exc.strerror}", f"cannot read {source}: {exc.strerror}")
        ) from None
    if size > max_bytes:
        raise UserError(
            t(
                f"{source.name}：文件过大（{_human_size(size)}，上限 {_human_size(max_bytes)}）",
                f"{source.name}: file too large ({_human_size(size)}, limit {_human_size(max_bytes)})",
            )
        )
    digest = hashlib.sha256()
    staging = root / "evidence" / "incoming"
    staging.mkdir(parents=True, exist_ok=True)
    # Short whatever the source's name: a name near the 255-byte limit must still be attachable.
    temp = staging / f"{source.name[:32]}.{id(digest)}"
    # Hash while copying, so the stored bytes are exactly the hashed bytes.
    with source.open("rb") as reader, atomic_writer(temp) as writer:
        copied = 0
        while chunk := reader.read(_CHUNK):
            copied += len(chunk)
            if copied > max_bytes:
                raise UserError(t(f"{source.name}：文件过大", f"{source.name}: file too large"))
            digest.update(chunk)
            writer.write(chunk)
    sha = digest.hexdigest()
    final = evidence_path(root, sha)
    if final.exists():
        temp.unlink()
    else:
        final.parent.mkdir(parents=True, exist_ok=True)
        replace_file(temp, final)  # the same folder tree, so a rename
    return sha, copied


def link_evidence(
    db: Database,
    *,
    office: str,
    task: int,
    period: int,
    sha256: str,
    size: int,
    name: str,
    who: str,
    install_id: str,
) -> Entry:
    with write_transaction(db):
        entry = _ensure_entry_in_tx(
            db, office=office, task=task, period=period, install_id=install_id, who=who
        )
        _refuse_if_locked(entry)
        if any(e.sha256 == sha256 for e in entry.evidence):
            return entry
        db.execute(
            "INSERT OR IGNORE INTO evidence_files (sha256, size, stored_at) VALUES (?,?,?)",
            [sha256, size, now()],
        )
        db.execute(
            "INSERT INTO entry_evidence (entry_uuid, sha256, name, added_at, added_by) VALUES (?,?,?,?,?)",
            [entry.uuid, sha256, name, now(), who],
        )
        bump_revision(
            db,
            entry=entry,
            who=who,
            install_id=install_id,
            field="evidence",
            old="null",
            new=json.dumps({"added": name, "sha256": sha256}, ensure_ascii=False),
        )
        result = get_entry(db, office=office, task=task, period=period)
        assert result is not None
        return result


def detach_evidence(
    db: Database, *, office: str, task: int, period: int, sha256: str, who: str, install_id: str
) -> Entry:
    """Remove a file from the entry. The stored copy stays: an older bundle may refer to it."""
    with write_transaction(db):
        entry = get_entry(db, office=office, task=task, period=period)
        match = [e for e in entry.evidence if e.sha256.startswith(sha256)] if entry else []
        if entry is None or len(match) != 1:
            raise UserError(
                t(f"该记录没有佐证材料 {sha256}", f"no evidence {sha256} on this entry")
            )
        _refuse_if_locked(entry)
        evidence: Evidence = match[0]
        db.execute(
            "DELETE FROM entry_evidence WHERE entry_uuid = ? AND sha256 = ?",
            [entry.uuid, evidence.sha256],
        )
        bump_revision(
            db,
            entry=entry,
            who=who,
            install_id=install_id,
            field="evidence",
            old=json.dumps(
                {"removed": evidence.name, "sha256": evidence.sha256}, ensure_ascii=False
            ),
            new="null",
        )
        result = get_entry(db, office=office, task=task, period=period)
        assert result is not None
        return result
