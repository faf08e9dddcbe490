"""Deciding every line of one batch of bundles against what the task force holds and the lines
before it; bundle/merge_write.py writes what was decided.

Merge rule, per entry UUID: the highest (revision, install id, content hash) wins, so any order
and any number of deliveries give the same result. Two different contents with the same revision
are a conflict: both versions are recorded (and the rule still picks one, visibly). Ownership
means a conflict is always between versions of one office's entry.

A batch reads from the database what its lines need (heads, versions received, owners), so the
dry run and the import decide alike; an import commits each batch before the next one is read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ecodesk.bundle.errors import BundleError
from ecodesk.bundle.line_checks import Identities
from ecodesk.bundle.merge_plan import LINES_PER_FILE, Checked, FileReport, ImportPlan, Line
from ecodesk.store import bundles as bundle_store
from ecodesk.store.refusals import MAX_REASONS, Reason

# The winner of a UUID so far: revision, install id, content hash, and its line (-1: the database).
Head = tuple[int, str, str, int]


@dataclass
class Decisions:
    """One batch decided: the winners, the conflicting versions, and the files merged."""

    heads: dict[str, Head] = field(default_factory=dict)
    conflict_keys: set[tuple[str, int, str]] = field(default_factory=set)
    versions: dict[tuple[str, int], str | set[str]] = field(default_factory=dict)
    # uuid → revision of the batch's entries already stored when it was decided (the others
    # are new); nothing writes an entry between the decision and the batch's writing.
    revisions: dict[str, int] = field(default_factory=dict)
    merged: list[Checked] = field(default_factory=list)


def decide(ws: Any, plan: ImportPlan, batch: list[Checked], refused: set[str]) -> Decisions:
    """Decide every line of the batch's accepted files, in order. A file with a refused line, or
    following a refused file (`refused`: manifest hashes, updated), is refused whole."""
    found = Decisions()
    uuids = {line[0] for c in batch for line in c.lines}
    stored = bundle_store.stored_entries(ws.db, uuids)  # one look-up per UUID (random keys)
    for uuid, head in stored.heads.items():
        found.heads[uuid] = (head.revision, head.install_id, head.content_sha256, -1)
    found.revisions = stored.revisions
    # Versions were received only for an entry the task force holds: the import writes a UUID's
    # provenance with its entry, and nothing deletes an entry here (a national import's lines
    # are mostly new: one look-up fewer for each).
    for key, shas in bundle_store.received_versions(ws.db, stored.revisions).items():
        found.versions[key] = next(iter(shas)) if len(shas) == 1 else shas
    owners = stored.identities
    del uuids, stored
    slots = bundle_store.slot_owners(ws.db, offices={c.report.office for c in batch})
    identities = Identities(owners, {(office, task, period): uuid for office, by_slot in slots.items()
                                     for (task, period), uuid in by_slot.items()})  # fmt: skip
    for c in batch:
        if _refuse_whole(c, identities, refused):
            refused.add(c.report.manifest_sha256)
            c.lines = []
        else:
            _merge_file(plan, found, len(found.merged), c)
            found.merged.append(c)
    return found


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
    if checked.verdict.refused:  # refused for what its lines say: counted when they were read
        counts.update(checked.verdict.refused)
        first.extend(checked.verdict.first)
    else:
        for number, (uuid, _revision, _install, _sha, task, period) in enumerate(checked.lines, 1):
            for reason in identities.claim(uuid, (report.office, task, period)):
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


def _merge_file(plan: ImportPlan, found: Decisions, index: int, checked: Checked) -> None:
    report, counts, base = checked.report, checked.report.counts, index * LINES_PER_FILE
    for number, line in enumerate(checked.lines):
        counts[_consider(plan, found, line, base + number, report.office)] += 1
    plan.counts.update(counts)


def _consider(plan: ImportPlan, found: Decisions, line: Line, source: int, office: str) -> str:
    uuid, revision, install, sha, task, period = line
    key = (uuid, revision)
    seen = found.versions.get(key)
    conflict = False
    if seen is None or seen == sha:
        found.versions[key] = sha
    else:  # another content was seen for this revision (held as a set from the second one on)
        shas = {seen} if isinstance(seen, str) else seen
        others = shas - {sha}
        if others:
            conflict = True
            found.conflict_keys.add((uuid, revision, sha))
            for other in others:
                found.conflict_keys.add((uuid, revision, other))
            plan.conflicts.append((uuid, office, task, period, revision))
        shas.add(sha)
        found.versions[key] = shas
    current = found.heads.get(uuid)
    if current is None:
        found.heads[uuid] = (revision, install, sha, source)
        return "conflicting" if conflict else "new"
    if current[2] == sha:
        return "unchanged"
    if (revision, install, sha) > current[:3]:
        found.heads[uuid] = (revision, install, sha, source)
        return "conflicting" if conflict else "updated"
    return "conflicting" if conflict else "unchanged"
