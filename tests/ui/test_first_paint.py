"""The clerk's window shown at once from the picture of its task list kept at the last close
(`cache/first_paint.json`), before its workspace is open: what it shows, what a click does in
that moment, and that the database, not the picture, has the last word."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QLabel
from qt_fixtures import wait_built
from shiboken6 import isValid

from ecodesk.core.task_status import task_status_label
from ecodesk.store.workspace import DB_NAME, Workspace
from ecodesk.ui import first_paint
from ecodesk.ui.editor import EntryEditor
from ecodesk.ui.main_window import MainWindow

PICTURE = Path("cache") / "first_paint.json"


def _seen(window: MainWindow) -> dict[str, object]:
    """What a person sees of the list: each line top to bottom (a heading, or number, title and
    status), the progress bar's words, the title bar and the task selected."""
    tree, lines = window.tasks.tree, []
    model = tree.model()
    for g in range(model.rowCount()):
        group = model.index(g, 0)
        lines.append((group.data(),))
        for r in range(model.rowCount(group)):
            lines.append(tuple(model.index(r, c, group).data() for c in range(3)))
    return {
        "lines": lines,
        "progress": window.tasks.progress.text(),
        "title": window.windowTitle(),
        "office": window.office_label.text().strip(),
        "selected": window.tasks.current_task(),
    }


def _from_workspace(root: Path, period: int) -> list[tuple[str, str, str]]:
    """Number, title and status of every task, as the database has them."""
    ws = Workspace.open(root)
    try:
        rows = ws.overview(period)
        return sorted(
            (str(r.form.task), r.form.display_title(), task_status_label(r.status)) for r in rows
        )
    finally:
        ws.close()


def _task_lines(seen: dict[str, object]) -> list[tuple[str, str, str]]:
    return sorted(line for line in seen["lines"] if len(line) == 3)  # type: ignore[union-attr, misc]


def _from_picture(window: object) -> bool:
    """Shown before the workspace was opened (its first build step is still to come)."""
    return isinstance(window, MainWindow) and "workspace" in window._steps_left


def _keep_picture(controller, root: Path, qtbot) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Open the window the usual way, look at it, close it (which keeps the picture)."""
    first = controller(root)
    window = first.start()  # closed and deleted by `shutdown` below
    assert not _from_picture(window)
    wait_built(qtbot, window)
    seen = _seen(window)
    first.shutdown()
    assert (root / PICTURE).exists()
    return seen


def _title_shown(window: MainWindow) -> str:
    editor = window.findChild(EntryEditor)
    if editor is None or not editor.isVisible():
        return ""
    titles = [x.text() for x in editor.findChildren(QLabel, "taskTitle") if x.isVisibleTo(window)]
    return titles[0] if len(titles) == 1 else ""


def test_the_window_from_the_picture_shows_what_the_database_shows(
    controller, demo_copy: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    before = _keep_picture(controller, demo_copy, qtbot)
    window = controller(demo_copy).start()
    qtbot.addWidget(window)
    assert _from_picture(window) and window.isVisible()
    assert window.findChild(EntryEditor) is None
    at_once = _seen(window)
    assert at_once == before  # every heading, line, figure, the title and the selection
    assert _task_lines(at_once) == _from_workspace(demo_copy, 2023)
    assert at_once["title"] == "成县 · 2023 年度 · ecodesk"
    wait_built(qtbot, window)
    assert not _from_picture(window) and _seen(window) == before  # nothing moved
    listed = window.tasks.visible_tasks()
    assert _title_shown(window).startswith(f"{listed[0]}. ")
    ws = Workspace.open(demo_copy)
    try:
        form = ws.form(24, 2023)
    finally:
        ws.close()
    words = form.requirement.strip()[-6:]  # words of its requirement, not of its title
    assert words not in form.display_title()
    window.tasks.search.setText(words)  # found: the real rows carry the requirement
    assert 24 in window.tasks.visible_tasks()


def test_the_list_is_painted_before_the_workspace_is_opened(
    controller, demo_copy: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    """The first build step (opening the workspace, the longest) waits for the first paint: a
    clerk sees the list at once, not an empty frame until the workspace is open."""
    _keep_picture(controller, demo_copy, qtbot)
    window = controller(demo_copy).start()
    qtbot.addWidget(window)
    at_first_paint: list[bool] = []

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if watched is window and event.type() == QEvent.Type.Paint and not at_first_paint:
                at_first_paint.append(_from_picture(window))
            return False

    watcher = FirstPaint()
    window.installEventFilter(watcher)
    qtbot.waitUntil(lambda: bool(at_first_paint), timeout=5000)
    assert at_first_paint == [True]  # painted while the workspace was still to be opened
    wait_built(qtbot, window)  # and then built whole
    assert window.findChild(EntryEditor) is not None


def test_the_list_keeps_its_width_when_the_editor_arrives(
    controller, demo_copy: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    """On a small or scaled screen the editor needs more room than the list leaves it at first:
    the picture keeps the list's width beside the built editor, so nothing moves then."""
    first = controller(demo_copy)
    built = first.start()
    wait_built(qtbot, built)
    built._splitter.setSizes([380, built.width() - 380])  # as the editor (or the clerk) left it
    width = built.tasks.width()
    first.shutdown()
    window = controller(demo_copy).start()
    qtbot.addWidget(window)
    assert _from_picture(window) and window.tasks.width() == width
    wait_built(qtbot, window)
    assert window.tasks.width() == width


