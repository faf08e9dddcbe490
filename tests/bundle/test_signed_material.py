"""The task force keeps each imported bundle's signed files byte for byte, so an entry's content
hash chains to the office's signature (checked here with the real `minisign` and `sha256sum`)."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from bundle_helpers import PERIOD, Network, export, fill, import_all

from ecodesk.bundle import api, keys, minisign
from ecodesk.bundle.lines import content_sha256, entry_line
from ecodesk.store import signed_bundles
from ecodesk.store.entries import get_entry


def test_signed_files_are_kept_exactly_and_chain_to_the_signature(
    network: Network, tmp_path: Path
) -> None:
    office = network.join("成县")
    fill(office, 3, "第一版")
    first = export(office, tmp_path)
    fill(office, 3, "第二版")
    second = export(office, tmp_path)
    import_all(network.tf, [first, second])
    import_all(network.tf, [first])  # a repeat changes nothing

    entry = get_entry(network.tf.db, office="成县", task=3, period=PERIOD)
    assert entry is not None
    sha = content_sha256(entry_line(entry))
    carrying = signed_bundles.bundles_carrying(network.tf.db, [(entry.uuid, entry.revision, sha)])
    [manifest_sha] = carrying[(entry.uuid, entry.revision, sha)]
    kept = signed_bundles.signed_bundle(network.tf.db, manifest_sha)
    assert kept is not None and hashlib.sha256(kept.manifest).hexdigest() == manifest_sha

    unpacked = api.unpack_bundle(network.tf, second, tmp_path / "unpacked")
    assert kept.manifest == (unpacked / "manifest.json").read_bytes()
    assert kept.signature == (unpacked / "manifest.json.minisig").read_bytes()
    assert kept.entries == (unpacked / "entries.jsonl").read_bytes()
    manifest = json.loads(kept.manifest)
    assert manifest["members"]["entries.jsonl"] == hashlib.sha256(kept.entries).hexdigest()
    lines = {hashlib.sha256(line).hexdigest() for line in kept.entries.splitlines()}
    assert sha in lines  # the entry's content hash is the hash of its line as received

    if shutil.which("minisign") is None:
        pytest.skip("minisign not installed (tools/setup installs it)")
    folder = tmp_path / "check"
    folder.mkdir()
    (folder / "manifest.json").write_bytes(kept.manifest)
    (folder / "manifest.json.minisig").write_bytes(kept.signature)
    public = keys.unb64(api.key_info(office).minisign_public_key, 42)[10:]
    (folder / "office.pub").write_text(minisign.public_key_text(public, "成县"))
    check = subprocess.run(
        ["minisign", "-Vm", "manifest.json", "-p", "office.pub"], cwd=folder, capture_output=True
    )
    assert check.returncode == 0, check.stderr
