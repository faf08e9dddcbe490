"""Resolving a conflict: the task force keeps the current version of an entry or another one.

An import records a conflict when two different contents arrive with the same entry UUID and
revision (see merge.py); the merge rule still picks one, visibly. Here the task force decides:

- keep "current": the version the entry holds now stays; the conflict is marked resolved.
- keep "other": the other version's content becomes a new revision (one above the current), made
  by the task force, so it wins over every version received so far on any later import.

Either way it is one transaction, audited with who, when, which version was kept and why.
The CLI (`ecodesk conflicts`) and the task force's window call these same functions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from ecodesk.bundle.lines import content_sha256, entry_line
from ecodesk.core.entries import Entry, EntryState, Evidence, Review
from ecodesk.core.errors import UserError
from ecodesk.core.i18n import t
from ecodesk.store import conflicts as conflict_store
from ecodesk.store.conflicts import KEEP_CURRENT, KEEP_OTHER, ConflictVersion, Resolution
from ecodesk.store.entries import get_entry_by_uuid, now

__all__ = ["KEEP_CURRENT", "KEEP_OTHER", "ConflictVersion", "EntryConflict", "Resolution",
           "entry_conflict", "find_conflict", "line_entry", "list_conflicts", "resolve", "version_entry"]  # fmt: skip


@dataclass(frozen=True)
class EntryConflict:
    """An entry with unresolved conflicting versions, as the task force decides on it."""

    entry: Entry  # what the database holds now (the merge rule's pick)
    current_sha256: str
    current: ConflictVersion | None  # the recorded version equal to the current content, if any
    others: tuple[ConflictVersion, ...]  # every other recorded version, stored content or not

    @property
    def uuid(self) -> str:
        return self.entry.uuid

    def other(self, version: str | None = None) -> ConflictVersion:
        """The other version to keep: the only one, or the one whose hash starts with `version`."""
        candidates = [
            v for v in self.others if not version or v.content_sha256.startswith(version.lower())
        ]
        if not candidates:
            raise UserError(
                t(f"没有以“{version}”开头的其他版本", f"no other version starts with '{version}'")
            )
        if len(candidates) > 1:
            listed = "、".join(v.content_sha256[:12] for v in candidates)
            raise UserError(
                t(
                    f"该记录有多个其他版本（{listed}），请用 --version 指定保留哪一个",
                    f"this entry has several other versions ({listed}); choose one with --version",
                )
            )
        return candidates[0]


def version_entry(version: ConflictVersion, base: Entry) -> Entry | None:
    """The content of a recorded version as an Entry (None when only its hash was stored)."""
    line = version.content
    if line is None:
        return None
    return _line_entry(line, base)


def line_entry(line: Mapping[str, Any]) -> Entry:
    """An entry line (as bundles and task packages carry it) as an Entry."""
    base = Entry(uuid=line["uuid"], office=line["office"], task=line["task"], period=line["period"])
    return _line_entry(line, base)


def _line_entry(line: Mapping[str, Any], base: Entry) -> Entry:
    evidence = tuple(
        Evidence(
            sha256=e["sha256"],
            name=e["name"],
            size=int(e["size"]),
            added_at=e["added_at"],
            indicator=e.get("indicator", ""),
        )
        for e in line.get("evidence", ())
    )
    return replace(
        base,
        values=dict(line.get("values", {})),
        plan=line.get("plan", ""),
        corrective_measures=line.get("corrective_measures", ""),
        not_applicable=bool(line.get("not_applicable", False)),
        not_applicable_reason=line.get("not_applicable_reason", ""),
        state=EntryState(line.get("state", EntryState.DRAFT.value)),
        revision=int(line.get("revision", base.revision)),
        install_id=line.get("install_id", ""),
        updated_at=line.get("updated_at", ""),
        updated_by=line.get("updated_by", ""),
        evidence=evidence,
    )


def entry_conflict(ws: Any, uuid: str) -> EntryConflict | None:
    """The unresolved conflict on entry `uuid`, or None."""
    recorded = conflict_store.versions(ws.db, uuid)
    entry = get_entry_by_uuid(ws.db, uuid)
    if not recorded or entry is None:
        return None
    sha = content_sha256(entry_line(entry))
    current = next((v for v in recorded if v.content_sha256 == sha), None)
    others = tuple(v for v in recorded if v.content_sha256 != sha)
    return EntryConflict(entry, sha, current, others)


def list_conflicts(ws: Any) -> list[EntryConflict]:
    found = (entry_conflict(ws, uuid) for uuid in conflict_store.unresolved_uuids(ws.db))
    return [c for c in found if c is not None]


def find_conflict(ws: Any, uuid_prefix: str) -> EntryConflict:
    uuid = conflict_store.find_uuid(ws.db, uuid_prefix)
    conflict = entry_conflict(ws, uuid)
    if conflict is None:
        raise UserError(t(f"没有编号为 {uuid} 的记录", f"no entry {uuid}"))
    return conflict


def missing_evidence(ws: Any, entry: Entry) -> list[str]:
    """Names of the evidence files of `entry` that are not stored in this workspace."""
    return [e.name for e in entry.evidence if not ws.evidence_file(e.sha256).exists()]


def resolve(
    ws: Any, uuid: str, *, keep: str, reason: str, version: str | None = None
) -> Resolution:
    """Keep the current version of entry `uuid` or another one (see the module's docstring)."""
    conflict = entry_conflict(ws, uuid)
    if conflict is None:
        raise UserError(t("该记录没有未解决的冲突", "this entry has no unresolved conflict"))
    entry = conflict.entry
    if keep == KEEP_CURRENT:
        return conflict_store.resolve(ws.db, uuid=uuid, expected_revision=entry.revision,
                                      kept=KEEP_CURRENT, kept_sha256=conflict.current_sha256,
                                      reason=reason, who=ws.who, install_id=ws.install_id)  # fmt: skip
    if keep != KEEP_OTHER:
        raise UserError(t("--keep 只能是 current 或 other", "--keep must be current or other"))
    chosen = conflict.other(version)
    content = version_entry(chosen, entry)
    if content is None:
        raise UserError(
            t(
                f"版本 {chosen.content_sha256[:12]} 的内容没有保存（只记录了它的哈希），无法采用；"
                "只能保留当前版本（--keep current），或请该单位重新报送",
                f"the content of version {chosen.content_sha256[:12]} was not stored (only its hash), "
                "so it cannot be kept; keep the current version (--keep current) or ask the office "
                "to send it again",
            )
        )
    missing = missing_evidence(ws, content)
    if missing:
        names = "、".join(missing)
        raise UserError(
            t(
                f"版本 {chosen.content_sha256[:12]} 的佐证材料没有保存在本工作区：{names}；"
                "无法采用该版本，请该单位重新报送，或保留当前版本",
                f"evidence of version {chosen.content_sha256[:12]} is not stored in this workspace: "
                f"{', '.join(missing)}; it cannot be kept: ask the office to send it again, or keep "
                "the current version",
            )
        )
    revision = max(entry.revision, *(v.revision for v in conflict.others)) + 1
    new = replace(content, revision=revision, install_id=ws.install_id, updated_at=now(),
                  updated_by=ws.who, review=Review.NONE, review_comment="")  # fmt: skip
    sha = content_sha256(entry_line(new))
    return conflict_store.resolve(ws.db, uuid=uuid, expected_revision=entry.revision,
                                  kept=KEEP_OTHER, kept_sha256=chosen.content_sha256, reason=reason,
                                  who=ws.who, install_id=ws.install_id, replacement=new,
                                  replacement_sha256=sha)  # fmt: skip
