"""A folder that really cannot be written, as on a CD, a locked USB stick or an archive share.

For a normal user, taking away the write permission is enough. Root ignores permissions, so for
root the folder is shown through a read-only bind mount (the kernel refuses every write with
EROFS, for root too); where root may not mount, the test is skipped rather than faked.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


@contextlib.contextmanager
def read_only_media(source: Path, mount_point: Path) -> Iterator[Path]:
    """`source`'s content in a folder nobody can write; the path of that folder."""
    if os.geteuid() != 0:
        with _without_write_permission(source):
            _check_really_read_only(source)
            yield source
        return
    mount_point.mkdir(parents=True, exist_ok=True)
    if shutil.which("mount") is None:
        pytest.skip("root needs a read-only mount and `mount` is not available")
    done = subprocess.run(["mount", "--bind", "-o", "ro", str(source), str(mount_point)],
                          capture_output=True, text=True, check=False)  # fmt: skip
    if done.returncode != 0:
        pytest.skip(f"root cannot make a read-only mount here: {done.stderr.strip()}")
    try:
        _check_really_read_only(mount_point)
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


@contextlib.contextmanager
def _without_write_permission(root: Path) -> Iterator[None]:
    paths = [root, *root.rglob("*")]
    modes = {path: path.stat().st_mode for path in paths}
    writable = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
    for path in sorted(paths, reverse=True):  # children first, the folder itself last
        path.chmod(modes[path] & ~writable)
    try:
        yield
    finally:
        for path in sorted(paths):
            path.chmod(modes[path])


def _check_really_read_only(folder: Path) -> None:
    try:
        (folder / ".write-test").write_bytes(b"x")
    except OSError:
        return
    (folder / ".write-test").unlink()
    raise AssertionError(f"{folder} is still writable; the test would prove nothing")


def folder_digest(folder: Path) -> dict[str, bytes]:
    """Every file's bytes, to show that nothing was written. Left out: SQLite's `-shm` (the
    WAL's shared-memory index, which every reader in a writable folder updates) and an empty
    `-wal` (which such a reader may create, and the last connection removes again)."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
        and not p.name.endswith("-shm")
        and not (p.name.endswith("-wal") and p.stat().st_size == 0)
    }
