"""Language choice for messages produced outside Qt (CLI, validation errors).

The GUI uses Qt Linguist; the core and the CLI carry each message in both languages
next to each other, so a message can never exist in one language only.
"""

from __future__ import annotations

_LANGUAGES = ("zh", "en")
_current = "zh"


def set_language(lang: str) -> None:
    global _current
    if lang not in _LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(_LANGUAGES)}")
    _current = lang


def language() -> str:
    return _current


def t(zh: str, en: str) -> str:
    """Pick the message for the current language (Chinese first)."""
    return zh if _current == "zh" else en
