"""Form definitions: tasks, their indicators and targets, as the forms/ files declare them.

Reading and validating the files is `ecodesk.core.form_loader`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from ecodesk.core.errors import UserError
from ecodesk.core.i18n import t

TASK_COUNT = 37

GROUPS: tuple[tuple[str, str], ...] = (
    ("目标责任体系与制度建设", "Responsibility system and institutions"),
    ("生态环境质量改善", "Environmental quality"),
    ("生态系统保护", "Ecosystem protection"),
    ("生态环境风险防范", "Environmental risk prevention"),
    ("空间格局优化", "Spatial layout"),
    ("资源节约与利用", "Resource saving and use"),
    ("产业循环发展", "Circular industry"),
    ("人居环境改善", "Living environment"),
    ("生活方式绿色化", "Green lifestyle"),
    ("生态文明知识普及", "Eco-civilization awareness"),
)
GROUP_NUMERALS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十")


def group_label(group: int) -> str:
    zh, en = GROUPS[group - 1]
    return t(f"（{GROUP_NUMERALS[group - 1]}）{zh}", f"({group}) {en}")


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


COMPARISONS = (TargetKind.AT_LEAST, TargetKind.ABOVE, TargetKind.EQUAL, TargetKind.AT_MOST)


class Direction(StrEnum):
    """How a trend target compares a value with the same office's previous period."""

    STABLE_OR_BETTER = "stable_or_better"  # 稳中向好
    NOT_LOWER = "not_lower"  # 不降低
    NOT_LESS = "not_less"  # 不减少
    DECREASING = "decreasing"  # 逐步下降
    CLEARLY_HIGHER = "clearly_higher"  # 明显提高


@dataclass(frozen=True)
class Target:
    kind: TargetKind
    value: float | None = None
    by_office: Mapping[str, float] = field(default_factory=dict)
    direction: Direction | None = None
    compare: TargetKind | None = None  # for assigned targets: how the assigned number is met
    accept: tuple[str, ...] = ()

    def value_for(self, office: str) -> float | None:
        return self.by_office.get(office, self.value)


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
    choices: tuple[str, ...] = ()
    offices: tuple[str, ...] | None = None  # None: applies to every office
    detail_by_office: Mapping[str, str] = field(default_factory=dict)
    help: str = ""

    def applies_to(self, office: str, *, city_wide: bool = False) -> bool:
        return city_wide or self.offices is None or office in self.offices


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

    def indicator(self, indicator_id: str) -> Indicator:
        for indicator in self.indicators:
            if indicator.id == indicator_id:
                return indicator
        raise KeyError(indicator_id)

    def display_title(self) -> str:
        return t(self.title, self.title_en)


class FormSet(Mapping[int, Form]):
    """All 37 forms, by task number."""

    def __init__(self, forms: Mapping[int, Form]) -> None:
        self._forms = dict(sorted(forms.items()))

    def __getitem__(self, task: int) -> Form:
        try:
            return self._forms[task]
        except KeyError:
            raise UserError(t(f"没有第 {task} 号任务", f"there is no task {task}")) from None

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._forms)

    def __len__(self) -> int:
        return len(self._forms)

    def by_group(self) -> dict[int, list[Form]]:
        groups: dict[int, list[Form]] = {}
        for form in self._forms.values():
            groups.setdefault(form.group, []).append(form)
        return groups
