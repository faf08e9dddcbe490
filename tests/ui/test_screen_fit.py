"""Every window and dialog fits a 1366×768 county PC at 100 %, 125 % and 150 % scaling.

At a scale s, Qt sees a logical screen of 1366/s × 768/s pixels; the taskbar takes 40 physical
pixels. `screen_fit.available_geometry` stands in for that screen, so each window is built,
shown and laid out exactly as on such a PC; its frame (title bar and borders) must fit too.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QLabel,
    QMainWindow,
    QPushButton,
    QWidget,
)
from qt_fixtures import wait_built

from ecodesk.ui import screen_fit

SCALES = (1.0, 1.25, 1.5)
TASKBAR = 40


def county_screen(scale: float) -> QRect:
    return QRect(0, 0, int(1366 / scale), int((768 - TASKBAR) / scale))


@pytest.fixture(params=SCALES, ids=lambda s: f"{round(s * 100)}%")
def screen(request, monkeypatch) -> QRect:  # type: ignore[no-untyped-def]
    area = county_screen(request.param)
    monkeypatch.setattr(screen_fit, "available_geometry", lambda _widget=None: area)
    return area


def assert_fits(widget: QWidget, area: QRect) -> None:
    """Shown and laid out, the window and its frame lie inside the available area."""
    widget.show()
    QApplication.processEvents()
    outer = QRect(
        widget.pos().x(),
        widget.pos().y(),
        widget.width() + screen_fit.FRAME_WIDTH,
        widget.height() + screen_fit.FRAME_HEIGHT,
    )
    name = type(widget).__name__
    assert area.contains(outer), f"{name} at {outer} does not fit {area}"
    for button in widget.findChildren(QPushButton):
        # every visible button is inside the window, but for those in a scrolling area
        if button.isVisibleTo(widget) and not _scrolls(button, widget):
            corner = button.mapTo(widget, button.rect().bottomRight())
            assert widget.rect().contains(corner), f"{name}: {button.text()} is cut off"


def _scrolls(child: QWidget, window: QWidget) -> bool:
    parent = child.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def test_clerk_window_and_its_dialogs_fit(screen: QRect, demo_window, qtbot) -> None:
    from ecodesk.ui.first_steps import show_first_steps
    from ecodesk.ui.window_menus import ask_clerk_name

    window = demo_window
    assert_fits(window, screen)
    assert window.editor.complete_button.isVisible()
    file_menu = window.file_menu
    dialogs: list[Callable[[], QWidget]] = [
        file_menu.export_bundle,
        file_menu.show_key,
        lambda: _history(window),
        lambda: _evidence_limit(window),
        lambda: _about(window),
        lambda: _template_problems(window),
        lambda: _fingerprint(window),
        lambda: ask_clerk_name(window, window.ws),
        lambda: show_first_steps(window, task_force=False),
    ]
    for open_dialog in dialogs:
        dialog = open_dialog()
        assert_fits(dialog, screen)
        dialog.close()


def _history(window):  # type: ignore[no-untyped-def]
    window.show_history(24)
    return window.history_windows[-1]


def _evidence_limit(window):  # type: ignore[no-untyped-def]
    window.show_evidence_limit()
    return window.limit_dialog


def _about(window):  # type: ignore[no-untyped-def]
    from ecodesk.ui.workspace_notices import show_about

    return show_about(window, window.ws)


def _template_problems(window):  # type: ignore[no-untyped-def]
    from ecodesk.reports.xlsx_import import CellProblem
    from ecodesk.ui.report_actions import TemplateProblemsDialog

    problems = [CellProblem("填报", f"G{row}", "120 超出范围 0–100") for row in range(7, 60)]
    return TemplateProblemsDialog(Path("成县-2023.xlsx"), problems, window)


def _fingerprint(window):  # type: ignore[no-untyped-def]
    from ecodesk.ui.bundle_dialogs import FingerprintDialog

    return FingerprintDialog(Path("工作专班-成县-0001.ecp"), "K7QF-3MZD-XR2A-PL9Q", window)


def test_first_run_screen_fits(screen: QRect, tmp_path: Path, qtbot) -> None:
    from ecodesk.ui.start import StartWindow

    start = StartWindow(tmp_path / "ws")
    qtbot.addWidget(start)
    assert_fits(start, screen)


@pytest.fixture
def open_tf_window(tf_root: Path, qtbot):  # type: ignore[no-untyped-def]
    from ecodesk.store.workspace import Workspace
    from ecodesk.ui.taskforce.window import TaskForceWindow

    opened = []

    def make():  # type: ignore[no-untyped-def]
        ws = Workspace.open(tf_root)
        window = TaskForceWindow(ws, 2023)
        qtbot.addWidget(window)
        opened.append((window, ws))
        return window

    yield make
    for window, ws in opened:
        window.close()
        ws.close()


def test_task_force_window_and_its_dialogs_fit(screen: QRect, open_tf_window, qtbot) -> None:
    window = open_tf_window()
    assert_fits(window, screen)
    assert window.matrix.accept_button.isVisible()
    review = _review_of(window, "成县", 24)
    assert_fits(review, screen)
    for button in (review.accept_button, review.return_button):
        assert button.isVisible()
    review.close()
    assert_fits(window.show_import(), screen)
    window.import_dialog.close()
    forms = window.change_forms()
    assert_fits(forms, screen)
    forms.close()
    from ecodesk.ui.first_steps import show_first_steps

    guide = show_first_steps(window, task_force=True)
    assert_fits(guide, screen)
    guide.close()


def _review_of(window, office: str, task: int):  # type: ignore[no-untyped-def]
    from ecodesk.store.matrix import load_rows

    row = load_rows(window.ws.db, window.ws.forms_for(2023), 2023, [office])[0]
    return window.open_cell(row.cells[task])


def test_status_message_does_not_move_bottom_buttons(open_tf_window, demo_window) -> None:
    for window, button in (
        (open_tf_window(), None),
        (demo_window, demo_window.editor.complete_button),
    ):
        button = button or window.matrix.accept_button
        window.show()
        QApplication.processEvents()
        before = button.mapTo(window, button.rect().topLeft())
        window.statusBar().showMessage("已导入 3 个数据包", 10000)
        QApplication.processEvents()
        assert button.mapTo(window, button.rect().topLeft()) == before


PROBE = """
import json, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from ecodesk.ui import settings
from ecodesk.ui.app import Controller, create_app

