"""The task force's yearly archive and summary workbook, pressed on the window's toolbar."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from ecodesk.core.offices import COUNTIES, DEPARTMENTS
from ecodesk.reports.archive import MANIFEST, SIGNATURE
from ecodesk.reports.detail_sheets import PROVENANCE_SHEET
from ecodesk.reports.workbook import CHART_SHEET, SUMMARY_SHEET


def press(window: Any, action: QAction, qtbot) -> None:  # type: ignore[no-untyped-def]
    button = next(
        w for w in action.associatedObjects() if w.metaObject().className() == "QToolButton"
    )
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def save_as(window: Any, path: Path, qtbot) -> Any:  # type: ignore[no-untyped-def]
    chooser = window.files.chooser
    assert chooser is not None and chooser.isVisible()
    chooser.selectFile(str(path))
    chooser.accept()
    qtbot.waitUntil(lambda: window.files.notice is not None, timeout=60000)
    return window.files.notice


def offices_in_summary(book: Any) -> set[str]:
    sheet = book[SUMMARY_SHEET]
    return {row[0] for row in sheet.iter_rows(values_only=True) if row and row[0]}


def test_yearly_archive_of_the_whole_city(window, tmp_path, qtbot) -> None:  # type: ignore[no-untyped-def]
    assert window.archive_action.text() == "年度归档…"
    press(window, window.archive_action, qtbot)
    assert window.files.chooser.selectedFiles()[0].endswith("生态文明建设档案-2023.zip")
    target = tmp_path / "全市档案.zip"
    notice = save_as(window, target, qtbot)
    assert notice.text().startswith("已保存 全市档案.zip") and notice.icon() != notice.Icon.Warning
    assert "份单位报告" in notice.informativeText() and "说明.txt" in notice.informativeText()
    notice.close()

    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
        manifest = archive.read(MANIFEST).decode("utf-8").splitlines()
        listed = {path: sha for sha, path in (line.split(maxsplit=1) for line in manifest)}
        # every file but the manifest and its signature is listed with its SHA-256, and matches
        assert set(listed) == set(names) - {MANIFEST, SIGNATURE}
        assert "taskforce.pub" in names and "README.txt" in names and "说明.txt" in names
        reports = [n for n in names if n.endswith(".pdf") and "/填报报告-" in n]
        assert "2023/成县/填报报告-成县-2023.pdf" in reports and len(reports) > 9
        for name, sha in listed.items():
            assert hashlib.sha256(archive.read(name)).hexdigest() == sha
        book_name = next(n for n in names if n.endswith(".xlsx"))
        book = openpyxl.load_workbook(io.BytesIO(archive.read(book_name)), read_only=True)
    assert book_name == "2023/生态文明建设档案-2023.xlsx"  # the whole city, not one office
    assert book.sheetnames[:2] == [SUMMARY_SHEET, CHART_SHEET]
    assert book.sheetnames[-1] == PROVENANCE_SHEET and len(book.sheetnames) == 13
    assert set(COUNTIES) <= offices_in_summary(book)
    evidence_offices = {n.split("/")[1] for n in listed if n.count("/") >= 3}
    assert len(evidence_offices) > 5  # evidence of many offices, laid out period/office/task/file
    book.close()


def test_summary_workbook_alone(window, tmp_path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.period_box.setCurrentIndex(window.period_box.findData(2022))
    press(window, window.workbook_action, qtbot)
    assert window.files.chooser.selectedFiles()[0].endswith("生态文明建设档案-2022.xlsx")
    target = tmp_path / "汇总表.xlsx"
    notice = save_as(window, target, qtbot)
    assert notice.text() == "已保存 汇总表.xlsx。"
    notice.close()
    book = openpyxl.load_workbook(target, read_only=True)
    assert book.sheetnames[0] == SUMMARY_SHEET and PROVENANCE_SHEET in book.sheetnames
    title = next(book[SUMMARY_SHEET].iter_rows(values_only=True))[0]
    assert "2022" in title
    offices = offices_in_summary(book)
    assert set(COUNTIES) <= offices and any(d in offices for d in DEPARTMENTS)
    book.close()
