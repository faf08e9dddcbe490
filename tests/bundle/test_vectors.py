"""The test vectors (tests/vectors/, made by ecodesk 0.2.0 with fixed test keys) are golden files:
this and every later release must still read them. `tools/verify-vectors` checks the same files
with standard tools only; `bash tools/make-vectors --check` that ecodesk still writes them.

If one of these tests fails because you changed a format on purpose: while that format version is
unreleased (0.2.0 before its release: bundle 2, task package 3, archive 2), run
`bash tools/make-vectors`, check `bash tools/verify-vectors` and commit the new vectors with your
change (and update docs/bundle-format.md). Once released, never: give the change a new format
version, make new vectors beside these and keep reading these.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from ecodesk.bundle import api, keys, minisign
from ecodesk.core.canonical_json import canonical_json
from ecodesk.store import settings
from ecodesk.store.workspace import Workspace

VECTORS = Path(__file__).resolve().parents[1] / "vectors"
OFFICE = "成县"


def _walkthrough(name: str) -> dict[str, Any]:
    return json.loads((VECTORS / name / "walkthrough.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _public(name: str) -> dict[str, Any]:
    return json.loads((VECTORS / "test-keys" / f"{name}.pub.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _workspace(tmp_path: Path, name: str, *, office: str | None) -> Workspace:
    ws = Workspace.create(tmp_path / name, office=office, task_force=office is None)
    keys.adopt_first_keys(ws, keys.read_key_file(VECTORS / "test-keys" / f"{name}.key"))
    return ws


@pytest.mark.parametrize("name", ["office", "taskforce"])
def test_key_files_give_the_published_public_keys_key_ids_and_fingerprints(name: str) -> None:
    pair = keys.read_key_file(VECTORS / "test-keys" / f"{name}.key")
    document = _public(name)
    assert (keys.b64(pair.public.sign_pub), keys.b64(pair.public.box_pub)) == (
        document["sign"],
        document["box"],
    )
    assert pair.public.key_id == document["key_id"]
    assert pair.public.fingerprint == document["fingerprint"]


@pytest.mark.parametrize(("name", "member"), [("bundle", "entries.jsonl")])
def test_lines_are_canonical_and_their_content_hashes_are_stable(name: str, member: str) -> None:
    for item in _walkthrough(name)[member]:
        text = item["canonical_json"].encode("utf-8")
        assert canonical_json(json.loads(text)) == text
        assert hashlib.sha256(text).hexdigest() == item["content_sha256"]


def test_the_task_force_reads_the_vector_bundle(tmp_path: Path) -> None:
    tf = _workspace(tmp_path, "taskforce", office=None)
    try:
        office = _public("office")
        api.enroll_office(tf, office=OFFICE, key_file=VECTORS / "test-keys" / "office.pub.json",
                          fingerprint=office["fingerprint"])  # fmt: skip
        plan = api.plan_import(tf, [VECTORS / "bundle" / "bundle.ecb"])
        (report,) = plan.files
        assert report.status == "ok", report.error
        done = api.apply_import(tf, plan)
        assert done.counts["new"] == 4 and not done.conflicts
        entry = tf.entry(24, 2023, OFFICE)
        assert entry is not None and entry.values["treatment_rate"] == 93
        assert [e.name for e in entry.evidence] == ["监测报告.txt"]
        expected = {i["content_sha256"] for i in _walkthrough("bundle")["entries.jsonl"]}
        received = {
            p.content_sha256
            for task in (4, 7, 8, 24)
            for p in api.entry_provenance(tf, tf.entry(task, 2023, OFFICE).uuid)  # type: ignore[union-attr]
        }
        assert received == expected
    finally:
        tf.close()


def test_an_office_reads_the_vector_task_package(tmp_path: Path) -> None:
    ws = _workspace(tmp_path, "office", office=OFFICE)
    try:
        result = api.import_task_package(
            ws,
            VECTORS / "package" / "package.ecp",
            confirm_fingerprint=_public("taskforce")["fingerprint"],
        )
        assert result.learnt_key == _public("taskforce")["fingerprint"]
        assert result.sequence == 2
        targets = settings.assigned_targets(ws.db, task=7, office=OFFICE, period=2023)
        assert targets == {"pm25": 30}
    finally:
        ws.close()


def test_the_vector_archive_manifest_is_signed_by_the_task_force_and_hashes_every_file() -> None:
    with zipfile.ZipFile(VECTORS / "archive" / "archive.zip") as archive:
        manifest = archive.read("manifest-sha256.txt")
        signature = minisign.parse(archive.read("manifest-sha256.txt.minisig"))
        minisign.verify(manifest, signature, keys.unb64(_public("taskforce")["sign"], 32))
        listed = dict(reversed(line.split("  ", 1)) for line in manifest.decode().splitlines())
        for name in set(archive.namelist()) - {
            "manifest-sha256.txt",
            "manifest-sha256.txt.minisig",
        }:
            assert hashlib.sha256(archive.read(name)).hexdigest() == listed.pop(name)
    assert not listed
    assert signature.trusted_comment.startswith("ecodesk archive format=2 period=2023 offices=1 ")
