"""A stale Excel template: the clerk compares each field and chooses which side wins.

The template was made before work done in this window. For every field the template would
change, the dialog shows the template's value beside the value here and a choice; nothing is
imported until the clerk presses 导入. The choice starts on the value here: keeping work is
the safe default.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ecodesk.reports.template_merge import Side, StaleEntry, stale_heading
from ecodesk.ui.i18n import tr

TASK, FIELD, TEMPLATE, CURRENT, CHOICE = range(5)


class StaleTemplateDialog(QDialog):
    """Emits `decided` with {task: {field: "template" | "current"}} when the clerk imports."""

    decided = Signal(object)

    def __init__(self, file_name: str, stale: list[StaleEntry], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("Excel template is older than your work"))
        self.stale = stale
        self.choices: list[tuple[int, str, QComboBox]] = []
        intro = QLabel(
            tr(
                "%1 was made before these tasks were changed here. For each field choose which "
                "value to keep. Nothing is imported until you press Import."
            ).replace("%1", file_name)
        )
        intro.setWordWrap(True)
        self.table = self._table()
        keep_all = QPushButton(tr("Keep all values here"))
        take_all = QPushButton(tr("Take all values from the template"))
        keep_all.clicked.connect(lambda: self.choose_all("current"))
        take_all.clicked.connect(lambda: self.choose_all("template"))
        quick = QHBoxLayout()
        quick.addWidget(keep_all)
        quick.addWidget(take_all)
        quick.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = buttons.addButton(tr("Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(quick)
        layout.addWidget(buttons)
        self.resize(900, 420)

    def _table(self) -> QTableWidget:
        rows = sum(len(item.fields) for item in self.stale)
        table = QTableWidget(rows, 5, self)
        table.setHorizontalHeaderLabels(
            [tr("Task"), tr("Field"), tr("In the template"), tr("Here now"), tr("Keep")]
        )
        table.verticalHeader().hide()
        table.setWordWrap(True)
        row = 0
        for item in self.stale:
            for comparison in item.fields:
                texts = (stale_heading(item), comparison.label, comparison.template or "—",
                         comparison.current or "—")  # fmt: skip
                for column, text in enumerate(texts):
                    cell = QTableWidgetItem(text)
                    cell.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                    cell.setToolTip(text)
                    table.setItem(row, column, cell)
                combo = QComboBox()
                combo.addItem(tr("Value here"), "current")
                combo.addItem(tr("Template value"), "template")
                table.setCellWidget(row, CHOICE, combo)
                self.choices.append((item.task, comparison.field, combo))
                row += 1
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in ((TASK, 240), (FIELD, 150), (TEMPLATE, 180), (CURRENT, 180)):
            table.setColumnWidth(column, width)
        header.setStretchLastSection(True)
        table.resizeRowsToContents()
        return table

    def choose_all(self, side: Side) -> None:
        for _task, _field, combo in self.choices:
            combo.setCurrentIndex(combo.findData(side))

    def decisions(self) -> dict[int, dict[str, Any]]:
        chosen: dict[int, dict[str, Any]] = {}
        for task, field, combo in self.choices:
            chosen.setdefault(task, {})[field] = combo.currentData()
        return chosen

    def accept(self) -> None:
        self.decided.emit(self.decisions())
        super().accept()
