"""The task force applies new forms from a period in its window: that period and later ones are
judged by them, earlier ones by their own; an archived period is refused with the reason shown."""

from __future__ import annotations

from pathlib import Path

from form_helpers import revised_forms
from PySide6.QtCore import Qt

from ecodesk.core.periods import PERIODS
from ecodesk.store.workspace import Workspace

OFFICE = "成县"


def _task_force_with_rates(root: Path) -> None:
    ws = Workspace.create(root, office=None, task_force=True)
    for period in (2023, 2024):
        ws.save(24, period, office=OFFICE, values={"treatment_rate": 94.0})
    ws.close_period(2022)  # as if the 2022 archive had been made
    ws.close()


def _tip(window, period: int) -> str:  # type: ignore[no-untyped-def]
    window.period_box.setCurrentIndex(PERIODS.index(period))
    model = window.matrix.model
    model.fetchMore(model.index(-1, -1))
    index = model.index(model.row_of(OFFICE), model.column_of(24))
    return str(index.data(Qt.ItemDataRole.ToolTipRole))


def test_new_forms_from_2024_leave_2023_judged_by_its_own(open_window, tmp_path, qtbot) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "tf"
    _task_force_with_rates(root)
    window = open_window(root, 2024)
    assert "≥ 93%" in _tip(window, 2024)
    folder = revised_forms(tmp_path, 24, "value = 93", "value = 96")

    dialog = window.change_forms()
    dialog.folder_edit.setText(str(folder))
    dialog.period_box.setCurrentIndex(PERIODS.index(2022))
    dialog.ok_button.click()
    assert dialog.isVisible() or not window.isVisible()
    assert "2022 已归档" in dialog.error.text() and not dialog.error.isHidden()

    dialog.period_box.setCurrentIndex(PERIODS.index(2024))
    with qtbot.waitSignal(dialog.installed):
        dialog.ok_button.click()
    assert "任务 24" in window.statusBar().currentMessage()
    assert "≥ 96%" in _tip(window, 2024)
    assert "≥ 93%" in _tip(window, 2023)
