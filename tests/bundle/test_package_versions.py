"""Task package format versions: every package is format 3 (age envelope, the suite named in the
manifest, `resolved` always present); a newer one is refused as "newer", an older one (which only
came in the 0.1.0 envelope) as malformed, and the kept versions are checked like bundle lines."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bundle_helpers import db_bytes
from conflict_helpers import OFFICE, Conflicted, make_conflict, package_manifest

from ecodesk.bundle import api, conflicts, envelope, package_refusals, resolutions, schema
from ecodesk.bundle.errors import BundleError
from ecodesk.store import refusals as refusal_store
from ecodesk.store.db import write_transaction


@pytest.fixture
def resolved(tmp_path: Path) -> Iterator[Conflicted]:
    made = make_conflict(tmp_path, evidence=True)
    conflicts.resolve(made.net.tf, made.uuid, keep="other", reason="以另一版本为准")
    yield made
    made.net.close()


def _refused(made: Conflicted, code: str) -> BundleError:
    office = made.net.offices[OFFICE]
    package = api.make_task_package(made.net.tf, office=OFFICE, out_dir=made.net.mail)
    before = db_bytes(office)
    with pytest.raises(BundleError) as info:
        api.import_task_package(office, package.path)
    assert info.value.code == code, str(info.value)
    assert package.path.name in str(info.value)
    assert db_bytes(office) == before
    return info.value


def test_every_package_is_format_3_and_names_its_suite(network: Any) -> None:
    office = network.join(OFFICE)
    package = api.make_task_package(network.tf, office=OFFICE, out_dir=network.mail)
    manifest = package_manifest(office, package.path)
    assert manifest["format_version"] == 3 and manifest["suite"] == envelope.SUITE
    assert "resolved.jsonl" not in manifest["members"]
    assert len(manifest["package_chain"]) == 1
    assert api.import_task_package(office, package.path).sequence == 2


def test_an_ecodesk_reading_format_2_refuses_a_format_3_package(
    resolved: Conflicted, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(schema.FORMAT_VERSIONS, "task_package", 2)  # as an earlier ecodesk
    error = _refused(resolved, "newer_version")
    assert "请升级" in str(error) or "upgrade" in str(error)


def test_a_package_from_a_newer_ecodesk_is_refused(
    resolved: Conflicted, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(resolutions, "package_format", lambda members: 5)
    _refused(resolved, "newer_version")


def test_an_earlier_format_in_the_age_envelope_is_refused(
    resolved: Conflicted, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(resolutions, "package_format", lambda members: 1)
    _refused(resolved, "schema")


@pytest.mark.parametrize(
    ("edit", "code"),
    [
        (lambda item: item.update(content_sha256="0" * 64), "resolved_mismatch"),
        (lambda item: item.update(revision=item["revision"] + 1), "resolved_mismatch"),
        (
            lambda item: item.update(uuid="00000000-0000-4000-8000-000000000000"),
            "resolved_mismatch",
        ),
        (lambda item: item.update(replaces="all"), "schema"),
        (lambda item: item.update(extra=1), "schema"),
    ],
)
def test_kept_versions_that_do_not_match_their_decision_are_refused(
    resolved: Conflicted, monkeypatch: pytest.MonkeyPatch, edit: Any, code: str
) -> None:
    real = resolutions.package_content

    def tampered(ws: Any, office: str) -> Any:
        items, members = real(ws, office)
        edit(items[0])
        return items, members

    monkeypatch.setattr(resolutions, "package_content", tampered)
    _refused(resolved, code)


def test_a_kept_version_without_its_evidence_is_refused(
    resolved: Conflicted, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = resolutions.package_content

    def without_evidence(ws: Any, office: str) -> Any:
        items, members = real(ws, office)
        return items, [m for m in members if not m.name.startswith("evidence/")]

    monkeypatch.setattr(resolutions, "package_content", without_evidence)
    _refused(resolved, "missing_attachment")


def _log_a_refusal(made: Conflicted) -> None:
    office = made.net.offices[OFFICE]
    refusal = refusal_store.BundleRefusal(
        "a" * 64, OFFICE, office.install_id, 9, 2023, "x.ecb", 1, {"entry_owner": 1},
        (refusal_store.Reason("entry_owner", "原因", "reason"),), "2024-01-01T00:00:00Z",
    )  # fmt: skip
    with write_transaction(made.net.tf.db):
        refusal_store.record_refusal_tx(made.net.tf.db, refusal, key_id="")


def test_every_package_lists_the_offices_refused_bundles(resolved: Conflicted) -> None:
    office = resolved.net.offices[OFFICE]
    empty = api.make_task_package(resolved.net.tf, office=OFFICE, out_dir=resolved.net.mail)
    assert empty.refused == 0
    _log_a_refusal(resolved)
    package = api.make_task_package(resolved.net.tf, office=OFFICE, out_dir=resolved.net.mail)
    assert package_manifest(office, package.path)["format_version"] == 3 and package.refused == 1
    api.import_task_package(office, empty.path)
    result = api.import_task_package(office, package.path)
    assert result.refused == []  # not a bundle this office holds as sent: recorded, not shown
    assert [r.sequence for r in refusal_store.refused_list(office.db)] == [9]


@pytest.mark.parametrize(
    "edit",
    [
        lambda items: items.append("x"),
        lambda items: items.append({"sequence": 1}),
        lambda items: items[0].update(sequence=0),
        lambda items: items[0].update(reasons=[{"code": "x"}]),
        lambda items: items[0].update(counts={"x": -1}),
    ],
)
def test_malformed_refusals_are_refused(
    resolved: Conflicted, monkeypatch: pytest.MonkeyPatch, edit: Any
) -> None:
    _log_a_refusal(resolved)
    real = package_refusals.package_content

    def tampered(ws: Any, office: str) -> Any:
        items = real(ws, office)
        edit(items)
        return items

    monkeypatch.setattr(package_refusals, "package_content", tampered)
    _refused(resolved, "schema")
