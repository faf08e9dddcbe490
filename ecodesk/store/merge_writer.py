"""The writes of a bundle import at the task force, gathered and sent in batches: each winning
revision with its evidence links, one audit row, its merge head and its provenance, and the
provenance of every other line. Runs inside the caller's transaction (bundle/merge_write.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from ecodesk.store.form_versions import version_in_force
from ecodesk.store.sqlite import Database


@dataclass(frozen=True)
class Source:
    """The bundle a line came from, as provenance records it."""

    manifest_sha256: str
    office: str
    install_id: str
    sequence: int
    key_id: str
    fingerprint: str
    imported_at: str
    file_name: str = ""

    def row(self) -> tuple[Any, ...]:
        """The provenance columns after (uuid, revision, content hash)."""
        return (self.manifest_sha256, self.office, self.install_id, self.sequence, self.key_id,
                self.fingerprint, self.imported_at)  # fmt: skip

    def audit_tail(self) -> str:
        """The audit row's `new` after its revision (the whole is one `json.dumps` of a dict)."""
        rest = {"office": self.office, "sequence": self.sequence, "file": self.file_name}
        return json.dumps(rest, ensure_ascii=False)[1:]


_PROVENANCE_SQL = (
    "INSERT INTO provenance (entry_uuid, revision, content_sha256, manifest_sha256, office, install_id, sequence, "
    "key_id, fingerprint, imported_at) VALUES (?,?,?,?,?,?,?,?,?,?) "
    "ON CONFLICT(entry_uuid, revision, content_sha256) DO UPDATE SET manifest_sha256=excluded.manifest_sha256, "
    "sequence=excluded.sequence, key_id=excluded.key_id, fingerprint=excluded.fingerprint "
    "WHERE excluded.sequence < provenance.sequence"
)  # fmt: skip
# A winning line's content and its merge head (revision, install, content hash: the winning
# line's own) are one row: schema 4 keeps the head in the entry's row (store/schema_v4.py).
_INSERT_ENTRY_SQL = (
    "INSERT INTO entries (uuid, office, task, period, values_json, plan, corrective_measures, not_applicable, "
    "not_applicable_reason, state, revision, install_id, updated_at, updated_by, review, review_comment, "
    "head_revision, head_install_id, head_content_sha256, form_sha256) "
    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,'','',?,?,?,?)"
)  # fmt: skip
_UPDATE_ENTRY_SQL = (
    "UPDATE entries SET values_json=?, plan=?, corrective_measures=?, not_applicable=?, not_applicable_reason=?, "
    "state=?, revision=?, install_id=?, updated_at=?, updated_by=?, "
    "head_revision=?, head_install_id=?, head_content_sha256=?, "
    "review = CASE WHEN ? THEN '' ELSE review END, review_comment = CASE WHEN ? THEN '' ELSE review_comment END "
    "WHERE uuid=?"
)  # fmt: skip


_values_json = json.JSONEncoder(
    ensure_ascii=False, sort_keys=True
).encode  # as json.dumps(..., same options)


# What the writer stores of an entry line besides its identity: values (as stored), plan,
# corrective measures, not applicable (0/1) and why, state, updated at, updated by, and each
# evidence file (sha256, size, name, added at, indicator). Made by `entry_row` where the line is
# checked (in a worker process of the dry run), so the import does not parse the line again.
EntryRow = tuple[Any, ...]


def entry_row(line: Mapping[str, Any]) -> EntryRow:
    evidence = tuple((item["sha256"], item["size"], item["name"], item["added_at"],
                      item.get("indicator", "")) for item in line["evidence"])  # fmt: skip
    return (_values_json(line["values"]), line["plan"], line["corrective_measures"],
            int(line["not_applicable"]), line["not_applicable_reason"], line["state"],
            line["updated_at"], line["updated_by"], evidence)  # fmt: skip


def _first(row: tuple[Any, ...]) -> Any:
    return row[0]


def _last(row: tuple[Any, ...]) -> Any:
    return row[-1]


