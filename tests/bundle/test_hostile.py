"""Broken and hostile files: each is refused with its own clear message naming the file, and
the database stays byte-identical."""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from bundle_helpers import Network, db_bytes, export, fill, import_all
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from forge import Forge, Member

from ecodesk.bundle import api, envelope, keys, reader, safezip, schema
from ecodesk.bundle.keys import KeyPair
from ecodesk.bundle.strictjson import dumps
from ecodesk.core.i18n import set_language
from ecodesk.store.workspace import Workspace

OLD_BUNDLE = Path(__file__).parents[1] / "golden" / "bundle-0.1.0-hpke.ecb"
ZEROS = b"\0" * (8 * 1024 * 1024)
ZEROS_SHA = hashlib.sha256(ZEROS).hexdigest()
EVIDENCE = b"evidence bytes"
EVIDENCE_SHA = hashlib.sha256(EVIDENCE).hexdigest()


@pytest.fixture
def forge(network: Network, tmp_path: Path) -> Iterator[Forge]:
    office = network.join("成县")
    fill(office, 1, "规划")
    fill(office, 2, "部署")
    network.join("文县")
    yield Forge(office, network.tf)


def _members(edit: Callable[[list[Member]], list[Member]]) -> Callable[[Forge], bytes]:
    return lambda f: f.build(edit_members=edit)


def _manifest(edit: Callable[[dict], None]) -> Callable[[Forge], bytes]:  # type: ignore[type-arg]
    return lambda f: f.build(edit_manifest=edit)


def _line(edit: Callable[[dict], None]) -> Callable[[Forge], bytes]:  # type: ignore[type-arg]
    def build(f: Forge) -> bytes:
        line = f.line()
        edit(line)
        return f.build(lines=[line])

    return build


def _flip(data: bytes, at: int = -40) -> bytes:
    flipped = bytearray(data)
    flipped[at] ^= 0x01
    return bytes(flipped)


def _stranger() -> KeyPair:
    return KeyPair(Ed25519PrivateKey.generate(), X25519PrivateKey.generate())


def _with_evidence(f: Forge, blob: bytes, sha: str, size: int | None = None) -> bytes:
    line = f.line()
    line["evidence"] = [
        {
            "sha256": sha,
            "name": "a.pdf",
            "size": len(blob) if size is None else size,
            "added_at": "",
        }
    ]
    return f.build(lines=[line], evidence={sha: blob})


def _wrong_recipient(f: Forge) -> bytes:
    def edit(m: dict) -> None:  # type: ignore[type-arg]
        m["recipient"]["key_id"] = "00112233445566ff"

    return f.build(edit_manifest=edit)


def _other_kind_envelope(f: Forge) -> bytes:
    return f.build(kind="task_package")


def _to_stranger(f: Forge) -> bytes:
    """A well-formed bundle, encrypted to a key this workspace does not have."""
    forged = f.build()
    sealed = envelope.open_sealed(_write(f, forged), keys.decryption_keys(f.tf),
                                  scratch=envelope.scratch_dir(f.tf.root), max_bytes=1 << 30)  # fmt: skip
    with sealed.plaintext:
        plain = sealed.plaintext.read()
    stranger = X25519PrivateKey.generate().public_key().public_bytes_raw()
    return envelope.seal(plain, recipient_box_pub=stranger)


def _write(f: Forge, data: bytes) -> Path:
    path = f.tf.root / "forged.ecb"
    path.write_bytes(data)
    return path


def _corrupt_member(f: Forge) -> bytes:
    members: list[Member] = []

    def edit(ms: list[Member]) -> list[Member]:
        members.extend(ms)
        return [(n, d, {**o, "compress_type": zipfile.ZIP_STORED}) for n, d, o in ms]

    f.build(edit_members=edit)
    from forge import zip_bytes

    raw = zip_bytes([(n, d, {**o, "compress_type": zipfile.ZIP_STORED}) for n, d, o in members])
    position = raw.find(b'"plan"')
    assert position > 0
    return f.build(plaintext=raw[:position] + b"'" + raw[position + 1 :])


