"""Forms from a task package change together with the package's database changes, or not at all."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bundle_helpers import Network, db_bytes

from ecodesk.bundle import api, package
from ecodesk.resources import resource_path
from ecodesk.store import bundles as bundle_store
from ecodesk.store import staged_forms
from ecodesk.store.workspace import Workspace


@pytest.fixture
def network(tmp_path: Path):  # type: ignore[no-untyped-def]
    net = Network(tmp_path)
    net.join("成县")
    shutil.copytree(resource_path("forms"), net.tf.root / "forms")
    form = net.tf.root / "forms" / "03.toml"
    form.write_text(form.read_text(encoding="utf-8").replace(
        'title_en = "Share of eco-civilization work in performance assessment of Party and government"',
        'title_en = "Eco-civilization share of performance assessment (revised)"'), encoding="utf-8")  # fmt: skip
    yield net
    net.close()


def test_a_failed_package_import_keeps_the_old_forms(
    network: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    office = network.offices["成县"]
    made = api.make_task_package(network.tf, office="成县", out_dir=network.mail)
    before = db_bytes(office)

    def crash(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(package, "_apply", crash)
    with pytest.raises(OSError):
        api.import_task_package(office, made.path)
    assert not (office.root / "forms").exists() and not (office.root / staged_forms.STAGED).exists()
    assert office.forms[3].title_en.startswith("Share of")
    assert db_bytes(office) == before
    monkeypatch.undo()
    result = api.import_task_package(office, made.path)
    assert result.forms_updated
    assert office.forms[3].title_en.endswith("(revised)")
    office.close()
    reopened = Workspace.open(office.root)
    assert reopened.forms[3].title_en.endswith("(revised)")
    network.offices["成县"] = reopened


def test_a_crash_between_commit_and_swap_is_finished_at_open(network: Network) -> None:
    office = network.offices["成县"]
    made = api.make_task_package(network.tf, office="成县", out_dir=network.mail)
    api.import_task_package(office, made.path)
    root = office.root
    office.close()
    # As if the process died after the commit of the next package, before the swap.
    last = Workspace.open(root)
    sha = bundle_store.last_package(last.db, direction="in", office="成县")[1]  # type: ignore[index]
    forms = {f"forms/{p.name}": p.read_bytes() for p in (root / "forms").glob("*.toml")}
    forms["forms/03.toml"] = forms["forms/03.toml"].replace(b"(revised)", b"(second revision)")
    staged_forms.stage_forms(root, forms, sha)
    last.close()
    finished = Workspace.open(root)
    assert finished.forms[3].title_en.endswith("(second revision)")
    assert not (root / staged_forms.STAGED).exists()
    # A staged folder whose package never committed is thrown away.
    staged_forms.stage_forms(root, {**forms, "forms/03.toml": forms["forms/03.toml"].replace(
        b"(second revision)", b"(never)")}, "0" * 64)  # fmt: skip
    finished.close()
    discarded = Workspace.open(root)
    assert discarded.forms[3].title_en.endswith("(second revision)")
    assert not (root / staged_forms.STAGED).exists()
    network.offices["成县"] = discarded
