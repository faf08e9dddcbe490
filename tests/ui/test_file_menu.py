"""The File menu, driven as a clerk would: key, first task package, export, returned entries."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from ecodesk.bundle import api
from ecodesk.core.entries import Review
from ecodesk.store.entries import set_review
from ecodesk.store.workspace import Workspace
from ecodesk.ui.bundle_dialogs import ExportDialog, KeyDialog
from ecodesk.ui.file_menu import FileMenu
from ecodesk.ui.main_window import MainWindow


@pytest.fixture
def task_force(tmp_path: Path) -> Iterator[Workspace]:
    ws = Workspace.create(tmp_path / "tf", office=None, task_force=True)
    yield ws
    ws.close()


def choose(menu: FileMenu, path: Path) -> None:
    """Pick `path` in the file chooser the menu has just opened, as the clerk would."""
    chooser = menu.files.chooser
    assert chooser is not None and chooser.isVisible()
    chooser.selectFile(str(path))
    chooser.accept()


def button(parent, text: str) -> QPushButton:  # type: ignore[no-untyped-def]
    return next(b for b in parent.findChildren(QPushButton) if b.text() == text)


def banner_text(banner) -> str:  # type: ignore[no-untyped-def]
    return " ".join(label.text() for label in banner.findChildren(QLabel))


def drop_files(window: MainWindow, paths: list[Path]) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    with warnings.catch_warnings():  # PySide6 marks the only QDragEnterEvent constructor deprecated
        warnings.simplefilter("ignore", DeprecationWarning)
        enter = QDragEnterEvent(QPoint(300, 300), Qt.DropAction.CopyAction, mime,
                                Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)  # fmt: skip
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(300, 300), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)  # fmt: skip
    QApplication.sendEvent(window, drop)


def enroll_through_key_dialog(window: MainWindow, tf: Workspace, tmp_path: Path, qtbot) -> str:  # type: ignore[no-untyped-def]
    menu: FileMenu = window.file_menu
    menu.actions["key"].trigger()
    dialog = menu.dialog
    assert isinstance(dialog, KeyDialog) and dialog.isVisible()
    groups = dialog.findChild(QLabel, "myFingerprint").text().split()  # groups to read out
    shown = api.key_info(window.ws).fingerprint
    assert groups == shown.split("-") and len(groups) == 4
    key_file = tmp_path / "成县-公钥.json"
    button(dialog, "保存公钥文件…").click()
    assert menu.files.chooser is not None
    assert menu.files.chooser.selectedFiles()[0].endswith("成县-公钥.json")
    choose(menu, key_file)
    assert "已保存到" in dialog.saved.text() and shown in dialog.saved.text()
    assert json.loads(key_file.read_text("utf-8"))["fingerprint"] == shown
    dialog.close()
    # the task force enrolls the file it received, with the fingerprint read out by phone
    api.enroll_office(tf, office="成县", key_file=key_file, fingerprint=shown.lower())
    return shown


def test_the_clerk_exchanges_bundles_and_packages_through_the_file_menu(  # type: ignore[no-untyped-def]
    fresh_window, task_force, tmp_path, qtbot
) -> None:
    window: MainWindow = fresh_window
    menu: FileMenu = window.file_menu
    mail = tmp_path / "mail"
    mail.mkdir()
    assert window.menuBar().actions()[0].text() == "文件(&F)"
    enroll_through_key_dialog(window, task_force, tmp_path, qtbot)

    # export before the first task package: the dialog says why not
    menu.actions["export"].trigger()
    export = menu.dialog
    assert isinstance(export, ExportDialog)
    export.folder.setText(str(mail))
    export.export_button.click()
    qtbot.waitUntil(lambda: export.outcome.isVisible(), timeout=10000)
    assert "未导出" in export.outcome.text() and "任务包" in export.outcome.text()
    export.close()

    # first task package, dropped on the window: the fingerprint must be confirmed by typing it
    first = api.make_task_package(task_force, office="成县", out_dir=mail).path
    drop_files(window, [first])
    qtbot.waitUntil(lambda: menu.importer.confirm is not None, timeout=10000)
    confirm = menu.importer.confirm
    assert confirm is not None and confirm.isVisible()
    expected = api.key_info(task_force).fingerprint
    shown = confirm.findChild(QLabel, "packageFingerprint")
    assert not shown.isVisible()  # asked first: nothing to copy from
    assert not confirm.trust_button.isEnabled()
    qtbot.keyClicks(confirm.typed, "ABCD-EFGH-JKLM-NPQR")
    assert not confirm.trust_button.isEnabled() and "不一致" in confirm.verdict.text()
    assert shown.isVisible() and shown.text().replace("&nbsp;", " ").count("color:") == 4
    confirm.typed.clear()
    qtbot.keyClicks(confirm.typed, expected.replace("-", " ").lower())
    assert confirm.trust_button.isEnabled() and "一致" in confirm.verdict.text()
    with qtbot.waitSignal(menu.importer.imported, timeout=10000):
        confirm.trust_button.click()
    assert (
        menu.files.notice is not None
        and "已信任工作专班公钥" in menu.files.notice.informativeText()
    )
    menu.files.notice.close()

    # the clerk fills task 24 and exports a bundle into a folder chosen in the dialog
    assert window.tasks.select_task(24)
    field = window.editor.form_view.fields["treatment_rate"]
    qtbot.keyClicks(field.input, "91.2")
    menu.actions["export"].trigger()
    export = menu.dialog
    assert isinstance(export, ExportDialog)
    button(export, "选择…").click()
    choose(menu, mail)
    assert export.folder.text() == str(mail)
    export.full.setChecked(True)
    with qtbot.waitSignal(export.exported, timeout=10000) as sent:
        export.export_button.click()
    bundle = sent.args[0].path
    assert bundle.name == "成县-2023-0001.ecb" and bundle.parent == mail and bundle.exists()
    text = export.outcome.text()
    assert "成县-2023-0001.ecb" in text and str(mail) in text and "读回核对" in text
    assert export.show_folder.isVisible()
    export.close()

    # the task force imports it and returns task 24 with a comment
    api.apply_import(task_force, api.plan_import(task_force, [bundle]))
    entry = task_force.entry(24, 2023, "成县")
    assert entry is not None and entry.values["treatment_rate"] == 91.2
    set_review(task_force.db, uuid=entry.uuid, review=Review.RETURNED,
               comment="请补充污水处理厂运行台账", who="工作专班")  # fmt: skip
    second = api.make_task_package(task_force, office="成县", out_dir=mail).path

    # the clerk imports it with the file chooser: no question this time
    assert window.tasks.select_task(3)
    menu.actions["import"].trigger()
    with qtbot.waitSignal(menu.importer.imported, timeout=10000):
        choose(menu, second)
    assert "被退回的任务：24" in menu.files.notice.informativeText()
    assert window.tasks.visible_tasks()[0] == 24  # returned tasks come first
    assert window.tasks.current_task() == 24 and window.editor.task == 24
    banner = window.editor.form_view.returned_banner
    assert banner.isVisible() and "请补充污水处理厂运行台账" in banner_text(banner)

    # two packages dropped together are imported in order of their numbers
    later = [api.make_task_package(task_force, office="成县", out_dir=mail).path for _ in range(2)]
    imported: list[int] = []
    menu.importer.imported.connect(lambda result: imported.append(result.sequence))
    drop_files(window, list(reversed(later)))
    qtbot.waitUntil(lambda: len(imported) == 2, timeout=10000)
    assert imported == [3, 4] and menu.queue == []


def test_export_onto_a_full_stick_says_so_and_leaves_nothing(  # type: ignore[no-untyped-def]
    fresh_window, task_force, tmp_path, qtbot
) -> None:
    from full_disk import full_filesystem, nothing_left

    window: MainWindow = fresh_window
    menu: FileMenu = window.file_menu
    enroll_through_key_dialog(window, task_force, tmp_path, qtbot)
    first = api.make_task_package(task_force, office="成县", out_dir=tmp_path).path
    api.import_task_package(
        window.ws, first, confirm_fingerprint=api.key_info(task_force).fingerprint
    )
    window.ws.save(24, 2023, plan="2023年完成雨污分流改造")
    with full_filesystem(tmp_path) as full:
        menu.actions["export"].trigger()
        export = menu.dialog
        assert isinstance(export, ExportDialog)
        export.folder.setText(str(full))
        export.full.setChecked(True)
        export.export_button.click()
        qtbot.waitUntil(lambda: export.outcome.isVisible(), timeout=10000)
        assert "磁盘空间不足" in export.outcome.text() and str(full) in export.outcome.text()
        nothing_left(full)
        export.close()
