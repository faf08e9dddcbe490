"""Strict JSON inside bundles and task packages: ecodesk.core.strictjson, refusing as Refusal;
and the canonical form (RFC 8785) they are written in."""

from __future__ import annotations

from typing import Any

from ecodesk.bundle.errors import Refusal
from ecodesk.core import strictjson as strict
from ecodesk.core.canonical_json import canonical_json

MAX_DEPTH = strict.MAX_DEPTH


def loads(data: bytes, what: str) -> Any:
    """Parse `data` strictly (ecodesk.core.strictjson); a problem is a Refusal naming `what`."""
    try:
        return strict.loads(data, what)
    except strict.JsonProblem as exc:
        raise Refusal(exc.code, exc.zh, exc.en) from None


def dumps(value: Any) -> str:
    """The canonical JSON of `value` as text: `ecodesk.core.canonical_json` (RFC 8785), the one
    canonical form; this name stays for callers that want a str."""
    return canonical_json(value).decode("utf-8")
