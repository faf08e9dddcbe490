"""An import in batches: each bundle whole or not at all, each transaction whole batches, a crash
leaves every bundle imported or not, and importing again takes the rest."""

from __future__ import annotations

from pathlib import Path

import pytest
from bundle_helpers import Network, db_bytes, export, fill, import_all

from ecodesk.bundle import api, envelope, merge, merge_plan, merge_write
from ecodesk.store import bundles as bundle_store
from ecodesk.store import entries as entry_store

OFFICES = ("成县", "康县", "徽县")


@pytest.fixture
def three(network: Network, tmp_path: Path) -> list[Path]:
    """One bundle of each of three offices (two entries each), and a second bundle of 康县."""
    files = []
    for office in OFFICES:
        ws = network.join(office)
        fill(ws, 1, f"{office}规划")
        fill(ws, 2, f"{office}计划")
        files.append(export(ws, tmp_path / office))
    ws = network.offices["康县"]
    fill(ws, 1, "康县规划，改过")
    files.append(export(ws, tmp_path / "康县-2"))
    return files


def _stored(network: Network, office: str) -> list[str]:
    return sorted(e.plan for e in entry_store.list_entries(network.tf.db, office=office))


def test_each_batch_holds_whole_offices_and_everything_lands(
    network: Network, three: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(merge_plan, "BATCH_LINES", 1)  # cut at every office boundary
    done = import_all(network.tf, three)
    assert done.batches == 3  # not four: 康县's two bundles land together, in sequence order
    assert done.transactions == 1  # three batches of 7 lines: far from TRANSACTION_LINES
    assert done.counts["new"] == 6 and done.counts["updated"] == 1
    assert _stored(network, "康县") == ["康县规划，改过", "康县计划"]
    assert len(bundle_store.received_list(network.tf.db)) == 4


def _fail_second_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    real_write, calls = merge_write.write, []

    def write_then_fail(*args: object) -> None:
        calls.append(1)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")  # the second batch fails mid-write
        real_write(*args)  # type: ignore[arg-type]

    monkeypatch.setattr("ecodesk.bundle.merge.write", write_then_fail)


def test_a_crash_leaves_each_bundle_imported_or_not_and_a_second_import_takes_the_rest(
    network: Network, three: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(merge_plan, "BATCH_LINES", 1)
    monkeypatch.setattr(merge, "TRANSACTION_LINES", 1)  # each batch its own transaction
    real_write = merge_write.write
    _fail_second_batch(monkeypatch)
    with pytest.raises(OSError):
        import_all(network.tf, three)
    # Offices are imported in name order: 康县 (batch 1, both its bundles) landed whole;
    # 徽县 (batch 2) failed and left nothing; 成县 (batch 3) was never reached.
    assert sorted(OFFICES) == ["康县", "徽县", "成县"]
    assert _stored(network, "康县") == ["康县规划，改过", "康县计划"]
    assert _stored(network, "徽县") == [] and _stored(network, "成县") == []
    received = bundle_store.received_list(network.tf.db)
    assert sorted((r.office, r.sequence) for r in received) == [("康县", 1), ("康县", 2)]

    monkeypatch.setattr("ecodesk.bundle.merge.write", real_write)
    again = import_all(network.tf, three)
    assert [f.status for f in again.files] == ["ok", "duplicate", "ok", "duplicate"]
    assert _stored(network, "成县") == ["成县规划", "成县计划"]
    assert _stored(network, "徽县") == ["徽县规划", "徽县计划"]
    assert len(bundle_store.received_list(network.tf.db)) == 4


def test_a_crash_rolls_back_every_batch_of_its_transaction_and_keeps_the_ones_before(
    network: Network, three: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Batches share a transaction of about TRANSACTION_LINES lines: a failure in one takes back
    the batches of its transaction already written, never a committed one."""
    monkeypatch.setattr(merge_plan, "BATCH_LINES", 1)  # three batches (康县, 徽县, 成县) …
    monkeypatch.setattr(merge, "TRANSACTION_LINES", 10**6)  # … in one transaction
    _fail_second_batch(monkeypatch)
    before = db_bytes(network.tf)
    with pytest.raises(OSError):
        import_all(network.tf, three)
    assert db_bytes(network.tf) == before  # 康县's batch was written, and taken back
    assert bundle_store.received_list(network.tf.db) == []

    monkeypatch.setattr(merge, "TRANSACTION_LINES", 3)  # 康县 (3 lines) alone, then the rest
    _fail_second_batch(monkeypatch)
    with pytest.raises(OSError):
        import_all(network.tf, three)
    assert _stored(network, "康县") == ["康县规划，改过", "康县计划"]
    assert _stored(network, "徽县") == [] and _stored(network, "成县") == []


def test_transactions_are_runs_of_whole_batches_of_about_transaction_lines(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class File:  # what `transactions` reads of a checked file
        def __init__(self, lines: int) -> None:
            self.manifest = {"entry_count": lines}

    batches = [[File(30), File(40)], [File(50)], [File(10)], [File(100)], [File(1)]]
    monkeypatch.setattr(merge, "TRANSACTION_LINES", 100)
    grouped = merge.transactions(batches)  # type: ignore[arg-type]
    assert [[sum(f.manifest["entry_count"] for f in b) for b in g] for g in grouped] == [
        [70, 50],  # 120 lines: the transaction closes once it holds 100 or more
        [10, 100],
        [1],
    ]
    assert [b for g in grouped for b in g] == batches  # every batch, in order, once


def test_the_dry_run_writes_nothing_and_leaves_no_file_behind(
    network: Network, three: list[Path]
) -> None:
    before = db_bytes(network.tf)
    plan = api.plan_import(network.tf, three)
    assert plan.counts["new"] == 6 and plan.counts["updated"] == 1
    assert db_bytes(network.tf) == before
    # what it verified waits in an unnamed temporary file: nothing in the scratch folder
    assert list(envelope.scratch_dir(network.tf.root).iterdir()) == []
    del plan
    assert list(envelope.scratch_dir(network.tf.root).iterdir()) == []


def test_every_merged_entry_is_stamped_with_the_form_version_of_its_period(
    network: Network, tmp_path: Path
) -> None:
    """The import stamps new entries itself (the trigger then leaves them alone): the version in
    force for each one's own period, also after a form changed from a later period."""
    from form_helpers import revised_forms, sources

    tf = network.tf
    before = tf.form(24, 2023).sha256
    tf.install_forms(
        sources(revised_forms(tmp_path, 24, 'kind = ">="\nvalue = 93', 'kind = ">="\nvalue = 96')),
        effective_from=2024,
    )
    office = network.join("成县")
    files = []
    for period in (2023, 2024):
        office.save(24, period, values={"treatment_rate": 95.0})
        office.save(1, period, plan=f"{period} 年计划")
        bundle = api.export_bundle(office, period=period, out_dir=tmp_path / f"out-{period}")
        files.append(bundle.path)
    import_all(tf, files)
    stamps = {
        (task, period): sha
        for task, period, sha in tf.db.execute("SELECT task, period, form_sha256 FROM entries")
    }
    assert stamps == {
        (task, period): tf.form(task, period).sha256 for task in (1, 24) for period in (2023, 2024)
    }
    assert stamps[24, 2023] == before != stamps[24, 2024]


def test_a_write_failing_on_the_writer_thread_rolls_its_batch_back(
    network: Network, three: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rows are written on a thread of their own (store/merge_writer.py): a disk that fills
    up there still fails the import, and the batch it was writing leaves nothing behind."""
    import sqlite3

    from ecodesk.store import merge_writer

    monkeypatch.setattr(merge_plan, "BATCH_LINES", 1)
    monkeypatch.setattr(merge, "TRANSACTION_LINES", 1)  # each batch its own transaction
    monkeypatch.setattr(merge_write, "FLUSH_LINES", 1)  # a send per line
    real_send, sends = merge_writer.MergedEntryWriter._send, []

    def send_then_fail(self: merge_writer.MergedEntryWriter, rows: tuple[list, ...]) -> None:  # type: ignore[type-arg]
        sends.append(1)
        if len(sends) == 4:  # 康县 (batch 1) took three sends (one per file, one last); 徽县 fails
            raise sqlite3.OperationalError("database or disk is full")
        real_send(self, rows)

    monkeypatch.setattr(merge_writer.MergedEntryWriter, "_send", send_then_fail)
    with pytest.raises(sqlite3.OperationalError):
        import_all(network.tf, three)
    assert _stored(network, "康县") == ["康县规划，改过", "康县计划"]
    assert _stored(network, "徽县") == [] and _stored(network, "成县") == []
    audited = network.tf.db.execute("SELECT COUNT(*) FROM audit WHERE field = 'bundle'")
    assert audited.fetchone()[0] == 2  # 康县's two entries, nothing of 徽县
    received = bundle_store.received_list(network.tf.db)
    assert sorted((r.office, r.sequence) for r in received) == [("康县", 1), ("康县", 2)]
