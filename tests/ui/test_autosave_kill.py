"""Typing, then SIGKILL with no explicit save: on restart, at most the last second is lost."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from ecodesk.store.workspace import Workspace

DRIVER = Path(__file__).with_name("kill_driver.py")


def test_autosave_survives_kill(workspace, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = workspace.root
    workspace.close()
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    proc = subprocess.Popen([sys.executable, str(DRIVER), str(root)], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, env=env)  # fmt: skip
    typed: list[tuple[float, str]] = []
    assert proc.stdout is not None
    try:
        for line in proc.stdout:
            stamp, text = line.rstrip("\n").split(" ", 1)
            typed.append((float(stamp), text))
            if len(typed) >= 25:  # ~3 s of steady typing, never pausing long enough to "stop"
                break
        killed_at = time.monotonic()
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
        proc.stdout.close()
    ws = Workspace.open(root)
    try:
        entry = ws.entry(1, 2023)
    finally:
        ws.close()
    assert entry is not None
    older = [text for stamp, text in typed if stamp <= killed_at - 1.0]
    assert older, "the driver typed for less than a second"
    assert entry.plan.startswith(older[-1])  # everything typed more than 1 s before the kill
    assert typed[-1][1].startswith(entry.plan)  # and nothing that was not typed
