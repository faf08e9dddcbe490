"""What goes into a yearly archive, gathered once from a workspace as plain values.

The workbook, the evidence zip and the printable report all read this model, so they agree
on every status, every path and every hash. Benchmarks build one directly, without a database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from ecodesk.core.entries import Entry, TaskStatus, task_status
from ecodesk.core.errors import UserError
from ecodesk.core.evaluation import Evaluation, Status, overall
from ecodesk.core.filenames import NameAllocator, portable_name
from ecodesk.core.forms import Form, FormSet
from ecodesk.core.i18n import t
from ecodesk.core.offices import COUNTIES, all_offices
from ecodesk.core.periods import check_period
from ecodesk.core.values import Value
from ecodesk.reports.provenance import (
    Provenance,
    ProvenanceLookup,
    local_provenance,
    workspace_provenance,
)


class Cell(StrEnum):
    """One office's result on one task, as the summary sheet shows it."""

    MET = "met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"
    MISSING = "missing"  # assigned, but nothing reported
    NOT_APPLICABLE = "not_applicable"
    BASELINE = "baseline"  # 2022: short of the end-2023 target, the plan's starting point


# BASELINE last: the archive's summary sheet counts the first four (2022 only has the fifth).
CELL_ORDER = (
    Cell.MET, Cell.NOT_MET, Cell.UNKNOWN, Cell.MISSING, Cell.NOT_APPLICABLE, Cell.BASELINE
)  # fmt: skip


def cell_label(cell: Cell) -> str:
    return {
        Cell.MET: t("达标", "met"),
        Cell.NOT_MET: t("未达标", "not met"),
        Cell.UNKNOWN: t("待定", "unknown"),
        Cell.MISSING: t("缺报", "missing"),
        Cell.NOT_APPLICABLE: t("不适用", "n/a"),
        Cell.BASELINE: t("基线", "baseline"),
    }[cell]


@dataclass(frozen=True)
class EvidenceItem:
    name: str
    sha256: str
    size: int
    path: str  # where the file sits in the evidence archive


@dataclass(frozen=True)
class Record:
    """One office's entry (or its absence) on one assigned task."""

    office: str
    form: Form
    entry: Entry | None
    cell: Cell
    status: TaskStatus
    values: dict[str, Value]
    evaluations: tuple[Evaluation, ...]
    evidence: tuple[EvidenceItem, ...]
    provenance: Provenance | None


@dataclass(frozen=True)
class ArchiveData:
    period: int
    offices: tuple[str, ...]
    forms: FormSet
    records: dict[tuple[str, int], Record]  # (office, task) -> record; absent: not assigned
    stamp: datetime  # the newest change in the data; the files carry it instead of "now"

    def record(self, office: str, task: int) -> Record | None:
        return self.records.get((office, task))

    @property
    def counties(self) -> tuple[str, ...]:
        return tuple(o for o in self.offices if o in COUNTIES)


OFFICE_FOLDER_UNITS = 30  # with a 40-unit task folder and an 80-unit file name, every
TASK_FOLDER_UNITS = 40  # evidence path stays within core.filenames.MAX_PATH (160)


def office_folder(office: str) -> str:
    return portable_name(office, max_units=OFFICE_FOLDER_UNITS)


def task_folder(form: Form) -> str:
    return portable_name(f"{form.task:02d}-{form.title}", max_units=TASK_FOLDER_UNITS)


def evidence_items(
    period: int, office: str, form: Form, entry: Entry | None
) -> tuple[EvidenceItem, ...]:
    """Each evidence file with its place in the archive: 期间/单位/任务号-任务名/文件.

    Names are portable (core/filenames.py): `Report.pdf` and `report.pdf` of one task, or two
    files that differ only in Unicode normalisation, get distinct names (the second carries the
    first 8 digits of its hash), and a name Windows reserves is changed.
    """
    if entry is None:
        return ()
    folder = f"{period}/{office_folder(office)}/{task_folder(form)}"
    names = NameAllocator()
    items = []
    for evidence in sorted(entry.evidence, key=lambda e: (e.name, e.sha256)):
        name = names.allocate(evidence.name, tag=evidence.sha256[:8])
        items.append(
            EvidenceItem(evidence.name, evidence.sha256, evidence.size, f"{folder}/{name}")
        )
    return tuple(items)


def cell_for(entry: Entry | None, evaluations: Sequence[Evaluation]) -> Cell:
    if entry is None or (entry.revision == 0 and not entry.values):
        return Cell.MISSING
    if entry.not_applicable:
        return Cell.NOT_APPLICABLE
    return {
        Status.MET: Cell.MET,
        Status.NOT_MET: Cell.NOT_MET,
        Status.UNKNOWN: Cell.UNKNOWN,
        Status.NOT_APPLICABLE: Cell.NOT_APPLICABLE,
        Status.INVALID: Cell.UNKNOWN,  # the detail sheets say why: "数值无效：…"
        Status.BASELINE: Cell.BASELINE,
    }[overall(list(evaluations))]


def make_record(
    period: int,
    office: str,
    form: Form,
    entry: Entry | None,
    evaluations: Sequence[Evaluation],
    provenance: ProvenanceLookup = local_provenance,
) -> Record:
    return Record(
        office=office,
        form=form,
        entry=entry,
        cell=cell_for(entry, evaluations),
        status=task_status(entry, list(evaluations)),
        values=dict(entry.values) if entry else {},
        evaluations=tuple(evaluations),
        evidence=evidence_items(period, office, form, entry),
        provenance=provenance(entry) if entry else None,
    )


def default_stamp(period: int) -> datetime:
    return datetime(period, 12, 31, 0, 0, 0)


def newest_change(entries: Sequence[Entry], period: int) -> datetime:
    """The time of the newest change among `entries` (UTC, whole seconds); files carry it."""
    times = [e.updated_at for e in entries if e.updated_at]
    if not times:
        return default_stamp(period)
    newest = datetime.fromisoformat(max(times))
    if newest.tzinfo is not None:
        newest = newest.astimezone(UTC).replace(tzinfo=None)
    return newest.replace(microsecond=0)


def archive_offices(ws: Any, period: int, office: str | None = None) -> tuple[str, ...]:
    """The offices an archive covers: one, or every office with at least one assigned task."""
    if office:
        ws._office(office)  # refuses an unknown office with a clear message
        return (office,)
    return tuple(o.name for o in all_offices() if ws.tasks(period, o.name))


def collect(ws: Any, period: int, office: str | None = None) -> ArchiveData:
    """Gather everything one archive holds from a `Workspace` (any object with its methods).

    `office`: only that office (an office's own archive); None: every office with assigned
    tasks (the task force's archive).
    """
    check_period(period)
    offices = archive_offices(ws, period, office)
    if not offices:
        raise UserError(t(f"{period} 年没有任何任务分配", f"no tasks are assigned in {period}"))
    lookup = workspace_provenance(ws.db)
    records: dict[tuple[str, int], Record] = {}
    for name in offices:
        for task in ws.tasks(period, name):
            row = ws.task_row(task, period, name)
            records[(name, task)] = make_record(
                period, name, row.form, row.entry, row.evaluations, lookup
            )
    return ArchiveData(
        period,
        offices,
        ws.forms_for(period),
        records,
        newest_change([r.entry for r in records.values() if r.entry], period),
    )
