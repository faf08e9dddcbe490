"""Building broken and hostile bundles on purpose, one defect at a time."""

from __future__ import annotations

import hashlib
import io
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ecodesk import SCHEMA_VERSION
from ecodesk.bundle import container, envelope, keys, minisign
from ecodesk.bundle.export import recipient_json, task_force_key
from ecodesk.bundle.keys import KeyPair, unb64
from ecodesk.bundle.lines import entry_line
from ecodesk.bundle.strictjson import dumps
from ecodesk.store.workspace import Workspace

Member = tuple[str, bytes, dict[str, Any]]


@dataclass
class Forge:
    office: Workspace
    tf: Workspace
    period: int = 2023

    def line(self, task: int = 1) -> dict[str, Any]:
        entry = self.office.entry(task, self.period)
        assert entry is not None
        return entry_line(entry)

    def build(
        self,
        *,
        lines: list[dict[str, Any]] | None = None,
        entries_raw: bytes | None = None,
        evidence: dict[str, bytes] | None = None,
        edit_manifest: Callable[[dict[str, Any]], None] | None = None,
        manifest_raw: bytes | None = None,
        raw_from: Callable[[dict[str, Any]], bytes] | None = None,
        after_sign: Callable[[bytes], bytes] | None = None,
        sign_with: KeyPair | None = None,
        comment: str | None = None,
        signature: Callable[[bytes], bytes] | None = None,
        edit_members: Callable[[list[Member]], list[Member]] | None = None,
        plaintext: bytes | None = None,
        kind: str = "bundle",
        sequence: int = 1,
        previous: str = "",
    ) -> bytes:
        recipient = task_force_key(self.office)
        pair = keys.own_keys(self.office)
        signer = sign_with or pair
        lines = [self.line()] if lines is None else lines
        data = (
            entries_raw
            if entries_raw is not None
            else "".join(dumps(x) + "\n" for x in lines).encode()
        )
        members: list[Member] = [("entries.jsonl", data, {})]
        for sha, blob in (evidence or {}).items():
            members.append((f"evidence/{sha}", blob, {"compress_type": zipfile.ZIP_STORED}))
        manifest: dict[str, Any] = {
            "format": "ecodesk-bundle", "format_version": 2, "kind": "bundle", "app_version": "0.2.0",
            "suite": envelope.SUITE,
            "schema_version": SCHEMA_VERSION, "office": self.office.office, "install_id": self.office.install_id,
            "key_id": signer.public.key_id, "sequence": sequence, "period": self.period, "full": True,
            "previous_sha256": previous, "created": "2024-03-01T08:00:00.000+00:00",
            "recipient": recipient_json(recipient),
            "entry_count": len(lines), "rotations": [],
            "members": {name: hashlib.sha256(blob).hexdigest() for name, blob, _ in members},
        }  # fmt: skip
        if kind != "bundle":  # offered as the other kind
            manifest.update(format="ecodesk-task-package", kind=kind)
        if edit_manifest:
            edit_manifest(manifest)
        raw = (
            manifest_raw
            if manifest_raw is not None
            else (raw_from or container.manifest_bytes)(manifest)
        )
        text = comment if comment is not None else container.trusted_comment(manifest)
        sig = minisign.sign(raw, signer.sign, text, "forged")
        if signature:
            sig = signature(sig)
        if after_sign:
            raw = after_sign(raw)
        all_members: list[Member] = [
            ("manifest.json", raw, {}),
            ("manifest.json.minisig", sig, {}),
            *members,
        ]
        if edit_members:
            all_members = edit_members(all_members)
        body = plaintext if plaintext is not None else zip_bytes(all_members)
        return envelope.seal(body, recipient_box_pub=unb64(recipient.box_pub, 32))


def zip_bytes(members: list[Member]) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(buffer, "w") as archive:
            for name, data, opts in members:
                info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
                info.compress_type = opts.get("compress_type", zipfile.ZIP_DEFLATED)
                if "external_attr" in opts:
                    info.external_attr = opts["external_attr"]
                archive.writestr(info, data)
                if "flag_bits" in opts:
                    info.flag_bits |= opts["flag_bits"]
    return buffer.getvalue()


# ---------------------------------------------------------------- keys and task packages


def new_pair() -> KeyPair:
    """A fresh key pair, as a thief or a new install would make one."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    return KeyPair(Ed25519PrivateKey.generate(), X25519PrivateKey.generate())


def rotation(old: KeyPair, new: KeyPair, *, office: str, install_id: str) -> dict[str, Any]:
    """A rotation statement `old` → `new`, signed by `old` exactly as `keys.rotate` signs one."""
    statement: dict[str, Any] = {
        "office": office, "install_id": install_id, "old_key_id": old.public.key_id,
        "new_key_id": new.public.key_id, "new_sign": keys.b64(new.public.sign_pub),
        "new_box": keys.b64(new.public.box_pub), "at": "2024-03-01T08:00:00.000+00:00",
    }  # fmt: skip
    statement["signature"] = keys.b64(old.sign.sign(keys._statement_bytes(statement)))
    return statement


def package(
    tf: Workspace,
    office: Workspace,
    *,
    sequence: int,
    previous: str = "",
    chain: list[str] | None = None,
    sign_with: KeyPair | None = None,
    body: dict[str, Any] | None = None,
    rotations: list[dict[str, Any]] | None = None,
    format_version: int | None = None,
) -> bytes:
    """A task package for `office` as the task force (or whoever holds `sign_with`) could sign it.

    By default it carries nothing (no assignments, reviews or acks) and a chain of `chain`
    (`previous` alone when not given)."""
    from ecodesk.bundle import schema

    signer = sign_with or keys.own_keys(tf)
    recipient = keys.own_keys(office).public
    version = format_version or schema.PACKAGE_FORMAT_VERSION
    empty: dict[str, Any] = {
        "offices": [],
        "assignments": [],
        "targets": [],
        "acks": [],
        "reviews": [],
    }
    if version >= 2:
        empty["resolved"] = []
    data = (dumps(body or empty) + "\n").encode()
    members = [container.Member("package.json", data)]
    manifest: dict[str, Any] = {
        "format": "ecodesk-task-package", "kind": "task_package", "app_version": "0.2.0",
        "format_version": version,
        "schema_version": SCHEMA_VERSION, "office": office.office, "install_id": tf.install_id,
        "key_id": signer.public.key_id, "sequence": sequence, "previous_sha256": previous,
        "created": "2024-03-01T08:00:00.000+00:00",
        "recipient": {"key_id": recipient.key_id, "fingerprint": recipient.fingerprint,
                      "age": envelope.age_recipient(recipient.box_pub)},
        "suite": envelope.SUITE,
        "issuer_sign": keys.b64(signer.public.sign_pub), "issuer_box": keys.b64(signer.public.box_pub),
        "rotations": rotations if rotations is not None else keys.rotations(tf),
    }  # fmt: skip
    manifest["package_chain"] = chain if chain is not None else ([previous] if previous else [])
    signed, _raw = container.build(manifest, members, signer)
    return envelope.seal(signed, recipient_box_pub=recipient.box_pub)
