"""The overview tab: filters, the legend, the matrix, and bulk acceptance of a selection."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ecodesk.core.forms import GROUPS, group_label
from ecodesk.store import matrix
from ecodesk.store.matrix import Cell, CellStatus
from ecodesk.store.workspace import Workspace
from ecodesk.ui.badges import cell_icon
from ecodesk.ui.taskforce.i18n import tr
from ecodesk.ui.taskforce.matrix_model import MatrixModel, ReviewMatrix

LEGEND = [s for s in CellStatus if s is not CellStatus.NOT_ASSIGNED]


class MatrixPanel(QWidget):
    cell_opened = Signal(object)  # Cell
    message = Signal(str)
    decided = Signal(list)  # offices whose entries were accepted

    def __init__(self, ws: Workspace, period: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.model = MatrixModel(ws, period, self)
        self.view = ReviewMatrix()
        self.view.setModel(self.model)
        self.view.cell_opened.connect(self.cell_opened)
        self.group_box = QComboBox()
        self.group_box.addItem(tr("All groups"), None)
        for group in range(1, len(GROUPS) + 1):
            self.group_box.addItem(group_label(group), group)
        self.status_box = QComboBox()
        self.status_box.addItem(tr("All statuses"), None)
        for status in LEGEND:
            self.status_box.addItem(cell_icon(status), matrix.cell_status_label(status), status)
        self.office_edit = QLineEdit()
        self.office_edit.setPlaceholderText(tr("Office name contains…"))
        self.office_edit.setClearButtonEnabled(True)
        self.open_button = QPushButton(tr("Open entry"))
        self.accept_button = QPushButton(cell_icon(CellStatus.ACCEPTED), tr("Accept selected"))
        self.open_button.clicked.connect(self.open_current)
        self.accept_button.clicked.connect(self.accept_selected)
        self.loaded_label = QLabel()
        self.model.loaded.connect(self._loaded)
        for box in (self.group_box, self.status_box):
            box.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.office_edit.textChanged.connect(lambda _t: self.apply_filters())
        filters = QHBoxLayout()
        filters.addWidget(QLabel(tr("Group:")))
        filters.addWidget(self.group_box)
        filters.addWidget(QLabel(tr("Status:")))
        filters.addWidget(self.status_box)
        filters.addWidget(self.office_edit, 1)
        filters.addWidget(self.open_button)
        filters.addWidget(self.accept_button)
        legend = QHBoxLayout()
        for status in LEGEND:
            icon = QLabel()
            icon.setPixmap(cell_icon(status).pixmap(16, 16))
            legend.addWidget(icon)
            legend.addWidget(QLabel(matrix.cell_status_label(status)))
            legend.addSpacing(8)
        legend.addStretch(1)
        legend.addWidget(self.loaded_label)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(legend)
        layout.addWidget(self.view, 1)

    def apply_filters(self) -> None:
        status = self.status_box.currentData()  # Qt hands the enum back as a plain str
        self.model.set_filters(
            office=self.office_edit.text(),
            group=self.group_box.currentData(),
            status=CellStatus(status) if status else None,
        )

    def _loaded(self, done: int, total: int) -> None:
        self.loaded_label.setText(
            tr("%1 of %2 offices loaded").replace("%1", str(done)).replace("%2", str(total))
        )

    def open_current(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.cell_opened.emit(self.model.cell(index))

    def select_cell(self, office: str, task: int) -> bool:
        row = self.model.row_of(office)
        while row < 0 and self.model.canFetchMore():
            self.model.fetchMore()
            row = self.model.row_of(office)
        if row < 0 or task not in [self.model.task_at(c) for c in range(self.model.columnCount())]:
            return False
        self.view.setCurrentIndex(self.model.index(row, self.model.column_of(task)))
        return True

    def accept_selected(self) -> list[Cell]:
        cells = [c for c in self.view.selected_cells() if c.status in matrix.REVIEWABLE]
        accepted = set(
            matrix.accept_entries(self.ws.db, uuids=[c.uuid for c in cells], who=self.ws.who)
        )
        offices = sorted({c.office for c in cells if c.uuid in accepted})
        self.model.reload_offices(offices)
        skipped = len(self.view.selected_cells()) - len(accepted)
        self.message.emit(
            tr("Accepted %1 entries; %2 selected cells need no or another decision.")
            .replace("%1", str(len(accepted)))
            .replace("%2", str(skipped))
        )
        self.decided.emit(offices)
        return [c for c in cells if c.uuid in accepted]
