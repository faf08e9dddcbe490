"""No traceback, ever: every reader of a file from outside raises only its own error, whatever
the file holds. Arbitrary bytes, age-encrypted junk, and signed documents (manifest, entry line,
rotation statement, package.json, key file) with one field replaced by a hostile JSON value:
huge integers, 1e999, lone surrogates, deep nesting, control characters, wrong types.

`tools/fuzz` runs the same properties with many more examples."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bundle_helpers import Network, fill
from forge import Forge
from hostile_json import hostile_settings, json_value, junk_bytes, mutated
from hypothesis import given
from hypothesis import strategies as st

from ecodesk.bundle import api, container, keys, package
from ecodesk.bundle.errors import BundleError, Refusal
from ecodesk.bundle.keys import KeyPair
from ecodesk.core.errors import UserError
from ecodesk.store.db import write_transaction


@pytest.fixture(scope="module")
def net(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Network]:
    network = Network(tmp_path_factory.mktemp("net"))
    office = network.join("成县")
    fill(office, 1, "规划")
    yield network
    network.close()


@pytest.fixture(scope="module")
def forge(net: Network) -> Forge:
    return Forge(net.offices["成县"], net.tf)


def _planned_only_with_own_errors(tf: Any, path: Path) -> None:
    """plan_import returns (a file is "ok" or "rejected" with a BundleError); nothing else."""
    plan = api.plan_import(tf, [path])
    (report,) = plan.files
    assert report.status in ("ok", "rejected", "duplicate")
    if report.status == "rejected":
        assert isinstance(report.error, BundleError) and path.name in str(report.error)
        assert "\x1b" not in str(report.error) and "\u202e" not in str(report.error)
    "\n".join(plan.summary_lines())


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


@hostile_settings(60)
@given(data=junk_bytes())
def test_any_bytes_as_a_bundle(net: Network, data: bytes) -> None:
    _planned_only_with_own_errors(net.tf, _write(net.root, "junk.ecb", data))


@hostile_settings(40)
@given(data=junk_bytes())
def test_any_plaintext_in_a_correct_envelope(net: Network, forge: Forge, data: bytes) -> None:
    _planned_only_with_own_errors(
        net.tf, _write(net.root, "sealed.ecb", forge.build(plaintext=data))
    )


@hostile_settings(100)
@given(data=st.data())
def test_any_signed_manifest(net: Network, forge: Forge, data: st.DataObject) -> None:
    raw = forge.build(raw_from=lambda manifest: data.draw(mutated(manifest)))
    _planned_only_with_own_errors(net.tf, _write(net.root, "manifest.ecb", raw))


@hostile_settings(100)
@given(data=st.data())
def test_any_signed_entry_line(net: Network, forge: Forge, data: st.DataObject) -> None:
    line = data.draw(mutated(forge.line()))
    raw = forge.build(entries_raw=line + b"\n", lines=[{}])
    _planned_only_with_own_errors(net.tf, _write(net.root, "line.ecb", raw))


def _rotation(old: KeyPair, new: KeyPair, office: Any) -> dict[str, Any]:
    statement: dict[str, Any] = {
        "office": office.office, "install_id": office.install_id, "old_key_id": old.public.key_id,
        "new_key_id": new.public.key_id, "new_sign": keys.b64(new.public.sign_pub),
        "new_box": keys.b64(new.public.box_pub), "at": "2024-03-01T08:00:00.000+00:00",
    }  # fmt: skip
    statement["signature"] = keys.b64(old.sign.sign(keys._statement_bytes(statement)))
    return statement


@hostile_settings(80)
@given(data=st.data())
def test_any_rotation_statement(net: Network, forge: Forge, data: st.DataObject) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    new = KeyPair(Ed25519PrivateKey.generate(), X25519PrivateKey.generate())
    statement = _rotation(keys.own_keys(forge.office), new, forge.office)
    raw_statement = data.draw(mutated(statement)).decode("utf-8", "surrogatepass")

    def manifest_text(manifest: dict[str, Any]) -> bytes:
        text = container.manifest_bytes({**manifest, "rotations": ["\u2603"]}).decode()
        return text.replace('"\u2603"', raw_statement, 1).encode("utf-8", "surrogatepass")

    raw = forge.build(sign_with=new, raw_from=manifest_text)
    _planned_only_with_own_errors(net.tf, _write(net.root, "rotation.ecb", raw))


@hostile_settings(60)
@given(data=junk_bytes())
def test_any_bytes_as_a_key_file(net: Network, data: bytes) -> None:
    path = _write(net.root, "key.json", data)
    with pytest.raises(UserError):
        api.enroll_office(net.tf, office="文县", key_file=path, fingerprint="AAAA-AAAA-AAAA-AAAA")


@hostile_settings(80)
@given(data=st.data())
def test_any_key_file_document(net: Network, data: st.DataObject) -> None:
    document = api.key_document(net.offices["成县"])
    path = _write(net.root, "key.json", data.draw(mutated(document)))
    with pytest.raises(UserError):  # the fingerprint never matches: refused, but by its own error
        api.enroll_office(net.tf, office="文县", key_file=path, fingerprint="AAAA-AAAA-AAAA-AAAA")


# ---------------------------------------------------------------- task packages at the office


def _package_with(net: Network, tmp: Path, *, body: bytes | None, manifest: Any) -> Path:
    """A real task package from the task force whose package.json or manifest is replaced."""
    real_dumps, real_manifest = package.strictjson.dumps, container.manifest_bytes
    with pytest.MonkeyPatch.context() as mp:
        if body is not None:
            mp.setattr(
                package.strictjson, "dumps", lambda value: body.decode("utf-8", "surrogatepass")
            )
        if manifest is not None:
            mp.setattr(container, "manifest_bytes", lambda m: manifest(m, real_manifest))
        made = api.make_task_package(net.tf, office="成县", out_dir=tmp)
    assert package.strictjson.dumps is real_dumps
    # Forget it at the task force, so every example's package has the same number and the same
    # package_chain: hypothesis needs the manifest it mutates to keep its shape.
    with write_transaction(net.tf.db):
        net.tf.db.execute("DELETE FROM packages WHERE direction = 'out' AND sequence > 1")
    return made.path


def _imported_only_with_own_errors(net: Network, path: Path) -> None:
    try:
        api.import_task_package(net.offices["成县"], path)
    except BundleError as exc:
        assert path.name in str(exc) and "\x1b" not in str(exc)
    path.unlink()


@hostile_settings(50)
@given(data=st.data())
def test_any_package_json(net: Network, tmp_path_factory: Any, data: st.DataObject) -> None:
    valid = {"offices": [{"office": "成县", "key_id": "0011223344556677", "sign": "", "box": "",
                          "fingerprint": "", "status": "active"}],
             "assignments": [[1, 2023, True]], "targets": [[7, "pm25", 2023, 30]],
             "acks": [{"install_id": "x", "sequence": 1, "manifest_sha256": "0" * 64}],
             "reviews": [], "resolved": []}  # fmt: skip
    body = data.draw(mutated(valid))
    _imported_only_with_own_errors(net, _package_with(net, net.root, body=body, manifest=None))


@hostile_settings(50)
@given(data=st.data())
def test_any_package_manifest(net: Network, data: st.DataObject) -> None:
    def manifest(m: dict[str, Any], real: Any) -> bytes:
        return data.draw(mutated(json.loads(real(m))))

    _imported_only_with_own_errors(net, _package_with(net, net.root, body=None, manifest=manifest))


@hostile_settings(40)
@given(data=junk_bytes())
def test_any_bytes_as_a_task_package(net: Network, data: bytes) -> None:
    path = _write(net.root, "junk.ecp", data)
    _imported_only_with_own_errors(net, path)


@hostile_settings(20)
@given(raw=json_value())
def test_a_rotation_statement_is_checked_or_refused(raw: str) -> None:
    try:
        statement = json.loads(raw)
    except (ValueError, RecursionError):
        return
    with pytest.raises(Refusal):
        keys.check_rotation(statement, bytes(32))
