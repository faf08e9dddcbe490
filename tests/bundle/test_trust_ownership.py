"""Ownership of entries at the task force, and bundles applied whole or not at all.

An entry's identity (UUID → office, task, period) is fixed the first time the task force sees it;
a bundle line that claims it for another office, task or period is refused, and a bundle with any
refused line is refused as a whole: not merged, not recorded as received, not acknowledged.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bundle_helpers import Network, db_bytes, export, fill, import_all
from forge import Forge

from ecodesk.bundle import api, merge_plan
from ecodesk.store import bundles as bundle_store
from ecodesk.store import refusals as refusal_store

DATA_TABLES = (
    "entries",
    "provenance",
    "received_bundles",
    "conflicts",
    "audit",
)  # heads: in entries


def _data(network: Network) -> tuple[object, ...]:
    """Everything a bundle import may change, except the log of refused bundles."""
    db = network.tf.db
    return tuple(db.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in DATA_TABLES)


def _kang_entry_at_task_force(network: Network, tmp_path: Path) -> dict:  # type: ignore[type-arg]
    """康县's entry for task 1, imported at the task force; returns its line."""
    kang = network.join("康县")
    fill(kang, 1, "康县的规划")
    import_all(network.tf, [export(kang, tmp_path)])
    return Forge(kang, network.tf).line(1)


def _cheng(network: Network) -> Forge:
    cheng = network.join("成县")
    fill(cheng, 1, "成县的规划")
    return Forge(cheng, network.tf)


def _refused_with(plan: api.ImportPlan, code: str) -> api.BundleError:
    (report,) = plan.rejected_files
    assert report.error is not None and report.error.code == "lines_refused", plan.summary_lines()
    assert report.line_refusals[code] >= 1, report.line_refusals
    return report.error


def test_another_offices_uuid_with_a_higher_revision_is_refused(
    network: Network, tmp_path: Path
) -> None:
    kang_line = _kang_entry_at_task_force(network, tmp_path)
    forge = _cheng(network)
    forged = {**forge.line(1), "uuid": kang_line["uuid"], "revision": kang_line["revision"] + 5}
    path = tmp_path / "成县-2023-0001.ecb"
    path.write_bytes(forge.build(lines=[forged]))
    before = _data(network)

    done = import_all(network.tf, [path])

    error = _refused_with(done, "entry_owner")
    text = str(error)
    assert kang_line["uuid"] in text and "康县" in text and "成县" in text, text
    assert done.counts["updated"] == 0 and done.counts["new"] == 0
    assert _data(network) == before
    kang = network.tf.entry(1, 2023, office="康县")
    assert kang is not None and kang.plan == "康县的规划"


def test_another_offices_uuid_with_the_same_revision_is_refused_not_a_conflict(
    network: Network, tmp_path: Path
) -> None:
    kang_line = _kang_entry_at_task_force(network, tmp_path)
    forge = _cheng(network)
    forged = {**forge.line(1), "uuid": kang_line["uuid"], "revision": kang_line["revision"],
              "install_id": "z" * 40}  # fmt: skip
    path = tmp_path / "成县-2023-0001.ecb"
    path.write_bytes(forge.build(lines=[forged]))
    before = _data(network)

    done = import_all(network.tf, [path])

    _refused_with(done, "entry_owner")
    assert not done.conflicts and _data(network) == before
    assert not bundle_store.conflicts(network.tf.db)


def test_a_uuid_moved_to_another_task_or_period_is_refused(
    network: Network, tmp_path: Path
) -> None:
    forge = _cheng(network)
    first = export(forge.office, tmp_path)
    import_all(network.tf, [first])
    previous = bundle_store.received_list(network.tf.db)[0].manifest_sha256
    line = forge.line(1)
    moved_task = {**line, "task": 2, "revision": line["revision"] + 1}
    path = tmp_path / "成县-2023-0002.ecb"
    path.write_bytes(forge.build(lines=[moved_task], sequence=2, previous=previous))
    error = _refused_with(import_all(network.tf, [path]), "entry_identity")
    assert line["uuid"] in str(error) and "2" in str(error)

    other_period = Forge(forge.office, network.tf, period=2024)
    moved_period = {**line, "period": 2024, "revision": line["revision"] + 1}
    path = tmp_path / "成县-2024-0002.ecb"
    path.write_bytes(other_period.build(lines=[moved_period], sequence=2, previous=previous))
    _refused_with(import_all(network.tf, [path]), "entry_identity")
    entry = network.tf.entry(1, 2023, office="成县")
    assert entry is not None and entry.uuid == line["uuid"] and entry.task == 1


def _kang_and_cheng_with_kangs_uuid(network: Network, tmp_path: Path) -> tuple[Path, Path]:
    """康县's bundle (its entry for task 1), and 成县's bundle reusing that entry's UUID."""
    kang = network.join("康县")
    fill(kang, 1, "康县的规划")
    kang_path = export(kang, tmp_path)
    kang_line = Forge(kang, network.tf).line(1)
    forge = _cheng(network)
    path = tmp_path / "成县-2023-0001.ecb"
    path.write_bytes(forge.build(lines=[{**forge.line(1), "uuid": kang_line["uuid"]}]))
    return kang_path, path


def test_a_uuid_claimed_by_two_offices_in_one_batch_goes_to_the_first(
    network: Network, tmp_path: Path
) -> None:
    kang_path, path = _kang_and_cheng_with_kangs_uuid(network, tmp_path)

    done = import_all(network.tf, [path, kang_path])

    assert {f.path.name: f.status for f in done.files} == {path.name: "rejected",
                                                            kang_path.name: "ok"}  # fmt: skip
    kang_entry = network.tf.entry(1, 2023, office="康县")
    assert kang_entry is not None and kang_entry.plan == "康县的规划"


