"""The overview tab: the matrix view, filters, the legend, and bulk acceptance of a selection."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ecodesk.core.forms import GROUPS, group_label
from ecodesk.store import matrix
from ecodesk.store.matrix import Cell, CellStatus
from ecodesk.store.workspace import Workspace
from ecodesk.ui.badges import cell_background, cell_icon
from ecodesk.ui.screen_fit import narrow_combo, shrinkable
from ecodesk.ui.taskforce.i18n import tr
from ecodesk.ui.taskforce.matrix_model import Index, MatrixModel

LEGEND = [s for s in CellStatus if s is not CellStatus.NOT_ASSIGNED]


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
    COLUMN = 44  # narrowest column: a badge, or a city's "9/10"

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
        header.setDefaultSectionSize(self.COLUMN)
        header.setMinimumHeight(44)
        vertical = self.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(26)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        vertical.setMinimumWidth(150)
        self.doubleClicked.connect(lambda index: self.cell_opened.emit(self._cell(index)))

    def setModel(self, model: QAbstractItemModel | None) -> None:  # type: ignore[override]
        super().setModel(model)
        if model is not None:
            model.headerDataChanged.connect(lambda *_args: self.fit_columns())
            model.modelReset.connect(self.fit_columns)

    def fit_columns(self) -> None:
        """Columns as wide as the widest total ("2844/2844" at national scale), never clipped."""
        model, header = self.model(), self.horizontalHeader()
        metrics = header.fontMetrics()
        widest = max(
            (
                metrics.horizontalAdvance(line)
                for column in range(model.columnCount())
                for line in str(model.headerData(column, Qt.Orientation.Horizontal)).splitlines()
            ),
            default=0,
        )
        size = max(
            self.COLUMN,
            widest + 2 * header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin) + 6,
        )
        if size != header.defaultSectionSize():
            header.setDefaultSectionSize(size)

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
        self.group_box = narrow_combo(QComboBox(), 10)
        self.group_box.addItem(tr("All groups"), None)
        for group in range(1, len(GROUPS) + 1):
            self.group_box.addItem(group_label(group), group)
        self.status_box = narrow_combo(QComboBox())
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
        self.accept_button.setEnabled(not ws.read_only)
        self.loaded_label = QLabel()
        self.confirm: QMessageBox | None = None  # the open bulk-accept question, for tests
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
        # The legend in two rows: in one, its eleven entries make the window wider than a
        # 1366×768 screen at 125 %.
        half = (len(LEGEND) + 1) // 2
        legends = [QHBoxLayout(), QHBoxLayout()]
        for number, status in enumerate(LEGEND):
            row = legends[number >= half]
            icon = QLabel()
            icon.setPixmap(cell_icon(status).pixmap(16, 16))
            row.addWidget(icon)
            row.addWidget(QLabel(matrix.cell_status_label(status)))
            row.addSpacing(8)
        for row in legends:
            row.addStretch(1)
            row.setContentsMargins(0, 0, 0, 0)
        # The row count at the end of the first row, the shorter in both languages: at the end of
        # the second, 150 % cut "40 offices loaded, counting the rest…" short.
        legends[0].addWidget(self.loaded_label)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        for row in legends:
            legend_row = QWidget()
            legend_row.setLayout(row)
            layout.addWidget(shrinkable(legend_row))  # cut at its end at 150 %, never wider
        layout.addWidget(self.view, 1)

    def apply_filters(self) -> None:
        status = self.status_box.currentData()  # Qt hands the enum back as a plain str
        self.model.set_filters(
            office=self.office_edit.text(),
            group=self.group_box.currentData(),
            status=CellStatus(status) if status else None,
        )

    def _loaded(self, done: int, total: int) -> None:
        if total < 0:  # still listing the period's offices (in idle time, with the totals)
            self.loaded_label.setText(
                tr("%1 offices loaded, counting the rest…").replace("%1", str(done))
            )
            return
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

    def neighbour(self, office: str, task: int, step: int) -> Cell | None:
        """The cell `step` places from (office, task) in reading order among the cells the
        matrix shows that hold something to review: not unassigned, not missing, not dimmed."""
        while self.model.canFetchMore():
            self.model.fetchMore()
        shown = [
            cell
            for row in range(self.model.rowCount())
            for column in range(self.model.columnCount())
            if (cell := self.model.cell(self.model.index(row, column))).status
            not in (CellStatus.NOT_ASSIGNED, CellStatus.MISSING)
            and not self.model.dimmed(cell)
        ]
        keys = [(c.office, c.task) for c in shown]
        if (office, task) not in keys:
            return shown[0] if shown and step > 0 else None
        at = keys.index((office, task)) + step
        return shown[at] if 0 <= at < len(shown) else None

    def bulk_plan(self) -> tuple[list[Cell], int]:
        """(the cells bulk accept would accept, how many selected cells it leaves alone).

        Only what the filter shows: a cell the status filter dims is not acted on, even when
        the selection covers it."""
        selected = self.view.selected_cells()
        cells = [c for c in selected if c.status in matrix.REVIEWABLE and not self.model.dimmed(c)]
        return cells, len(selected) - len(cells)

    def accept_selected(self) -> None:
        """Say what bulk accept will do, and do it only when the reviewer confirms."""
        cells, skipped = self.bulk_plan()
        not_met = sum(c.status is CellStatus.NOT_MET for c in cells)
        box = QMessageBox(self)
        box.setWindowTitle(tr("Accept selected"))
        box.setTextFormat(Qt.TextFormat.PlainText)
        if not cells:
            box.setIcon(QMessageBox.Icon.Information)
            box.setText(tr("Nothing to accept: none of the selected cells shown is complete "
                           "and waiting for a decision."))  # fmt: skip
            box.setStandardButtons(QMessageBox.StandardButton.Ok)
        else:
            box.setIcon(QMessageBox.Icon.Question)
            box.setText(
                tr("Accept %1 entries, %2 of them not met?")
                .replace("%1", str(len(cells))).replace("%2", str(not_met))
            )  # fmt: skip
            box.setInformativeText(
                tr(
                    "%1 selected cells are left alone (hidden by the filter, not complete, or "
                    "already decided)."
                ).replace("%1", str(skipped))  # fmt: skip
            )
            accept = box.addButton(
                tr("Accept %1").replace("%1", str(len(cells))), QMessageBox.ButtonRole.AcceptRole
            )
            box.setDefaultButton(box.addButton(QMessageBox.StandardButton.Cancel))
            accept.clicked.connect(lambda: self.accept_cells(cells, skipped))
        box.finished.connect(box.deleteLater)
        self.confirm = box
        box.open()

    def accept_cells(self, cells: list[Cell], skipped: int) -> list[Cell]:
        accepted = set(self.ws.accept([c.uuid for c in cells]))
        offices = sorted({c.office for c in cells if c.uuid in accepted})
        self.model.reload_offices(offices)
        self.message.emit(
            tr("Accepted %1 entries; %2 selected cells left alone.")
            .replace("%1", str(len(accepted)))
            .replace("%2", str(skipped + len(cells) - len(accepted)))
        )
        self.decided.emit(offices)
        return [c for c in cells if c.uuid in accepted]
