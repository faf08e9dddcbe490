"""Entries: one office's report on one task for one period, and what it takes to complete one."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from ecodesk.core.evaluation import Evaluation, Status
from ecodesk.core.forms import Form
from ecodesk.core.i18n import t
from ecodesk.core.values import Value, value_problem


class EntryState(StrEnum):
    DRAFT = "draft"
    COMPLETE = "complete"


class Review(StrEnum):
    NONE = ""
    RETURNED = "returned"
    ACCEPTED = "accepted"


class TaskStatus(StrEnum):
    """What a clerk sees next to a task in the list."""

    NOT_STARTED = "not_started"
    DRAFT = "draft"
    COMPLETE = "complete"
    NOT_MET = "not_met"
    RETURNED = "returned"
    ACCEPTED = "accepted"
    NOT_APPLICABLE = "not_applicable"
    MEASURES_MISSING = "measures_missing"  # complete, then not met by a later target: see below


def task_status_label(status: TaskStatus) -> str:
    return {
        TaskStatus.NOT_STARTED: t("未开始", "not started"),
        TaskStatus.DRAFT: t("草稿", "draft"),
        TaskStatus.COMPLETE: t("已完成", "complete"),
        TaskStatus.NOT_MET: t("未达标", "not met"),
        TaskStatus.RETURNED: t("已退回", "returned"),
        TaskStatus.ACCEPTED: t("已通过", "accepted"),
        TaskStatus.NOT_APPLICABLE: t("不适用", "not applicable"),
        TaskStatus.MEASURES_MISSING: measures_missing_text(),
    }[status]


def measures_missing_text() -> str:
    return t("目标已更新，请补充整改措施", "the target changed: add corrective measures")


@dataclass(frozen=True)
class Evidence:
    sha256: str
    name: str  # the original file name, as the clerk knows it
    size: int
    added_at: str = ""


# The fields of an entry a person edits; audit rows and bundles name them this way.
EDITABLE_FIELDS = (
    "values",
    "plan",
    "corrective_measures",
    "not_applicable",
    "not_applicable_reason",
)


@dataclass(frozen=True)
class Entry:
    uuid: str
    office: str
    task: int
    period: int
    values: Mapping[str, Value] = field(default_factory=dict)
    plan: str = ""
    corrective_measures: str = ""
    not_applicable: bool = False
    not_applicable_reason: str = ""
    state: EntryState = EntryState.DRAFT
    review: Review = Review.NONE
    review_comment: str = ""
    revision: int = 0
    install_id: str = ""
    updated_at: str = ""
    updated_by: str = ""
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Problem:
    """Why an entry cannot be marked complete; `field` lets the GUI jump to it."""

    field: str  # "values.<indicator id>", "plan", "corrective_measures", "evidence", ...
    message: str


def completion_problems(form: Form, entry: Entry, evaluations: list[Evaluation]) -> list[Problem]:
    """Everything that must be fixed before `entry` can be marked complete (empty: it can)."""
    if entry.not_applicable:
        if not entry.not_applicable_reason.strip():
            return [
                Problem(
                    "not_applicable_reason",
                    t("标记为不适用时必须说明理由", "a reason is required for not applicable"),
                )
            ]
        return []
    problems: list[Problem] = []
    applicable = {e.indicator for e in evaluations if e.status is not Status.NOT_APPLICABLE}
    for indicator in form.indicators:
        if indicator.id not in applicable:
            continue
        value = indicator.value_in(entry.values)
        name = t(indicator.name, indicator.name_en)
        if value is None or value == "":
            problems.append(
                Problem(f"values.{indicator.id}", t(f"请填写：{name}", f"enter a value: {name}"))
            )
            continue
        problem = value_problem(indicator, value)
        if problem:
            problems.append(Problem(f"values.{indicator.id}", problem))
    if not entry.plan.strip():
        problems.append(Problem("plan", t("请填写计划安排", "enter the plan")))
    if not entry.evidence:
        problems.append(
            Problem("evidence", t("请至少添加一份佐证材料", "attach at least one evidence file"))
        )
    if needs_corrective_measures(evaluations) and not entry.corrective_measures.strip():
        message = (
            measures_missing_text()
            if entry.state is EntryState.COMPLETE
            else t(
                "有指标未达标，必须填写整改措施",
                "an indicator is not met: corrective measures are required",
            )
        )
        problems.append(Problem("corrective_measures", message))
    return problems


def needs_corrective_measures(evaluations: list[Evaluation]) -> bool:
    return any(e.status is Status.NOT_MET for e in evaluations)


def measures_missing(entry: Entry, evaluations: list[Evaluation]) -> bool:
    """A complete entry that is now not met without corrective measures. Completing requires
    them, so its target was set or changed (or the previous period's figure came in) later: the
    entry is judged again every time it is shown, and flagged instead of counting as done."""
    return (
        entry.state is EntryState.COMPLETE
        and not entry.not_applicable
        and needs_corrective_measures(evaluations)
        and not entry.corrective_measures.strip()
    )


def task_status(entry: Entry | None, evaluations: list[Evaluation]) -> TaskStatus:
    if entry is None or (entry.revision == 0 and not entry.values):
        return TaskStatus.NOT_STARTED
    if entry.review is Review.ACCEPTED:
        return TaskStatus.ACCEPTED
    if entry.review is Review.RETURNED:
        return TaskStatus.RETURNED
    if entry.not_applicable and entry.state is EntryState.COMPLETE:
        return TaskStatus.NOT_APPLICABLE
    if entry.state is EntryState.DRAFT:
        return TaskStatus.DRAFT
    if measures_missing(entry, evaluations):
        return TaskStatus.MEASURES_MISSING
    if needs_corrective_measures(evaluations):
        return TaskStatus.NOT_MET
    return TaskStatus.COMPLETE