def test_a_uuid_claimed_in_one_batch_is_refused_in_the_next(
    network: Network, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Batches are decided one after the other against what the batches before wrote: 成县
    reuses the UUID 康县 claims in the batch before. The dry run cannot see it (it writes
    nothing); the import refuses 成县's bundle."""
    kang_path, path = _kang_and_cheng_with_kangs_uuid(network, tmp_path)
    monkeypatch.setattr(merge_plan, "BATCH_LINES", 1)  # 康县, then 成县 (import order)
    plan = api.plan_import(network.tf, [path, kang_path])
    assert [f.status for f in plan.files] == ["ok", "ok"]

    done = api.apply_import(network.tf, plan)

    assert done.batches == 2
    assert {f.path.name: f.status for f in done.files} == {path.name: "rejected",
                                                            kang_path.name: "ok"}  # fmt: skip
    _refused_with(done, "entry_owner")
    kang_entry = network.tf.entry(1, 2023, office="康县")
    assert kang_entry is not None and kang_entry.plan == "康县的规划"
    assert network.tf.entry(1, 2023, office="成县") is None


def test_one_bad_line_refuses_the_whole_bundle_and_it_is_not_acknowledged(
    network: Network, tmp_path: Path
) -> None:
    kang_line = _kang_entry_at_task_force(network, tmp_path)
    forge = _cheng(network)
    fill(forge.office, 2, "成县任务二")
    good = forge.line(2)
    bad = {**forge.line(1), "uuid": kang_line["uuid"], "revision": kang_line["revision"] + 1}
    path = tmp_path / "成县-2023-0001.ecb"
    path.write_bytes(forge.build(lines=[good, bad]))
    before = _data(network)

    done = import_all(network.tf, [path])

    _refused_with(done, "entry_owner")
    assert _data(network) == before  # the good line is not merged either
    assert network.tf.entry(2, 2023, office="成县") is None
    assert bundle_store.acks_for(network.tf.db, "成县") == []
    (refused,) = refusal_store.refused_list(network.tf.db)
    assert (refused.office, refused.sequence) == ("成县", 1)
    assert refused.counts == {"entry_owner": 1} and kang_line["uuid"] in refused.reasons[0].zh


def test_a_dry_run_writes_nothing_not_even_the_refusal(network: Network, tmp_path: Path) -> None:
    kang_line = _kang_entry_at_task_force(network, tmp_path)
    forge = _cheng(network)
    path = tmp_path / "成县-2023-0001.ecb"
    path.write_bytes(forge.build(lines=[{**forge.line(1), "uuid": kang_line["uuid"]}]))
    before = db_bytes(network.tf)
    plan = api.plan_import(network.tf, [path])
    _refused_with(plan, "entry_owner")
    assert db_bytes(network.tf) == before


def test_a_huge_refusal_is_summarised(network: Network, tmp_path: Path) -> None:
    kang = network.join("康县")
    for task in range(1, 31):
        fill(kang, task, f"康县 {task}")
    import_all(network.tf, [export(kang, tmp_path)])
    kang_forge = Forge(kang, network.tf)
    forge = _cheng(network)
    lines = [{**kang_forge.line(task), "office": "成县"} for task in range(1, 31)]
    path = tmp_path / "成县-2023-0001.ecb"
    path.write_bytes(forge.build(lines=lines))

    done = import_all(network.tf, [path])

    (report,) = done.rejected_files
    assert report.line_refusals == {"entry_owner": 30}
    text = "\n".join(done.summary_lines())
    assert "30" in text and text.count("entry_owner") <= 2, text
    assert sum(1 for line in str(report.error).splitlines() if "康县" in line) <= 10


def test_a_bundle_following_a_refused_one_is_refused_too(network: Network, tmp_path: Path) -> None:
    kang_line = _kang_entry_at_task_force(network, tmp_path)
    forge = _cheng(network)
    first = tmp_path / "成县-2023-0001.ecb"
    first.write_bytes(forge.build(lines=[{**forge.line(1), "uuid": kang_line["uuid"]}]))
    refused_sha = api.plan_import(network.tf, [first]).files[0].manifest_sha256
    second = tmp_path / "成县-2023-0002.ecb"
    second.write_bytes(forge.build(lines=[forge.line(1)], sequence=2, previous=refused_sha))

    done = import_all(network.tf, [first, second])
    assert [f.status for f in done.files] == ["rejected", "rejected"]
    assert done.files[1].error is not None and done.files[1].error.code == "follows_refused"
    # and later, on its own, too
    done = import_all(network.tf, [second])
    assert done.files[0].error is not None and done.files[0].error.code == "follows_refused"
    assert network.tf.entry(1, 2023, office="成县") is None


def test_a_conflict_names_the_right_office_and_task(network: Network, tmp_path: Path) -> None:
    network.join("康县")
    forge = _cheng(network)
    fill(forge.office, 5, "成县任务五")
    first = export(forge.office, tmp_path)
    import_all(network.tf, [first])
    previous = bundle_store.received_list(network.tf.db)[0].manifest_sha256
    line = forge.line(5)
    other = {**line, "plan": "另一个内容", "install_id": "z" * 40}
    path = tmp_path / "成县-2023-0002.ecb"
    path.write_bytes(forge.build(lines=[other], sequence=2, previous=previous))

    done = import_all(network.tf, [path])

    assert done.conflicts == [(line["uuid"], "成县", 5, 2023, line["revision"])]
    assert any("成县 2023 年任务 5" in text for text in done.summary_lines())
