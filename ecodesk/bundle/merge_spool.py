"""What the dry run verified, kept for the import: each accepted file's signed manifest, its
signature, its entry lines exactly as received, and what deciding needs of each line.

One unnamed temporary file in the workspace's scratch folder (0700): gone when the import is done
or the process ends, whatever happens. It holds the same plaintext the database will hold. Memory
stays flat whatever the number of files, and the import never decrypts or parses a bundle twice:
it imports exactly the bytes the dry run checked (and refuses a file changed since).
"""

from __future__ import annotations

import marshal
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any


@dataclass(frozen=True)
class Spooled:
    """Where a file's parts are in the spool."""

    offset: int
    manifest: int  # sizes, in this order
    signature: int
    entries: int
    lines: int
    rows: int


def pack(parts: Any) -> bytes:
    """What deciding or writing needs of a file's lines, as the spool keeps it."""
    return marshal.dumps(parts)


class Spool:
    """Append-only parts of verified files; read back by `Spooled` address."""

    def __init__(self, scratch: Path) -> None:
        self._file: IO[bytes] = tempfile.TemporaryFile(dir=str(scratch))  # noqa: SIM115 (close())
        self._lock = threading.Lock()  # the GUI's dry run and import run on worker threads

    def close(self) -> None:
        self._file.close()

    def add(
        self, manifest: bytes, signature: bytes, entries: Iterator[bytes], lines: Any, rows: Any
    ) -> Spooled:
        """Append one file's parts (`entries` as chunks; `lines`, what deciding needs of each
        line, and `rows`, what writing needs, as marshal can write them)."""
        return self.add_packed(manifest, signature, entries, pack(lines), pack(rows))

    def add_packed(
        self, manifest: bytes, signature: bytes, entries: Iterator[bytes], lines: bytes, rows: bytes
    ) -> Spooled:
        """`add`, with `lines` and `rows` already packed (`pack`), as a worker process of the dry
        run sends them: the importing process then only writes bytes."""
        with self._lock:
            handle = self._file
            offset = handle.seek(0, 2)
            handle.write(manifest)
            handle.write(signature)
            size = 0
            for chunk in entries:
                handle.write(chunk)
                size += len(chunk)
            handle.write(lines)
            handle.write(rows)
            return Spooled(offset, len(manifest), len(signature), size, len(lines), len(rows))

    def _read(self, offset: int, size: int) -> bytes:
        with self._lock:
            self._file.seek(offset)
            return self._file.read(size)

    def signed(self, at: Spooled) -> tuple[bytes, bytes, bytes]:
        """The manifest, its signature and the entry lines, exactly as received."""
        raw = self._read(at.offset, at.manifest + at.signature + at.entries)
        first, second = at.manifest, at.manifest + at.signature
        return raw[:first], raw[first:second], raw[second:]

    def manifest(self, at: Spooled) -> bytes:
        return self._read(at.offset, at.manifest)

    def lines(self, at: Spooled) -> Any:
        return marshal.loads(
            self._read(at.offset + at.manifest + at.signature + at.entries, at.lines)
        )

    def rows(self, at: Spooled) -> Any:
        return marshal.loads(
            self._read(at.offset + at.manifest + at.signature + at.entries + at.lines, at.rows)
        )
