"""How fast the review matrix opens a national-scale period: 2,844 offices × 37 tasks.

Builds the database once (synthetic office names, rows inserted through the store's own schema),
then times (a) a bare SQL GROUP BY over the period's entries and (b) MatrixModel.refresh() for
the same period, which lists the offices, counts every cell status of the period in SQL for the
column totals (exact for all offices at once, but met / not met) and evaluates only the first
batch of rows: the view fetches the rest as it scrolls. Both start cold each time: the database
connection lets go of its page cache first (PRAGMA shrink_memory), and the model drops its cached
totals, as on opening the window. Prints the ratio refresh / GROUP BY in the same run (goal:
≤ 0.5×, on the median) — absolute milliseconds swing with the machine, the ratio much less.
Also prints a refresh after a status filter (totals cached, offices narrowed in SQL) and how
much evaluation the idle not-met count does in all (spread over event-loop turns in the app).
Prints, never asserts.

    .venv/bin/python bench/matrix.py [--offices 2844] [--repeat 7]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ecodesk.store import matrix  # noqa: E402
from ecodesk.store.db import write_transaction  # noqa: E402
from ecodesk.store.workspace import Workspace  # noqa: E402

PERIOD = 2023


def build(root: Path, offices: int) -> Workspace:
    ws = Workspace.create(root, office=None, task_force=True)
    rng = random.Random(6)
    rows = []
    for i in range(offices):
        office = f"合成县{i:04d}"
        for task, form in ws.forms.items():
            values = {
                ind.id: (True if ind.type.value == "yesno" else round(rng.uniform(0, 100), 1))
                for ind in form.indicators
                if ind.type.value in ("number", "percent", "yesno")
            }
            rows.append((str(uuid.uuid4()), office, task, PERIOD, json.dumps(values), "计划", "",
                         0, "", "complete", "", "", 1, "bench", "", "bench"))  # fmt: skip
    with write_transaction(ws.db):
        ws.db.conn.executemany(
            "INSERT INTO entries (uuid, office, task, period, values_json, plan, corrective_measures, "
            "not_applicable, not_applicable_reason, state, review, review_comment, revision, "
            "install_id, updated_at, updated_by) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            rows,
        )
    return ws


def best(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)  # type: ignore[return-value]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--offices", type=int, default=2844)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    from ecodesk.store.matrix import CellStatus
    from ecodesk.ui.taskforce.matrix_model import MatrixModel

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as scratch:
        start = time.perf_counter()
        ws = build(Path(scratch) / "ws", args.offices)
        count = ws.db.execute("SELECT COUNT(*) FROM entries").fetchone()[0]
        print(f"built {count:,} entries ({args.offices:,} offices × {len(ws.forms)} tasks) "
              f"in {time.perf_counter() - start:.1f} s")  # fmt: skip

        def cold() -> None:
            ws.db.execute("PRAGMA shrink_memory")  # the connection's page cache is let go

        def group_by() -> None:
            cold()
            ws.db.execute(
                "SELECT office, state, review, COUNT(*) FROM entries WHERE period = ? "
                "GROUP BY office, state, review",
                [PERIOD],
            ).fetchall()

        model = MatrixModel(ws, PERIOD)
        sql_best, sql_median = best(group_by, args.repeat)

        def cold_refresh() -> None:
            cold()
            model._counts_key = model._stamp = ()  # as on opening the window
            model.refresh()

        model_best, model_median = best(cold_refresh, args.repeat)
        model.status_filter = CellStatus.DRAFT
        filtered_best, _ = best(model.refresh, args.repeat)
        model.status_filter = None
        model.refresh()
        start = time.perf_counter()
        model.finish_counting()
        counting = time.perf_counter() - start
        model.stop()
        start = time.perf_counter()
        matrix.load_rows(ws.db, ws.forms, PERIOD, matrix.period_offices(ws.db, PERIOD))
        everything = time.perf_counter() - start
        print(
            f"bare SQL GROUP BY over the period:     best {sql_best * 1000:7.1f} ms, median {sql_median * 1000:7.1f} ms"
        )
        print(
            f"MatrixModel.refresh() (first {model.rowCount()} rows): best {model_best * 1000:7.1f} ms, median {model_median * 1000:7.1f} ms"
        )
        ratio = model_median / sql_median
        print(f"ratio refresh / GROUP BY:              {ratio:7.2f}× median, "
              f"{model_best / sql_best:.2f}× best (goal ≤ 0.5×: {'met' if ratio <= 0.5 else 'NOT met'})")  # fmt: skip
        print(f"refresh with the status filter 'draft': best {filtered_best * 1000:6.1f} ms")
        print(
            f"not-met count in idle steps of {model.SCOUT_BATCH} offices: {counting * 1000:.0f} ms in all"
        )
        print(f"(for scale: evaluating every row eagerly takes {everything * 1000:.0f} ms)")
        ws.close()
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
