"""Atomic file writes: temp file in the same folder, fsync, rename, fsync the folder.

Every file ecodesk hands to a person (report, archive, workbook, template, bundle, task package,
backup) goes through `atomic_writer`, so a full disk leaves the old file or none, never a
truncated or empty one, and says so in words (`NoSpaceError`) instead of a traceback.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from ecodesk.core.errors import UserError
from ecodesk.core.i18n import t

# Out of space, over a quota, or over the largest file this process may write (RLIMIT_FSIZE,
# or FAT32's 4 GB): to the person writing the file these are all "no room for it here".
_NO_ROOM = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


class NoSpaceError(UserError):
    """The target's file system had no room; nothing was left behind."""

    def __init__(self, target: Path) -> None:
        self.target = target
        super().__init__(
            t(
                f"磁盘空间不足，无法写入 {target}（没有留下不完整的文件）。"
                "请腾出空间或另选位置后重试",
                f"not enough disk space to write {target} (no partial file was left); "
                "free some space or choose another place and try again",
            )
        )


def is_no_room(exc: BaseException) -> bool:
    """Whether `exc` (or what it was raised from) says the disk or a size limit ran out."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno in _NO_ROOM:
            return True
        current = current.__cause__ or current.__context__
    return False


def _read_umask() -> int:
    # os.umask can only be read by setting it; do that once, at import, before any thread runs.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()


@contextlib.contextmanager
def atomic_writer(target: Path, *, private: bool = False) -> Iterator[BinaryIO]:
    """Write `target` so that it is either the old file or the complete new one, never half.

    The file gets the usual permissions (0666 less the umask), so an archive or a bundle can
    be shared; `private=True` keeps it to its owner (0600), for secret keys.
    """
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # The temp name starts like the target's (a person sees whose it is) but stays short:
        # a target name near the 255-byte limit must not make its temp name too long.
        fd, temp_name = tempfile.mkstemp(
            prefix=f".{target.name[:32]}.", suffix=".part", dir=target.parent
        )
    except OSError as exc:
        if is_no_room(exc):
            raise NoSpaceError(target) from exc
        raise
    temp = Path(temp_name)
    try:
        os.chmod(temp, 0o600 if private else 0o666 & ~_UMASK)
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
        fsync_dir(target.parent)
    except BaseException as exc:
        temp.unlink(missing_ok=True)
        if is_no_room(exc):
            raise NoSpaceError(target) from exc
        raise


def atomic_write_bytes(target: Path, data: bytes, *, private: bool = False) -> None:
    with atomic_writer(target, private=private) as handle:
        handle.write(data)


def fsync_dir(folder: Path) -> None:
    if os.name != "posix":  # Windows cannot open a directory for fsync; NTFS journals the rename
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
