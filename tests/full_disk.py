"""A really full file system for tests: a small tmpfs (or loop-mounted ext2 image) filled to the
last byte. Mounting needs root; without it the test is skipped and says so.
"""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

FILLER = "filler"


def _mount_small_fs(folder: Path, scratch: Path) -> str:
    """Mount a tiny file system on `folder`; return "" on success, else why it could not."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "mounting a small file system needs root (tmpfs or a loop image)"
    tmpfs = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(folder)], capture_output=True
    )
    if tmpfs.returncode == 0:
        return ""
    image = scratch / "small.img"
    with image.open("wb") as handle:
        handle.truncate(2 * 1024 * 1024)
    steps = [
        ["mkfs.ext2", "-q", "-F", str(image)],
        ["mount", "-o", "loop", str(image), str(folder)],
    ]
    for step in steps:
        done = subprocess.run(step, capture_output=True)
        if done.returncode != 0:
            return (
                f"cannot mount a small file system here: tmpfs ({tmpfs.stderr.decode().strip()}), "
                f"loop image ({done.stderr.decode().strip()})"
            )
    return ""


def _fill(folder: Path) -> None:
    """Write a filler file until the file system refuses another byte."""
    with (folder / FILLER).open("wb", buffering=0) as handle:
        for size in (64 * 1024, 4096, 1):
            try:
                while True:
                    handle.write(b"\0" * size)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC, exc


@contextlib.contextmanager
def full_filesystem(scratch: Path) -> Iterator[Path]:
    """A folder on a small file system with not one byte free; skips the test if none can be
    mounted (saying why)."""
    folder = scratch / "full"
    folder.mkdir()
    reason = _mount_small_fs(folder, scratch)
    if reason:
        pytest.skip(reason)
    try:
        _fill(folder)
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def nothing_left(folder: Path) -> None:
    """Only the filler: no empty, partial or temporary file was left on the full disk."""
    assert sorted(p.name for p in folder.iterdir()) == [FILLER]
