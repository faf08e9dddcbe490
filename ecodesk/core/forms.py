"""Form definitions: tasks, their indicators and targets, as the forms/ files declare them.

Reading and validating the files is `ecodesk.core.form_loader`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from ecodesk.core.errors import UserError
from ecodesk.core.i18n import t

# The plan's ten groups live with the task list's light names (start-up); here for every
# module that imports them from here.
from ecodesk.core.task_status import GROUP_NUMERALS as GROUP_NUMERALS
from ecodesk.core.task_status import GROUPS as GROUPS
from ecodesk.core.task_status import group_label as group_label

TASK_COUNT = 37


class ValueType(StrEnum):
    NUMBER = "number"
    PERCENT = "percent"
    YESNO = "yesno"
    CHOICE = "choice"
    TEXT = "text"


class TargetKind(StrEnum):
    AT_LEAST = ">="
    ABOVE = ">"
    EQUAL = "="
    AT_MOST = "<="
    YES = "yes"
    IN = "in"  # a choice from an accepted list (e.g. water class I–V, not worse than V)
    TREND = "trend"
    ASSIGNED = "assigned"
    INCREASE = "increase"  # a rate's rise over the previous period by at least `value`


COMPARISONS = (TargetKind.AT_LEAST, TargetKind.ABOVE, TargetKind.EQUAL, TargetKind.AT_MOST)


class Direction(StrEnum):
    """How a trend target compares a value with the same office's previous period."""

    STABLE_OR_BETTER = "stable_or_better"  # 稳中向好
    NOT_LOWER = "not_lower"  # 不降低
    NOT_LESS = "not_less"  # 不减少
    DECREASING = "decreasing"  # 逐步下降
    CLEARLY_HIGHER = "clearly_higher"  # 明显提高


class Basis(StrEnum):
    """How an increase target measures the rise of a rate over the previous period."""

    POINTS = "points"  # 个百分点: 80% -> 82% is +2
    RELATIVE = "relative"  # 相对变化: 80% -> 82% is +2.5%


class LeadScope(StrEnum):
    """Who reports an indicator: every office (the lead with the city-wide figure), or one side."""

    ALL = "all"
    ONLY = "only"  # the lead unit only (task 24's 市区 and 县城 figures)
    EXCLUDED = "excluded"  # the offices only, not the lead unit


@dataclass(frozen=True)
class Target:
    kind: TargetKind
    value: float | None = None
    by_office: Mapping[str, float] = field(default_factory=dict)
    direction: Direction | None = None
    compare: TargetKind | None = None  # for assigned targets: how the assigned number is met
    accept: tuple[str, ...] = ()
    basis: Basis = Basis.POINTS  # for increase targets
    label: str = ""  # which part of the plan's target this is ("市区", "县城"), shown before it
    label_by_office: Mapping[str, str] = field(default_factory=dict)

    def value_for(self, office: str) -> float | None:
        return self.by_office.get(office, self.value)

    def label_for(self, office: str) -> str:
        return self.label_by_office.get(office, self.label)


@dataclass(frozen=True)
class Choice:
    """One option of a choice indicator: a code that keeps its meaning, and labels people read.

    Data stores the code. `former` are earlier spellings of the label (e.g. "Ⅱ类" before it
    became "II类"); values typed or stored with them read as this choice.
    """

    code: str
    label: str
    former: tuple[str, ...] = ()

    def spellings(self) -> tuple[str, ...]:
        return (self.code, self.label, *self.former)


