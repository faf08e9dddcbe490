"""The task force's view of a period: one status per office and task, and its review decisions.

Queries are batched per list of offices so the GUI can fetch and evaluate only the rows it shows
(a national-scale database holds thousands of offices). Evaluation itself is core's; this module
only gathers what it needs (values, previous period, assigned targets, assignments) in a few
queries instead of a few per cell.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache

from ecodesk.core.assignments import is_city_wide
from ecodesk.core.entries import EntryState, Review
from ecodesk.core.errors import UserError
from ecodesk.core.evaluation import Context, Evaluation, Status, evaluate_form, overall
from ecodesk.core.forms import Form, FormSet
from ecodesk.core.i18n import t
from ecodesk.core.offices import OFFICE_NAMES, OfficeKind, all_offices
from ecodesk.core.periods import previous_period
from ecodesk.core.values import Value, format_value
from ecodesk.store.db import write_transaction
from ecodesk.store.entries import get_entry_by_uuid, record_review_tx
from ecodesk.store.sqlite import Database


class CellStatus(StrEnum):
    """What one cell of the review matrix shows, most urgent first when several apply."""

    NOT_ASSIGNED = "not_assigned"
    MISSING = "missing"
    DRAFT = "draft"
    COMPLETE = "complete"  # complete, but whether the target is met is unknown
    MET = "met"
    NOT_MET = "not_met"
    RETURNED = "returned"
    ACCEPTED = "accepted"
    CONFLICT = "conflict"
    NOT_APPLICABLE = "not_applicable"
    INVALID = "invalid"  # complete, but a stored value breaks the validator (an older version's)
    BASELINE = "baseline"  # complete, 2022, short of the end-2023 target: the starting point
    MEASURES_MISSING = "measures_missing"  # complete, now not met (target set later), no measures


def cell_status_label(status: CellStatus) -> str:
    return {
        CellStatus.NOT_ASSIGNED: t("未分配", "not assigned"),
        CellStatus.MISSING: t("未报送", "missing"),
        CellStatus.DRAFT: t("草稿", "draft received"),
        CellStatus.COMPLETE: t("待定", "unknown"),  # complete; whether met is not known yet
        CellStatus.MET: t("达标", "met"),
        CellStatus.NOT_MET: t("未达标", "not met"),
        CellStatus.RETURNED: t("已退回", "returned"),
        CellStatus.ACCEPTED: t("已通过", "accepted"),
        CellStatus.CONFLICT: t("冲突", "conflict"),
        CellStatus.NOT_APPLICABLE: t("不适用", "not applicable"),
        CellStatus.INVALID: t("数值无效", "invalid value"),
        CellStatus.BASELINE: t("基线", "baseline"),
        CellStatus.MEASURES_MISSING: t("目标已更新，缺整改措施", "target changed, no measures"),
    }[status]


# Reported and usable: counts towards "成县 31/37".
DONE = frozenset(
    {
        CellStatus.COMPLETE,
        CellStatus.MET,
        CellStatus.NOT_MET,
        CellStatus.ACCEPTED,
        CellStatus.NOT_APPLICABLE,
        CellStatus.BASELINE,
    }
)
# Can be accepted. A cell missing corrective measures can only be returned (RETURNABLE).
REVIEWABLE = frozenset(
    {CellStatus.COMPLETE, CellStatus.MET, CellStatus.NOT_MET, CellStatus.BASELINE}
)
RETURNABLE = REVIEWABLE | {
    CellStatus.DRAFT,
    CellStatus.NOT_APPLICABLE,
    CellStatus.MEASURES_MISSING,
    CellStatus.INVALID,  # a line the validator refuses today: the office must correct it
}


@dataclass(frozen=True)
class Cell:
    office: str
    task: int
    status: CellStatus
    uuid: str = ""
    revision: int = 0
    values: Mapping[str, Value] = field(default_factory=dict)
    evaluations: tuple[Evaluation, ...] = ()
    outcome: Status | None = None  # overall evaluation when the entry has values
    review_comment: str = ""


@dataclass(frozen=True)
class OfficeRow:
    office: str
    cells: Mapping[int, Cell]

    @property
    def assigned(self) -> int:
        return sum(1 for c in self.cells.values() if c.status is not CellStatus.NOT_ASSIGNED)

    @property
    def done(self) -> int:
        return sum(1 for c in self.cells.values() if c.status in DONE)


@cache
def _kind(office: str) -> OfficeKind:
    for known in all_offices():
        if known.name == office:
            return known.kind
    return OfficeKind.COUNTY  # offices outside Longnan (other cities' data) report every task


def assigned_by_default(form: Form, office: str) -> bool:
    return _kind(office) is not OfficeKind.DEPARTMENT or office in form.lead


_PLAN_ORDER = {office.name: position for position, office in enumerate(all_offices())}


def period_offices(db: Database, period: int, forms: FormSet | None = None) -> list[str]:
    """Rows of the matrix: every Longnan office that owes a task in the period (with `forms`,
    a lead department that never reported too: it shows as 未报送), or reports anything; then
    any other office found, by name."""
    return period_offices_page(db, period, forms, after=None, limit=None)


def period_offices_page(
    db: Database, period: int, forms: FormSet | None, *, after: str | None, limit: int | None
) -> list[str]:
    """The next `limit` offices of `period_offices` after the office `after` (None: from the
    first), in the same order. It reads only the index entries of the offices it returns, so a
    national-scale matrix lists its first screen without a scan of the period."""
    if after is not None and after not in OFFICE_NAMES:
        return _other_offices(db, period, after=after, limit=limit)
    known = _longnan_offices(db, period, forms)
    if after is not None:  # by the plan's order: `after` may have lost its row since
        position = _PLAN_ORDER[after]
        known = [name for name in known if _PLAN_ORDER[name] > position]
    page = known if limit is None else known[:limit]
    rest = None if limit is None else limit - len(page)
    return page if rest == 0 else page + _other_offices(db, period, after="", limit=rest)


def _longnan_offices(db: Database, period: int, forms: FormSet | None) -> list[str]:
    """Longnan's offices with a row, in the plan's order: every county and the zone; a
    department when it reports or is assigned something (or, with `forms`, owes a task)."""
    departments = [o.name for o in all_offices() if o.kind is OfficeKind.DEPARTMENT]
    marks = _in(departments)
    found = {
        office
        for (office,) in db.execute(
            f"SELECT DISTINCT office FROM entries WHERE +period = ? AND office IN ({marks}) "
            "UNION SELECT DISTINCT office FROM assignments WHERE period = ? AND assigned = 1",
            [period, *departments, period],
        ).fetchall()
    }
    owing = _owing_departments(db, period, forms) if forms is not None else set()
    return [
        o.name
        for o in all_offices()
        if o.name in found or o.name in owing or o.kind is not OfficeKind.DEPARTMENT
    ]


def _other_offices(db: Database, period: int, *, after: str, limit: int | None) -> list[str]:
    """Offices outside Longnan (other cities' data) with entries or assignments in the period,
    by name after `after`: the index on (office, task, period) walked in order, no scan."""
    found: list[str] = []
    while limit is None or len(found) < limit:
        want = -1 if limit is None else limit - len(found)
        names = sorted(
            {
                office
                for sql in (
                    "SELECT DISTINCT office FROM entries WHERE +period = ? AND office > ? "
                    "ORDER BY office LIMIT ?",
                    "SELECT DISTINCT office FROM assignments WHERE period = ? AND assigned = 1 "
                    "AND office > ? ORDER BY office LIMIT ?",
                )
                for (office,) in db.execute(sql, [period, after, want]).fetchall()
            }
        )  # SQLite orders names by their UTF-8 bytes: Python's order of code points
        if want >= 0:
            names = names[:want]
        found += [name for name in names if name not in OFFICE_NAMES]
        if want < 0 or len(names) < want:
            break
        after = names[-1]
    return found


def _owing_departments(db: Database, period: int, forms: FormSet) -> set[str]:
    """Departments that lead a task of `forms`, unless the task force unassigned every one."""
    unassigned = set(
        db.execute(
            "SELECT office, task FROM assignments WHERE period = ? AND assigned = 0", [period]
        ).fetchall()
    )
    return {
        office
        for task, form in forms.items()
        for office in form.lead
        if _kind(office) is OfficeKind.DEPARTMENT and (office, task) not in unassigned
    }


def _in(offices: Sequence[object]) -> str:
    return ",".join("?" * len(offices))


def load_rows(db: Database, forms: FormSet, period: int, offices: Sequence[str]) -> list[OfficeRow]:
    """Evaluate every cell of these offices' rows (a handful of queries, whatever the count)."""
    if not offices:
        return []
    marks = _in(offices)
    entries: dict[tuple[str, int], tuple] = {}  # type: ignore[type-arg]
    for row in db.execute(
        "SELECT office, task, uuid, values_json, not_applicable, state, review, review_comment, "
        f"revision, corrective_measures FROM entries WHERE +period = ? AND office IN ({marks})",
        [period, *offices],
    ).fetchall():
        entries[(row[0], row[1])] = row
    previous: dict[tuple[str, int], dict[str, Value]] = {}
    before = previous_period(period)
    if before is not None:
        for office, task, values_json in db.execute(
            f"SELECT office, task, values_json FROM entries WHERE +period = ? AND office IN ({marks})",
            [before, *offices],
        ).fetchall():
            previous[(office, task)] = json.loads(values_json or "{}")
    assigned: dict[tuple[str, int], dict[str, float]] = {}
    for office, task, indicator, value in db.execute(
        "SELECT office, task, indicator, value FROM assigned_targets "
        f"WHERE period = ? AND office IN ({marks})",
        [period, *offices],
    ).fetchall():
        assigned.setdefault((office, task), {})[indicator] = value
    overrides = {
        (office, task): bool(flag)
        for office, task, flag in db.execute(
            f"SELECT office, task, assigned FROM assignments WHERE period = ? AND office IN ({marks})",
            [period, *offices],
        ).fetchall()
    }
    conflicted = {  # conflicts are rare: read them all rather than join the entries
        uuid
        for (uuid,) in db.execute(
            "SELECT DISTINCT entry_uuid FROM conflicts WHERE COALESCE(resolved, 0) = 0"
        ).fetchall()
    }
    rows = []
    for office in offices:
        cells = {}
        for task, form in forms.items():
            key = (office, task)
            if not overrides.get(key, assigned_by_default(form, office)):
                cells[task] = Cell(office, task, CellStatus.NOT_ASSIGNED)
                continue
            ctx = Context(
                office=office,
                city_wide=is_city_wide(form, office),
                previous=previous.get(key) if before is not None and key in previous else None,
                assigned=assigned.get(key),
                period=period,
            )
            cells[task] = _cell(form, office, entries.get(key), ctx, conflicted)
        rows.append(OfficeRow(office, cells))
    return rows


def _cell(form: Form, office: str, row: tuple | None, ctx: Context, conflicted: set[str]) -> Cell:  # type: ignore[type-arg]
    if row is None:
        return Cell(office, form.task, CellStatus.MISSING)
    _, _, uuid, values_json, not_applicable, state, review, comment, revision, measures = row
    values = json.loads(values_json or "{}")
    if revision == 0 and not values:
        return Cell(office, form.task, CellStatus.MISSING, uuid)
    evaluations = tuple(evaluate_form(form, values, ctx)) if values else ()
    outcome = overall(list(evaluations)) if evaluations else None
    if uuid in conflicted:
        status = CellStatus.CONFLICT
    elif review == Review.ACCEPTED.value:
        status = CellStatus.ACCEPTED
    elif review == Review.RETURNED.value:
        status = CellStatus.RETURNED
    elif state != EntryState.COMPLETE.value:
        status = CellStatus.DRAFT
    elif not_applicable:
        status = CellStatus.NOT_APPLICABLE
    elif outcome is Status.INVALID:
        status = CellStatus.INVALID
    elif outcome is Status.MET:
        status = CellStatus.MET
    elif outcome is Status.NOT_MET and not (measures or "").strip():
        status = CellStatus.MEASURES_MISSING  # see core.entries.measures_missing
    elif outcome is Status.NOT_MET:
        status = CellStatus.NOT_MET
    elif outcome is Status.BASELINE:
        status = CellStatus.BASELINE
    else:
        status = CellStatus.COMPLETE
    return Cell(
        office, form.task, status, uuid, revision, values, evaluations, outcome, comment or ""
    )


# What SQL can tell of a cell without evaluating it: the order of `_cell`, with COMPLETE standing
# for "complete, met / not met / unknown" (evaluation splits it). Unassigned pairs are corrected
# in Python: they are few (departments' non-lead tasks and explicit assignments).
_SQL_STATUS = """CASE
    WHEN revision = 0 AND COALESCE(values_json, '') IN ('', '{}') THEN 'missing'
    WHEN uuid IN (SELECT entry_uuid FROM conflicts WHERE COALESCE(resolved, 0) = 0) THEN 'conflict'
    WHEN review = 'accepted' THEN 'accepted'
    WHEN review = 'returned' THEN 'returned'
    WHEN COALESCE(state, '') != 'complete' THEN 'draft'
    WHEN not_applicable THEN 'not_applicable'
    ELSE 'complete' END"""
# Statuses SQL knows exactly; MET, NOT_MET and COMPLETE need core's evaluation.
SQL_STATUSES = frozenset(CellStatus) - {
    CellStatus.MET,
    CellStatus.NOT_MET,
    CellStatus.INVALID,
    CellStatus.BASELINE,
    CellStatus.MEASURES_MISSING,
}


def change_stamp(db: Database) -> tuple[int, int]:
    """Differs whenever anything was committed since, by this connection or another one."""
    (version,) = db.execute("PRAGMA data_version").fetchone()
    return version, db.conn.total_changes


def column_counts(
    db: Database,
    forms: FormSet,
    period: int,
    *,
    office_contains: str = "",
    offices: Sequence[str] | None = None,
) -> dict[int, Counter[CellStatus]]:
    """Per task, how many of the period's offices (whose name contains `office_contains`) are
    in each cell status: exact for all statuses but COMPLETE, which also counts the met and the
    not met. One scan of the period with a GROUP BY, no evaluation. `offices`, when
    given, are the offices to count instead (some of `period_offices`, a few hundred at a time,
    say): then only their entries are read, through the index on office."""
    if offices is None:
        offices = [o for o in period_offices(db, period) if office_contains in o]
        where = "+period = ?" + (" AND instr(office, ?) > 0" if office_contains else "")
        params: list[object] = [period, office_contains] if office_contains else [period]
    else:
        where, params = f"+period = ? AND office IN ({_in(offices)})", [period, *offices]
    listed = set(offices)
    overrides = {
        (office, task): bool(flag)
        for office, task, flag in db.execute(
            "SELECT office, task, assigned FROM assignments WHERE period = ?", [period]
        ).fetchall()
        if office in listed
    }
    departments = [o for o in offices if _kind(o) is OfficeKind.DEPARTMENT]
    counts: dict[int, Counter[CellStatus]] = {task: Counter() for task in forms}
    for task, status, n in db.execute(
        f"SELECT task, {_SQL_STATUS} AS status, COUNT(*) FROM entries WHERE {where} "
        "GROUP BY task, status",
        params,
    ).fetchall():
        if task in counts:
            counts[task][CellStatus(status)] = n
    # Entries of pairs that are not assigned show as "not assigned": take them out again.
    exceptional = sorted({*departments, *(office for office, _ in overrides)})
    if exceptional:
        for office, task, status in db.execute(
            f"SELECT office, task, {_SQL_STATUS} FROM entries "
            f"WHERE office IN ({_in(exceptional)}) AND +period = ?",  # the office index, no scan
            [*exceptional, period],
        ).fetchall():
            form = forms.get(task)
            if form is not None and not overrides.get(
                (office, task), assigned_by_default(form, office)
            ):
                counts[task][CellStatus(status)] -= 1
    for task, form in forms.items():
        assigned = sum(
            overrides.get((office, task), assigned_by_default(form, office))
            for office in departments
        ) + (len(offices) - len(departments))
        for (office, other), flag in overrides.items():
            if other == task and _kind(office) is not OfficeKind.DEPARTMENT and not flag:
                assigned -= 1
        column = counts[task]
        column[CellStatus.MISSING] += assigned - sum(column.values())
        column[CellStatus.NOT_ASSIGNED] = len(offices) - assigned
    return counts


def offices_possibly_with(
    db: Database,
    period: int,
    status: CellStatus,
    tasks: Sequence[int],
    offices: Sequence[str] | None = None,
) -> set[str] | None:
    """Offices that may show `status` in one of these tasks (a superset: evaluation and the
    assignments decide); None when SQL cannot narrow it down."""
    if not tasks or status is CellStatus.NOT_ASSIGNED:
        return None
    marks = _in(tasks)
    if status is CellStatus.MISSING:  # fewer reported cells than tasks
        rows = db.execute(
            f"SELECT office FROM entries WHERE +period = ? AND task IN ({marks}) "
            f"GROUP BY office HAVING SUM({_SQL_STATUS} != 'missing') >= ?",
            [period, *tasks, len(tasks)],
        ).fetchall()
        complete = {office for (office,) in rows}
        listed = period_offices(db, period) if offices is None else offices
        return {o for o in listed if o not in complete}
    code = CellStatus.COMPLETE if status not in SQL_STATUSES else status
    return {
        office
        for (office,) in db.execute(
            f"SELECT DISTINCT office FROM entries WHERE +period = ? AND task IN ({marks}) "
            f"AND {_SQL_STATUS} = ?",
            [period, *tasks, code.value],
        ).fetchall()
    }


# ---------------------------------------------------------------- review decisions


def accept_entries(db: Database, *, uuids: Iterable[str], who: str) -> list[str]:
    """Accept every reviewable entry among `uuids` in one transaction; return those accepted.

    Drafts, returned, already accepted and conflicting entries are skipped: each needs a
    decision of its own.
    """
    accepted = []
    with write_transaction(db):
        for uuid in uuids:
            entry = get_entry_by_uuid(db, uuid)
            if entry is None or entry.state is not EntryState.COMPLETE:
                continue
            if entry.review is not Review.NONE or _has_conflict(db, uuid):
                continue
            record_review_tx(db, entry=entry, review=Review.ACCEPTED, comment="", who=who)
            accepted.append(uuid)
    return accepted


def _has_conflict(db: Database, uuid: str) -> bool:
    row = db.execute(
        "SELECT 1 FROM conflicts WHERE entry_uuid = ? AND COALESCE(resolved, 0) = 0 LIMIT 1", [uuid]
    ).fetchone()
    return row is not None


def reopen_entry(db: Database, *, uuid: str, reason: str, who: str) -> None:
    """Unlock an accepted entry; the reason is kept in the audit trail and shown to the office."""
    if not reason.strip():
        raise UserError(t("重新打开时必须说明理由", "a reason is required to reopen an entry"))
    with write_transaction(db):
        entry = get_entry_by_uuid(db, uuid)
        if entry is None:
            raise UserError(t(f"没有编号为 {uuid} 的记录", f"no entry {uuid}"))
        if entry.review is not Review.ACCEPTED:
            raise UserError(
                t("只有已通过的记录需要重新打开", "only accepted entries can be reopened")
            )
        record_review_tx(db, entry=entry, review=Review.NONE, comment=reason, who=who,
                         audited_as="reopened")  # fmt: skip


# ---------------------------------------------------------------- series across periods


def indicator_series(db: Database, *, task: int, indicator: str, office: str) -> dict[int, Value]:
    """One office's value of one indicator in every period it reported it."""
    series: dict[int, Value] = {}
    for period, values_json in db.execute(
        "SELECT period, values_json FROM entries WHERE task = ? AND office = ? ORDER BY period",
        [task, office],
    ).fetchall():
        value = json.loads(values_json or "{}").get(indicator)
        if value is not None:
            series[period] = value
    return series


def periods_with_data(db: Database) -> list[int]:
    return [p for (p,) in db.execute("SELECT DISTINCT period FROM entries ORDER BY period")]


# ---------------------------------------------------------------- city-wide targets


@dataclass(frozen=True)
class LeadFigure:
    """One lead unit's city-wide figure of one indicator (tasks 2, 15, 32 and 33 have two leads)."""

    office: str
    value: Value
    status: Status


@dataclass(frozen=True)
class CityIndicator:
    """One indicator city-wide: the lead units' figures against the city target, and the counties."""

    form: Form
    indicator_id: str
    lead_office: str  # the lead units that reported it, joined with 、; "" when none has
    value: Value  # the first reported lead figure (`leads` holds every one)
    status: Status  # every lead's figure together (`overall`): not met if one is not met
    target_text: str
    county_status: Mapping[str, Status]
    county_values: Mapping[str, Value]
    leads: tuple[LeadFigure, ...] = ()  # every lead unit that reported a figure, in plan order

    def figures_text(self) -> str:
        """The city figure as shown: one lead's value, or each lead's named ("市财政局 30%；…")."""
        indicator = self.form.indicator(self.indicator_id)
        if len(self.leads) > 1:
            return "；".join(f"{f.office} {format_value(indicator, f.value)}" for f in self.leads)
        return format_value(indicator, self.value) if self.value is not None else "—"

    def count(self, status: Status) -> int:
        return sum(1 for s in self.county_status.values() if s is status)

    @property
    def spread(self) -> tuple[float, float] | None:
        numbers = [
            float(v)
            for v in self.county_values.values()
            if isinstance(v, int | float) and not isinstance(v, bool)
        ]
        return (min(numbers), max(numbers)) if numbers else None


def city_targets(db: Database, forms: FormSet, period: int) -> list[CityIndicator]:
    from ecodesk.core.offices import COUNTIES

    lead_units = sorted({office for form in forms.values() for office in form.lead})
    rows = {row.office: row for row in load_rows(db, forms, period, [*COUNTIES, *lead_units])}
    result = []
    for task, form in forms.items():
        for position, indicator in enumerate(form.indicators):
            leads = _lead_figures(form, position, rows)
            ctx = Context(office=form.lead[0] if form.lead else "", city_wide=True, period=period)
            empty = evaluate_form(form, {}, ctx)[position]
            if leads:
                status = overall([Evaluation(indicator.id, f.status, "") for f in leads])
            elif empty.status is Status.NOT_APPLICABLE:  # reported by the counties only
                status = Status.NOT_APPLICABLE
            else:
                status = Status.UNKNOWN
            text = empty.target_text
            county_status: dict[str, Status] = {}
            county_values: dict[str, Value] = {}
            for county in COUNTIES:
                cell = rows[county].cells[task]
                if cell.status in (CellStatus.NOT_ASSIGNED, CellStatus.NOT_APPLICABLE):
                    continue
                evaluation = cell.evaluations[position] if cell.evaluations else None
                if evaluation is not None and evaluation.status is Status.NOT_APPLICABLE:
                    continue
                county_status[county] = evaluation.status if evaluation else Status.UNKNOWN
                county_values[county] = indicator.value_in(cell.values)
            result.append(
                CityIndicator(
                    form,
                    indicator.id,
                    "、".join(f.office for f in leads),
                    leads[0].value if leads else None,
                    status,
                    text,
                    county_status,
                    county_values,
                    leads,
                )
            )
    return result


def _lead_figures(
    form: Form, position: int, rows: Mapping[str, OfficeRow]
) -> tuple[LeadFigure, ...]:
    """Each lead unit's reported figure of the form's `position`-th indicator, none left out."""
    indicator = form.indicators[position]
    figures = []
    for office in form.lead:
        cell = rows[office].cells[form.task]
        value = indicator.value_in(cell.values)
        if value is not None and cell.evaluations:
            figures.append(LeadFigure(office, value, cell.evaluations[position].status))
    return tuple(figures)
