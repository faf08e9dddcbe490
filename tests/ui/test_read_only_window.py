"""The clerk's window on a workspace it cannot change (read-only media), on an old database it
upgrades (the copy made first is announced once), and its About box."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from qt_fixtures import wait_built
from read_only_media import folder_digest, read_only_media

from ecodesk import SCHEMA_VERSION, __version__
from ecodesk.core.errors import UserError
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


def _shows_read_only(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """What a clerk sees of a workspace opened for viewing only."""
    wait_built(qtbot, window)
    assert "只读" in window.windowTitle() and window.read_only_label.isVisible()
    window.tasks.select_task(24)
    view = window.editor.form_view
    assert window.editor.task == 24 and "92.4" in view.fields["treatment_rate"].input.text()
    assert view.plan.isReadOnly() and not view.evidence.add_button.isEnabled()
    assert not window.file_menu.actions["export"].isEnabled()


def test_ecodesk_read_only_opens_a_writable_workspace_for_viewing_and_changes_nothing(
    controller,
    tmp_path: Path,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    """`ecodesk --read-only`: the same window as on read-only media, for a workspace that could
    be changed; nothing is written to it, not even the picture of the task list kept for the
    next start, and an old database is not upgraded."""
    root = unpack(tmp_path / "ws")
    digest = folder_digest(root)
    c = controller(root, read_only=True)
    window = c.start()  # closed and deleted by `shutdown`
    _shows_read_only(window, qtbot)
    assert not hasattr(window, "migration_notice")
    c.shutdown()
    assert folder_digest(root) == digest

    first = controller(root)  # as every day: upgraded, and the picture kept at the close
    wait_built(qtbot, first.start())
    first.shutdown()
    assert (root / "cache" / "first_paint.json").exists()
    digest = folder_digest(root)
    c = controller(root, read_only=True)
    window = c.start()  # shown from the picture, then the workspace is opened read-only
    _shows_read_only(window, qtbot)
    c.shutdown()
    assert folder_digest(root) == digest


def test_a_read_only_copy_names_its_changes_not_sent_without_a_call_to_export(
    controller,
    demo_copy: Path,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    """Export and automatic backups are switched off there: the count of changes not sent is a
    fact about the copy, and no warning asks for a backup place."""
    writable = controller(demo_copy)
    window = writable.start()
    wait_built(qtbot, window)
    assert "（导出数据包，Ctrl+E）" in window.unsent.text()
    assert writable.auto_backup is not None and writable.auto_backup.status.isVisible()
    writable.shutdown()
    c = controller(demo_copy, read_only=True)
    window = c.start()  # closed and deleted by `shutdown`
    wait_built(qtbot, window)
    shown = window.unsent.text()
    assert "项改动尚未发送（此工作区只读）" in shown and "Ctrl+E" not in shown, shown
    # nor a warning to choose the automatic backup place, which cannot be chosen there
    assert c.auto_backup is not None and not c.auto_backup.status.isVisible()
    c.shutdown()


def test_a_read_only_window_does_not_say_it_saves_and_keeps_the_last_change_time(
    controller,
    demo_copy: Path,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    """Nothing can be saved there: the line under the form says 只读 where the writable window
    says 已自动保存, with the same time of the last change; Ctrl+S does not say 已保存."""
    writable = controller(demo_copy)
    window = writable.start()
    wait_built(qtbot, window)
    window.tasks.select_task(24)
    saved = window.editor.saved_label.text()
    found = re.fullmatch(r"已自动保存 · 最后修改 (\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)?)", saved)
    assert found is not None, saved
    when = found.group(1)
    writable.shutdown()

    c = controller(demo_copy, read_only=True)
    window = c.start()  # closed and deleted by `shutdown`
    wait_built(qtbot, window)
    window.tasks.select_task(24)
    line = window.editor.saved_label
    assert line.isVisible() and line.text() == f"只读 · 最后修改 {when}"
    qtbot.keyClick(window.editor.form_view.plan, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    shown = window.statusBar().currentMessage()
    assert "只读" in shown and "保存" not in shown, shown
    window.set_period(2025)  # no entry of the demo's there yet
    assert window.editor.task == 24 and line.text() == "只读 · 尚未填写"
    assert all("保存" not in label.text() for label in window.findChildren(QLabel))
    c.shutdown()


def test_ecodesk_read_only_makes_no_workspace_where_there_is_none(
    controller,
    tmp_path: Path,
) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UserError, match="还不是工作区"):
        controller(tmp_path / "nothing", read_only=True).start()
    assert not (tmp_path / "nothing").exists()


def test_the_command_line_s_read_only_reaches_the_window(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from ecodesk import cli
    from ecodesk.ui import app

    started: list[tuple[object, ...]] = []
    monkeypatch.setattr(app, "run", lambda *args, **kwargs: started.append((*args, kwargs)) or 0)
    assert cli.main(["--workspace", str(tmp_path), "--read-only"]) == 0
    assert cli.main(["--read-only", "--workspace", str(tmp_path), "gui", "--period", "2023"]) == 0
    assert cli.main(["--workspace", str(tmp_path)]) == 0
    assert [call[-1] for call in started] == [{"read_only": True}, {"read_only": True},
                                              {"read_only": False}]  # fmt: skip


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
