"""Reading and saving entries. Every save is one transaction with its audit rows."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from ecodesk.core.entries import Entry, EntryState, Evidence, Review
from ecodesk.core.errors import UserError
from ecodesk.core.i18n import t
from ecodesk.core.values import Value
from ecodesk.store.db import write_transaction
from ecodesk.store.sqlite import Database


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class AuditRow:
    revision: int
    at: str
    who: str
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class SaveResult:
    entry: Entry
    changed: tuple[str, ...]  # field names; empty when nothing changed (no new revision)


_COLUMNS = (
    "uuid, office, task, period, values_json, plan, corrective_measures, not_applicable, "
    "not_applicable_reason, state, review, review_comment, revision, install_id, updated_at, updated_by"
)


def _row_to_entry(db: Database, row: tuple[Any, ...]) -> Entry:
    (uuid, office, task, period, values_json, plan, measures, na, na_reason, state, review,
     comment, revision, install_id, updated_at, updated_by) = row  # fmt: skip
    evidence = tuple(
        Evidence(sha256=sha, name=name, size=size, added_at=added_at, indicator=indicator)
        for sha, name, size, added_at, indicator in db.execute(
            "SELECT ee.sha256, ee.name, ef.size, ee.added_at, ee.indicator FROM entry_evidence ee "
            "JOIN evidence_files ef ON ef.sha256 = ee.sha256 WHERE ee.entry_uuid = ? "
            "ORDER BY ee.added_at, ee.name",
            [uuid],
        ).fetchall()
    )
    return Entry(
        uuid=uuid, office=office, task=task, period=period,
        values=json.loads(values_json or "{}"), plan=plan or "", corrective_measures=measures or "",
        not_applicable=bool(na), not_applicable_reason=na_reason or "",
        state=EntryState(state), review=Review(review or ""), review_comment=comment or "",
        revision=revision, install_id=install_id or "", updated_at=updated_at or "",
        updated_by=updated_by or "", evidence=evidence,
    )  # fmt: skip


def get_entry(db: Database, *, office: str, task: int, period: int) -> Entry | None:
    row = db.execute(
        f"SELECT {_COLUMNS} FROM entries WHERE office = ? AND task = ? AND period = ?",
        [office, task, period],
    ).fetchone()
    return _row_to_entry(db, row) if row else None


def get_entry_by_uuid(db: Database, uuid: str) -> Entry | None:
    row = db.execute(f"SELECT {_COLUMNS} FROM entries WHERE uuid = ?", [uuid]).fetchone()
    return _row_to_entry(db, row) if row else None


def list_entries(
    db: Database, *, office: str | None = None, period: int | None = None
) -> list[Entry]:
    clauses: list[str] = []
    params: list[object] = []
    if office is not None:
        clauses.append("office = ?")
        params.append(office)
    if period is not None:
        clauses.append("period = ?")
        params.append(period)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    rows = db.execute(
        f"SELECT {_COLUMNS} FROM entries {where} ORDER BY period, office, task", params
    )
    return [_row_to_entry(db, row) for row in rows.fetchall()]


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _insert_blank(
    db: Database, *, office: str, task: int, period: int, install_id: str, who: str
) -> Entry:
    from uuid import uuid4  # imports `platform`: not at the window's start-up

    entry = Entry(uuid=str(uuid4()), office=office, task=task, period=period, install_id=install_id)
    db.execute(
        f"INSERT INTO entries ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [entry.uuid, office, task, period, "{}", "", "", 0, "", EntryState.DRAFT.value, "", "",
         0, install_id, now(), who],
    )  # fmt: skip
    return entry


def ensure_entry(
    db: Database, *, office: str, task: int, period: int, install_id: str, who: str
) -> Entry:
    """The entry for (office, task, period), created blank (revision 0) if there is none yet."""
    with write_transaction(db):
        return _ensure_entry_in_tx(
            db, office=office, task=task, period=period, install_id=install_id, who=who
        )


def _ensure_entry_in_tx(db: Database, **key: Any) -> Entry:
    existing = get_entry(db, office=key["office"], task=key["task"], period=key["period"])
    return existing or _insert_blank(db, **key)


def save_entry(
    db: Database,
    *,
    office: str,
    task: int,
    period: int,
    who: str,
    install_id: str,
    values: Mapping[str, Value] | None = None,
    plan: str | None = None,
    corrective_measures: str | None = None,
    not_applicable: bool | None = None,
    not_applicable_reason: str | None = None,
    state: EntryState | None = None,
    expected_revision: int | None = None,
) -> SaveResult:
    """Apply the given changes (None: leave as is; `values` is merged per indicator, None clears one).

    One transaction: the entry row, its new revision and one audit row per changed field land
    together or not at all. Nothing changed means no new revision and no audit row.
    """
    with write_transaction(db):
        entry = _ensure_entry_in_tx(
            db, office=office, task=task, period=period, install_id=install_id, who=who
        )
        _refuse_if_locked(entry)
        if expected_revision is not None and entry.revision != expected_revision:
            raise UserError(
                t(
                    f"该记录已被修改（现为第 {entry.revision} 版，而不是第 {expected_revision} 版）",
                    f"the entry changed meanwhile (revision {entry.revision}, not {expected_revision})",
                )
            )
        new_values = dict(entry.values)
        for key, value in (values or {}).items():
            if value is None or value == "":
                new_values.pop(key, None)
            else:
                new_values[key] = value
        updated = replace(
            entry,
            values=new_values,
            plan=entry.plan if plan is None else plan,
            corrective_measures=entry.corrective_measures
            if corrective_measures is None
            else corrective_measures,
            not_applicable=entry.not_applicable if not_applicable is None else not_applicable,
            not_applicable_reason=entry.not_applicable_reason
            if not_applicable_reason is None
            else not_applicable_reason,
            state=entry.state if state is None else state,
        )
        # Completing a returned entry sends it back for review: the return is answered.
        if updated.review is Review.RETURNED and state is EntryState.COMPLETE:
            updated = replace(updated, review=Review.NONE)
        changes = _diff(entry, updated)
        if not changes:
            return SaveResult(entry, ())
        return SaveResult(
            _write_revision(db, entry, updated, changes, who=who, install_id=install_id),
            tuple(c[0] for c in changes),
        )


def _refuse_if_locked(entry: Entry) -> None:
    if entry.review is Review.ACCEPTED:
        raise UserError(
            t(
                "该记录已通过审核，已锁定；如需修改请联系工作专班重新打开",
                "this entry was accepted and is locked; ask the task force to reopen it",
            )
        )


def _diff(old: Entry, new: Entry) -> list[tuple[str, str, str]]:
    changes: list[tuple[str, str, str]] = []
    for key in sorted(set(old.values) | set(new.values)):
        before, after = old.values.get(key), new.values.get(key)
        if before != after or type(before) is not type(after):
            changes.append((f"values.{key}", _dump(before), _dump(after)))
    for name in (
        "plan",
        "corrective_measures",
        "not_applicable",
        "not_applicable_reason",
        "state",
        "review",
    ):
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            changes.append((name, _dump(before), _dump(after)))
    return changes


def _write_revision(
    db: Database,
    old: Entry,
    new: Entry,
    changes: list[tuple[str, str, str]],
    *,
    who: str,
    install_id: str,
) -> Entry:
    at = now()
    revision = old.revision + 1
    db.execute(
        "UPDATE entries SET values_json=?, plan=?, corrective_measures=?, not_applicable=?, "
        "not_applicable_reason=?, state=?, review=?, review_comment=?, revision=?, install_id=?, "
        "updated_at=?, updated_by=? WHERE uuid=?",
        [_dump(dict(new.values)), new.plan, new.corrective_measures, int(new.not_applicable),
         new.not_applicable_reason, new.state.value, new.review.value, new.review_comment, revision,
         install_id, at, who, old.uuid],
    )  # fmt: skip
    for field_name, before, after in changes:
        write_audit(
            db,
            uuid=old.uuid,
            revision=revision,
            who=who,
            field=field_name,
            old=before,
            new=after,
            at=at,
        )
    return replace(new, revision=revision, install_id=install_id, updated_at=at, updated_by=who)


def write_audit(
    db: Database,
    *,
    uuid: str,
    revision: int,
    who: str,
    field: str,
    old: str,
    new: str,
    at: str | None = None,
) -> None:
    db.execute(
        "INSERT INTO audit (entry_uuid, revision, at, who, field, old, new) VALUES (?,?,?,?,?,?,?)",
        [uuid, revision, at or now(), who, field, old, new],
    )


def bump_revision(
    db: Database, *, entry: Entry, who: str, install_id: str, field: str, old: str, new: str
) -> Entry:
    """A change outside the entry row (evidence, review) still makes a new revision, audited."""
    return _write_revision(db, entry, entry, [(field, old, new)], who=who, install_id=install_id)


def history(db: Database, *, uuid: str) -> list[AuditRow]:
    rows = db.execute(
        "SELECT revision, at, who, field, old, new FROM audit WHERE entry_uuid = ? ORDER BY id",
        [uuid],
    ).fetchall()
    return [AuditRow(*row) for row in rows]


def set_review(db: Database, *, uuid: str, review: Review, comment: str, who: str) -> Entry:
    """Record the task force's decision (accept / return with comment / reopen), audited."""
    if review is Review.RETURNED and not comment.strip():
        raise UserError(t("退回时必须填写意见", "a comment is required to return an entry"))
    with write_transaction(db):
        entry = get_entry_by_uuid(db, uuid)
        if entry is None:
            raise UserError(t(f"没有编号为 {uuid} 的记录", f"no entry {uuid}"))
        return record_review_tx(db, entry=entry, review=review, comment=comment, who=who)


def record_review_tx(db: Database, *, entry: Entry, review: Review, comment: str, who: str,
                     audited_as: str | None = None) -> Entry:  # fmt: skip
    """Inside a write transaction: store a review decision and its audit row.

    `audited_as` names the decision in the history when it differs from the stored state
    ("reopened" is stored as no review, with the reason as comment).
    """
    db.execute(
        "UPDATE entries SET review=?, review_comment=? WHERE uuid=?",
        [review.value, comment, entry.uuid],
    )
    write_audit(
        db,
        uuid=entry.uuid,
        revision=entry.revision,
        who=who,
        field="review",
        old=_dump([entry.review.value, entry.review_comment]),
        new=_dump([audited_as or review.value, comment]),
    )
    return replace(entry, review=review, review_comment=comment)
