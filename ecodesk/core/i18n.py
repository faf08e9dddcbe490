"""Language choice for messages produced outside Qt (CLI, validation errors).

The GUI uses Qt Linguist; the core and the CLI carry each message in both languages
next to each other, so a message can never exist in one language only.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_LANGUAGES = ("zh", "en")
_current = "zh"
_fixed = threading.local()  # a language pinned for this thread only (see fixed_language)


def set_language(lang: str) -> None:
    global _current
    if lang not in _LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(_LANGUAGES)}")
    _current = lang


def language() -> str:
    return getattr(_fixed, "lang", None) or _current


@contextlib.contextmanager
def fixed_language(lang: str) -> Iterator[None]:
    """Produce text in `lang` inside the block, on this thread only.

    Files of record (the archive, its PDF reports) are written in Chinese whatever language the
    window or the command line uses, so their bytes never depend on it; a worker thread pins
    the language without changing what the window shows meanwhile.
    """
    if lang not in _LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(_LANGUAGES)}")
    before = getattr(_fixed, "lang", None)
    _fixed.lang = lang
    try:
        yield
    finally:
        _fixed.lang = before


def t(zh: str, en: str) -> str:
    """Pick the message for the current language (Chinese first)."""
    return zh if language() == "zh" else en


@contextmanager
def in_language(lang: str) -> Iterator[None]:
    """Messages in `lang` for a moment (e.g. to record a refusal in both languages)."""
    before = _current
    set_language(lang)
    try:
        yield
    finally:
        set_language(before)
