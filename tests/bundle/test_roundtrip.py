"""Bundles and task packages end to end between one office and the task force."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from bundle_helpers import PERIOD, Network, export, fill, import_all

from ecodesk.bundle import api
from ecodesk.bundle.errors import BundleError
from ecodesk.core.entries import Review
from ecodesk.store import entries as entry_store


def test_keys_are_private_files(network: Network) -> None:
    ws = network.join("成县")
    info = api.key_info(ws)
    assert len(info.fingerprint) == 19 and info.fingerprint.count("-") == 3
    key_files = list((ws.root / "keys").glob("*.key"))
    assert key_files
    if os.name == "posix":
        assert stat.S_IMODE(key_files[0].stat().st_mode) == 0o600
        assert stat.S_IMODE((ws.root / "keys").stat().st_mode) == 0o700


def test_bundle_roundtrip_with_provenance(network: Network, tmp_path: Path) -> None:
    office = network.join("成县")
    fill(office, 1, "规划已印发", evidence=tmp_path / "plan.txt")
    fill(office, 5, "信息公开")
    path = export(office, tmp_path)
    assert path.name == f"成县-{PERIOD}-0001.ecb"
    plan = api.plan_import(network.tf, [path])
    assert plan.counts["new"] == 2 and not plan.rejected_files
    done = api.apply_import(network.tf, plan)
    assert done.applied
    sent = office.entry(1, PERIOD)
    got = entry_store.get_entry_by_uuid(network.tf.db, sent.uuid)
    assert got is not None and got.plan == "规划已印发" and got.revision == sent.revision
    assert [e.sha256 for e in got.evidence] == [e.sha256 for e in sent.evidence]
    assert (
        network.tf.evidence_file(got.evidence[0].sha256).read_text(encoding="utf-8")
        == "evidence for 规划已印发"
    )
    (prov,) = api.entry_provenance(network.tf, sent.uuid)
    assert prov.sequence == 1 and prov.office == "成县" and prov.file_name == path.name
    assert prov.fingerprint == api.key_info(office).fingerprint
    again = api.plan_import(network.tf, [path])
    assert again.files[0].status == "duplicate"


def test_incremental_export_after_ack(network: Network, tmp_path: Path) -> None:
    office = network.join("成县")
    fill(office, 1, "a")
    fill(office, 2, "b")
    first = export(office, tmp_path)
    # not yet acknowledged: the next bundle carries both again
    second = export(office, tmp_path)
    import_all(network.tf, [first, second])
    result = network.send_package("成县")
    assert sorted(result.acknowledged) == [1, 2]
    fill(office, 2, "b2")
    third = api.export_bundle(office, period=PERIOD, out_dir=tmp_path)
    assert third.entries == 1
    full = api.export_bundle(office, period=PERIOD, out_dir=tmp_path, full=True)
    assert full.entries == 2


def test_return_and_accept_reach_the_office(network: Network, tmp_path: Path) -> None:
    office = network.join("成县")
    fill(office, 1, "a")
    fill(office, 3, "b")
    import_all(network.tf, [export(office, tmp_path)])
    e1, e3 = office.entry(1, PERIOD), office.entry(3, PERIOD)
    entry_store.set_review(
        network.tf.db, uuid=e1.uuid, review=Review.RETURNED, comment="请补充", who="tf"
    )
    entry_store.set_review(
        network.tf.db, uuid=e3.uuid, review=Review.ACCEPTED, comment="", who="tf"
    )
    result = network.send_package("成县")
    assert result.returned == [1] and result.accepted == [3]
    assert office.entry(1, PERIOD).review is Review.RETURNED
    assert office.entry(1, PERIOD).review_comment == "请补充"
    with pytest.raises(Exception, match="锁定"):
        office.save(3, PERIOD, plan="changed")


def test_first_package_needs_fingerprint(network: Network, tmp_path: Path) -> None:
    from ecodesk.store.workspace import Workspace

    ws = Workspace.create(tmp_path / "o", office="文县")
    key_file = tmp_path / "k.json"
    import json

    key_file.write_text(json.dumps(api.key_document(ws), ensure_ascii=False))
    api.enroll_office(
        network.tf, office="文县", key_file=key_file, fingerprint=api.key_info(ws).fingerprint
    )
    package = api.make_task_package(network.tf, office="文县", out_dir=tmp_path)
    with pytest.raises(BundleError) as info:
        api.import_task_package(ws, package.path)
    assert info.value.code == "confirm_fingerprint"
    assert info.value.subject == api.key_info(network.tf).fingerprint
    with pytest.raises(BundleError) as info:
        api.import_task_package(ws, package.path, confirm_fingerprint="AAAA-BBBB-CCCC-DDDD")
    assert info.value.code == "fingerprint_mismatch"
    fp = api.key_info(network.tf).fingerprint
    result = api.import_task_package(
        ws, package.path, confirm_fingerprint=fp.lower().replace("-", " ")
    )
    assert result.learnt_key == fp
    ws.close()


def test_rotation_is_followed_both_ways(network: Network, tmp_path: Path) -> None:
    office = network.join("成县")
    fill(office, 1, "a")
    import_all(network.tf, [export(office, tmp_path)])
    api.rotate_key(office)
    fill(office, 1, "a2")
    done = import_all(network.tf, [export(office, tmp_path)])
    assert done.counts["updated"] == 1
    api.rotate_key(network.tf)
    result = network.send_package("成县")
    assert result.learnt_key == api.key_info(network.tf).fingerprint
    fill(office, 1, "a3")
    assert import_all(network.tf, [export(office, tmp_path)]).counts["updated"] == 1


def test_revoked_key_refuses_later_bundles(network: Network, tmp_path: Path) -> None:
    office = network.join("成县")
    fill(office, 1, "a")
    first = export(office, tmp_path)
    import_all(network.tf, [first])
    api.revoke_office_key(network.tf, office="成县")
    fill(office, 1, "b")
    later = export(office, tmp_path)
    plan = api.plan_import(network.tf, [first, later])
    assert plan.files[0].status == "duplicate"
    assert plan.files[1].error is not None and plan.files[1].error.code == "revoked_key"
