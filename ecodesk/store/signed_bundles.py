"""The signed material of every bundle the task force imported, kept exactly as received.

An entry's content hash is in a line of the bundle's `entries.jsonl`; the hash of that file is in
its `manifest.json`; `manifest.json.minisig` is the office's signature of the manifest. Keeping
these three files byte for byte (not re-serialised) lets the yearly archive hand an inspector the
chain from a value to an office's signature, checkable with `minisign` and `sha256sum` alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ecodesk.store.sqlite import Database

TABLE = "signed_bundles"


def create_signed_bundles(db: Database) -> None:
    """Schema 3 step: one row per imported bundle (the bundle's manifest hash as its key)."""
    db.execute(
        f"CREATE TABLE IF NOT EXISTS {TABLE} (manifest_sha256 TEXT PRIMARY KEY, "
        "manifest BLOB NOT NULL, signature BLOB NOT NULL, entries BLOB NOT NULL)"
    )


@dataclass(frozen=True)
class SignedBundle:
    manifest_sha256: str
    manifest: bytes  # manifest.json
    signature: bytes  # manifest.json.minisig
    entries: bytes  # entries.jsonl


def keep_signed_tx(
    db: Database, *, manifest_sha256: str, manifest: bytes, signature: bytes, entries: bytes
) -> None:
    """Keep a bundle's signed files (inside the import's transaction; a repeat is a no-op)."""
    db.execute(
        f"INSERT OR IGNORE INTO {TABLE} (manifest_sha256, manifest, signature, entries) "
        "VALUES (?,?,?,?)",
        [manifest_sha256, manifest, signature, entries],
    )


def signed_bundle(db: Database, manifest_sha256: str) -> SignedBundle | None:
    row = db.execute(
        f"SELECT manifest_sha256, manifest, signature, entries FROM {TABLE} "
        "WHERE manifest_sha256 = ?",
        [manifest_sha256],
    ).fetchone()
    return SignedBundle(row[0], bytes(row[1]), bytes(row[2]), bytes(row[3])) if row else None


def bundles_carrying(
    db: Database, versions: Iterable[tuple[str, int, str]]
) -> dict[tuple[str, int, str], list[str]]:
    """For each (entry uuid, revision, content hash): the manifests of the bundles that carried
    exactly that version and whose signed material is kept, oldest sequence first."""
    wanted = list(versions)
    found: dict[tuple[str, int, str], list[str]] = {key: [] for key in wanted}
    if not wanted:
        return found
    import json

    rows = db.execute(
        "SELECT p.entry_uuid, p.revision, p.content_sha256, p.manifest_sha256 FROM provenance p "
        "JOIN json_each(?) w ON p.entry_uuid = json_extract(w.value, '$[0]') "
        "AND p.revision = json_extract(w.value, '$[1]') "
        "AND p.content_sha256 = json_extract(w.value, '$[2]') "
        f"JOIN {TABLE} s ON s.manifest_sha256 = p.manifest_sha256 "
        "ORDER BY p.office, p.install_id, p.sequence",
        [json.dumps(wanted)],
    ).fetchall()
    for uuid, revision, sha, manifest in rows:
        found[(uuid, revision, sha)].append(manifest)
    return found
