"""The outer file: the signed zip encrypted with age (https://age-encryption.org/v1) to one
X25519 recipient, nothing before or after it.

    age-encryption.org/v1
    -> X25519 <ephemeral share>
    <wrapped file key>
    --- <header MAC>
    <payload: 64 KiB ChaCha20-Poly1305 chunks>

So anyone holding the recipient's private key opens a bundle with the standard tool
(`age -d -i identity.txt FILE`; `ecodesk key export-age-identity` writes the identity file).
age only encrypts: who sent the file and for whom is said inside, in the signed manifest.
Encryption and decryption stream through files, so memory stays flat whatever the size.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, BinaryIO

import pyrage
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from ecodesk.bundle.errors import Refusal

AGE_MAGIC = b"age-encryption.org/v1\n"
OLD_MAGIC = b"ECODESK-ENVELOPE/1\n"  # ecodesk 0.1.0: HPKE, no longer read
# Named in every signed manifest: Ed25519 (minisign) signatures, age X25519 encryption. A second
# suite (SM2/SM3/SM4) gets a new name; a reader refuses a suite it does not know.
SUITE = "ed25519-age-v1"
SUITES = (SUITE,)
SCRATCH_DIR = "tmp"
_CHUNK = 1024 * 1024
# A decrypted file stays in memory up to this size, then spills into an unnamed temporary file:
# bundles are mostly small, and creating a temporary file costs more than decrypting one.
SPOOL_BYTES = 8 * 1024 * 1024


# ---------------------------------------------------------------- age key encoding (bech32)

_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def _polymod(values: list[int]) -> int:
    generator = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
    check = 1
    for value in values:
        top = check >> 25
        check = (check & 0x1FFFFFF) << 5 ^ value
        for i in range(5):
            check ^= generator[i] if (top >> i) & 1 else 0
    return check


def _bech32(hrp: str, data: bytes) -> str:
    """BIP 173 bech32 (not bech32m), as age encodes its keys."""
    acc = bits = 0
    words = []
    for byte in data:
        acc, bits = (acc << 8) | byte, bits + 8
        while bits >= 5:
            bits -= 5
            words.append((acc >> bits) & 31)
    if bits:
        words.append((acc << (5 - bits)) & 31)
    expanded = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    mod = _polymod(expanded + words + [0] * 6) ^ 1
    checksum = [(mod >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(_BECH32[w] for w in words + checksum)


@functools.lru_cache(maxsize=64)
def age_recipient(box_pub: bytes) -> str:
    """The `age1…` recipient of an X25519 public key (the box key of every ecodesk key pair)."""
    return _bech32("age", box_pub)


def age_identity(box: X25519PrivateKey) -> str:
    """The `AGE-SECRET-KEY-1…` identity of an X25519 private key, for `age -d -i`."""
    return _bech32("age-secret-key-", box.private_bytes_raw()).upper()


@functools.lru_cache(maxsize=16)
def _pyrage_identity(private_raw: bytes) -> pyrage.x25519.Identity:
    """One identity object per key for a whole import (encoding it costs more than decrypting)."""
    return pyrage.x25519.Identity.from_str(_bech32("age-secret-key-", private_raw).upper())


# ---------------------------------------------------------------- sealing


def seal_stream(source: IO[bytes], target: IO[bytes], *, recipient_box_pub: bytes) -> None:
    """Encrypt `source` into `target`, streaming."""
    recipient = pyrage.x25519.Recipient.from_str(age_recipient(recipient_box_pub))
    pyrage.encrypt_io(source, target, [recipient])


def seal(plaintext: bytes, *, recipient_box_pub: bytes) -> bytes:
    """Encrypt bytes held in memory (small files, tests)."""
    recipient = pyrage.x25519.Recipient.from_str(age_recipient(recipient_box_pub))
    return pyrage.encrypt(plaintext, [recipient])


# ---------------------------------------------------------------- opening


@dataclass
class Sealed:
    """A decrypted file: the key it was encrypted to, the SHA-256 and size of the very bytes that
    were decrypted, and the plaintext in a temporary file that disappears when it is closed."""

    recipient: str  # key id of the identity that opened it
    file_sha256: str
    size: int
    plaintext: IO[bytes]  # in memory up to SPOOL_BYTES, then an unnamed temporary file

    def close(self) -> None:
        self.plaintext.close()


class _HashingReader:
    """Reads the file for the decrypter, hashing and counting what it hands over."""

    def __init__(self, handle: BinaryIO, limit: int) -> None:
        self._handle, self._limit = handle, limit
        self.digest, self.size = hashlib.sha256(), 0
        self.failure: Refusal | None = None  # pyrage turns what read() raises into its own error

    def read(self, size: int = -1) -> bytes:
        chunk = self._handle.read(_CHUNK if size is None or size < 0 else size)
        self.size += len(chunk)
        if self.size > self._limit:  # the file grew after its size was checked
            self.failure = _too_large(self.size, self._limit)
            raise self.failure
        self.digest.update(chunk)
        return chunk

    def drain(self) -> None:
        while self.read(_CHUNK):
            pass


def _too_large(size: int, limit: int) -> Refusal:
    return Refusal(
        "file_too_large",
        f"文件过大（{size} 字节，上限 {limit}）",
        f"the file is too large ({size} bytes, limit {limit})",
    )


def scratch_dir(root: Path) -> Path:
    """The workspace's folder for decrypted temporary files (0700; they are unnamed while open)."""
    folder = Path(root) / SCRATCH_DIR
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def check_start(start: bytes) -> None:
    """Refuse, from its first bytes, a file that is not an age file, naming what it is instead."""
    if not start:
        raise Refusal("empty", "文件是空的", "the file is empty")
    if start.startswith(AGE_MAGIC):
        return
    if start.startswith(OLD_MAGIC):
        raise Refusal(
            "old_envelope",
            "该文件由 ecodesk 0.1.0 生成，本版本不再读取；请对方用 ecodesk 0.2.0 重新导出",
            "made by ecodesk 0.1.0; ask the sender to export again with 0.2.0",
        )
    if start[:2] == b"PK":
        raise Refusal(
            "not_envelope_zip",
            "这是一个普通 zip 文件，不是 ecodesk 数据包或任务包",
            "this is a plain zip file, not an ecodesk bundle or task package",
        )
    if start.startswith(b"-----BEGIN AGE ENCRYPTED FILE-----"):
        raise Refusal(
            "not_envelope",
            "这是 ASCII 封装的 age 文件；ecodesk 只读取二进制 age 文件",
            "this is an ASCII-armoured age file; ecodesk reads binary age files only",
        )
    raise Refusal(
        "not_envelope",
        "不是 ecodesk 数据包或任务包（文件开头不对）",
        "not an ecodesk bundle or task package (wrong file start)",
    )


