"""The review matrix: offices (rows) × tasks (columns, in the plan's ten groups) for one period.

Rows are listed and fetched lazily (`canFetchMore`/`fetchMore`) in batches, and only the offices
of a batch are evaluated, so a national-scale database opens as fast as a city's; the column
totals come from SQL over the whole period, counted in idle steps. Filters by office name and
status are applied while fetching; the group filter chooses the columns.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QWidget,
)

from ecodesk.core.evaluation import Status, status_label
from ecodesk.core.forms import GROUP_NUMERALS, FormSet
from ecodesk.core.i18n import t
from ecodesk.core.values import format_value
from ecodesk.store import matrix
from ecodesk.store.matrix import Cell, CellStatus, OfficeRow
from ecodesk.store.workspace import Workspace
from ecodesk.ui.badges import cell_background, cell_icon
from ecodesk.ui.taskforce.i18n import tr

Index = QModelIndex | QPersistentModelIndex

CELL_ROLE = Qt.ItemDataRole.UserRole + 1  # the Cell
STATUS_ROLE = Qt.ItemDataRole.UserRole + 2  # its CellStatus
OFFICE_ROLE = Qt.ItemDataRole.UserRole + 3
TASK_ROLE = Qt.ItemDataRole.UserRole + 4
ROW_ROLE = Qt.ItemDataRole.UserRole + 5  # the OfficeRow (vertical header and any cell)


@dataclass(frozen=True)
class _Tally:
    """The cell statuses of some offices, counted in SQL: one idle step's worth."""

    offices: tuple[str, ...]
    counts: dict[int, Counter[CellStatus]]


