"""What apply_import checks again after a dry run, and lines that take the strict parser."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from bundle_helpers import Network, db_bytes, export, fill, import_all
from forge import Forge

from ecodesk.bundle import api
from ecodesk.bundle.merge import FileReport, ImportPlan
from ecodesk.bundle.strictjson import dumps
from ecodesk.store import bundles as bundle_store
from ecodesk.store import entries as entry_store


def _office(network: Network) -> Forge:
    office = network.join("成县")
    fill(office, 1, "规划")
    return Forge(office, network.tf)


def test_file_changed_after_the_dry_run_is_refused(network: Network, tmp_path: Path) -> None:
    forge = _office(network)
    path = export(forge.office, tmp_path)
    plan = api.plan_import(network.tf, [path])
    assert plan.files[0].status == "ok"
    path.write_bytes(
        forge.build(lines=[{**forge.line(), "plan": "改过"}])
    )  # valid, but other bytes
    before = db_bytes(network.tf)
    done = api.apply_import(network.tf, plan)
    (report,) = done.rejected_files
    assert report.error is not None and report.error.code == "changed"
    assert db_bytes(network.tf) == before


def test_key_revoked_after_the_dry_run_is_refused(network: Network, tmp_path: Path) -> None:
    forge = _office(network)
    path = export(forge.office, tmp_path)
    plan = api.plan_import(network.tf, [path])
    assert plan.files[0].status == "ok"
    api.revoke_office_key(network.tf, office="成县")
    before = db_bytes(network.tf)
    done = api.apply_import(network.tf, plan)
    (report,) = done.rejected_files
    assert report.error is not None and report.error.code == "revoked_key"
    assert db_bytes(network.tf) == before


def test_a_plan_without_a_dry_run_gets_every_line_checked(network: Network, tmp_path: Path) -> None:
    forge = _office(network)
    path = tmp_path / "成县-2023-0001.ecb"
    path.write_bytes(forge.build(lines=[{**forge.line(), "state": "weird"}]))
    sha = hashlib.sha256(path.read_bytes()).hexdigest()

    before = db_bytes(network.tf)
    done = api.apply_import(network.tf, ImportPlan([FileReport(path, "ok", sha)]))
    (report,) = done.rejected_files
    assert report.error is not None and report.error.code == "schema"
    assert db_bytes(network.tf) == before


def test_a_line_not_in_canonical_form_has_the_same_content_hash(
    network: Network, tmp_path: Path
) -> None:
    forge = _office(network)
    line = forge.line()
    other_form = json.dumps(dict(reversed(line.items())), indent=None, ensure_ascii=True)
    assert other_form != dumps(line)
    first = tmp_path / "成县-2023-0001.ecb"
    first.write_bytes(forge.build(entries_raw=(other_form + "\n").encode()))
    assert import_all(network.tf, [first]).counts["new"] == 1
    previous = bundle_store.received_list(network.tf.db)[0].manifest_sha256
    second = tmp_path / "成县-2023-0002.ecb"
    second.write_bytes(forge.build(lines=[line], sequence=2, previous=previous))
    done = import_all(network.tf, [second])
    assert done.counts["unchanged"] == 1 and not done.conflicts
    assert bundle_store.conflicts(network.tf.db) == []
    stored = entry_store.get_entry_by_uuid(network.tf.db, line["uuid"])
    assert stored is not None and stored.plan == "规划"


def test_dry_run_and_apply_agree(network: Network, tmp_path: Path) -> None:
    forge = _office(network)
    fill(forge.office, 2, "部署")
    files = [export(forge.office, tmp_path)]
    fill(forge.office, 2, "部署二")
    files.append(export(forge.office, tmp_path))
    plan = api.plan_import(network.tf, files)
    done = api.apply_import(network.tf, plan)
    assert plan.counts == done.counts and plan.summary_lines() == done.summary_lines()
    assert done.counts["new"] == 2 and done.counts["updated"] == 1
