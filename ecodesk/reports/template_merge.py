"""A template made before work done in the window: what differs, who wins, and undoing an import.

A template (format 2) remembers each entry's revision when it was made. An entry whose revision
has moved on since is *stale* in the template: importing it blindly would overwrite work done
in the meantime. Such an entry is never overwritten unless a decision says, per field, which
side wins ("template" or "current"). A format-1 template carries no revisions, so every entry
that already had content is treated as stale: its base is unknown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ecodesk.core.entries import Entry, EntryState
from ecodesk.core.errors import UserError
from ecodesk.core.forms import Form
from ecodesk.core.i18n import t
from ecodesk.core.values import format_value
from ecodesk.store.batch import EntryChange, save_entries

Side = Literal["template", "current"]
SIDES: tuple[Side, ...] = ("template", "current")
# Per task, per field ("values.<indicator>", "plan", "corrective_measures"); or one side for all.
Decisions = Mapping[int, Mapping[str, Side]] | Side


@dataclass(frozen=True)
class FieldComparison:
    field: str  # "values.<indicator id>", "plan" or "corrective_measures"
    label: str  # what the clerk calls it: the indicator's name, 计划安排, 整改措施
    template: str  # the template's value, as shown
    current: str  # the entry's value now, as shown


@dataclass(frozen=True)
class StaleEntry:
    task: int
    title: str
    made_at: int | None  # the entry's revision when the template was made; None: format 1
    revision: int  # the entry's revision now
    fields: tuple[FieldComparison, ...]


class StaleTemplateError(UserError):
    """Entries changed since the template was made and no side was chosen. Nothing was applied."""

    def __init__(self, path: Path, stale: list[StaleEntry]) -> None:
        self.path = path
        self.stale = stale
        lines = [
            t(
                f"{path.name} 制作之后，以下 {len(stale)} 项任务已在本机修改，未导入任何数据：",
                f"{len(stale)} task(s) changed here after {path.name} was made; nothing was imported:",
            )
        ]
        for item in stale:
            lines.append(f"  {stale_heading(item)}")
            lines.extend(
                f"    {c.label}：{t('模板', 'template')} {c.template or '—'}｜"
                f"{t('当前', 'current')} {c.current or '—'}"
                for c in item.fields
            )
        lines.append(
            t(
                "请选择以哪一方为准：--stale template（采用模板的值）或 --stale current（保留当前的值）",
                "choose which side wins: --stale template or --stale current",
            )
        )
        super().__init__("\n".join(lines))


def stale_heading(item: StaleEntry) -> str:
    made = (
        t("模板未记录版本", "the template names no revision")
        if item.made_at is None
        else t(f"模板制作时为第 {item.made_at} 版", f"revision {item.made_at} in the template")
    )
    return t(
        f"任务 {item.task} {item.title}（{made}，现为第 {item.revision} 版）",
        f"task {item.task} {item.title} ({made}, now revision {item.revision})",
    )


def is_stale(entry: Entry | None, revisions: Mapping[int, int] | None, task: int) -> bool:
    if entry is None or entry.revision == 0:
        return False
    if revisions is None:  # format 1: the base is unknown, so anything with content may be newer
        return True
    return revisions.get(task, 0) != entry.revision


def compare(form: Form, entry: Entry | None, change: EntryChange) -> tuple[FieldComparison, ...]:
    """Every field the change would alter, with both sides as the clerk reads them."""
    fields = []
    for key, value in change.values.items():
        indicator = form.indicator(key)
        current = entry.values.get(key) if entry else None
        fields.append(FieldComparison(f"values.{key}", indicator.name,
                                      format_value(indicator, value), format_value(indicator, current)))  # fmt: skip
    for name, label in (("plan", t("计划安排", "plan")),
                        ("corrective_measures", t("整改措施", "corrective measures"))):  # fmt: skip
        new = getattr(change, name)
        if new is not None:
            fields.append(FieldComparison(name, label, new, getattr(entry, name) if entry else ""))
    return tuple(fields)


def decided_side(decisions: Decisions | None, task: int, field: str) -> Side | None:
    if decisions is None:
        return None
    if isinstance(decisions, str):
        return decisions
    return decisions.get(task, {}).get(field)


def keep_template_side(
    change: EntryChange, comparisons: tuple[FieldComparison, ...], decisions: Decisions | None
) -> tuple[EntryChange | None, bool]:
    """(the change with the "current" fields dropped, whether every field was decided)."""
    sides = {c.field: decided_side(decisions, change.task, c.field) for c in comparisons}
    if any(side is None for side in sides.values()):
        return None, False
    values = {k: v for k, v in change.values.items() if sides[f"values.{k}"] == "template"}
    plan = change.plan if sides.get("plan") == "template" else None
    measures = (
        change.corrective_measures if sides.get("corrective_measures") == "template" else None
    )
    if not values and plan is None and measures is None:
        return None, True
    kept = EntryChange(office=change.office, task=change.task, period=change.period,
                       values=values, plan=plan, corrective_measures=measures,
                       expected_revision=change.expected_revision)  # fmt: skip
    return kept, True


@dataclass(frozen=True)
class Undo:
    """What an import changed, so it can be taken back while nobody has touched it since."""

    office: str
    period: int
    before: tuple[tuple[int, Entry | None], ...]  # task -> the entry before the import
    after: tuple[tuple[int, int], ...]  # task -> its revision right after the import


def undo_import(ws: Any, undo: Undo) -> list[int]:
    """Put every entry the import changed back as it was, in one transaction; the tasks restored.

    Refused (nothing changed) when an entry has been edited since the import: undoing then
    would throw that later work away."""
    after = dict(undo.after)
    changes = []
    for task, before in undo.before:
        now = ws.entry(task, undo.period, undo.office)
        if now is None or now.revision != after[task]:
            raise UserError(
                t(
                    f"任务 {task} 在导入之后又有修改，不能撤销这次导入",
                    f"task {task} was changed after the import; the import cannot be undone",
                )
            )
        changes.append(_restore(now, before))
    save_entries(ws.db, changes, who=ws.who, install_id=ws.install_id)
    return [task for task, _ in undo.before]


def _restore(now: Entry, before: Entry | None) -> EntryChange:
    old_values = dict(before.values) if before else {}
    keys = set(now.values) | set(old_values)
    return EntryChange(
        office=now.office, task=now.task, period=now.period,
        values={k: old_values.get(k) for k in keys if old_values.get(k) != now.values.get(k)},
        plan=before.plan if before else "",
        corrective_measures=before.corrective_measures if before else "",
        state=before.state if before else EntryState.DRAFT,
        expected_revision=now.revision,
    )  # fmt: skip
