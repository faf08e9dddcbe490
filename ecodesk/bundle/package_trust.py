"""Which key an office trusts to sign its task packages.

The office trusts the task force's key only after the clerk confirms its fingerprint (read out
by phone or printed on a stamped letter) when importing the first package. Later packages must
be signed by that key, or by a successor named in a rotation statement it signed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ecodesk.bundle import container, keys
from ecodesk.bundle.errors import Refusal
from ecodesk.bundle.keys import b64, normalise_fingerprint, unb64
from ecodesk.store import keys as key_store


@dataclass
class Trust:
    key: key_store.KeyRecord | None = None
    learnt: list[tuple[key_store.KeyRecord, str]] = field(default_factory=list)
    first: key_store.KeyRecord | None = None


def task_force_lookup(ws: Any, trust: Trust, confirm: str | None) -> container.SignerLookup:
    def lookup(key_id: str, untrusted: Any) -> bytes:
        known = [
            k
            for k in key_store.list_keys(ws.db, role="task_force", own=False)
            if k.status != key_store.REVOKED
        ]
        for record in known:
            if record.key_id == key_id:
                trust.key = record
                return unb64(record.sign_pub, 32)
        if known:
            return _rotated(known, key_id, untrusted, trust)
        return _first_contact(key_id, untrusted, trust, confirm)

    return lookup


def _rotated(known: list[key_store.KeyRecord], key_id: str, untrusted: Any, trust: Trust) -> bytes:
    by_old = {s["old_key_id"]: s for s in keys.rotation_statements(untrusted)}
    record = next((k for k in known if k.key_id in by_old), None)
    while record is not None and record.key_id in by_old and record.key_id != key_id:
        new = keys.check_rotation(by_old[record.key_id], unb64(record.sign_pub, 32))
        learnt = key_store.KeyRecord(new.key_id, "", record.install_id, "task_force", b64(new.sign_pub),
                                     b64(new.box_pub), new.fingerprint)  # fmt: skip
        trust.learnt.append((learnt, record.key_id))
        record = learnt
    if record is None or record.key_id != key_id:
        raise Refusal(
            "not_task_force",
            f"该任务包不是由工作专班的密钥签名的（密钥 {key_id}）",
            f"this task package is not signed by the task force's key (key {key_id})",
        )
    trust.key = record
    return unb64(record.sign_pub, 32)


def _first_contact(key_id: str, untrusted: Any, trust: Trust, confirm: str | None) -> bytes:
    if not isinstance(untrusted, dict):
        raise Refusal("schema", "manifest.json 格式不对", "manifest.json is malformed")
    sign_pub, box_pub = (
        unb64(untrusted.get("issuer_sign"), 32),
        unb64(untrusted.get("issuer_box"), 32),
    )
    public = keys.PublicKeys(sign_pub, box_pub)
    if public.key_id != key_id:
        raise Refusal(
            "signer_mismatch",
            "清单中的签名者与实际签名的密钥不符",
            "the manifest names another signer than the signature's key",
        )
    if confirm is None:
        raise Refusal(
            "confirm_fingerprint",
            f"首次导入任务包，须先核对工作专班公钥的指纹。本任务包的指纹是 {public.fingerprint}；请与工作专班的盖章函件"
            f"或电话中读出的指纹逐字核对，一致后再用 --fingerprint {public.fingerprint} 导入",
            f"first task package: confirm the task force's key fingerprint. This package's is {public.fingerprint}; "
            f"compare it with the stamped letter or the phone call, then import with --fingerprint {public.fingerprint}",
            subject=public.fingerprint,
        )
    if normalise_fingerprint(confirm) != public.fingerprint:
        raise Refusal(
            "fingerprint_mismatch",
            f"指纹不一致：您输入的是 {normalise_fingerprint(confirm)}，任务包的是 {public.fingerprint}。"
            "请勿导入，并联系工作专班",
            f"fingerprint mismatch: you entered {normalise_fingerprint(confirm)}, the package's "
            f"is {public.fingerprint}. Do not import it; call the task force",
        )
    trust.first = key_store.KeyRecord(key_id, "", str(untrusted.get("install_id", "")), "task_force", b64(sign_pub),
                                      b64(box_pub), public.fingerprint)  # fmt: skip
    trust.key = trust.first
    return sign_pub
