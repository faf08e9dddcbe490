"""What the clerk's task list shows of each task: its status, its group, and the list's light row.

Only the standard library and `core.i18n`, so the window can show its list before any domain
module is imported (`ui.first_paint`); `core.entries` and `core.forms` re-export these names.
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

from ecodesk.core.i18n import t


class TaskStatus(StrEnum):
    """What a clerk sees next to a task in the list."""

    NOT_STARTED = "not_started"
    DRAFT = "draft"
    COMPLETE = "complete"
    NOT_MET = "not_met"
    RETURNED = "returned"
    ACCEPTED = "accepted"
    NOT_APPLICABLE = "not_applicable"
    MEASURES_MISSING = "measures_missing"  # complete, then not met by a later target (entries)


# Counted as done in the list's progress and in each group's "done/total".
DONE = frozenset(
    {TaskStatus.COMPLETE, TaskStatus.NOT_MET, TaskStatus.ACCEPTED, TaskStatus.NOT_APPLICABLE}
)


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


class ListedTask(NamedTuple):  # not a dataclass: `dataclasses` costs 4 ms to import at start
    """One line of the clerk's task list: what it shows, and the words its search looks in.

    Made from a `store.workspace.TaskRow` (`TaskRow.listed()`), or read back from the picture
    of the list kept for the next start (`ui.first_paint`), which has no requirement text: its
    `search_text` is the title alone until the real rows arrive."""

    task: int
    group: int
    title: str  # in the UI language
    status: TaskStatus
    tooltip: str
    search_text: str  # lower case: the titles in both languages and the requirement

    def looks(self) -> tuple[int, int, str, TaskStatus, str]:
        """What a person sees of the line (the search words are not seen)."""
        return self.task, self.group, self.title, self.status, self.tooltip
