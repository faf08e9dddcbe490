"""The office's tasks as a two-level tree: the plan's ten groups, then the tasks in each.

Returned entries are listed first, under their own heading, so the clerk sees them at once.

The tree is a `QStandardItemModel` filtered by a `QSortFilterProxyModel` through a regular
expression, both all C++: the view lays out and paints the list (several times while the window
is first shown) without calling back into Python for each cell, which a Python model did ~1,400
times at start-up. Qt's roles and alignment are plain numbers here, since naming one through
`Qt` builds every enum of Qt's namespace (~20 ms) before the first paint, which needs none.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel
from PySide6.QtGui import QColor, QFont, QStandardItem, QStandardItemModel

from ecodesk.core.task_status import DONE, ListedTask, TaskStatus, group_label, task_status_label
from ecodesk.ui.badges import TASK_BADGES, task_pixmap
from ecodesk.ui.i18n import tr

COL_NUMBER, COL_TITLE, COL_STATUS = range(3)
COLUMN_COUNT = 3
_USER_ROLE = 256  # Qt.ItemDataRole.UserRole
ROW_ROLE = _USER_ROLE + 1  # the ListedTask of a task row; None for a group row
TASK_ROLE = _USER_ROLE + 2  # the task number; None for a group row
FILTER_ROLE = _USER_ROLE + 3  # what the filter matches: status, number and words of a task
DECORATION_ROLE = 1  # Qt.ItemDataRole.DecorationRole
_TEXT_ALIGNMENT_ROLE = 7  # Qt.ItemDataRole.TextAlignmentRole
_FOREGROUND_ROLE = 9  # Qt.ItemDataRole.ForegroundRole
_RIGHT_AND_MIDDLE = 0x0002 | 0x0080  # Qt.AlignmentFlag.AlignRight | AlignVCenter
RETURNED_GROUP = 0


def _group_name(number: int) -> str:
    return tr("Returned for correction") if number == RETURNED_GROUP else group_label(number)


def _grouped(rows: list[ListedTask]) -> list[tuple[int, list[ListedTask]]]:
    """The headings in their order (returned entries first), each with its tasks in order."""
    returned = [r for r in rows if r.status is TaskStatus.RETURNED]
    groups: dict[int, list[ListedTask]] = {}
    for row in rows:
        if row.status is not TaskStatus.RETURNED:
            groups.setdefault(row.group, []).append(row)
    first = [(RETURNED_GROUP, returned)] if returned else []
    return first + [(g, groups[g]) for g in sorted(groups)]


def _filter_text(row: ListedTask) -> str:
    """Matched by `TaskFilterProxy`'s expression: `s=<status>;n=<number>;<words>`."""
    return f"s={row.status.value};n={row.task};{row.search_text}"


