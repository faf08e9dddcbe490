"""Task packages (task force → one office): forms, offices and keys, assignments, assigned
targets, acknowledgements of the bundles received and the review decisions for that office.

The office trusts the task force's key only after the clerk confirms its fingerprint (read out
by phone or printed on a stamped letter) when importing the first package. Later packages must
be signed by that key, or by a successor named in a rotation statement it signed. Older packages
are refused (rollback).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ecodesk import SCHEMA_VERSION, __version__
from ecodesk.bundle import (
    container,
    envelope,
    keys,
    package_forms,
    package_refusals,
    package_trust,
    resolutions,
    schema,
    strictjson,
)
from ecodesk.bundle.container import Member
from ecodesk.bundle.errors import BundleError, Refusal
from ecodesk.bundle.export import recipient_json
from ecodesk.bundle.keys import b64, unb64
from ecodesk.bundle.lines import Progress, no_progress
from ecodesk.bundle.reader import MAX_FILE_BYTES
from ecodesk.core.entries import Review
from ecodesk.core.errors import UserError
from ecodesk.core.filenames import portable_name
from ecodesk.core.i18n import t
from ecodesk.core.roles import Operation
from ecodesk.store import bundles as bundle_store
from ecodesk.store import keys as key_store
from ecodesk.store.db import write_transaction
from ecodesk.store.entries import now
from ecodesk.store.refusals import BundleRefusal

_FORM = re.compile(r"^forms/[0-9A-Za-z_-]{1,40}\.toml$")
MAX_FORM_BYTES = 1024 * 1024
# One office's keys, assignments, targets, acknowledgements and reviews: well under 1 MB. Parsed
# JSON takes up to ~20 times its text, so the cap also bounds memory.
MAX_PACKAGE_JSON = 8 * 1024 * 1024


@dataclass(frozen=True)
class PackageResult:
    path: Path
    office: str
    sequence: int
    reviews: int
    resolved: int = 0  # kept versions of resolved conflicts carried (format 2 when any)
    refused: int = 0  # refused bundles reported


def office_key(ws: Any, office: str) -> key_store.KeyRecord:
    found = [
        k
        for k in key_store.list_keys(ws.db, office=office, role="office", own=False)
        if k.status == key_store.ACTIVE
    ]
    if not found:
        raise UserError(
            t(
                f"{office} 的公钥尚未登记：请先运行 ecodesk enroll --office {office} --key 文件 --fingerprint 指纹",
                f"{office} has no enrolled key: run `ecodesk enroll --office {office} --key FILE --fingerprint ...`",
            )
        )
    return found[-1]


def make_task_package(
    ws: Any, *, office: str, out_dir: Path, progress: Progress = no_progress
) -> PackageResult:
    """Write the next task package for `office` into `out_dir` (task force only)."""
    ws.require_role(Operation.MAKE_TASK_PACKAGE)
    recipient = office_key(ws, office)
    pair = keys.own_keys(ws)
    last = bundle_store.last_package(ws.db, direction="out", office=office)
    sequence = (last[0] if last else 0) + 1
    progress(0, 3)
    reviews = [{"uuid": e.uuid, "task": e.task, "period": e.period, "revision": e.revision,
                "review": e.review.value, "comment": e.review_comment}
               for e in bundle_store.reviews_for(ws.db, office)]  # fmt: skip
    body = {
        "offices": [{"office": k.office, "key_id": k.key_id, "sign": k.sign_pub, "box": k.box_pub,
                     "fingerprint": k.fingerprint, "status": k.status}
                    for k in key_store.list_keys(ws.db, role="office", own=False)],
        "assignments": [list(r) for r in bundle_store.assignments_for(ws.db, office)],
        "targets": [list(r) for r in bundle_store.targets_for(ws.db, office)],
        "acks": [{"install_id": i, "sequence": s, "manifest_sha256": h} for i, s, h in bundle_store.acks_for(ws.db, office)],
        "reviews": reviews,
    }  # fmt: skip
    # `resolved` is always present, if empty (format 3).
    resolved, extra = resolutions.package_content(ws, office)
    form_members, effective_from = package_forms.package_forms(ws)
    body["resolved"] = resolved
    body[package_forms.FIELD] = effective_from
    refused = package_refusals.package_content(ws, office)
    body[package_refusals.FIELD] = refused
    members = [Member("package.json", (strictjson.dumps(body) + "\n").encode())]
    members += form_members
    members += extra
    progress(1, 3)
    manifest: dict[str, Any] = {
        "format": "ecodesk-task-package", "format_version": schema.PACKAGE_FORMAT_VERSION,
        "kind": "task_package", "suite": envelope.SUITE,
        "app_version": __version__, "schema_version": SCHEMA_VERSION, "office": office,
        "install_id": ws.install_id, "key_id": pair.public.key_id, "sequence": sequence,
        "previous_sha256": last[1] if last else "", "created": now(),
        "recipient": recipient_json(recipient),
        "issuer_sign": b64(pair.public.sign_pub), "issuer_box": b64(pair.public.box_pub),
        "rotations": keys.rotations(ws),
        "package_chain": bundle_store.package_chain(ws.db, direction="out", office=office),
    }  # fmt: skip
    target = Path(out_dir) / portable_name(f"工作专班-{office}-{sequence:04d}.ecp")
    raw_manifest = container.write_sealed(target, manifest, members, pair,
                                          recipient_box_pub=unb64(recipient.box_pub, 32),
                                          scratch=envelope.scratch_dir(ws.root))  # fmt: skip
    bundle_store.record_package(
        ws.db,
        direction="out",
        office=office,
        sequence=sequence,
        created=manifest["created"],
        manifest_sha256=hashlib.sha256(raw_manifest).hexdigest(),
        key_id=pair.public.key_id,
    )
    progress(3, 3)
    return PackageResult(target, office, sequence, len(reviews), len(resolved), len(refused))


# ---------------------------------------------------------------- importing at an office


@dataclass
class PackageImport:
    """What importing a task package did (or, with `duplicate`, that it had been imported before)."""

    path: Path
    sequence: int
    duplicate: bool = False
    learnt_key: str = ""  # fingerprint of the task force key trusted by this import
    returned: list[int] = field(default_factory=list)  # task numbers now returned
    accepted: list[int] = field(default_factory=list)
    skipped: list[int] = field(
        default_factory=list
    )  # decisions on revisions the clerk changed since
    acknowledged: list[int] = field(default_factory=list)  # bundle sequence numbers
    forms_updated: bool = False
    resolved: list[int] = field(default_factory=list)  # tasks whose kept version was installed
    resolved_kept_back: list[int] = field(default_factory=list)  # changed since: not installed
    refused: list[BundleRefusal] = field(default_factory=list)  # bundles to export again
    skipped_packages: list[int] = field(default_factory=list)  # lost on the way, proven skippable

    def refusal_lines(self) -> list[str]:
        return [line for r in self.refused for line in package_refusals.clerk_lines(r)]

    def summary_lines(self) -> list[str]:
        if self.duplicate:
            return [
                t(
                    f"{self.path.name}：已导入过，未作改动",
                    f"{self.path.name}: already imported, nothing changed",
                )
            ]
        lines = [
            t(f"已导入第 {self.sequence} 号任务包", f"imported task package number {self.sequence}")
        ]
        if self.skipped_packages:
            numbers = "、".join(str(n) for n in self.skipped_packages[:20])
            lines.append(
                t(
                    f"没有收到第 {numbers} 号任务包；本任务包已包含工作专班的全部最新内容，无需补导",
                    f"task package(s) number {', '.join(map(str, self.skipped_packages[:20]))} never "
                    "arrived; this package carries all of the task force's latest content, nothing to make up",
                )
            )
        if self.learnt_key:
            lines.append(
                t(
                    f"已信任工作专班公钥（指纹 {self.learnt_key}）",
                    f"trusted the task force key (fingerprint {self.learnt_key})",
                )
            )
        if self.acknowledged:
            lines.append(
                t(
                    f"工作专班已确认收到第 {_numbers(self.acknowledged)} 号数据包",
                    f"the task force acknowledged bundles number {_numbers(self.acknowledged)}",
                )
            )
        if self.returned:
            returned = _numbers(self.returned)
            lines.append(t(f"被退回的任务：{returned}", f"returned tasks: {returned}"))
        if self.accepted:
            lines.append(
                t(
                    f"已通过审核的任务：{_numbers(self.accepted)}",
                    f"accepted tasks: {_numbers(self.accepted)}",
                )
            )
        if self.skipped:
            lines.append(
                t(
                    f"以下任务在送审后已被修改，审核意见未应用：{_numbers(self.skipped)}",
                    f"changed since they were sent, decisions not applied: {_numbers(self.skipped)}",
                )
            )
        if self.resolved:
            lines.append(
                t(
                    f"工作专班解决冲突后采用的版本已装入：任务 {_numbers(self.resolved)}",
                    f"installed the versions the task force kept when resolving conflicts: tasks {_numbers(self.resolved)}",
                )
            )
        if self.resolved_kept_back:
            lines.append(
                t(
                    f"以下任务在冲突解决后已被修改，工作专班采用的版本未装入，请与工作专班核对：{_numbers(self.resolved_kept_back)}",
                    f"changed since the task force resolved their conflict, its kept version was not "
                    f"installed; check with the task force: {_numbers(self.resolved_kept_back)}",
                )
            )
        if self.forms_updated:
            lines.append(t("表单定义已更新", "form definitions updated"))
        return lines + self.refusal_lines()


def _numbers(numbers: list[int]) -> str:
    """Task or bundle numbers as a clerk writes them: "3、7、24", not a Python list."""
    return "、".join(str(n) for n in numbers)


def _allowed(name: str) -> bool:
    return name == "package.json" or bool(_FORM.match(name)) or resolutions.package_member(name)


_ROW = schema.list_of(schema.is_dict, 100_000)
PACKAGE = {"offices": _ROW, "assignments": schema.list_of(lambda v: isinstance(v, list) and len(v) == 3, 100_000),
           "targets": schema.list_of(lambda v: isinstance(v, list) and len(v) == 4, 100_000), "acks": _ROW, "reviews": _ROW,
           "resolved": _ROW, package_forms.FIELD: _ROW, package_refusals.FIELD: _ROW}  # fmt: skip
REVIEW = {"uuid": schema.matches(schema.UUID), "task": schema.integer(1, 1000), "period": schema.period,
          "revision": schema.integer(0, 10**9), "review": schema.one_of("", "returned", "accepted"), "comment": schema.text}  # fmt: skip
ACK = {
    "install_id": schema.text,
    "sequence": schema.integer(1, schema.MAX_SEQUENCE),
    "manifest_sha256": schema.matches(schema.SHA256),
}


def _check_body(body: Any) -> dict[str, Any]:
    body = schema.check_object(
        body, PACKAGE, "package.json",
        optional=("resolved", package_forms.FIELD, package_refusals.FIELD),
    )  # fmt: skip
    for item in body["reviews"]:
        schema.check_object(item, REVIEW, "package.json reviews")
    for item in body["acks"]:
        schema.check_object(item, ACK, "package.json acks")
    for task, period, assigned in body["assignments"]:
        if not (
            schema.integer(1, 1000)(task) and schema.period(period) and isinstance(assigned, bool)
        ):
            raise Refusal(
                "schema",
                "package.json 的任务分配格式不对",
                "package.json: an assignment is malformed",
            )
    for task, indicator, period, value in body["targets"]:
        if not (schema.integer(1, 1000)(task) and isinstance(indicator, str) and schema.period(period)
                and isinstance(value, int | float) and not isinstance(value, bool)):  # fmt: skip
            raise Refusal(
                "schema",
                "package.json 的下达目标格式不对",
                "package.json: an assigned target is malformed",
            )
    return body


def import_task_package(
    ws: Any, path: Path, *, confirm_fingerprint: str | None = None, progress: Progress = no_progress
) -> PackageImport:
    """Check a task package completely, then apply it at the office in one transaction.

    The first package needs `confirm_fingerprint` (the task force's fingerprint as the clerk
    read it from the letter); without it a BundleError with code "confirm_fingerprint" says
    which fingerprint the package carries, so a dialog can show it and ask.
    """
    path = Path(path)
    ws.require_role(Operation.IMPORT_TASK_PACKAGE)
    trust = package_trust.Trust()
    progress(0, 3)
    try:
        opened = container.open_container(path, kind="task_package", keys=keys.decryption_keys(ws), allowed=_allowed,
                                          signer=package_trust.task_force_lookup(ws, trust, confirm_fingerprint),
                                          scratch=envelope.scratch_dir(ws.root), max_bytes=MAX_FILE_BYTES)  # fmt: skip
    except Refusal as exc:
        raise exc.for_file(path.name) from None
    with opened:
        return _import_opened(ws, path, opened, trust, progress)


def _import_opened(
    ws: Any, path: Path, opened: container.Opened, trust: package_trust.Trust, progress: Progress
) -> PackageImport:
    try:
        manifest = opened.manifest
        if manifest["office"] != ws.office:
            raise Refusal(
                "other_office",
                f"这是发给 {manifest['office']} 的任务包",
                f"this task package is for {manifest['office']}",
            )
        duplicate, skipped = _check_sequence(ws, manifest, opened.manifest_sha256)
        body = _check_body(
            strictjson.loads(opened.zip.read("package.json", MAX_PACKAGE_JSON), "package.json")
        )
        forms = {
            n: opened.zip.read(n, MAX_FORM_BYTES)
            for n in opened.zip.names()
            if n.startswith("forms/")
        }
        wanted = package_forms.wanted_schedule(forms, body) if forms else None
        kept = resolutions.read_kept(opened, body)
        refused = package_refusals.read(manifest, body.get(package_refusals.FIELD, []))
    except Refusal as exc:
        raise exc.for_file(path.name) from None
    result = PackageImport(
        path, manifest["sequence"], duplicate=duplicate, skipped_packages=skipped
    )
    if duplicate:
        return result
    progress(1, 3)
    # Form versions are installed in the package's transaction: both land, or neither.
    try:
        with write_transaction(ws.db):
            _apply(ws, opened, body, kept, trust, result)
            result.refused = package_refusals.learn_tx(ws, refused)  # after the acks
            if wanted is not None:
                schedule, texts = wanted
                result.forms_updated = bool(
                    ws.form_schedule.install(schedule, texts, who="工作专班")
                )
    finally:
        ws.reload_forms()
    progress(3, 3)
    return result


def _check_sequence(ws: Any, manifest: dict[str, Any], sha: str) -> tuple[bool, list[int]]:
    """Whether the package was imported before, and the numbers it skips (lost on the way).

    A package names the manifest hash of every earlier package to this office (`package_chain`),
    so the office sees that it descends from the last one it imported: a rollback, a fork and a
    jump ahead are refused, and a lost package may be skipped (packages carry the whole state,
    so nothing of it is lost)."""
    sequence, chain = manifest["sequence"], manifest["package_chain"]
    _check_chain(manifest, chain)
    last = bundle_store.last_package(ws.db, direction="in", office=ws.office)
    if last is None:
        return False, []
    if sequence == last[0] and sha == last[1]:
        return True, []
    if sequence <= last[0]:
        raise Refusal(
            "rollback",
            f"这是旧的任务包（第 {sequence} 号），已导入过更新的第 {last[0]} 号，拒绝回退",
            f"this is an old task package (number {sequence}); number {last[0]} was imported already, refusing to roll back",
        )
    if chain[last[0] - 1] != last[1]:
        raise Refusal(
            "fork",
            f"第 {sequence} 号任务包与已导入的第 {last[0]} 号接不上（分叉）：请与工作专班电话核实",
            f"task package {sequence} does not descend from number {last[0]} imported before (fork): "
            "check with the task force by phone",
        )
    return False, list(range(last[0] + 1, sequence))


def _check_chain(manifest: dict[str, Any], chain: list[str]) -> None:
    """A package lists exactly the packages before it, the last one as its predecessor."""
    sequence = manifest["sequence"]
    if len(chain) != sequence - 1:
        raise _jump(sequence, len(chain))
    if (chain[-1] if chain else "") != manifest["previous_sha256"]:
        raise Refusal(
            "package_chain",
            "任务包清单中的前一个任务包与任务包链不符",
            "the package's predecessor does not match its package chain",
        )


def _jump(sequence: int, known: int) -> Refusal:
    return Refusal(
        "package_jump",
        f"第 {sequence} 号任务包跳号（它之前只有 {known} 个任务包可以核对），拒绝导入：请与工作专班电话核实",
        f"task package number {sequence} jumps ahead (only {known} packages before it can be "
        "checked); refused: check with the task force by phone",
    )


def _apply(
    ws: Any,
    opened: container.Opened,
    body: dict[str, Any],
    kept: list[resolutions.Kept],
    trust: package_trust.Trust,
    result: PackageImport,
) -> None:
    manifest, sha = opened.manifest, opened.manifest_sha256
    if trust.first is not None:
        key_store.add_key_tx(ws.db, trust.first)
        result.learnt_key = trust.first.fingerprint
    for learnt, old in trust.learnt:
        key_store.add_key_tx(ws.db, learnt)
        key_store.set_status_tx(ws.db, old, key_store.ROTATED, replaced_by=learnt.key_id)
        result.learnt_key = learnt.fingerprint
    for item in body["offices"]:
        try:
            record = key_store.KeyRecord(str(item["key_id"]), str(item["office"]), "", "office", str(item["sign"]),
                                         str(item["box"]), str(item.get("fingerprint", "")), str(item.get("status", "active")))  # fmt: skip
        except KeyError:
            continue
        key_store.add_key_tx(ws.db, record)
    bundle_store.replace_assignments_tx(
        ws.db, office=ws.office, rows=[tuple(r) for r in body["assignments"]]
    )
    bundle_store.replace_targets_tx(
        ws.db, office=ws.office, rows=[tuple(r) for r in body["targets"]]
    )
    for ack in body["acks"]:
        if bundle_store.mark_acked_tx(
            ws.db, sequence=ack["sequence"], manifest_sha256=ack["manifest_sha256"]
        ):
            result.acknowledged.append(ack["sequence"])
    # Kept versions first: a decision the task force made on such a revision then finds it.
    installed = resolutions.install_kept_tx(ws, opened, kept)
    result.resolved, result.resolved_kept_back = installed.installed, installed.kept_back
    for item in body["reviews"]:
        # A decision on a kept version the office did not install is not about the clerk's draft,
        # even when their revision numbers agree.
        outcome = (
            "moved_on"
            if item["uuid"] in installed.kept_back_uuids
            else bundle_store.apply_review_tx(
                ws.db,
                uuid=item["uuid"],
                review=Review(item["review"]),
                comment=item["comment"],
                revision=item["revision"],
                who="工作专班",
            )
        )
        if outcome == "moved_on" and item["review"]:
            result.skipped.append(item["task"])
        elif outcome in ("applied", "unchanged") and item["review"] == "returned":
            result.returned.append(item["task"])
        elif outcome in ("applied", "unchanged") and item["review"] == "accepted":
            result.accepted.append(item["task"])
    bundle_store.record_package_tx(
        ws.db,
        direction="in",
        office=ws.office,
        sequence=manifest["sequence"],
        manifest_sha256=sha,
        created=manifest["created"],
        key_id=manifest["key_id"],
    )


def package_error(exc: BundleError) -> bool:
    """True when the error only asks for the fingerprint confirmation (a dialog can ask for it)."""
    return exc.code == "confirm_fingerprint"
