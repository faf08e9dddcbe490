"""The dry run's file checks on every core of the task force's PC.

Checking a bundle (decrypting it, two signatures, then every line: canonical JSON, its shape,
the one validator) is Python work that threads cannot share out (the GIL), and it is most of a
national import's time. So with many files the checks run in worker processes, one per core
(at most `MAX_WORKERS`), while this process keeps the plan's spool and decides nothing until
every file is back — exactly as when it checks them itself: the files come back in their order,
each one checked by the same `check_file`, refused with the same message.

- A worker opens the workspace read-only (it writes nothing) and checks with the "today" and
  the language of the process that started the import.
- Processes are started with "spawn" on every system, as Windows must: what is measured on
  Linux is what a Windows task force gets. A frozen ecodesk (PyInstaller) starts its workers
  as itself: `ecodesk/frozen_processes.py`, called first in `ecodesk/__main__.py`.
- A file larger than `MAX_WORKER_FILE_BYTES` is checked here, streamed into the spool, so
  memory stays bounded: a worker hands its file's verified parts back whole.
- Few files (fewer than `MIN_FILES`) are checked here: starting workers would cost more than
  it saves. `ECODESK_IMPORT_WORKERS` sets the number of workers (0: check every file here).
- A worker that dies (killed, out of memory) costs no file: the files not yet back are then
  checked here.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import date
from pathlib import Path
from typing import Any

from ecodesk.bundle import keys
from ecodesk.bundle.errors import BundleError
from ecodesk.bundle.line_checks import LineContext
from ecodesk.bundle.merge_plan import Checked, Line, check_file
from ecodesk.bundle.merge_spool import Spool, pack
from ecodesk.core.i18n import language, set_language
from ecodesk.frozen_processes import prepare_to_start_children
from ecodesk.store.merge_writer import EntryRow

MIN_FILES = 24
MAX_WORKERS = 4
MAX_WORKER_FILE_BYTES = 8 * 1024 * 1024
CHUNK = 4  # files per job sent to a worker
WINDOW = 64  # jobs out at a time
# Run first in every worker, in this order. Only the national-scale bench uses it (bench/merge.py
# lets its thousands of synthetic offices through, in the workers too).
WORKER_SETUP: list[Callable[[], None]] = []

Outcome = Checked | BundleError
# A worker's verified parts of a file: manifest, signature, entry lines, what deciding needs of each
# line and what writing needs, these two packed for the spool by the worker (`merge_spool.pack`):
# the importing process, which shares the cores with the workers, then only writes bytes.
Parts = tuple[bytes, bytes, bytes, bytes, bytes]


def worker_count(files: int) -> int:
    """How many worker processes check `files` files (0: this process checks them)."""
    if multiprocessing.current_process().daemon:
        return 0  # a daemonic process may not start processes (an import inside a Pool worker)
    wanted = os.environ.get("ECODESK_IMPORT_WORKERS", "").strip()
    if wanted.isdigit():
        return int(wanted)
    if files < MIN_FILES:
        return 0
    cores = min(os.cpu_count() or 1, MAX_WORKERS)
    return cores if cores >= 2 else 0


def checked_files(
    ws: Any,
    paths: list[Path],
    *,
    decrypt_keys: Any,
    context: LineContext,
    spool: Spool,
    workers: int,
) -> Iterator[tuple[Path, Outcome]]:
    """Each of `paths` checked (`check_file`), in their order, its verified parts in `spool`."""
    if workers < 1:
        for path in paths:
            yield path, _check_here(ws, path, decrypt_keys, context, spool)
        return
    farmed = [i for i, path in enumerate(paths) if _small(path)]
    for_workers = set(farmed)
    prepare_to_start_children()
    pool = ProcessPoolExecutor(
        workers, multiprocessing.get_context("spawn"), initializer=_start_worker,
        initargs=(str(ws.root), context.today, language(), tuple(WORKER_SETUP)),
    )  # fmt: skip
    try:
        results: Iterator[Any] | None = _results(pool, paths, farmed)
        for i, path in enumerate(paths):
            outcome = None
            if results is not None and i in for_workers:
                try:
                    outcome = _spooled(next(results), i, spool)
                except BrokenProcessPool:
                    results = (
                        None  # a worker died (killed, out of memory): the rest is checked here
                    )
            if outcome is None:
                outcome = _check_here(ws, path, decrypt_keys, context, spool)
            yield path, outcome
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _results(
    pool: ProcessPoolExecutor, paths: list[Path], farmed: list[int]
) -> Iterator[tuple[int, Outcome, Parts | None]]:
    """The workers' results for the files `farmed`, in order. At most `WINDOW` jobs of `CHUNK`
    files are out at a time, so the results waiting here stay few whatever the number of files.
    Raises BrokenProcessPool if a worker died."""
    chunks = iter([farmed[i : i + CHUNK] for i in range(0, len(farmed), CHUNK)])
    out: deque[Future[list[Any]]] = deque()

    def send_one() -> None:
        chunk = next(chunks, None)
        if chunk is not None:
            out.append(pool.submit(_check_chunk_in_worker, [(i, str(paths[i])) for i in chunk]))

    for _ in range(WINDOW):
        send_one()
    while out:
        done = out.popleft().result()
        send_one()
        yield from done


def _spooled(result: tuple[int, Outcome, Parts | None], index: int, spool: Spool) -> Outcome:
    """A worker's outcome for file `index`, its verified parts put in the spool."""
    checked_index, outcome, parts = result
    assert checked_index == index, "the workers' results come back in order"
    if isinstance(outcome, Checked) and parts is not None:
        manifest, signature, entries, lines, rows = parts
        outcome.spooled = spool.add_packed(manifest, signature, iter((entries,)), lines, rows)
    return outcome


