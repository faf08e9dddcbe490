"""One entry as one JSON line in a bundle, and the hash that identifies its content."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ecodesk.core.canonical_json import canonical_sha256
from ecodesk.core.entries import Entry, Evidence

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
        "evidence": sorted((evidence_item(e) for e in entry.evidence), key=lambda e: (e["sha256"], e["name"])),
    }  # fmt: skip


def evidence_item(item: Evidence) -> dict[str, Any]:
    """One evidence file in a line. `indicator` only when set (bundle format 3): a file for the
    whole task is written as format 2 wrote it, so existing entries keep their content hash."""
    line: dict[str, Any] = {
        "sha256": item.sha256,
        "name": item.name,
        "size": item.size,
        "added_at": item.added_at,
    }
    if item.indicator:
        line["indicator"] = item.indicator
    return line


def needs_indicator_format(lines: list[dict[str, Any]]) -> bool:
    """Whether any line names an evidence file's indicator, which bundle format 2 cannot carry."""
    return any("indicator" in e for line in lines for e in line["evidence"])


def content_sha256(line: Mapping[str, Any]) -> str:
    """SHA-256 of the line's RFC 8785 canonical JSON (docs/bundle-format.md, "Canonical JSON")."""
    return canonical_sha256(line)
