"""The outer file: a two-line plain header, then the signed zip encrypted with HPKE.

    ECODESK-ENVELOPE/1
    {"kind":"bundle","recipient":"<key id>","suite":"..."}
    <HPKE ciphertext of the signed zip>

The header only says which key can open the file; everything that matters is inside the
ciphertext, signed. The HPKE `info` binds kind and recipient, so editing the header breaks
decryption.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

from ecodesk.bundle import strictjson
from ecodesk.bundle.errors import Refusal

MAGIC = b"ECODESK-ENVELOPE/1\n"
MAX_HEADER = 4096
SUITE_NAME = "DHKEM(X25519)/HKDF-SHA256/ChaCha20Poly1305"
KINDS = ("bundle", "task_package")
_SUITE = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.CHACHA20_POLY1305)


def _info(kind: str, recipient: str) -> bytes:
    return f"ecodesk-envelope/1 {kind} {recipient}".encode()


def seal(plaintext: bytes, *, kind: str, recipient_key_id: str, recipient_box_pub: bytes) -> bytes:
    header = strictjson.dumps(
        {"kind": kind, "recipient": recipient_key_id, "suite": SUITE_NAME}
    ).encode()
    public = X25519PublicKey.from_public_bytes(recipient_box_pub)
    return (
        MAGIC
        + header
        + b"\n"
        + _SUITE.encrypt(plaintext, public, info=_info(kind, recipient_key_id))
    )


@dataclass(frozen=True)
class Header:
    kind: str
    recipient: str


def read_header(data: bytes) -> tuple[Header, bytes]:
    """Split the file into its header and ciphertext; raise Refusal if it is not an envelope."""
    if not data:
        raise Refusal("empty", "文件是空的", "the file is empty")
    if not data.startswith(MAGIC):
        if data[:2] == b"PK":
            raise Refusal(
                "not_envelope_zip",
                "这是一个普通 zip 文件，不是 ecodesk 数据包或任务包",
                "this is a plain zip file, not an ecodesk bundle or task package",
            )
        raise Refusal(
            "not_envelope",
            "不是 ecodesk 数据包或任务包（文件开头不对）",
            "not an ecodesk bundle or task package (wrong file start)",
        )
    end = data.find(b"\n", len(MAGIC), len(MAGIC) + MAX_HEADER)
    if end < 0:
        raise Refusal(
            "header_truncated",
            "文件头不完整（文件被截断？）",
            "the file header is incomplete (truncated file?)",
        )
    raw = strictjson.loads(data[len(MAGIC) : end], "header")
    if (not isinstance(raw, dict) or set(raw) != {"kind", "recipient", "suite"} or raw["kind"] not in KINDS
            or not isinstance(raw["recipient"], str) or raw["suite"] != SUITE_NAME):  # fmt: skip
        raise Refusal("header_schema", "文件头的内容不对", "the file header has unexpected content")
    return Header(raw["kind"], raw["recipient"]), data[end + 1 :]


def open_sealed(data: bytes, keys: Mapping[str, X25519PrivateKey]) -> tuple[Header, bytes]:
    """Decrypt with whichever of our keys the header names."""
    header, ciphertext = read_header(data)
    private = keys.get(header.recipient)
    if private is None:
        raise Refusal(
            "not_for_us",
            f"该文件是发给另一把密钥（{header.recipient}）的，本工作区无法打开",
            f"the file is addressed to another key ({header.recipient}); this workspace cannot open it",
        )
    try:
        return header, _SUITE.decrypt(
            ciphertext, private, info=_info(header.kind, header.recipient)
        )
    except (InvalidTag, ValueError):
        raise Refusal(
            "decrypt_failed",
            "无法解密：文件已损坏、被截断或被改动",
            "cannot decrypt: the file is damaged, truncated or altered",
        ) from None