class TaskListModel(QStandardItemModel):
    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(0, COLUMN_COUNT, parent)
        self.setHorizontalHeaderLabels([tr("No."), tr("Task"), tr("Status")])
        self._groups: list[tuple[int, list[ListedTask]]] = []
        self._bold = QFont()
        self._bold.setBold(True)

    # ------------------------------------------------------------ content

    def set_rows(self, rows: list[ListedTask]) -> None:
        self.removeRows(0, self.rowCount())
        self._groups = _grouped(rows)
        root = self.invisibleRootItem()
        for number, tasks in self._groups:
            heading = self._heading(number, tasks)
            for task in tasks:
                heading.appendRow(self._task_items(task))
            root.appendRow([heading, self._blank(), self._blank()])

    def _heading(self, number: int, tasks: list[ListedTask]) -> QStandardItem:
        item = self._blank()
        item.setText(self._heading_text(number, tasks))
        item.setFont(self._bold)
        if number == RETURNED_GROUP:
            # a colour, not a QBrush: building a QBrush names Qt's enums (see above)
            item.setData(QColor(TASK_BADGES[TaskStatus.RETURNED][1]), _FOREGROUND_ROLE)
        return item

    @staticmethod
    def _heading_text(number: int, tasks: list[ListedTask]) -> str:
        done = sum(1 for r in tasks if r.status in DONE)
        return f"{_group_name(number)}  {done}/{len(tasks)}"

    @staticmethod
    def _blank() -> QStandardItem:
        """A cell of a heading's row: neither selectable nor editable."""
        item = QStandardItem()
        item.setSelectable(False)
        item.setEditable(False)
        return item

    def _task_items(self, row: ListedTask) -> list[QStandardItem]:
        cells = [QStandardItem(), QStandardItem(), QStandardItem()]
        for item in cells:
            item.setEditable(False)
        cells[COL_NUMBER].setData(_RIGHT_AND_MIDDLE, _TEXT_ALIGNMENT_ROLE)
        self._fill(cells, row)
        return cells

    @staticmethod
    def _fill(cells: list[QStandardItem], row: ListedTask) -> None:
        cells[COL_NUMBER].setText(str(row.task))
        cells[COL_TITLE].setText(row.title)
        cells[COL_STATUS].setText(task_status_label(row.status))
        # A pixmap, drawn as an icon would be: QIcon's class costs ~2.5 ms before the first paint.
        cells[COL_STATUS].setData(task_pixmap(row.status), DECORATION_ROLE)
        cells[COL_NUMBER].setData(_filter_text(row), FILTER_ROLE)
        for item in cells:
            item.setToolTip(row.tooltip)
            item.setData(row, ROW_ROLE)
            item.setData(row.task, TASK_ROLE)

    def rows(self) -> list[ListedTask]:
        return [row for _number, tasks in self._groups for row in tasks]

    def looks_the_same(self, rows: list[ListedTask]) -> bool:
        """Whether `rows` would show exactly what the list shows now (search words aside)."""

        def seen(groups: list[tuple[int, list[ListedTask]]]) -> list[object]:
            return [(number, [r.looks() for r in tasks]) for number, tasks in groups]

        return seen(_grouped(rows)) == seen(self._groups)

    def take_words(self, rows: list[ListedTask]) -> None:
        """Swap in `rows`, which look the same, for their search words: nothing on screen moves
        (no reset, so the selection and the scroll position stay)."""
        by_task = {r.task: r for r in rows}
        self._groups = [(n, [by_task[r.task] for r in tasks]) for n, tasks in self._groups]
        for g, (_number, tasks) in enumerate(self._groups):
            heading = self.item(g, 0)
            for r, row in enumerate(tasks):
                heading.child(r, COL_NUMBER).setData(_filter_text(row), FILTER_ROLE)
                for c in range(COLUMN_COUNT):
                    heading.child(r, c).setData(row, ROW_ROLE)

    def update_row(self, new: ListedTask) -> bool:
        """Replace one task's row in place; False if its place in the tree must change."""
        for g, (number, tasks) in enumerate(self._groups):
            for r, row in enumerate(tasks):
                if row.task != new.task:
                    continue
                if (row.status is TaskStatus.RETURNED) != (new.status is TaskStatus.RETURNED):
                    return False
                tasks[r] = new
                heading = self.item(g, 0)
                self._fill([heading.child(r, c) for c in range(COLUMN_COUNT)], new)
                heading.setText(self._heading_text(number, tasks))
                return True
        return False

    def index_of_task(self, task: int) -> QModelIndex:
        for g, (_number, tasks) in enumerate(self._groups):
            for r, row in enumerate(tasks):
                if row.task == task:
                    return self.index(r, 0, self.index(g, 0))
        return QModelIndex()

    def progress(self) -> tuple[int, int]:
        rows = self.rows()
        return sum(1 for r in rows if r.status in DONE), len(rows)


class TaskFilterProxy(QSortFilterProxyModel):
    """Filter by status and by number or words; groups show while any of their tasks does.

    One regular expression over each task's `FILTER_ROLE` text, matched in C++: a heading has
    no such text, so it shows only through its tasks (recursive filtering)."""

    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._status: TaskStatus | None = None
        self._text = ""
        self.setRecursiveFilteringEnabled(True)
        self.setFilterRole(FILTER_ROLE)

    def set_status(self, status: TaskStatus | None) -> None:
        self._status = status
        self._refilter()

    def set_text(self, text: str) -> None:
        self._text = text.strip().lower()
        self._refilter()

    def _refilter(self) -> None:
        from PySide6.QtCore import QRegularExpression

        self.setFilterRegularExpression(QRegularExpression(self.pattern()))

    def pattern(self) -> str:
        """Every task when nothing is asked; else its status, its number (digits typed) or
        every word typed somewhere in its titles and requirement."""
        if self._status is None and not self._text:
            return ""
        from PySide6.QtCore import QRegularExpression

        escape = QRegularExpression.escape
        status = escape(self._status.value) if self._status is not None else "[^;]*"
        text = self._text
        number = text if text.isdigit() else "[0-9]+"
        words = "" if text.isdigit() else "".join(f"(?=.*{escape(w)})" for w in text.split())
        return f"(?s)^s={status};n={number};{words}"
