"""Any permutation and duplication of a set of bundles gives the same merged state."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from bundle_helpers import PERIOD, Network, export, fill
from forge import Forge
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ecodesk.bundle import api
from ecodesk.store import bundles as bundle_store
from ecodesk.store import entries as entry_store
from ecodesk.store.workspace import Workspace


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("corpus")
    net = Network(root)
    a, b = net.join("成县"), net.join("文县")
    template = root / "tf-template"
    net.tf.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copytree(net.tf.root, template)
    out = root / "out"
    fill(a, 1, "a1")
    fill(a, 2, "a2")
    files = [export(a, out)]
    fill(a, 1, "a1 second")
    files.append(export(a, out))  # not acknowledged: carries task 2 again
    fill(a, 2, "a2 second")
    files.append(export(a, out))
    # a second copy of the office's database sent the same revision with other content
    previous = bundle_store.previous_bundle_sha(a.db)
    forged = Forge(a, net.tf).build(
        sequence=4, previous=previous, lines=[{**Forge(a, net.tf).line(2), "plan": "fork"}]
    )
    files.append(out / f"成县-{PERIOD}-0004.ecb")
    files[-1].write_bytes(forged)
    fill(b, 3, "b3")
    files.append(export(b, out))
    fill(b, 3, "b3 second")
    fill(b, 4, "b4")
    files.append(export(b, out))
    expected = _state_after(template, root / "reference", [files])
    net.close()
    return {"template": template, "files": files, "expected": expected, "root": root}


def _state_after(template: Path, target: Path, batches: list[list[Path]]) -> Any:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(template, target)
    tf = Workspace.open(target)
    try:
        for batch in batches:
            api.apply_import(tf, api.plan_import(tf, batch))
        entries = sorted(
            (
                e.uuid,
                e.revision,
                e.install_id,
                e.plan,
                tuple(sorted(e.values.items())),
                e.state.value,
            )
            for e in entry_store.list_entries(tf.db)
        )
        conflicts = sorted(
            (c.entry_uuid, c.revision, c.content_sha256) for c in bundle_store.conflicts(tf.db)
        )
        received = sorted(
            (r.office, r.sequence, r.manifest_sha256) for r in bundle_store.received_list(tf.db)
        )
        return entries, conflicts, received
    finally:
        tf.close()


def test_reference_state_has_a_conflict(corpus: dict[str, Any]) -> None:
    entries, conflicts, received = corpus["expected"]
    assert len(entries) == 4 and len(conflicts) == 2 and len(received) == 6


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_order_and_duplication_gives_the_same_state(
    corpus: dict[str, Any], data: st.DataObject
) -> None:
    files: list[Path] = corpus["files"]
    deliveries = data.draw(st.lists(st.sampled_from(files), min_size=0, max_size=6)) + list(files)
    deliveries = data.draw(st.permutations(deliveries))
    cuts = sorted(data.draw(st.sets(st.integers(1, len(deliveries) - 1), max_size=4)))
    batches = [deliveries[i:j] for i, j in zip([0, *cuts], [*cuts, len(deliveries)], strict=True)]
    state = _state_after(corpus["template"], corpus["root"] / "trial", batches)
    assert state == corpus["expected"]


@pytest.mark.skipif(shutil.which("minisign") is None, reason="minisign is not installed")
def test_minisign_verifies_the_signature(network: Network, tmp_path: Path) -> None:
    office = network.join("成县")
    fill(office, 1, "规划")
    bundle = export(office, tmp_path)
    unpacked = api.unpack_bundle(network.tf, bundle, tmp_path / "inspect")
    result = subprocess.run(
        ["minisign", "-Vm", str(unpacked / "manifest.json"), "-p", str(unpacked / "signer.pub")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert f"office=成县 install={office.install_id} sequence=1" in result.stdout
    tampered = unpacked / "manifest.json"
    tampered.write_bytes(tampered.read_bytes().replace(b'"full": false', b'"full": true'))
    again = subprocess.run(["minisign", "-Vm", str(tampered), "-p", str(unpacked / "signer.pub")],
                           capture_output=True, text=True, check=False)  # fmt: skip
    assert again.returncode != 0
