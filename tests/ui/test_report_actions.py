"""Excel template out and back in, the PDF report and the archive, from the clerk's File menu."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog

from ecodesk.reports.template import COL_ID, COL_PLAN, COL_VALUE, FIRST_ROW, SHEET
from ecodesk.store.entries import list_entries
from ecodesk.store.workspace import Workspace
from ecodesk.ui import tasks
from ecodesk.ui.file_menu import FileMenu
from ecodesk.ui.main_window import MainWindow
from ecodesk.ui.report_actions import ProblemsModel


def choose(menu: FileMenu, path: Path) -> None:
    chooser = menu.files.chooser
    assert chooser is not None and chooser.isVisible()
    chooser.selectFile(str(path))
    chooser.accept()


def wait_notice(menu: FileMenu, qtbot) -> Any:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: menu.files.notice is not None, timeout=15000)
    notice = menu.files.notice
    menu.files.notice = None
    return notice


def rows(sheet: Any) -> dict[str, int]:
    return {
        sheet.cell(r, COL_ID).value: r
        for r in range(FIRST_ROW, sheet.max_row + 1)
        if sheet.cell(r, COL_ID).value
    }


def snapshot(root: Path) -> list[Any]:
    ws = Workspace.open(root)
    try:
        return list_entries(ws.db)
    finally:
        ws.close()


def test_excel_template_round_trip_and_a_bad_one(fresh_window, tmp_path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = fresh_window
    menu: FileMenu = window.file_menu
    menu.actions["template"].trigger()
    assert menu.files.chooser is not None
    assert menu.files.chooser.selectedFiles()[0].endswith("成县-2023-填报模板.xlsx")
    good = tmp_path / "成县-2023-填报模板.xlsx"
    choose(menu, good)
    notice = wait_notice(menu, qtbot)
    assert notice.text() == f"已保存 {good.name}。" and str(tmp_path) in notice.informativeText()
    notice.close()

    book = openpyxl.load_workbook(good)
    sheet = book[SHEET]
    at = rows(sheet)
    sheet.cell(at["24/treatment_rate"], COL_VALUE).value = 95
    sheet.cell(at["24/treatment_rate"], COL_PLAN).value = "2023年完成雨污分流改造"
    book.save(good)
    assert window.tasks.select_task(24)
    menu.actions["template_in"].trigger()
    choose(menu, good)
    notice = wait_notice(menu, qtbot)
    assert notice.text() == f"已导入 {good.name}：1 项任务有改动。"
    assert "24" in notice.informativeText()
    notice.close()
    field = window.editor.form_view.fields["treatment_rate"]  # the window shows the new value
    assert field.input.text() == "95" and field.verdict.text() == "达标"
    assert window.editor.form_view.plan.toPlainText() == "2023年完成雨污分流改造"

    bad = tmp_path / "有错.xlsx"
    sheet.cell(at["3/assessment_share"], COL_VALUE).value = 120
    sheet.cell(at["13/list_system"], COL_VALUE).value = "也许"
    sheet.cell(at["12/disposal_rate"], COL_VALUE).value = "=A1*2"
    sheet.cell(at["24/treatment_rate"], COL_PLAN).value = "这个有效的修改不会单独落地"
    book.save(bad)
    before = snapshot(window.ws.root)
    menu.actions["template_in"].trigger()
    choose(menu, bad)
    qtbot.waitUntil(lambda: menu.reports.problems is not None, timeout=15000)
    dialog = menu.reports.problems
    assert dialog is not None and dialog.isVisible()
    model = dialog.model
    listed = [tuple(model.index(r, c).data() for c in range(3)) for r in range(model.rowCount())]
    bad_rows = sorted(at[k] for k in ("3/assessment_share", "13/list_system", "12/disposal_rate"))
    assert [(s, c) for s, c, _ in listed] == [("填报", f"G{r}") for r in bad_rows]
    reasons = " ".join(r for _, _, r in listed)
    assert "超出范围" in reasons and "“是”或“否”" in reasons and "公式" in reasons
    assert model.headerData(ProblemsModel.REASON, Qt.Orientation.Horizontal, 0) == "错误原因"
    assert snapshot(window.ws.root) == before
    dialog.close()


def test_printed_report_and_archive(fresh_window, tmp_path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = fresh_window
    menu: FileMenu = window.file_menu
    evidence = tmp_path / "运行台账.txt"
    evidence.write_text("台账", encoding="utf-8")
    assert window.tasks.select_task(24)
    window.editor.attach_files([evidence])
    qtbot.waitUntil(lambda: window.editor.entry is not None and bool(window.editor.entry.evidence),
                    timeout=5000)  # fmt: skip

    menu.actions["report"].trigger()
    assert menu.files.chooser.selectedFiles()[0].endswith("成县-2023-填报报告.pdf")
    pdf = tmp_path / "报告.pdf"
    choose(menu, pdf)
    notice = wait_notice(menu, qtbot)
    assert notice.text().startswith("已保存 报告.pdf（共 ") and pdf.read_bytes()[:5] == b"%PDF-"
    assert any(b.text() == "打开所在文件夹" for b in notice.buttons())
    notice.close()

    menu.actions["archive"].trigger()
    assert menu.files.chooser.selectedFiles()[0].endswith("生态文明建设档案-2023-成县.zip")
    archive = tmp_path / "档案.zip"
    choose(menu, archive)
    notice = wait_notice(menu, qtbot)
    assert "1 个佐证材料" in notice.text()
    assert "1 份单位报告" in notice.informativeText()
    names = zipfile.ZipFile(archive).namelist()
    assert "manifest-sha256.txt" in names and any(n.endswith("运行台账.txt") for n in names)
    assert {"manifest-sha256.txt.minisig", "office.pub", "2023/成县/填报报告-成县-2023.pdf"} <= set(
        names
    )
    notice.close()


def test_progress_dialog_only_for_slow_work(fresh_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = fresh_window

    def slow(_ws: Workspace, progress: Any) -> str:
        for i in range(3):
            progress(i, 3)
            time.sleep(0.1)
        return "done"

    quick = tasks.Job(window, "quick")
    with qtbot.waitSignal(quick.done, timeout=5000) as got:
        quick.start(tasks.in_workspace(window.ws.root, lambda ws, p: ws.office))
    assert got.args == ["成县"] and window.findChildren(QProgressDialog) == []

    job = tasks.Job(window, "slow", delay_ms=50)
    seen: list[bool] = []
    job.progress.connect(lambda _d, _t: seen.append(job.dialog is not None))
    with qtbot.waitSignal(job.done, timeout=5000):
        job.start(tasks.in_workspace(window.ws.root, slow))
    assert True in seen  # the dialog was shown while the work went on, and is gone now

    failing = tasks.Job(window, "x")
    with qtbot.waitSignal(failing.failed, timeout=5000) as failed:
        failing.start(tasks.in_workspace(window.ws.root, lambda ws, p: 1 / 0))
    assert isinstance(failed.args[0], ZeroDivisionError)


def test_full_disk_report_and_archive_say_so_and_leave_nothing(  # type: ignore[no-untyped-def]
    fresh_window, tmp_path, qtbot
) -> None:
    from full_disk import full_filesystem, nothing_left

    window: MainWindow = fresh_window
    menu: FileMenu = window.file_menu
    with full_filesystem(tmp_path) as full:
        for action, name in (("report", "报告.pdf"), ("archive", "档案.zip")):
            menu.actions[action].trigger()
            choose(menu, full / name)
            notice = wait_notice(menu, qtbot)
            assert "磁盘空间不足" in notice.text() and name in notice.text(), notice.text()
            notice.close()
            nothing_left(full)
