"""Strict JSON for files from outside: UTF-8 only, no NaN/Infinity, no duplicate keys, depth cap."""

from __future__ import annotations

import json
from typing import Any

from ecodesk.bundle.errors import Refusal
from ecodesk.core.canonical_json import canonical_json

MAX_DEPTH = 16


def _no_constants(name: str) -> Any:
    raise Refusal(
        "json_nan",
        f"{{what}} 含有不允许的数值 {name}",
        f"{{what}} contains the forbidden number {name}",
    )


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise Refusal(
                "json_duplicate_key",
                f"{{what}} 中键“{key}”重复出现",
                f"{{what}} repeats the key '{key}'",
            )
        result[key] = value
    return result


def _depth(value: Any, level: int = 0) -> int:
    if level > MAX_DEPTH:
        return level
    if isinstance(value, dict):
        return max((_depth(v, level + 1) for v in value.values()), default=level + 1)
    if isinstance(value, list):
        return max((_depth(v, level + 1) for v in value), default=level + 1)
    return level


def loads(data: bytes, what: str) -> Any:
    """Parse `data` strictly; `what` names the part in error messages (e.g. "manifest.json")."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise Refusal("json_encoding", f"{what} 不是 UTF-8 编码", f"{what} is not UTF-8") from None
    # The nesting check runs on the raw text first, so a deeply nested file cannot exhaust the parser.
    depth = level = 0
    in_string = escaped = False
    # Fast path: with few brackets the nesting cannot exceed the cap.
    scan = text if text.count("[") + text.count("{") > MAX_DEPTH else ""
    for ch in scan:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            level += 1
            depth = max(depth, level)
        elif ch in "]}":
            level -= 1
    if depth > MAX_DEPTH:
        raise Refusal(
            "json_depth",
            f"{what} 嵌套过深（超过 {MAX_DEPTH} 层）",
            f"{what} is nested too deeply (over {MAX_DEPTH} levels)",
        )
    try:
        return json.loads(text, parse_constant=_no_constants, object_pairs_hook=_no_duplicates)
    except Refusal as exc:
        raise Refusal(
            exc.code, exc.zh.replace("{what}", what), exc.en.replace("{what}", what)
        ) from None
    except (json.JSONDecodeError, RecursionError) as exc:
        detail = getattr(exc, "msg", "too deep")
        line = getattr(exc, "lineno", 0)
        raise Refusal(
            "json_syntax",
            f"{what} 不是有效的 JSON（第 {line} 行：{detail}）",
            f"{what} is not valid JSON (line {line}: {detail})",
        ) from None


def dumps(value: Any) -> str:
    """The canonical JSON of `value` as text: `ecodesk.core.canonical_json` (RFC 8785), the one
    canonical form; this name stays for callers that want a str."""
    return canonical_json(value).decode("utf-8")
