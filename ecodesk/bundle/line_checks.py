"""Every check of one bundle line at the task force's import, in one place.

A line is refused for what it says on its own (`content_refusals`: the task, its indicators, and
each value — the value rules of `core` plug in here) or for whom it claims (`identity_refusals`:
an entry's UUID → office, task, period is fixed the first time the task force sees it, and each
office, task and period has one entry). Planning (merge_plan.py) refuses a bundle with any
refused line as a whole.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ecodesk.core.entries import check_evidence_indicator
from ecodesk.core.errors import UserError
from ecodesk.core.i18n import in_language
from ecodesk.core.periods import PERIODS
from ecodesk.core.validation import validate_entry
from ecodesk.store.refusals import Reason

Identity = tuple[str, int, int]  # office, task, period
NONE: tuple[Reason, ...] = ()  # shared by every accepted line (a bundle may hold 100,000s)


@dataclass(frozen=True)
class LineContext:
    """What the content checks need, gathered once per import."""

    indicators: Mapping[int, frozenset[str]]  # task → its indicator ids
    ws: Any = None  # the workspace, for checks that need more (assignments, periods)
    # "Today" for the period rules, fixed for the whole import (the same in every process that
    # checks its files, and across midnight); None: the workspace's today, asked each time.
    today: date | None = None
    # (office, period) → what the validator needs for it: forms, assigned tasks (built once)
    _scopes: dict[tuple[str, int], tuple[Any, frozenset[int]]] = field(default_factory=dict)

    @classmethod
    def of(cls, ws: Any, today: date | None = None) -> LineContext:
        return cls(_known_ids(ws), ws, today or ws.today())


def _known_ids(ws: Any) -> dict[int, frozenset[str]]:
    """Per task, every indicator id any period's forms know (current and earlier ids): a line an
    office wrote under an older form version is that version's data, not an unknown indicator."""
    known: dict[int, set[str]] = {}
    for period in PERIODS:
        for task, form in ws.forms_for(period).items():
            known.setdefault(task, set()).update(i for ind in form.indicators for i in ind.ids())
    return {task: frozenset(ids) for task, ids in known.items()}


def content_refusals(ctx: LineContext, line: Mapping[str, Any]) -> tuple[Reason, ...]:
    """Why this line cannot be accepted whatever else the task force holds (empty: it can)."""
    task, uuid = line["task"], line["uuid"]
    known = ctx.indicators.get(task)
    if known is None:
        return (Reason("unknown_task", f"条目 {uuid}：没有第 {task} 号任务",
                       f"entry {uuid}: there is no task {task}"),)  # fmt: skip
    unknown = line["values"].keys() - known
    if unknown:
        return (Reason("unknown_indicator", f"条目 {uuid}（任务 {task}）：未知的指标 {min(unknown)}",
                       f"entry {uuid} (task {task}): unknown indicator {min(unknown)}"),)  # fmt: skip
    if ctx.ws is None:
        return NONE
    return evidence_refusals(ctx, line) or validator_refusals(ctx, line)


def evidence_refusals(ctx: LineContext, line: Mapping[str, Any]) -> tuple[Reason, ...]:
    """An evidence file may belong only to an indicator of the entry's form (core's one check)."""
    tagged = [item["indicator"] for item in line["evidence"] if item.get("indicator")]
    form = ctx.ws.forms_for(line["period"]).get(line["task"]) if tagged else None
    if form is None:
        return NONE
    for indicator in tagged:
        try:
            check_evidence_indicator(form, indicator)
        except UserError:
            with in_language("zh"):
                zh = _evidence_message(form, indicator)
            with in_language("en"):
                en = _evidence_message(form, indicator)
            return (
                Reason(
                    "unknown_indicator", f"条目 {line['uuid']}：{zh}", f"entry {line['uuid']}: {en}"
                ),
            )
    return NONE


def _evidence_message(form: Any, indicator: str) -> str:
    try:
        check_evidence_indicator(form, indicator)
    except UserError as exc:
        return str(exc)
    return ""


