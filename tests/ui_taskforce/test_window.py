"""The task force's window over the task-force demo: what a reviewer sees and does."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtWidgets import QLineEdit
from qt_fixtures import commit_text

from ecodesk.core.entries import Review
from ecodesk.store import entries as entry_store
from ecodesk.store.matrix import CellStatus
from ecodesk.ui.taskforce.matrix_model import STATUS_ROLE

PERIOD = 2023


def _find(model, status: CellStatus, office: str | None = None):  # type: ignore[no-untyped-def]
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            if index.data(STATUS_ROLE) == status and (
                office is None or model.cell(index).office == office
            ):
                return index
    raise AssertionError(f"no {status} cell")


def test_matrix_shows_every_office_with_completeness_and_totals(window) -> None:
    model = window.matrix.model
    assert window.windowTitle() == "ecodesk —— 工作专班"
    assert window.tabs.tabText(0) == "总览"
    assert model.rowCount() == 23  # nine counties, the zone, thirteen lead units
    row = model.office_row(model.row_of("成县"))
    assert model.headerData(model.row_of("成县"), Qt.Orientation.Vertical) == f"成县 {row.done}/37"
    assert row.assigned == 37 and 25 < row.done < 37
    header = model.headerData(model.column_of(24), Qt.Orientation.Horizontal)
    assert header.startswith("八·24\n")
    done, assigned, _ = model.column_totals(24)
    assert header.endswith(f"{done}/{assigned}")
    statuses = {c.status for c in model.cells()}
    assert {CellStatus.MET, CellStatus.NOT_MET, CellStatus.MISSING, CellStatus.DRAFT,
            CellStatus.RETURNED, CellStatus.ACCEPTED, CellStatus.NOT_ASSIGNED} <= statuses  # fmt: skip
    returned = model.index(model.row_of("成县"), model.column_of(24))
    tip = returned.data(Qt.ItemDataRole.ToolTipRole)
    assert "城镇污水处理率" in tip and "目标" in tip and "已退回" in tip and "统计年报" in tip
    assert returned.data(Qt.ItemDataRole.DecorationRole) is not None  # icon as well as colour
    assert returned.data(Qt.ItemDataRole.AccessibleTextRole) == "已退回"


def test_filters_by_group_status_and_office(window, qtbot) -> None:
    panel, model = window.matrix, window.matrix.model
    panel.group_box.setCurrentIndex(8)  # （八）人居环境改善: tasks 23–28
    assert [model.task_at(c) for c in range(model.columnCount())] == [23, 24, 25, 26, 27, 28]
    panel.status_box.setCurrentIndex(panel.status_box.findText("已退回"))
    assert [model.office_row(r).office for r in range(model.rowCount())] == ["成县"]
    panel.status_box.setCurrentIndex(0)
    panel.group_box.setCurrentIndex(0)
    commit_text(panel.office_edit, "文县")
    assert model.rowCount() == 1 and model.office_row(0).office == "文县"
    assert panel.loaded_label.text() == "已加载 1/1 个单位"


def test_return_a_not_met_entry_with_a_chinese_comment(window, qtbot) -> None:
    model = window.matrix.model
    index = _find(model, CellStatus.NOT_MET, "武都区")
    cell = model.cell(index)
    window.matrix.view.setCurrentIndex(index)
    qtbot.keyClick(window.matrix.view, Qt.Key.Key_Return)
    review = window.reviews[-1]
    assert review.isVisible() and review.title.text().startswith(f"武都区 · {cell.task} ")
    shown = [review.values.data(review.values.index(r, 3)) for r in range(review.values.rowCount())]
    assert any(text.startswith("未达标") for text in shown)
    assert review.measures.toPlainText()  # the office's corrective measures are shown
    assert not review.return_button.isEnabled()  # a comment is required
    comment = "该指标数据与统计年报不一致，请核实后重新填报"
    commit_text(review.comment, comment)
    assert review.return_button.isEnabled()
    qtbot.mouseClick(review.return_button, Qt.MouseButton.LeftButton)
    entry = entry_store.get_entry(window.ws.db, office="武都区", task=cell.task, period=PERIOD)
    assert entry is not None and entry.review is Review.RETURNED and entry.review_comment == comment
    assert model.index(index.row(), index.column()).data(STATUS_ROLE) == CellStatus.RETURNED
    assert review.task != cell.task  # moved on to the next entry; back to see the decision
    assert review.decision.text().startswith(f"已退回：武都区 任务 {cell.task}")
    assert review.go(-1) and review.task == cell.task
    assert review.decision.text() == "已退回： " + comment
    history = [review.history.rows[r] for r in range(review.history.rowCount())]
    assert history[-1].field == "review" and comment in history[-1].new


def test_bulk_accept_locks_until_reopened_with_a_reason(window, qtbot) -> None:
    panel, model = window.matrix, window.matrix.model
    row = model.row_of("康县")
    met = [
        c
        for c in range(model.columnCount())
        if model.index(row, c).data(STATUS_ROLE) == CellStatus.MET
    ]
    selection = QItemSelection()
    for column in [*met[:5], 0]:
        selection.select(model.index(row, column), model.index(row, column))
    missing = _find(model, CellStatus.MISSING)
    selection.select(missing, missing)  # nothing to accept there: skipped
    panel.view.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    qtbot.mouseClick(panel.accept_button, Qt.MouseButton.LeftButton)
    [yes] = [b for b in panel.confirm.buttons() if b.text().startswith("通过 ")]  # asked first
    qtbot.mouseClick(yes, Qt.MouseButton.LeftButton)
    tasks = [model.task_at(c) for c in met[:5]]
    for task in tasks:
        entry = entry_store.get_entry(window.ws.db, office="康县", task=task, period=PERIOD)
        assert entry is not None and entry.review is Review.ACCEPTED
        assert model.index(row, model.column_of(task)).data(STATUS_ROLE) == CellStatus.ACCEPTED
    assert window.statusBar().currentMessage().startswith("已通过 ")
    # an accepted entry is locked: the office cannot save it, the reviewer must reopen it
    review = window.open_cell(model.cell(model.index(row, model.column_of(tasks[0]))))
    assert not review.accept_button.isEnabled() and not review.reopen_button.isEnabled()
    commit_text(review.comment, "统计口径调整，需重新核实")
    qtbot.mouseClick(review.reopen_button, Qt.MouseButton.LeftButton)
    entry = entry_store.get_entry(window.ws.db, office="康县", task=tasks[0], period=PERIOD)
    assert entry is not None and entry.review is Review.NONE
    assert (
        entry_store.history(window.ws.db, uuid=entry.uuid)[-1].new
        == '["reopened", "统计口径调整，需重新核实"]'
    )
    assert model.index(row, model.column_of(tasks[0])).data(STATUS_ROLE) == CellStatus.MET


def test_editing_an_assigned_target_changes_the_cell(window, qtbot) -> None:
    model = window.matrix.model
    cell_index = model.index(model.row_of("两当县"), model.column_of(17))
    assert cell_index.data(STATUS_ROLE) == CellStatus.COMPLETE  # the province has not assigned it
    window.tabs.setCurrentWidget(window.assignments)
    targets, view = window.assignments.targets, window.assignments.targets_view
    index = targets.index(
        targets.row_of(17, "energy_intensity_decline"), targets.office_column("两当县")
    )
    assert index.data() == ""
    view.setCurrentIndex(index)
    view.edit(index)
    editor = view.findChild(QLineEdit)
    assert editor is not None
    qtbot.keyClicks(editor, "0.5")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: index.data() == "0.5")  # the delegate commits on a queued call
    from ecodesk.store import settings

    assert settings.assigned_targets(window.ws.db, task=17, office="两当县", period=PERIOD) == {
        "energy_intensity_decline": 0.5
    }
    # completed while the target was unknown, so without corrective measures: now not met, and
    # flagged instead of counted as done (issue 13)
    cell = model.index(cell_index.row(), cell_index.column())
    assert cell.data(STATUS_ROLE) == CellStatus.MEASURES_MISSING


def test_unassigning_a_task_updates_the_row(window) -> None:
    model, panel = window.matrix.model, window.assignments
    panel.office_box.setCurrentIndex(panel.office_box.findText("成县"))
    tasks = panel.tasks
    index = tasks.index(2, tasks.ASSIGNED)  # task 3
    assert index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    tasks.setData(index, Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert tasks.index(2, tasks.SOURCE).data() == "工作专班调整"
    row = model.row_of("成县")
    assert model.index(row, model.column_of(3)).data(STATUS_ROLE) == CellStatus.NOT_ASSIGNED
    assert model.headerData(row, Qt.Orientation.Vertical).endswith("/36")


def test_city_wide_targets_with_charts(window) -> None:
    window.tabs.setCurrentWidget(window.targets)
    panel = window.targets
    model = panel.model
    assert model.rowCount() == sum(len(f.indicators) for f in window.ws.forms.values())
    first = model.rows[0]
    assert model.index(0, model.LEAD).data() == "市生态环境局"
    assert model.index(0, model.TARGET).data() == "是"
    assert panel.summary.text().startswith("2023 年：全市 ")
    assert panel.group_chart.categories[0] == "武都区" and len(panel.group_chart.categories) == 9
    met = panel.group_chart.series[0][2]
    assert sum(met) == sum(
        r.count(r.status.__class__("met")) for r in model.rows if r.form.group == first.form.group
    )
    panel.table.selectRow(3)  # task 3, a number: a trend across both demo years
    assert [p for p, _ in panel.trend_chart.points] == [2022, 2023]
    assert panel.trend_chart.target == 20.0
    image = panel.grab()  # paints both charts without error
    assert not image.isNull()


def test_city_wide_targets_show_both_lead_units(window) -> None:  # type: ignore[no-untyped-def]
    """Task 32 has two lead units ("牵头单位:市发展改革委、市商务局"): both figures are shown."""
    window.tabs.setCurrentWidget(window.targets)
    panel, model = window.targets, window.targets.model
    row = next(i for i, r in enumerate(model.rows) if r.indicator_id == "energy_saving_appliances")
    assert model.index(row, model.LEAD).data() == "市发展改革委、市商务局"
    shown = model.index(row, model.VALUE).data()
    assert shown.startswith("市发展改革委 ") and "；市商务局 " in shown
    panel.table.selectRow(row)  # the trend: the first lead unit's series, named
    assert panel.trend_chart.title.endswith("（市发展改革委）")
    assert [p for p, _ in panel.trend_chart.points] == [2022, 2023]


def test_evidence_opens_from_the_review(window, qtbot) -> None:
    model = window.matrix.model
    index = _find(model, CellStatus.MET, "成县")
    review = window.open_cell(model.cell(index))
    opened: list[Path] = []
    review.open_url = lambda url: opened.append(Path(url.toLocalFile()))
    view = review.evidence_view
    first = review.evidence.index(0, 0)
    assert first.data().endswith("佐证材料.txt")
    view.doubleClicked.emit(first)
    assert opened and opened[0].exists()
    review.close()
    assert review not in window.reviews


def test_2022_city_targets_count_baselines_apart(open_window, tf_root) -> None:  # type: ignore[no-untyped-def]
    """2022 is the plan's starting point: values short of the end-2023 target are 基线."""
    window = open_window(tf_root, 2022)
    window.tabs.setCurrentWidget(window.targets)
    rows = window.targets.model.rows
    baseline = sum(1 for r in rows if r.status.value == "baseline")
    assert baseline > 0
    assert window.targets.summary.text().endswith(f"，基线 {baseline}")
