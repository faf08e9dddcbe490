"""The review matrix: offices (rows) × tasks (columns, in the plan's ten groups) for one period.

Rows are fetched lazily (`canFetchMore`/`fetchMore`) in batches, and only the offices of a batch
are evaluated, so a national-scale database opens as fast as a city's; the column totals come from
SQL over the whole period. Filters by office name and status are applied while fetching; the
group filter chooses the columns.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable
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


class MatrixModel(QAbstractTableModel):
    """Rows are evaluated a batch at a time, as the view scrolls; the column totals are not.

    `refresh()` counts every cell status of the whole period in SQL (`column_counts`) and shows
    the first batch, so "reported / assigned" in the header is right for all offices at once.
    Whether a reported entry meets its target needs core's evaluation: the not-met figure is
    counted from the rows already evaluated and, in idle steps of the event loop, from the rest
    (`counting` until then). Totals follow the office-name filter, not the status filter, which
    only picks rows; SQL narrows the offices a status filter must evaluate.
    """

    BATCH = 64
    SCOUT_BATCH = 32  # offices evaluated per idle step: a few ms each, the window stays lively
    FETCH_BUDGET = 0.05  # seconds one fetchMore may spend looking for rows a filter shows

    loaded = Signal(int, int)  # offices loaded, offices in all
    counted = Signal()  # the not-met totals cover every office

    def __init__(self, ws: Workspace, period: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.period = period
        self.office_filter = ""
        self.group_filter: int | None = None
        self.status_filter: CellStatus | None = None
        self._offices: list[str] = []  # the period's offices that match the office filter
        self._candidates: list[str] = []  # those the status filter may show
        self._next = 0
        self._rows: list[OfficeRow] = []
        self._tasks: list[int] = self._visible_tasks()
        self._counts: dict[int, Counter[CellStatus]] = {}
        self._counts_key: tuple[object, ...] = ()
        self._stamp: tuple[object, ...] = ()  # (period, database change stamp) of the tallies
        self._not_met_of: dict[str, frozenset[int]] = {}  # office -> tasks not met
        self._not_met: Counter[int] = Counter()
        self._scouted = 0  # position in _offices up to which not-met is known
        self._scout = QTimer(self)
        self._scout.timeout.connect(self._scout_step)
        self._more = QTimer(self)  # goes on looking for filtered rows on the next turn
        self._more.setSingleShot(True)
        self._more.timeout.connect(self.fetchMore)

    # ------------------------------------------------------------ loading

    def refresh(self) -> None:
        """Start over from the database: count the whole period, evaluate the first batch."""
        self._more.stop()
        self.beginResetModel()
        needle = self.office_filter.strip()
        offices = matrix.period_offices(self.ws.db, self.period, self.ws.forms_for(self.period))
        self._offices = [o for o in offices if needle in o] if needle else offices
        self._update_counts(needle)
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
        if self.canFetchMore(QModelIndex()):
            self.fetchMore(QModelIndex())
        else:
            self.loaded.emit(0, 0)
        self._scouted = 0
        self._scout_step(budget=0)

    def _update_counts(self, needle: str) -> None:
        stamp = (self.period, matrix.change_stamp(self.ws.db))
        if stamp != self._stamp:  # anything may have changed: evaluate again
            self._stamp = stamp
            self._not_met_of = {}
        key = (*stamp, needle)
        if key != self._counts_key:
            self._counts = matrix.column_counts(
                self.ws.db, self.forms, self.period, office_contains=needle, offices=self._offices
            )
            self._counts_key = key

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
        self._scout.stop()
        self._more.stop()

    def _visible_tasks(self) -> list[int]:
        return [
            form.task
            for form in sorted(self.forms.values(), key=lambda f: (f.group, f.task))
            if self.group_filter is None or form.group == self.group_filter
        ]

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._next < len(self._candidates)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        deadline = time.perf_counter() + self.FETCH_BUDGET
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
        self.loaded.emit(self._next, len(self._candidates))

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

    def _scout_step(self, budget: int | None = None) -> None:
        """Evaluate the next offices not evaluated yet, for the not-met totals."""
        known = self._not_met_of
        while self._scouted < len(self._offices) and self._offices[self._scouted] in known:
            self._scouted += 1
        if self._scouted < len(self._offices) and budget != 0:
            batch = [o for o in self._offices[self._scouted :] if o not in known]
            self._evaluate(batch[: self.SCOUT_BATCH])
            return self._scout_step(budget=0)
        if self._scouted < len(self._offices):
            if not self._scout.isActive():
                self._scout.start(0)
            return None
        self._scout.stop()
        self._not_met = Counter()
        for office in self._offices:
            self._not_met.update(known[office])
        self._totals_changed()
        self.counted.emit()
        return None

    @property
    def counting(self) -> bool:
        """The not-met totals do not cover every office yet."""
        return self._scouted < len(self._offices)

    def finish_counting(self) -> None:
        while self.counting:
            self._scout_step()

    def _shows(self, row: OfficeRow) -> bool:
        if self.status_filter is None:
            return True
        return any(row.cells[task].status is self.status_filter for task in self._tasks)

    def reload_offices(self, offices: Iterable[str]) -> None:
        """Re-evaluate the rows of these offices after a decision or a change of targets."""
        wanted = set(offices)
        positions = [i for i, row in enumerate(self._rows) if row.office in wanted]
        self._stamp = (self.period, matrix.change_stamp(self.ws.db))  # only these changed
        self._update_counts(self.office_filter.strip())
        fresh = self._evaluate(sorted(wanted))
        by_office = {row.office: row for row in fresh}
        for i in positions:
            self._rows[i] = by_office[self._rows[i].office]
            self.dataChanged.emit(self.index(i, 0), self.index(i, self.columnCount() - 1))
            self.headerDataChanged.emit(Qt.Orientation.Vertical, i, i)
        if not self.counting:
            self._scout_step(budget=0)  # sums the tallies again
        self._totals_changed()

    def _totals_changed(self) -> None:
        if self._tasks:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._tasks) - 1)

    # ------------------------------------------------------------ reading

    @property
    def offices_loaded(self) -> int:
        return self._next

    @property
    def offices_total(self) -> int:
        return len(self._candidates)

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

    def column_totals(self, task: int) -> tuple[int, int, int | None]:
        """(done, assigned, not met) over every office of the period that the office filter
        keeps; not met is None while it is being counted."""
        column = self._counts.get(task, Counter())
        done = sum(column[status] for status in matrix.DONE if status in matrix.SQL_STATUSES)
        assigned = column.total() - column[CellStatus.NOT_ASSIGNED]
        return done, assigned, None if self.counting else self._not_met[task]

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
            done, assigned, not_met = self.column_totals(task)
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{GROUP_NUMERALS[form.group - 1]}·{task}\n{done}/{assigned}"
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{task} {form.display_title()}\n" + tr(
                    "Reported: %1 of %2 offices; not met: %3"
                ).replace("%1", str(done)).replace("%2", str(assigned)).replace(
                    "%3", "…" if not_met is None else str(not_met)
                )
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
