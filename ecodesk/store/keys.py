"""Public keys: this install's own (private halves live in files) and the ones it trusts.

Functions ending in `_tx` expect the caller to hold a write transaction (an import applies
many changes in one); the others open their own.
"""

from __future__ import annotations

from dataclasses import dataclass

from ecodesk.store.db import write_transaction
from ecodesk.store.entries import now
from ecodesk.store.sqlite import Database

ACTIVE = "active"
ROTATED = "rotated"  # replaced by a newer key; bundles it signed before stay valid
REVOKED = "revoked"  # the task force revoked it: bundles after `revoked_after_seq` are refused
PENDING = "pending"  # seen in a task package, not yet confirmed by the clerk

_COLUMNS = ("key_id, office, install_id, role, sign_pub, box_pub, fingerprint, status, own, added_at, "
            "revoked_at, revoked_after_seq, replaced_by")  # fmt: skip


@dataclass(frozen=True)
class KeyRecord:
    key_id: str
    office: str  # "" for the task force
    install_id: str
    role: str  # "office" or "task_force"
    sign_pub: str  # base64 of the raw Ed25519 public key
    box_pub: str  # base64 of the raw X25519 public key
    fingerprint: str
    status: str = ACTIVE
    own: bool = False
    added_at: str = ""
    revoked_at: str = ""
    revoked_after_seq: int | None = None
    replaced_by: str = ""


def _record(row: tuple) -> KeyRecord:  # type: ignore[type-arg]
    (key_id, office, install_id, role, sign_pub, box_pub, fingerprint, status, own, added_at,
     revoked_at, revoked_after_seq, replaced_by) = row  # fmt: skip
    return KeyRecord(key_id, office or "", install_id or "", role, sign_pub, box_pub, fingerprint or "",
                     status, bool(own), added_at or "", revoked_at or "", revoked_after_seq, replaced_by or "")  # fmt: skip


def get_key(db: Database, key_id: str) -> KeyRecord | None:
    row = db.execute(f"SELECT {_COLUMNS} FROM keys WHERE key_id = ?", [key_id]).fetchone()
    return _record(row) if row else None


def list_keys(
    db: Database, *, office: str | None = None, role: str | None = None, own: bool | None = None
) -> list[KeyRecord]:
    clauses: list[str] = []
    params: list[object] = []
    for column, value in (("office", office), ("role", role)):
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    if own is not None:
        clauses.append("own = ?")
        params.append(int(own))
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    rows = db.execute(
        f"SELECT {_COLUMNS} FROM keys {where} ORDER BY office, added_at, key_id", params
    )
    return [_record(r) for r in rows.fetchall()]


def add_key_tx(db: Database, record: KeyRecord) -> bool:
    """Insert a key unless it is known; True if it was new. The status of a known key is kept."""
    cursor = db.execute(
        f"INSERT OR IGNORE INTO keys ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [record.key_id, record.office, record.install_id, record.role, record.sign_pub, record.box_pub,
         record.fingerprint, record.status, int(record.own), record.added_at or now(), record.revoked_at,
         record.revoked_after_seq, record.replaced_by],
    )  # fmt: skip
    return bool(cursor.rowcount)


def add_key(db: Database, record: KeyRecord) -> bool:
    with write_transaction(db):
        return add_key_tx(db, record)


def set_status_tx(db: Database, key_id: str, status: str, *, replaced_by: str = "") -> None:
    db.execute("UPDATE keys SET status = ?, replaced_by = CASE WHEN ? = '' THEN replaced_by ELSE ? END "
               "WHERE key_id = ?", [status, replaced_by, replaced_by, key_id])  # fmt: skip


def revoke_key(db: Database, key_id: str, *, after_seq: int) -> KeyRecord | None:
    """Mark a key revoked: bundles it signed with a sequence above `after_seq` are refused."""
    with write_transaction(db):
        db.execute(
            "UPDATE keys SET status = ?, revoked_at = ?, revoked_after_seq = ? WHERE key_id = ?",
            [REVOKED, now(), after_seq, key_id],
        )
        return get_key(db, key_id)


def remove_pending_tx(db: Database) -> None:
    db.execute("DELETE FROM keys WHERE status = ?", [PENDING])