def _check_here(
    ws: Any, path: Path, decrypt_keys: Any, context: LineContext, spool: Spool
) -> Outcome:
    try:
        return check_file(ws, path, decrypt_keys=decrypt_keys, context=context, keep=spool.add)
    except BundleError as exc:
        return exc


def _small(path: Path) -> bool:
    """Whether a worker may check the file (an unreadable one is left to this process, which
    then says why)."""
    try:
        return os.stat(path).st_size <= MAX_WORKER_FILE_BYTES
    except OSError:
        return False


# ---------------------------------------------------------------- in a worker process

_worker: tuple[Any, Any, LineContext] | None = None


def _start_worker(
    root: str, today: date | None, lang: str, setup: tuple[Callable[[], None], ...]
) -> None:
    from ecodesk.store.workspace import Workspace

    global _worker
    for step in setup:
        step()
    set_language(lang)
    # The importing process opened (and checked) the same database moments ago.
    ws = Workspace.open(Path(root), read_only=True, integrity_checked=True)
    _worker = (ws, keys.decryption_keys(ws), LineContext.of(ws, today))


def _check_chunk_in_worker(jobs: list[tuple[int, str]]) -> list[tuple[int, Outcome, Parts | None]]:
    return [_check_in_worker(job) for job in jobs]


def _check_in_worker(job: tuple[int, str]) -> tuple[int, Outcome, Parts | None]:
    index, path = job
    assert _worker is not None, "started by _start_worker"
    ws, decrypt_keys, context = _worker
    kept: list[Parts] = []

    def keep(
        manifest: bytes,
        signature: bytes,
        entries: Iterator[bytes],
        lines: list[Line],
        rows: list[EntryRow],
    ) -> None:
        kept.append((manifest, signature, b"".join(entries), pack(lines), pack(rows)))

    try:
        checked = check_file(ws, Path(path), decrypt_keys=decrypt_keys, context=context, keep=keep)
    except BundleError as exc:
        return index, exc, None
    return index, checked, kept[0] if kept else None
