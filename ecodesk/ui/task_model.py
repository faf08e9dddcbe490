"""The office's tasks as a two-level tree: the plan's ten groups, then the tasks in each.

Returned entries are listed first, under their own heading, so the clerk sees them at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from ecodesk.core.task_status import DONE, ListedTask, TaskStatus, group_label, task_status_label
from ecodesk.ui.badges import TASK_BADGES, task_icon
from ecodesk.ui.i18n import tr

Index = QModelIndex | QPersistentModelIndex

COL_NUMBER, COL_TITLE, COL_STATUS = range(3)
COLUMN_COUNT = 3
ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the ListedTask of a task row; None for a group row
TASK_ROLE = Qt.ItemDataRole.UserRole + 2  # the task number; None for a group row
RETURNED_GROUP = 0
_GROUP_ID = 0  # internal id of a group row; a task row stores its group's row + 1


@dataclass
class _Group:
    number: int  # 1..10, or RETURNED_GROUP
    rows: list[ListedTask] = field(default_factory=list)

    def label(self) -> str:
        done = sum(1 for r in self.rows if r.status in DONE)
        name = (
            tr("Returned for correction")
            if self.number == RETURNED_GROUP
            else group_label(self.number)
        )
        return f"{name}  {done}/{len(self.rows)}"


class TaskListModel(QAbstractItemModel):
    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._groups: list[_Group] = []

    # ------------------------------------------------------------ content

    def set_rows(self, rows: list[ListedTask]) -> None:
        self.beginResetModel()
        returned = [r for r in rows if r.status is TaskStatus.RETURNED]
        groups: dict[int, _Group] = {}
        for row in rows:
            if row.status is not TaskStatus.RETURNED:
                groups.setdefault(row.group, _Group(row.group)).rows.append(row)
        self._groups = ([_Group(RETURNED_GROUP, returned)] if returned else []) + [
            groups[g] for g in sorted(groups)
        ]
        self.endResetModel()

    def rows(self) -> list[ListedTask]:
        return [row for group in self._groups for row in group.rows]

    def looks_the_same(self, rows: list[ListedTask]) -> bool:
        """Whether `rows` would show exactly what the list shows now (search words aside)."""
        return [r.looks() for r in rows] == [r.looks() for r in self.rows()]

    def take_words(self, rows: list[ListedTask]) -> None:
        """Swap in `rows`, which look the same, for their search words: nothing on screen moves
        (no reset, so the selection and the scroll position stay)."""
        by_task = {r.task: r for r in rows}
        for group in self._groups:
            group.rows = [by_task[r.task] for r in group.rows]

    def update_row(self, new: ListedTask) -> bool:
        """Replace one task's row in place; False if its place in the tree must change."""
        for g, group in enumerate(self._groups):
            for r, row in enumerate(group.rows):
                if row.task != new.task:
                    continue
                if (row.status is TaskStatus.RETURNED) != (new.status is TaskStatus.RETURNED):
                    return False
                group.rows[r] = new
                parent = self.index(g, 0)
                self.dataChanged.emit(
                    self.index(r, 0, parent), self.index(r, COLUMN_COUNT - 1, parent)
                )
                self.dataChanged.emit(parent, self.index(g, COLUMN_COUNT - 1))
                return True
        return False

    def index_of_task(self, task: int) -> QModelIndex:
        for g, group in enumerate(self._groups):
            for r, row in enumerate(group.rows):
                if row.task == task:
                    return self.index(r, 0, self.index(g, 0))
        return QModelIndex()

    def progress(self) -> tuple[int, int]:
        rows = self.rows()
        return sum(1 for r in rows if r.status in DONE), len(rows)

    # ------------------------------------------------------------ QAbstractItemModel

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _GROUP_ID)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, child: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not child.isValid() or child.internalId() == _GROUP_ID:
            return QModelIndex()
        return self.createIndex(int(child.internalId()) - 1, 0, _GROUP_ID)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == _GROUP_ID and parent.column() == 0:
            return len(self._groups[parent.row()].rows)
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return COLUMN_COUNT

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.internalId() == _GROUP_ID:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ):  # type: ignore[no-untyped-def]
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (tr("No."), tr("Task"), tr("Status"))[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if not index.isValid():
            return None
        if index.internalId() == _GROUP_ID:
            return self._group_data(self._groups[index.row()], index.column(), role)
        row = self._groups[int(index.internalId()) - 1].rows[index.row()]
        return self._task_data(row, index.column(), role)

    def _group_data(self, group: _Group, column: int, role: int):  # type: ignore[no-untyped-def]
        if role == Qt.ItemDataRole.DisplayRole and column == 0:
            return group.label()
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and group.number == RETURNED_GROUP:
            return QBrush(QColor(TASK_BADGES[TaskStatus.RETURNED][1]))
        return None

    def _task_data(self, row: ListedTask, column: int, role: int):  # type: ignore[no-untyped-def]
        if role == ROW_ROLE:
            return row
        if role == TASK_ROLE:
            return row.task
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COL_NUMBER:
                return str(row.task)
            if column == COL_TITLE:
                return row.title
            return task_status_label(row.status)
        if role == Qt.ItemDataRole.DecorationRole and column == COL_STATUS:
            return task_icon(row.status)
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.tooltip
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_NUMBER:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class TaskFilterProxy(QSortFilterProxyModel):
    """Filter by status and by number or words; groups show while any of their tasks does."""

    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._status: TaskStatus | None = None
        self._text = ""
        self.setRecursiveFilteringEnabled(True)

    def set_status(self, status: TaskStatus | None) -> None:
        self._refilter(lambda: setattr(self, "_status", status))

    def set_text(self, text: str) -> None:
        self._refilter(lambda: setattr(self, "_text", text.strip().lower()))

    def _refilter(self, change) -> None:  # type: ignore[no-untyped-def]
        if hasattr(self, "beginFilterChange"):  # Qt >= 6.10; invalidateFilter() is deprecated there
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            change()
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not source_parent.isValid():
            return False  # a group: shown only through its tasks (recursive filtering)
        index = self.sourceModel().index(source_row, 0, source_parent)
        row: ListedTask | None = index.data(ROW_ROLE)
        if row is None:
            return False
        if self._status is not None and row.status is not self._status:
            return False
        if not self._text:
            return True
        text = self._text
        if text.isdigit():
            return row.task == int(text)
        return all(word in row.search_text for word in text.split())
