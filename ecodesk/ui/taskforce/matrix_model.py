"""The review matrix: offices (rows) × tasks (columns, in the plan's ten groups) for one period.

Rows are fetched lazily (`canFetchMore`/`fetchMore`) in batches, and only the offices of a batch
are evaluated, so a national-scale database opens as fast as a city's. Filters by office name and
status are applied while fetching; the group filter chooses the columns.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from ecodesk.core.evaluation import status_label
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
    BATCH = 64

    loaded = Signal(int, int)  # offices loaded, offices in all

    def __init__(self, ws: Workspace, period: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.forms: FormSet = ws.forms
        self.period = period
        self.office_filter = ""
        self.group_filter: int | None = None
        self.status_filter: CellStatus | None = None
        self._candidates: list[str] = []
        self._next = 0
        self._rows: list[OfficeRow] = []
        self._tasks: list[int] = self._visible_tasks()

    # ------------------------------------------------------------ loading

    def refresh(self) -> None:
        """Start over from the database; evaluate only the first batch of offices."""
        self.beginResetModel()
        offices = matrix.period_offices(self.ws.db, self.period)
        needle = self.office_filter.strip()
        self._candidates = [o for o in offices if needle in o] if needle else offices
        self._next = 0
        self._rows = []
        self._tasks = self._visible_tasks()
        self.endResetModel()
        if self.canFetchMore(QModelIndex()):
            self.fetchMore(QModelIndex())
        else:
            self.loaded.emit(0, 0)

    def set_filters(
        self, *, office: str = "", group: int | None = None, status: CellStatus | None = None
    ) -> None:
        self.office_filter, self.group_filter, self.status_filter = office, group, status
        self.refresh()

    def set_period(self, period: int) -> None:
        self.period = period
        self.refresh()

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
        while self._next < len(self._candidates):
            batch = self._candidates[self._next : self._next + self.BATCH]
            self._next += len(batch)
            rows = [
                r
                for r in matrix.load_rows(self.ws.db, self.forms, self.period, batch)
                if self._shows(r)
            ]
            if rows:
                first = len(self._rows)
                self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
                self._rows.extend(rows)
                self.endInsertRows()
                self._totals_changed()
                break
        self.loaded.emit(self._next, len(self._candidates))

    def fetch_all(self) -> None:
        while self.canFetchMore():
            self.fetchMore()

    def _shows(self, row: OfficeRow) -> bool:
        if self.status_filter is None:
            return True
        return any(row.cells[task].status is self.status_filter for task in self._tasks)

    def reload_offices(self, offices: Iterable[str]) -> None:
        """Re-evaluate the rows of these offices after a decision or a change of targets."""
        wanted = set(offices)
        positions = [i for i, row in enumerate(self._rows) if row.office in wanted]
        if not positions:
            return
        fresh = matrix.load_rows(
            self.ws.db, self.forms, self.period, [self._rows[i].office for i in positions]
        )
        for i, row in zip(positions, fresh, strict=True):
            self._rows[i] = row
            self.dataChanged.emit(self.index(i, 0), self.index(i, self.columnCount() - 1))
            self.headerDataChanged.emit(Qt.Orientation.Vertical, i, i)
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

    def column_totals(self, task: int) -> tuple[int, int, int]:
        """(done, assigned, not met) over the rows loaded."""
        cells = [row.cells[task] for row in self._rows]
        done = sum(1 for c in cells if c.status in matrix.DONE)
        assigned = sum(1 for c in cells if c.status is not CellStatus.NOT_ASSIGNED)
        not_met = sum(1 for c in cells if c.outcome is not None and c.outcome.value == "not_met")
        return done, assigned, not_met

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
            value = cell.values.get(indicator.id)
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
                ).replace("%1", str(done)).replace("%2", str(assigned)).replace("%3", str(not_met))
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


class _CellDelegate(QStyledItemDelegate):
    """Background colour and a centred badge: cells are too narrow for words."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        # Ask the Python model directly: QModelIndex.data() returning None over-releases None
        # in PySide6 6.12 ("none_dealloc" after enough calls), and empty cells have no icon.
        model = index.model()
        if not isinstance(model, MatrixModel):
            return
        cell = model.cell(index)
        rect: QRect = option.rect  # type: ignore[attr-defined]
        painter.save()
        dim = model.dimmed(cell)
        painter.fillRect(rect, QColor("#ffffff") if dim else cell_background(cell.status))
        if cell.status is not CellStatus.NOT_ASSIGNED:
            painter.setOpacity(0.25 if dim else 1.0)
            size = 16
            x, y = rect.center().x() - size // 2 + 1, rect.center().y() - size // 2 + 1
            cell_icon(cell.status).paint(painter, QRect(x, y, size, size))
            painter.setOpacity(1.0)
        if option.state & QStyle.StateFlag.State_Selected:  # type: ignore[attr-defined]
            painter.setPen(QPen(QColor("#1f1f1f"), 2))
            painter.drawRect(rect.adjusted(1, 1, -1, -1))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(40, 26)


class ReviewMatrix(QTableView):
    """The matrix view; Enter or a double-click opens the entry."""

    cell_opened = Signal(object)  # Cell

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setItemDelegate(_CellDelegate(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setMouseTracking(True)
        self.setShowGrid(True)
        self.setGridStyle(Qt.PenStyle.SolidLine)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setDefaultSectionSize(44)
        header.setMinimumHeight(44)
        vertical = self.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(26)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        vertical.setMinimumWidth(150)
        self.doubleClicked.connect(lambda index: self.cell_opened.emit(self._cell(index)))

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.cell_opened.emit(self._cell(self.currentIndex()))
            return
        super().keyPressEvent(event)

    def selected_cells(self) -> list[Cell]:
        return [self._cell(index) for index in self.selectionModel().selectedIndexes()]

    def _cell(self, index: QModelIndex) -> Cell:
        model = self.model()
        assert isinstance(model, MatrixModel)
        return model.cell(index)
