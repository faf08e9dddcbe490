"""Workspace metadata and the task force's assignments and assigned targets."""

from __future__ import annotations

from ecodesk.store.db import write_transaction
from ecodesk.store.sqlite import Database


def get_meta(db: Database, key: str, default: str | None = None) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return row[0] if row else default


def set_meta(db: Database, **values: str) -> None:
    with write_transaction(db):
        for key, value in values.items():
            db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, value],
            )


def assignment_overrides(db: Database, *, office: str, period: int) -> dict[int, bool]:
    rows = db.execute(
        "SELECT task, assigned FROM assignments WHERE office = ? AND period = ?", [office, period]
    )
    return {task: bool(assigned) for task, assigned in rows.fetchall()}


def set_assignment(db: Database, *, office: str, task: int, period: int, assigned: bool) -> None:
    with write_transaction(db):
        db.execute(
            "INSERT INTO assignments (office, task, period, assigned) VALUES (?,?,?,?) "
            "ON CONFLICT(office, task, period) DO UPDATE SET assigned = excluded.assigned",
            [office, task, period, int(assigned)],
        )


def clear_assignment(db: Database, *, office: str, task: int, period: int) -> bool:
    """Back to the plan's default for this office, task and period; True if there was an override."""
    with write_transaction(db):
        cursor = db.execute(
            "DELETE FROM assignments WHERE office = ? AND task = ? AND period = ?",
            [office, task, period],
        )
        return bool(cursor.rowcount)


def assigned_targets(db: Database, *, task: int, office: str, period: int) -> dict[str, float]:
    rows = db.execute(
        "SELECT indicator, value FROM assigned_targets WHERE task = ? AND office = ? AND period = ?",
        [task, office, period],
    )
    return {indicator: value for indicator, value in rows.fetchall()}


def set_assigned_target(
    db: Database, *, task: int, indicator: str, office: str, period: int, value: float | None
) -> None:
    with write_transaction(db):
        if value is None:
            db.execute(
                "DELETE FROM assigned_targets WHERE task=? AND indicator=? AND office=? AND period=?",
                [task, indicator, office, period],
            )
            return
        db.execute(
            "INSERT INTO assigned_targets (task, indicator, office, period, value) VALUES (?,?,?,?,?) "
            "ON CONFLICT(task, indicator, office, period) DO UPDATE SET value = excluded.value",
            [task, indicator, office, period, value],
        )
