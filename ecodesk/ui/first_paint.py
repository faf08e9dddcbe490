"""The picture of the clerk's task list kept for the next start: `cache/first_paint.json`.

At start the window is shown from it, with PySide6 and ecodesk's light modules only, while the
database is opened in the next event-loop turn (`MainWindow.from_picture`); what the database
says then replaces whatever differs, since the picture only shows how the list looked when the
window last closed. It is written once the workspace is closed (`Controller`), so it names the
database file exactly as that close left it: its size and modification time, and its WAL.

A cache, not a file format: it is used only when this very version wrote it for this database
file as it is now, for the period and the language being opened; anything else (older, newer,
damaged, edited, from another workspace) is ignored without a word and written anew at the next
close. Deleting it is always safe. A read-only workspace neither writes nor needs one.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import NamedTuple

from ecodesk import __version__
from ecodesk.core.errors import UserError
from ecodesk.core.task_status import GROUPS, ListedTask, TaskStatus
from ecodesk.places import DB_NAME

NAME = "first_paint.json"
FORMAT = 1  # bump when what the picture holds changes
MAX_BYTES = 512 * 1024  # 37 rows take about 10 KB; anything far larger is not ours
MAX_ROWS = 100
MAX_TEXT = 4000  # characters of one title or tooltip (a long review comment fits)
MAX_WIDTH = 10_000  # pixels


class FirstPaint(NamedTuple):  # not a dataclass: `dataclasses` costs 4 ms to import at start
    """What the clerk's window shows before its workspace is open."""

    office: str
    period: int
    language: str
    rows: tuple[ListedTask, ...]
    list_width: int = 0  # the task list's width beside the built editor (0: not known)


def picture_path(root: Path) -> Path:
    return root / "cache" / NAME


def database_identity(root: Path) -> list[int] | None:
    """The database file as it is: size and modification time (ns), and its WAL's size (-1
    when there is none), so a change by anyone (the command line, a restore) tells."""
    try:
        db = os.stat(root / DB_NAME)
    except OSError:
        return None
    try:
        wal = os.stat(root / f"{DB_NAME}-wal").st_size
    except FileNotFoundError:
        wal = -1
    except OSError:
        return None
    return [db.st_size, db.st_mtime_ns, wal]


def load(root: Path, *, period: int, language: str) -> FirstPaint | None:
    """The picture for the database at `root` as it is now, for `period` in `language`; None
    when there is none that fits exactly."""
    identity = database_identity(root)
    if identity is None:
        return None
    try:
        path = picture_path(root)
        if path.stat().st_size > MAX_BYTES:
            return None
        data = _parsed(path.read_bytes())
        wanted = {"format": FORMAT, "version": __version__, "database": identity,
                  "period": period, "language": language}  # fmt: skip
        if not isinstance(data, dict) or any(data.get(k) != v for k, v in wanted.items()):
            return None
        office, rows = data.get("office"), data.get("rows")
        if not isinstance(office, str) or not _is_text(office):
            return None
        if not isinstance(rows, list) or not 0 < len(rows) <= MAX_ROWS:
            return None
        listed = tuple(_row(row) for row in rows)
        width = data.get("list_width", 0)
        if not _is_number(width, 0, MAX_WIDTH):
            return None
    except (OSError, ValueError, RecursionError, TypeError, KeyError, UnicodeError):
        return None
    if len({row.task for row in listed}) != len(listed):
        return None
    return FirstPaint(office, period, language, listed, width)


def _parsed(raw: bytes) -> object:
    """The JSON text `raw` as Python values (None when it is not JSON), read by Qt's parser:
    Python's `json` would cost ~3 ms to import before the first paint (its patterns compiled)."""
    from PySide6.QtCore import QJsonDocument

    return QJsonDocument.fromJson(raw).toVariant()


def _is_text(value: object) -> bool:
    return isinstance(value, str) and len(value) <= MAX_TEXT


def _is_number(value: object, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _row(data: object) -> ListedTask:
    """One row of the picture, or ValueError."""
    if not isinstance(data, dict):
        raise ValueError("not a row")
    task, group, title, tooltip = data["task"], data["group"], data["title"], data["tooltip"]
    fits = (
        _is_number(task, 1, 999) and _is_number(group, 1, len(GROUPS))
        and _is_text(title) and _is_text(tooltip)
    )  # fmt: skip
    if not fits:
        raise ValueError("not a row")
    status = TaskStatus(data["status"])  # ValueError when unknown
    return ListedTask(task, group, title, status, tooltip, title.lower())


def save(root: Path, picture: FirstPaint) -> None:
    """Write the picture (atomically) once the workspace at `root` is closed. Failing to write
    it costs only the quick start next time, so a failure is not reported."""
    from ecodesk.store.files import atomic_write_bytes

    identity = database_identity(root)
    if identity is None:
        return
    rows = [{"task": r.task, "group": r.group, "title": r.title, "status": r.status.value,
             "tooltip": r.tooltip} for r in picture.rows]  # fmt: skip
    data = {"format": FORMAT, "version": __version__, "database": identity,
            "period": picture.period, "language": picture.language, "office": picture.office,
            "list_width": picture.list_width, "rows": rows}  # fmt: skip
    import json  # not at start-up: the picture is read by `_parsed`

    text = json.dumps(data, ensure_ascii=False, indent=1)
    with contextlib.suppress(OSError, UserError):  # a full disk (NoSpaceError), a held file
        atomic_write_bytes(picture_path(root), text.encode("utf-8"))
        _keep_badges(root)


def badges_path(root: Path) -> Path:
    """The task badges as drawn, read with the picture (`ui.badges.use_kept_badges`)."""
    from ecodesk.ui.badges import kept_badges_name

    return picture_path(root).with_name(kept_badges_name())


def _keep_badges(root: Path) -> None:
    from ecodesk.store.files import atomic_write_bytes
    from ecodesk.ui.badges import kept_badges_png

    path = badges_path(root)
    if not path.exists():  # the same badges every time: written once
        atomic_write_bytes(path, kept_badges_png())
    for old in path.parent.glob("first_paint_badges-*.png"):  # another version's badges
        if old != path:
            old.unlink(missing_ok=True)
