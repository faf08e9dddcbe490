"""Form versions: every form file ever in force, kept by the SHA-256 of its bytes, and the
schedule of which version applies from which period.

Nothing here is deleted or changed. `form_schedule` is a log: a row says "from this period on,
task N uses this version", and a later row overrides earlier ones for the periods it covers. So
the version of (task, period) is that of the newest row whose `effective_from` is not after the
period. Each row records who set it, when, and why (a reopened closed period needs a reason).

A period is *closed* once the task force has made its yearly archive: what the archive states
about that period must stay true, so a form change may not reach it unless it is reopened.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from ecodesk.core.periods import PERIODS
from ecodesk.store.db import write_transaction
from ecodesk.store.entries import now
from ecodesk.store.sqlite import Database

Schedule = dict[int, dict[int, str]]  # task -> period -> version (sha256)

# The version in force for a task and period: the one rule, for the triggers below and for a
# writer that stamps entries itself (`version_in_force`).
_IN_FORCE = (
    "(SELECT s.sha256 FROM form_schedule s WHERE s.task = {task} "
    "AND s.effective_from <= {period} ORDER BY s.id DESC LIMIT 1)"
)
_IN_FORCE_SQL = _IN_FORCE.format(task="NEW.task", period="NEW.period")


def create_tables(db: Database) -> None:
    db.execute(
        "CREATE TABLE form_versions (sha256 TEXT PRIMARY KEY, task INTEGER NOT NULL, "
        "source TEXT NOT NULL, added_at TEXT NOT NULL, added_by TEXT NOT NULL)"
    )
    db.execute(
        "CREATE TABLE form_schedule (id INTEGER PRIMARY KEY AUTOINCREMENT, task INTEGER NOT NULL, "
        "effective_from INTEGER NOT NULL, sha256 TEXT NOT NULL REFERENCES form_versions(sha256), "
        "set_at TEXT NOT NULL, set_by TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '')"
    )
    db.execute("CREATE INDEX form_schedule_task ON form_schedule (task, effective_from)")
    db.execute(
        "CREATE TABLE closed_periods (period INTEGER PRIMARY KEY, closed_at TEXT NOT NULL, "
        "closed_by TEXT NOT NULL)"
    )
    db.execute("ALTER TABLE entries ADD COLUMN form_sha256 TEXT")
    # Every write path (a save, a bundle merged, a kept version installed) stamps the entry with
    # the form version in force for its period when its content was written.
    db.execute(
        "CREATE TRIGGER entries_form_version_insert AFTER INSERT ON entries "
        f"BEGIN UPDATE entries SET form_sha256 = {_IN_FORCE_SQL} WHERE uuid = NEW.uuid; END"
    )
    db.execute(
        "CREATE TRIGGER entries_form_version_update AFTER UPDATE OF values_json, revision "
        f"ON entries BEGIN UPDATE entries SET form_sha256 = {_IN_FORCE_SQL} "
        "WHERE uuid = NEW.uuid; END"
    )


def version_in_force(db: Database, task: int, period: int) -> str | None:
    """The form version the triggers stamp on an entry of `task` and `period` (None: none)."""
    row = db.execute("SELECT " + _IN_FORCE.format(task="?", period="?"), [task, period]).fetchone()
    return row[0] if row else None


def add_version_tx(db: Database, *, sha256: str, task: int, source: str, who: str) -> None:
    db.execute(
        "INSERT OR IGNORE INTO form_versions (sha256, task, source, added_at, added_by) "
        "VALUES (?, ?, ?, ?, ?)",
        [sha256, task, source, now(), who],
    )


def versions(db: Database, shas: set[str]) -> dict[str, tuple[int, str]]:
    """{sha256: (task, source)} of the given versions."""
    found: dict[str, tuple[int, str]] = {}
    for sha, task, source in db.execute("SELECT sha256, task, source FROM form_versions"):
        if sha in shas:
            found[sha] = (task, source)
    return found


def schedule(db: Database) -> Schedule:
    """The version of every task for every period of the plan."""
    rows = db.execute(
        "SELECT task, effective_from, sha256 FROM form_schedule ORDER BY id"
    ).fetchall()
    by_task: dict[int, list[tuple[int, str]]] = {}
    for task, effective_from, sha in rows:
        by_task.setdefault(task, []).append((effective_from, sha))
    result: Schedule = {}
    for task, log in by_task.items():
        earliest = min(log, key=lambda row: row[0])[1]  # a period before every row: the first
        result[task] = {}
        for period in PERIODS:
            covering = [sha for start, sha in log if start <= period]
            result[task][period] = covering[-1] if covering else earliest
    return result


def segments(periods: Mapping[int, str]) -> list[tuple[int, str]]:
    """[(first period, version)] for each run of periods with one version."""
    runs: list[tuple[int, str]] = []
    for period in sorted(periods):
        if not runs or runs[-1][1] != periods[period]:
            runs.append((period, periods[period]))
    return runs


def set_schedule_tx(
    db: Database, *, task: int, effective_from: int, sha256: str, who: str, reason: str = ""
) -> None:
    db.execute(
        "INSERT INTO form_schedule (task, effective_from, sha256, set_at, set_by, reason) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [task, effective_from, sha256, now(), who, reason],
    )


def apply_schedule_tx(db: Database, wanted: Schedule, *, who: str, reason: str = "") -> list[int]:
    """Append the rows that make the schedule equal `wanted`; return the tasks that changed."""
    current = schedule(db)
    changed: list[int] = []
    for task, periods in sorted(wanted.items()):
        have = current.get(task, {})
        differing = [p for p in sorted(periods) if have.get(p) != periods[p]]
        if not differing:
            continue
        changed.append(task)
        tail = {p: sha for p, sha in periods.items() if p >= differing[0]}
        for start, sha in segments(tail):
            set_schedule_tx(db, task=task, effective_from=start, sha256=sha, who=who, reason=reason)
    return changed


def history(db: Database) -> list[tuple[int, int, str, str, str, str]]:
    """Every schedule row: (task, effective_from, sha256, set_at, set_by, reason)."""
    return db.execute(
        "SELECT task, effective_from, sha256, set_at, set_by, reason FROM form_schedule ORDER BY id"
    ).fetchall()


def close_period(db: Database, *, period: int, who: str) -> None:
    """The task force archived `period`: from now on its forms do not change unless reopened."""
    with write_transaction(db):
        db.execute(
            "INSERT OR IGNORE INTO closed_periods (period, closed_at, closed_by) VALUES (?, ?, ?)",
            [period, now(), who],
        )


def closed_periods(db: Database) -> list[int]:
    return [r[0] for r in db.execute("SELECT period FROM closed_periods ORDER BY period")]


@dataclass(frozen=True)
class StoredValue:
    office: str
    task: int
    period: int
    key: str  # the indicator id the value is stored under
    value: object


def stored_values(db: Database, *, task: int, period: int) -> Iterator[StoredValue]:
    """Every non-empty value stored for (task, period), any office."""
    rows = db.execute(
        "SELECT office, values_json FROM entries WHERE task = ? AND period = ? ORDER BY office",
        [task, period],
    )
    for office, values_json in rows.fetchall():
        for key, value in json.loads(values_json or "{}").items():
            if value is not None:
                yield StoredValue(office, task, period, key, value)


def stamp_unversioned_tx(db: Database) -> None:
    """Entries written before schema 3 record the version in force for their period."""
    db.execute(
        "UPDATE entries SET form_sha256 = (SELECT s.sha256 FROM form_schedule s "
        "WHERE s.task = entries.task AND s.effective_from <= entries.period "
        "ORDER BY s.id DESC LIMIT 1) WHERE form_sha256 IS NULL"
    )
