"""National-scale import and merge: synthetic bundles from many offices, imported at the task force.

    .venv/bin/python bench/merge.py                 # 2,844 offices x 37 tasks, one period (105,228 entries)
    .venv/bin/python bench/merge.py --periods 8     # 2022-2029: 22,752 bundles, 841,824 entries
    .venv/bin/python bench/merge.py --offices 200   # a quick run

Prints import+merge throughput (dry run, then the import batch by batch) as a ratio to a raw
sqlite-utils `insert_all` of the same rows in the same run (goal >= 0.5), timed once before the
import and once after it (the ratio takes their mean: a change in the machine's load during the
run then touches both sides, where one baseline before would charge it to one side), and the
peak memory (goal <= 300 MB). Every line is valid: the bench checks that every entry was merged
(none refused, the entries table holds them all) and says so. It prints; it never asserts.

Periods are the plan's first ones (2022 onwards); the importing process pins "today" to the end of
the last period generated, so no period lies in the future (the validator refuses those).

The dry run checks the files in worker processes, one per core (bundle/merge_workers.py), as the
task force's PC does; their CPU time is counted in the import's, and their peak memory is printed
beside the importing process's.

The import is timed as the baseline is, untraced. Tracing every allocation (tracemalloc) slows
Python code four- to fivefold and would charge that to one side only. The timed import runs in a
fresh process, which reports its peak resident size; a second fresh process imports the same files
into a copy of the task force's workspace (made before either import) under tracemalloc for the
peak Python heap, and its time is printed too.

Longnan has ~33 offices; a national run needs thousands of office names, so the bench lets any
office name pass the schema check (the only change to the code under test).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import functools
import multiprocessing
import resource
import shutil
import sys
import tempfile
import time
import tracemalloc
import uuid as uuidlib
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey  # noqa: E402
from sqlite_utils import Database  # noqa: E402
from valid_lines import reported_indicators, valid_value  # noqa: E402

from ecodesk import SCHEMA_VERSION  # noqa: E402
from ecodesk.bundle import api, container, envelope, keys, merge_workers, schema  # noqa: E402
from ecodesk.bundle.container import Member  # noqa: E402
from ecodesk.bundle.keys import KeyPair  # noqa: E402
from ecodesk.bundle.strictjson import dumps  # noqa: E402
from ecodesk.core import assignments, offices  # noqa: E402
from ecodesk.core.forms import Indicator  # noqa: E402
from ecodesk.core.periods import PERIODS  # noqa: E402
from ecodesk.store import keys as key_store  # noqa: E402
from ecodesk.store import workspace as workspace_module  # noqa: E402
from ecodesk.store.workspace import Workspace  # noqa: E402


def _any_office(value: object) -> bool:
    return isinstance(value, str) and 0 < len(value) < 100


def _line(office: str, task: int, period: int, install: str, indicators: list[Indicator]) -> dict:  # type: ignore[type-arg]
    return {
        "uuid": str(uuidlib.uuid4()), "office": office, "task": task, "period": period,
        "values": {ind.id: valid_value(ind, task) for ind in indicators[:2]}, "plan": f"{office} 第 {task} 项任务的年度计划安排",
        "corrective_measures": "", "not_applicable": False, "not_applicable_reason": "", "state": "complete",
        "revision": 3, "install_id": install, "updated_at": "2024-03-01T08:00:00.000+00:00",
        "updated_by": f"clerk@{office}", "evidence": [],
    }  # fmt: skip


def generate(tf: Workspace, out: Path, offices: int, periods: int) -> tuple[list[Path], list[dict]]:  # type: ignore[type-arg]
    recipient = keys.own_keys(tf).public
    # Indicators every office reports (some apply to named offices only, some to the lead unit
    # only), with a valid value each; the synthetic offices are counties, never lead units.
    indicators = reported_indicators(tf.forms, "单位0000")
    files, rows = [], []
    for n in range(offices):
        office = f"单位{n:04d}"
        pair = KeyPair(Ed25519PrivateKey.generate(), X25519PrivateKey.generate())
        install = str(uuidlib.uuid4())
        key_store.add_key(tf.db, key_store.KeyRecord(
            pair.public.key_id, office, install, "office", keys.b64(pair.public.sign_pub),
            keys.b64(pair.public.box_pub), pair.public.fingerprint))  # fmt: skip
        previous = ""
        for sequence, period in enumerate(_periods(periods), 1):
            lines = [_line(office, task, period, install, indicators[task]) for task in indicators]
            rows.extend({**x, "values": dumps(x["values"]), "evidence": "[]"} for x in lines)
            manifest = {
                "format": "ecodesk-bundle", "format_version": schema.BUNDLE_FORMAT_VERSION, "kind": "bundle",
                "app_version": "bench", "suite": envelope.SUITE,
                "schema_version": SCHEMA_VERSION, "office": office, "install_id": install,
                "key_id": pair.public.key_id, "sequence": sequence, "period": period, "full": True,
                "previous_sha256": previous, "created": "2024-03-01T08:00:00.000+00:00",
                "recipient": {"key_id": recipient.key_id, "fingerprint": recipient.fingerprint,
                              "age": envelope.age_recipient(recipient.box_pub)},
                "entry_count": len(lines), "rotations": [],
            }  # fmt: skip
            body = "".join(dumps(x) + "\n" for x in lines).encode()
            signed, raw = container.build(manifest, [Member("entries.jsonl", body)], pair)
            import hashlib

            previous = hashlib.sha256(raw).hexdigest()
            path = out / f"{office}-{period}-{sequence:04d}.ecb"
            path.write_bytes(envelope.seal(signed, recipient_box_pub=recipient.box_pub))
            files.append(path)
    return files, rows


def _periods(count: int) -> range:
    """The plan's first `count` periods (2022-2030 are the plan's)."""
    return range(PERIODS[0], PERIODS[0] + count)


def _import_all(tf: Workspace, files: list[Path]) -> tuple[dict[str, int], int]:
    """The dry run, then the import (as the task force's window and `ecodesk import` do)."""
    plan = api.plan_import(tf, files)
    done = api.apply_import(tf, plan)
    return dict(done.counts), done.transactions


class _AnyName(frozenset):  # type: ignore[type-arg]
    def __contains__(self, name: object) -> bool:
        return isinstance(name, str)


def _allow_any_office() -> None:
    """Let the synthetic offices through the schema and the validator, each as a county (which
    reports every task), so every line is checked and merged as a real county's would be."""
    schema.BUNDLE_MANIFEST["office"] = _any_office
    schema.ENTRY["office"] = _any_office
    workspace_module.OFFICE_NAMES = _AnyName()  # type: ignore[attr-defined]
    real_office_by_name = assignments.office_by_name

    @functools.cache
    def office_by_name(name: str) -> offices.Office:
        if name in offices.OFFICE_NAMES:
            return real_office_by_name(name)
        return dataclasses.replace(real_office_by_name(offices.COUNTIES[0]), name=name)

    assignments.office_by_name = office_by_name  # type: ignore[assignment]
    # The import's worker processes (merge_workers.py) check files with the same leniency.
    if _allow_any_office not in merge_workers.WORKER_SETUP:
        merge_workers.WORKER_SETUP.append(_allow_any_office)


def _pin_today(periods: int) -> None:
    """Every generated period has begun: "today" is the last day of the last one."""
    last_day = datetime.date(_periods(periods)[-1], 12, 31)
    Workspace.today = lambda self: last_day  # type: ignore[method-assign]


def _peak_rss() -> int:
    """This process's peak resident size in bytes. On Linux VmHWM, which counts this program only:
    ru_maxrss keeps the parent's size at the fork before the exec (the bench's parent holds every
    generated row), which made earlier runs report the parent's 900 MB as the import's."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    line = next(x for x in status.splitlines() if x.startswith("VmHWM:"))
    return int(line.split()[1]) * 1024


def _cpu_time() -> float:
    """CPU seconds of this process and of its finished children: the dry run's worker processes
    (bundle/merge_workers.py) count too, so the CPU-time ratio is the whole import's."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _import_in_child(root: Path, files: list[Path], periods: int, traced: bool) -> dict[str, Any]:
    """Run in a fresh process: import `files` into the task force's workspace at `root`."""
    _allow_any_office()
    _pin_today(periods)
    tf = Workspace.open(root)
    if traced:
        tracemalloc.start()
    started, cpu = time.perf_counter(), _cpu_time()
    counts, batches = _import_all(tf, files)
    elapsed, cpu = time.perf_counter() - started, _cpu_time() - cpu
    peak = tracemalloc.get_traced_memory()[1] if traced else 0
    tracemalloc.stop()
    stored = tf.db.execute("SELECT COUNT(*) FROM entries").fetchone()[0]
    tf.close()
    rss = _peak_rss()
    workers_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024  # the largest one
    return {"elapsed": elapsed, "cpu": cpu, "counts": counts, "peak": peak, "rss": rss,
            "stored": stored, "batches": batches, "workers_rss": workers_rss}  # fmt: skip


def _child(answer: Any, *args: Any) -> None:
    answer.send(_import_in_child(*args))


def _in_fresh_process(*args: Any) -> dict[str, Any]:
    """`_import_in_child(*args)` in a new interpreter (not a Pool's: its daemonic workers may
    not start the import's own worker processes)."""
    spawn = multiprocessing.get_context("spawn")
    receive, send = spawn.Pipe(duplex=False)
    child = spawn.Process(target=_child, args=(send, *args))
    child.start()
    send.close()
    result: dict[str, Any] = receive.recv()
    child.join()
    return result


def _insert_all(path: Path, rows: list[dict[str, Any]]) -> tuple[float, float]:
    """The baseline: seconds (wall clock, CPU) sqlite-utils takes to insert `rows` into a new
    database, as the import's entries (UUID primary key)."""
    db = Database(path)
    started, cpu = time.perf_counter(), time.process_time()
    db["entries"].insert_all(rows, pk="uuid", batch_size=1000)  # type: ignore[union-attr]
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    db.close()
    path.unlink()
    return elapsed, cpu


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--offices", type=int, default=2844)
    parser.add_argument("--periods", type=int, default=1, choices=range(1, len(PERIODS) + 1))
    parser.add_argument(
        "--no-heap",
        action="store_true",
        help="skip the second, traced import (tracemalloc slows it fourfold: long at 8 periods)",
    )
    args = parser.parse_args()
    _allow_any_office()
    _pin_today(args.periods)

    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        tf = Workspace.create(root / "tf", office=None, task_force=True)
        (root / "out").mkdir()
        started = time.perf_counter()
        files, rows = generate(tf, root / "out", args.offices, args.periods)
        expected = len(rows)
        print(
            f"generated {len(files)} bundles, {len(rows)} entries in {time.perf_counter() - started:.1f} s"
        )
        tf.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.copytree(tf.root, root / "tf-traced")
        tf.close()

        before = _insert_all(root / "baseline-before.db", rows)
        print(
            f"raw sqlite-utils insert_all, before the import: {before[0]:.2f} s ({before[1]:.2f} s CPU)"
        )
        timed = _in_fresh_process(root / "tf", files, args.periods, False)
        after = _insert_all(root / "baseline-after.db", rows)
        del rows
        print(
            f"raw sqlite-utils insert_all, after the import: {after[0]:.2f} s ({after[1]:.2f} s CPU)"
        )
        baseline, baseline_cpu = (before[0] + after[0]) / 2, (before[1] + after[1]) / 2
        traced = (
            None
            if args.no_heap
            else _in_fresh_process(root / "tf-traced", files, args.periods, True)
        )
        total = sum(timed["counts"].values())
        print(
            f"import+merge (dry run, then the import in {timed['batches']} transactions): "
            f"{timed['elapsed']:.2f} s ({timed['cpu']:.2f} s CPU), "
            f"{total / timed['elapsed']:,.0f} entries/s, {timed['counts']}"
        )
        merged = timed["counts"].get("new", 0)
        every = merged == expected == timed["stored"] and not timed["counts"].get("rejected")
        print(
            f"every entry merged: {'yes' if every else 'NO'} ({merged:,} new of {expected:,} "
            f"generated, {timed['stored']:,} in the entries table, "
            f"{timed['counts'].get('rejected', 0)} bundles refused)"
        )
        # On a shared machine the wall-clock ratio swings with the other processes' load; the
        # CPU-time ratio (in the same run; the import's includes its worker processes, so it says
        # how much work it does, not how fast it ends) is the steadier one.
        print(
            f"throughput ratio to raw insert_all (the mean of before and after): "
            f"{baseline / timed['elapsed']:.2f} wall clock, "
            f"{baseline_cpu / timed['cpu']:.2f} CPU time (goal >= 0.5)"
        )
        heap = (
            "not measured (--no-heap)"
            if traced is None
            else f"{traced['peak'] / 1e6:.0f} MB (tracemalloc, in a second fresh process; "
            f"that import took {traced['elapsed']:.2f} s traced)"
        )
        print(
            f"peak memory: {timed['rss'] / 1e6:.0f} MB max RSS of the importing process "
            f"(goal <= 300 MB), {timed['workers_rss'] / 1e6:.0f} MB of its largest worker "
            f"process; peak Python heap {heap}"
        )


if __name__ == "__main__":
    main()
