"""Schema 4: the changes after 0.2.0.

Each change is one more step in this list; `db._v4_after_0_2` runs them in order, in one
transaction, when a schema-3 database is opened. Each step must work on a database that schema 3
created (fresh or migrated).
"""

from __future__ import annotations

from collections.abc import Callable

from ecodesk.store.sqlite import Database


def _evidence_indicator(db: Database) -> None:
    """The indicator an evidence file supports ("" = the task as a whole; every older file)."""
    db.execute("ALTER TABLE entry_evidence ADD COLUMN indicator TEXT NOT NULL DEFAULT ''")


V4_STEPS: list[Callable[[Database], None]] = [
    _evidence_indicator,  # issue 13: evidence per indicator
]
