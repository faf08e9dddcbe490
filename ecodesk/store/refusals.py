"""Bundles refused as a whole: the task force's log, and what an office learns of it.

A refused bundle is never recorded as received (its sequence number stays free), so the office's
next bundle takes that number again. Functions ending in `_tx` expect the caller's transaction.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ecodesk.core.i18n import t
from ecodesk.store.entries import now
from ecodesk.store.sqlite import Database

MAX_REASONS = 10  # reasons kept word for word per bundle; the rest are counted by code


@dataclass(frozen=True)
class Reason:
    """Why a bundle (or one of its lines) was refused, in both languages: it travels to the office."""

    code: str
    zh: str
    en: str

    @property
    def text(self) -> str:
        return t(self.zh, self.en)


@dataclass(frozen=True)
class BundleRefusal:
    manifest_sha256: str
    office: str
    install_id: str
    sequence: int
    period: int
    file_name: str
    lines: int  # lines refused (0 when the bundle was refused for what came before it)
    counts: dict[str, int]  # reason code → lines
    reasons: tuple[Reason, ...]  # the first MAX_REASONS, word for word
    refused_at: str
    answered_by: int = 0


def encode_reasons(lines: int, counts: Mapping[str, int], reasons: Sequence[Reason]) -> str:
    first = [{"code": r.code, "zh": r.zh, "en": r.en} for r in reasons[:MAX_REASONS]]
    return json.dumps({"lines": lines, "counts": dict(sorted(counts.items())), "first": first},
                      ensure_ascii=False, sort_keys=True)  # fmt: skip


def _decode(row: Sequence[Any]) -> BundleRefusal:
    sha, office, install, sequence, period, file_name, reasons, refused_at, answered = row
    data = json.loads(reasons)
    first = tuple(Reason(r["code"], r["zh"], r["en"]) for r in data["first"])
    return BundleRefusal(sha, office, install, sequence, period, file_name, int(data["lines"]),
                         dict(data["counts"]), first, refused_at, answered)  # fmt: skip


_COLUMNS = ("manifest_sha256, office, install_id, sequence, period, file_name, reasons, refused_at, "
            "answered_by")  # fmt: skip


# ---------------------------------------------------------------- task force


def record_refusal_tx(db: Database, refusal: BundleRefusal, *, key_id: str) -> None:
    """Log a refused bundle (once: the same bundle refused again keeps its first record)."""
    db.execute(
        f"INSERT OR IGNORE INTO refused_bundles ({_COLUMNS}, key_id) VALUES (?,?,?,?,?,?,?,?,0,?)",
        [refusal.manifest_sha256, refusal.office, refusal.install_id, refusal.sequence,
         refusal.period, refusal.file_name,
         encode_reasons(refusal.lines, refusal.counts, refusal.reasons), refusal.refused_at or now(),
         key_id],
    )  # fmt: skip


def refused_shas(db: Database) -> set[str]:
    """Manifest hashes of every bundle refused (a bundle following one of them is refused too)."""
    return {r[0] for r in db.execute("SELECT manifest_sha256 FROM refused_bundles").fetchall()}


def refused_list(db: Database, *, office: str | None = None) -> list[BundleRefusal]:
    """Every refusal (of one office), oldest first."""
    where, params = ("WHERE office = ?", [office]) if office else ("", [])
    rows = db.execute(
        f"SELECT {_COLUMNS} FROM refused_bundles {where} ORDER BY refused_at, office, sequence",
        params,
    )
    return [_decode(r) for r in rows.fetchall()]


# ---------------------------------------------------------------- office


def learn_refusal_tx(db: Database, refusal: BundleRefusal) -> bool:
    """Record a refusal a task package reports; True when it is news about a bundle still held
    as sent (then it is open: the window shows it until the next export).

    The refused bundle and the unacknowledged bundles after it in the chain (the task force
    refuses those too) are withdrawn from the sent list: the next export takes the refused
    bundle's sequence number again and carries every change since the last acknowledged bundle.
    """
    known = db.execute(
        "SELECT 1 FROM refused_bundles WHERE manifest_sha256 = ?", [refusal.manifest_sha256]
    ).fetchone()
    if known:
        return False
    held = db.execute(
        "SELECT file_name FROM outgoing_bundles WHERE sequence = ? AND manifest_sha256 = ? AND acked = 0",
        [refusal.sequence, refusal.manifest_sha256],
    ).fetchone()  # fmt: skip
    if held:
        _withdraw_from_tx(db, refusal.sequence)
    db.execute(
        f"INSERT INTO refused_bundles ({_COLUMNS}, learnt_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
        [refusal.manifest_sha256, refusal.office, refusal.install_id, refusal.sequence,
         refusal.period, held[0] if held else refusal.file_name,
         encode_reasons(refusal.lines, refusal.counts, refusal.reasons), refusal.refused_at,
         0 if held else -1, now()],
    )  # fmt: skip
    return bool(held)


def _withdraw_from_tx(db: Database, sequence: int) -> None:
    """Drop bundle `sequence` and the unacknowledged ones chained after it, up to the first
    bundle the task force acknowledged (that one, and what follows it, it holds or may hold)."""
    stop = db.execute(
        "SELECT MIN(sequence) FROM outgoing_bundles WHERE sequence > ? AND acked = 1", [sequence]
    ).fetchone()[0]
    upper = stop if stop is not None else 1 << 62
    params = [sequence, upper]
    db.execute("DELETE FROM sent_entries WHERE sequence >= ? AND sequence < ?", params)
    db.execute("DELETE FROM outgoing_bundles WHERE sequence >= ? AND sequence < ?", params)


def open_refusals(db: Database) -> list[BundleRefusal]:
    """Refusals learnt and not yet answered by a new export (the clerk's window shows them)."""
    rows = db.execute(
        f"SELECT {_COLUMNS} FROM refused_bundles WHERE answered_by = 0 ORDER BY sequence"
    )
    return [_decode(r) for r in rows.fetchall()]


def answer_refusals_tx(db: Database, *, sequence: int) -> None:
    """The bundle `sequence` was exported after the open refusals were learnt: it answers them."""
    db.execute("UPDATE refused_bundles SET answered_by = ? WHERE answered_by = 0", [sequence])


def times_refused(db: Database, *, sequence: int, install_id: str) -> int:
    """How often a bundle with this sequence number from this install was refused (learnt here)."""
    row = db.execute(
        "SELECT COUNT(*) FROM refused_bundles WHERE sequence = ? AND install_id = ? AND answered_by >= 0",
        [sequence, install_id],
    ).fetchone()  # fmt: skip
    return int(row[0])
