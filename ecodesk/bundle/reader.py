"""Reading a bundle at the task force: every check, and the entry lines it carries.

`open_bundle` raises BundleError (naming the file and the problem) or returns a bundle whose
signature, recipient, member hashes and every entry line have been checked. Nothing is written.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ecodesk.bundle import container, envelope, keys, office_trust, schema, strictjson
from ecodesk.bundle.errors import Refusal
from ecodesk.bundle.lines import content_sha256
from ecodesk.bundle.office_trust import Signer
from ecodesk.bundle.strictjson import MAX_DEPTH
from ecodesk.core.canonical_json import parse_canonical

MAX_FILE_BYTES = 512 * 1024 * 1024
MAX_ENTRIES_BYTES = 256 * 1024 * 1024
MAX_LINE_BYTES = 4 * 1024 * 1024
_EVIDENCE = re.compile(r"^evidence/[0-9a-f]{64}$")


def bundle_member(name: str) -> bool:
    return name == "entries.jsonl" or bool(_EVIDENCE.match(name))


# Called with each entry line as it is checked, its content hash, and whether the line is in
# canonical form (its content hash then is the hash of its bytes).
LineSink = Callable[[dict[str, Any], str, bool], None]


@dataclass
class OpenBundle:
    """A bundle that passed every check. Its decrypted zip stays open (an unnamed temporary
    file) until `close()`, for `unpack` and the evidence."""

    file_name: str
    manifest: dict[str, Any]
    manifest_sha256: str
    signer: Signer
    opened: container.Opened

    @property
    def file_sha256(self) -> str:
        return self.opened.file_sha256

    def evidence_chunks(self, sha256: str) -> Iterator[bytes]:
        return self.opened.zip.chunks(f"evidence/{sha256}")

    def close(self) -> None:
        self.opened.close()

    def __enter__(self) -> OpenBundle:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def open_bundle(
    ws: Any,
    path: Path,
    *,
    decrypt_keys: Any = None,
    check_lines: bool = True,
    on_line: LineSink | None = None,
    expected_sha256: str | None = None,
) -> OpenBundle:
    """Every check, or with `check_lines=False` every check but those of the lines one by one
    (signature, signer, recipient and every member's hash still): for a file whose very bytes
    passed all checks moments ago, as the caller knows from `expected_sha256`.

    The lines are read one at a time and handed to `on_line` as they pass (the caller keeps what
    it needs; if a later line is refused, BundleError is raised and the caller drops them)."""
    name = Path(path).name
    found = Signer()
    try:
        opened = container.open_container(
            Path(path),
            kind="bundle",
            keys=decrypt_keys or keys.decryption_keys(ws),
            allowed=bundle_member,
            signer=office_trust.signer_lookup(ws, found),
            scratch=envelope.scratch_dir(ws.root),
            max_bytes=MAX_FILE_BYTES,
            expected_sha256=expected_sha256,
        )
    except Refusal as exc:
        raise exc.for_file(name) from None
    try:
        _check_signer(ws, found, opened)
        if check_lines:
            _check_lines(opened, opened.manifest, on_line or _ignore)
    except Refusal as exc:
        opened.close()
        raise exc.for_file(name) from None
    except BaseException:
        opened.close()
        raise
    return OpenBundle(name, opened.manifest, opened.manifest_sha256, found, opened)


def _ignore(_line: dict[str, Any], _sha: str, _canonical: bool) -> None:
    pass


def _check_signer(ws: Any, found: Signer, opened: container.Opened) -> None:
    assert found.key is not None
    manifest = opened.manifest
    office_trust.check_signer(ws, found.key, manifest, opened.manifest_sha256)
    if "entries.jsonl" not in manifest["members"]:
        raise Refusal(
            "missing_member", "缺少成员“entries.jsonl”", "member 'entries.jsonl' is missing"
        )


def _check_lines(opened: container.Opened, manifest: dict[str, Any], on_line: LineSink) -> None:
    office, period, members = manifest["office"], manifest["period"], manifest["members"]
    count, seen = 0, set()
    lines = opened.zip.lines("entries.jsonl", MAX_ENTRIES_BYTES, MAX_LINE_BYTES)
    for number, text in enumerate(lines, 1):
        value, sha = _parse_line(text, number)
        line = schema.check_entry(value, number, indicators=manifest["format_version"] >= 3)
        if line["office"] != office or line["period"] != period:
            raise Refusal(
                "foreign_entry",
                f"entries.jsonl 第 {number} 行属于别的单位或填报期",
                f"entries.jsonl line {number} belongs to another office or period",
            )
        if line["uuid"] in seen:
            raise Refusal(
                "duplicate_entry",
                f"entries.jsonl 第 {number} 行重复了同一条记录",
                f"entries.jsonl line {number} repeats an entry",
            )
        seen.add(line["uuid"])
        for item in line["evidence"]:
            member = f"evidence/{item['sha256']}"
            if member in members and opened.zip.infos[member].file_size != item["size"]:
                raise Refusal(
                    "evidence_size",
                    f"entries.jsonl 第 {number} 行中佐证材料的大小与文件不符",
                    f"entries.jsonl line {number} gives a wrong size for an evidence file",
                )
            if member not in members:
                raise Refusal(
                    "missing_attachment",
                    f"entries.jsonl 第 {number} 行引用的佐证材料不在数据包中",
                    f"entries.jsonl line {number} refers to evidence not in the bundle",
                )
        count += 1
        if count > manifest["entry_count"]:
            break  # more lines than listed: refused below without reading the rest
        on_line(line, sha or _content_sha256(line, number), bool(sha))
    if count != manifest["entry_count"]:
        raise Refusal(
            "entry_count",
            f"记录数与清单不符（清单 {manifest['entry_count']}，实际 {count if count <= manifest['entry_count'] else '更多'}）",
            f"the number of entries does not match the manifest ({manifest['entry_count']} listed, "
            f"{count if count <= manifest['entry_count'] else 'more'} found)",
        )


def _content_sha256(line: dict[str, Any], number: int) -> str:
    try:
        return content_sha256(line)
    except UnicodeEncodeError:  # a lone surrogate escaped in the JSON: valid JSON, not text
        raise Refusal(
            "json_encoding",
            f"entries.jsonl 第 {number} 行含有无效的 Unicode 字符（孤立的代理项）",
            f"entries.jsonl line {number} contains an invalid Unicode character (a lone surrogate)",
        ) from None


def _parse_line(text: bytes, number: int) -> tuple[Any, str]:
    """One entry line parsed strictly, and its content hash when the line is in canonical form.

    ecodesk writes every line in canonical form (RFC 8785, `canonical_json`). For such a line the
    plain C parser suffices: if re-encoding the result gives back the very same bytes, the line
    cannot have held a duplicate key (the last one would have won and the bytes would differ), NaN,
    Infinity or a number JSON cannot carry exactly (`canonical_json` refuses them), another
    encoding than UTF-8 or too deep a nesting (checked first), and its content hash is the hash of
    the line itself. Any other line takes the strict parser, with its messages.
    """
    if text.count(b"{") + text.count(b"[") <= MAX_DEPTH:
        try:
            return parse_canonical(text), hashlib.sha256(text).hexdigest()
        except (ValueError, RecursionError):
            pass  # the strict parser below names the problem
    return strictjson.loads(text, f"entries.jsonl:{number}"), ""
