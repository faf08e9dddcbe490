"""The canonical JSON that every hash and signature over JSON is taken of: RFC 8785 (JCS).

RFC 8785 fixes every byte: object keys sorted by their UTF-16 code units, no whitespace, strings
escaped only where JSON requires it (`\\"`, `\\\\`, `\\b \\f \\n \\r \\t`, other controls as
`\\u00xx`), UTF-8, and numbers written as ECMAScript writes an IEEE 754 double (`93.0` → `93`,
`1e21` → `1e+21`, `1e-7` → `1e-7`, `-0` → `0`). A stranger recomputes a content hash with any JCS
implementation; `jq -cS` agrees too as long as no number has a fraction or exponent quirk.

`rfc8785` (Trail of Bits) is the reference used here. It is pure Python and about six times slower
than the standard library's C encoder, which every bundle line goes through twice (export, and the
import's check that a line is already canonical). So values the C encoder provably writes the JCS
way take that path: keys without characters beyond U+FFFF (code points and UTF-16 units then sort
alike), integers within ±(2**53 - 1), and floats that are whole within that range (written as
integers, as JCS does) or fractional and at least 1e-4 in size (where `repr` and ECMAScript both
write the shortest round-trip digits without an exponent). Anything else goes to `rfc8785`. `tests/core/test_canonical_json.py` checks
the two paths agree on generated values and on RFC 8785's own examples.
"""

from __future__ import annotations

import hashlib
import json
import math
from typing import Any

import rfc8785

# The largest integer JSON numbers carry exactly (I-JSON, RFC 7493); RFC 8785 refuses larger ones.
MAX_SAFE_INTEGER = 2**53 - 1

CanonicalizationError = rfc8785.CanonicalizationError

_ENCODER = json.JSONEncoder(
    ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
)


class _NeedsReference(Exception):
    """A value the C encoder would not write as RFC 8785 does."""


def _float(value: float) -> float | int:
    if not math.isfinite(value):
        raise _NeedsReference
    if value.is_integer():
        if abs(value) <= MAX_SAFE_INTEGER:
            return int(value)  # JCS writes 93.0 as 93 and -0.0 as 0
        raise _NeedsReference
    if abs(value) >= 1e-4:  # and below 2**53, being fractional
        return value  # repr gives the shortest digits without exponent, as ECMAScript does
    raise _NeedsReference


def _prepared(value: Any) -> Any:
    """`value` with whole floats turned into integers; raise _NeedsReference where the C encoder
    would differ from RFC 8785."""
    if isinstance(value, str) or value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        if abs(value) > MAX_SAFE_INTEGER:
            raise _NeedsReference
        return value
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, dict):
        for key in value:
            if not isinstance(key, str) or (not key.isascii() and max(key) > "\uffff"):
                raise _NeedsReference
        return {key: _prepared(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_prepared(item) for item in value]
    raise _NeedsReference


def canonical_json(value: Any) -> bytes:
    """`value` as RFC 8785 canonical JSON (UTF-8 bytes).

    Raises `CanonicalizationError` (a ValueError) for what JSON cannot carry exactly: NaN,
    infinities, integers beyond ±(2**53 - 1), keys that are not strings; and UnicodeEncodeError
    for a string holding a lone surrogate.
    """
    try:
        prepared = _prepared(value)
    except _NeedsReference:
        return rfc8785.dumps(value)
    return _ENCODER.encode(prepared).encode("utf-8")


def canonical_sha256(value: Any) -> str:
    """SHA-256 (hex) of `value`'s canonical JSON: the content hash of an entry line."""
    return hashlib.sha256(canonical_json(value)).hexdigest()


class NotCanonical(ValueError):
    """The text is not (or not provably, by the fast path) its own RFC 8785 form."""


def _fractional_float(token: str) -> float:
    """json's hook for numbers with a fraction or exponent: only those `repr` writes the JCS way."""
    value = float(token)
    if value.is_integer() or not 1e-4 <= abs(value) < 1e16:  # inf and nan fail the range too
        raise NotCanonical(token)
    return value


def _safe_int(token: str) -> int:
    value = int(token)
    if abs(value) > MAX_SAFE_INTEGER:
        raise NotCanonical(token)
    return value


_DECODER = json.JSONDecoder(parse_float=_fractional_float, parse_int=_safe_int)
_BELOW_F0 = bytes(range(0xF0))  # deleted, what remains are lead bytes of 4-byte UTF-8 sequences


def parse_canonical(text: bytes) -> Any:
    """The value of `text` when `text` is exactly its own canonical JSON; NotCanonical (a
    ValueError) otherwise, also when only `rfc8785` could tell (the caller then takes the slow,
    strict path). One pass: the parser's number hooks refuse what the C encoder would write
    differently from RFC 8785, so the value is encoded as it comes, without `_prepared`'s walk.
    Characters beyond U+FFFF (4-byte UTF-8) could sort keys differently: refused."""
    if not text.isascii() and text.translate(None, _BELOW_F0):
        raise NotCanonical("characters beyond U+FFFF")
    value = _DECODER.decode(text.decode("utf-8"))
    if _ENCODER.encode(value).encode("utf-8") != text:
        raise NotCanonical("not in canonical form")
    return value
