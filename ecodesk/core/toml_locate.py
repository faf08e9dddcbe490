"""Find the line of a field in a TOML source, so errors can point a person at it.

Best effort over the layout people write by hand: `[[indicators]]` array tables,
`[indicators.target]` sub-tables, `key = value` lines and inline tables.
"""

from __future__ import annotations

import re

_PART = re.compile(r"([^.\[\]]+)(?:\[(\d+)\])?")


def locate_field(source: str, field_path: str) -> int | None:
    """1-based line of the last key of `field_path` (e.g. `indicators[0].target.value`)."""
    if not field_path:
        return None
    parts = [
        (m.group(1), int(m.group(2)) if m.group(2) else None) for m in _PART.finditer(field_path)
    ]
    lines = source.splitlines()
    start, table = 0, ""
    for depth, (name, index) in enumerate(parts):
        is_last = depth == len(parts) - 1
        dotted = f"{table}.{name}" if table else name
        if index is not None:
            found = _nth_header(lines, start, f"[[{dotted}]]", index)
            if found is None:
                return _key_line(lines, start, name)
            start, table = found, dotted
            if is_last:
                return start + 1
            continue
        header = _nth_header(lines, start, f"[{dotted}]", 0)
        if header is not None and not is_last:
            start, table = header, dotted
            continue
        line = _key_line(lines, start, name)
        if line is not None:
            return line
        if header is not None:
            return header + 1
        return None
    return None


def _nth_header(lines: list[str], start: int, header: str, n: int) -> int | None:
    seen = 0
    for i in range(start, len(lines)):
        if lines[i].strip() == header:
            if seen == n:
                return i
            seen += 1
    return None


def _key_line(lines: list[str], start: int, key: str) -> int | None:
    pattern = re.compile(rf'^\s*"?{re.escape(key)}"?\s*=|[{{,]\s*"?{re.escape(key)}"?\s*=')
    for i in range(start, len(lines)):
        stripped = lines[i].strip()
        if i > start and stripped.startswith("[") and "=" not in stripped:
            break  # the next table header: the key is not in this section
        if pattern.search(lines[i]):
            return i + 1
    return None
