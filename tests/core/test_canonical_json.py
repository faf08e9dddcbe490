"""The canonical JSON of content hashes is RFC 8785 exactly: the RFC's own examples, and the fast
path agreeing with the reference implementation on generated values."""

from __future__ import annotations

import json
import math
import struct

import pytest
import rfc8785
from hypothesis import given, settings
from hypothesis import strategies as st

from ecodesk.core.canonical_json import (
    MAX_SAFE_INTEGER,
    CanonicalizationError,
    NotCanonical,
    canonical_json,
    canonical_sha256,
    parse_canonical,
)

# RFC 8785 appendix B: IEEE 754 bit patterns and how JCS writes them.
RFC_NUMBERS = [
    ("0000000000000000", "0"),
    ("8000000000000000", "0"),  # -0
    ("0000000000000001", "5e-324"),
    ("8000000000000001", "-5e-324"),
    ("7fefffffffffffff", "1.7976931348623157e+308"),
    ("ffefffffffffffff", "-1.7976931348623157e+308"),
    ("4340000000000000", "9007199254740992"),
    ("c340000000000000", "-9007199254740992"),
    ("4430000000000000", "295147905179352830000"),
    ("44b52d02c7e14af5", "9.999999999999997e+22"),
    ("44b52d02c7e14af6", "1e+23"),
    ("44b52d02c7e14af7", "1.0000000000000001e+23"),
    ("444b1ae4d6e2ef4e", "999999999999999700000"),
    ("444b1ae4d6e2ef4f", "999999999999999900000"),
    ("444b1ae4d6e2ef50", "1e+21"),
    ("3eb0c6f7a0b5ed8c", "9.999999999999997e-7"),
    ("3eb0c6f7a0b5ed8d", "0.000001"),
    ("41b3de4355555553", "333333333.3333332"),
    ("41b3de4355555554", "333333333.33333325"),
    ("41b3de4355555555", "333333333.3333333"),
    ("41b3de4355555556", "333333333.3333334"),
    ("41b3de4355555557", "333333333.33333343"),
    ("becbf647612f3696", "-0.0000033333333333333333"),
    ("43143ff3c1cb0959", "1424953923781206.2"),
]


@pytest.mark.parametrize(("bits", "expected"), RFC_NUMBERS)
def test_numbers_are_written_as_rfc_8785_appendix_b_says(bits: str, expected: str) -> None:
    (number,) = struct.unpack(">d", bytes.fromhex(bits))
    assert canonical_json(number) == expected.encode()
    assert canonical_json([number]) == f"[{expected}]".encode()


@pytest.mark.parametrize(
    ("value", "expected"),
    [(93.0, "93"), (1e21, "1e+21"), (1e-7, "1e-7"), (-0.0, "0"), (91.2, "91.2"), (1e16, "10000000000000000"),
     (0.00001, "0.00001"), (1e-4, "0.0001"), (4.50, "4.5"), (2e-3, "0.002"), (1e30, "1e+30"), (93, "93")],
)  # fmt: skip
def test_the_numbers_a_python_encoder_gets_wrong(value: float, expected: str) -> None:
    assert canonical_json({"v": value}) == f'{{"v":{expected}}}'.encode()


def test_rfc_8785_section_3_2_2_example() -> None:
    value = {
        "numbers": [333333333.33333329, 1e30, 4.50, 2e-3, 0.000000000000000000000000001],
        "string": "\u20ac$\u000f\u000aA'\u0042\u0022\u005c\\\"/",
        "literals": [None, True, False],
    }
    expected = (
        '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],'
        '"string":"\u20ac$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}'
    )
    assert canonical_json(value) == expected.encode("utf-8")


def test_keys_sort_by_utf16_code_units_rfc_8785_section_3_2_3() -> None:
    value = {
        "\u20ac": "Euro Sign",
        "\r": "Carriage Return",
        "\ufb33": "Hebrew Letter Dalet With Dagesh",
        "1": "One",
        "\U0001f600": "Emoji: Grinning Face",
        "\u0080": "Control",
        "\u00f6": "Latin Small Letter O With Diaeresis",
    }
    order = [
        "Carriage Return", "One", "Control", "Latin Small Letter O With Diaeresis", "Euro Sign",
        "Emoji: Grinning Face", "Hebrew Letter Dalet With Dagesh",
    ]  # fmt: skip
    text = canonical_json(value).decode("utf-8")
    assert [text.index(name) for name in order] == sorted(text.index(name) for name in order)


@pytest.mark.parametrize(
    "value", [math.nan, math.inf, -math.inf, MAX_SAFE_INTEGER + 1, -(2**60), {1: "x"}]
)
def test_what_json_cannot_carry_exactly_is_refused(value: object) -> None:
    with pytest.raises(CanonicalizationError):
        canonical_json({"v": value})


def test_a_chinese_entry_line_hashes_as_its_canonical_bytes() -> None:
    line = {"values": {"rate": 93.0, "ok": True}, "plan": "提标改造", "task": 24}
    text = '{"plan":"提标改造","task":24,"values":{"ok":true,"rate":93}}'
    assert canonical_json(line) == text.encode("utf-8")
    assert canonical_sha256(line) == __import__("hashlib").sha256(text.encode()).hexdigest()


_numbers = st.one_of(
    st.integers(-MAX_SAFE_INTEGER, MAX_SAFE_INTEGER),
    st.floats(allow_nan=False, allow_infinity=False),
    st.floats(min_value=-1e-3, max_value=1e-3),
    st.floats(min_value=1e15, max_value=1e22),
    st.integers(0, 10**6).map(float),
)
_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)
_json = st.recursive(
    st.none() | st.booleans() | _numbers | _text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_text, inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=400, deadline=None)
@given(_json)
def test_the_fast_path_agrees_with_the_reference_implementation(value: object) -> None:
    assert canonical_json(value) == rfc8785.dumps(value)


@settings(max_examples=400, deadline=None)
@given(_json)
def test_an_imported_line_is_taken_as_canonical_only_when_it_is(value: object) -> None:
    """The import's one-pass check: canonical bytes parse back to their value; the same value
    written any other way (pretty, unsorted, 93.0 for 93) is told apart, never taken as canonical."""
    canonical = rfc8785.dumps(value)
    try:
        parsed = parse_canonical(canonical)
    except NotCanonical:
        parsed = None  # the fast path may decline (then the strict parser decides); never lie
    else:
        assert rfc8785.dumps(parsed) == canonical
    other = json.dumps(value, indent=1, ensure_ascii=True).encode()
    if other != canonical:
        with pytest.raises(ValueError):
            parse_canonical(other)


@pytest.mark.parametrize("text", [b'{"a":93.0}', b'{"a":1e-05}', b'{"a":9007199254740993}',
                                  b'{"b":1,"a":2}', b'{"a":-0}', b'{"a":1,"a":1}',
                                  '{"\U0001f600":1,"\ufb01":2}'.encode(), b'{"a":NaN}'])  # fmt: skip
def test_what_the_c_encoder_would_write_differently_is_not_taken_as_canonical(text: bytes) -> None:
    with pytest.raises(ValueError):
        parse_canonical(text)
