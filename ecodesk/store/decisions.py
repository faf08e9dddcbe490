"""The task force's decisions as workspace operations: assigned targets, assignments, reviews.

Each one asks the workspace for its role first (`core.roles`), so an office's workspace refuses
them whatever front end calls; the CLI and the window call these, never the store directly.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ecodesk.core.entries import Entry, Review, measures_missing
from ecodesk.core.errors import UserError
from ecodesk.core.forms import Form, Indicator, TargetKind
from ecodesk.core.i18n import t
from ecodesk.core.periods import PERIODS
from ecodesk.core.refusals import ValidationError
from ecodesk.core.roles import Operation
from ecodesk.core.validation import period_refusal, value_refusal
from ecodesk.store import entries as entry_store
from ecodesk.store import settings

if TYPE_CHECKING:
    from datetime import date


class Decisions:
    """Mixed into `Workspace` (which provides db, forms, who, role checks and office names)."""

    db: Any
    forms: Any
    who: str

    if TYPE_CHECKING:

        def require_role(self, operation: Operation) -> None: ...
        def _office(self, office: str | None) -> str: ...
        def today(self) -> date: ...
        def form(self, task: int, period: int) -> Form: ...

    def assigned_indicator(self, task: int, indicator_id: str, period: int) -> Indicator:
        """The indicator of `task` (in `period`'s forms) whose target the province assigns, or a
        UserError."""
        form = self.form(task, period) if period in PERIODS else self.forms[task]
        try:
            indicator: Indicator = form.indicator(indicator_id)
        except KeyError:
            ids = ", ".join(i.id for i in form.indicators)
            raise UserError(
                t(
                    f"任务 {task} 没有指标 {indicator_id}（有：{ids}）",
                    f"task {task} has no indicator {indicator_id} (it has: {ids})",
                )
            ) from None
        if indicator.target is None or indicator.target.kind is not TargetKind.ASSIGNED:
            raise UserError(
                t(
                    f"{indicator.name} 的目标不是省级下达目标",
                    f"{indicator.name_en} has no assigned target",
                )
            )
        return indicator

    def set_target(
        self, task: int, indicator_id: str, *, office: str, period: int, value: float | None
    ) -> None:
        """Set (or with None clear) the province-assigned target: finite, within the
        indicator's bounds, for one of the plan's periods."""
        self.require_role(Operation.SET_TARGET)
        indicator = self.assigned_indicator(task, indicator_id, period)
        # a target may be set ahead of its period (the province hands them down early)
        refusals = [r for r in (period_refusal(period), value_refusal(indicator, value)) if r]
        if refusals:
            raise ValidationError(refusals)
        settings.set_assigned_target(self.db, task=task, indicator=indicator.id,
                                     office=self._office(office), period=period, value=value)  # fmt: skip

    def set_assignment(self, *, office: str, task: int, period: int, assigned: bool | None) -> None:
        """Switch a task on or off for an office and period; None: back to the plan's default."""
        self.require_role(Operation.SET_ASSIGNMENT)
        self.forms[task]  # a clear error for an unknown task (tasks never disappear)
        office = self._office(office)
        if assigned is None:
            settings.clear_assignment(self.db, office=office, task=task, period=period)
        else:
            settings.set_assignment(self.db, office=office, task=task, period=period,
                                    assigned=assigned)  # fmt: skip

    def accept(self, uuids: Iterable[str]) -> list[str]:
        """Accept every reviewable entry among `uuids`; return those accepted. An entry a later
        target made not met, without corrective measures, is not accepted: it goes back first."""
        self.require_role(Operation.REVIEW)
        ready = [uuid for uuid in uuids if not self._lacks_measures(uuid)]
        from ecodesk.store import matrix

        return matrix.accept_entries(self.db, uuids=ready, who=self.who)

    def _lacks_measures(self, uuid: str) -> bool:
        entry = entry_store.get_entry_by_uuid(self.db, uuid)
        if entry is None:
            return False
        values = dict(entry.values)
        evaluations = self.evaluate(entry.task, entry.period, values, entry.office)  # type: ignore[attr-defined]
        return measures_missing(entry, evaluations)

    def review(self, uuid: str, review: Review, comment: str = "") -> Entry:
        """Record one decision on one entry (a return needs a comment)."""
        self.require_role(Operation.REVIEW)
        if review is Review.ACCEPTED and self._lacks_measures(uuid):
            raise UserError(t(
                "目标已更新，该记录未达标且缺整改措施：请退回单位补充后再通过",
                "the target changed: the entry is not met and has no corrective measures; "
                "return it for them before accepting",
            ))  # fmt: skip
        return entry_store.set_review(
            self.db, uuid=uuid, review=review, comment=comment, who=self.who
        )

    def return_entry(self, uuid: str, comment: str) -> Entry:
        return self.review(uuid, Review.RETURNED, comment)

    def undo_review(self, uuid: str) -> Entry:
        """Take back the entry's last decision while no task package has carried it."""
        from ecodesk.store.review_undo import undo_decision

        self.require_role(Operation.REVIEW)
        return undo_decision(self.db, uuid=uuid, who=self.who)

    def reopen(self, uuid: str, reason: str) -> None:
        self.require_role(Operation.REVIEW)
        from ecodesk.store import matrix

        matrix.reopen_entry(self.db, uuid=uuid, reason=reason, who=self.who)
