"""Writing a bundle at an office: `成县-2023-0007.ecb`, signed, encrypted to the task force."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ecodesk import SCHEMA_VERSION, __version__
from ecodesk.bundle import container, envelope, keys, schema
from ecodesk.bundle.container import Member
from ecodesk.bundle.keys import unb64
from ecodesk.bundle.lines import Progress, entry_line, needs_indicator_format, no_progress
from ecodesk.core.canonical_json import canonical_json
from ecodesk.core.errors import UserError
from ecodesk.core.filenames import portable_name
from ecodesk.core.i18n import t
from ecodesk.core.roles import Operation
from ecodesk.store import bundles as bundle_store
from ecodesk.store import keys as key_store
from ecodesk.store import refusals as refusal_store
from ecodesk.store.entries import get_entry_by_uuid, now


@dataclass(frozen=True)
class ExportResult:
    path: Path
    sequence: int
    period: int
    entries: int
    evidence: int
    full: bool


def task_force_key(ws: Any) -> key_store.KeyRecord:
    found = [
        k
        for k in key_store.list_keys(ws.db, role="task_force", own=False)
        if k.status == key_store.ACTIVE
    ]
    if not found:
        raise UserError(
            t(
                "还不知道工作专班的公钥：请先导入工作专班发来的第一个任务包（并核对指纹）",
                "the task force's key is not known yet: import its first task package (and confirm the fingerprint)",
            )
        )
    return found[-1]


def bundle_name(office: str, period: int, sequence: int, attempt: int = 1) -> str:
    """`成县-2023-0007.ecb`; a number sent again after a refusal is `成县-2023-0007-2.ecb`, so the
    new file never collides with the refused one (still on the stick, perhaps)."""
    suffix = f"-{attempt}" if attempt > 1 else ""
    return portable_name(f"{office}-{period}-{sequence:04d}{suffix}.ecb")


def export_bundle(
    ws: Any, *, period: int, out_dir: Path, full: bool = False, progress: Progress = no_progress
) -> ExportResult:
    """Write the office's bundle for `period` into `out_dir` and read it back to verify it.

    Incremental by default: entries changed since the last bundle the task force acknowledged.
    `full=True` sends every entry of the period. Calls `progress(done, total)` as it goes.
    """
    ws.require_role(Operation.EXPORT_BUNDLE)
    recipient = task_force_key(ws)
    pair = keys.own_keys(ws)
    sequence = bundle_store.next_bundle_sequence(ws.db)
    uuids = bundle_store.entries_to_send(ws.db, office=ws.office, period=period, full=full)
    lines, evidence = [], {}
    total = len(uuids) + 2
    for done, uuid in enumerate(uuids, 1):
        entry = get_entry_by_uuid(ws.db, uuid)
        assert entry is not None
        lines.append(entry_line(entry))
        for item in entry.evidence:
            evidence[item.sha256] = ws.evidence_file(item.sha256)
        progress(done, total)
    members = [Member("entries.jsonl", b"".join(canonical_json(line) + b"\n" for line in lines))]
    members += [
        Member(f"evidence/{sha}", path=path, compress=False)
        for sha, path in sorted(evidence.items())
    ]
    manifest: dict[str, Any] = {
        "format": "ecodesk-bundle", "format_version": _format_for(lines), "kind": "bundle",
        "suite": envelope.SUITE,
        "app_version": __version__, "schema_version": SCHEMA_VERSION, "office": ws.office,
        "install_id": ws.install_id, "key_id": pair.public.key_id, "sequence": sequence, "period": period,
        "full": full, "previous_sha256": bundle_store.previous_bundle_sha(ws.db), "created": now(),
        "recipient": recipient_json(recipient),
        "entry_count": len(lines), "rotations": keys.rotations(ws),
    }  # fmt: skip
    attempt = 1 + refusal_store.times_refused(ws.db, sequence=sequence, install_id=ws.install_id)
    target = Path(out_dir) / bundle_name(ws.office, period, sequence, attempt)
    raw_manifest = container.write_sealed(target, manifest, members, pair,
                                          recipient_box_pub=unb64(recipient.box_pub, 32),
                                          scratch=envelope.scratch_dir(ws.root))  # fmt: skip
    progress(total - 1, total)
    bundle_store.record_outgoing(ws.db, sequence=sequence, period=period, full=full, file_name=target.name,
                                 manifest_sha256=hashlib.sha256(raw_manifest).hexdigest(),
                                 entries=[(line["uuid"], line["revision"]) for line in lines])  # fmt: skip
    progress(total, total)
    return ExportResult(target, sequence, period, len(lines), len(evidence), full)


def _format_for(lines: list[dict[str, Any]]) -> int:
    """The lowest format that carries the lines, so a task force still on 0.2.0 reads the bundle
    unless an evidence file names its indicator."""
    return (
        schema.BUNDLE_FORMAT_VERSION
        if needs_indicator_format(lines)
        else schema.OLDEST_BUNDLE_FORMAT
    )


def recipient_json(recipient: key_store.KeyRecord) -> dict[str, str]:
    """The recipient as named inside the signed manifest: key id, fingerprint, age recipient."""
    return {"key_id": recipient.key_id, "fingerprint": recipient.fingerprint,
            "age": envelope.age_recipient(unb64(recipient.box_pub, 32))}  # fmt: skip
