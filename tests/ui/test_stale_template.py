"""An Excel template made before work in the window: the clerk compares, chooses, and can undo."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from ecodesk.reports.template import COL_ID, COL_VALUE, FIRST_ROW, SHEET, save_template
from ecodesk.ui.file_menu import FileMenu
from ecodesk.ui.main_window import MainWindow
from ecodesk.ui.stale_template_dialog import CHOICE, CURRENT, FIELD, TEMPLATE


def _set_value(path: Path, row_id: str, value: float) -> None:
    book = openpyxl.load_workbook(path)
    sheet = book[SHEET]
    for row in range(FIRST_ROW, sheet.max_row + 1):
        if sheet.cell(row, COL_ID).value == row_id:
            sheet.cell(row, COL_VALUE).value = value
    book.save(path)


def _notice(menu: FileMenu, qtbot) -> QMessageBox:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: menu.files.notice is not None, timeout=15000)
    notice = menu.files.notice
    menu.files.notice = None
    assert isinstance(notice, QMessageBox)
    return notice


def test_stale_template_is_compared_chosen_and_undone(demo_window, tmp_path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = demo_window
    menu: FileMenu = window.file_menu
    path = save_template(window.ws, 2023, "成县", tmp_path / "old.xlsx")
    window.ws.save(21, 2023, values={"audit_rate": 100.0}, plan="审核全部完成")  # work after it
    _set_value(path, "3/assessment_share", 21.5)  # the clerk's edit in Excel
    _set_value(path, "21/audit_rate", 96)

    menu.reports.read_template(path)
    qtbot.waitUntil(lambda: menu.reports.stale is not None, timeout=15000)
    dialog = menu.reports.stale
    assert dialog is not None and dialog.isVisible()
    table = dialog.table
    shown = {
        table.item(r, FIELD).text(): (table.item(r, TEMPLATE).text(), table.item(r, CURRENT).text())
        for r in range(table.rowCount())
    }
    assert shown == {
        "强制性清洁生产企业通过审核的比例": ("96%", "100%"),
        "计划安排": ("—", "审核全部完成"),
    }
    assert window.ws.entry(3, 2023).values == {"assessment_share": 20.67}  # nothing yet
    # the clerk keeps the plan written here and takes the value from Excel
    for row in range(table.rowCount()):
        combo = table.cellWidget(row, CHOICE)
        wanted = "template" if table.item(row, FIELD).text() != "计划安排" else "current"
        combo.setCurrentIndex(combo.findData(wanted))
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)

    notice = _notice(menu, qtbot)
    assert notice.text() == "已导入 old.xlsx：2 项任务有改动。"
    details = notice.informativeText()
    assert "20.67% → 21.5%" in details and "100% → 96%" in details
    assert "任务 21：1 项保留本机当前的值" in details
    entry = window.ws.entry(21, 2023)
    assert entry.values == {"audit_rate": 96.0} and entry.plan == "审核全部完成"

    [undo] = [b for b in notice.buttons() if b.text() == "撤销此次导入"]
    qtbot.mouseClick(undo, Qt.MouseButton.LeftButton)
    done = _notice(menu, qtbot)
    assert done.text() == "任务 3, 21 已恢复为导入之前的内容。"
    assert window.ws.entry(3, 2023).values == {"assessment_share": 20.67}
    assert window.ws.entry(21, 2023).values == {"audit_rate": 100.0}
    done.close()
