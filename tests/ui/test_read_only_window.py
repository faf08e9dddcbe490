"""The clerk's window on a workspace it cannot change (read-only media), on an old database it
upgrades (the copy made first is announced once), and its About box."""

from __future__ import annotations

import zipfile
from pathlib import Path

from PySide6.QtCore import Qt
from qt_fixtures import wait_built
from read_only_media import folder_digest, read_only_media

from ecodesk import SCHEMA_VERSION, __version__
from ecodesk.versions import version_rows

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "migrations" / "schema-2-成县.zip"


def unpack(target: Path) -> Path:
    with zipfile.ZipFile(FIXTURE) as archive:
        archive.extractall(target)
    return target


def test_the_window_on_read_only_media_shows_everything_and_changes_nothing(
    controller,
    tmp_path: Path,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    archived = unpack(tmp_path / "archived")  # an old database too: it cannot be upgraded there
    digest = folder_digest(archived)
    with read_only_media(archived, tmp_path / "cd") as cd:
        window = controller(cd).start()
        qtbot.addWidget(window)
        wait_built(qtbot, window)
        assert "只读" in window.windowTitle()
        assert window.read_only_label.isVisible() and "只读" in window.read_only_label.text()
        assert "内存" in window.read_only_label.toolTip()
        assert not hasattr(window, "migration_notice")  # nothing was upgraded, nothing copied
        window.tasks.select_task(24)
        editor = window.editor
        assert (
            editor.task == 24 and "92.4" in editor.form_view.fields["treatment_rate"].input.text()
        )
        view = editor.form_view
        assert view.plan.isReadOnly() and view.measures.isReadOnly()
        assert not view.na_box.isEnabled() and not view.evidence.add_button.isEnabled()
        assert not editor.complete_button.isEnabled()
        before = view.plan.toPlainText()
        qtbot.keyClicks(view.plan, "abc")  # typing does nothing, and no input method is offered
        assert view.plan.toPlainText() == before
        assert not view.plan.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)
        actions = window.file_menu.actions
        for key in ("export", "import", "template_in"):
            assert not actions[key].isEnabled(), key
        for key in ("report", "archive", "workbook", "backup", "template", "key"):
            assert actions[key].isEnabled(), key
        assert all(
            not a.isEnabled()
            for a in window.file_menu.toolbar.actions()
            if a.text() in ("导出数据包", "导入任务包")
        )
        assert editor.save_now() is True  # nothing was changed, so nothing waits to be saved
        window.close()
    assert folder_digest(archived) == digest


def test_an_upgraded_database_is_announced_once_with_its_copy(
    controller,
    tmp_path: Path,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    root = unpack(tmp_path / "ws")
    c = controller(root)
    window = c.start()
    qtbot.addWidget(window)
    wait_built(qtbot, window)
    notice = window.migration_notice
    qtbot.waitUntil(notice.isVisible)
    backup = root / "ecodesk.db.schema-2.bak"
    assert backup.exists() and str(backup) in notice.text()
    assert f"从版本 2 升级到 {SCHEMA_VERSION}" in notice.text()
    assert "只读" not in window.windowTitle()
    notice.accept()
    english = c.switch_language("en")  # the window is rebuilt: the notice is not shown again
    assert english is not None and not hasattr(english, "migration_notice")


def test_about_shows_the_version_of_the_app_and_every_format(
    fresh_window,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    fresh_window.about_action.trigger()
    dialog = fresh_window.about_dialog
    qtbot.waitUntil(dialog.isVisible)
    from PySide6.QtWidgets import QLabel

    shown = [label.text() for label in dialog.findChildren(QLabel)]
    assert __version__ in shown and str(SCHEMA_VERSION) in shown
    for label, value in version_rows():
        assert label in shown and value in shown
    assert "数据库版本" in shown and "数据包格式" in shown and "备份格式" in shown
    dialog.reject()