def validator_refusals(ctx: LineContext, line: Mapping[str, Any]) -> tuple[Reason, ...]:
    """The rules the window and `ecodesk set` apply (`core.validation`): value types and bounds,
    choices, applicability, text lengths, the task assigned for the period, no period not begun.
    The reader has checked that the line's office and period are its bundle's."""
    office, period = line["office"], line["period"]
    scope = ctx._scopes.get((office, period))
    if scope is None:
        scope = (ctx.ws.forms_for(period), frozenset(ctx.ws.tasks(period, office)))
        ctx._scopes[(office, period)] = scope
    forms, assigned = scope

    def check() -> list[Any]:
        return validate_entry(
            forms, line["task"], office=office, period=period, today=ctx.today or ctx.ws.today(),
            assigned=assigned, values=line["values"], plan=line["plan"],
            corrective_measures=line["corrective_measures"], not_applicable=line["not_applicable"],
            not_applicable_reason=line["not_applicable_reason"], complete=line["state"] == "complete",
        )  # fmt: skip

    if not check():
        return NONE
    # A refusal travels to the office in both languages: say it in each.
    with in_language("zh"):
        zh = check()[0]
    with in_language("en"):
        en = check()[0]
    where_zh, where_en = (
        f"条目 {line['uuid']}（任务 {line['task']}）：",
        f"entry {line['uuid']} (task {line['task']}): ",
    )
    return (Reason(zh.code, where_zh + zh.message, where_en + en.message),)


@dataclass
class Identities:
    """Who owns which entry: from the database, then each accepted bundle of the import in turn.

    `claim` checks one bundle's lines against them without changing them; `commit` adds the
    claims of a bundle that was accepted (a refused bundle claims nothing).
    """

    owners: dict[str, Identity]  # uuid → identity
    slots: dict[Identity, str]  # identity → uuid
    _claims: dict[str, Identity] = field(default_factory=dict)
    _claimed_slots: dict[Identity, str] = field(default_factory=dict)

    def claim(self, uuid: str, identity: Identity) -> tuple[Reason, ...]:
        owner = self._claims.get(uuid) or self.owners.get(uuid)
        holder = self._claimed_slots.get(identity) or self.slots.get(identity)
        refusals = identity_refusals(uuid, identity, owner, holder)
        if not refusals:
            self._claims[uuid], self._claimed_slots[identity] = identity, uuid
        return refusals

    def commit(self) -> None:
        self.owners.update(self._claims)
        self.slots.update(self._claimed_slots)
        self.drop()

    def drop(self) -> None:
        self._claims, self._claimed_slots = {}, {}


def identity_refusals(
    uuid: str, claimed: Identity, owner: Identity | None, holder: str | None
) -> tuple[Reason, ...]:
    """A line claiming entry `uuid` as `claimed` (office, task, period), where `owner` is who the
    entry belongs to and `holder` the UUID already in that office, task and period (None: new)."""
    office, task, period = claimed
    if owner is not None and owner[0] != office:
        return (Reason(
            "entry_owner",
            f"条目 {uuid} 属于 {owner[0]}（{owner[2]} 年任务 {owner[1]}），{office} 不能以 {period} 年任务 {task} 修改它",
            f"entry {uuid} belongs to {owner[0]} ({owner[2]} task {owner[1]}); {office} cannot change it "
            f"as {period} task {task}",
        ),)  # fmt: skip
    if owner is not None and owner != claimed:
        return (Reason(
            "entry_identity",
            f"条目 {uuid} 是 {office} {owner[2]} 年任务 {owner[1]} 的记录，不能改作 {period} 年任务 {task}",
            f"entry {uuid} is {office}'s {owner[2]} task {owner[1]}; it cannot become {period} task {task}",
        ),)  # fmt: skip
    if holder is not None and holder != uuid:
        return (Reason(
            "entry_slot",
            f"{office} {period} 年任务 {task} 已有另一条记录 {holder}，条目 {uuid} 不能取代它",
            f"{office} already has entry {holder} for {period} task {task}; entry {uuid} cannot replace it",
        ),)  # fmt: skip
    return NONE
