"""kill -9 in the middle of saving, again and again: the database always opens whole."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from ecodesk.store.workspace import Workspace

# The child saves forever; every save writes value, plan and measures derived from one counter,
# so a torn save would show as fields from two different counters.
CHILD = r"""
import sys
from pathlib import Path
from ecodesk.store.workspace import Workspace
ws = Workspace.open(Path(sys.argv[1]))
entry = ws.entry(3, 2023)
i = int(entry.plan[2:].split("计划")[0]) if entry else 0  # carry on from the last whole save
print("ready", flush=True)
while True:
    i += 1
    ws.save(3, 2023, values={"assessment_share": float(i % 100)}, plan=f"计划{i}" * 50,
            corrective_measures=f"措施{i}")
    ws.save(5, 2023, values={"disclosure_rate": float(i % 100)}, plan=f"计划{i}")
"""

ROUNDS = 60


def _whole(ws: Workspace, task: int, indicator: str) -> int | None:
    entry = ws.entry(task, 2023)
    if entry is None or entry.revision == 0:
        return None
    counter = int(entry.plan[2:].split("计划")[0])
    assert entry.values[indicator] == float(counter % 100)
    if task == 3:
        assert entry.corrective_measures == f"措施{counter}"
        assert entry.plan == f"计划{counter}" * 50
    audited = ws.db.execute(
        "SELECT max(revision) FROM audit WHERE entry_uuid = ?", [entry.uuid]
    ).fetchone()[0]
    assert audited == entry.revision  # the audit rows of the last revision landed with it
    return counter


def test_sigkill_while_saving_never_leaves_a_torn_entry(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    Workspace.create(root, office="成县").close()
    rng = random.Random(7)
    last = 0
    for _ in range(ROUNDS):
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(root)], stdout=subprocess.PIPE)
        assert child.stdout is not None and child.stdout.readline().strip() == b"ready"
        time.sleep(rng.uniform(0.005, 0.08))
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        child.stdout.close()
        ws = Workspace.open(root)  # runs quick_check; raises if damaged
        try:
            assert ws.db.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            counter = _whole(ws, 3, "assessment_share")
            _whole(ws, 5, "disclosure_rate")
            if counter is not None:
                assert counter >= last  # a committed save is never lost
                last = counter
        finally:
            ws.close()
    assert last > 0  # the child really did save before being killed
