"""Forms in task packages: they land with the package's database changes or not at all, and each
applies from the period the task force named (task package format 3)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from bundle_helpers import Network, db_bytes
from conflict_helpers import package_manifest
from form_helpers import revised_forms, sources

from ecodesk.bundle import api, envelope, keys, package
from ecodesk.core.evaluation import Status
from ecodesk.store.workspace import Workspace

TITLE = (
    'title_en = "Share of eco-civilization work in performance assessment of Party and government"'
)
REVISED = 'title_en = "Eco-civilization share of performance assessment (revised)"'


@pytest.fixture
def network(tmp_path: Path):  # type: ignore[no-untyped-def]
    net = Network(tmp_path)
    net.join("成县")
    yield net
    net.close()


def _package_json(ws: Workspace, path: Path) -> dict[str, object]:
    sealed = envelope.open_sealed(path, keys.decryption_keys(ws), scratch=envelope.scratch_dir(ws.root),
                                  max_bytes=1 << 30)  # fmt: skip
    with sealed.plaintext, zipfile.ZipFile(sealed.plaintext) as archive:
        return json.loads(archive.read("package.json"))  # type: ignore[no-any-return]


def test_a_failed_package_import_keeps_the_old_forms(
    network: Network, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    network.tf.install_forms(
        sources(revised_forms(tmp_path, 3, TITLE, REVISED)), effective_from=2022
    )
    office = network.offices["成县"]
    made = api.make_task_package(network.tf, office="成县", out_dir=network.mail)
    before = db_bytes(office)

    def crash(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(package, "_apply", crash)
    with pytest.raises(OSError):
        api.import_task_package(office, made.path)
    assert office.forms[3].title_en.startswith("Share of")
    assert db_bytes(office) == before
    monkeypatch.undo()
    result = api.import_task_package(office, made.path)
    assert result.forms_updated
    assert office.forms[3].title_en.endswith("(revised)")
    office.close()
    reopened = Workspace.open(office.root)
    assert reopened.forms_for(2022)[3].title_en.endswith("(revised)")
    network.offices["成县"] = reopened


def test_a_target_raised_from_2024_reaches_the_office_for_2024_only(
    network: Network, tmp_path: Path
) -> None:
    office = network.offices["成县"]
    for period in (2023, 2024):
        office.save(24, period, values={"treatment_rate": 94.0})
    raised = revised_forms(tmp_path, 24, 'kind = ">="\nvalue = 93', 'kind = ">="\nvalue = 96')
    network.tf.install_forms(sources(raised), effective_from=2024)

    made = api.make_task_package(network.tf, office="成县", out_dir=network.mail)
    assert package_manifest(office, made.path)["format_version"] == 3
    runs = _package_json(office, made.path)["forms_effective_from"]
    assert isinstance(runs, list)
    assert [(r["from"], r["sha256"]) for r in runs if r["task"] == 24] == [
        (2022, network.tf.form(24, 2023).sha256),
        (2024, network.tf.form(24, 2024).sha256),
    ]
    result = api.import_task_package(office, made.path)

    assert result.forms_updated
    assert office.evaluate(24, 2023)[0].status is Status.MET
    judged = office.evaluate(24, 2024)[0]
    assert judged.status is Status.NOT_MET and judged.target_text == "县城 ≥ 96%"
    assert office.form(24, 2023).sha256 == network.tf.form(24, 2023).sha256
    assert office.form(24, 2024).sha256 == network.tf.form(24, 2024).sha256
    # The next package carries the same schedule: nothing changes at the office.
    assert not network.send_package("成县").forms_updated


def test_a_package_whose_forms_drop_the_offices_data_is_refused_whole(
    network: Network, tmp_path: Path
) -> None:
    """A draft the task force has not seen yet still keeps its meaning at the office."""
    office = network.offices["成县"]
    office.save(24, 2024, values={"treatment_rate": 94.0})
    dropped = revised_forms(tmp_path, 24, 'id = "treatment_rate"', 'id = "sewage_rate"')
    network.tf.install_forms(sources(dropped), effective_from=2024)  # the task force has no data
    made = api.make_task_package(network.tf, office="成县", out_dir=network.mail)
    before = db_bytes(office)
    with pytest.raises(Exception, match="treatment_rate"):
        api.import_task_package(office, made.path)
    assert db_bytes(office) == before
    assert office.form(24, 2024).indicators[0].id == "treatment_rate"
