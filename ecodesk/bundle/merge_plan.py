"""Planning a bundle import at the task force: every file checked, every line decided against
the database and the lines before it. Writes nothing; bundle/merge_write.py applies the plan.

Whole or nothing: every line is checked first (bundle/line_checks.py: its content, and the
entry's owner — an entry's UUID → office, task, period is fixed the first time it is seen); a
bundle with any refused line is refused as a whole, and so is a bundle that follows a refused one
in its office's chain. A refused bundle is not merged, not recorded as received and so not
acknowledged; applying the import logs it, and the office's next task package reports it.

Merge rule, per entry UUID: the highest (revision, install id, content hash) wins, so any order
and any number of deliveries give the same result. Two different contents with the same revision
are a conflict: both versions are recorded (and the rule still picks one, visibly). Ownership
means a conflict is always between versions of one office's entry.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ecodesk.bundle import keys, office_trust
from ecodesk.bundle.errors import BundleError
from ecodesk.bundle.line_checks import Identities, LineContext, content_refusals
from ecodesk.bundle.lines import Progress
from ecodesk.bundle.reader import LineSink, OpenBundle, Signer, open_bundle
from ecodesk.core.i18n import t
from ecodesk.core.roles import Operation
from ecodesk.store import bundles as bundle_store
from ecodesk.store import refusals as refusal_store
from ecodesk.store.refusals import MAX_REASONS, Reason

MAX_JUMP = 1000  # a sequence number further ahead than this is refused (fast-forward attack)
OUTCOMES = ("new", "updated", "unchanged", "conflicting", "rejected")
# A line's place in an import: file index * LINES_PER_FILE + line number (a manifest lists < 10**7 lines).
LINES_PER_FILE = 1 << 24

# What planning keeps of a line: uuid, revision, install id, content hash, task, period, and the
# reasons to refuse it that the line alone shows (line_checks.NONE if none).
Line = tuple[str, int, str, str, int, int, tuple[Reason, ...]]
# Refusals that are logged and reported to the office (its sequence number stays free).
LOGGED_REFUSALS = ("lines_refused", "follows_refused")
# The winner of a UUID so far: revision, install id, content hash, and its line (-1: the database).
Head = tuple[int, str, str, int]


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
    key_id: str = ""
    line_refusals: Counter[str] = field(default_factory=Counter)  # reason code → lines refused
    first_refusals: list[Reason] = field(default_factory=list)  # the first MAX_REASONS

    @property
    def logged_refusal(self) -> bool:
        """Refused for what it says (not for how it came): logged and reported to the office."""
        return self.error is not None and self.error.code in LOGGED_REFUSALS

    def refusal(self) -> refusal_store.BundleRefusal:
        reasons = tuple(self.first_refusals) or (
            (Reason(self.error.code, self.error.detail, self.error.detail),) if self.error else ()
        )
        return refusal_store.BundleRefusal(
            self.manifest_sha256, self.office, self.install_id, self.sequence, self.period,
            self.path.name, sum(self.line_refusals.values()), dict(self.line_refusals), reasons, "",
        )  # fmt: skip


@dataclass
class Checked:
    """A file that passed every check, as planning needs it (its decrypted content is let go)."""

    report: FileReport
    manifest: dict[str, Any]
    signer: Signer
    lines: list[Line]


@dataclass
class ImportPlan:
    """What an import will do (from `plan_import`) or did (from `apply_import`)."""

    files: list[FileReport]
    counts: Counter[str] = field(default_factory=Counter)
    conflicts: list[tuple[str, str, int, int, int]] = field(
        default_factory=list
    )  # uuid, office, task, period, rev
    gaps: list[str] = field(default_factory=list)
    applied: bool = False
    # internal, dropped once the plan is applied or shown: winners, conflicting versions,
    # every (uuid, revision) seen with its content hash(es), and the files to merge
    _heads: dict[str, Head] = field(default_factory=dict, repr=False)
    _conflict_keys: set[tuple[str, int, str]] = field(default_factory=set, repr=False)
    _versions: dict[tuple[str, int], str | set[str]] = field(default_factory=dict, repr=False)
    _accepted: list[Checked] = field(default_factory=list, repr=False)
    # (path, SHA-256 of the file) → its lines, each checked: kept by a dry run for apply_import
    _checked_lines: dict[tuple[Path, str], list[Line]] = field(default_factory=dict, repr=False)

    def _release(self, *, keep_checked_lines: bool = False) -> None:
        self._heads, self._conflict_keys = {}, set()
        self._versions, self._accepted = {}, []
        if not keep_checked_lines:
            self._checked_lines = {}

    @property
    def rejected_files(self) -> list[FileReport]:
        return [f for f in self.files if f.status == "rejected"]

    @property
    def logged_refusals(self) -> list[FileReport]:
        """Bundles refused for what they say: applying the import logs them for the office."""
        return [f for f in self.files if f.logged_refusal]

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
        for uuid, office, task, period, revision in self.conflicts:
            lines.append(
                t(
                    f"冲突：{office} {period} 年任务 {task} 第 {revision} 版有两个不同的内容（{uuid}）",
                    f"conflict: {office} {period} task {task} revision {revision} has two different contents ({uuid})",
                )
            )
        lines.extend(self.gaps)
        return lines


def _open(
    ws: Any,
    path: Path,
    expected: dict[Path, str] | None,
    decrypt_keys: Any,
    on_line: LineSink | None,
) -> OpenBundle:
    return open_bundle(ws, path, decrypt_keys=decrypt_keys, check_lines=on_line is not None,
                       on_line=on_line, expected_sha256=None if expected is None else expected.get(path, ""))  # fmt: skip


def make_plan(
    ws: Any,
    paths: list[Path],
    progress: Progress,
    expected: dict[Path, str] | None,
    checked_lines: dict[tuple[Path, str], list[Line]] | None = None,
) -> ImportPlan:
    ws.require_role(Operation.IMPORT_BUNDLES)
    known = bundle_store.received_sequences(ws.db)
    decrypt_keys = keys.decryption_keys(ws)
    context = LineContext.of(ws)
    checked: list[Checked] = []
    reports: list[FileReport] = []
    total = len(paths) * 2
    kept: dict[tuple[Path, str], list[Line]] = {}
    installs: dict[str, str] = {}  # one string per install id, not one per line
    for done, path in enumerate(paths, 1):
        # lines the dry run checked in these very bytes (`_open` compares the file's SHA-256)
        reuse = (checked_lines or {}).get((path, (expected or {}).get(path, "")))
        compact: list[Line] = []
        collect = None if reuse is not None else _collector(compact, context, installs)
        try:
            bundle = _open(ws, path, expected, decrypt_keys, collect)
        except BundleError as exc:
            reports.append(FileReport(path, "rejected", error=exc))
            continue
        finally:
            progress(done, total)
        bundle.close()  # one decrypted bundle at a time; what planning needs is in `compact`
        m = bundle.manifest
        report = FileReport(path, "ok", bundle.file_sha256, None, m["office"], m["install_id"], m["sequence"],
                            m["period"], bundle.manifest_sha256, key_id=m["key_id"])  # fmt: skip
        reports.append(report)
        if reuse is None:
            reuse = compact
        kept[(path, report.file_sha256)] = reuse
        checked.append(Checked(report, m, bundle.signer, reuse))
    plan = ImportPlan(reports)
    accepted = _check_sequences(_check_rotations(checked, known), known)
    accepted = _merge(ws, plan, accepted, lambda d: progress(len(paths) + d, total))
    plan.counts["rejected"] += len(plan.rejected_files)
    plan.gaps = _gaps(known, accepted)
    plan._accepted, plan._checked_lines = accepted, kept
    return plan


def _collector(into: list[Line], context: LineContext, installs: dict[str, str]) -> LineSink:
    """Keeps what planning needs of each line as the reader checks it (the lines stream by)."""
    return lambda line, sha: into.append(_compact(line, sha, context, installs))


def _compact(
    line: dict[str, Any], sha: str, context: LineContext, installs: dict[str, str]
) -> Line:
    """What planning needs of a line; the full line is read again when writing."""
    install = installs.setdefault(line["install_id"], line["install_id"])
    return (line["uuid"], line["revision"], install, sha, line["task"], line["period"],
            content_refusals(context, line))  # fmt: skip


def _check_sequences(
    checked: list[Checked], known: dict[tuple[str, str], dict[int, str]]
) -> list[Checked]:
    """Duplicates, forks, broken chains and absurd jumps; returns the bundles to merge, in a fixed order."""
    by_slot: dict[tuple[str, str, int], set[str]] = {}
    for c in checked:
        report = c.report
        by_slot.setdefault((report.office, report.install_id, report.sequence), set()).add(
            report.manifest_sha256
        )
    accepted, seen = [], set()
    for c in sorted(
        checked,
        key=lambda c: (
            c.report.office,
            c.report.install_id,
            c.report.sequence,
            c.report.manifest_sha256,
        ),
    ):
        report = c.report
        history = known.get((report.office, report.install_id), {})
        slot = (report.office, report.install_id, report.sequence)
        previous = c.manifest["previous_sha256"]
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
        accepted.append(c)
    return accepted


def _check_rotations(
    checked: list[Checked], known: dict[tuple[str, str], dict[int, str]]
) -> list[Checked]:
    """The key rules across the files of one import: a key rotated in one file signs nothing new
    in another, and a key rotated to two different keys (a fork) makes every such file refused,
    as nobody can tell which is the office's."""
    successors: dict[str, set[str]] = {}
    for c in checked:
        for learnt, old in c.signer.learnt:
            successors.setdefault(old, set()).add(learnt.key_id)
    kept = []
    for c in checked:
        report, signer = c.report, c.signer.key
        assert signer is not None
        forked = [old for _new, old in c.signer.learnt if len(successors[old]) > 1]
        received = known.get((report.office, report.install_id), {}).get(report.sequence)
        problem = None
        if forked:
            problem = office_trust.rotation_fork(
                forked[0], " / ".join(sorted(successors[forked[0]]))
            )
        elif signer.key_id in successors and received != report.manifest_sha256:
            problem = office_trust.retired(
                signer.key_id, " / ".join(sorted(successors[signer.key_id]))
            )
        if problem is None:
            kept.append(c)
        else:
            report.status, report.error = "rejected", problem.for_file(report.path.name)
    return kept


