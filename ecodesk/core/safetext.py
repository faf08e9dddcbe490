"""Text from a file, made safe to show: no control characters (terminal escape codes, a carriage
return that rewrites the line), no bidi overrides (that reorder what a person reads), no lone
surrogates (that cannot even be printed), and not endless.

Every message that quotes a file (a member name, a key, a header field, a path) goes through
`clean` or `quote`, and the command line passes everything it prints through `SafeWriter`.
"""

from __future__ import annotations

import functools
import re
import sys
from typing import TextIO, cast

# C0 and C1 controls, DEL; bidi embeddings, overrides, isolates and marks; lone surrogates.
_UNSAFE = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
_UNSAFE_INLINE = "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
QUOTE_LIMIT = 80


@functools.cache
def _unsafe(keep_newlines: bool) -> re.Pattern[str]:
    """Compiled when first needed: the two patterns take ~2 ms to compile, which the window's
    start (this module wraps its stdout) would otherwise spend before its first paint."""
    return re.compile(_UNSAFE if keep_newlines else _UNSAFE_INLINE)


def clean(text: str, *, keep_newlines: bool = True) -> str:
    """`text` without control, bidi and surrogate characters (newlines and tabs kept unless
    `keep_newlines` is False). Other invisible format characters are shown as `\\u….`."""
    text = _unsafe(keep_newlines).sub("", text)
    if text.isascii():
        return text
    import unicodedata  # only for text beyond ASCII (start-up)

    return "".join(
        f"\\u{ord(c):04x}" if c not in "\n\t" and unicodedata.category(c) == "Cf" else c
        for c in text
    )


def quote(value: object, limit: int = QUOTE_LIMIT) -> str:
    """One value from a file, for a message: cleaned, on one line, at most `limit` characters."""
    text = clean(str(value), keep_newlines=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class SafeWriter:
    """A text stream that cleans what is written to it before passing it on (the CLI's stdout)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(clean(text))
        return len(text)

    def flush(self) -> None:
        self._stream.flush()

    def __getattr__(self, name: str) -> object:  # encoding, isatty, fileno, buffer …
        return getattr(self._stream, name)


def safe_stdout() -> TextIO:
    """sys.stdout wrapped in SafeWriter (once)."""
    if isinstance(sys.stdout, SafeWriter):
        return cast(TextIO, sys.stdout)
    return cast(TextIO, SafeWriter(sys.stdout))  # duck-typed: print() needs write and flush
