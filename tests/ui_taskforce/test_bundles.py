"""Bundles through the task force's window: an office's bundle dropped on the window, checked,
imported; a return decided; the task package written; and the return arriving at the office."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from qt_fixtures import commit_text

from ecodesk.bundle import api
from ecodesk.core.entries import Review
from ecodesk.store.matrix import CellStatus
from ecodesk.store.workspace import Workspace

PERIOD = 2023


def _office_sends_a_bundle(office: Workspace, tf_root: Path, mail: Path) -> Path:
    tf = Workspace.create(tf_root, office=None, task_force=True)
    try:
        key_file = mail / "成县.pub.json"
        key_file.write_text(
            json.dumps(api.key_document(office), ensure_ascii=False), encoding="utf-8"
        )
        api.enroll_office(
            tf, office="成县", key_file=key_file, fingerprint=api.key_info(office).fingerprint
        )
        first = api.make_task_package(tf, office="成县", out_dir=mail)
        api.import_task_package(
            office, first.path, confirm_fingerprint=api.key_info(tf).fingerprint
        )
    finally:
        tf.close()
    return api.export_bundle(office, period=PERIOD, out_dir=mail).path


def test_import_review_and_send_the_return_back(
    open_window, demo_template, tmp_path, qtbot
) -> None:
    shutil.copytree(demo_template, tmp_path / "office")
    mail = tmp_path / "mail"
    mail.mkdir()
    office = Workspace.open(tmp_path / "office")
    try:
        bundle = _office_sends_a_bundle(office, tmp_path / "tf", mail)
        window = open_window(tmp_path / "tf")
        assert window.matrix.model.office_row(window.matrix.model.row_of("成县")).done == 0
        # drag the .ecb file onto the window: the import dialog opens with it
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(bundle))])
        drop = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime,
                          Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)  # fmt: skip
        window.dropEvent(drop)
        dialog = window.import_dialog
        assert (
            dialog is not None and dialog.isVisible() and dialog.files.item(0).text() == bundle.name
        )
        assert not dialog.import_button.isEnabled()  # check first
        with qtbot.waitSignal(dialog.job.done, timeout=30000):
            qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
        summary = dialog.summary.toPlainText()
        assert summary.startswith("新增 ") and "拒收 0" in summary
        assert dialog.log.rowCount() == 0  # a dry run writes nothing
        with qtbot.waitSignal(dialog.imported, timeout=30000):
            qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
        assert dialog.summary.toPlainText().startswith("已导入。")
        assert dialog.progress.value() == dialog.progress.maximum()
        assert [(r.office, r.sequence, r.period) for r in dialog.log.rows] == [("成县", 1, PERIOD)]
        # the matrix now shows what 成县 sent
        model = window.matrix.model
        row = model.row_of("成县")
        assert model.office_row(row).done > 20
        column = next(
            c for c in range(model.columnCount())
            if model.cell(model.index(row, c)).status is CellStatus.NOT_MET
        )  # fmt: skip
        cell = model.cell(model.index(row, column))
        review = window.open_cell(cell)
        assert review.provenance.rowCount() == 1
        assert review.provenance.rows[0].fingerprint == api.key_info(office).fingerprint
        comment = "整改措施过于笼统，请补充具体项目和完成时限"
        commit_text(review.comment, comment)
        qtbot.mouseClick(review.return_button, Qt.MouseButton.LeftButton)
        assert model.cell(model.index(row, column)).status is CellStatus.RETURNED
        # send the task package to 成县 from the assignments tab
        window.tabs.setCurrentWidget(window.assignments)
        panel = window.assignments
        panel.office_box.setCurrentIndex(panel.office_box.findText("成县"))
        with qtbot.waitSignal(window.packages.done, timeout=30000):
            qtbot.mouseClick(panel.send_one, Qt.MouseButton.LeftButton)
        assert window.statusBar().currentMessage().startswith("已生成 1 个任务包")
        package = max(window.outbox.glob("*.ecp"), key=lambda p: p.stat().st_mtime)
        # at the office: the return arrives with the comment
        arrived = api.import_task_package(office, package)
        assert cell.task in arrived.returned
        entry = office.entry(cell.task, PERIOD)
        assert (
            entry is not None
            and entry.review is Review.RETURNED
            and entry.review_comment == comment
        )
    finally:
        office.close()
