"""The task force's queries: cell statuses, bulk acceptance, reopening (no Qt)."""

from __future__ import annotations

import pytest

from ecodesk.core.entries import Review
from ecodesk.core.errors import UserError
from ecodesk.store import entries as entry_store
from ecodesk.store import matrix, settings
from ecodesk.store.matrix import CellStatus


@pytest.fixture(scope="module")
def tf_template(tmp_path_factory):  # type: ignore[no-untyped-def]
    from ecodesk.store.demo import build_demo

    root = tmp_path_factory.mktemp("tf") / "ws"
    build_demo(root, task_force=True).close()
    return root


@pytest.fixture
def tf(tf_template, tmp_path):  # type: ignore[no-untyped-def]
    import shutil

    from ecodesk.store.workspace import Workspace

    shutil.copytree(tf_template, tmp_path / "tf")
    ws = Workspace.open(tmp_path / "tf")
    yield ws
    ws.close()


def test_cells_follow_entries_reviews_and_assignments(tf) -> None:  # type: ignore[no-untyped-def]
    offices = matrix.period_offices(tf.db, 2023)
    assert offices[:2] == ["武都区", "成县"] and "市生态环境局" in offices
    row = matrix.load_rows(tf.db, tf.forms, 2023, ["成县"])[0]
    assert (
        row.cells[24].status is CellStatus.RETURNED and "统计年报" in row.cells[24].review_comment
    )
    assert row.cells[1].status is CellStatus.ACCEPTED
    settings.set_assignment(tf.db, office="成县", task=2, period=2023, assigned=False)
    again = matrix.load_rows(tf.db, tf.forms, 2023, ["成县"])[0]
    assert again.cells[2].status is CellStatus.NOT_ASSIGNED and again.assigned == row.assigned - 1


def test_bulk_accept_skips_what_needs_its_own_decision(tf) -> None:  # type: ignore[no-untyped-def]
    row = matrix.load_rows(tf.db, tf.forms, 2023, ["康县"])[0]
    met = [c.uuid for c in row.cells.values() if c.status is CellStatus.MET][:3]
    drafts = [c.uuid for c in row.cells.values() if c.status is CellStatus.DRAFT]
    accepted = matrix.accept_entries(tf.db, uuids=met + drafts, who="专班")
    assert accepted == met
    entry = entry_store.get_entry_by_uuid(tf.db, met[0])
    assert entry is not None and entry.review is Review.ACCEPTED
    with pytest.raises(UserError):
        matrix.reopen_entry(tf.db, uuid=met[0], reason=" ", who="专班")
    matrix.reopen_entry(tf.db, uuid=met[0], reason="口径调整", who="专班")
    entry = entry_store.get_entry_by_uuid(tf.db, met[0])
    assert entry is not None and entry.review is Review.NONE
    assert entry_store.history(tf.db, uuid=met[0])[-1].new == '["reopened", "口径调整"]'


def test_city_targets_use_the_lead_units_figure(tf) -> None:  # type: ignore[no-untyped-def]
    rows = matrix.city_targets(tf.db, tf.forms, 2023)
    eia = next(r for r in rows if r.form.task == 3)
    assert eia.lead_office == "市委组织部" and eia.target_text == "≥ 20%"
    assert sum(len(r.county_status) > 0 for r in rows) > 40


def _evaluated_counts(ws, offices):  # type: ignore[no-untyped-def]
    """What evaluating every row gives, with met / not met folded into complete as SQL sees it."""
    from collections import Counter

    counts: dict[int, Counter[CellStatus]] = {task: Counter() for task in ws.forms}
    for row in matrix.load_rows(ws.db, ws.forms, 2023, offices):
        for task, cell in row.cells.items():
            status = cell.status
            if status in (CellStatus.MET, CellStatus.NOT_MET):
                status = CellStatus.COMPLETE
            counts[task][status] += 1
    return counts


def _drop_zeros(counts):  # type: ignore[no-untyped-def]
    return {task: {s: n for s, n in column.items() if n} for task, column in counts.items()}


