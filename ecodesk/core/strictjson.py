"""Strict JSON for every file from outside (bundles, task packages, key files, backups).

Python's `json` accepts NaN and Infinity, lets a repeated key silently win, turns `1e999` into
infinity, parses a 5,000-digit integer for as long as it takes (or raises ValueError past 4,300
digits), keeps lone surrogates (`"\\ud800"`) that cannot be written out again, and recurses
until it fails. Here each of these is refused with `JsonProblem`, naming the file part (`what`)
and the reason; nothing else is ever raised.
"""

from __future__ import annotations

import json
import math
from typing import Any

from ecodesk.core.errors import UserError
from ecodesk.core.i18n import t
from ecodesk.core.safetext import quote

MAX_DEPTH = 16
MAX_INT_DIGITS = 20  # no count, size or number ecodesk reads comes near 10**20
MAX_NUMBER_CHARS = 64


class JsonProblem(UserError):
    """A JSON text was refused. `code` names the problem; `zh`/`en` say it, naming `what`."""

    def __init__(self, code: str, zh: str, en: str) -> None:
        self.code, self.zh, self.en = code, zh, en
        super().__init__(t(zh, en))


class _Refused(Exception):
    """Raised inside the parser's hooks, before `what` is known to them."""

    def __init__(self, code: str, zh: str, en: str) -> None:
        super().__init__(en)
        self.code, self.zh, self.en = code, zh, en


def _no_constants(name: str) -> Any:
    raise _Refused("json_nan", f"含有不允许的数值 {name}", f"contains the forbidden number {name}")


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise _Refused(
            "json_number",
            f"含有位数过多的整数（{len(text)} 位）",
            f"contains an integer with too many digits ({len(text)})",
        )
    return int(text)


def _float(text: str) -> float:
    value = float(text) if len(text) <= MAX_NUMBER_CHARS else math.inf
    if not math.isfinite(value):
        raise _Refused(
            "json_number",
            f"含有超出范围的数值 {quote(text, 24)}",
            f"contains a number out of range: {quote(text, 24)}",
        )
    return value


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Refused(
                "json_duplicate_key",
                f"键“{quote(key)}”重复出现",
                f"repeats the key '{quote(key)}'",
            )
        result[key] = value
    return result


def _nesting(text: str) -> int:
    """The deepest bracket nesting outside strings (checked before parsing, so a deeply nested
    file cannot exhaust the parser)."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return 0  # cannot exceed the cap
    depth = level = 0
    in_string = escaped = False
    for ch in text:
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
    return depth


def _has_surrogate(value: Any) -> bool:
    """True if any string (key or value) holds a lone surrogate: valid JSON, not text."""
    if isinstance(value, str):
        if value.isascii():
            return False
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, dict):
        return any(_has_surrogate(k) or _has_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_surrogate(v) for v in value)
    return False


def loads(data: bytes | str, what: str) -> Any:
    """Parse `data` strictly; `what` names the file or part in messages (e.g. "manifest.json")."""
    what = quote(what, 200)
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError:
            raise JsonProblem(
                "json_encoding", f"{what} 不是 UTF-8 编码", f"{what} is not UTF-8"
            ) from None
    if _nesting(data) > MAX_DEPTH:
        raise JsonProblem(
            "json_depth",
            f"{what} 嵌套过深（超过 {MAX_DEPTH} 层）",
            f"{what} is nested too deeply (over {MAX_DEPTH} levels)",
        )
    try:
        value = json.loads(data, parse_constant=_no_constants, parse_int=_integer,
                           parse_float=_float, object_pairs_hook=_no_duplicates)  # fmt: skip
    except _Refused as exc:
        raise JsonProblem(exc.code, f"{what} {exc.zh}", f"{what} {exc.en}") from None
    except (ValueError, RecursionError) as exc:  # JSONDecodeError is a ValueError
        detail = getattr(exc, "msg", "too deep")
        line = getattr(exc, "lineno", 0)
        raise JsonProblem(
            "json_syntax",
            f"{what} 不是有效的 JSON（第 {line} 行：{detail}）",
            f"{what} is not valid JSON (line {line}: {detail})",
        ) from None
    if _has_surrogate(value):
        raise JsonProblem(
            "json_encoding",
            f"{what} 含有无效的 Unicode 字符（孤立的代理项）",
            f"{what} contains an invalid Unicode character (a lone surrogate)",
        )
    return value
