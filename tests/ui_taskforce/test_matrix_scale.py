"""The matrix over more offices than one fetch: totals right before any scrolling (counted in
idle steps, 计算中… until then), filters that still find rows further down, and not-met totals
counted in idle steps."""

from __future__ import annotations

import json
import uuid
from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ecodesk.core.evaluation import Status
from ecodesk.store import matrix
from ecodesk.store.db import write_transaction
from ecodesk.store.matrix import CellStatus

PERIOD = 2023
SYNTHETIC = 150  # more than two fetches of MatrixModel.BATCH


def _add_offices(root: Path) -> None:
    """Synthetic counties (as bench/matrix.py builds) copying 成县's values, so some targets are
    met and some not; the last office has one returned entry and one draft."""
    from ecodesk.store.workspace import Workspace

    ws = Workspace.open(root)
    source = {
        task: values
        for task, values in ws.db.execute(
            "SELECT task, values_json FROM entries WHERE office = '成县' AND period = ? "
            "AND revision > 0",
            [PERIOD],
        ).fetchall()
    }
    rows = []
    for i in range(SYNTHETIC):
        office = f"合成县{i:04d}"
        for task, values in source.items():
            review, state = "", "complete"
            if i == SYNTHETIC - 1 and task == 24:
                review = "returned"
            if i == SYNTHETIC - 1 and task == 25:
                state = "draft"
            rows.append((str(uuid.uuid4()), office, task, PERIOD, values or json.dumps({}), "计划",
                         "", 0, "", state, review, "", 1, "test", "", "test"))  # fmt: skip
    with write_transaction(ws.db):
        ws.db.conn.executemany(
            "INSERT INTO entries (uuid, office, task, period, values_json, plan, corrective_measures, "
            "not_applicable, not_applicable_reason, state, review, review_comment, revision, "
            "install_id, updated_at, updated_by) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            rows,
        )
    ws.close()


@pytest.fixture
def big(open_window, tf_root: Path):  # type: ignore[no-untyped-def]
    _add_offices(tf_root)
    return open_window(tf_root)


def _evaluated(ws):  # type: ignore[no-untyped-def]
    offices = matrix.period_offices(ws.db, PERIOD)
    return matrix.load_rows(ws.db, ws.forms, PERIOD, offices)


def test_header_totals_cover_every_office_before_scrolling(big, qtbot) -> None:  # type: ignore[no-untyped-def]
    model = big.matrix.model
    # The totals are counted in idle steps after the first screen: wait for them.
    qtbot.waitUntil(lambda: model.totals_ready, timeout=10000)
    assert model.offices_total == 23 + SYNTHETIC
    assert model.rowCount() < model.offices_total  # only the first batch is loaded
    rows = _evaluated(big.ws)
    for task in (1, 24, 25, 30):
        cells = [row.cells[task] for row in rows]
        done = sum(c.status in matrix.DONE for c in cells)
        assigned = sum(c.status is not CellStatus.NOT_ASSIGNED for c in cells)
        header = model.headerData(model.column_of(task), Qt.Orientation.Horizontal)
        assert header.endswith(f"\n{done}/{assigned}"), (task, header)
        assert assigned > SYNTHETIC
    assert model.rowCount() < model.offices_total  # reading the header fetched nothing
    header_view = big.matrix.view.horizontalHeader()  # three-digit totals are not clipped
    total = model.headerData(0, Qt.Orientation.Horizontal).splitlines()[1]
    assert header_view.sectionSize(0) > header_view.fontMetrics().horizontalAdvance(total)


def _reported_by_construction(ws) -> Counter[int]:  # type: ignore[no-untyped-def]
    """What the synthetic offices reported, per task, from the rows `_add_offices` wrote: every
    office has a complete entry for each task 成县 reported, the last one's 24 is returned and
    its 25 a draft (neither counts as reported)."""
    tasks = [
        task
        for (task,) in ws.db.execute(
            "SELECT task FROM entries WHERE office = '成县' AND period = ? AND revision > 0",
            [PERIOD],
        )
    ]
    reported = Counter({task: SYNTHETIC for task in tasks})
    reported.subtract({24: 1, 25: 1})
    return reported


