"""A bare PySide6 window that draws the clerk's task list and nothing else: the start-up bench's
second baseline, what any PySide6 program pays to show that list in Chinese.

The rows are read from ecodesk's picture of its list (`cache/first_paint.json`, the file named
by BENCH_LIST_FILE), one line each as its tooltip's first line says it ("24. 城镇污水处理率 —
已退回": number, title, status), in a tree under their group numbers, in the platform's default
font at 10 pt. No style sheet, no search box, no menus. Timed as `bare_window.py` is: the first
event-loop turn after the window's first paint.
"""

import os
import sys
import time

from PySide6.QtCore import QJsonDocument, QTimer
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QMainWindow, QTreeView


def ready() -> None:
    target = os.environ.get("BENCH_READY_FILE")
    if target:
        with open(target, "w", encoding="utf-8") as handle:
            handle.write(repr(time.time()))
    app.quit()


class BareListWindow(QMainWindow):
    painted = False

    def paintEvent(self, event: object) -> None:  # noqa: N802  (Qt's name)
        super().paintEvent(event)  # type: ignore[arg-type]
        if not self.painted:
            self.painted = True
            QTimer.singleShot(0, ready)


def list_model(picture_file: str) -> QStandardItemModel:
    with open(picture_file, "rb") as handle:
        rows = QJsonDocument.fromJson(handle.read()).toVariant()["rows"]
    model = QStandardItemModel()
    groups: dict[int, QStandardItem] = {}
    for row in rows:
        group = groups.get(row["group"])
        if group is None:
            group = groups[row["group"]] = QStandardItem(f"({row['group']})")
            model.appendRow(group)
        group.appendRow(QStandardItem(row["tooltip"].splitlines()[0]))
    return model


app = QApplication(sys.argv[:1])
font = app.font()
font.setPointSize(10)
app.setFont(font)
window = BareListWindow()
tree = QTreeView()
tree.setHeaderHidden(True)
tree.setUniformRowHeights(True)
tree.setModel(list_model(os.environ["BENCH_LIST_FILE"]))
tree.expandAll()
window.setCentralWidget(tree)
window.resize(1320, 860)
window.show()
app.exec()
