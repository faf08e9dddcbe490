"""Saving several entries as one transaction: all of them land, or none does."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ecodesk.core.entries import Entry, EntryState
from ecodesk.core.values import Value
from ecodesk.store.db import write_transaction
from ecodesk.store.entries import SaveResult, save_entry
from ecodesk.store.sqlite import Database


@dataclass(frozen=True)
class EntryChange:
    office: str
    task: int
    period: int
    values: dict[str, Value] = field(default_factory=dict)
    plan: str | None = None
    corrective_measures: str | None = None
    state: EntryState | None = None  # None: as is (undoing an import puts the old state back)
    expected_revision: int | None = None


def save_entries(
    db: Database,
    changes: Sequence[EntryChange],
    *,
    who: str,
    install_id: str,
    still_complete: Callable[[Entry], bool] | None = None,
) -> list[SaveResult]:
    """Apply every change in ONE transaction; any error rolls all of them back.

    `still_complete(entry)` is asked about each saved entry that was complete: False sends it
    back to draft (the same rule as `Workspace.save`), inside the same transaction.
    """
    results: list[SaveResult] = []
    with write_transaction(db):
        for change in changes:
            key: dict[str, Any] = {"office": change.office, "task": change.task, "period": change.period,
                                   "who": who, "install_id": install_id}  # fmt: skip
            result = save_entry(
                db,
                **key,
                values=change.values,
                plan=change.plan,
                corrective_measures=change.corrective_measures,
                state=change.state,
                expected_revision=change.expected_revision,
            )
            entry = result.entry
            if (
                result.changed
                and change.state is None
                and entry.state is EntryState.COMPLETE
                and still_complete
                and not still_complete(entry)
            ):
                demoted = save_entry(db, **key, state=EntryState.DRAFT)
                result = SaveResult(demoted.entry, result.changed + demoted.changed)
            results.append(result)
    return results
