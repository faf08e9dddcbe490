"""Kept versions of resolved conflicts, carried to the office in its task package (format 2).

When the task force keeps another version of a conflicting entry, that content becomes a new
revision at the task force (bundle/conflicts.py). The office must get it, or its next bundle would
fight the decision: the package carries each such entry in full, one JSON line as in a bundle
(`resolved.jsonl`), with its evidence named by SHA-256 (`evidence/<sha256>`), and in package.json
what the office needs to decide (`resolved`: the revision's content hash, the reason, and the
content hashes it replaces, i.e. every version the task force had received before).

At the office the kept version is installed as the entry's new revision, audited as the task
force's, unless the clerk changed the entry since: then its content is none the task force saw,
nothing is touched and the import reports it (as review decisions that "moved on").
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from ecodesk.bundle import container, schema, strictjson
from ecodesk.bundle.conflicts import line_entry
from ecodesk.bundle.container import Member
from ecodesk.bundle.errors import Refusal
from ecodesk.bundle.lines import content_sha256, entry_line, needs_indicator_format
from ecodesk.bundle.merge_write import store_evidence
from ecodesk.core.canonical_json import canonical_json
from ecodesk.core.errors import UserError
from ecodesk.core.i18n import t
from ecodesk.store import conflicts as conflict_store
from ecodesk.store.entries import get_entry, get_entry_by_uuid

RESOLVED = "resolved.jsonl"
MAX_RESOLVED_BYTES = 64 * 1024 * 1024
MAX_LINE_BYTES = 4 * 1024 * 1024
_EVIDENCE = re.compile(r"^evidence/[0-9a-f]{64}$")
WHO = "工作专班"  # the author of installed versions in the office's audit, as for review decisions

ITEM = {
    "uuid": schema.matches(schema.UUID), "task": schema.integer(1, 1000), "period": schema.period,
    "revision": schema.integer(1, 10**9), "content_sha256": schema.matches(schema.SHA256),
    "reason": schema.text, "replaces": schema.list_of(schema.matches(schema.SHA256), 10_000),
}  # fmt: skip


def package_member(name: str) -> bool:
    return name == RESOLVED or bool(_EVIDENCE.match(name))


# ---------------------------------------------------------------- at the task force


def package_content(ws: Any, office: str) -> tuple[list[dict[str, Any]], list[Member]]:
    """package.json's `resolved` items and the members (lines, evidence) for `office`; both
    empty when the task force kept no other version of that office's entries."""
    kept = conflict_store.kept_versions(ws.db, office=office, install_id=ws.install_id)
    items, lines, evidence = [], [], {}
    for k in kept:
        line = entry_line(k.entry)
        lines.append(line)
        items.append({"uuid": k.entry.uuid, "task": k.entry.task, "period": k.entry.period,
                      "revision": k.entry.revision, "content_sha256": content_sha256(line),
                      "reason": k.reason, "replaces": list(k.replaces)})  # fmt: skip
        for item in k.entry.evidence:
            path = ws.evidence_file(item.sha256)
            if not path.exists():
                raise UserError(
                    t(
                        f"{office} 任务 {k.entry.task} 采用版本的佐证材料“{item.name}”不在本工作区，无法生成任务包",
                        f"evidence '{item.name}' of the version kept for {office} task {k.entry.task} "
                        "is not in this workspace; cannot make the package",
                    )
                )
            evidence[item.sha256] = path
    if not kept:
        return [], []
    members = [Member(RESOLVED, b"".join(canonical_json(line) + b"\n" for line in lines))]
    members += [
        Member(f"evidence/{sha}", path=path, compress=False)
        for sha, path in sorted(evidence.items())
    ]
    return items, members


def package_format(members: list[Member]) -> int:
    """The lowest task package format that carries these members: 4 only when a kept version's
    evidence names its indicator, so an office still on 0.2.0 keeps receiving packages."""
    for member in members:
        if member.name == RESOLVED and member.data is not None:
            lines = [json.loads(text) for text in member.data.splitlines()]
            if needs_indicator_format(lines):
                return schema.PACKAGE_FORMAT_VERSION
    return schema.OLDEST_PACKAGE_FORMAT


# ---------------------------------------------------------------- at the office


@dataclass
class Kept:
    """A kept version read from a package, checked: its decision and its line."""

    item: dict[str, Any]
    line: dict[str, Any]


