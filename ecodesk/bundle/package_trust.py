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
            if k.status != key_store.PENDING
        ]
        for record in known:
            if record.key_id == key_id and record.status == key_store.ACTIVE:
                trust.key = record
                return unb64(record.sign_pub, 32)
            if record.key_id == key_id:  # rotated away (or revoked): it signs nothing any more
                raise Refusal(
                    "retired_key",
                    f"该任务包由工作专班已停用的旧密钥 {key_id} 签名，拒绝导入：请与工作专班电话核实",
                    f"this task package is signed by the task force's retired key {key_id}; "
                    "refused: check with the task force by phone",
                )
        active = [k for k in known if k.status == key_store.ACTIVE]
        if active:
            return _rotated(active[-1], key_id, untrusted, trust)
        if known:  # every key the office trusted is spent: only a new first contact would do
            raise _not_task_force(key_id)
        return _first_contact(key_id, untrusted, trust, confirm)

    return lookup


def _rotated(active: key_store.KeyRecord, key_id: str, untrusted: Any, trust: Trust) -> bytes:
    """Follow rotation statements from the one active task-force key: each key has at most one
    successor, so a second statement from a retired key is never followed."""
    by_old: dict[Any, list[dict[str, Any]]] = {}
    for s in keys.rotation_statements(untrusted):
        by_old.setdefault(s["old_key_id"], []).append(s)
    record = active
    while record.key_id in by_old and record.key_id != key_id and len(trust.learnt) < 100:
        if len(by_old[record.key_id]) > 1:
            raise Refusal(
                "rotation_fork",
                f"任务包中工作专班的密钥 {record.key_id} 被更换成了两把不同的密钥（分叉），拒绝导入",
                f"the package replaces the task force's key {record.key_id} by two different keys (a fork); refused",
            )
        new = keys.check_rotation(by_old[record.key_id][0], unb64(record.sign_pub, 32))
        learnt = key_store.KeyRecord(new.key_id, "", record.install_id, "task_force", b64(new.sign_pub),
                                     b64(new.box_pub), new.fingerprint)  # fmt: skip
        trust.learnt.append((learnt, record.key_id))
        record = learnt
    if record.key_id != key_id:
        raise _not_task_force(key_id)
    trust.key = record
    return unb64(record.sign_pub, 32)


def _not_task_force(key_id: str) -> Refusal:
    return Refusal(
        "not_task_force",
        f"该任务包不是由工作专班的密钥签名的（密钥 {key_id}）",
        f"this task package is not signed by the task force's key (key {key_id})",
    )


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
