"""Planning a bundle import at the task force: every file checked, then the files put in order
and in batches. Writes nothing; bundle/merge_decide.py decides each batch's lines, merge.py runs
the dry run and the import, bundle/merge_write.py writes.

Whole or nothing: every line is checked first (bundle/line_checks.py: its content, and the
entry's owner — an entry's UUID → office, task, period is fixed the first time it is seen); a
bundle with any refused line is refused as a whole, and so is a bundle that follows a refused one
in its office's chain. A refused bundle is not merged, not recorded as received and so not
acknowledged; applying the import logs it, and the office's next task package reports it.

Memory stays flat whatever the number of files: what is kept of a file between its check and its
batch is its report, a few manifest fields, its signer and the verdict on its lines (the first
refusals, if any); its verified parts and what deciding needs of each line wait in the plan's
spool (merge_spool.py), on disk, until its batch reads them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ecodesk.bundle import container, office_trust
from ecodesk.bundle.errors import BundleError
from ecodesk.bundle.line_checks import LineContext, content_refusals
from ecodesk.bundle.merge_spool import Spool, Spooled
from ecodesk.bundle.reader import MAX_ENTRIES_BYTES, LineSink, Signer, open_bundle
from ecodesk.core.i18n import t
from ecodesk.store import refusals as refusal_store
from ecodesk.store.merge_writer import EntryRow, entry_row
from ecodesk.store.refusals import MAX_REASONS, Reason

MAX_JUMP = 1000  # a sequence number further ahead than this is refused (fast-forward attack)
OUTCOMES = ("new", "updated", "unchanged", "conflicting", "rejected")
# A line's place in a batch: file index * LINES_PER_FILE + line number (a manifest lists < 10**7 lines).
LINES_PER_FILE = 1 << 24
# A batch (one transaction when importing) ends at the next office once it holds this many lines
# or decrypted bytes: big enough to keep the writes fast, small enough to bound memory.
BATCH_LINES = 20_000
BATCH_BYTES = 64 * 1024 * 1024

ENTRIES = "entries.jsonl"
# What deciding keeps of a line: uuid, revision, install id, content hash, task, period.
Line = tuple[str, int, str, str, int, int]
# Refusals that are logged and reported to the office (its sequence number stays free).
LOGGED_REFUSALS = ("lines_refused", "follows_refused")
# The manifest fields kept after a file's check (for the checks across files and the log).
KEPT_MANIFEST = ("office", "install_id", "key_id", "sequence", "period", "previous_sha256",
                 "created", "entry_count")  # fmt: skip


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
class Verdict:
    """What checking a file's lines one by one found wrong: refused lines counted by reason code,
    the first ones word for word (empty: every line passed)."""

    refused: Counter[str] = field(default_factory=Counter)
    first: list[Reason] = field(default_factory=list)


@dataclass
class Checked:
    """A file that passed every check of its own, as the checks across files need it."""

    report: FileReport
    manifest: dict[str, Any]  # KEPT_MANIFEST only
    signer: Signer
    verdict: Verdict
    size: int  # bytes decrypted
    spooled: Spooled | None = None  # its verified parts, when its lines passed
    evidence: bool = False  # it carries evidence files (the import opens it again for them)
    lines: list[Line] = field(default_factory=list)  # for its batch only


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
    batches: int = 0  # batches of whole offices an import took
    transactions: int = 0  # transactions it took (whole batches each)
    # kept by the dry run for the import: each accepted file's check, in the order and batches
    # it is imported in, and the rotations and sequence slots seen across all files
    _batches: list[list[Checked]] = field(default_factory=list, repr=False)
    _successors: dict[str, set[str]] = field(default_factory=dict, repr=False)
    _by_slot: dict[tuple[str, str, int], set[str]] = field(default_factory=dict, repr=False)
    _spool: Spool | None = field(default=None, repr=False)

    def _release(self) -> None:
        self._batches, self._successors, self._by_slot = [], {}, {}
        if self._spool is not None:
            self._spool.close()
            self._spool = None

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


# ---------------------------------------------------------------- one file


# Keeps a file's verified parts (manifest, signature, entry lines as chunks, what deciding needs
# of each line) once every line passed: `Spool.add`, or a worker's collector (merge_workers.py).
Keep = Callable[[bytes, bytes, Iterator[bytes], list[Line], list[EntryRow]], "Spooled | None"]


def check_file(
    ws: Any, path: Path, *, decrypt_keys: Any, context: LineContext, keep: Keep
) -> Checked:
    """Open `path` with every check, its lines one by one; `keep` its verified parts when every
    line passed. Raises BundleError."""
    verdict, lines, rows = Verdict(), list[Line](), list[EntryRow]()
    sink = _judge(verdict, context, lines, rows)
    with open_bundle(ws, path, decrypt_keys=decrypt_keys, on_line=sink) as bundle:
        m = bundle.manifest
        report = FileReport(path, "ok", bundle.file_sha256, None, m["office"], m["install_id"], m["sequence"],
                            m["period"], bundle.manifest_sha256, key_id=m["key_id"])  # fmt: skip
        kept = {name: m[name] for name in KEPT_MANIFEST}
        archive = bundle.opened.zip
        checked = Checked(report, kept, bundle.signer, verdict, bundle.opened.sealed.size,
                          evidence=any(name.startswith("evidence/") for name in m["members"]))  # fmt: skip
        if not verdict.refused:
            checked.spooled = keep(
                archive.read(container.MANIFEST), archive.read(container.SIGNATURE),
                archive.chunks(ENTRIES, MAX_ENTRIES_BYTES), lines, rows,
            )  # fmt: skip
    return checked


def _judge(
    verdict: Verdict, context: LineContext, into: list[Line], rows: list[EntryRow]
) -> LineSink:
    """Checks each line's content as the reader hands it over; keeps the verdict, what deciding
    needs of each line and what writing it needs (unused if a line is refused)."""
    installs: dict[str, str] = {}

    def judge(line: dict[str, Any], sha: str, _canonical: bool) -> None:
        number = len(into) + 1
        for reason in content_refusals(context, line):
            verdict.refused[reason.code] += 1
            if len(verdict.first) < MAX_REASONS:
                verdict.first.append(Reason(reason.code, f"第 {number} 行：{reason.zh}",
                                            f"line {number}: {reason.en}"))  # fmt: skip
        into.append(compact(line, sha, installs))
        rows.append(entry_row(line))

    return judge


def compact(line: dict[str, Any], sha: str, installs: dict[str, str]) -> Line:
    """What deciding needs of a line (`installs`: one string per install id, not one per line)."""
    install = installs.setdefault(line["install_id"], line["install_id"])
    return line["uuid"], line["revision"], install, sha, line["task"], line["period"]


# ---------------------------------------------------------------- across files


def batches(accepted: list[Checked]) -> list[list[Checked]]:
    """The accepted files, in import order, cut into batches at office boundaries."""
    result: list[list[Checked]] = []
    current: list[Checked] = []
    lines = size = 0
    for c in accepted:
        if (
            current
            and c.report.office != current[-1].report.office
            and (lines >= BATCH_LINES or size >= BATCH_BYTES)
        ):
            result.append(current)
            current, lines, size = [], 0, 0
        current.append(c)
        lines, size = lines + c.manifest["entry_count"], size + c.size
    if current:
        result.append(current)
    return result


def slots(checked: list[Checked]) -> dict[tuple[str, str, int], set[str]]:
    """(office, install, sequence) → the manifests that claim it, over all files of an import."""
    by_slot: dict[tuple[str, str, int], set[str]] = {}
    for c in checked:
        report = c.report
        by_slot.setdefault((report.office, report.install_id, report.sequence), set()).add(
            report.manifest_sha256
        )
    return by_slot


def successors(checked: list[Checked]) -> dict[str, set[str]]:
    """Old key id → the keys it was rotated to, over all files of an import."""
    found: dict[str, set[str]] = {}
    for c in checked:
        for learnt, old in c.signer.learnt:
            found.setdefault(old, set()).add(learnt.key_id)
    return found


def import_order(checked: list[Checked]) -> list[Checked]:
    return sorted(checked, key=lambda c: (c.report.office, c.report.install_id,
                                          c.report.sequence, c.report.manifest_sha256))  # fmt: skip


def check_sequences(
    checked: list[Checked],
    known: dict[tuple[str, str], dict[int, str]],
    by_slot: dict[tuple[str, str, int], set[str]],
    seen: set[str],
) -> list[Checked]:
    """Duplicates, forks, broken chains and absurd jumps; returns the bundles to merge, in
    import order. `seen`: manifests accepted earlier in this import."""
    accepted = []
    for c in import_order(checked):
        report = c.report
        history = known.get((report.office, report.install_id), {})
        if report.manifest_sha256 in seen or history.get(report.sequence) == report.manifest_sha256:
            report.status = "duplicate"
            continue
        problem = _sequence_problem(c, history, by_slot)
        if problem:
            report.status, report.error = "rejected", BundleError(report.path.name, *problem)
            continue
        seen.add(report.manifest_sha256)
        accepted.append(c)
    return accepted


def _sequence_problem(
    c: Checked, history: dict[int, str], by_slot: dict[tuple[str, str, int], set[str]]
) -> tuple[str, str, str] | None:
    report = c.report
    slot = (report.office, report.install_id, report.sequence)
    earlier = history.get(report.sequence - 1) or _only(
        by_slot.get((report.office, report.install_id, report.sequence - 1))
    )
    if (report.sequence in history and history[report.sequence] != report.manifest_sha256) or len(
        by_slot[slot]
    ) > 1:
        return ("fork", f"分叉：{report.office} 的第 {report.sequence} 号数据包已有另一个不同的版本",
                f"fork: {report.office} already sent a different bundle number {report.sequence}")  # fmt: skip
    if earlier and c.manifest["previous_sha256"] != earlier:
        return ("chain_fork", f"分叉：第 {report.sequence} 号数据包与已收到的第 {report.sequence - 1} 号数据包接不上",
                f"fork: bundle {report.sequence} does not follow the bundle {report.sequence - 1} already received")  # fmt: skip
    highest = max(history, default=0)
    if report.sequence > highest + MAX_JUMP:
        return ("sequence_jump", f"序号 {report.sequence} 不合理地超前（已收到的最大序号 {highest}）",
                f"sequence number {report.sequence} jumps implausibly far ahead (highest so far {highest})")  # fmt: skip
    return None


def check_rotations(
    checked: list[Checked],
    known: dict[tuple[str, str], dict[int, str]],
    successors: dict[str, set[str]],
) -> list[Checked]:
    """The key rules across the files of one import: a key rotated in one file signs nothing new
    in another, and a key rotated to two different keys (a fork) makes every such file refused,
    as nobody can tell which is the office's."""
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


def gaps(known: dict[tuple[str, str], dict[int, str]], offices: set[str]) -> list[str]:
    """The sequence numbers missing before the highest one received, for the offices imported
    (`known` includes what this import accepted)."""
    lines = []
    for (office, _install), sequences in sorted(known.items()):
        missing = sorted(set(range(1, max(sequences, default=0))) - set(sequences))
        if office in offices and missing:
            numbers = "、".join(str(n) for n in missing[:20])
            lines.append(
                t(
                    f"{office}：缺少第 {numbers} 号数据包",
                    f"{office}: bundle(s) number {', '.join(map(str, missing[:20]))} missing",
                )
            )
    return lines


__all__ = ["BATCH_BYTES", "BATCH_LINES", "ENTRIES", "LINES_PER_FILE", "LOGGED_REFUSALS", "MAX_JUMP",
           "OUTCOMES", "Checked", "FileReport", "ImportPlan", "Line", "Verdict", "batches",
           "check_file", "check_rotations", "check_sequences", "compact", "gaps", "import_order",
           "slots", "successors"]  # fmt: skip