def read_kept(opened: container.Opened, body: dict[str, Any]) -> list[Kept]:
    """The kept versions of a checked package, every line and evidence file checked against
    package.json's `resolved` items. Format 1 carries none (and may not carry the members)."""
    manifest, members = opened.manifest, opened.manifest["members"]
    if manifest["format_version"] < 2:
        extra = sorted(n for n in members if package_member(n))
        if extra or "resolved" in body:
            name = extra[0] if extra else "package.json resolved"
            raise Refusal(
                "unexpected_member",
                f"格式 1 的任务包不应含有“{name}”",
                f"a format 1 task package may not contain '{name}'",
            )
        return []
    if "resolved" not in body:
        raise Refusal(
            "schema", "package.json 缺少字段“resolved”", "package.json lacks the field 'resolved'"
        )
    items: dict[str, dict[str, Any]] = {}
    for item in body["resolved"]:
        schema.check_object(item, ITEM, "package.json resolved")
        if items.setdefault(item["uuid"], item) is not item:
            raise Refusal(
                "duplicate_entry",
                f"package.json resolved 重复了记录 {item['uuid']}",
                f"package.json resolved repeats the entry {item['uuid']}",
            )
    if not items:
        if RESOLVED in members:
            raise Refusal(
                "unlisted_member", f"成员“{RESOLVED}”多余", f"member '{RESOLVED}' is not expected"
            )
        return []
    if RESOLVED not in members:
        raise Refusal("missing_member", f"缺少成员“{RESOLVED}”", f"member '{RESOLVED}' is missing")
    kept: list[Kept] = []
    lines = opened.zip.lines(RESOLVED, MAX_RESOLVED_BYTES, MAX_LINE_BYTES)  # one at a time
    for number, text in enumerate(lines, 1):
        value = strictjson.loads(text, f"{RESOLVED}:{number}")
        line = schema.check_entry(
            value, number, RESOLVED, indicators=manifest["format_version"] >= 4
        )
        item = items.pop(line["uuid"], None)  # a line repeated finds no item the second time
        _check_line(opened, line, item, number)
        assert item is not None
        kept.append(Kept(item, line))
    if items:
        raise Refusal(
            "missing_member",
            f"{RESOLVED} 缺少记录 {next(iter(items))}",
            f"{RESOLVED} lacks the entry {next(iter(items))}",
        )
    return kept


def _check_line(
    opened: container.Opened, line: dict[str, Any], item: dict[str, Any] | None, number: int
) -> None:
    where = (f"{RESOLVED} 第 {number} 行", f"{RESOLVED} line {number}")
    if line["office"] != opened.manifest["office"]:
        raise Refusal(
            "foreign_entry", f"{where[0]} 属于别的单位", f"{where[1]} belongs to another office"
        )
    if item is None or (item["task"], item["period"], item["revision"]) != (
        line["task"], line["period"], line["revision"]
    ) or item["content_sha256"] != _sha(line, where):  # fmt: skip
        raise Refusal(
            "resolved_mismatch",
            f"{where[0]} 与 package.json 中的冲突处理记录不符",
            f"{where[1]} does not match its decision in package.json",
        )
    members = opened.manifest["members"]
    for evidence in line["evidence"]:
        member = f"evidence/{evidence['sha256']}"
        if member not in members:
            raise Refusal(
                "missing_attachment",
                f"{where[0]} 引用的佐证材料不在任务包中",
                f"{where[1]} refers to evidence not in the package",
            )
        if opened.zip.infos[member].file_size != evidence["size"]:
            raise Refusal(
                "evidence_size",
                f"{where[0]} 中佐证材料的大小与文件不符",
                f"{where[1]} gives a wrong size for an evidence file",
            )


def _sha(line: dict[str, Any], where: tuple[str, str]) -> str:
    try:
        return content_sha256(line)
    except UnicodeEncodeError:  # a lone surrogate escaped in the JSON: valid JSON, not text
        raise Refusal(
            "json_encoding",
            f"{where[0]} 含有无效的 Unicode 字符（孤立的代理项）",
            f"{where[1]} contains an invalid Unicode character (a lone surrogate)",
        ) from None


@dataclass
class Installed:
    installed: list[int] = field(default_factory=list)  # task numbers
    kept_back: list[int] = field(default_factory=list)  # the clerk changed them: not overwritten
    kept_back_uuids: set[str] = field(default_factory=set)  # decisions on them do not apply either


def install_kept_tx(ws: Any, opened: container.Opened, kept: list[Kept]) -> Installed:
    """Install each kept version at the office, inside the caller's transaction (see the module's
    docstring for when it is not)."""
    done = Installed()
    for k in kept:
        item, line = k.item, k.line
        old = get_entry_by_uuid(ws.db, line["uuid"])
        if old is None:
            old = get_entry(ws.db, office=line["office"], task=line["task"], period=line["period"])
            if old is not None and old.revision > 0:  # another entry, with content, holds the slot
                done.kept_back.append(line["task"])
                done.kept_back_uuids.add(line["uuid"])
                continue
            previous = ""
        else:
            previous = content_sha256(entry_line(old))
            if previous == item["content_sha256"] or conflict_store.kept_installed(
                ws.db, uuid=old.uuid, revision=item["revision"]
            ):
                continue  # installed by an earlier package
            if old.revision > 0 and previous not in item["replaces"]:
                done.kept_back.append(line["task"])
                done.kept_back_uuids.add(line["uuid"])
                continue
        store_evidence(ws, opened.zip, line)
        conflict_store.install_kept_tx(
            ws.db, old=old, kept=line_entry(line), kept_sha256=item["content_sha256"],
            previous_sha256=previous, reason=item["reason"], who=WHO,
        )  # fmt: skip
        done.installed.append(line["task"])
    return done
