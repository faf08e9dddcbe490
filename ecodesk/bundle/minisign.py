"""minisign's key and signature formats (https://jedisct1.github.io/minisign), written with
`cryptography`, so that `minisign -V` can check what ecodesk signs.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ecodesk.bundle.errors import Refusal

PREHASHED = b"ED"
KEY_ALGORITHM = b"Ed"


def key_id_for(sign_pub: bytes) -> bytes:
    """Eight bytes naming a key; derived from the key so both sides agree without storing it."""
    return hashlib.sha256(b"ecodesk-key-id" + sign_pub).digest()[:8]


def public_key_text(sign_pub: bytes, comment: str) -> str:
    """A minisign public key file (two lines)."""
    blob = KEY_ALGORITHM + key_id_for(sign_pub) + sign_pub
    return f"untrusted comment: {comment}\n{base64.b64encode(blob).decode()}\n"


def public_key_line(sign_pub: bytes) -> str:
    return base64.b64encode(KEY_ALGORITHM + key_id_for(sign_pub) + sign_pub).decode()


def sign(
    data: bytes, key: Ed25519PrivateKey, trusted_comment: str, untrusted_comment: str
) -> bytes:
    """A detached, prehashed (BLAKE2b-512) minisign signature of `data`."""
    if "\n" in trusted_comment or "\r" in trusted_comment:
        raise ValueError("a trusted comment is one line")
    sign_pub = key.public_key().public_bytes_raw()
    signature = key.sign(hashlib.blake2b(data, digest_size=64).digest())
    global_signature = key.sign(signature + trusted_comment.encode())
    lines = [
        f"untrusted comment: {untrusted_comment}",
        base64.b64encode(PREHASHED + key_id_for(sign_pub) + signature).decode(),
        f"trusted comment: {trusted_comment}",
        base64.b64encode(global_signature).decode(),
    ]
    return ("\n".join(lines) + "\n").encode()


@dataclass(frozen=True)
class Signature:
    key_id: bytes
    signature: bytes
    trusted_comment: str
    global_signature: bytes


def parse(raw: bytes) -> Signature:
    bad = Refusal("signature_format", "签名文件格式不对", "the signature file is malformed")
    try:
        lines = raw.decode("utf-8").split("\n")
    except UnicodeDecodeError:
        raise bad from None
    if lines and lines[-1] == "":
        lines.pop()
    if (
        len(lines) != 4
        or not lines[0].startswith("untrusted comment: ")
        or not lines[2].startswith("trusted comment: ")
    ):
        raise bad
    try:
        blob = base64.b64decode(lines[1], validate=True)
        global_signature = base64.b64decode(lines[3], validate=True)
    except (binascii.Error, ValueError):
        raise bad from None
    if len(blob) != 74 or len(global_signature) != 64:
        raise bad
    if blob[:2] != PREHASHED:
        raise Refusal(
            "signature_algorithm",
            "签名算法不是 minisign 的预哈希 Ed25519",
            "the signature is not minisign's prehashed Ed25519",
        )
    return Signature(
        blob[2:10], blob[10:], lines[2].removeprefix("trusted comment: "), global_signature
    )


def verify(data: bytes, signature: Signature, sign_pub: bytes) -> None:
    """Check the signature and the global signature over the trusted comment; raise Refusal."""
    key = Ed25519PublicKey.from_public_bytes(sign_pub)
    if key_id_for(sign_pub) != signature.key_id:
        raise Refusal(
            "signature_key",
            "签名的密钥编号与签名者不符",
            "the signature's key id does not match the signer",
        )
    try:
        key.verify(signature.signature, hashlib.blake2b(data, digest_size=64).digest())
    except InvalidSignature:
        raise Refusal(
            "signature_invalid",
            "签名无效：内容在签名后被改动过",
            "the signature is invalid: the content was changed after signing",
        ) from None
    try:
        key.verify(
            signature.global_signature, signature.signature + signature.trusted_comment.encode()
        )
    except InvalidSignature:
        raise Refusal(
            "trusted_comment_invalid",
            "签名中的可信注释被改动过",
            "the signature's trusted comment was altered",
        ) from None
