"""Assignments (which office reports which task) and the province's assigned targets.

Both tables edit the database directly through store functions, one small transaction per
change, and announce `changed(office)` so the matrix re-evaluates that office's row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ecodesk.core.errors import UserError
from ecodesk.core.forms import Form, Indicator, TargetKind
from ecodesk.core.i18n import t
from ecodesk.core.offices import COUNTIES, DEVELOPMENT_ZONE, all_offices
from ecodesk.core.values import format_number, parse_number
from ecodesk.store import settings
from ecodesk.store.matrix import assigned_by_default
from ecodesk.store.workspace import Workspace
from ecodesk.ui.taskforce.i18n import tr

Index = QModelIndex | QPersistentModelIndex
ASSIGNED_TASKS = (7, 8, 17, 18, 20, 25)


class AssignmentsModel(QAbstractTableModel):
    """The 37 tasks for one office and period; the check box says whether it reports the task."""

    TASK, TITLE, ASSIGNED, SOURCE = range(4)
    changed = Signal(str)

    def __init__(self, ws: Workspace, office: str, period: int) -> None:
        super().__init__()
        self.ws, self.office, self.period = ws, office, period
        self.forms: list[Form] = list(ws.forms_for(period).values())
        self.overrides: dict[int, bool] = {}
        self.reload()

    def reload(self, office: str | None = None, period: int | None = None) -> None:
        self.beginResetModel()
        self.office = office or self.office
        self.period = period or self.period
        self.forms = list(self.ws.forms_for(self.period).values())
        self.overrides = settings.assignment_overrides(
            self.ws.db, office=self.office, period=self.period
        )
        self.endResetModel()

    def assigned(self, form: Form) -> bool:
        return self.overrides.get(form.task, assigned_by_default(form, self.office))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.forms)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return [tr("Task"), tr("Title"), tr("Reports it"), tr("Source")][section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        form = self.forms[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column == self.ASSIGNED:
            return Qt.CheckState.Checked if self.assigned(form) else Qt.CheckState.Unchecked
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == self.TASK:
            return str(form.task)
        if column == self.TITLE:
            return form.display_title()
        if column == self.SOURCE:
            return (
                tr("changed by the task force")
                if form.task in self.overrides
                else tr("plan default")
            )
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == self.ASSIGNED and not self.ws.read_only:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != self.ASSIGNED:
            return False
        form = self.forms[index.row()]
        on = Qt.CheckState(value) == Qt.CheckState.Checked
        self.ws.set_assignment(office=self.office, task=form.task, period=self.period, assigned=on)
        self.overrides[form.task] = on
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), self.SOURCE))
        self.changed.emit(self.office)
        return True


@dataclass(frozen=True)
class TargetRow:
    form: Form
    indicator: Indicator


class AssignedTargetsModel(QAbstractTableModel):
    """Rows: the indicators with a province-assigned target; columns: the counties and the zone."""

    FIRST_OFFICE = 1  # column 0 names the indicator
    changed = Signal(str)
    refused = Signal(str)  # why a typed target was not taken

    def __init__(self, ws: Workspace, period: int) -> None:
        super().__init__()
        self.ws, self.period = ws, period
        self.offices = [*COUNTIES, DEVELOPMENT_ZONE]
        self.rows = [
            TargetRow(ws.forms[task], indicator)
            for task in ASSIGNED_TASKS
            for indicator in ws.forms[task].indicators
            if indicator.target is not None and indicator.target.kind is TargetKind.ASSIGNED
        ]
        self.values: dict[tuple[int, str, str], float] = {}
        self.reload()

    def reload(self, period: int | None = None) -> None:
        self.beginResetModel()
        self.period = period or self.period
        self.values = {}
        for row in self.rows:
            for office in self.offices:
                found = settings.assigned_targets(
                    self.ws.db, task=row.form.task, office=office, period=self.period
                )
                if row.indicator.id in found:
                    self.values[(row.form.task, row.indicator.id, office)] = found[row.indicator.id]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.FIRST_OFFICE + len(self.offices)

    def office_column(self, office: str) -> int:
        return self.FIRST_OFFICE + self.offices.index(office)

    def row_of(self, task: int, indicator: str) -> int:
        for i, row in enumerate(self.rows):
            if row.form.task == task and row.indicator.id == indicator:
                return i
        raise KeyError((task, indicator))

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section < self.FIRST_OFFICE:
            return tr("Indicator")
        office = self.offices[section - self.FIRST_OFFICE]
        return tr("Zone") if office == DEVELOPMENT_ZONE else office

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if index.column() < self.FIRST_OFFICE:
            if role == Qt.ItemDataRole.DisplayRole:
                unit = row.indicator.unit
                name = t(row.indicator.name, row.indicator.name_en)
                target = row.indicator.target
                kind = (target.compare if target else None) or TargetKind.AT_LEAST
                compare = {"<=": "≤", ">=": "≥"}.get(kind.value, "")
                return f"{row.form.task} {name}（{compare}{' ' + unit if unit else ''}）"
            return None
        office = self.offices[index.column() - self.FIRST_OFFICE]
        value = self.values.get((row.form.task, row.indicator.id, office))
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return "" if value is None else format_number(value)
        if role == Qt.ItemDataRole.ToolTipRole:
            return tr("not yet assigned by the province") if value is None else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() >= self.FIRST_OFFICE and not self.ws.read_only:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() < self.FIRST_OFFICE:
            return False
        text = str(value).strip()
        row = self.rows[index.row()]
        office = self.offices[index.column() - self.FIRST_OFFICE]
        try:
            number = parse_number(row.indicator, text) if text else None
            self.ws.set_target(row.form.task, row.indicator.id, office=office, period=self.period,
                               value=number)  # fmt: skip
        except UserError as exc:
            self.refused.emit(str(exc))
            return False
        key = (row.form.task, row.indicator.id, office)
        if number is None:
            self.values.pop(key, None)
        else:
            self.values[key] = number
        self.dataChanged.emit(index, index)
        self.changed.emit(office)
        return True


class AssignmentsPanel(QWidget):
    """Which tasks each office reports, the targets the province assigned, and making the task
    packages that carry them (with the folder they are written to)."""

    changed = Signal(str)  # office whose tasks or targets changed
    package_requested = Signal(str)  # office, or "" for all
    folder_change_requested = Signal()  # 更改… next to where task packages are written
    folder_open_requested = Signal()

    def show_folder(self, folder: str) -> None:
        self.folder_label.setText(tr("Task packages are saved in: %1").replace("%1", folder))

    def __init__(self, ws: Workspace, period: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws, self.period = ws, period
        self.office_box = QComboBox()
        for office in all_offices():
            self.office_box.addItem(office.name, office.name)
        self.tasks = AssignmentsModel(ws, self.office_box.currentData(), period)
        self.targets = AssignedTargetsModel(ws, period)
        self.tasks.changed.connect(self.changed)
        self.targets.changed.connect(self.changed)
        self.office_box.currentIndexChanged.connect(
            lambda _i: self.tasks.reload(self.office_box.currentData())
        )
        self.tasks_view = QTableView()
        self.tasks_view.setModel(self.tasks)
        self.tasks_view.verticalHeader().hide()
        self.tasks_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.tasks_view.horizontalHeader().setSectionResizeMode(
            AssignmentsModel.TITLE, QHeaderView.ResizeMode.Stretch
        )
        self.targets_view = QTableView()
        self.targets_view.setModel(self.targets)
        self.targets_view.verticalHeader().hide()
        self.targets_view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        header = self.targets_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.send_one = QPushButton(tr("Make task package for this office"))
        self.send_all = QPushButton(tr("Make task packages for all enrolled offices"))
        self.folder_label = QLabel()
        self.folder_label.setWordWrap(True)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.change_folder = QPushButton(tr("Change…"))
        self.open_folder = QPushButton(tr("Open the folder"))
        self.change_folder.clicked.connect(self.folder_change_requested)
        self.open_folder.clicked.connect(self.folder_open_requested)
        self.change_folder.setEnabled(not ws.read_only)
        self.send_one.clicked.connect(
            lambda: self.package_requested.emit(self.office_box.currentData())
        )
        self.send_all.clicked.connect(lambda: self.package_requested.emit(""))
        for button in (self.send_one, self.send_all):
            button.setEnabled(not ws.read_only)
        left = QGroupBox(tr("Tasks reported"))
        box = QVBoxLayout(left)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("Office:")))
        row.addWidget(self.office_box, 1)
        box.addLayout(row)
        box.addWidget(self.tasks_view)
        buttons = QHBoxLayout()
        buttons.addWidget(self.send_one)
        buttons.addWidget(self.send_all)
        box.addLayout(buttons)
        folder = QHBoxLayout()
        folder.addWidget(self.folder_label, 1)
        folder.addWidget(self.change_folder)
        folder.addWidget(self.open_folder)
        box.addLayout(folder)
        right = QGroupBox(tr("Targets assigned by the province (empty: not yet assigned)"))
        right_box = QVBoxLayout(right)
        right_box.addWidget(self.targets_view)
        self.target_error = QLabel()
        self.target_error.setStyleSheet("color: #D55E00;")
        self.target_error.setWordWrap(True)
        self.target_error.hide()
        right_box.addWidget(self.target_error)
        self.targets.refused.connect(self._show_refusal)
        self.targets.changed.connect(lambda _office: self._show_refusal(""))
        layout = QHBoxLayout(self)
        layout.addWidget(left, 2)
        layout.addWidget(right, 3)

    def _show_refusal(self, message: str) -> None:
        self.target_error.setText(message)
        self.target_error.setVisible(bool(message))

    def refresh(self, period: int | None = None) -> None:
        if period is not None:
            self.period = period
        self.tasks.reload(period=self.period)
        self.targets.reload(self.period)
