"""The plain-Python interface to bundles and task packages, for the CLI and the GUI alike.

Every function takes an open `Workspace` (ecodesk.store.workspace) and, where it may take a
while, a `progress(done, total)` callback; run them off the GUI thread. Problems a user can fix
raise `UserError`; refused files raise `BundleError` (a UserError) whose `code` names the
problem and whose text names the file, in the user's language. Nothing here imports Qt.

Office:
    key_document(ws)                      -> dict to save as the key file handed to the task force
    import_task_package(ws, path, confirm_fingerprint=None, progress) -> PackageImport
        (first package: BundleError code "confirm_fingerprint" carries the fingerprint to confirm)
    export_bundle(ws, period=, out_dir=, full=False, progress) -> ExportResult
Task force:
    enroll_office(ws, office=, key_file=, fingerprint=) -> Enrollment (.key, .retired)
    revoke_office_key(ws, office=, key_id=None) -> KeyRecord
    plan_import(ws, paths, progress)      -> ImportPlan (dry run: .counts, .summary_lines(), .files)
    apply_import(ws, plan, progress)      -> ImportPlan (each bundle whole or not; batches of offices)
    make_task_package(ws, office=, out_dir=, progress) -> PackageResult
    unpack_bundle(ws, path, out_dir)      -> Path (the verified zip contents, for inspection)
    entry_provenance(ws, uuid)            -> list[Provenance]; conflicts(ws) -> list[Conflict]
Both:
    key_info(ws) -> KeyInfo; rotate_key(ws) -> KeyInfo
    export_age_identity(ws, path)         -> writes the age identity file (secret) for `age -d -i`
Office:
    newest_package(ws) -> NewestPackage | None (its age: a freeze shows)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ecodesk.bundle import envelope, keys, minisign, strictjson
from ecodesk.bundle.errors import BundleError, Refusal
from ecodesk.bundle.export import ExportResult, export_bundle
from ecodesk.bundle.merge import ImportPlan, apply_import, plan_import
from ecodesk.bundle.package import (
    PackageImport,
    PackageResult,
    import_task_package,
    make_task_package,
)
from ecodesk.bundle.package_age import NewestPackage, newest_package
from ecodesk.bundle.reader import open_bundle
from ecodesk.core.errors import UserError
from ecodesk.core.i18n import t
from ecodesk.core.offices import OFFICE_NAMES
from ecodesk.core.roles import Operation
from ecodesk.core.safetext import quote
from ecodesk.store import bundles as bundle_store
from ecodesk.store import keys as key_store
from ecodesk.store.db import write_transaction
from ecodesk.store.files import atomic_write_bytes

__all__ = [
    "BundleError", "Enrollment", "ExportResult", "ImportPlan", "KeyInfo", "NewestPackage", "PackageImport", "PackageResult", "apply_import",
    "conflicts", "enroll_office", "entry_provenance", "export_age_identity", "export_bundle", "import_task_package", "key_document",
    "key_info", "make_task_package", "newest_package", "plan_import", "revoke_office_key", "rotate_key", "unpack_bundle",
]  # fmt: skip


@dataclass(frozen=True)
class KeyInfo:
    key_id: str
    fingerprint: str
    minisign_public_key: str  # the line `minisign -P` takes
    sign_public: str  # base64
    box_public: str  # base64
    age_recipient: str  # age1…: what bundles and packages to this install are encrypted to


def key_info(ws: Any) -> KeyInfo:
    """This install's public keys and fingerprint (keys are created on first use)."""
    public = keys.own_keys(ws).public
    return KeyInfo(public.key_id, public.fingerprint, minisign.public_key_line(public.sign_pub),
                   keys.b64(public.sign_pub), keys.b64(public.box_pub),
                   envelope.age_recipient(public.box_pub))  # fmt: skip


def export_age_identity(ws: Any, path: Path) -> None:
    """Write this install's private X25519 keys as an age identity file (mode 0600), so a bundle
    or task package sent to it opens with `age -d -i FILE` alone. Never overwrites a file."""
    if Path(path).exists():
        raise UserError(
            t(f"{path} 已存在，不会覆盖", f"{path} exists already; it will not be overwritten")
        )
    atomic_write_bytes(Path(path), keys.age_identity_text(ws).encode(), private=True)


def key_document(ws: Any) -> dict[str, Any]:
    return keys.public_key_document(ws)


def rotate_key(ws: Any) -> KeyInfo:
    """New keys, announced to the other side by a statement the old key signs (sent automatically)."""
    keys.rotate(ws)
    return key_info(ws)


@dataclass(frozen=True)
class Enrollment:
    """The key enrolled, and the office's keys it retired (a new PC, or a new key after a loss)."""

    key: key_store.KeyRecord
    retired: list[key_store.KeyRecord]


