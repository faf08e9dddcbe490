"""Importing bundles at the task force: a dry-run plan, then one transaction that applies it.

Merge rule, per entry UUID: the highest (revision, install id, content hash) wins, so any order
and any number of deliveries give the same result. Two different contents with the same revision
are a conflict: both versions are recorded (and the rule still picks one, visibly).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ecodesk.bundle import keys
from ecodesk.bundle.errors import BundleError
from ecodesk.bundle.lines import Progress, content_sha256, entry_line, no_progress
from ecodesk.bundle.reader import OpenBundle, open_bundle, read_file
from ecodesk.bundle.strictjson import dumps
from ecodesk.core.errors import UserError
from ecodesk.core.i18n import t
from ecodesk.store import bundles as bundle_store
from ecodesk.store import keys as key_store
from ecodesk.store.db import write_transaction
from ecodesk.store.entries import get_entry_by_uuid, now
from ecodesk.store.files import atomic_writer

MAX_JUMP = 1000  # a sequence number further ahead than this is refused (fast-forward attack)
OUTCOMES = ("new", "updated", "unchanged", "conflicting", "rejected")


@dataclass
class FileReport:
    """One file of an import: accepted ("ok"), already imported ("duplicate") or "rejected"."""

    path: Path
    status: str
    file_sha256: str = ""
    error: BundleError | None = None
    office: str = ""
    install_id: str = ""
    sequence: int = 0
    period: int = 0
    manifest_sha256: str = ""
    counts: Counter[str] = field(default_factory=Counter)


@dataclass(frozen=True)
class EntryRejection:
    file_name: str
    uuid: str
    task: int
    reason: str


@dataclass
class ImportPlan:
    """What an import will do (from `plan_import`) or did (from `apply_import`)."""

    files: list[FileReport]
    counts: Counter[str] = field(default_factory=Counter)
    rejections: list[EntryRejection] = field(default_factory=list)
    conflicts: list[tuple[str, str, int, int, int]] = field(
        default_factory=list
    )  # uuid, office, task, period, rev
    gaps: list[str] = field(default_factory=list)
    applied: bool = False
    # internal: the winner of each UUID and the versions in conflict
    _heads: dict[str, tuple[int, str, str, tuple[int, int] | None]] = field(
        default_factory=dict, repr=False
    )
    _conflict_keys: set[tuple[str, int, str]] = field(default_factory=set, repr=False)
    _rejected_lines: set[tuple[int, int]] = field(default_factory=set, repr=False)
    _versions: dict[tuple[str, int], set[str]] = field(default_factory=dict, repr=False)
    _loaded: set[str] = field(default_factory=set, repr=False)
    _accepted: list[tuple[FileReport, OpenBundle]] = field(default_factory=list, repr=False)

    @property
    def rejected_files(self) -> list[FileReport]:
        return [f for f in self.files if f.status == "rejected"]

    def summary_lines(self) -> list[str]:
        """The dry-run summary as text, in the user's language."""
        c = self.counts
        lines = [t(f"新增 {c['new']}，更新 {c['updated']}，未变 {c['unchanged']}，冲突 {c['conflicting']}，拒收 {c['rejected']}",
                   f"new {c['new']}, updated {c['updated']}, unchanged {c['unchanged']}, "
                   f"conflicting {c['conflicting']}, rejected {c['rejected']}")]  # fmt: skip
        for f in self.files:
            if f.status == "duplicate":
                lines.append(
                    t(f"{f.path.name}：已导入过，跳过", f"{f.path.name}: already imported, skipped")
                )
            elif f.status == "rejected":
                lines.append(t(f"拒收 {f.error}", f"rejected {f.error}"))
        for r in self.rejections:
            lines.append(
                t(
                    f"{r.file_name}：任务 {r.task} 的记录被拒收：{r.reason}",
                    f"{r.file_name}: the entry for task {r.task} was rejected: {r.reason}",
                )
            )
        for uuid, office, task, period, revision in self.conflicts:
            lines.append(
                t(
                    f"冲突：{office} {period} 年任务 {task} 第 {revision} 版有两个不同的内容（{uuid}）",
                    f"conflict: {office} {period} task {task} revision {revision} has two different contents ({uuid})",
                )
            )
        lines.extend(self.gaps)
        return lines


def plan_import(ws: Any, paths: list[Path], progress: Progress = no_progress) -> ImportPlan:
    """Check every file and work out what importing them would do. Writes nothing."""
    return _plan(ws, [Path(p) for p in paths], progress, expected=None)


