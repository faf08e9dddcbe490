"""Which office keys the task force trusts, and for what (the task force's half of the key rules).

A key is bound when it is enrolled (after the fingerprint was read out by phone), or learnt from
a rotation statement the previous key signed, to one office and one install. It signs bundles of
that install only. A key has one successor at most: once the task force knows that a key was
rotated away (or the office was enrolled again with another key), the old key signs nothing it
has not received already, and a second rotation of it is a fork. A revoked key signs nothing new
at all, whatever install id or sequence number it claims; what was received before stays.
See docs/security.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ecodesk.bundle import container, keys
from ecodesk.bundle.errors import Refusal
from ecodesk.bundle.keys import PublicKeys, unb64
from ecodesk.core.safetext import quote
from ecodesk.store import bundles as bundle_store
from ecodesk.store import keys as key_store

MAX_CHAIN = 100  # rotation statements followed back from a signing key


@dataclass
class Signer:
    """Who signed: the enrolled key, and new keys learnt from rotation statements in the bundle."""

    key: key_store.KeyRecord | None = None
    learnt: list[tuple[key_store.KeyRecord, str]] = field(
        default_factory=list
    )  # (new key, old key id)


def signer_lookup(ws: Any, found: Signer) -> container.SignerLookup:
    def lookup(key_id: str, untrusted: Any) -> bytes:
        record = key_store.get_key(ws.db, key_id)
        if record is None:
            record = _follow_rotations(ws, key_id, untrusted, found)
        if record is None or record.role != "office" or record.own:
            raise Refusal(
                "unknown_signer",
                f"签名密钥 {key_id} 未登记：请先登记该单位的公钥（ecodesk enroll，或工作专班窗口的“密钥与登记”）",
                f"the signing key {key_id} is not enrolled: enroll the office's key first "
                "(`ecodesk enroll`, or Keys and enrollment in the task force's window)",
            )
        found.key = record
        return unb64(record.sign_pub, 32)

    return lookup


def _follow_rotations(
    ws: Any, key_id: str, untrusted: Any, found: Signer
) -> key_store.KeyRecord | None:
    """An unknown signing key trusted because a chain of rotation statements leads to it from a
    key the task force trusts (and that has not been rotated away already)."""
    statements = keys.rotation_statements(untrusted)
    by_new = {s.get("new_key_id"): s for s in statements}
    chain: list[dict[str, Any]] = []
    current: Any = key_id
    anchor = None
    while current in by_new and len(chain) < MAX_CHAIN:
        chain.append(by_new[current])
        current = by_new[current].get("old_key_id")
        anchor = key_store.get_key(ws.db, current) if isinstance(current, str) else None
        if anchor is not None:
            break
    if anchor is None or anchor.role != "office" or anchor.own:
        return None
    _check_anchor(anchor, chain[-1], statements)
    record = anchor
    for statement in reversed(chain):
        new: PublicKeys = keys.check_rotation(statement, unb64(record.sign_pub, 32))
        if statement.get("office") != anchor.office:
            raise _impersonation(anchor.office, statement.get("office"))
        if statement.get("install_id") != anchor.install_id:
            raise _wrong_install(record, statement.get("install_id"))
        learnt = key_store.KeyRecord(new.key_id, anchor.office, anchor.install_id, "office",
                                     keys.b64(new.sign_pub), keys.b64(new.box_pub), new.fingerprint)  # fmt: skip
        found.learnt.append((learnt, record.key_id))
        record = learnt
    return record


def _check_anchor(
    anchor: key_store.KeyRecord, first: dict[str, Any], statements: list[dict[str, Any]]
) -> None:
    """The trusted key a chain starts from may be rotated once: not after it was revoked, not a
    second time, and not to two keys in one manifest."""
    if anchor.status == key_store.REVOKED:
        raise revoked(anchor)
    successors = {s.get("new_key_id") for s in statements if s.get("old_key_id") == anchor.key_id}
    if anchor.status == key_store.ROTATED or len(successors) > 1:
        raise rotation_fork(anchor.key_id, anchor.replaced_by or str(first.get("new_key_id")))


def check_signer(ws: Any, signer: key_store.KeyRecord, manifest: dict[str, Any], sha: str) -> None:
    """The key rules for one bundle whose signature checked out (nothing is written)."""
    received_before = bundle_store.received(ws.db, sha) is not None  # a re-delivery stays valid
    if signer.status == key_store.REVOKED and not received_before:
        raise revoked(signer)
    if signer.status == key_store.ROTATED and not received_before:
        raise retired(signer.key_id, signer.replaced_by)
    if signer.office != manifest["office"]:
        raise _impersonation(signer.office, manifest["office"])
    if signer.install_id != manifest["install_id"]:
        raise _wrong_install(signer, manifest["install_id"])


def recheck(ws: Any, key_id: str, manifest: dict[str, Any], sha: str) -> Signer:
    """The key rules again, at the import, for a bundle whose signature the dry run checked:
    the keys may have been revoked, retired or rotated since. Raises Refusal."""
    found = Signer()
    signer_lookup(ws, found)(key_id, manifest)
    assert found.key is not None
    check_signer(ws, found.key, manifest, sha)
    return found


def revoked(key: key_store.KeyRecord) -> Refusal:
    return Refusal(
        "revoked_key",
        f"签名密钥 {key.key_id} 已于 {key.revoked_at[:10]} 被吊销：此后该密钥签名的任何数据包都不再接受"
        "（吊销前已收到的保留）",
        f"the signing key {key.key_id} was revoked on {key.revoked_at[:10]}: nothing it signs is "
        "accepted any more (what was received before stays)",
    )


def retired(key_id: str, successor: str) -> Refusal:
    return Refusal(
        "retired_key",
        f"签名密钥 {key_id} 已停用（已由密钥 {successor} 取代）：旧密钥签名的数据包不再接受。"
        "请该单位用当前密钥重新导出数据包",
        f"the signing key {key_id} was retired (replaced by key {successor}): the old key's "
        "bundles are no longer accepted. Ask the office to export again with its current key",
    )


def rotation_fork(key_id: str, successor: str) -> Refusal:
    return Refusal(
        "rotation_fork",
        f"密钥 {key_id} 已更换为 {successor}，不能再换成另一把密钥（分叉）；请与该单位电话核实",
        f"key {key_id} was already replaced by {successor} and cannot be replaced by another "
        "key (a fork); check with the office by phone",
    )


def _impersonation(owner: str, claimed: Any) -> Refusal:
    return Refusal(
        "impersonation",
        f"签名密钥属于 {owner}，却以 {quote(claimed)} 的名义发送",
        f"the signing key belongs to {owner} but the file claims to be from {quote(claimed)}",
    )


def _wrong_install(key: key_store.KeyRecord, claimed: Any) -> Refusal:
    return Refusal(
        "wrong_install",
        f"签名密钥 {key.key_id} 登记在 {key.office} 的安装 {key.install_id} 上，不能为安装 {quote(claimed)} 签名",
        f"the signing key {key.key_id} is bound to install {key.install_id} of {key.office}; "
        f"it cannot sign for install {quote(claimed)}",
    )
