"""Hypothesis strategies for hostile input: raw JSON text a parser may choke on, and valid
documents with one field replaced by such a value.

`HOSTILE_PROFILE` sets how hard they are run: the suite keeps each property to a few seconds;
`tools/fuzz` runs them with ECODESK_FUZZ_EXAMPLES set high.
"""

from __future__ import annotations

import json
import os
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

EXAMPLES = int(os.environ.get("ECODESK_FUZZ_EXAMPLES", "0"))


def hostile_settings(examples: int) -> Any:
    """Settings for a property over a reader: `examples` in the suite, more under tools/fuzz."""
    return settings(
        max_examples=EXAMPLES or examples,
        deadline=None,
        derandomize=not EXAMPLES,  # the suite is reproducible; the fuzz run explores
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],  # fmt: skip
        database=None,
    )


NASTY_NUMBERS = ["1" * 5000, "-" + "9" * 400, "1e999", "-1e999", "1E400", "NaN", "Infinity",
                 "-Infinity", "9007199254740993", "1e-400", "-0", "0.1e1", "123456789012345678901",
                 "1." + "0" * 3000 + "1"]  # fmt: skip
NASTY_STRINGS = ['"\\ud800"', '"a\\udfffb"', '"\\u001b[2J\\u001b[1;1Himported 1"', '"\\u202e.exe"',
                 '"\\u0000"', '"\\r\\nforged"', '"' + "x" * 200_000 + '"', '""',
                 '"\x1b]0;title\x07"', '"成县\\u2066"']  # fmt: skip


def _string() -> st.SearchStrategy[str]:
    plain = st.text(max_size=20).map(lambda s: json.dumps(s, ensure_ascii=False))
    escaped = st.text(max_size=20).map(json.dumps)
    surrogate = st.integers(0xD800, 0xDFFF).map(lambda c: f'"x\\u{c:04x}y"')
    return st.one_of(plain, escaped, surrogate, st.sampled_from(NASTY_STRINGS))


def _number() -> st.SearchStrategy[str]:
    return st.one_of(
        st.integers().map(str),
        st.integers(-(10**40), 10**40).map(str),
        st.floats(allow_nan=False, allow_infinity=False).map(repr),
        st.sampled_from(NASTY_NUMBERS),
    )


def _scalar() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(["null", "true", "false"]), _number(), _string())


def _deep() -> st.SearchStrategy[str]:
    return st.integers(15, 3000).flatmap(
        lambda n: st.sampled_from(["[" * n + "]" * n, '{"a":' * n + "1" + "}" * n, "[" * n])
    )


def json_value() -> st.SearchStrategy[str]:
    """Raw JSON text (mostly valid, sometimes not) of any shape, with hostile leaves."""
    return st.recursive(
        st.one_of(_scalar(), _deep()),
        lambda inner: st.one_of(
            st.lists(inner, max_size=4).map(lambda xs: "[" + ",".join(xs) + "]"),
            st.lists(st.tuples(_string(), inner), max_size=4).map(
                lambda kv: "{" + ",".join(f"{k}:{v}" for k, v in kv) + "}"
            ),
        ),
        max_leaves=8,
    )


def junk_bytes() -> st.SearchStrategy[bytes]:
    return st.one_of(
        st.binary(max_size=300),
        json_value().map(lambda s: s.encode("utf-8", "surrogatepass")),
        st.sampled_from([b"\xef\xbb\xbf{}", b"\xff\xfe{\x00}\x00", b"{" * 100_000, b""]),
    )


def fields(document: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every path to a field of `document` (objects only; list items by index)."""
    paths: list[tuple[str, ...]] = []
    items = document.items() if isinstance(document, dict) else (
        (str(i), v) for i, v in enumerate(document) if isinstance(document, list))  # fmt: skip
    for key, value in items:
        path = (*prefix, key)
        paths.append(path)
        if isinstance(value, dict | list):
            paths.extend(fields(value, path))
    return paths


_MARK = "\u2603HOSTILE\u2603"


def with_field(document: Any, path: tuple[str, ...], raw: str) -> bytes:
    """`document` as JSON text with the field at `path` replaced by the raw JSON text `raw`."""
    copy = json.loads(json.dumps(document))
    target = copy
    for key in path[:-1]:
        target = target[int(key)] if isinstance(target, list) else target[key]
    last = path[-1]
    if isinstance(target, list):
        target[int(last)] = _MARK
    else:
        target[last] = _MARK
    text = json.dumps(copy, ensure_ascii=False, indent=1)
    return text.replace(json.dumps(_MARK, ensure_ascii=False), raw, 1).encode(
        "utf-8", "surrogatepass"
    )


WRONG_TYPES = ["[]", "{}", "[[]]", '{"": {}}', "null", "true", "0", "-1", "1.5", '""', '"x"']


def mutated(document: Any) -> st.SearchStrategy[bytes]:
    """`document` with one field (any depth) replaced by a hostile value or a value of the wrong
    type, or a field added."""
    paths = fields(document)
    value = st.one_of(st.sampled_from(WRONG_TYPES), json_value())
    replace = st.tuples(st.sampled_from(paths), value).map(lambda pv: with_field(document, *pv))
    extra = st.tuples(_string(), json_value()).map(
        lambda kv: (
            json.dumps(document, ensure_ascii=False)[:-1].encode()
            + f",{kv[0]}:{kv[1]}}}".encode("utf-8", "surrogatepass")
        )
    )
    return st.one_of(replace, replace, extra)