def apply_import(ws: Any, plan: ImportPlan, progress: Progress = no_progress) -> ImportPlan:
    """Apply a plan in one transaction: everything or nothing. Files changed since the plan are refused.

    The plan is recomputed inside the transaction, so the result is right even if the database
    changed meanwhile; the returned plan says what was done.
    """
    expected = {f.path: f.file_sha256 for f in plan.files if f.file_sha256}
    with write_transaction(ws.db):
        actual = _plan(
            ws, [f.path for f in plan.files], lambda d, n: progress(d, 2 * n), expected=expected
        )
        _write(ws, actual, lambda d, n: progress(n + d, 2 * n))
    actual.applied = True
    return actual


# ---------------------------------------------------------------- planning


def _open(ws: Any, path: Path, expected: dict[Path, str] | None) -> OpenBundle:
    data = read_file(path)
    if expected is not None and hashlib.sha256(data).hexdigest() != expected.get(path):
        raise BundleError(
            path.name,
            "changed",
            "文件在预览之后被改动过，请重新导入",
            "the file changed after the preview; import it again",
        )
    return open_bundle(ws, path, data, decrypt_keys=_keys(ws))


def _keys(ws: Any) -> Any:
    cached = getattr(ws, "_bundle_decrypt_keys", None)
    if cached is None:
        cached = keys.decryption_keys(ws)
    return cached


def _plan(
    ws: Any, paths: list[Path], progress: Progress, expected: dict[Path, str] | None
) -> ImportPlan:
    if not ws.is_task_force:
        raise UserError(
            t(
                "只有工作专班能导入数据包；单位请导入任务包",
                "only the task force imports bundles; offices import task packages",
            )
        )
    known = bundle_store.received_sequences(ws.db)
    opened: list[tuple[FileReport, OpenBundle]] = []
    reports: list[FileReport] = []
    for done, path in enumerate(paths, 1):
        try:
            bundle = _open(ws, path, expected)
        except BundleError as exc:
            reports.append(FileReport(path, "rejected", error=exc))
            continue
        finally:
            progress(done, len(paths) * 2)
        m = bundle.manifest
        report = FileReport(path, "ok", bundle.file_sha256, None, m["office"], m["install_id"], m["sequence"],
                            m["period"], bundle.manifest_sha256)  # fmt: skip
        reports.append(report)
        report_lines = [_compact(line, sha) for line, sha in bundle.lines()]
        bundle.release()  # stream: hold one decrypted bundle at a time, reopen it when needed
        bundle.parsed = report_lines  # type: ignore[assignment]
        opened.append((report, bundle))
    plan = ImportPlan(reports)
    accepted = _check_sequences(ws, opened, known)
    slots: dict[str, dict[tuple[int, int], str]] = {}
    for index, (report, bundle) in enumerate(accepted):
        _plan_file(ws, plan, index, report, bundle, slots)
        progress(len(paths) + index + 1, len(paths) * 2)
    plan.counts["rejected"] += len(plan.rejected_files)
    plan.gaps = _gaps(known, accepted)
    plan._accepted = accepted
    return plan


def _check_sequences(
    ws: Any,
    opened: list[tuple[FileReport, OpenBundle]],
    known: dict[tuple[str, str], dict[int, str]],
) -> list[tuple[FileReport, OpenBundle]]:
    """Duplicates, forks, broken chains and absurd jumps; returns the bundles to merge, in a fixed order."""
    by_slot: dict[tuple[str, str, int], set[str]] = {}
    for report, _ in opened:
        by_slot.setdefault((report.office, report.install_id, report.sequence), set()).add(
            report.manifest_sha256
        )
    accepted, seen = [], set()
    for report, bundle in sorted(
        opened, key=lambda o: (o[0].office, o[0].install_id, o[0].sequence, o[0].manifest_sha256)
    ):
        history = known.get((report.office, report.install_id), {})
        slot = (report.office, report.install_id, report.sequence)
        previous = bundle.manifest["previous_sha256"]
        earlier = history.get(report.sequence - 1) or _only(
            by_slot.get((report.office, report.install_id, report.sequence - 1))
        )
        problem = None
        if report.manifest_sha256 in seen or history.get(report.sequence) == report.manifest_sha256:
            report.status = "duplicate"
            continue
        if (
            report.sequence in history and history[report.sequence] != report.manifest_sha256
        ) or len(by_slot[slot]) > 1:
            problem = (
                "fork",
                f"分叉：{report.office} 的第 {report.sequence} 号数据包已有另一个不同的版本",
                f"fork: {report.office} already sent a different bundle number {report.sequence}",
            )
        elif earlier and previous != earlier:
            problem = (
                "chain_fork",
                f"分叉：第 {report.sequence} 号数据包与已收到的第 {report.sequence - 1} 号数据包接不上",
                f"fork: bundle {report.sequence} does not follow the bundle {report.sequence - 1} already received",
            )
        elif report.sequence > max(history, default=0) + MAX_JUMP:
            problem = (
                "sequence_jump",
                f"序号 {report.sequence} 不合理地超前（已收到的最大序号 {max(history, default=0)}）",
                f"sequence number {report.sequence} jumps implausibly far ahead (highest so far {max(history, default=0)})",
            )
        if problem:
            report.status, report.error = "rejected", BundleError(report.path.name, *problem)
            continue
        seen.add(report.manifest_sha256)
        accepted.append((report, bundle))
    return accepted


