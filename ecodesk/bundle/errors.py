"""Errors raised while reading or writing bundles and task packages."""

from __future__ import annotations

from typing import Any

from ecodesk.core.errors import UserError
from ecodesk.core.i18n import t
from ecodesk.core.safetext import clean, quote


class BundleError(UserError):
    """A file was refused. The message names the file and what is wrong, in the user's language.

    `code` is a stable, language-independent name for the problem (tests and the GUI use it);
    `subject` carries the one datum a program may need to act on it (e.g. the fingerprint to
    confirm for "confirm_fingerprint"), so nobody has to pick it out of the message.
    """

    def __init__(self, file_name: str, code: str, zh: str, en: str, subject: str = "") -> None:
        # What the file says reaches the message only cleaned (no escape codes, no bidi tricks).
        file_name, zh, en = quote(file_name, 200), clean(zh), clean(en)
        self.file_name = file_name
        self.code = code
        self.subject = subject
        self.detail = t(zh, en)
        self._texts = (zh, en)
        super().__init__(t(f"{file_name}：{zh}", f"{file_name}: {en}"))

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled with both languages (a worker process of an import sends it back)."""
        return (type(self), (self.file_name, self.code, *self._texts, self.subject))


class Refusal(Exception):
    """Raised deep inside the reader before the file name is known; wrapped into BundleError."""

    def __init__(self, code: str, zh: str, en: str, subject: str = "") -> None:
        self.code = code
        self.zh = clean(zh)
        self.en = clean(en)
        self.subject = subject
        super().__init__(en)

    def for_file(self, file_name: str) -> BundleError:
        return BundleError(file_name, self.code, self.zh, self.en, self.subject)