def open_sealed(
    path: Path, keys: Mapping[str, X25519PrivateKey], *, scratch: Path, max_bytes: int
) -> Sealed:
    """Decrypt `path` with whichever of `keys` it was encrypted to, into an unnamed temporary
    file under `scratch`. Raises Refusal; a half-decrypted temporary file never outlives it."""
    with _open_source(path) as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > max_bytes:
            raise _too_large(size, max_bytes)
        check_start(handle.read(len(AGE_MAGIC)))
        for key_id, private in keys.items():
            handle.seek(0)
            reader = _HashingReader(handle, max_bytes)
            plaintext = tempfile.SpooledTemporaryFile(SPOOL_BYTES, dir=str(scratch))  # noqa: SIM115
            try:
                if _decrypt(reader, plaintext, private):
                    reader.drain()
                    plaintext.seek(0)
                    return Sealed(key_id, reader.digest.hexdigest(), reader.size, plaintext)
            except BaseException:
                plaintext.close()
                raise
            plaintext.close()
    raise Refusal(
        "not_for_us",
        "该文件不是加密给本工作区的任何一把密钥的，本工作区无法打开",
        "the file is not encrypted to any key of this workspace; it cannot be opened here",
    )


@contextlib.contextmanager
def _open_source(path: Path) -> Iterator[BinaryIO]:
    try:
        if not Path(path).is_file():
            raise Refusal("not_file", "不是文件", "not a file")
        handle = Path(path).open("rb")  # noqa: SIM115 (closed by the with block below)
    except OSError as exc:
        raise Refusal(
            "unreadable", f"无法读取（{exc.strerror}）", f"cannot be read ({exc.strerror})"
        ) from None
    with handle:
        yield handle


def _decrypt(reader: _HashingReader, target: IO[bytes], private: X25519PrivateKey) -> bool:
    """True when decrypted; False when the file is for another key; Refusal when it is broken."""
    identity = _pyrage_identity(private.private_bytes_raw())
    try:
        pyrage.decrypt_io(reader, target, [identity])
    except (pyrage.DecryptError, OSError, ValueError, TypeError) as exc:
        if reader.failure is not None:
            raise reader.failure from None
        if isinstance(exc, pyrage.DecryptError) and "No matching keys" in str(exc):
            return False
        raise _damaged() from None  # the header or a payload chunk failed authentication
    return True


def _damaged() -> Refusal:
    return Refusal(
        "decrypt_failed",
        "无法解密：文件已损坏、被截断或被改动",
        "cannot decrypt: the file is damaged, truncated or altered",
    )
