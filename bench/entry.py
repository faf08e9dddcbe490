"""Open and save an entry: p50/p95 next to a raw sqlite-utils write of the same row.

Goal (issue 3): open ≤ 30 ms, save ≤ 10 ms. Both sides run on the same machine in the
same run, with the same pragmas (WAL, synchronous=FULL), so the ratio is what to compare.

    .venv/bin/python bench/entry.py [--rounds 300]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from sqlite_utils import Database

from ecodesk.store.demo import build_demo
from ecodesk.store.workspace import Workspace


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(int(q * len(ordered)), len(ordered) - 1)] * 1000


def timed(action, rounds: int) -> list[float]:  # type: ignore[no-untyped-def]
    samples = []
    for i in range(rounds):
        start = time.perf_counter()
        action(i)
        samples.append(time.perf_counter() - start)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=300)
    rounds = parser.parse_args().rounds
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "ws"
        build_demo(root).close()
        ws = Workspace.open(root)
        tasks = ws.tasks(2023)

        def open_entry(i: int) -> None:
            task = tasks[i % len(tasks)]
            ws.entry(task, 2023)
            ws.evaluate(task, 2023)

        def save_entry(i: int) -> None:
            ws.save(3, 2023, values={"assessment_share": float(20 + i % 50)}, plan=f"计划 {i}")

        raw = Database(Path(scratch) / "raw.db")
        raw.execute("PRAGMA journal_mode=WAL")
        raw.execute("PRAGMA synchronous=FULL")
        row = {
            "uuid": "x",
            "office": "成县",
            "task": 3,
            "period": 2023,
            "values_json": "{}",
            "plan": "",
            "revision": 0,
        }
        raw["entries"].insert(row, pk="uuid")

        def raw_save(i: int) -> None:
            raw["entries"].upsert(
                {
                    **row,
                    "values_json": json.dumps({"assessment_share": i}),
                    "plan": f"计划 {i}",
                    "revision": i,
                },
                pk="uuid",
            )

        def raw_open(i: int) -> None:
            raw["entries"].get("x")

        results = {
            "open (ecodesk: entry + evaluation)": timed(open_entry, rounds),
            "open (raw sqlite-utils get)": timed(raw_open, rounds),
            "save (ecodesk: audited transaction)": timed(save_entry, rounds),
            "save (raw sqlite-utils upsert)": timed(raw_save, rounds),
        }
        ws.close()
    print(f"{'operation':40} {'p50 ms':>8} {'p95 ms':>8}")
    for name, samples in results.items():
        print(f"{name:40} {percentile(samples, 0.5):8.2f} {percentile(samples, 0.95):8.2f}")
    open_p50 = statistics.median(results["open (ecodesk: entry + evaluation)"])
    save_p50 = statistics.median(results["save (ecodesk: audited transaction)"])
    raw_save_p50 = statistics.median(results["save (raw sqlite-utils upsert)"])
    raw_open_p50 = statistics.median(results["open (raw sqlite-utils get)"])
    print(f"\nopen ratio ecodesk/raw (p50): {open_p50 / raw_open_p50:.2f}x")
    print(f"save ratio ecodesk/raw (p50): {save_p50 / raw_save_p50:.2f}x")
    print(
        f"goal: open p50 ≤ 30 ms (now {open_p50 * 1000:.2f}), save p50 ≤ 10 ms (now {save_p50 * 1000:.2f})"
    )


if __name__ == "__main__":
    main()
