"""The signed zip inside every bundle and task package, and the checks made before trusting it.

    manifest.json          human-readable; hashes every other member; names sender and recipient
    manifest.json.minisig  minisign signature of manifest.json (trusted comment: sender, recipient)
    ...                    the members the manifest lists

Order of checks on reading: envelope → zip rules → signature → manifest shape → trusted comment
→ recipient → every member's hash. Nothing is believed before the signature is checked.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from ecodesk.bundle import envelope, minisign, schema, strictjson
from ecodesk.bundle.errors import Refusal
from ecodesk.bundle.keys import KeyPair
from ecodesk.bundle.safezip import SafeZip

MANIFEST = "manifest.json"
SIGNATURE = "manifest.json.minisig"
MAX_MANIFEST = 16 * 1024 * 1024
MAX_SIGNATURE = 4096


@dataclass(frozen=True)
class Member:
    name: str
    data: bytes | None = None
    path: Path | None = None  # large files are streamed from disk
    compress: bool = True


def trusted_comment(manifest: Mapping[str, Any]) -> str:
    return (f"ecodesk {manifest['kind']} office={manifest['office']} install={manifest['install_id']} "
            f"sequence={manifest['sequence']} recipient={manifest['recipient']['key_id']}")  # fmt: skip


def _sha_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def manifest_bytes(manifest: Mapping[str, Any]) -> bytes:
    return (
        json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True, allow_nan=False) + "\n"
    ).encode()


def build(manifest: dict[str, Any], members: Iterable[Member], key: KeyPair) -> tuple[bytes, bytes]:
    """The signed zip's bytes and the manifest's bytes. Fills `manifest["members"]`."""
    members = list(members)
    manifest["members"] = {
        m.name: hashlib.sha256(m.data).hexdigest() if m.data is not None else _sha_file(m.path)  # type: ignore[arg-type]
        for m in members
    }
    raw_manifest = manifest_bytes(manifest)
    comment = trusted_comment(manifest)
    signature = minisign.sign(
        raw_manifest, key.sign, comment, f"ecodesk signature, key {key.public.key_id}"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(MANIFEST, raw_manifest, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr(SIGNATURE, signature, compress_type=zipfile.ZIP_STORED)
        for m in members:
            method = zipfile.ZIP_DEFLATED if m.compress else zipfile.ZIP_STORED
            if m.data is not None:
                archive.writestr(m.name, m.data, compress_type=method)
            else:
                archive.write(m.path, m.name, compress_type=method)  # type: ignore[arg-type]
    return buffer.getvalue(), raw_manifest


# signer lookup: (key id of the signature, the manifest parsed but not yet trusted) -> Ed25519 key
SignerLookup = Callable[[str, Any], bytes]


@dataclass
class Opened:
    kind: str
    zip: SafeZip
    manifest: dict[str, Any]
    manifest_sha256: str
    key_id: str  # the signer's


def open_container(
    data: bytes,
    *,
    kind: str,
    keys: Mapping[str, X25519PrivateKey],
    allowed: Callable[[str], bool],
    signer: SignerLookup,
) -> Opened:
    header, plaintext = envelope.open_sealed(data, keys)
    if header.kind != kind:
        names = {"bundle": ("数据包", "bundle"), "task_package": ("任务包", "task package")}
        raise Refusal(
            "wrong_kind",
            f"这是{names[header.kind][0]}，不是{names[kind][0]}",
            f"this is a {names[header.kind][1]}, not a {names[kind][1]}",
        )
    archive = SafeZip(plaintext, lambda n: n in (MANIFEST, SIGNATURE) or allowed(n))
    if SIGNATURE not in archive.infos:
        raise Refusal(
            "missing_signature",
            "缺少签名 manifest.json.minisig",
            "the signature manifest.json.minisig is missing",
        )
    if MANIFEST not in archive.infos:
        raise Refusal(
            "missing_manifest", "缺少清单 manifest.json", "the manifest manifest.json is missing"
        )
    signature = minisign.parse(archive.read(SIGNATURE, MAX_SIGNATURE))
    raw = archive.read(MANIFEST, MAX_MANIFEST)
    # Parsed once: untrusted until the signature is checked (the signer lookups only read it),
    # and a parse error is reported only after the signature.
    try:
        manifest, problem = strictjson.loads(raw, MANIFEST), None
    except Refusal as exc:
        manifest, problem = None, exc
    sign_pub = signer(signature.key_id.hex(), manifest)
    minisign.verify(raw, signature, sign_pub)
    if problem is not None:
        raise problem
    schema.check_version(manifest, MANIFEST, kind)
    manifest = schema.check_manifest(manifest, kind)
    if manifest["key_id"] != signature.key_id.hex():
        raise Refusal(
            "signer_mismatch",
            "清单中的签名者与实际签名的密钥不符",
            "the manifest names another signer than the signature's key",
        )
    if signature.trusted_comment != trusted_comment(manifest):
        raise Refusal(
            "trusted_comment_mismatch",
            "签名的可信注释与清单内容不符",
            "the signature's trusted comment does not match the manifest",
        )
    if manifest["recipient"]["key_id"] != header.recipient:
        raise Refusal(
            "wrong_recipient",
            "签名内注明的接收方不是本工作区（文件被转加密给了别人）",
            "the recipient named inside the signature is not this workspace (the file was re-encrypted)",
        )
    _check_members(archive, manifest["members"])
    return Opened(kind, archive, manifest, hashlib.sha256(raw).hexdigest(), signature.key_id.hex())


def reopen_verified(
    data: bytes, *, keys: Mapping[str, X25519PrivateKey], allowed: Callable[[str], bool]
) -> SafeZip:
    """The signed zip of a file whose very bytes passed `open_container` earlier in this
    transaction (the caller compares the file's SHA-256): decrypted and read, not checked again."""
    _header, plaintext = envelope.open_sealed(data, keys)
    return SafeZip(plaintext, lambda n: n in (MANIFEST, SIGNATURE) or allowed(n))


def _check_members(archive: SafeZip, listed: Mapping[str, str]) -> None:
    present = set(archive.infos) - {MANIFEST, SIGNATURE}
    for name in sorted(present - set(listed)):
        raise Refusal(
            "unlisted_member",
            f"成员“{name}”不在清单中",
            f"member '{name}' is not listed in the manifest",
        )
    for name in sorted(set(listed) - present):
        if name.startswith("evidence/"):
            raise Refusal(
                "missing_attachment",
                f"缺少佐证材料文件“{name}”",
                f"the evidence file '{name}' is missing",
            )
        raise Refusal("missing_member", f"缺少成员“{name}”", f"member '{name}' is missing")
    for name in sorted(listed):
        if name.startswith("evidence/") and listed[name] != name.removeprefix("evidence/"):
            raise Refusal(
                "evidence_hash",
                f"佐证材料“{name}”的名称与其哈希不符",
                f"evidence '{name}' is not named by its hash",
            )
        if archive.sha256(name) != listed[name]:
            if name.startswith("evidence/"):
                raise Refusal(
                    "evidence_hash",
                    f"佐证材料“{name}”的内容与其哈希不符",
                    f"evidence '{name}' does not match its hash",
                )
            raise Refusal(
                "member_hash",
                f"成员“{name}”的内容与清单中的哈希不符",
                f"member '{name}' does not match its hash in the manifest",
            )