class MatrixModel(QAbstractTableModel):
    """Opens with what the first screen shows; the rest comes in idle steps of the event loop.

    `refresh()` lists and evaluates only the first offices (a batch; the view fetches more as it
    scrolls, `canFetchMore`/`fetchMore`), reading nothing else of the period: at national scale
    the window is usable before one scan of the period could finish. The column totals cover
    every office of the period (that the office filter keeps), so they are counted in idle
    steps, a few hundred offices each (`column_counts` in SQL): until then the header says
    计算中… instead of a figure that would be wrong. Whether a reported entry meets its target
    needs core's evaluation: the not-met totals are counted after that, from the rows already
    evaluated and, in more idle steps, from the rest. Totals follow the office-name filter, not
    the status filter, which only picks rows; a filter lists every office at once (SQL narrows
    the offices a status filter must evaluate), so it finds rows however far down they are.
    """

    BATCH = 40  # offices evaluated per fetch: more than a 1366×768 screen shows
    TALLY_BATCH = 256  # offices counted per idle step: ~20 ms at national scale
    SCOUT_BATCH = 16  # offices evaluated per idle step: ~1 ms each, the window stays lively
    FETCH_BUDGET = 0.05  # seconds one fetchMore may spend looking for rows a filter shows

    loaded = Signal(int, int)  # offices loaded, offices in all (-1 while not listed yet)
    totals_counted = Signal()  # the reported / assigned totals cover every office
    counted = Signal()  # the not-met totals cover every office

    def __init__(self, ws: Workspace, period: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.period = period
        self.office_filter = ""
        self.group_filter: int | None = None
        self.status_filter: CellStatus | None = None
        self._offices: list[str] = []  # the period's offices that match the office filter
        self._listed = True  # _offices holds every one (else more are listed as needed)
        self._candidates: list[str] = []  # those the status filter may show
        self._next = 0
        self._rows: list[OfficeRow] = []
        self._tasks: list[int] = self._visible_tasks()
        self._tallies: list[_Tally] = []  # _offices counted, in order, a step's worth each
        self._tallied = False  # the tallies cover every office
        self._counts: dict[int, Counter[CellStatus]] = {}  # their sum, once _tallied
        self._counts_key: tuple[object, ...] = ()  # (_stamp, office filter) of the tallies
        self._stamp: tuple[object, ...] = ()  # (period, database change stamp) of what is known
        self._not_met_of: dict[str, frozenset[int]] = {}  # office -> tasks not met
        self._not_met: Counter[int] = Counter()
        self._scouted = 0  # position in _offices up to which not-met is known
        self._idle = QTimer(self)  # one short step of counting per turn of the event loop
        self._idle.timeout.connect(self._idle_step)
        self._more = QTimer(self)  # goes on looking for filtered rows on the next turn
        self._more.setSingleShot(True)
        self._more.timeout.connect(self.fetchMore)

    # ------------------------------------------------------------ loading

    def refresh(self) -> None:
        """Start over from the database: list and evaluate the first offices, count the rest
        in idle time."""
        self._more.stop()
        self._idle.stop()
        self.beginResetModel()
        needle = self.office_filter.strip()
        self._forget_if_changed(needle)
        if needle or self.status_filter is not None:  # a filter looks at every office
            offices = matrix.period_offices(self.ws.db, self.period, self.forms)
            self._offices = [o for o in offices if needle in o]
            self._listed = True
        else:
            self._offices, self._listed = [], False
            self._list_more(self.BATCH)
        self._candidates = self._offices
        if self.status_filter is not None:
            maybe = matrix.offices_possibly_with(
                self.ws.db, self.period, self.status_filter, self._visible_tasks(), self._offices
            )
            if maybe is not None:
                self._candidates = [o for o in self._offices if o in maybe]
        self._next = 0
        self._rows = []
        self._tasks = self._visible_tasks()
        self.endResetModel()
        if not self._tallied and self._listed and len(self._offices) <= self.TALLY_BATCH:
            self._tally_step()  # a city's offices: counted at once, no placeholder to flash
        if self.canFetchMore(QModelIndex()):
            self.fetchMore(QModelIndex())
        else:
            self.loaded.emit(0, 0)
        self._scouted = 0
        self._idle.start(0)

    def _forget_if_changed(self, needle: str) -> None:
        """Drop what was counted when the database changed since, or the office filter did."""
        stamp = (self.period, matrix.change_stamp(self.ws.db))
        if stamp != self._stamp:  # anything may have changed: evaluate again
            self._stamp = stamp
            self._not_met_of = {}
        if (stamp, needle) != self._counts_key or not self._tallied:
            self._counts_key = (stamp, needle)
            self._tallies, self._tallied, self._counts = [], False, {}

    def _list_more(self, count: int) -> None:
        """List the next `count` offices of the period (no office filter: they come in pages)."""
        after = self._offices[-1] if self._offices else None
        page = matrix.period_offices_page(
            self.ws.db, self.period, self.forms, after=after, limit=count
        )
        self._offices.extend(page)  # _candidates is the same list when no filter is set
        if len(page) < count:
            self._listed = True
            self.loaded.emit(self._next, len(self._candidates))

    def _list_upto(self, count: int) -> None:
        while not self._listed and len(self._offices) < count:
            self._list_more(max(count - len(self._offices), self.BATCH))

    def set_filters(
        self, *, office: str = "", group: int | None = None, status: CellStatus | None = None
    ) -> None:
        self.office_filter, self.group_filter, self.status_filter = office, group, status
        self.refresh()

    @property
    def forms(self) -> FormSet:
        """The forms that judge this period (a form change from a later period leaves it as is)."""
        return self.ws.forms_for(self.period)

    def set_period(self, period: int) -> None:
        self.period = period
        self.refresh()

    def stop(self) -> None:
        """No more idle work (the window closes; the database may close after it)."""
        self._idle.stop()
        self._more.stop()

    def _visible_tasks(self) -> list[int]:
        return [
            form.task
            for form in sorted(self.forms.values(), key=lambda f: (f.group, f.task))
            if self.group_filter is None or form.group == self.group_filter
        ]

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid():
            return False
        return self._next < len(self._candidates) or not self._listed

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        deadline = time.perf_counter() + self.FETCH_BUDGET
        self._list_upto(self._next + self.BATCH)
        while self._next < len(self._candidates):
            batch = self._candidates[self._next : self._next + self.BATCH]
            self._next += len(batch)
            evaluated = self._evaluate(batch)
            rows = [r for r in evaluated if self._shows(r)]
            if rows:
                first = len(self._rows)
                self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
                self._rows.extend(rows)
                self.endInsertRows()
                self._totals_changed()
                break
            if time.perf_counter() > deadline and self._next < len(self._candidates):
                self._more.start(0)  # a rare status: look further without freezing the window
                break
        self.loaded.emit(self._next, len(self._candidates) if self._listed else -1)

    def fetch_all(self) -> None:
        while self.canFetchMore():
            self.fetchMore()

    def _evaluate(self, offices: list[str]) -> list[OfficeRow]:
        rows = matrix.load_rows(self.ws.db, self.forms, self.period, offices)
        for row in rows:
            self._not_met_of[row.office] = frozenset(
                task for task, cell in row.cells.items() if cell.outcome is Status.NOT_MET
            )
        return rows

    def _idle_step(self) -> None:
        """One short step: count the next offices' cell statuses, then their not-met cells."""
        if not self._tallied:
            self._tally_step()
        elif self.counting:
            self._scout_step()
        else:
            self._idle.stop()

    def _tally_step(self) -> None:
        """Count the cell statuses of the next offices in SQL; sum the totals after the last."""
        counted = sum(len(tally.offices) for tally in self._tallies)
        self._list_upto(counted + self.TALLY_BATCH)
        offices = tuple(self._offices[counted : counted + self.TALLY_BATCH])
        if offices:
            counts = matrix.column_counts(self.ws.db, self.forms, self.period, offices=offices)
            self._tallies.append(_Tally(offices, counts))
        if self._listed and counted + len(offices) == len(self._offices):
            self._tallied = True
            self._sum_tallies()
            self.totals_counted.emit()

    def _sum_tallies(self) -> None:
        self._counts = {task: Counter() for task in self.forms}
        for tally in self._tallies:
            for task, column in tally.counts.items():
                self._counts[task].update(column)
        self._totals_changed()

    def _scout_step(self) -> None:
        """Evaluate the next offices not evaluated yet, for the not-met totals."""
        known = self._not_met_of
        while True:
            while self._scouted < len(self._offices) and self._offices[self._scouted] in known:
                self._scouted += 1
            if self._scouted < len(self._offices) or self._listed:
                break
            self._list_more(self.TALLY_BATCH)  # the totals were counted before this refresh
        if self._scouted < len(self._offices):
            batch = [o for o in self._offices[self._scouted :] if o not in known]
            self._evaluate(batch[: self.SCOUT_BATCH])
            return
        self._not_met = Counter()
        for office in self._offices:
            self._not_met.update(known[office])
        self._totals_changed()
        self.counted.emit()

    @property
    def totals_ready(self) -> bool:
        """The reported / assigned totals cover every office."""
        return self._tallied

    @property
    def counting(self) -> bool:
        """The not-met totals do not cover every office yet."""
        return not (self._tallied and self._listed) or self._scouted < len(self._offices)

    def _shows(self, row: OfficeRow) -> bool:
        if self.status_filter is None:
            return True
        return any(row.cells[task].status is self.status_filter for task in self._tasks)

    def reload_offices(self, offices: Iterable[str]) -> None:
        """Re-evaluate and count again these offices after a decision or a change of targets."""
        wanted = set(offices)
        positions = [i for i, row in enumerate(self._rows) if row.office in wanted]
        self._stamp = (self.period, matrix.change_stamp(self.ws.db))  # only these changed
        self._counts_key = (self._stamp, self.office_filter.strip())
        for i, tally in enumerate(self._tallies):
            if wanted.intersection(tally.offices):
                counts = matrix.column_counts(
                    self.ws.db, self.forms, self.period, offices=tally.offices
                )
                self._tallies[i] = _Tally(tally.offices, counts)
        if self._tallied:
            self._sum_tallies()
        fresh = self._evaluate(sorted(wanted))
        by_office = {row.office: row for row in fresh}
        for i in positions:
            self._rows[i] = by_office[self._rows[i].office]
            self.dataChanged.emit(self.index(i, 0), self.index(i, self.columnCount() - 1))
            self.headerDataChanged.emit(Qt.Orientation.Vertical, i, i)
        if not self.counting:
            self._scout_step()  # sums the tallies again
        self._totals_changed()

    def _totals_changed(self) -> None:
        if self._tasks:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._tasks) - 1)

    # ------------------------------------------------------------ reading

    @property
    def offices_loaded(self) -> int:
        return self._next

    @property
    def offices_total(self) -> int | None:
        """How many offices the filters may show; None while they are still being listed."""
        return len(self._candidates) if self._listed else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._tasks)

    def task_at(self, column: int) -> int:
        return self._tasks[column]

    def column_of(self, task: int) -> int:
        return self._tasks.index(task)

    def row_of(self, office: str) -> int:
        for i, row in enumerate(self._rows):
            if row.office == office:
                return i
        return -1

    def office_row(self, row: int) -> OfficeRow:
        return self._rows[row]

    def cell(self, index: Index) -> Cell:
        return self._rows[index.row()].cells[self._tasks[index.column()]]

    def cells(self) -> Iterable[Cell]:
        for row in self._rows:
            for task in self._tasks:
                yield row.cells[task]

    def column_totals(self, task: int) -> tuple[int, int, int | None] | None:
        """(done, assigned, not met) over every office of the period that the office filter
        keeps; None while they are being counted, not met None while that is."""
        if not self._tallied:
            return None
        column = self._counts.get(task, Counter())
        done = sum(column[status] for status in matrix.DONE if status in matrix.SQL_STATUSES)
        assigned = column.total() - column[CellStatus.NOT_ASSIGNED]
        return done, assigned, None if self.counting else self._not_met[task]

    def _totals_text(self, task: int) -> str:
        totals = self.column_totals(task)
        return tr("counting…") if totals is None else f"{totals[0]}/{totals[1]}"

    def _totals_tooltip(self, task: int) -> str:
        totals = self.column_totals(task)
        if totals is None:
            return tr("Totals of every office: counting…")
        done, assigned, not_met = totals
        return (
            tr("Reported: %1 of %2 offices; not met: %3")
            .replace("%1", str(done))
            .replace("%2", str(assigned))
            .replace("%3", "…" if not_met is None else str(not_met))
        )

    def dimmed(self, cell: Cell) -> bool:
        return self.status_filter is not None and cell.status is not self.status_filter

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        cell = self.cell(index)
        if role == CELL_ROLE:
            return cell
        if role == STATUS_ROLE:
            return cell.status
        if role == OFFICE_ROLE:
            return cell.office
        if role == TASK_ROLE:
            return cell.task
        if role == ROW_ROLE:
            return self._rows[index.row()]
        if role == Qt.ItemDataRole.DecorationRole:
            return None if cell.status is CellStatus.NOT_ASSIGNED else cell_icon(cell.status)
        if role == Qt.ItemDataRole.BackgroundRole:
            return QColor("#ffffff") if self.dimmed(cell) else cell_background(cell.status)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            return self.tooltip(cell)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return matrix.cell_status_label(cell.status)
        return None

    def tooltip(self, cell: Cell) -> str:
        form = self.forms[cell.task]
        lines = [
            f"{cell.office} · {cell.task} {form.display_title()}",
            f"{tr('Status')}: {matrix.cell_status_label(cell.status)}",
        ]
        for indicator, evaluation in zip(form.indicators, cell.evaluations, strict=False):
            if evaluation.status.value == "not_applicable":
                continue
            value = indicator.value_in(cell.values)
            shown = format_value(indicator, value) if value is not None else "—"
            unit = indicator.unit if indicator.type.value == "number" and value is not None else ""
            verdict = status_label(evaluation.status)
            gap = f"，{evaluation.gap_text}" if evaluation.gap_text else ""
            lines.append(
                f"{t(indicator.name, indicator.name_en)}: {shown}{unit} "
                f"({tr('target')} {evaluation.target_text}, {verdict}{gap})"
            )
        if cell.review_comment:
            lines.append(f"{tr('Comment')}: {cell.review_comment}")
        return "\n".join(lines)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if section >= len(self._tasks):
                return None
            task = self._tasks[section]
            form = self.forms[task]
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{GROUP_NUMERALS[form.group - 1]}·{task}\n{self._totals_text(task)}"
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{task} {form.display_title()}\n{self._totals_tooltip(task)}"
            if role == TASK_ROLE:
                return task
            return None
        if section >= len(self._rows):
            return None
        row = self._rows[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{row.office} {row.done}/{row.assigned}"
        if role == OFFICE_ROLE:
            return row.office
        if role == ROW_ROLE:
            return row
        return None