def _folded(text: str) -> str:
    """Compatibility-folded text, so the Roman numeral "Ⅱ" and the letters "II" compare equal."""
    return unicodedata.normalize("NFKC", text).strip().casefold()


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    name_en: str
    unit: str
    type: ValueType
    target: Target | None
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[Choice, ...] = ()
    offices: tuple[str, ...] | None = None  # None: applies to every office
    detail_by_office: Mapping[str, str] = field(default_factory=dict)
    help: str = ""
    renamed_from: tuple[str, ...] = ()  # earlier ids of this indicator; their data is its data
    lead: LeadScope = LeadScope.ALL

    def applies_to(self, office: str, *, city_wide: bool = False) -> bool:
        if city_wide:
            return self.lead is not LeadScope.EXCLUDED
        if self.lead is LeadScope.ONLY:
            return False
        return self.offices is None or office in self.offices

    def ids(self) -> tuple[str, ...]:
        """Every id this indicator's data may be stored under, the current one first."""
        return (self.id, *self.renamed_from)

    def value_in(self, values: Mapping[str, Any]) -> Any:
        """This indicator's value in an entry's values, also when stored under an earlier id."""
        for key in self.ids():
            value = values.get(key)
            if value is not None:
                return value
        return None

    def choice(self, value: object) -> Choice | None:
        """The choice a stored or typed value means: its code, label or an earlier spelling."""
        if not isinstance(value, str):
            return None
        for choice in self.choices:
            if value in choice.spellings():
                return choice
        folded = _folded(value)
        for choice in self.choices:
            if folded in (_folded(s) for s in choice.spellings()):
                return choice
        return None

    def choice_labels(self, codes: tuple[str, ...] | None = None) -> tuple[str, ...]:
        """The labels of `codes` (default: every choice), in the form's order."""
        return tuple(c.label for c in self.choices if codes is None or c.code in codes)


@dataclass(frozen=True)
class Form:
    task: int
    group: int
    title: str
    title_en: str
    requirement: str
    lead: tuple[str, ...]
    cooperating: tuple[str, ...]
    cooperating_other: tuple[str, ...]
    indicators: tuple[Indicator, ...]
    path: str = ""
    sha256: str = ""  # of the form file's bytes: the form version

    def indicator_for(self, stored_id: str) -> Indicator | None:
        """The indicator whose data is stored under `stored_id` (its id or an earlier one)."""
        for indicator in self.indicators:
            if stored_id in indicator.ids():
                return indicator
        return None

    def indicator(self, indicator_id: str) -> Indicator:
        for indicator in self.indicators:
            if indicator.id == indicator_id:
                return indicator
        raise KeyError(indicator_id)

    def coded(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """`values` with every choice given by its label (or an old spelling) as its code."""
        coded = dict(values)
        for key, value in values.items():
            indicator = self.indicator_for(key)
            choice = (
                indicator.choice(value)
                if indicator and indicator.type is ValueType.CHOICE
                else None
            )
            if choice is not None:
                coded[key] = choice.code
        return coded

    def display_title(self) -> str:
        return t(self.title, self.title_en)

    def all_cooperating(self) -> tuple[str, ...]:
        """Every cooperating unit the plan names: offices, then those that are not offices
        (task 5's 在陇企业, "所有在陇单位", "市直相关部门"), which report nothing but are named."""
        return (*self.cooperating, *self.cooperating_other)


class FormSet(Mapping[int, Form]):
    """All 37 forms, by task number."""

    def __init__(self, forms: Mapping[int, Form]) -> None:
        self._forms = dict(sorted(forms.items()))

    def __getitem__(self, task: int) -> Form:
        try:
            return self._forms[task]
        except KeyError:
            raise UserError(t(f"没有第 {task} 号任务", f"there is no task {task}")) from None

    # Mapping's own `in` and `get` would let __getitem__'s UserError escape.
    def __contains__(self, task: object) -> bool:
        return task in self._forms

    def get(self, task: int, default: Form | None = None) -> Form | None:  # type: ignore[override]
        return self._forms.get(task, default)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._forms)

    def __len__(self) -> int:
        return len(self._forms)

    def by_group(self) -> dict[int, list[Form]]:
        groups: dict[int, list[Form]] = {}
        for form in self._forms.values():
            groups.setdefault(form.group, []).append(form)
        return groups
