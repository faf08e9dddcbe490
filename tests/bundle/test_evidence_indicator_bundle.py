"""Evidence per indicator travels in bundles (format 3) and task packages (format 4); a file for
the whole task travels as before (bundle 2, package 3), with the same content hash."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path
from typing import Any

from bundle_helpers import PERIOD, Network, db_bytes, export, fill, import_all
from conflict_helpers import OFFICE, make_conflict, package_manifest
from forge import Forge

from ecodesk.bundle import api, conflicts, envelope, keys
from ecodesk.bundle.lines import content_sha256, entry_line
from ecodesk.store import entries as entry_store


def bundle_manifest(tf: Any, path: Path) -> dict[str, Any]:
    sealed = envelope.open_sealed(path, keys.decryption_keys(tf), scratch=envelope.scratch_dir(tf.root),
                                  max_bytes=1 << 30)  # fmt: skip
    with sealed.plaintext, zipfile.ZipFile(sealed.plaintext) as archive:
        return json.loads(archive.read("manifest.json"))  # type: ignore[no-any-return]


def test_the_indicator_of_each_file_reaches_the_task_force(
    network: Network, tmp_path: Path
) -> None:
    office = network.join("成县")
    fill(office, 1, "规划已印发", evidence=tmp_path / "总体.txt")  # the whole task
    report = tmp_path / "印发文件.pdf"
    report.write_text("印发文件", encoding="utf-8")
    office.attach(1, PERIOD, report, indicator="plan_issued")
    path = export(office, tmp_path)
    assert bundle_manifest(network.tf, path)["format_version"] == 3
    import_all(network.tf, [path])
    sent = office.entry(1, PERIOD)
    got = entry_store.get_entry_by_uuid(network.tf.db, sent.uuid)
    assert got is not None
    assert {e.name: e.indicator for e in got.evidence} == {
        "总体.txt": "",
        "印发文件.pdf": "plan_issued",
    }
    assert got.evidence == sent.evidence


def test_a_bundle_without_indicators_is_format_2_with_the_0_2_0_content_hash(
    network: Network, tmp_path: Path
) -> None:
    office = network.join("成县")
    fill(office, 1, "规划已印发", evidence=tmp_path / "总体.txt")
    path = export(office, tmp_path)
    assert bundle_manifest(network.tf, path)["format_version"] == 2
    line = entry_line(office.entry(1, PERIOD))
    assert set(line["evidence"][0]) == {"sha256", "name", "size", "added_at"}  # as 0.2.0 wrote
    assert import_all(network.tf, [path]).counts["new"] == 1
    (prov,) = api.entry_provenance(network.tf, line["uuid"])
    assert prov.content_sha256 == content_sha256(line)


def _forged(network: Network, tmp_path: Path, indicator: str, version: int) -> Path:
    office = network.join("成县")
    fill(office, 1, "规划已印发")
    blob = "印发文件".encode()
    sha = hashlib.sha256(blob).hexdigest()
    line = {**Forge(office, network.tf).line(1), "evidence": [
        {"sha256": sha, "name": "印发文件.pdf", "size": len(blob),
         "added_at": "2024-03-01T08:00:00.000+00:00", "indicator": indicator}]}  # fmt: skip
    target = tmp_path / f"成县-{PERIOD}-0001.ecb"
    target.write_bytes(Forge(office, network.tf).build(
        lines=[line], evidence={sha: blob},
        edit_manifest=lambda m: m.update(format_version=version)))  # fmt: skip
    return target


def test_an_indicator_in_a_format_2_bundle_is_refused(network: Network, tmp_path: Path) -> None:
    path = _forged(network, tmp_path, "plan_issued", 2)
    before = db_bytes(network.tf)
    (refused,) = api.plan_import(network.tf, [path]).files
    assert refused.status == "rejected" and "不认识的字段“indicator”" in str(refused.error)
    assert db_bytes(network.tf) == before


def test_an_indicator_not_in_the_entrys_form_is_refused_at_import(
    network: Network, tmp_path: Path
) -> None:
    path = _forged(network, tmp_path, "pm25", 3)
    before = db_bytes(network.tf)
    (refused,) = api.plan_import(network.tf, [path]).files
    assert refused.status == "rejected" and refused.line_refusals == {"unknown_indicator": 1}
    assert "任务 1 没有指标“pm25”" in refused.first_refusals[0].zh
    assert "task 1 has no indicator 'pm25'" in refused.first_refusals[0].en
    assert db_bytes(network.tf) == before


def test_a_kept_version_with_an_indicator_goes_to_the_office_in_package_format_4(
    tmp_path: Path,
) -> None:
    made = make_conflict(
        tmp_path, evidence=True, forged_loses=True, evidence_indicator="plan_issued"
    )
    tf, office = made.net.tf, made.net.offices[OFFICE]
    conflicts.resolve(tf, made.uuid, keep="other", reason="以另一版本为准")
    package = api.make_task_package(tf, office=OFFICE, out_dir=made.net.mail)
    assert package_manifest(office, package.path)["format_version"] == 4
    api.import_task_package(office, package.path)
    (item,) = office.entry(1, PERIOD).evidence
    assert (item.name, item.indicator) == ("另一份批复.pdf", "plan_issued")
    made.net.close()
