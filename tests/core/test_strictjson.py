"""Strict JSON refuses what Python's json lets through or chokes on, always with its own error;
and text quoted from a file is cleaned of escape codes, bidi overrides and lone surrogates."""

from __future__ import annotations

import contextlib

import pytest
from hostile_json import hostile_settings, json_value, junk_bytes
from hypothesis import given

from ecodesk.core import strictjson
from ecodesk.core.safetext import SafeWriter, clean, quote


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (b'{"sequence": ' + b"1" * 5000 + b"}", "json_number"),  # json raises ValueError past 4300
        (b'{"sequence": 123456789012345678901}', "json_number"),
        (b'{"size": 1e999}', "json_number"),  # json gives inf
        (b'{"size": -1E400}', "json_number"),
        (b'{"size": NaN}', "json_nan"),
        (b'{"created": "\\ud800"}', "json_encoding"),  # valid JSON, not text
        (b'{"\\udfff": 1}', "json_encoding"),
        (b'[["\\ud83d"]]', "json_encoding"),
        (b'{"a": 1, "a": 2}', "json_duplicate_key"),
        (b"[" * 5000 + b"]" * 5000, "json_depth"),
        (b"\xff\xfe", "json_encoding"),
        (b'{"a": }', "json_syntax"),
    ],
)
def test_refused_with_its_own_error(text: bytes, code: str) -> None:
    with pytest.raises(strictjson.JsonProblem) as info:
        strictjson.loads(text, "manifest.json")
    assert info.value.code == code and "manifest.json" in str(info.value)


def test_ordinary_json_is_read() -> None:
    value = strictjson.loads(
        '{"a": [1, 2.5, -3, 1e-400, "成县 \\ud83d\\ude00"], "b": null}'.encode(), "x"
    )
    assert value == {"a": [1, 2.5, -3, 0.0, "成县 😀"], "b": None}


@hostile_settings(300)
@given(data=junk_bytes())
def test_any_bytes_give_a_value_or_json_problem(data: bytes) -> None:
    with contextlib.suppress(strictjson.JsonProblem):
        strictjson.loads(data, "x.json")


@hostile_settings(300)
@given(raw=json_value())
def test_any_json_text_gives_a_value_or_json_problem(raw: str) -> None:
    try:
        value = strictjson.loads(raw.encode("utf-8", "surrogatepass"), "x.json")
    except strictjson.JsonProblem as exc:
        assert "\x1b" not in str(exc)
        return
    repr(value).encode("utf-8")  # no lone surrogate got through


def test_clean_strips_escape_codes_bidi_and_surrogates() -> None:
    hostile = "成县\x1b[2J\x1b[1;1H\rimported 1\u202egpj.exe\ud800\x07\x9b31m"
    assert clean(hostile) == "成县[2J[1;1Himported 1gpj.exe31m"
    assert clean("line 1\nline 2\tx") == "line 1\nline 2\tx"
    assert clean("a\nb", keep_newlines=False) == "ab"
    assert clean("zero\u200bwidth") == "zero\\u200bwidth"
    assert quote("x" * 500) == "x" * 79 + "…"


def test_safe_writer_cleans_everything_printed(capsys: pytest.CaptureFixture[str]) -> None:
    import sys

    writer = SafeWriter(sys.stdout)  # type: ignore[arg-type]
    print("member '\x1b[32mok\x1b[0m'\u2067", file=writer)  # type: ignore[arg-type]
    assert capsys.readouterr().out == "member '[32mok[0m'\n"
