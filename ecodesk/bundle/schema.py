"""The shapes a manifest, an entry line and a task package must have (checked after parsing).

Hand-written rather than JSON Schema: the rules are few, and each failure becomes a message a
clerk can read, naming the field.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from typing import Any, NoReturn

from ecodesk.bundle.envelope import SUITES
from ecodesk.bundle.errors import Refusal
from ecodesk.core.canonical_json import MAX_SAFE_INTEGER
from ecodesk.core.offices import OFFICE_NAMES
from ecodesk.core.periods import PERIODS
from ecodesk.core.safetext import quote

# Each kind has its own format version; a reader accepts every version up to its own and refuses a
# newer one by name ("upgrade"). A writer writes the lowest version that can carry the content, so
# an office that has not upgraded yet keeps receiving packages until one needs the newer format.
# Format 2 / 3 (ecodesk 0.2.0): the age envelope and the signed "suite". Files of the earlier
# versions came in the HPKE envelope, which is refused before any manifest is read, so a reader
# accepts exactly the current version.
BUNDLE_FORMAT_VERSION = 3
# Bundle 3 (after 0.2.0): an evidence file may name the indicator it supports (`indicator`). A
# bundle without one is still written as format 2, which 0.2.0 reads; this reader reads both.
OLDEST_BUNDLE_FORMAT = 2
# Task package 2 added kept versions of resolved conflicts (resolved.jsonl, evidence/); 3 the age
# envelope, the suite and `package_chain` (the hash of every earlier package to the office).
# Task package 4 (after 0.2.0): a kept version's evidence may name its indicator, as in bundle 3;
# written only when one does.
PACKAGE_FORMAT_VERSION = 4
OLDEST_PACKAGE_FORMAT = 3
MAX_PACKAGE_CHAIN = 100_000  # earlier packages a manifest may list
FORMAT_VERSIONS = {"bundle": BUNDLE_FORMAT_VERSION, "task_package": PACKAGE_FORMAT_VERSION}
MAX_TEXT = 100_000
SHA256 = re.compile(r"^[0-9a-f]{64}$")
KEY_ID = re.compile(r"^[0-9a-f]{16}$")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
MAX_SEQUENCE = 10**9
# A bundle holds one office's entries for one period: at most one per task (tasks are numbered up
# to 1,000). The cap refuses an absurd bundle from its manifest, before its lines are read.
MAX_BUNDLE_ENTRIES = 5000

Check = Callable[[Any], bool]


def text(value: Any) -> bool:
    return isinstance(value, str) and len(value) <= MAX_TEXT


def integer(low: int, high: int) -> Check:
    return lambda v: isinstance(v, int) and not isinstance(v, bool) and low <= v <= high


def matches(pattern: re.Pattern[str]) -> Check:
    return lambda v: isinstance(v, str) and bool(pattern.match(v))


def one_of(*options: Any) -> Check:
    """Equal to one of `options` and of the same type (so True is not 1)."""
    pairs = frozenset((type(o), o) for o in options)

    def check(value: Any) -> bool:
        try:
            return (type(value), value) in pairs
        except TypeError:  # unhashable: a list or an object, never an option
            return False

    return check


def boolean(value: Any) -> bool:
    return isinstance(value, bool)


def office(value: Any) -> bool:
    return isinstance(value, str) and value in OFFICE_NAMES  # a list is unhashable: not an office


def period(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value in PERIODS


def any_value(value: Any) -> bool:
    """An indicator value: null, true/false, text, or a number JSON carries exactly (a finite
    double; an integer within ±(2**53 - 1)), so that the line's canonical JSON exists."""
    if isinstance(value, bool) or value is None:
        return True
    if isinstance(value, int):
        return abs(value) <= MAX_SAFE_INTEGER
    if isinstance(value, float):
        return math.isfinite(value)
    return text(value)


def values(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and len(value) <= 200
        and all(isinstance(k, str) and len(k) <= 100 and any_value(v) for k, v in value.items())
    )


def list_of(item: Check, limit: int = 100_000) -> Check:
    return lambda v: isinstance(v, list) and len(v) <= limit and all(item(i) for i in v)


def is_dict(value: Any) -> bool:
    return isinstance(value, dict)


def check_object(
    value: Any, fields: Mapping[str, Check], what: str, *, optional: tuple[str, ...] = ()
) -> dict[str, Any]:
    """`value` must be an object with exactly `fields` (plus `optional` ones), each passing its check."""
    if not isinstance(value, dict):
        raise Refusal("schema", f"{what} 应为对象", f"{what} should be an object")
    if value.keys() == fields.keys():  # the usual case: every field present, nothing else
        for key, check in fields.items():
            if not check(value[key]):
                _wrong_value(what, key)
        return value
    _check_keys(value, fields, what, optional)
    for key, check in fields.items():
        if key in value and not check(value[key]):
            _wrong_value(what, key)
    return value


def _wrong_value(what: str, key: str) -> NoReturn:
    raise Refusal(
        "schema",
        f"{what} 的字段“{quote(key)}”取值不对",
        f"{what}: field '{quote(key)}' has a wrong value",
    )


def _check_keys(
    value: dict[str, Any], fields: Mapping[str, Check], what: str, optional: tuple[str, ...]
) -> None:
    missing = [k for k in fields if k not in value and k not in optional]
    if missing:
        raise Refusal(
            "schema",
            f"{what} 缺少字段“{quote(missing[0])}”",
            f"{what} lacks the field '{quote(missing[0])}'",
        )
    extra = [k for k in value if k not in fields]
    if extra:
        raise Refusal(
            "schema",
            f"{what} 有不认识的字段“{quote(extra[0])}”",
            f"{what} has an unknown field '{quote(extra[0])}'",
        )