class MergedEntryWriter:
    """The writes of a bundle import, gathered and sent in batches with `executemany`: each
    winning revision with its evidence links, one audit row, its head and its provenance, and the
    provenance of every other line. Runs inside the caller's transaction; call `finish` at the end,
    in a `finally` (the rows are sent on a thread of their own, see `flush`).

    `stored` maps the UUIDs of entries already in the database to their revision. Each UUID is
    written at most once per import, so the batched statements see the same rows as one-by-one
    ones would. A newer revision answers any earlier review."""

    def __init__(
        self, db: Database, *, who: str, imported_at: str, stored: Mapping[str, int]
    ) -> None:
        self.db, self.who, self.imported_at, self.stored = db, who, imported_at, stored
        self._new: list[tuple[Any, ...]] = []
        self._changed: list[tuple[Any, ...]] = []
        self._unlinked: list[tuple[str]] = []
        self._files: list[tuple[str, int, str]] = []
        self._links: list[tuple[str, str, str, str, str, str]] = []
        self._audit: list[tuple[str, int, str, str, str, str, str]] = []
        self._provenance: list[tuple[Any, ...]] = []
        self._calls: list[tuple[Callable[..., None], tuple[Any, ...], dict[str, Any]]] = []
        # (task, period) → the form version a new entry is stamped with (the trigger's rule)
        self._forms: dict[tuple[int, int], str | None] = {}
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="ecodesk-merge-writer")
        self._sending: Future[None] | None = None

    @property
    def pending(self) -> int:
        return len(self._provenance)

    def entry(
        self,
        identity: tuple[str, int, str, str, int, int],
        office: str,
        row: EntryRow,
        source: tuple[Any, ...],
        audit_tail: str,
    ) -> None:
        """`identity`: uuid, revision, install id, content hash, task, period; `row`: from
        `entry_row`; `source`: `Source.row()`, `audit_tail`: `Source.audit_tail()` (per file)."""
        uuid, revision, install, content_sha256, task, period = identity
        values, plan, measures, not_applicable, reason, state, updated_at, updated_by, evidence = (
            row
        )
        content = (values, plan, measures, not_applicable, reason, state, revision, install,
                   updated_at, updated_by)  # fmt: skip
        head = (revision, install, content_sha256)
        old = self.stored.get(uuid)
        if old is None:
            form = self._forms.get((task, period))
            if form is None:
                form = self._forms[task, period] = version_in_force(self.db, task, period)
            self._new.append((uuid, office, task, period, *content, *head, form))
        else:
            reset = int(revision > old)
            self._changed.append((*content, *head, reset, reset, uuid))
            self._unlinked.append((uuid,))
        at = self.imported_at
        for sha256, size, name, added_at, indicator in evidence:
            self._files.append((sha256, size, at))
            self._links.append((uuid, sha256, name, added_at, updated_by, indicator))
        self._audit.append((uuid, revision, at, self.who, "bundle",
                            '{"revision": null}' if old is None else f'{{"revision": {old}}}',
                            f'{{"revision": {revision}, {audit_tail}'))  # fmt: skip
        self._provenance.append((uuid, revision, content_sha256, *source))

    def call(self, write: Callable[..., None], *args: Any, **kwargs: Any) -> None:
        """Run another write of the import (a store function) with the next send, after its rows:
        on the writer thread, so this thread does not wait for the connection meanwhile."""
        self._calls.append((write, args, kwargs))

    def provenance(
        self, uuid: str, revision: int, content_sha256: str, source: tuple[Any, ...]
    ) -> None:
        self._provenance.append((uuid, revision, content_sha256, *source))

    def flush(self) -> None:
        """Send the rows gathered so far. On a writer thread: the caller gathers the next rows
        meanwhile (SQLite lets go of the GIL while it writes). One send at a time, in order."""
        rows = (self._new, self._changed, self._unlinked, self._files, self._links, self._audit,
                self._provenance, self._calls)  # fmt: skip
        self._new, self._changed, self._unlinked, self._files = [], [], [], []
        self._links, self._audit, self._provenance, self._calls = [], [], [], []
        self._wait()
        self._sending = self._thread.submit(self._send, rows)

    def finish(self) -> None:
        """Wait until the rows sent are written (or raise why not). Call it before the
        transaction ends, whether it commits or rolls back: no write may run after that."""
        try:
            self._wait()
        finally:
            self._thread.shutdown(wait=True)

    def _wait(self) -> None:
        sending, self._sending = self._sending, None
        if sending is not None:
            sending.result()

    def _send(self, rows: tuple[list[Any], ...]) -> None:
        new, changed, unlinked, files, links, audit, provenance, calls = rows
        # In key order: each index of a large database is then walked once per send instead of
        # at random (entry UUIDs are random), which keeps its pages in the cache. The order of
        # rows within a send changes nothing else: each UUID has one entry row (its merge head
        # is three of its columns, store/schema_v4.py) and one audit row per import, and a
        # provenance row keeps the lowest sequence whatever the order.
        for table in (new, audit, provenance):
            table.sort(key=_first)
        changed.sort(key=_last)
        run = self.db.conn.executemany
        run(_INSERT_ENTRY_SQL, new)
        run(_UPDATE_ENTRY_SQL, changed)
        run("DELETE FROM entry_evidence WHERE entry_uuid = ?", unlinked)
        run("INSERT OR IGNORE INTO evidence_files (sha256, size, stored_at) VALUES (?,?,?)", files)
        run("INSERT INTO entry_evidence (entry_uuid, sha256, name, added_at, added_by, indicator) "
            "VALUES (?,?,?,?,?,?)", links)  # fmt: skip
        run("INSERT INTO audit (entry_uuid, revision, at, who, field, old, new) VALUES (?,?,?,?,?,?,?)",
            audit)  # fmt: skip
        run(_PROVENANCE_SQL, provenance)
        for write, args, kwargs in calls:
            write(*args, **kwargs)
