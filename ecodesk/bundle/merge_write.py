"""Writing a planned bundle import at the task force, inside the caller's transaction: each
file decrypted again (the same bytes, compared by SHA-256), its winning lines, conflicting versions,
evidence and provenance written in batches (store/merge_writer.py); then the refused bundles
logged (store/refusals.py), nothing else of them.
"""

from __future__ import annotations

from typing import Any

from ecodesk.bundle import container, keys
from ecodesk.bundle.lines import Progress, content_sha256, entry_line
from ecodesk.bundle.merge_plan import LINES_PER_FILE, Checked, FileReport, ImportPlan
from ecodesk.bundle.reader import MAX_ENTRIES_BYTES, read_verified_lines, reopen_verified
from ecodesk.bundle.safezip import SafeZip
from ecodesk.core.canonical_json import canonical_json
from ecodesk.store import bundles as bundle_store
from ecodesk.store import keys as key_store
from ecodesk.store import merge_writer
from ecodesk.store import refusals as refusal_store
from ecodesk.store import signed_bundles as signed_store
from ecodesk.store.entries import get_entry_by_uuid, now
from ecodesk.store.files import atomic_writer

ENTRIES = "entries.jsonl"
FLUSH_LINES = 5000  # rows gathered before the writer sends them (bounds memory, keeps batches big)


def write(ws: Any, plan: ImportPlan, progress: Progress) -> None:
    at = now()
    _record_database_side_conflicts(ws, plan)
    decrypt_keys = keys.decryption_keys(ws)
    winners = [uuid for uuid, head in plan._heads.items() if head[3] >= 0]
    writer = merge_writer.MergedEntryWriter(
        ws.db, who=ws.who, imported_at=at, stored=bundle_store.entry_revisions(ws.db, winners)
    )
    del winners
    for index, checked in enumerate(plan._accepted):
        _write_file(ws, plan, index, checked, writer, at, decrypt_keys)
        if writer.pending >= FLUSH_LINES:
            writer.flush()
        progress(index + 1, len(plan._accepted))
    writer.flush()
    for report in plan.logged_refusals:
        refusal_store.record_refusal_tx(ws.db, report.refusal(), key_id=report.key_id)


def _write_file(
    ws: Any,
    plan: ImportPlan,
    index: int,
    checked: Checked,
    writer: merge_writer.MergedEntryWriter,
    at: str,
    decrypt_keys: Any,
) -> None:
    with reopen_verified(
        ws, checked.report.path, decrypt_keys, checked.report.file_sha256
    ) as archive:
        _write_lines(ws, plan, index, checked, writer, at, archive)


def _write_lines(
    ws: Any,
    plan: ImportPlan,
    index: int,
    checked: Checked,
    writer: merge_writer.MergedEntryWriter,
    at: str,
    archive: SafeZip,
) -> None:
    report, signer = checked.report, checked.signer.key
    assert signer is not None
    for learnt, old_key_id in checked.signer.learnt:
        key_store.add_key_tx(ws.db, learnt)
        key_store.set_status_tx(ws.db, old_key_id, key_store.ROTATED, replaced_by=learnt.key_id)
    source = merge_writer.Source(report.manifest_sha256, report.office, report.install_id, report.sequence,
                                 signer.key_id, signer.fingerprint, at, report.path.name)  # fmt: skip
    row, tail = source.row(), source.audit_tail()
    heads, conflict_keys, base = plan._heads, plan._conflict_keys, index * LINES_PER_FILE
    for number, (planned, line) in enumerate(
        zip(checked.lines, read_verified_lines(archive), strict=True)
    ):
        uuid, revision, _install, sha = planned[:4]
        winner = heads[uuid][3] == base + number
        if conflict_keys and (uuid, revision, sha) in conflict_keys:
            bundle_store.record_conflict_tx(ws.db, uuid=uuid, revision=revision, content_sha256=sha,
                                            install_id=line["install_id"], content_json=canonical_json(line).decode(),
                                            manifest_sha256=report.manifest_sha256)  # fmt: skip
        # A conflicting version keeps its evidence too, so the task force can choose it later.
        if line["evidence"] and (
            winner or (conflict_keys and (uuid, revision, sha) in conflict_keys)
        ):
            store_evidence(ws, archive, line)
        if winner:
            writer.entry(line, sha, row, tail)
        else:
            writer.provenance(uuid, revision, sha, row)
    bundle_store.record_received_tx(
        ws.db,
        manifest=checked.manifest,
        manifest_sha256=report.manifest_sha256,
        file_name=report.path.name,
    )
    _keep_signed_material(ws, report, archive)


def _keep_signed_material(ws: Any, report: FileReport, archive: SafeZip) -> None:
    """The manifest, its signature and the entry lines exactly as received, for the archive."""
    signed_store.keep_signed_tx(
        ws.db,
        manifest_sha256=report.manifest_sha256,
        manifest=archive.read(container.MANIFEST),
        signature=archive.read(container.SIGNATURE),
        entries=archive.read(ENTRIES, MAX_ENTRIES_BYTES),
    )


def _record_database_side_conflicts(ws: Any, plan: ImportPlan) -> None:
    """A version already merged that is now in conflict: record its content before it is replaced."""
    for uuid, revision, sha in sorted(plan._conflict_keys):
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
    for item in line["evidence"]:
        target = ws.evidence_file(item["sha256"])
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with atomic_writer(target) as handle:
            for chunk in archive.chunks(f"evidence/{item['sha256']}"):
                handle.write(chunk)
