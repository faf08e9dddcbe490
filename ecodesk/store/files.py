"""Atomic file writes: temp file in the same folder, fsync, rename, fsync the folder.

Every file ecodesk hands to a person (report, archive, workbook, template, bundle, task package,
backup) goes through `atomic_writer`, so a full disk leaves the old file or none, never a
truncated or empty one, and says so in words (`NoSpaceError`) instead of a traceback.

Every rename that puts a finished file (or folder) in place goes through `replace_file`. On
Windows a rename onto a file that another program has open fails with PermissionError: an
antivirus scanning the new file, Explorer drawing its preview, Excel holding last year's
workbook. Those hold on for a moment, so `replace_file` tries again for about two seconds before
it says which file is held (`FileBusyError`). On Windows a path longer than the classic 260
characters fails in many programs; `check_path_fits` refuses it first, naming the path.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from ecodesk.core.errors import UserError
from ecodesk.core.filenames import WINDOWS_MAX_PATH, fits_windows_path
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


class FileBusyError(UserError):
    """The target stayed held by another program through every retry; the old file is intact."""

    def __init__(self, target: Path) -> None:
        self.target = target
        super().__init__(
            t(
                f"无法写入 {target}：该文件正被其他程序占用（杀毒软件、资源管理器的预览或打开它的"
                "程序）。请关闭打开它的程序，稍后重试；原有文件没有改动。",
                f"cannot write {target}: another program holds the file (an antivirus, "
                "Explorer's preview or a program that has it open). Close that program and try "
                "again; the existing file was not changed.",
            )
        )


class PathTooLongError(UserError):
    """The path is longer than Windows' classic limit (or the file system's): nothing written."""

    def __init__(self, target: Path) -> None:
        self.target = target
        length = len(str(target))
        super().__init__(
            t(
                f"路径过长（{length} 个字符，Windows 最多 {WINDOWS_MAX_PATH} 个）：{target}。"
                "请选择层级更浅、名称更短的文件夹（例如 D:\\备份）。",
                f"path too long ({length} characters, Windows allows {WINDOWS_MAX_PATH}): "
                f"{target}. Choose a folder nearer the top with a shorter name (e.g. D:\\backup).",
            )
        )


# Test seam: the Windows rules (path length, retrying a held file) apply on Windows; tests
# switch them on elsewhere to simulate it.
ON_WINDOWS = os.name == "nt"
# Waits between attempts of a rename that another program blocks (about 2 s in all).
REPLACE_WAITS = (0.05, 0.1, 0.15, 0.2, 0.25, 0.25, 0.5, 0.5)


def check_path_fits(target: Path, *, also: Path | None = None) -> None:
    """Refuse, naming `target`, a path Windows' classic 260-character limit would break
    (`also`: a helper path written on the way, such as the temp file beside it)."""
    if not ON_WINDOWS:
        return
    for path in (target, also or target):
        if not fits_windows_path(os.path.abspath(path), limit=WINDOWS_MAX_PATH):
            raise PathTooLongError(target)


def replace_file(source: Path, target: Path, *, sleep=time.sleep) -> None:  # type: ignore[no-untyped-def]
    """`os.replace(source, target)`, tried again while another program holds the target.

    PermissionError is what Windows raises for a sharing violation or a file pending deletion;
    the last failure becomes `FileBusyError`. Elsewhere it means real permissions, which
    waiting does not change: raised at once.
    """
    for wait in (*REPLACE_WAITS, None):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if not ON_WINDOWS:
                raise
            if wait is None:
                raise FileBusyError(target) from None
            sleep(wait)
        except OSError as exc:
            if exc.errno == errno.ENAMETOOLONG:
                raise PathTooLongError(target) from None
            raise


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
    check_path_fits(target, also=target.parent / f".{target.name[:32]}.12345678.part")
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
        if exc.errno == errno.ENAMETOOLONG:
            raise PathTooLongError(target) from None
        raise
    temp = Path(temp_name)
    try:
        os.chmod(temp, 0o600 if private else 0o666 & ~_UMASK)
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        replace_file(temp, target)
        fsync_dir(target.parent)
    except BaseException as exc:
        with contextlib.suppress(OSError):  # an antivirus may hold the temp file too
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