def test_the_style_sheet_set_on_the_built_window_looks_as_one_set_before_it(
    controller, demo_copy: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    """At start-up the style sheet comes once the window from the picture is built, just before
    it is shown (`run`; set earlier, Qt re-styles each part as it is put in place): the window
    looks the same to the pixel as one built while the style sheet was set."""
    from PySide6.QtWidgets import QApplication

    from ecodesk.ui.style import STYLESHEET

    _keep_picture(controller, demo_copy, qtbot)
    app = QApplication.instance()
    assert isinstance(app, QApplication) and app.styleSheet() == STYLESHEET
    picture = first_paint.load(demo_copy, period=2023, language="zh")
    assert picture is not None
    styled_first = MainWindow.from_picture(picture, lambda: None)
    qtbot.addWidget(styled_first)
    styled_first.show()
    expected = styled_first.grab().toImage()
    styled_first.close()
    app.setStyleSheet("")  # as `run` creates the application
    window = controller(demo_copy).start()
    qtbot.addWidget(window)
    assert _from_picture(window) and app.styleSheet() == STYLESHEET
    seen = window.grab().toImage()
    assert seen.size() == expected.size() and seen == expected


def test_a_click_right_after_the_window_appears_opens_that_task(
    controller, demo_copy: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    _keep_picture(controller, demo_copy, qtbot)
    window = controller(demo_copy).start()
    qtbot.addWidget(window)
    assert _from_picture(window)
    tasks = window.tasks
    rect = tasks.tree.visualRect(tasks.proxy.mapFromSource(tasks.model.index_of_task(5)))
    qtbot.mouseClick(tasks.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.tasks.current_task() == 5
    ws = Workspace.open(demo_copy)
    try:
        title = ws.form(5, 2023).display_title()
    finally:
        ws.close()
    qtbot.waitUntil(lambda: _title_shown(window) == f"5. {title}", timeout=5000)
    wait_built(qtbot, window)
    qtbot.wait(50)
    assert window.tasks.current_task() == 5 and _title_shown(window) == f"5. {title}"


def test_a_database_changed_after_the_picture_shows_its_true_statuses(
    controller, demo_copy: Path, qtbot, capsys
) -> None:  # type: ignore[no-untyped-def]
    from ecodesk.cli import main

    before = _keep_picture(controller, demo_copy, qtbot)
    task, title, _ = next(line for line in _task_lines(before) if line[2] == "未开始")
    code = main(
        ["--workspace", str(demo_copy), "set", task, "--period", "2023", "--plan", "按季度"]
    )
    assert code == 0, capsys.readouterr().err
    window = controller(demo_copy).start()
    qtbot.addWidget(window)
    assert not _from_picture(window)  # the database is not the one pictured: not used
    lines = _task_lines(_seen(window))
    assert lines == _from_workspace(demo_copy, 2023) and (task, title, "草稿") in lines


def test_a_picture_that_says_otherwise_is_corrected_from_the_database(
    controller, demo_copy: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    """Whatever the picture says (edited, or a bug), the list ends as the database has it."""
    _keep_picture(controller, demo_copy, qtbot)
    path = demo_copy / PICTURE
    data = json.loads(path.read_text(encoding="utf-8"))
    for row in data["rows"]:
        row["status"], row["title"] = "accepted", "改过的标题"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    window = controller(demo_copy).start()
    qtbot.addWidget(window)
    assert _from_picture(window)
    assert {line[2] for line in _task_lines(_seen(window))} == {"已通过"}  # the picture, at first
    qtbot.waitUntil(lambda: not _from_picture(window), timeout=5000)
    assert _task_lines(_seen(window)) == _from_workspace(demo_copy, 2023)
    assert window.tasks.current_task() == window.tasks.visible_tasks()[0]


@pytest.mark.parametrize(
    "text",
    [
        b"\x00\xff not json",
        b"[" * 100_000,
        b'{"format": 1}',
        b"",
        b'{"rows": "x"}',
    ],
)
def test_a_damaged_or_hostile_picture_is_ignored(
    controller, demo_copy: Path, qtbot, text: bytes, capfd
) -> None:  # type: ignore[no-untyped-def]
    before = _keep_picture(controller, demo_copy, qtbot)
    (demo_copy / PICTURE).write_bytes(text)
    c = controller(demo_copy)
    window = c.start()
    assert not _from_picture(window) and _seen(window) == before
    assert "Traceback" not in capfd.readouterr().err
    wait_built(qtbot, window)
    c.shutdown()
    assert first_paint.load(demo_copy, period=2023, language="zh") is not None  # written anew


def test_hostile_rows_of_a_picture_of_this_very_database_are_refused(demo_copy: Path) -> None:
    """A picture naming the database exactly still has each row checked before it is shown."""
    identity = first_paint.database_identity(demo_copy)
    good_row = {"task": 1, "group": 1, "title": "规划", "status": "draft", "tooltip": "1. 规划"}
    bad_rows = [
        {**good_row, "task": True},
        {**good_row, "task": 10**12},
        {**good_row, "group": 11},
        {**good_row, "status": "hacked"},
        {**good_row, "title": "x" * 100_000},
        {**good_row, "tooltip": None},
        {"task": 1},
        [1, 1, "规划", "draft", ""],
    ]
    base = {"format": first_paint.FORMAT, "version": __import__("ecodesk").__version__,
            "database": identity, "period": 2023, "language": "zh", "office": "成县"}  # fmt: skip
    path = demo_copy / PICTURE
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps({**base, "rows": [good_row]}), encoding="utf-8")
    assert first_paint.load(demo_copy, period=2023, language="zh") is not None
    for bad in bad_rows:
        path.write_text(json.dumps({**base, "rows": [good_row, bad]}), encoding="utf-8")
        assert first_paint.load(demo_copy, period=2023, language="zh") is None, bad
    path.write_text(json.dumps({**base, "rows": [good_row, good_row]}), encoding="utf-8")
    assert first_paint.load(demo_copy, period=2023, language="zh") is None  # a task twice
    for key, other in (("period", 2024), ("language", "en"), ("version", "0.2.0"), ("format", 0)):
        path.write_text(json.dumps({**base, key: other, "rows": [good_row]}), encoding="utf-8")
        assert first_paint.load(demo_copy, period=2023, language="zh") is None, key


def test_the_language_and_the_period_can_be_switched_at_once(
    controller, demo_copy: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    _keep_picture(controller, demo_copy, qtbot)
    c = controller(demo_copy)
    window = c.start()
    assert _from_picture(window)
    window.period_box.setCurrentIndex(window.period_box.findData(2022))  # before any turn
    assert window.period == 2022 and window.windowTitle().startswith("成县 · 2022 年度")
    assert _task_lines(_seen(window)) == _from_workspace(demo_copy, 2022)
    english = c.switch_language("en")
    assert isinstance(english, MainWindow) and english.windowTitle().startswith("成县 · 2022")
    assert "period" in english.windowTitle()
    wait_built(qtbot, english)
    c.shutdown()
    # the picture kept is the English one of 2022: a Chinese start on 2023 does not use it
    assert first_paint.load(demo_copy, period=2022, language="en") is not None
    assert first_paint.load(demo_copy, period=2023, language="zh") is None


def test_a_database_damaged_behind_the_picture_brings_the_recovery_window(
    controller, demo_copy: Path, qtbot, capfd
) -> None:  # type: ignore[no-untyped-def]
    from ecodesk.ui.recovery import RecoveryWindow

    _keep_picture(controller, demo_copy, qtbot)
    db = demo_copy / DB_NAME
    stat = db.stat()
    with db.open("r+b") as handle:  # same size, same time: the picture still names it
        handle.seek(0)
        handle.write(b"\x00" * 100)
    os.utime(db, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    c = controller(demo_copy)
    window = c.start()
    assert _from_picture(window)
    qtbot.waitUntil(lambda: isinstance(c.window, RecoveryWindow), timeout=5000)
    assert c.window.isVisible() and c.window.windowTitle() == "ecodesk · 数据库需要恢复"
    qtbot.waitUntil(lambda: not isValid(window), timeout=5000)  # closed and gone
    assert c.ws is None and "Traceback" not in capfd.readouterr().err


def test_a_workspace_without_a_picture_opens_as_before_and_keeps_one(
    controller, workspace, qtbot
) -> None:  # type: ignore[no-untyped-def]
    root = workspace.root
    workspace.close()
    assert not (root / PICTURE).exists()
    c = controller(root)
    window = c.start()
    assert isinstance(window, MainWindow) and not _from_picture(window)
    assert len(window.tasks.visible_tasks()) == len(_from_workspace(root, 2023))
    wait_built(qtbot, window)
    c.shutdown()
    picture = first_paint.load(root, period=2023, language="zh")
    assert picture is not None and picture.office == "成县"


def test_a_read_only_workspace_keeps_no_picture(controller, demo_copy: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    from ecodesk.store.workspace import Workspace as Ws

    ws = Ws.open(demo_copy, read_only=True)
    c = controller(demo_copy)
    c.ws = ws
    window = MainWindow(ws, 2023)
    c.window = window
    assert window.picture(of=ws) is None
    c.shutdown()
    assert not (demo_copy / PICTURE).exists()


# The first paint's own imports, in a fresh process: ecodesk started as the `ecodesk` command is.
_IMPORTS_AT_PAINT = """
import json, sys
from ecodesk.ui import main_window

seen = {}
step = main_window.MainWindow._next_step

def first_turn(self):
    if not seen:
        seen["from_picture"] = "workspace" in self._steps_left
        seen["modules"] = sorted(sys.modules)
    step(self)

main_window.MainWindow._next_step = first_turn
from ecodesk.cli import main
code = main(sys.argv[1:])
print(json.dumps(seen))
sys.exit(code)
"""
HEAVY = ("ecodesk.store", "ecodesk.core.forms", "ecodesk.core.evaluation", "ecodesk.core.entries",
         "sqlite3", "sqlite_utils", "openpyxl", "cryptography")  # fmt: skip


def test_the_window_from_the_picture_imports_no_domain_module(
    demo_copy: Path, tmp_path: Path
) -> None:
    config = tmp_path / "config"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(config),
           "ECODESK_READY_FILE": str(tmp_path / "ready.txt")}  # fmt: skip
    command = [sys.executable, "-c", _IMPORTS_AT_PAINT, "--workspace", str(demo_copy)]
    runs = [subprocess.run([*command, "--lang", "zh"], env=env, capture_output=True, text=True,
                           timeout=120, check=False) for _ in range(2)]  # fmt: skip
    for done in runs:
        assert done.returncode == 0, done.stderr
    # the first run may open the period it remembers; the second starts from its own close
    seen = json.loads(runs[1].stdout.strip().splitlines()[-1])
    assert seen["from_picture"] is True
    loaded = [m for m in seen["modules"] if m in HEAVY or m.startswith(("ecodesk.store.",))]
    assert loaded == []
    assert "ecodesk.ui.main_window" in seen["modules"]


def test_the_badges_kept_for_the_first_paint_are_the_badges_drawn(tmp_path: Path) -> None:
    from ecodesk.core.task_status import TaskStatus
    from ecodesk.ui import badges

    drawn = {s: badges.badge_pixmap(*badges.TASK_BADGES[s]).toImage() for s in TaskStatus}
    path = tmp_path / badges.kept_badges_name()
    path.write_bytes(badges.kept_badges_png())
    kept_before = dict(badges._kept)
    try:
        badges._kept.clear()
        assert badges.use_kept_badges(path)
        for status in TaskStatus:
            kept = badges.task_pixmap(status)
            assert kept.devicePixelRatio() == 2.0 and kept.size() == drawn[status].size()
            image = kept.toImage()
            for x in range(image.width()):
                for y in range(image.height()):
                    a, b = image.pixelColor(x, y), drawn[status].pixelColor(x, y)
                    assert abs(a.alpha() - b.alpha()) <= 1, (status, x, y)
                    if b.alpha() > 64:  # colour of what is seen (PNG keeps it unpremultiplied)
                        assert max(abs(a.red() - b.red()), abs(a.green() - b.green()),
                                   abs(a.blue() - b.blue())) <= 8, (status, x, y)  # fmt: skip
        badges._kept.clear()
        path.write_bytes(b"\x89PNG not really")
        assert not badges.use_kept_badges(path) and not badges._kept  # drawn, then
        path.write_bytes(badges.kept_badges_png()[:200])
        assert not badges.use_kept_badges(path)
        from ecodesk.resources import resource_path

        path.write_bytes(resource_path("resources", "icons", "ecodesk.png").read_bytes())
        assert not badges.use_kept_badges(path)  # a picture, but not a row of badges
    finally:
        badges._kept.clear()
        badges._kept.update(kept_before)


def test_a_database_refused_behind_the_picture_stops_the_start_as_before(
    controller, demo_copy: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    """What stops a start without the picture (here a database from a newer ecodesk) stops a
    start from it too: the window goes, and `run` says why as it always has."""
    import sqlite3

    from ecodesk.core.errors import UserError

    _keep_picture(controller, demo_copy, qtbot)
    db = demo_copy / DB_NAME
    stat = db.stat()
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    os.utime(db, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # the picture still names it
    assert db.stat().st_size == stat.st_size and not (demo_copy / f"{DB_NAME}-wal").exists()
    c = controller(demo_copy)
    window = c.start()
    assert _from_picture(window)
    qtbot.waitUntil(lambda: c.start_failed is not None, timeout=5000)
    assert isinstance(c.start_failed, UserError) and "更新版本" in str(c.start_failed)
    assert not window.isVisible() and c.ws is None
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 99  # left as it was
    conn.close()