def _only(values: set[str] | None) -> str | None:
    return next(iter(values)) if values and len(values) == 1 else None


def _compact(line: dict[str, Any], sha: str) -> tuple[dict[str, Any], str]:
    """What planning needs of a line; the full line is read again when writing."""
    keep = ("uuid", "revision", "install_id", "office", "task", "period")
    return {**{k: line[k] for k in keep}, "values": dict.fromkeys(line["values"])}, sha


def _reopen(ws: Any, report: FileReport) -> OpenBundle:
    return _open(ws, report.path, {report.path: report.file_sha256})


def _plan_file(
    ws: Any,
    plan: ImportPlan,
    index: int,
    report: FileReport,
    bundle: OpenBundle,
    slots: dict[str, dict[tuple[int, int], str]],
) -> None:
    parsed = list(bundle.lines())
    uuids = [line["uuid"] for line, _ in parsed]
    db_heads = bundle_store.entry_heads(ws.db, [u for u in uuids if u not in plan._heads])
    for uuid, head in db_heads.items():
        plan._heads[uuid] = (head.revision, head.install_id, head.content_sha256, None)
    seen_versions = _versions(ws, plan, uuids)
    if report.office not in slots:
        slots[report.office] = bundle_store.slot_owners(ws.db, office=report.office)
    office_slots = slots[report.office]
    for number, (line, sha) in enumerate(parsed):
        reason = _reject_reason(ws, line, office_slots)
        if reason:
            plan._rejected_lines.add((index, number))
            plan.rejections.append(
                EntryRejection(report.path.name, line["uuid"], line["task"], reason)
            )
            _count(plan, report, "rejected")
            continue
        office_slots[(line["task"], line["period"])] = line["uuid"]
        _count(plan, report, _consider(plan, line, sha, (index, number), seen_versions))


def _versions(ws: Any, plan: ImportPlan, uuids: list[str]) -> dict[tuple[str, int], set[str]]:
    """Every (uuid, revision) → content hashes received so far (database and this batch)."""
    fresh = sorted(set(uuids) - plan._loaded)
    plan._loaded.update(fresh)
    for (uuid, revision), shas in bundle_store.received_versions(ws.db, fresh).items():
        plan._versions.setdefault((uuid, revision), set()).update(shas)
    return plan._versions


def _reject_reason(ws: Any, line: dict[str, Any], slots: dict[tuple[int, int], str]) -> str:
    if line["task"] not in ws.forms:
        return t(f"没有第 {line['task']} 号任务", f"there is no task {line['task']}")
    indicators = {i.id for i in ws.forms[line["task"]].indicators}
    unknown = sorted(set(line["values"]) - indicators)
    if unknown:
        return t(f"未知的指标 {unknown[0]}", f"unknown indicator {unknown[0]}")
    owner = slots.get((line["task"], line["period"]))
    if owner is not None and owner != line["uuid"]:
        return t(
            f"该单位该年该任务已有另一条记录（{owner}）",
            f"another entry ({owner}) exists for this office, task and period",
        )
    return ""


def _consider(
    plan: ImportPlan,
    line: dict[str, Any],
    sha: str,
    source: tuple[int, int],
    versions: dict[tuple[str, int], set[str]],
) -> str:
    uuid, revision, install = line["uuid"], line["revision"], line["install_id"]
    others = versions.setdefault((uuid, revision), set())
    conflict = bool(others - {sha})
    if conflict:
        plan._conflict_keys.add((uuid, revision, sha))
        for other in others - {sha}:
            plan._conflict_keys.add((uuid, revision, other))
        plan.conflicts.append((uuid, line["office"], line["task"], line["period"], revision))
    others.add(sha)
    current = plan._heads.get(uuid)
    if current is None:
        plan._heads[uuid] = (revision, install, sha, source)
        return "conflicting" if conflict else "new"
    if current[2] == sha:
        return "unchanged"
    if (revision, install, sha) > current[:3]:
        plan._heads[uuid] = (revision, install, sha, source)
        return "conflicting" if conflict else "updated"
    return "conflicting" if conflict else "unchanged"


