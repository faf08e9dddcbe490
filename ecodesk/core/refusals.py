"""A refusal: why one field of what someone typed, imported or received is not accepted.

Every door (window, CLI, Excel import, bundle import) reports the same code for the same fault,
so a test, a log or a support call can name it; the message is for the person.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ecodesk.core.errors import UserError


@dataclass(frozen=True)
class Refusal:
    code: str  # stable, e.g. "not_a_number"; see ecodesk.core.validation.CODES
    field: str  # "values.<indicator id>", "plan", "period", "task", ...
    message: str  # in the user's language, naming the field

    def __str__(self) -> str:
        return self.message


class ValidationError(UserError):
    """One or more refusals; the message lists them, one per line."""

    def __init__(self, refusals: Iterable[Refusal]) -> None:
        self.refusals = tuple(refusals)
        super().__init__("\n".join(r.message for r in self.refusals))

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(r.code for r in self.refusals)