def test_totals_say_counting_until_every_office_is_counted(
    open_window, tf_root, qtbot, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from ecodesk.ui.taskforce.matrix_model import MatrixModel

    _add_offices(tf_root)
    monkeypatch.setattr(MatrixModel, "TALLY_BATCH", 16)  # several idle steps, as for 2,844
    window = open_window(tf_root)  # the event loop has not run since it opened
    panel, model = window.matrix, window.matrix.model
    assert not model.totals_ready and model.rowCount() == model.BATCH
    for column in range(model.columnCount()):
        header = model.headerData(column, Qt.Orientation.Horizontal)
        assert header.splitlines()[1] == "计算中…", header
    tip = model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert tip.endswith("全部单位的合计：计算中…")
    assert panel.loaded_label.text() == f"已加载 {model.BATCH} 个单位，其余单位计算中…"
    with qtbot.waitSignal(model.totals_counted, timeout=10000):
        pass
    assert panel.loaded_label.text() == f"已加载 {model.BATCH}/{23 + SYNTHETIC} 个单位"
    # The synthetic offices only: their totals are known from the rows the test wrote.
    panel.office_edit.setText("合成县")
    assert model.headerData(0, Qt.Orientation.Horizontal).endswith("\n计算中…")
    with qtbot.waitSignal(model.totals_counted, timeout=10000):
        pass
    reported = _reported_by_construction(window.ws)
    assert len(reported) > 20
    for task in window.ws.forms:
        header = model.headerData(model.column_of(task), Qt.Orientation.Horizontal)
        assert header.splitlines()[1] == f"{reported[task]}/{SYNTHETIC}", (task, header)


def test_scrolling_lists_the_offices_as_it_goes(open_window, tf_root, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Rows beyond the first screen are listed and fetched as the view scrolls, before the idle
    steps have listed them, in the order of the whole list; none twice, none left out."""
    from ecodesk.ui.taskforce.matrix_model import MatrixModel

    _add_offices(tf_root)
    monkeypatch.setattr(MatrixModel, "TALLY_BATCH", 16)
    window = open_window(tf_root)
    panel, model = window.matrix, window.matrix.model
    assert model.offices_total is None  # not listed yet: the event loop has not run
    model.stop()  # no idle steps: only scrolling lists offices now
    for _ in range(2 * (23 + SYNTHETIC) // model.BATCH):  # the view asks for more at the bottom
        panel.view.scrollToBottom()
        QApplication.processEvents()
    assert not model.canFetchMore()
    shown = [model.office_row(r).office for r in range(model.rowCount())]
    assert shown == matrix.period_offices(window.ws.db, PERIOD, window.ws.forms)
    assert len(shown) == 23 + SYNTHETIC and model.offices_total == len(shown)


def test_a_decision_far_down_moves_the_totals_at_once(
    open_window, tf_root, qtbot, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Returning an entry of an office counted in a later idle step (never fetched into the view)
    takes it out of its column's reported total, and only that column's."""
    from ecodesk.ui.taskforce.matrix_model import MatrixModel

    _add_offices(tf_root)
    monkeypatch.setattr(MatrixModel, "TALLY_BATCH", 16)
    window = open_window(tf_root)
    model = window.matrix.model
    qtbot.waitUntil(lambda: model.totals_ready, timeout=10000)
    before = {t: model.headerData(model.column_of(t), Qt.Orientation.Horizontal) for t in (1, 3)}
    office = f"合成县{SYNTHETIC - 2:04d}"
    assert model.row_of(office) < 0  # not in the view
    (uuid,) = window.ws.db.execute(
        "SELECT uuid FROM entries WHERE office = ? AND task = 3 AND period = ?", [office, PERIOD]
    ).fetchone()
    window.ws.return_entry(uuid, "请核实")
    window._reviewed(office, 3)  # what the review page reports after a decision
    done, assigned = before[3].splitlines()[1].split("/")
    after = model.headerData(model.column_of(3), Qt.Orientation.Horizontal)
    assert after.splitlines()[1] == f"{int(done) - 1}/{assigned}"
    assert model.headerData(model.column_of(1), Qt.Orientation.Horizontal) == before[1]


def test_not_met_totals_are_counted_in_idle_steps(big, qtbot) -> None:  # type: ignore[no-untyped-def]
    model = big.matrix.model
    not_met = Counter(
        task
        for row in _evaluated(big.ws)
        for task, cell in row.cells.items()
        if cell.outcome is Status.NOT_MET
    )
    assert sum(not_met.values()) > SYNTHETIC
    assert model.counting  # the window is open, the event loop has run once (pytest-qt)
    tip = model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert tip.endswith("未达标 …")
    with qtbot.waitSignal(model.counted, timeout=10000):
        pass
    assert not model.counting and model.rowCount() < model.offices_total
    for task in big.ws.forms:
        assert model.column_totals(task)[2] == not_met[task], task
    tip = model.headerData(
        model.column_of(24), Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole
    )
    assert tip.endswith(f"未达标 {not_met[24]}")


def test_status_filter_finds_rows_beyond_the_first_batch(big, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel, model = big.matrix, big.matrix.model
    last = f"合成县{SYNTHETIC - 1:04d}"
    panel.status_box.setCurrentIndex(panel.status_box.findText("已退回"))
    assert [model.office_row(r).office for r in range(model.rowCount())] == ["成县", last]
    panel.status_box.setCurrentIndex(panel.status_box.findText("草稿"))
    qtbot.waitUntil(lambda: not model.canFetchMore(), timeout=10000)
    model.fetch_all()
    offices = [model.office_row(r).office for r in range(model.rowCount())]
    assert last in offices and "合成县0000" not in offices
    panel.status_box.setCurrentIndex(0)
    header = model.headerData(model.column_of(25), Qt.Orientation.Horizontal)
    before = header
    panel.status_box.setCurrentIndex(panel.status_box.findText("草稿"))
    assert model.headerData(model.column_of(25), Qt.Orientation.Horizontal) == before


def test_a_rare_status_is_looked_for_without_freezing(big, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Where SQL cannot narrow the offices down, fetching stops after its time budget and goes
    on in the next turns of the event loop, until the rows turn up."""
    panel, model = big.matrix, big.matrix.model
    monkeypatch.setattr(matrix, "offices_possibly_with", lambda *args: None)
    model.FETCH_BUDGET, model.BATCH = 0.0, 8
    big.hide()  # no view asks for more rows: the model must go on by itself
    panel.office_edit.setText("合成县")
    panel.status_box.setCurrentIndex(panel.status_box.findText("已退回"))
    assert model.rowCount() == 0 and model.canFetchMore()  # gave up after one batch
    last = f"合成县{SYNTHETIC - 1:04d}"
    qtbot.waitUntil(lambda: model.row_of(last) >= 0, timeout=10000)
    assert [model.office_row(r).office for r in range(model.rowCount())] == [last]
