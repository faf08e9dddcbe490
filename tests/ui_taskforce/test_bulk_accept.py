"""批量通过 says what it will do, waits for a yes, and acts only on what the filter shows."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from ecodesk.core.entries import Review
from ecodesk.store import entries as entry_store
from ecodesk.store.matrix import CellStatus


def _button(box: QMessageBox, text: str):  # type: ignore[no-untyped-def]
    [button] = [b for b in box.buttons() if b.text() == text]
    return button


def _review(window, uuid: str) -> Review:  # type: ignore[no-untyped-def]
    entry = entry_store.get_entry_by_uuid(window.ws.db, uuid)
    assert entry is not None
    return entry.review


def test_bulk_accept_asks_first_and_names_the_not_met(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel, model = window.matrix, window.matrix.model
    row = model.row_of("康县")
    panel.view.selectRow(row)
    cells = [model.cell(model.index(row, c)) for c in range(model.columnCount())]
    met = [c for c in cells if c.status is CellStatus.MET]
    not_met = [c for c in cells if c.status is CellStatus.NOT_MET]
    unknown = [c for c in cells if c.status is CellStatus.COMPLETE]
    assert met and not_met
    qtbot.mouseClick(panel.accept_button, Qt.MouseButton.LeftButton)
    box = panel.confirm
    assert box is not None and box.isVisible()
    total = len(met) + len(not_met) + len(unknown)
    assert box.text() == f"将通过 {total} 条，其中 {len(not_met)} 条未达标。"
    qtbot.mouseClick(_button(box, "取消"), Qt.MouseButton.LeftButton)
    assert all(_review(window, c.uuid) is Review.NONE for c in met + not_met)  # nothing yet
    qtbot.mouseClick(panel.accept_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(_button(panel.confirm, f"通过 {total} 条"), Qt.MouseButton.LeftButton)
    assert all(_review(window, c.uuid) is Review.ACCEPTED for c in met + not_met)


def test_bulk_accept_leaves_dimmed_cells_alone(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel, model = window.matrix, window.matrix.model
    panel.status_box.setCurrentIndex(panel.status_box.findText("达标"))
    row = model.row_of("康县")
    panel.view.selectRow(row)
    cells = [model.cell(model.index(row, c)) for c in range(model.columnCount())]
    shown = [c for c in cells if c.status is CellStatus.MET]
    dimmed = [c for c in cells if c.status is CellStatus.NOT_MET]
    assert shown and dimmed and all(model.dimmed(c) for c in dimmed)
    qtbot.mouseClick(panel.accept_button, Qt.MouseButton.LeftButton)
    assert panel.confirm.text() == f"将通过 {len(shown)} 条，其中 0 条未达标。"
    assert str(len(cells) - len(shown)) in panel.confirm.informativeText()
    qtbot.mouseClick(_button(panel.confirm, f"通过 {len(shown)} 条"), Qt.MouseButton.LeftButton)
    assert all(_review(window, c.uuid) is Review.ACCEPTED for c in shown)
    assert all(_review(window, c.uuid) is Review.NONE for c in dimmed)
