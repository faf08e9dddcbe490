"""This install's keys: Ed25519 to sign, X25519 to decrypt; fingerprints; rotation statements.

Private keys are files in `<workspace>/keys/` (mode 0600, folder 0700), one per key id, kept
after rotation so that packages encrypted to an older key can still be opened.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from ecodesk.bundle import minisign
from ecodesk.bundle.errors import Refusal
from ecodesk.core.canonical_json import canonical_json
from ecodesk.core.errors import UserError
from ecodesk.core.i18n import t
from ecodesk.store import keys as key_store
from ecodesk.store import settings
from ecodesk.store.entries import now
from ecodesk.store.files import atomic_write_bytes

KEY_DIR = "keys"
_B32 = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no I, O, 0, 1: easy to read out by phone


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def unb64(text: Any, size: int) -> bytes:
    try:
        raw = base64.b64decode(str(text), validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != size:
        raise Refusal("key_format", "密钥格式不对", "a key is malformed")
    return raw


def fingerprint(sign_pub: bytes, box_pub: bytes) -> str:
    """16 characters in four groups, e.g. `K7QF-3MZD-XR2A-PL9Q` (80 bits)."""
    digest = hashlib.sha256(b"ecodesk-fingerprint" + sign_pub + box_pub).digest()
    number = int.from_bytes(digest[:10], "big")
    chars = "".join(_B32[(number >> (5 * i)) & 31] for i in reversed(range(16)))
    return "-".join(chars[i : i + 4] for i in range(0, 16, 4))


def normalise_fingerprint(text: str) -> str:
    cleaned = "".join(c for c in text.upper() if c.isalnum())
    return "-".join(cleaned[i : i + 4] for i in range(0, len(cleaned), 4))


@dataclass(frozen=True)
class PublicKeys:
    sign_pub: bytes
    box_pub: bytes

    @property
    def key_id(self) -> str:
        return minisign.key_id_for(self.sign_pub).hex()

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.sign_pub, self.box_pub)

    def as_json(self) -> dict[str, str]:
        return {"key_id": self.key_id, "sign": b64(self.sign_pub), "box": b64(self.box_pub)}


@dataclass(frozen=True)
class KeyPair:
    sign: Ed25519PrivateKey
    box: X25519PrivateKey

    @property
    def public(self) -> PublicKeys:
        return PublicKeys(
            self.sign.public_key().public_bytes_raw(), self.box.public_key().public_bytes_raw()
        )


def _key_dir(root: Path) -> Path:
    folder = root / KEY_DIR
    folder.mkdir(mode=0o700, exist_ok=True)
    if os.name == "posix":
        folder.chmod(0o700)
    return folder


def _write_pair(root: Path, pair: KeyPair) -> None:
    data = json.dumps(
        {"sign": b64(pair.sign.private_bytes_raw()), "box": b64(pair.box.private_bytes_raw())}
    )
    path = _key_dir(root) / f"{pair.public.key_id}.key"
    atomic_write_bytes(path, data.encode(), private=True)
    if os.name == "posix":
        path.chmod(0o600)


def _read_pair(root: Path, key_id: str) -> KeyPair:
    return read_key_file(root / KEY_DIR / f"{key_id}.key")


def read_key_file(path: Path) -> KeyPair:
    """A private key file: JSON `{"sign": <base64 Ed25519 seed>, "box": <base64 X25519 key>}`."""
    try:
        data = json.loads(path.read_text())
        return KeyPair(Ed25519PrivateKey.from_private_bytes(base64.b64decode(data["sign"])),
                       X25519PrivateKey.from_private_bytes(base64.b64decode(data["box"])))  # fmt: skip
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise UserError(
            t(
                f"无法读取本机私钥 {path}：{exc}",
                f"cannot read this install's private key {path}: {exc}",
            )
        ) from None


def _role(ws: Any) -> str:
    return "task_force" if ws.is_task_force else "office"


def own_keys(ws: Any) -> KeyPair:
    """The current key pair, created (and recorded) on first use."""
    key_id = settings.get_meta(ws.db, "key_id")
    if key_id:
        return _read_pair(ws.root, key_id)
    pair = KeyPair(Ed25519PrivateKey.generate(), X25519PrivateKey.generate())
    adopt_first_keys(ws, pair)
    return pair


def adopt_first_keys(ws: Any, pair: KeyPair) -> None:
    """Make `pair` this install's key pair before it has one (first use; the fixed keys of the
    test vectors)."""
    if settings.get_meta(ws.db, "key_id"):
        raise UserError(t("本机已有密钥", "this install has keys already"))
    _write_pair(ws.root, pair)
    _record_own(ws, pair.public)
    settings.set_meta(ws.db, key_id=pair.public.key_id)


def _record_own(ws: Any, public: PublicKeys) -> None:
    key_store.add_key(ws.db, key_store.KeyRecord(
        key_id=public.key_id, office=ws.office, install_id=ws.install_id, role=_role(ws),
        sign_pub=b64(public.sign_pub), box_pub=b64(public.box_pub), fingerprint=public.fingerprint, own=True))  # fmt: skip


def decryption_keys(ws: Any) -> dict[str, X25519PrivateKey]:
    """Every X25519 private key this install ever had, by key id (current and rotated)."""
    own_keys(ws)
    return {
        r.key_id: _read_pair(ws.root, r.key_id).box for r in key_store.list_keys(ws.db, own=True)
    }


def age_identity_text(ws: Any) -> str:
    """Every X25519 key of this install (current first, then rotated ones) as an age identity
    file, for `age -d -i FILE bundle.ecb` without ecodesk."""
    from ecodesk.bundle.envelope import age_identity, age_recipient

    current = own_keys(ws).public.key_id
    lines = ["# ecodesk workspace keys as age identities: SECRET, whoever has this file can read",
             "# every bundle or task package sent to this install. Delete it after use."]  # fmt: skip
    for key_id, box in sorted(decryption_keys(ws).items(), key=lambda kv: kv[0] != current):
        public = box.public_key().public_bytes_raw()
        state = "current" if key_id == current else "rotated"
        lines += [f"# key {key_id} ({state}), recipient {age_recipient(public)}", age_identity(box)]
    return "\n".join(lines) + "\n"


def public_key_document(ws: Any) -> dict[str, Any]:
    """What an office hands to the task force for enrollment (`ecodesk key export`)."""
    public = own_keys(ws).public
    return {"format": "ecodesk-public-key", "version": 1, "office": ws.office, "install_id": ws.install_id,
            "role": _role(ws), **public.as_json(), "fingerprint": public.fingerprint,
            "minisign": minisign.public_key_line(public.sign_pub)}  # fmt: skip


# ---------------------------------------------------------------- rotation


def _statement_bytes(statement: dict[str, Any]) -> bytes:
    return canonical_json({k: v for k, v in statement.items() if k != "signature"})


def rotate(ws: Any) -> dict[str, Any]:
    """Make a new key pair; the old one signs a statement naming the new one.

    The statement travels in every later bundle or task package, so the other side can move its
    trust from the old key to the new one without a new enrollment.
    """
    old = own_keys(ws)
    new = KeyPair(Ed25519PrivateKey.generate(), X25519PrivateKey.generate())
    _write_pair(ws.root, new)
    statement: dict[str, Any] = {
        "office": ws.office, "install_id": ws.install_id, "old_key_id": old.public.key_id,
        "new_key_id": new.public.key_id, "new_sign": b64(new.public.sign_pub), "new_box": b64(new.public.box_pub),
        "at": now(),
    }  # fmt: skip
    statement["signature"] = b64(old.sign.sign(_statement_bytes(statement)))
    chain = json.loads(settings.get_meta(ws.db, "rotations") or "[]")
    chain.append(statement)
    _record_own(ws, new.public)
    from ecodesk.store.db import write_transaction

    with write_transaction(ws.db):
        key_store.set_status_tx(
            ws.db, old.public.key_id, key_store.ROTATED, replaced_by=new.public.key_id
        )
    settings.set_meta(ws.db, key_id=new.public.key_id, rotations=json.dumps(chain))
    return statement


def rotations(ws: Any) -> list[dict[str, Any]]:
    return json.loads(settings.get_meta(ws.db, "rotations") or "[]")  # type: ignore[no-any-return]


_ROTATION_FIELDS = ("office", "install_id", "old_key_id", "new_key_id", "new_sign", "new_box", "at",
                    "signature")  # fmt: skip


def well_formed(statement: Any) -> bool:
    """A rotation statement with exactly its fields, each a short string (not yet verified)."""
    return (
        isinstance(statement, dict)
        and set(statement) == set(_ROTATION_FIELDS)
        and all(isinstance(v, str) and len(v) <= 1000 for v in statement.values())
    )


def rotation_statements(untrusted: Any) -> list[dict[str, Any]]:
    """The well-formed rotation statements of a manifest not yet trusted (others are ignored
    while looking for a chain; a chain that needs one of them is not found)."""
    statements = untrusted.get("rotations") if isinstance(untrusted, dict) else None
    return [s for s in statements if well_formed(s)] if isinstance(statements, list) else []


def check_rotation(statement: Any, old_sign_pub: bytes) -> PublicKeys:
    """Verify one rotation statement against the old key; return the new public keys."""
    if not well_formed(statement):
        raise Refusal(
            "rotation_format", "密钥更换声明格式不对", "a key rotation statement is malformed"
        )
    new = PublicKeys(unb64(statement.get("new_sign"), 32), unb64(statement.get("new_box"), 32))
    if statement.get("new_key_id") != new.key_id:
        raise Refusal(
            "rotation_format", "密钥更换声明格式不对", "a key rotation statement is malformed"
        )
    try:
        signed = _statement_bytes(statement)
    except ValueError:  # a number or string canonical JSON cannot carry: never signed by ecodesk
        raise Refusal(
            "rotation_format", "密钥更换声明格式不对", "a key rotation statement is malformed"
        ) from None
    try:
        Ed25519PublicKey.from_public_bytes(old_sign_pub).verify(
            unb64(statement["signature"], 64), signed
        )
    except InvalidSignature:
        raise Refusal(
            "rotation_signature",
            "密钥更换声明的签名无效",
            "a key rotation statement has an invalid signature",
        ) from None
    return new
