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


def _stamp_only_unstamped(db: Database) -> None:
    """The form-version trigger stamps an inserted entry only when its writer did not: the
    bundle import stamps each entry itself (store/merge_writer.py, with the same rule, from
    `form_versions.version_in_force`), sparing a second write of every row, about half of a
    national import's SQL time. Every other writer leaves it NULL and the trigger stamps it."""
    db.execute("DROP TRIGGER entries_form_version_insert")
    db.execute(
        "CREATE TRIGGER entries_form_version_insert AFTER INSERT ON entries "
        "WHEN NEW.form_sha256 IS NULL BEGIN UPDATE entries SET form_sha256 = "
        "(SELECT s.sha256 FROM form_schedule s WHERE s.task = NEW.task "
        "AND s.effective_from <= NEW.period ORDER BY s.id DESC LIMIT 1) WHERE uuid = NEW.uuid; END"
    )


def _heads_in_entries(db: Database) -> None:
    """Each merged entry's merge head (the revision, install and content hash the task force's
    merge knows as current) moves from the table `entry_heads` into three columns of the entry's
    own row, NULL where there is none (at an office; an entry no bundle brought). A national
    import wrote one more row, and one more index entry under a random UUID, per entry: about a
    seventh of its writing. Every head belongs to an entry row: the import and a conflict's
    resolution write both in one transaction, and no entry with a head is ever deleted."""
    for column, kind in (("head_revision", "INTEGER"), ("head_install_id", "TEXT"),
                         ("head_content_sha256", "TEXT")):  # fmt: skip
        db.execute(f"ALTER TABLE entries ADD COLUMN {column} {kind}")
    db.execute(
        "UPDATE entries SET (head_revision, head_install_id, head_content_sha256) = "
        "(SELECT h.revision, h.install_id, h.content_sha256 FROM entry_heads h "
        "WHERE h.entry_uuid = entries.uuid) WHERE uuid IN (SELECT entry_uuid FROM entry_heads)"
    )
    db.execute("DROP TABLE entry_heads")


V4_STEPS: list[Callable[[Database], None]] = [
    _evidence_indicator,  # issue 13: evidence per indicator
    _stamp_only_unstamped,  # issues 10 and 14: the import's speed
    _heads_in_entries,  # issue 14: the import's speed
]
