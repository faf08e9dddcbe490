"""The signed zip inside every bundle and task package, and the checks made before trusting it.

    manifest.json          human-readable; hashes every other member; names sender and recipient
    manifest.json.minisig  minisign signature of manifest.json (trusted comment: sender, recipient)
    ...                    the members the manifest lists

Order of checks on reading: envelope (age) → zip rules → signature → manifest shape → trusted
comment → recipient (the key that decrypted = the one named in the signed manifest) → every
member's hash. Nothing is believed before the signature is checked.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from ecodesk.bundle import envelope, minisign, schema, strictjson
from ecodesk.bundle.errors import Refusal
from ecodesk.bundle.keys import KeyPair
from ecodesk.bundle.safezip import SafeZip
from ecodesk.core.errors import UserError
from ecodesk.core.i18n import t
from ecodesk.core.safetext import quote
from ecodesk.store.files import atomic_writer

MANIFEST = "manifest.json"
SIGNATURE = "manifest.json.minisig"
MAX_MANIFEST = (
    4 * 1024 * 1024
)  # 20,000 members listed take under 2 MB; parsed JSON is ~20x its text
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
    """The signed zip's bytes and the manifest's bytes, in memory (tests, small files)."""
    buffer = io.BytesIO()
    raw_manifest = build_into(buffer, manifest, members, key)
    return buffer.getvalue(), raw_manifest


def build_into(
    handle: IO[bytes], manifest: dict[str, Any], members: Iterable[Member], key: KeyPair
) -> bytes:
    """Write the signed zip into `handle`; return the manifest's bytes. Fills `manifest["members"]`."""
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
    with zipfile.ZipFile(handle, "w") as archive:
        archive.writestr(MANIFEST, raw_manifest, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr(SIGNATURE, signature, compress_type=zipfile.ZIP_STORED)
        for m in members:
            method = zipfile.ZIP_DEFLATED if m.compress else zipfile.ZIP_STORED
            if m.data is not None:
                archive.writestr(m.name, m.data, compress_type=method)
            else:
                archive.write(m.path, m.name, compress_type=method)  # type: ignore[arg-type]
    return raw_manifest


def write_sealed(
    target: Path,
    manifest: dict[str, Any],
    members: Iterable[Member],
    key: KeyPair,
    *,
    recipient_box_pub: bytes,
    scratch: Path,
) -> bytes:
    """Sign, zip and encrypt into `target` (atomically, read back to verify), streaming through
    an unnamed temporary file in `scratch`. Returns the manifest's bytes."""
    with tempfile.TemporaryFile(dir=scratch) as signed:
        raw_manifest = build_into(signed, manifest, members, key)
        signed.seek(0)
        write_verified(
            target,
            lambda out: envelope.seal_stream(signed, out, recipient_box_pub=recipient_box_pub),
        )
    return raw_manifest


class _HashingWriter:
    def __init__(self, handle: IO[bytes]) -> None:
        self._handle, self.digest = handle, hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        return self._handle.write(data)

    def flush(self) -> None:
        self._handle.flush()


def write_verified(target: Path, produce: Callable[[IO[bytes]], None]) -> None:
    """Write atomically what `produce` writes, then read the file back: USB sticks lie about
    what they stored."""
    if target.exists():
        raise UserError(
            t(f"{target} 已存在，不会覆盖", f"{target} exists already; it will not be overwritten")
        )
    with atomic_writer(target) as handle:
        writer = _HashingWriter(handle)
        produce(writer)  # type: ignore[arg-type]
    if _sha_file(target) != writer.digest.hexdigest():
        target.unlink(missing_ok=True)
        raise UserError(
            t(
                f"写入 {target} 后读回的内容不一致：存储设备可能有问题，请换一个再试",
                f"{target} reads back differently from what was written: try another drive",
            )
        )


# signer lookup: (key id of the signature, the manifest parsed but not yet trusted) -> Ed25519 key
SignerLookup = Callable[[str, Any], bytes]


@dataclass
class Opened:
    """A file that passed every check of the container. Its decrypted zip lives in an unnamed
    temporary file until `close()` (or the end of a `with` block)."""

    kind: str
    zip: SafeZip
    manifest: dict[str, Any]
    manifest_sha256: str
    key_id: str  # the signer's
    sealed: envelope.Sealed

    @property
    def file_sha256(self) -> str:
        return self.sealed.file_sha256

    def close(self) -> None:
        self.zip.close()
        self.sealed.close()

    def __enter__(self) -> Opened:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


@contextlib.contextmanager
def _closed_on_error(sealed: envelope.Sealed) -> Iterator[None]:
    try:
        yield
    except BaseException:
        sealed.close()
        raise


def open_container(
    path: Path,
    *,
    kind: str,
    keys: Mapping[str, X25519PrivateKey],
    allowed: Callable[[str], bool],
    signer: SignerLookup,
    scratch: Path,
    max_bytes: int,
    expected_sha256: str | None = None,
) -> Opened:
    """Decrypt and check the container of the file at `path`; raise Refusal naming the problem.

    With `expected_sha256`, a file whose bytes are not those any more is refused ("changed"):
    the hash is taken of the very bytes decrypted.
    """
    sealed = envelope.open_sealed(path, keys, scratch=scratch, max_bytes=max_bytes)
    with _closed_on_error(sealed):
        _check_expected(sealed, expected_sha256)
        archive = SafeZip(sealed.plaintext, lambda n: n in (MANIFEST, SIGNATURE) or allowed(n))
        try:
            opened = _check(archive, sealed, kind, keys, signer)
        except BaseException:
            archive.close()
            raise
    return opened


def _check_expected(sealed: envelope.Sealed, expected_sha256: str | None) -> None:
    if expected_sha256 is not None and sealed.file_sha256 != expected_sha256:
        raise changed()


def changed() -> Refusal:
    return Refusal(
        "changed",
        "文件在预览之后被改动过，请重新导入",
        "the file changed after the preview; import it again",
    )


def _check(
    archive: SafeZip,
    sealed: envelope.Sealed,
    kind: str,
    keys: Mapping[str, X25519PrivateKey],
    signer: SignerLookup,
) -> Opened:
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
    # Parsed once: untrusted until the signature is checked (the kind hint and the signer lookups
    # only read it), and a parse error is reported only after the signature.
    try:
        manifest, problem = strictjson.loads(raw, MANIFEST), None
    except Refusal as exc:
        manifest, problem = None, exc
    _check_kind_hint(manifest, kind)
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
    _check_recipient(manifest["recipient"], sealed.recipient, keys)
    _check_members(archive, manifest["members"])
    return Opened(kind, archive, manifest, hashlib.sha256(raw).hexdigest(),
                  signature.key_id.hex(), sealed)  # fmt: skip


_KINDS = {"bundle": ("数据包", "bundle"), "task_package": ("任务包", "task package")}


def _check_kind_hint(untrusted: Any, kind: str) -> None:
    """A task package offered as a bundle (or the reverse) is named as such before the signer
    lookup would call its key unknown. Only a hint: nothing in the manifest is believed yet."""
    other = untrusted.get("kind") if isinstance(untrusted, dict) else None
    if isinstance(other, str) and other != kind and other in _KINDS:
        raise Refusal(
            "wrong_kind",
            f"这是{_KINDS[other][0]}，不是{_KINDS[kind][0]}",
            f"this is a {_KINDS[other][1]}, not a {_KINDS[kind][1]}",
        )


def _check_recipient(
    recipient: Mapping[str, Any], opened_with: str, keys: Mapping[str, X25519PrivateKey]
) -> None:
    """The key that decrypted the file must be the one named inside the signature: otherwise
    someone decrypted a file meant for them and re-encrypted it to us."""
    box_pub = keys[opened_with].public_key().public_bytes_raw()
    if recipient["key_id"] != opened_with or recipient["age"] != envelope.age_recipient(box_pub):
        raise Refusal(
            "wrong_recipient",
            "签名内注明的接收方不是本工作区（文件被转加密给了别人）",
            "the recipient named inside the signature is not this workspace (the file was re-encrypted)",
        )


def reopen_verified(
    path: Path,
    *,
    keys: Mapping[str, X25519PrivateKey],
    allowed: Callable[[str], bool],
    scratch: Path,
    max_bytes: int,
    expected_sha256: str,
) -> tuple[SafeZip, envelope.Sealed]:
    """The signed zip of a file whose very bytes passed `open_container` earlier in this
    transaction (`expected_sha256`): decrypted and read, not checked again. Close both."""
    sealed = envelope.open_sealed(path, keys, scratch=scratch, max_bytes=max_bytes)
    with _closed_on_error(sealed):
        _check_expected(sealed, expected_sha256)
        archive = SafeZip(sealed.plaintext, lambda n: n in (MANIFEST, SIGNATURE) or allowed(n))
    return archive, sealed


def _check_members(archive: SafeZip, listed: Mapping[str, str]) -> None:
    present = set(archive.infos) - {MANIFEST, SIGNATURE}
    for name in sorted(present - set(listed)):
        raise Refusal(
            "unlisted_member",
            f"成员“{quote(name)}”不在清单中",
            f"member '{quote(name)}' is not listed in the manifest",
        )
    for name in sorted(set(listed) - present):
        if name.startswith("evidence/"):
            raise Refusal(
                "missing_attachment",
                f"缺少佐证材料文件“{quote(name)}”",
                f"the evidence file '{quote(name)}' is missing",
            )
        raise Refusal(
            "missing_member", f"缺少成员“{quote(name)}”", f"member '{quote(name)}' is missing"
        )
    for name in sorted(listed):
        if name.startswith("evidence/") and listed[name] != name.removeprefix("evidence/"):
            raise Refusal(
                "evidence_hash",
                f"佐证材料“{quote(name)}”的名称与其哈希不符",
                f"evidence '{quote(name)}' is not named by its hash",
            )
        if archive.sha256(name) != listed[name]:
            if name.startswith("evidence/"):
                raise Refusal(
                    "evidence_hash",
                    f"佐证材料“{quote(name)}”的内容与其哈希不符",
                    f"evidence '{quote(name)}' does not match its hash",
                )
            raise Refusal(
                "member_hash",
                f"成员“{quote(name)}”的内容与清单中的哈希不符",
                f"member '{quote(name)}' does not match its hash in the manifest",
            )
