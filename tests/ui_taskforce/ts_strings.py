"""The English source strings of the task force's window, as found in tr("...") calls."""

from __future__ import annotations

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "ecodesk" / "ui" / "taskforce"
_CALL = re.compile(r"""\btr\(\s*((?:(?:"[^"]*"|'[^']*')\s*)+)\)""")
_PART = re.compile(r""""([^"]*)"|'([^']*)'""")


def source_strings() -> list[str]:
    found: list[str] = []
    for path in sorted(PACKAGE.glob("*.py")):
        for call in _CALL.finditer(path.read_text(encoding="utf-8")):
            text = "".join(a or b for a, b in _PART.findall(call.group(1)))
            if text not in found:
                found.append(text)
    return found