def _only(values: set[str] | None) -> str | None:
    return next(iter(values)) if values and len(values) == 1 else None


def _merge(ws: Any, plan: ImportPlan, accepted: list[Checked], progress: Any) -> list[Checked]:
    """Decide every line of the accepted files, in order, against what the database holds (read
    once for the whole batch) and the lines before it. Returns the files merged: a file with a
    refused line, or following a refused file, is refused whole."""
    uuids = {line[0] for c in accepted for line in c.lines}
    for uuid, head in bundle_store.entry_heads(ws.db, uuids).items():
        plan._heads[uuid] = (head.revision, head.install_id, head.content_sha256, -1)
    for key, shas in bundle_store.received_versions(ws.db, uuids).items():
        plan._versions[key] = next(iter(shas)) if len(shas) == 1 else shas
    owners = bundle_store.entry_identities(ws.db, uuids)
    del uuids
    slots = bundle_store.slot_owners(ws.db, offices={c.report.office for c in accepted})
    identities = Identities(owners, {(office, task, period): uuid for office, by_slot in slots.items()
                                     for (task, period), uuid in by_slot.items()})  # fmt: skip
    refused = refusal_store.refused_shas(ws.db)
    merged: list[Checked] = []
    for index, c in enumerate(accepted):
        if _refuse_whole(c, identities, refused):
            refused.add(c.report.manifest_sha256)
        else:
            _merge_file(plan, len(merged), c)
            merged.append(c)
        progress(index + 1)
    return merged