def _count(plan: ImportPlan, report: FileReport, outcome: str) -> None:
    plan.counts[outcome] += 1
    report.counts[outcome] += 1


def _gaps(
    known: dict[tuple[str, str], dict[int, str]], accepted: list[tuple[FileReport, OpenBundle]]
) -> list[str]:
    seen = {key: set(value) for key, value in known.items()}
    for report, _ in accepted:
        seen.setdefault((report.office, report.install_id), set()).add(report.sequence)
    offices = {report.office for report, _ in accepted}
    lines = []
    for (office, _install), sequences in sorted(seen.items()):
        missing = sorted(set(range(1, max(sequences))) - sequences)
        if office in offices and missing:
            numbers = "、".join(str(n) for n in missing[:20])
            lines.append(
                t(
                    f"{office}：缺少第 {numbers} 号数据包",
                    f"{office}: bundle(s) number {', '.join(map(str, missing[:20]))} missing",
                )
            )
    return lines


# ---------------------------------------------------------------- writing (inside the transaction)


def _write(ws: Any, plan: ImportPlan, progress: Progress) -> None:
    accepted = plan._accepted
    at = now()
    _record_database_side_conflicts(ws, plan)
    for index, (report, planned) in enumerate(accepted):
        bundle = _reopen(ws, report)
        for learnt, old_key_id in planned.signer.learnt:
            key_store.add_key_tx(ws.db, learnt)
            key_store.set_status_tx(ws.db, old_key_id, key_store.ROTATED, replaced_by=learnt.key_id)
        signer = bundle.signer.key
        assert signer is not None
        provenance: dict[str, Any] = {"manifest_sha256": report.manifest_sha256, "office": report.office,
                      "install_id": report.install_id, "sequence": report.sequence, "key_id": signer.key_id,
                      "fingerprint": signer.fingerprint, "imported_at": at}  # fmt: skip
        for number, (line, sha) in enumerate(bundle.lines()):
            if (index, number) in plan._rejected_lines:
                continue
            if (line["uuid"], line["revision"], sha) in plan._conflict_keys:
                bundle_store.record_conflict_tx(ws.db, uuid=line["uuid"], revision=line["revision"], content_sha256=sha,
                                                install_id=line["install_id"], content_json=dumps(line),
                                                manifest_sha256=report.manifest_sha256)  # fmt: skip
            if plan._heads[line["uuid"]][3] == (index, number):
                _store_evidence(ws, bundle, line)
                bundle_store.write_merged_entry_tx(
                    ws.db,
                    line=line,
                    content_sha256=sha,
                    who=ws.who,
                    provenance={**provenance, "file_name": report.path.name},
                )
            else:
                bundle_store.record_provenance_tx(
                    ws.db,
                    uuid=line["uuid"],
                    revision=line["revision"],
                    content_sha256=sha,
                    **provenance,
                )
        bundle_store.record_received_tx(
            ws.db,
            manifest=bundle.manifest,
            manifest_sha256=report.manifest_sha256,
            file_name=report.path.name,
        )
        progress(index + 1, len(accepted))


def _record_database_side_conflicts(ws: Any, plan: ImportPlan) -> None:
    """A version already merged that is now in conflict: record its content before it is replaced."""
    for uuid, revision, sha in sorted(plan._conflict_keys):
        entry = get_entry_by_uuid(ws.db, uuid)
        if entry is None or entry.revision != revision:
            continue
        line = entry_line(entry)
        if content_sha256(line) == sha:
            bundle_store.record_conflict_tx(
                ws.db,
                uuid=uuid,
                revision=revision,
                content_sha256=sha,
                install_id=entry.install_id,
                content_json=dumps(line),
                manifest_sha256="",
            )


def _store_evidence(ws: Any, bundle: OpenBundle, line: dict[str, Any]) -> None:
    for item in line["evidence"]:
        target = ws.evidence_file(item["sha256"])
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with atomic_writer(target) as handle:
            for chunk in bundle.evidence_chunks(item["sha256"]):
                handle.write(chunk)