def enroll_office(ws: Any, *, office: str, key_file: Path, fingerprint: str) -> Enrollment:
    """Trust an office's public key after checking the fingerprint it read out (task force only).

    The key is bound to the office and the install named in its key file. Enrolling a new key
    retires the office's previous one: from then on it signs nothing the task force has not
    received already. A revoked or retired key cannot be enrolled again."""
    ws.require_role(Operation.ENROLL_OFFICE)
    if office not in OFFICE_NAMES:
        raise UserError(t(f"未知的填报单位“{quote(office)}”", f"unknown office '{quote(office)}'"))
    doc, public = _read_key_file(Path(key_file))
    name = Path(key_file).name
    if doc.get("office") != office or doc.get("role") != "office":
        raise UserError(
            t(
                f"{quote(name)} 是 {quote(doc.get('office') or '工作专班')} 的公钥，不是 {office} 的",
                f"{quote(name)} is the key of {quote(doc.get('office') or 'the task force')}, not of {office}",
            )
        )
    if keys.normalise_fingerprint(fingerprint) != public.fingerprint:
        raise UserError(t(f"指纹不一致：输入的是 {keys.normalise_fingerprint(fingerprint)}，公钥文件的是 {public.fingerprint}。"
                          "请勿登记，并与该单位电话核实", f"fingerprint mismatch: you entered {keys.normalise_fingerprint(fingerprint)}, "
                          f"the key file's is {public.fingerprint}. Do not enroll it; check with the office by phone"))  # fmt: skip
    _refuse_a_spent_key(key_store.get_key(ws.db, public.key_id))
    record = key_store.KeyRecord(public.key_id, office, doc["install_id"], "office",
                                 keys.b64(public.sign_pub), keys.b64(public.box_pub), public.fingerprint)  # fmt: skip
    retired = []
    with write_transaction(ws.db):
        for old in key_store.list_keys(ws.db, office=office, role="office", own=False):
            if old.status == key_store.ACTIVE and old.key_id != record.key_id:
                key_store.set_status_tx(
                    ws.db, old.key_id, key_store.ROTATED, replaced_by=record.key_id
                )
                retired.append(old)
        key_store.add_key_tx(ws.db, record)
    found = key_store.get_key(ws.db, record.key_id)
    assert found is not None
    return Enrollment(found, retired)


def _read_key_file(path: Path) -> tuple[dict[str, Any], keys.PublicKeys]:
    name = path.name
    try:
        raw = path.read_bytes()[: 64 * 1024 + 1]
    except OSError as exc:
        raise UserError(
            t(f"无法读取 {path}：{exc.strerror}", f"cannot read {path}: {exc.strerror}")
        ) from None
    try:
        doc = strictjson.loads(raw, name)
        if not isinstance(doc, dict) or doc.get("format") != "ecodesk-public-key":
            raise Refusal("key_format", "不是 ecodesk 公钥文件", "not an ecodesk public key file")
        public = keys.PublicKeys(keys.unb64(doc.get("sign"), 32), keys.unb64(doc.get("box"), 32))
        install = doc.get("install_id")
        if not isinstance(install, str) or not 0 < len(install) <= 100:
            raise Refusal("key_format", "公钥文件没有写明安装编号（install_id）",
                          "the key file names no install (install_id)")  # fmt: skip
    except Refusal as exc:
        raise exc.for_file(name) from None
    return doc, public


def _refuse_a_spent_key(known: key_store.KeyRecord | None) -> None:
    """A key once revoked or replaced stays so: enrolling it again would undo that silently."""
    if known is not None and known.status == key_store.REVOKED:
        raise UserError(t(f"该公钥（{known.key_id}）已被吊销，不能再次登记；请该单位生成新密钥（ecodesk key rotate）后重新登记",
                          f"this key ({known.key_id}) was revoked and cannot be enrolled again; ask the office "
                          "to make a new key (`ecodesk key rotate`) and enroll that"))  # fmt: skip
    if known is not None and known.status == key_store.ROTATED:
        raise UserError(t(f"该公钥（{known.key_id}）已停用，已由 {known.replaced_by} 取代；请登记该单位当前的公钥",
                          f"this key ({known.key_id}) was retired, replaced by {known.replaced_by}; "
                          "enroll the office's current key"))  # fmt: skip


def revoke_office_key(ws: Any, *, office: str, key_id: str | None = None) -> key_store.KeyRecord:
    """Revoke an office's key: anything it signs that was not received before is refused, whatever
    install id or sequence number it claims (the cut-off is what was received up to now)."""
    ws.require_role(Operation.REVOKE_KEY)
    # By default the office's active key; a retired one (which already signs nothing new) by id.
    candidates = [k for k in key_store.list_keys(ws.db, office=office, role="office", own=False)
                  if k.status != key_store.REVOKED and (k.key_id == key_id if key_id else k.status == key_store.ACTIVE)]  # fmt: skip
    if len(candidates) != 1:
        raise UserError(
            t(
                f"{office} 没有唯一一把可吊销的密钥，请用 --key-id 指定",
                f"{office} has no single key to revoke; name it with --key-id",
            )
        )
    key = candidates[0]
    revoked = key_store.revoke_key(
        ws.db, key.key_id, after_seq=bundle_store.max_sequence_signed(ws.db, key.key_id)
    )
    assert revoked is not None
    return revoked


def unpack_bundle(ws: Any, path: Path, out_dir: Path) -> Path:
    """Verify a bundle completely, then write its inner zip members into `out_dir` for a person
    (or `minisign -Vm manifest.json -P <key>`) to inspect. Task force only; nothing is imported."""
    target = Path(out_dir)
    with open_bundle(ws, Path(path)) as bundle:
        target.mkdir(parents=True, exist_ok=True)
        for name in bundle.opened.zip.names():
            destination = target / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            with destination.open("wb") as handle:
                for chunk in bundle.opened.zip.chunks(name):
                    handle.write(chunk)
    signer = bundle.signer.key
    assert signer is not None
    (target / "signer.pub").write_text(
        minisign.public_key_text(keys.unb64(signer.sign_pub, 32), f"ecodesk key of {signer.office}")
    )
    return target


def entry_provenance(ws: Any, uuid: str) -> list[bundle_store.Provenance]:
    return bundle_store.entry_provenance(ws.db, uuid)


def conflicts(ws: Any) -> list[bundle_store.Conflict]:
    return bundle_store.conflicts(ws.db)