def _refuse_whole(checked: Checked, identities: Identities, refused: set[str]) -> bool:
    """Check every line of a file before any is merged; True (and the report says why) if the
    file must be refused as a whole. Only an accepted file's entries become known owners."""
    report, previous = checked.report, checked.manifest["previous_sha256"]
    if previous and previous in refused:
        report.status, report.error = "rejected", BundleError(
            report.path.name, "follows_refused",
            f"第 {report.sequence} 号数据包接在被拒收的第 {report.sequence - 1} 号之后，一并拒收；"
            "请单位修改后重新导出",
            f"bundle {report.sequence} follows the refused bundle {report.sequence - 1} and is "
            "refused with it; the office must correct and export again",
        )  # fmt: skip
        return True
    counts, first = report.line_refusals, report.first_refusals
    for number, line in enumerate(checked.lines, 1):
        uuid, _revision, _install, _sha, task, period, reasons = line
        reasons = reasons or identities.claim(uuid, (report.office, task, period))
        for reason in reasons:
            counts[reason.code] += 1
            if len(first) < MAX_REASONS:
                first.append(Reason(reason.code, f"第 {number} 行：{reason.zh}",
                                    f"line {number}: {reason.en}"))  # fmt: skip
    if not counts:
        identities.commit()
        return False
    identities.drop()
    report.status, report.error = "rejected", _lines_refused(report)
    return True


