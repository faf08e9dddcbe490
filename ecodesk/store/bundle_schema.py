"""Schema version 2: keys, bundles received and sent, task packages, provenance and conflicts."""

from __future__ import annotations

from ecodesk.store.sqlite import Database


def create_bundle_tables(db: Database) -> None:
    # Public keys: our own (own=1, private halves live in files) and the ones we trust.
    db.table("keys").create(
        {"key_id": str, "office": str, "install_id": str, "role": str, "sign_pub": str,
         "box_pub": str, "fingerprint": str, "status": str, "own": int, "added_at": str,
         "revoked_at": str, "revoked_after_seq": int, "replaced_by": str},
        pk="key_id",
        not_null={"office", "role", "sign_pub", "box_pub", "status"},
    )  # fmt: skip
    db.table("keys").create_index(["office", "status"])
    # Task force: one row per bundle accepted. Forks are refused, so (office, install, sequence)
    # is unique.
    db.table("received_bundles").create(
        {"manifest_sha256": str, "office": str, "install_id": str, "sequence": int, "period": int,
         "key_id": str, "prev_sha256": str, "created": str, "imported_at": str, "file_name": str,
         "entries": int},
        pk="manifest_sha256",
    )  # fmt: skip
    db.table("received_bundles").create_index(["office", "install_id", "sequence"], unique=True)
    db.table("provenance").create(
        {"entry_uuid": str, "revision": int, "content_sha256": str, "manifest_sha256": str,
         "office": str, "install_id": str, "sequence": int, "key_id": str, "fingerprint": str,
         "imported_at": str},
        pk=("entry_uuid", "revision", "content_sha256"),
    )  # fmt: skip
    # Task force: the content hash of each merged entry's current revision (compared on merge).
    db.table("entry_heads").create(
        {"entry_uuid": str, "revision": int, "install_id": str, "content_sha256": str},
        pk="entry_uuid",
    )
    db.table("conflicts").create(
        {"entry_uuid": str, "revision": int, "content_sha256": str, "install_id": str,
         "content_json": str, "manifest_sha256": str, "detected_at": str, "resolved": int},
        pk=("entry_uuid", "revision", "content_sha256"),
    )  # fmt: skip
    # Office: bundles written, and which entry revisions each carried (for incremental export).
    db.table("outgoing_bundles").create(
        {"sequence": int, "period": int, "manifest_sha256": str, "created": str, "file_name": str,
         "full": int, "acked": int},
        pk="sequence",
    )  # fmt: skip
    db.table("sent_entries").create(
        {"sequence": int, "entry_uuid": str, "revision": int}, pk=("sequence", "entry_uuid")
    )
    # Task packages: direction "out" at the task force (one sequence per office), "in" at an office.
    db.table("packages").create(
        {"direction": str, "office": str, "sequence": int, "manifest_sha256": str, "created": str,
         "at": str, "key_id": str},
        pk=("direction", "office", "sequence"),
    )  # fmt: skip