CASES: dict[str, tuple[str, Callable[[Forge], bytes]]] = {
    "empty file": ("empty", lambda f: b""),
    "not ecodesk at all": ("not_envelope", lambda f: b"%PDF-1.4 hello"),
    "plain zip": ("not_envelope_zip", lambda f: b"PK\x03\x04" + b"\0" * 40),
    "made by ecodesk 0.1.0 (HPKE envelope)": ("old_envelope", lambda f: OLD_BUNDLE.read_bytes()),
    "ASCII-armoured age": ("not_envelope", lambda f: b"-----BEGIN AGE ENCRYPTED FILE-----\n"),
    "age header only": ("decrypt_failed", lambda f: envelope.AGE_MAGIC),
    "age header cut short": ("decrypt_failed", lambda f: f.build()[:60]),
    "age header MAC altered": (
        "decrypt_failed",
        lambda f: _flip(f.build(), f.build().find(b"---") + 6),
    ),
    "addressed to another key": ("not_for_us", _to_stranger),
    "flipped byte": ("decrypt_failed", lambda f: _flip(f.build())),
    "truncated": ("decrypt_failed", lambda f: (lambda d: d[: len(d) // 2])(f.build())),
    "trailing bytes after the payload": ("decrypt_failed", lambda f: f.build() + b"\0"),
    "task package envelope": ("wrong_kind", _other_kind_envelope),
    "decrypts to not a zip": ("not_zip", lambda f: f.build(plaintext=b"hello, not a zip")),
    "zip slip": ("zip_slip", _members(lambda ms: [*ms, ("evidence/../../evil", b"x", {})])),
    "absolute path": ("absolute_path", _members(lambda ms: [*ms, ("/etc/passwd", b"x", {})])),
    "windows drive": ("absolute_path", _members(lambda ms: [*ms, ("C:/evil", b"x", {})])),
    "symlink": (
        "symlink",
        _members(
            lambda ms: [*ms[:2], (ms[2][0], b"/etc/passwd", {"external_attr": 0o120777 << 16})]
        ),
    ),
    "duplicate names": ("duplicate_member", _members(lambda ms: [*ms, ms[2]])),
    "case collision": ("colliding_member", _members(lambda ms: [*ms, ("ENTRIES.JSONL", b"", {})])),
    "unexpected member": ("unexpected_member", _members(lambda ms: [*ms, ("run.exe", b"MZ", {})])),
    "encrypted member": (
        "encrypted_member",
        _members(lambda ms: [*ms[:2], (ms[2][0], ms[2][1], {"flag_bits": 1})]),
    ),
    "bzip2 member": (
        "compression",
        _members(lambda ms: [*ms[:2], (ms[2][0], ms[2][1], {"compress_type": zipfile.ZIP_BZIP2})]),
    ),
    "zip bomb": (
        "zip_bomb",
        lambda f: f.build(evidence={ZEROS_SHA: ZEROS}, edit_members=_deflate_all),
    ),
    "corrupt member (CRC)": ("zip_broken", _corrupt_member),
    "missing manifest": ("missing_manifest", _members(lambda ms: ms[1:])),
    "missing signature": ("missing_signature", _members(lambda ms: [ms[0], *ms[2:]])),
    "malformed signature": (
        "signature_format",
        lambda f: f.build(signature=lambda s: s.replace(b"\n", b"\n\n", 1)),
    ),
    "legacy signature algorithm": ("signature_algorithm", lambda f: f.build(signature=_legacy)),
    "unknown signer": ("unknown_signer", lambda f: f.build(sign_with=_stranger())),
    "manifest changed after signing": (
        "signature_invalid",
        lambda f: f.build(after_sign=lambda r: r.replace(b'"full": true', b'"full": false')),
    ),
    "trusted comment altered": (
        "trusted_comment_invalid",
        lambda f: f.build(signature=lambda s: s.replace(b"sequence=1", b"sequence=9")),
    ),
    "trusted comment not matching": (
        "trusted_comment_mismatch",
        lambda f: f.build(comment="ecodesk bundle office=文县"),
    ),
    "manifest NaN": ("json_nan", lambda f: f.build(manifest_raw=b'{"sequence": NaN}')),
    "manifest duplicate key": (
        "json_duplicate_key",
        lambda f: f.build(manifest_raw=b'{"office": "a", "office": "b"}'),
    ),
    "manifest too deep": ("json_depth", lambda f: f.build(manifest_raw=b"[" * 100 + b"]" * 100)),
    "manifest not UTF-8": (
        "json_encoding",
        lambda f: f.build(manifest_raw='{"office": "成县"}'.encode("gbk")),
    ),
    "manifest schema": ("schema", _manifest(lambda m: m.update(sequence="7"))),
    "manifest unknown field": ("schema", _manifest(lambda m: m.update(extra=1))),
    "manifest unknown office": ("schema", _manifest(lambda m: m.update(office="火星县"))),
    "newer format version": (
        "newer_version",
        _manifest(lambda m: m.update(format_version=schema.BUNDLE_FORMAT_VERSION + 1)),
    ),
    "format 1 manifest in an age envelope": (
        "schema",
        _manifest(lambda m: m.update(format_version=1)),
    ),
    "unknown crypto suite": ("unknown_suite", _manifest(lambda m: m.update(suite="sm2-sm4-v1"))),
    "manifest without suite": ("schema", _manifest(lambda m: m.pop("suite"))),
    "age recipient inside is another key": (
        "wrong_recipient",
        _manifest(lambda m: m["recipient"].update(age=envelope.age_recipient(b"\1" * 32))),
    ),
    "manifest says task package": (
        "wrong_kind",
        _manifest(lambda m: m.update(format="ecodesk-task-package")),
    ),
    "wrong recipient inside": ("wrong_recipient", _wrong_recipient),
    "impersonation": ("impersonation", _manifest(lambda m: m.update(office="文县"))),
    "signer mismatch": (
        "signer_mismatch",
        _manifest(lambda m: m.update(key_id="0011223344556677")),
    ),
    "member hash mismatch": (
        "member_hash",
        _manifest(lambda m: m["members"].update({"entries.jsonl": "0" * 64})),
    ),
    "missing member": ("missing_member", _members(lambda ms: ms[:2])),
    "missing attachment": (
        "missing_attachment",
        lambda f: f.build(evidence={EVIDENCE_SHA: EVIDENCE}, edit_members=lambda ms: ms[:3]),
    ),
    "line refers to absent evidence": (
        "missing_attachment",
        lambda f: f.build(
            lines=[
                {
                    **f.line(),
                    "evidence": [{"sha256": EVIDENCE_SHA, "name": "x", "size": 1, "added_at": ""}],
                }
            ]
        ),
    ),
    "evidence content mismatch": (
        "evidence_hash",
        lambda f: f.build(evidence={EVIDENCE_SHA: b"other bytes"}),
    ),
    "evidence wrong size": (
        "evidence_size",
        lambda f: _with_evidence(f, EVIDENCE, EVIDENCE_SHA, size=999),
    ),
    "unlisted member": (
        "unlisted_member",
        lambda f: f.build(
            edit_members=lambda ms: [*ms, (f"evidence/{EVIDENCE_SHA}", EVIDENCE, {})]
        ),
    ),
    "entry NaN": ("json_nan", lambda f: f.build(entries_raw=b'{"uuid": NaN}\n', lines=[{}])),
    "entry with a lone surrogate": (
        "json_encoding",
        lambda f: f.build(
            entries_raw=dumps(f.line()).replace('"plan":"规划"', '"plan":"\\ud800"').encode()
            + b"\n"
        ),
    ),
    "entry duplicate key": (
        "json_duplicate_key",
        lambda f: f.build(entries_raw=b'{"plan": "a", "plan": "b"}\n', lines=[{}]),
    ),
    "entry negative revision": ("schema", _line(lambda x: x.update(revision=-1))),
    "entry unknown field": ("schema", _line(lambda x: x.update(secret="x"))),
    "entry bad value type": ("schema", _line(lambda x: x.update(values={"a": [1, 2]}))),
    "entry bad uuid": ("schema", _line(lambda x: x.update(uuid="../../etc"))),
    "entry count mismatch": ("entry_count", _manifest(lambda m: m.update(entry_count=5))),
    "entry of another office": ("foreign_entry", _line(lambda x: x.update(office="文县"))),
    "entry repeated": ("duplicate_entry", lambda f: f.build(lines=[f.line(), f.line()])),
}


def _deflate_all(members: list[Member]) -> list[Member]:
    return [(name, data, {}) for name, data, _ in members]


def _legacy(signature: bytes) -> bytes:
    import base64

    lines = signature.split(b"\n")
    blob = bytearray(base64.b64decode(lines[1]))
    blob[:2] = b"Ed"
    lines[1] = base64.b64encode(bytes(blob))
    return b"\n".join(lines)


def test_there_are_at_least_forty_cases() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_bundle_is_refused(case: str, forge: Forge, tmp_path: Path) -> None:
    code, build = CASES[case]
    path = tmp_path / "成县-2023-0001.ecb"
    path.write_bytes(build(forge))
    _refused(forge.tf, path, code)


def _refused(tf: Workspace, path: Path, code: str) -> None:
    before = db_bytes(tf)
    plan = api.plan_import(tf, [path])
    (report,) = plan.files
    assert report.status == "rejected", plan.summary_lines()
    assert report.error is not None
    assert report.error.code == code, str(report.error)
    assert path.name in str(report.error)
    done = api.apply_import(tf, plan)
    assert done.rejected_files and not done.counts["new"]
    assert db_bytes(tf) == before
    set_language("en")
    english = api.plan_import(tf, [path]).files[0].error
    assert english is not None and path.name in str(english) and str(english) != str(report.error)
    set_language("zh")


def test_caps_on_size_members_and_member_size(
    forge: Forge, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "big.ecb"
    path.write_bytes(forge.build())
    monkeypatch.setattr(reader, "MAX_FILE_BYTES", 100)
    _refused(forge.tf, path, "file_too_large")
    monkeypatch.undo()
    monkeypatch.setattr(safezip, "MAX_MEMBERS", 2)
    _refused(forge.tf, path, "too_many_members")
    monkeypatch.undo()
    monkeypatch.setattr(safezip, "MAX_MEMBER_BYTES", 10)
    _refused(forge.tf, path, "member_too_large")


def test_sequence_attacks(network: Network, forge: Forge, tmp_path: Path) -> None:
    office, tf = forge.office, forge.tf
    first = export(office, tmp_path)
    import_all(tf, [first])
    previous = api.plan_import(tf, [first]).files[0].manifest_sha256
    # replay: a second delivery changes nothing and says so
    before = db_bytes(tf)
    replay = api.apply_import(tf, api.plan_import(tf, [first]))
    assert replay.files[0].status == "duplicate" and db_bytes(tf) == before
    fork = tmp_path / "fork.ecb"
    fork.write_bytes(forge.build(sequence=1, lines=[{**forge.line(), "plan": "另一个版本"}]))
    _refused(tf, fork, "fork")
    chain = tmp_path / "chain.ecb"
    chain.write_bytes(forge.build(sequence=2, previous="f" * 64))
    _refused(tf, chain, "chain_fork")
    jump = tmp_path / "jump.ecb"
    jump.write_bytes(forge.build(sequence=5000, previous="f" * 64))
    _refused(tf, jump, "sequence_jump")
    gap = tmp_path / "gap.ecb"
    gap.write_bytes(forge.build(sequence=4, previous="e" * 64))
    before = db_bytes(tf)
    plan = api.plan_import(tf, [gap])
    assert any("缺少第 2、3 号数据包" in line for line in plan.summary_lines())
    assert db_bytes(tf) == before
    assert previous


def test_revoked_key(network: Network, forge: Forge, tmp_path: Path) -> None:
    import_all(forge.tf, [export(forge.office, tmp_path)])
    api.revoke_office_key(forge.tf, office="成县")
    fill(forge.office, 1, "later")
    _refused(forge.tf, export(forge.office, tmp_path), "revoked_key")


def test_task_package_rollback_and_forgery(network: Network, forge: Forge, tmp_path: Path) -> None:
    office = forge.office
    old = api.make_task_package(network.tf, office="成县", out_dir=tmp_path)
    api.make_task_package(network.tf, office="成县", out_dir=tmp_path)
    newest = api.make_task_package(network.tf, office="成县", out_dir=tmp_path)
    api.import_task_package(office, newest.path)
    before = db_bytes(office)
    with pytest.raises(api.BundleError) as info:
        api.import_task_package(office, old.path)
    assert info.value.code == "rollback" and old.path.name in str(info.value)
    assert db_bytes(office) == before
    assert api.import_task_package(office, newest.path).duplicate
    # a bundle handed to an office, and a package signed by an impostor
    bundle = export(office, tmp_path)
    with pytest.raises(api.BundleError) as info:
        api.import_task_package(office, bundle)
    assert info.value.code == "not_for_us"
    before = db_bytes(office)
    impostor = Workspace.create(tmp_path / "impostor", office=None, task_force=True)
    key_file = tmp_path / "k.json"
    key_file.write_text(json.dumps(api.key_document(office), ensure_ascii=False))
    api.enroll_office(
        impostor, office="成县", key_file=key_file, fingerprint=api.key_info(office).fingerprint
    )
    fake = api.make_task_package(impostor, office="成县", out_dir=tmp_path / "x")
    with pytest.raises(api.BundleError) as info:
        api.import_task_package(office, fake.path)
    assert info.value.code == "not_task_force"
    assert db_bytes(office) == before
    impostor.close()
