"""The left panel: search, status filter, the grouped task tree and the overall progress."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QProgressBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ecodesk.core.task_status import ListedTask, TaskStatus, task_status_label
from ecodesk.ui.badges import task_pixmap
from ecodesk.ui.i18n import tr
from ecodesk.ui.screen_fit import narrow_combo
from ecodesk.ui.task_model import (
    COL_NUMBER,
    COL_STATUS,
    COL_TITLE,
    DECORATION_ROLE,
    TASK_ROLE,
    TaskFilterProxy,
    TaskListModel,
)

if TYPE_CHECKING:
    from PySide6.QtGui import QKeyEvent

# Nothing here names `Qt` before the window is shown: naming it builds every enum of Qt's
# namespace (~20 ms); the key handling below imports it when a key is pressed.


class TaskTree(QTreeView):
    """The grouped task tree; Enter on a task asks for its first field (`enter_pressed`)."""

    enter_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        from PySide6.QtCore import Qt

        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and self.currentIndex().data(TASK_ROLE) is not None:
            self.enter_pressed.emit()
            return
        super().keyPressEvent(event)


class TaskListPanel(QWidget):
    task_selected = Signal(int)
    enter_pressed = Signal()  # Enter on a task: go to its first field

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = TaskListModel(self)
        self.proxy = TaskFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.search = QLineEdit(placeholderText=tr("Search by number or words (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.status_filter = narrow_combo(QComboBox())
        self.status_filter.addItem(tr("All statuses"), None)
        for status in TaskStatus:
            self.status_filter.addItem(task_status_label(status), status.value)
            last = self.status_filter.count() - 1  # its badge as a pixmap (see task_model)
            self.status_filter.setItemData(last, task_pixmap(status), DECORATION_ROLE)
        self.tree = TaskTree()
        self.tree.setModel(self.proxy)
        self.tree.setUniformRowHeights(True)
        self.tree.setAllColumnsShowFocus(True)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        # Fixed widths from font metrics: sizing to contents would visit every row at start-up.
        metrics = self.fontMetrics()
        header.setSectionResizeMode(COL_NUMBER, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_STATUS, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(COL_NUMBER, metrics.horizontalAdvance("0000") + 40)
        header.resizeSection(COL_STATUS, metrics.horizontalAdvance("未开始 not started") + 24)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self._build_layout()
        self.search.textChanged.connect(self._filter_changed)
        self.status_filter.currentIndexChanged.connect(self._filter_changed)
        self.tree.selectionModel().currentRowChanged.connect(self._current_changed)
        self.tree.enter_pressed.connect(self.enter_pressed)
        self.search.returnPressed.connect(self._search_entered)

    def _search_entered(self) -> None:
        """Enter in the search box opens the first task found, as a search in Excel does."""
        tasks = self.visible_tasks()
        if tasks:
            if self.current_task() not in tasks:
                self.select_task(tasks[0])
            self.enter_pressed.emit()

    def _build_layout(self) -> None:
        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(self.status_filter, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 4, 8)
        layout.addLayout(filters)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.progress)

    # ------------------------------------------------------------ content

    def set_rows(self, rows: list[ListedTask], select: int | None = None) -> None:
        blocker = self.tree.selectionModel().blockSignals(True)
        self.model.set_rows(rows)
        self._span_groups()
        self.tree.selectionModel().blockSignals(blocker)
        self._update_progress()
        if select is not None:
            self.select_task(select, emit=False)

    def update_row(self, row: ListedTask) -> None:
        if not self.model.update_row(row):
            rows = [row if r.task == row.task else r for r in self.model.rows()]
            self.set_rows(rows, select=self.current_task())
        self._update_progress()

    def replace_rows(self, rows: list[ListedTask]) -> None:
        """The rows read from the database in place of the picture shown at start: untouched on
        screen when they look the same, else listed anew keeping the current task if listed."""
        if self.model.looks_the_same(rows):
            self.model.take_words(rows)
            if self.search.text():  # a search typed meanwhile may find more now
                self._filter_changed()
            return
        self.set_rows(rows, select=self.current_task())

    def _update_progress(self) -> None:
        done, total = self.model.progress()
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(
            tr("Completed %1/%2").replace("%1", str(done)).replace("%2", str(total))
        )

    # ------------------------------------------------------------ selection

    def current_task(self) -> int | None:
        task = self.tree.currentIndex().data(TASK_ROLE)
        return int(task) if task is not None else None

    def select_task(self, task: int, *, emit: bool = True) -> bool:
        index = self.proxy.mapFromSource(self.model.index_of_task(task))
        if not index.isValid():
            return False
        selection = self.tree.selectionModel()
        if not emit:
            selection.blockSignals(True)
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        selection.setCurrentIndex(index, flags)
        selection.blockSignals(False)
        self.tree.scrollTo(index)
        return True

    def visible_tasks(self) -> list[int]:
        tasks: list[int] = []
        for g in range(self.proxy.rowCount()):
            group = self.proxy.index(g, 0)
            for r in range(self.proxy.rowCount(group)):
                tasks.append(int(self.proxy.index(r, 0, group).data(TASK_ROLE)))
        return tasks

    def step(self, delta: int) -> None:
        """Select the next (+1) or previous (-1) visible task."""
        tasks = self.visible_tasks()
        if not tasks:
            return
        current = self.current_task()
        position = tasks.index(current) + delta if current in tasks else 0
        self.select_task(tasks[max(0, min(position, len(tasks) - 1))])

    def focus_search(self) -> None:
        from PySide6.QtCore import Qt

        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _filter_changed(self) -> None:
        self.proxy.set_text(self.search.text())
        chosen = self.status_filter.currentData()
        self.proxy.set_status(TaskStatus(chosen) if chosen else None)
        self._span_groups()

    def _span_groups(self) -> None:
        """Group headings run across all columns, so the number column stays narrow."""
        for g in range(self.proxy.rowCount()):
            self.tree.setFirstColumnSpanned(g, QModelIndex(), True)
        self.tree.expandAll()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        task = current.data(TASK_ROLE)
        if task is not None:
            self.task_selected.emit(int(task))
