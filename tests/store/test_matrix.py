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
            if status in (
                CellStatus.MET,
                CellStatus.NOT_MET,
                CellStatus.BASELINE,
                CellStatus.MEASURES_MISSING,
            ):
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


def test_offices_come_in_pages_in_the_order_of_the_whole_list(tf) -> None:  # type: ignore[no-untyped-def]
    """The matrix lists its first screen, and the rest in idle steps, a page at a time: the pages
    together are the whole list, in its order, whatever the page size."""
    from ecodesk.store.db import write_transaction

    others = ["Zeta市", "阿县", "合成县0001", "合成县0000", "合成县0002"]  # not Longnan's
    with write_transaction(tf.db):
        for name in others[:-1]:
            tf.db.execute(
                "INSERT INTO entries (uuid, office, task, period, values_json, revision, state) "
                "VALUES (?, ?, 3, 2023, '{}', 1, 'complete')",
                [f"uuid-{name}", name],
            )
        tf.db.execute(  # in 2022 only: no row in 2023
            "INSERT INTO entries (uuid, office, task, period, values_json, revision, state) "
            "VALUES ('uuid-old', '二〇二二县', 3, 2022, '{}', 1, 'complete')"
        )
    settings.set_assignment(tf.db, office=others[-1], task=5, period=2023, assigned=True)
    whole = matrix.period_offices(tf.db, 2023, tf.forms)
    # Longnan's in the plan's order (counties first), then the others by name
    assert whole[:2] == ["武都区", "成县"]
    assert whole[-5:] == ["Zeta市", "合成县0000", "合成县0001", "合成县0002", "阿县"]
    assert "二〇二二县" not in whole and len(set(whole)) == len(whole)
    for size in (1, 2, 7, len(whole) - 1, len(whole), len(whole) + 5):
        pages: list[str] = []
        while True:
            after = pages[-1] if pages else None
            page = matrix.period_offices_page(tf.db, 2023, tf.forms, after=after, limit=size)
            pages += page
            if len(page) < size:
                break
        assert pages == whole, size


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


# (period, task, indicator, first lead's value, second lead's value, city status): tasks 2, 15, 32
# and 33 have two lead units ("牵头单位:市发展改革委、市商务局"); neither figure is left out.
TWO_LEADS = [
    (2023, 32, "energy_saving_appliances", 55.0, 45.0, "not_met"),
    (2023, 32, "energy_saving_appliances", 55.0, 52.0, "met"),
    (2022, 32, "energy_saving_appliances", 55.0, 45.0, "baseline"),
    (2022, 15, "red_line_area", 1200.0, 1300.0, "unknown"),  # no previous period to compare
]


@pytest.mark.parametrize(("period", "task", "indicator", "first", "second", "status"), TWO_LEADS)
def test_city_targets_show_both_lead_units(
    tf, period, task, indicator, first, second, status
) -> None:  # type: ignore[no-untyped-def]
    form = tf.forms_for(period)[task]
    assert len(form.lead) == 2
    for office, value in zip(form.lead, (first, second), strict=True):
        tf.save(task, period, office=office, values={indicator: value})
    row = next(
        r for r in matrix.city_targets(tf.db, tf.forms_for(period), period)
        if r.form.task == task and r.indicator_id == indicator
    )  # fmt: skip
    assert [(f.office, f.value) for f in row.leads] == list(
        zip(form.lead, (first, second), strict=True)
    )
    assert row.lead_office == "、".join(form.lead)
    assert row.status.value == status
    shown = row.figures_text()
    assert form.lead[0] in shown and form.lead[1] in shown


def test_the_city_row_of_an_indicator_the_lead_does_not_report(tf) -> None:  # type: ignore[no-untyped-def]
    rows = matrix.city_targets(tf.db, tf.forms, 2023)
    counties = next(r for r in rows if r.form.task == 24 and r.indicator_id == "treatment_rate")
    assert counties.status.value == "not_applicable" and counties.leads == ()
    parts = {r.indicator_id: r.target_text for r in rows if r.form.task == 24}
    assert parts["city_proper_rate"] == "市区 ≥ 98%" and parts["county_town_rate"] == "县城 ≥ 93%"


def test_a_complete_entry_made_not_met_by_a_later_target_is_flagged_not_done(tf) -> None:  # type: ignore[no-untyped-def]
    office, task = "两当县", 17
    before = matrix.load_rows(tf.db, tf.forms, 2023, [office])[0]
    assert before.cells[task].status is CellStatus.COMPLETE  # the province's target not set
    tf.set_target(task, "energy_intensity_decline", office=office, period=2023, value=99.0)
    after = matrix.load_rows(tf.db, tf.forms, 2023, [office])[0]
    assert after.cells[task].status is CellStatus.MEASURES_MISSING
    assert after.done == before.done - 1
    assert matrix.cell_status_label(CellStatus.MEASURES_MISSING) == "目标已更新，缺整改措施"
    uuid = after.cells[task].uuid
    assert tf.accept([uuid]) == []  # not accepted without corrective measures, also in bulk
    with pytest.raises(UserError, match="请退回单位补充后再通过"):
        tf.review(uuid, Review.ACCEPTED)
    assert tf.return_entry(uuid, "请补充整改措施").review is Review.RETURNED