def test_column_counts_match_evaluating_every_row(tf) -> None:  # type: ignore[no-untyped-def]
    from ecodesk.store.bundles import record_conflict_tx
    from ecodesk.store.db import write_transaction

    # Both ways of overriding an assignment, over an entry and over nothing.
    settings.set_assignment(tf.db, office="成县", task=2, period=2023, assigned=False)
    settings.set_assignment(tf.db, office="康县", task=5, period=2023, assigned=False)
    settings.set_assignment(tf.db, office="市生态环境局", task=30, period=2023, assigned=True)
    settings.set_assignment(tf.db, office="市委组织部", task=3, period=2023, assigned=False)
    row = matrix.load_rows(tf.db, tf.forms, 2023, ["文县"])[0]
    met = next(c for c in row.cells.values() if c.status is CellStatus.MET)
    with write_transaction(tf.db):
        record_conflict_tx(tf.db, uuid=met.uuid, revision=met.revision, content_sha256="x" * 64,
                           install_id="other", content_json="{}", manifest_sha256="y" * 64)  # fmt: skip
    offices = matrix.period_offices(tf.db, 2023)
    counts = matrix.column_counts(tf.db, tf.forms, 2023)
    assert _drop_zeros(counts) == _drop_zeros(_evaluated_counts(tf, offices))
    assert counts[met.task][CellStatus.CONFLICT] >= 1
    assert sum(counts[1].values()) == len(offices)
    only = matrix.column_counts(tf.db, tf.forms, 2023, office_contains="县")
    expected = _evaluated_counts(tf, [o for o in offices if "县" in o])
    assert _drop_zeros(only) == _drop_zeros(expected)


def test_offices_possibly_with_a_status_include_every_office_showing_it(tf) -> None:  # type: ignore[no-untyped-def]
    offices = matrix.period_offices(tf.db, 2023)
    rows = matrix.load_rows(tf.db, tf.forms, 2023, offices)
    tasks = [t for t, f in tf.forms.items() if f.group == 8]
    for status in CellStatus:
        maybe = matrix.offices_possibly_with(tf.db, 2023, status, tasks)
        showing = {r.office for r in rows if any(r.cells[t].status is status for t in tasks)}
        assert maybe is None or showing <= maybe, status
    returned = matrix.offices_possibly_with(tf.db, 2023, CellStatus.RETURNED, tasks)
    assert returned == {"成县"}


def test_change_stamp_moves_with_any_commit(tf) -> None:  # type: ignore[no-untyped-def]
    from ecodesk.store.workspace import Workspace

    before = matrix.change_stamp(tf.db)
    assert matrix.change_stamp(tf.db) == before
    settings.set_assignment(tf.db, office="成县", task=2, period=2023, assigned=False)
    mine = matrix.change_stamp(tf.db)
    assert mine != before
    other = Workspace.open(tf.root)
    try:
        settings.set_assignment(other.db, office="成县", task=2, period=2023, assigned=True)
    finally:
        other.close()
    assert matrix.change_stamp(tf.db) != mine


def test_every_office_that_owes_a_task_has_a_row(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A new task force before any bundle: every county, the zone and every lead department
    has a row (○ 未报送), not only those that reported."""
    from ecodesk.core.offices import COUNTIES
    from ecodesk.store.workspace import Workspace

    tf = Workspace.create(tmp_path / "tf", office=None, task_force=True)
    try:
        assert matrix.period_offices(tf.db, 2023) == [*COUNTIES, "陇南经济开发区管委会"]
        offices = matrix.period_offices(tf.db, 2023, tf.forms)
        assert "市交通运输局" in offices and "市委组织部" in offices  # lead tasks 30; 3 and 34
        assert "市统计局" not in offices  # leads nothing
        [row] = matrix.load_rows(tf.db, tf.forms, 2023, ["市交通运输局"])
        assert row.cells[30].status is CellStatus.MISSING and row.assigned == 1
        counts = matrix.column_counts(tf.db, tf.forms, 2023, offices=offices)
        assert counts[30][CellStatus.MISSING] == 11  # nine counties, the zone, the lead
        # unassigned from the only task it leads: it owes nothing, so no row
        settings.set_assignment(tf.db, office="市交通运输局", task=30, period=2023, assigned=False)
        assert "市交通运输局" not in matrix.period_offices(tf.db, 2023, tf.forms)
    finally:
        tf.close()