def _lines_refused(report: FileReport) -> BundleError:
    """One message for the whole file: counts per reason, then the first reasons word for word."""
    lines = sum(report.line_refusals.values())
    by_code = "，".join(f"{code} {n} 行" for code, n in sorted(report.line_refusals.items()))
    by_code_en = ", ".join(f"{code} {n}" for code, n in sorted(report.line_refusals.items()))
    zh = "\n".join([f"第 {report.sequence} 号数据包有 {lines} 行被拒收（{by_code}），整个数据包未导入：",
                    *(f"  {r.zh}" for r in report.first_refusals)])  # fmt: skip
    en = "\n".join([f"{lines} line(s) of bundle {report.sequence} refused ({by_code_en}); nothing "
                    "of it was imported:", *(f"  {r.en}" for r in report.first_refusals)])  # fmt: skip
    if lines > len(report.first_refusals):
        zh += f"\n  ……另有 {lines - len(report.first_refusals)} 行"
        en += f"\n  … and {lines - len(report.first_refusals)} more"
    return BundleError(report.path.name, "lines_refused", zh, en)


def _merge_file(plan: ImportPlan, index: int, checked: Checked) -> None:
    report, counts, base = checked.report, checked.report.counts, index * LINES_PER_FILE
    for number, line in enumerate(checked.lines):
        counts[_consider(plan, line, base + number, report.office)] += 1
    plan.counts.update(counts)


def _consider(plan: ImportPlan, line: Line, source: int, office: str) -> str:
    uuid, revision, install, sha, task, period, _ = line
    key = (uuid, revision)
    seen = plan._versions.get(key)
    conflict = False
    if seen is None or seen == sha:
        plan._versions[key] = sha
    else:  # another content was seen for this revision (held as a set from the second one on)
        shas = {seen} if isinstance(seen, str) else seen
        others = shas - {sha}
        if others:
            conflict = True
            plan._conflict_keys.add((uuid, revision, sha))
            for other in others:
                plan._conflict_keys.add((uuid, revision, other))
            plan.conflicts.append((uuid, office, task, period, revision))
        shas.add(sha)
        plan._versions[key] = shas
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


def _gaps(known: dict[tuple[str, str], dict[int, str]], accepted: list[Checked]) -> list[str]:
    seen = {key: set(value) for key, value in known.items()}
    for c in accepted:
        seen.setdefault((c.report.office, c.report.install_id), set()).add(c.report.sequence)
    offices = {c.report.office for c in accepted}
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
