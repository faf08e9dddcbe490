"""Errors a user can cause and fix. The CLI prints them without a traceback."""

from __future__ import annotations


class UserError(Exception):
    """Something the user asked for cannot be done; the message says why, in their language."""


class FormError(UserError):
    """A form definition file is broken. The message names file, line (if known) and field."""

    def __init__(self, path: str, field: str, message: str, line: int | None = None) -> None:
        self.path = path
        self.field = field
        self.line = line
        self.detail = message
        where = path if line is None else f"{path}:{line}"
        text = f"{where}: {field}: {message}" if field else f"{where}: {message}"
        super().__init__(text)
