"""Start-up and task-switch time of the clerk's window. Prints, never asserts.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/startup.py

Each start-up is measured from launching a fresh interpreter to the first event-loop turn
after the window is shown (a usable window), for ecodesk on a demo workspace and for a bare
PySide6 QMainWindow, both in the same interpreter setup. Goal: ratio <= 1.3x, and neither
openpyxl nor cryptography imported at start-up. Task switch goal: <= 30 ms.

Both run with compiled bytecode, as an installed app (pip, PyInstaller) does: the warm-up runs
write it into a scratch PYTHONPYCACHEPREFIX, even where PYTHONDONTWRITEBYTECODE is set (which
would otherwise recompile every ecodesk module at each start, but none of PySide6's).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 7

BARE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1320, 860)
window.show()
QTimer.singleShot(0, lambda: (print("ready", flush=True), app.quit()))
app.exec()
"""

ECODESK = """
import sys, time
marks = [("start", time.perf_counter())]
from pathlib import Path
import ecodesk.cli  # what `ecodesk` imports before the window
from PySide6.QtCore import QTimer
from ecodesk.ui.app import Controller, create_app
marks.append(("imports", time.perf_counter()))
app = create_app()
marks.append(("application", time.perf_counter()))
controller = Controller(Path(sys.argv[1]), 2023)
controller.start()
marks.append(("window built and shown", time.perf_counter()))
def ready():
    marks.append(("first event-loop turn", time.perf_counter()))
    heavy = [m for m in ("openpyxl", "cryptography") if m in sys.modules]
    steps = ";".join(f"{name}={b - a:.4f}" for (_, a), (name, b) in zip(marks, marks[1:]))
    print("steps", steps, flush=True)
    print("ready", ",".join(heavy), flush=True)
    app.quit()
QTimer.singleShot(0, ready)
app.exec()
controller.shutdown()
"""


def time_start(code: str, *args: str, pycache: Path) -> tuple[float, str]:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
           "PYTHONPYCACHEPREFIX": str(pycache)}  # fmt: skip
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                         env=env, check=True).stdout  # fmt: skip
    elapsed = time.perf_counter() - started
    line = next(line for line in out.splitlines() if line.startswith("ready"))
    steps = next((x for x in out.splitlines() if x.startswith("steps ")), "")
    if steps:
        _STEPS.append(
            {
                k: float(v)
                for k, v in (p.split("=") for p in steps.removeprefix("steps ").split(";"))
            }
        )
    return elapsed, line.removeprefix("ready").strip()


_STEPS: list[dict[str, float]] = []  # each ecodesk start's steps, seconds


def _print_steps(total: float) -> None:
    """The median of each step of ecodesk's start; what is left is the interpreter's own start
    and everything before the script's first line."""
    names = list(_STEPS[-1])
    medians = {n: statistics.median(s[n] for s in _STEPS[-RUNS:]) for n in names}
    print(f"  interpreter start   : {(total - sum(medians.values())) * 1000:7.0f} ms")
    for name in names:
        print(f"  {name:<20}: {medians[name] * 1000:7.0f} ms")


def task_switch_ms(root: Path) -> tuple[float, float]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ecodesk.ui.app import Controller, create_app

    create_app()
    controller = Controller(root, 2023)
    window = controller.start()
    tasks = window.tasks.visible_tasks()  # type: ignore[attr-defined]
    times = []
    for i in range(60):
        task = tasks[i % len(tasks)]
        started = time.perf_counter()
        window.tasks.select_task(task)  # type: ignore[attr-defined]
        times.append((time.perf_counter() - started) * 1000)
    controller.shutdown()
    return statistics.median(times), max(times)


def main() -> int:
    from ecodesk.store.demo import build_demo

    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "demo"
        build_demo(root).close()
        os.environ["XDG_CONFIG_HOME"] = str(Path(scratch) / "config")
        pycache = Path(scratch) / "pycache"
        time_start(BARE, pycache=pycache)  # warm the file cache and write bytecode for both
        time_start(ECODESK, str(root), pycache=pycache)
        bare = [time_start(BARE, pycache=pycache)[0] for _ in range(RUNS)]
        runs = [time_start(ECODESK, str(root), pycache=pycache) for _ in range(RUNS)]
        ours = [elapsed for elapsed, _ in runs]
        heavy = {name for _, found in runs for name in found.split(",") if name}
        median_switch, worst_switch = task_switch_ms(root)
    bare_s, ours_s = statistics.median(bare), statistics.median(ours)
    print(f"bare PySide6 window : {bare_s * 1000:7.0f} ms (median of {RUNS})")
    print(f"ecodesk window      : {ours_s * 1000:7.0f} ms (median of {RUNS}, demo workspace)")
    _print_steps(ours_s)
    print(f"ratio               : {ours_s / bare_s:7.2f}x   (goal <= 1.3x)")
    print(
        f"heavy imports       : {', '.join(sorted(heavy)) or 'none (openpyxl, cryptography not loaded)'}"
    )
    print(
        f"task switch         : {median_switch:7.1f} ms median, {worst_switch:.1f} ms worst (goal <= 30 ms)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
