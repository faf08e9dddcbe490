"""How old the newest task package at an office is (no Qt, no cryptography: the clerk's window
shows it at start-up).

If no new package arrives for long, someone may be holding the task force's packages back (a
freeze attack, or a stick forgotten in a drawer): the clerk sees the date and is told to ask.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ecodesk.core.i18n import t
from ecodesk.core.timefmt import local_time
from ecodesk.store import bundles as bundle_store

STALE_DAYS = 60  # a newest task package older than this is shown as a warning (freeze attack)


@dataclass(frozen=True)
class NewestPackage:
    """The newest task package this office imported: if none arrives for long, someone may be
    holding the task force's packages back (a freeze), so its age is shown to the clerk."""

    sequence: int
    created: str  # when the task force made it, as it signed it
    age_days: int

    @property
    def stale(self) -> bool:
        return self.age_days > STALE_DAYS

    def describe(self) -> str:
        made = local_time(self.created, seconds=False)[:10]
        text = t(f"最新任务包：第 {self.sequence} 号，{made} 生成（{self.age_days} 天前）",
                 f"newest task package: number {self.sequence}, made {made} ({self.age_days} days ago)")  # fmt: skip
        if self.stale:
            text += t(f"。已超过 {STALE_DAYS} 天没有新的任务包，请向工作专班核实是否有新的任务包",
                      f". No new task package for over {STALE_DAYS} days: ask the task force whether one was sent")  # fmt: skip
        return text


def newest_package(ws: Any) -> NewestPackage | None:
    """The newest task package imported at this office (None before the first, or at the task force)."""
    if ws.is_task_force:
        return None
    record = bundle_store.newest_package(ws.db, direction="in", office=ws.office)
    if record is None:
        return None
    try:
        made = datetime.fromisoformat(record.created)
        age = (datetime.now(UTC) - made).days if made.tzinfo else 0
    except ValueError:
        age = 0
    return NewestPackage(record.sequence, record.created, max(age, 0))


def package_age_text(ws: Any) -> tuple[str, bool]:
    """What the clerk reads about the newest task package, and whether it is a warning."""
    newest = newest_package(ws)
    if newest is None:
        return t(
            "尚未导入工作专班的任务包", "no task package from the task force imported yet"
        ), False
    return newest.describe(), newest.stale
