"""Taking back a review decision the offices have not been told about yet.

A decision travels to its office in the next task package. Until that package is made, the
task force can take the decision back (a mistaken 退回, a hasty 通过): the entry returns to the
state before it, audited like any decision. Once a package carried it, the office may already
act on it, so it stands; reopening an accepted entry or deciding again is the way on.
"""

from __future__ import annotations

import json
from datetime import datetime

from ecodesk.core.entries import Entry, Review
from ecodesk.core.errors import UserError
from ecodesk.core.i18n import t
from ecodesk.store.bundles import newest_package
from ecodesk.store.db import write_transaction
from ecodesk.store.entries import AuditRow, get_entry_by_uuid, history, record_review_tx
from ecodesk.store.sqlite import Database


def last_decision(db: Database, uuid: str) -> AuditRow | None:
    rows = [row for row in history(db, uuid=uuid) if row.field == "review"]
    return rows[-1] if rows else None


def undo_refusal(db: Database, entry: Entry) -> str | None:
    """Why the entry's last decision cannot be taken back; None when it can."""
    decision = last_decision(db, entry.uuid)
    if decision is None:
        return t("这条记录还没有审核决定", "this entry has no decision to undo")
    sent = newest_package(db, direction="out", office=entry.office)
    if sent is not None and _moment(sent.created) >= _moment(decision.at):
        return t(
            f"该决定已随第 {sent.sequence} 号任务包发给{entry.office}，不能撤销",
            f"the decision went to {entry.office} in task package {sent.sequence}; "
            "it cannot be undone",
        )
    return None


def undo_decision(db: Database, *, uuid: str, who: str) -> Entry:
    """Put the entry's review back as it was before its last decision (one transaction)."""
    with write_transaction(db):
        entry = get_entry_by_uuid(db, uuid)
        if entry is None:
            raise UserError(t(f"没有编号为 {uuid} 的记录", f"no entry {uuid}"))
        refused = undo_refusal(db, entry)
        if refused:
            raise UserError(refused)
        decision = last_decision(db, uuid)
        assert decision is not None
        review, comment = json.loads(decision.old)
        return record_review_tx(db, entry=entry, review=Review(review), comment=comment, who=who)


def _moment(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp)
