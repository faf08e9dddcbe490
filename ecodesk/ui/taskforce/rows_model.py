"""A read-only table model over a list of row objects, one function per column.

The detail views (values, evidence, history, provenance, received bundles) are small read-only
tables; each names its columns as constants and gives a function to read each from a row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QIcon

Row = TypeVar("Row")
ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the row object

Index = QModelIndex | QPersistentModelIndex


class Column(Generic[Row]):
    def __init__(
        self,
        title: str,
        text: Callable[[Row], str],
        icon: Callable[[Row], QIcon | None] | None = None,
        tooltip: Callable[[Row], str] | None = None,
    ) -> None:
        self.title = title
        self.text = text
        self.icon = icon
        self.tooltip = tooltip


class RowsModel(QAbstractTableModel, Generic[Row]):
    def __init__(self, columns: Sequence[Column[Row]], rows: Sequence[Row] = ()) -> None:
        super().__init__()
        self.columns = list(columns)
        self.rows: list[Row] = list(rows)

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.DecorationRole and column.icon is not None:
            return column.icon(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip(row) if column.tooltip else column.text(row)
        if role == ROW_ROLE:
            return row
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].title
        return None