app = create_app()
settings.set_clerk_name("张红")
controller = Controller(Path(sys.argv[1]), 2023)
window = controller.start()
QApplication.processEvents()
area = window.screen().availableGeometry()
button = window.editor.complete_button
corner = button.mapTo(window, button.rect().bottomRight())
print(json.dumps({"area": [area.width(), area.height()], "pos": [window.x(), window.y()],
                  "size": [window.width(), window.height()], "button": [corner.x(), corner.y()]}))
controller.shutdown()
"""


@pytest.mark.parametrize("scale", [1.25, 1.5])
def test_the_real_window_fits_a_scaled_county_screen(
    scale: float, demo_copy: Path, tmp_path: Path
) -> None:
    """The same check without a stand-in: Qt itself scales a 1366×728 screen (768 less the taskbar)."""
    import json
    import os
    import subprocess
    import sys

    screen = tmp_path / "screen.json"
    screen.write_text(json.dumps({"screens": [{"name": "county", "x": 0, "y": 0, "width": 1366,
                      "height": 768 - TASKBAR, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))  # fmt: skip
    env = dict(os.environ, QT_SCALE_FACTOR=str(scale), QT_QPA_PLATFORM=f"offscreen:configfile={screen}",
               XDG_CONFIG_HOME=str(tmp_path / "config"), HOME=str(tmp_path))  # fmt: skip
    done = subprocess.run([sys.executable, "-c", PROBE, str(demo_copy)], env=env, check=True,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    shown = json.loads(done.stdout.strip().splitlines()[-1])
    width, height = shown["area"]
    assert (width, height) == (round(1366 / scale), round((768 - TASKBAR) / scale))
    assert shown["pos"][0] + shown["size"][0] + screen_fit.FRAME_WIDTH <= width
    assert shown["pos"][1] + shown["size"][1] + screen_fit.FRAME_HEIGHT <= height
    assert shown["button"][1] < shown["size"][1]  # 标记为已完成 inside the window


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_matrix_row_count_is_not_cut_at_150_percent(
    lang: str, open_tf_window, monkeypatch
) -> None:
    """The longest it gets, while a national period is still being listed, in either language."""
    from ecodesk.ui.i18n import apply_language

    area = county_screen(1.5)
    monkeypatch.setattr(screen_fit, "available_geometry", lambda _widget=None: area)
    apply_language(lang)  # the fixture turns Chinese on again afterwards
    window = open_tf_window()
    label = window.matrix.loaded_label
    window.matrix.model.loaded.emit(40, -1)
    assert label.text() in (
        "已加载 40 个单位，其余单位计算中…",
        "40 offices loaded, counting the rest…",
    )
    assert_fits(window, area)
    right = label.mapTo(window, label.rect().topLeft()).x() + label.sizeHint().width()
    assert label.width() >= label.sizeHint().width() and right <= window.width(), label.text()


# The status bar's items that a clerk acts on: never cut, however narrow the window.
NEVER_CUT = ("unsentChanges", "packageAge")


def assert_status_bar_readable(window: QMainWindow) -> list[QLabel]:
    """What a person reads at the status bar's right end, as at start-up: every item inside
    the bar, its text whole, or cut with "…" and the whole text in its tooltip (never the
    changes not sent, nor the task package's age), and no text touching the window's edge."""
    from ecodesk.ui.status_items import ElidingLabel

    window.show()
    QApplication.processEvents()
    bar = window.statusBar()
    bar.clearMessage()
    assert window.rect().contains(bar.geometry()), f"status bar {bar.geometry()} cut off"
    items = [w for w in bar.findChildren(QLabel) if w.isVisible()]
    assert len(items) >= 1
    for item in items:
        name = item.objectName()
        assert bar.rect().contains(item.geometry()), f"{name} at {item.geometry()} cut off"
        shown = item.shown_text() if isinstance(item, ElidingLabel) else item.text()
        width = item.fontMetrics().horizontalAdvance(shown)
        assert width <= item.contentsRect().width(), f"{name}: {shown!r} is cut"
        if shown != item.text():
            assert name not in NEVER_CUT, f"{name} must stay whole: {shown!r}"
            assert shown.endswith("…") and item.text().removeprefix("⚠ ") in item.toolTip()
    image = bar.grab().toImage()
    top, bottom = items[0].geometry().top(), items[0].geometry().bottom()
    paper = image.pixelColor(image.width() - 1, top)
    inked = [x for x in range(image.width()) for y in range(top, bottom + 1)
             if image.pixelColor(x, y) != paper]  # fmt: skip
    assert inked and image.width() - 1 - max(inked) >= 6, "the last text touches the edge"
    return items


def test_every_status_bar_item_is_whole_in_the_clerk_window(screen: QRect, demo_window) -> None:
    assert_fits(demo_window, screen)
    items = assert_status_bar_readable(demo_window)
    assert [item.objectName() for item in items] == [*NEVER_CUT, "backupStatus"]
    assert "尚未设置自动备份位置" in items[-1].text()


def test_every_status_bar_item_is_whole_in_the_task_force_window(
    screen: QRect, controller, tf_root: Path, qtbot
) -> None:
    window = controller(tf_root).start()  # with its automatic backup, as `ecodesk` opens it
    qtbot.addWidget(window)
    assert_fits(window, screen)
    items = assert_status_bar_readable(window)
    assert [item.objectName() for item in items] == ["backupStatus"]


def test_on_the_narrowest_window_the_read_only_mark_gives_way_to_the_figures(
    controller, demo_copy: Path, qtbot, monkeypatch
) -> None:
    """In English at 150 %, a read-only window's four items are wider than the window: the
    changes not sent and the package's age stay whole, the read-only mark ends in "…"."""
    from ecodesk.ui.i18n import apply_language

    area = county_screen(1.5)
    monkeypatch.setattr(screen_fit, "available_geometry", lambda _widget=None: area)
    apply_language("en")  # the fixture turns Chinese on again afterwards
    window = controller(demo_copy, read_only=True).start()
    wait_built(qtbot, window)
    assert_fits(window, area)
    items = assert_status_bar_readable(window)
    assert [item.objectName() for item in items] == [*NEVER_CUT, "readOnlyBadge"]
    badge = items[-1]
    assert badge.shown_text().startswith("Read-only") and badge.shown_text().endswith("…")
    assert badge.toolTip().startswith(badge.text()) and "read-only media" in badge.toolTip()
