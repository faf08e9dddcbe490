"""Entries: one office's report on one task for one period, and what it takes to complete one."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from ecodesk.core.errors import UserError
from ecodesk.core.evaluation import Evaluation, Status
from ecodesk.core.forms import Form
from ecodesk.core.i18n import t

# The list's statuses live with its light names (start-up); here for the modules that import
# them from here.
from ecodesk.core.task_status import TaskStatus as TaskStatus
from ecodesk.core.task_status import measures_missing_text as measures_missing_text
from ecodesk.core.task_status import task_status_label as task_status_label
from ecodesk.core.values import Value, value_problem


class EntryState(StrEnum):
    DRAFT = "draft"
    COMPLETE = "complete"


class Review(StrEnum):
    NONE = ""
    RETURNED = "returned"
    ACCEPTED = "accepted"


@dataclass(frozen=True)
class Evidence:
    sha256: str
    name: str  # the original file name, as the clerk knows it
    size: int
    added_at: str = ""
    # The indicator (its id in the entry's form) the file supports; "" = the task as a whole. The
    # plan asks for evidence per indicator (确保每项指标的完成……有材料佐证).
    indicator: str = ""


def check_evidence_indicator(form: Form, indicator: str) -> str:
    """`indicator` if the file may be attached to it: "" (the whole task) or an indicator of `form`
    (also by an earlier id, given back as the current one). Every door calls this one check."""
    if indicator == "":
        return ""
    found = form.indicator_for(indicator)
    if found is None:
        ids = "、".join(i.id for i in form.indicators)
        raise UserError(
            t(
                f"任务 {form.task} 没有指标“{indicator}”，佐证材料只能归属本任务的指标（{ids}）或整个任务",
                f"task {form.task} has no indicator '{indicator}'; evidence belongs to one of its "
                f"indicators ({', '.join(i.id for i in form.indicators)}) or to the whole task",
            )
        )
    return found.id


def evidence_indicator_label(form: Form | None, indicator: str) -> str:
    """What a person reads for the indicator a file belongs to."""
    if indicator == "":
        return t("整个任务", "the whole task")
    found = form.indicator_for(indicator) if form is not None else None
    return t(found.name, found.name_en) if found is not None else indicator


def evidence_groups(
    form: Form | None, evidence: Iterable[Evidence]
) -> list[tuple[str, list[Evidence]]]:
    """The files by what they support: the whole task first, then each indicator in the form's
    order (by its current id), then any indicator the form no longer has; empty groups left out."""
    order = [""] + ([i.id for i in form.indicators] if form is not None else [])
    groups: dict[str, list[Evidence]] = {key: [] for key in order}
    for item in evidence:
        found = form.indicator_for(item.indicator) if form is not None and item.indicator else None
        groups.setdefault(found.id if found else item.indicator, []).append(item)
    return [(key, files) for key, files in groups.items() if files]


def grouped_evidence(form: Form | None, evidence: Iterable[Evidence]) -> list[Evidence]:
    """The files in the order of `evidence_groups`."""
    return [item for _, files in evidence_groups(form, evidence) for item in files]


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
