"""One entry as one JSON line in a bundle, and the hash that identifies its content."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ecodesk.core.canonical_json import canonical_sha256
from ecodesk.core.entries import Entry

Progress = Callable[[int, int], None]


def no_progress(done: int, total: int) -> None:
    """The default `progress(done, total)` callback: report nothing."""


def entry_line(entry: Entry) -> dict[str, Any]:
    """The entry as it travels: content only. The review lives at the task force, not in bundles."""
    return {
        "uuid": entry.uuid, "office": entry.office, "task": entry.task, "period": entry.period,
        "values": dict(entry.values), "plan": entry.plan, "corrective_measures": entry.corrective_measures,
        "not_applicable": entry.not_applicable, "not_applicable_reason": entry.not_applicable_reason,
        "state": entry.state.value, "revision": entry.revision, "install_id": entry.install_id,
        "updated_at": entry.updated_at, "updated_by": entry.updated_by,
        "evidence": sorted(({"sha256": e.sha256, "name": e.name, "size": e.size, "added_at": e.added_at}
                            for e in entry.evidence), key=lambda e: (e["sha256"], e["name"])),
    }  # fmt: skip


def content_sha256(line: Mapping[str, Any]) -> str:
    """SHA-256 of the line's RFC 8785 canonical JSON (docs/bundle-format.md, "Canonical JSON")."""
    return canonical_sha256(line)
