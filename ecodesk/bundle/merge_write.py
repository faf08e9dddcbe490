"""Writing one decided batch of a bundle import at the task force, inside the caller's
transaction: each bundle's lines as the dry run verified them (merge_spool.py), its winning lines,
conflicting versions, evidence and provenance written in batches (store/merge_writer.py); then the
refused bundles logged (store/refusals.py), nothing else of them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ecodesk.bundle.lines import content_sha256, entry_line
from ecodesk.bundle.merge_decide import Decisions
from ecodesk.bundle.merge_plan import LINES_PER_FILE, Checked, FileReport
from ecodesk.bundle.merge_spool import Spool
from ecodesk.bundle.safezip import SafeZip
from ecodesk.core.canonical_json import canonical_json
from ecodesk.store import bundles as bundle_store
from ecodesk.store import keys as key_store
from ecodesk.store import merge_writer
from ecodesk.store import refusals as refusal_store
from ecodesk.store import signed_bundles as signed_store
from ecodesk.store.entries import get_entry_by_uuid
from ecodesk.store.files import atomic_writer

# Rows gathered before the writer sends them (bounds memory, overlaps the next rows).
FLUSH_LINES = 2000


@dataclass(frozen=True)
class Opened:
    """A file of the batch as the dry run verified it: its manifest, signature and entry lines
    exactly as received, and its zip if it carries evidence files."""

    manifest: bytes
    signature: bytes
    entries: bytes
    evidence: SafeZip | None = None


_decode = json.JSONDecoder().decode


def write(
    ws: Any,
    found: Decisions,
    opened: dict[int, Opened],
    refused: list[FileReport],
    at: str,
    spool: Spool,
) -> None:
    """Write the batch `found` decided; `opened` holds each merged file by `id()` of its
    Checked, `spool` what writing needs of its lines. `refused`: the batch's files refused for
    what they say, logged for the office."""
    _record_database_side_conflicts(ws, found)
    writer = merge_writer.MergedEntryWriter(
        ws.db, who=ws.who, imported_at=at, stored=found.revisions
    )
    try:
        for index, checked in enumerate(found.merged):
            assert checked.spooled is not None  # only a file whose every line passed is merged
            rows = spool.rows(checked.spooled)  # one file's at a time (memory)
            _write_lines(ws, found, index, checked, rows, writer, at, opened[id(checked)])
            if writer.pending >= FLUSH_LINES:
                writer.flush()
        writer.flush()
    finally:
        writer.finish()  # every row written, or the error raised, before the batch commits
    for report in refused:
        refusal_store.record_refusal_tx(ws.db, report.refusal(), key_id=report.key_id)


def _write_lines(
    ws: Any,
    found: Decisions,
    index: int,
    checked: Checked,
    rows: list[merge_writer.EntryRow],
    writer: merge_writer.MergedEntryWriter,
    at: str,
    opened: Opened,
) -> None:
    report, signer, archive = checked.report, checked.signer.key, opened.evidence
    assert signer is not None
    for learnt, old_key_id in checked.signer.learnt:
        key_store.add_key_tx(ws.db, learnt)
        key_store.set_status_tx(ws.db, old_key_id, key_store.ROTATED, replaced_by=learnt.key_id)
    source = merge_writer.Source(report.manifest_sha256, report.office, report.install_id, report.sequence,
                                 signer.key_id, signer.fingerprint, at, report.path.name)  # fmt: skip
    row, tail = source.row(), source.audit_tail()
    heads, conflict_keys, base = found.heads, found.conflict_keys, index * LINES_PER_FILE
    texts: list[bytes] | None = None
    for number, (planned, entry_row) in enumerate(zip(checked.lines, rows, strict=True)):
        uuid, revision, install, sha = planned[:4]
        winner = heads[uuid][3] == base + number
        conflicting = bool(conflict_keys) and (uuid, revision, sha) in conflict_keys
        if conflicting:
            if texts is None:  # split once per file, only when a line of it conflicts
                texts = opened.entries.split(b"\n")
            line = _decode(texts[number].decode("utf-8"))
            bundle_store.record_conflict_tx(ws.db, uuid=uuid, revision=revision, content_sha256=sha,
                                            install_id=install, content_json=canonical_json(line).decode(),
                                            manifest_sha256=report.manifest_sha256)  # fmt: skip
        # A conflicting version keeps its evidence too, so the task force can choose it later.
        evidence = entry_row[-1]
        if evidence and (winner or conflicting):
            assert archive is not None  # a bundle with evidence is opened for it
            _store_files(ws, archive, [item[0] for item in evidence])
        if winner:
            writer.entry(planned, report.office, entry_row, row, tail)
        else:
            writer.provenance(uuid, revision, sha, row)
    writer.call(bundle_store.record_received_tx, ws.db, manifest=checked.manifest,
                manifest_sha256=report.manifest_sha256, file_name=report.path.name)  # fmt: skip
    writer.call(signed_store.keep_signed_tx, ws.db, manifest_sha256=report.manifest_sha256,
                manifest=opened.manifest, signature=opened.signature, entries=opened.entries)  # fmt: skip


def _record_database_side_conflicts(ws: Any, found: Decisions) -> None:
    """A version already merged that is now in conflict: record its content before it is replaced."""
    for uuid, revision, sha in sorted(found.conflict_keys):
        entry = get_entry_by_uuid(ws.db, uuid)
        if entry is None or entry.revision != revision:
            continue
        line = entry_line(entry)
        if content_sha256(line) == sha:
            bundle_store.record_conflict_tx(
                ws.db,
                uuid=uuid,
                revision=revision,
                content_sha256=sha,
                install_id=entry.install_id,
                content_json=canonical_json(line).decode(),
                manifest_sha256="",
            )


def store_evidence(ws: Any, archive: SafeZip, line: dict[str, Any]) -> None:
    _store_files(ws, archive, [item["sha256"] for item in line["evidence"]])


def _store_files(ws: Any, archive: SafeZip, shas: list[str]) -> None:
    for sha256 in shas:
        target = ws.evidence_file(sha256)
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with atomic_writer(target) as handle:
            for chunk in archive.chunks(f"evidence/{sha256}"):
                handle.write(chunk)
