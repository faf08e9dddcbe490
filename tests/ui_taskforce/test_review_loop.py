"""Review as a fast loop: one page per entry, previous/next, keyboard decisions that move on,
a decision taken back until a task package carries it, 退回 for an invalid cell."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from qt_fixtures import commit_text

from ecodesk.core.entries import Review
from ecodesk.store import entries as entry_store
from ecodesk.store.bundles import record_package
from ecodesk.store.entries import now
from ecodesk.store.matrix import CellStatus

PERIOD = 2023


def _cells(model, office: str, status: CellStatus):  # type: ignore[no-untyped-def]
    row = model.row_of(office)
    cells = [model.cell(model.index(row, c)) for c in range(model.columnCount())]
    return [c for c in cells if c.status is status]


def _review(window, office: str, task: int) -> Review:  # type: ignore[no-untyped-def]
    entry = entry_store.get_entry(window.ws.db, office=office, task=task, period=PERIOD)
    assert entry is not None
    return entry.review


def test_one_page_and_the_keyboard_loop(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    model = window.matrix.model
    first, second = _cells(model, "康县", CellStatus.MET)[:2]
    review = window.open_cell(first)
    review.activateWindow()  # shortcuts reach the active window, as for a person
    qtbot.waitUntil(review.isActiveWindow)
    page = review.tabs.widget(0)
    assert review.tabs.count() == 2 and review.tabs.tabText(0) == "填报内容"
    for part in (review.plan, review.measures, review.evidence_view):
        assert page.isAncestorOf(part) and part.isVisible()  # no tab to click for them
    assert review.values.rowCount() >= 1 and review.evidence.rowCount() >= 1
    # Ctrl+Enter accepts and moves on to the next entry the matrix shows
    qtbot.keyClick(review, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert _review(window, "康县", first.task) is Review.ACCEPTED
    assert (review.office, review.task) == ("康县", second.task)
    assert review.decision.text().startswith(f"已通过：康县 任务 {first.task}")
    # Alt+← goes back; Ctrl+Z takes the decision back (no task package has carried it)
    qtbot.keyClick(review, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert review.task == first.task and review.undo_button.isEnabled()
    qtbot.keyClick(review, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _review(window, "康县", first.task) is Review.NONE
    assert review.decision.text().startswith("审核决定已撤销。")
    assert (
        model.index(model.row_of("康县"), model.column_of(first.task)).data(
            Qt.ItemDataRole.AccessibleTextRole
        )
        == "达标"
    )
    # Ctrl+R without a comment asks for one; with it, returns and moves on
    qtbot.keyClick(review, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert _review(window, "康县", first.task) is Review.NONE
    assert QApplication.focusWidget() is review.comment
    commit_text(review.comment, "佐证材料不全，请补充")
    qtbot.keyClick(review, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert _review(window, "康县", first.task) is Review.RETURNED
    assert review.task == second.task


def test_a_decision_sent_in_a_task_package_stands(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    model = window.matrix.model
    cell = _cells(model, "康县", CellStatus.MET)[0]
    review = window.open_cell(cell)
    qtbot.mouseClick(review.accept_button, Qt.MouseButton.LeftButton)
    review.go(-1)
    assert review.task == cell.task and review.undo_button.isEnabled()
    # the task force makes 康县's next task package: it carries the decision
    record_package(window.ws.db, direction="out", office="康县", sequence=1, created=now(),
                   manifest_sha256="0" * 64, key_id="k")  # fmt: skip
    review.load()
    assert not review.undo_button.isEnabled()
    assert "已随第 1 号任务包发给康县" in review.undo_button.toolTip()
    review.undo_decision()
    assert _review(window, "康县", cell.task) is Review.ACCEPTED


def test_an_invalid_cell_can_be_returned(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    model = window.matrix.model
    cell, percent = next(
        (c, i)
        for c in _cells(model, "康县", CellStatus.MET)
        for i in window.ws.form(c.task, PERIOD).indicators
        if i.type.value == "percent" and len(window.ws.form(c.task, PERIOD).indicators) == 1
    )
    window.ws.db.execute(  # what an older version let through: a share above 100 %
        "UPDATE entries SET values_json = ? WHERE uuid = ?",
        [f'{{"{percent.id}": 180.0}}', cell.uuid],
    )
    window.ws.db.conn.commit()
    window.matrix.model.refresh()
    [invalid] = [c for c in _cells(model, "康县", CellStatus.INVALID) if c.task == cell.task]
    review = window.open_cell(invalid)
    assert not review.accept_button.isEnabled()
    commit_text(review.comment, "数值超出范围，请核实")
    assert review.return_button.isEnabled()
    qtbot.mouseClick(review.return_button, Qt.MouseButton.LeftButton)
    assert _review(window, "康县", cell.task) is Review.RETURNED