def check_version(manifest: Any, what: str, kind: str) -> None:
    """Refuse a file from a newer ecodesk before judging its shape (it may have new fields)."""
    version = manifest.get("format_version") if isinstance(manifest, dict) else None
    supported = FORMAT_VERSIONS[kind]
    if isinstance(version, int) and not isinstance(version, bool) and version > supported:
        raise Refusal(
            "newer_version",
            f"{what} 由更新版本的 ecodesk 生成（格式 {version}，本程序支持 {supported}），请升级",
            f"{what} was written by a newer ecodesk (format {version}, this one reads {supported}); upgrade",
        )


AGE_RECIPIENT = re.compile(r"^age1[02-9ac-hj-np-z]{58}$")
RECIPIENT = {"key_id": matches(KEY_ID), "fingerprint": text, "age": matches(AGE_RECIPIENT)}
_COMMON = {
    "format": text, "kind": text, "app_version": text,
    "schema_version": integer(1, 10_000), "install_id": text, "key_id": matches(KEY_ID),
    "sequence": integer(1, MAX_SEQUENCE), "previous_sha256": lambda v: v == "" or matches(SHA256)(v),
    "created": text, "recipient": is_dict, "members": is_dict, "rotations": list_of(is_dict, 100),
    "suite": text,
}  # fmt: skip

BUNDLE_MANIFEST = {**_COMMON, "format_version": integer(OLDEST_BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION), "office": office,
                   "period": period, "full": boolean, "entry_count": integer(0, MAX_BUNDLE_ENTRIES)}  # fmt: skip
PACKAGE_MANIFEST = {**_COMMON, "format_version": integer(OLDEST_PACKAGE_FORMAT, PACKAGE_FORMAT_VERSION), "office": office,
                    "issuer_sign": text, "issuer_box": text,
                    "package_chain": list_of(matches(SHA256), MAX_PACKAGE_CHAIN)}  # fmt: skip


def check_manifest(value: Any, kind: str) -> dict[str, Any]:
    fields = BUNDLE_MANIFEST if kind == "bundle" else PACKAGE_MANIFEST
    count = value.get("entry_count") if isinstance(value, dict) and kind == "bundle" else None
    if integer(MAX_BUNDLE_ENTRIES + 1, 10**30)(count):
        raise Refusal(
            "too_many_entries",
            f"manifest.json 列出 {count} 条记录；一个数据包每项任务至多一条（上限 {MAX_BUNDLE_ENTRIES}）",
            f"manifest.json lists {count} entries; a bundle carries at most one per task (limit {MAX_BUNDLE_ENTRIES})",
        )
    manifest = check_object(value, fields, "manifest.json")
    expected = "ecodesk-bundle" if kind == "bundle" else "ecodesk-task-package"
    if manifest["format"] != expected or manifest["kind"] != kind:
        raise Refusal(
            "wrong_kind",
            f"manifest.json 说明这不是{'数据包' if kind == 'bundle' else '任务包'}",
            f"manifest.json says this is not a {kind.replace('_', ' ')}",
        )
    if manifest["suite"] not in SUITES:
        raise Refusal(
            "unknown_suite",
            f"manifest.json 使用了本程序不认识的密码套件“{quote(manifest['suite'])}”，请升级",
            f"manifest.json uses a crypto suite this ecodesk does not know ('{quote(manifest['suite'])}'); upgrade",
        )
    check_object(manifest["recipient"], RECIPIENT, "manifest.json recipient")
    for name, digest in manifest["members"].items():
        if not isinstance(name, str) or not matches(SHA256)(digest):
            raise Refusal(
                "schema",
                "manifest.json 的成员清单格式不对",
                "manifest.json: the member list is malformed",
            )
    return manifest


EVIDENCE = {"sha256": matches(SHA256), "name": text, "size": integer(0, 2**40), "added_at": text}
ENTRY = {
    "uuid": matches(UUID), "office": office, "task": integer(1, 1000), "period": period, "values": values,
    "plan": text, "corrective_measures": text, "not_applicable": boolean, "not_applicable_reason": text,
    "state": one_of("draft", "complete"), "revision": integer(1, 10**9), "install_id": text,
    "updated_at": text, "updated_by": text, "evidence": list_of(is_dict, 1000),
}  # fmt: skip


EVIDENCE_WITH_INDICATOR = {**EVIDENCE, "indicator": lambda v: text(v) and v != ""}

# Stands for the line in a refusal until it is named (`quote` drops control characters, so no
# field name can hold it).
_LINE = "\x00line\x00"


def check_entry(
    value: Any, line: int, member: str = "entries.jsonl", *, indicators: bool = True
) -> dict[str, Any]:
    """`indicators`: whether the file's format carries an evidence file's indicator (bundle 3)."""
    fields = EVIDENCE_WITH_INDICATOR if indicators else EVIDENCE
    try:
        entry = check_object(value, ENTRY, _LINE)
        for item in entry["evidence"]:
            check_object(item, fields, _LINE + " evidence", optional=("indicator",))
    except Refusal as exc:  # the line is named only now: most lines pass (an import reads 100,000s)
        what, what_en = f"{member} 第 {line} 行", f"{member} line {line}"
        raise Refusal(
            exc.code, exc.zh.replace(_LINE, what), exc.en.replace(_LINE, what_en)
        ) from None
    return entry
