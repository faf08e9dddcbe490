"""The hook the frozen smoke tests use: ECODESK_READY_FILE reports a usable window, then quits."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def start(workspace: Path, ready: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ECODESK_READY_FILE": str(ready),
           "XDG_CONFIG_HOME": str(tmp_path / "config")}  # fmt: skip
    return subprocess.run(
        [sys.executable, "-m", "ecodesk", "--workspace", str(workspace), "--lang", "zh"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_window_reports_itself_and_quits(demo_copy: Path, tmp_path: Path) -> None:
    ready = tmp_path / "ready.txt"
    done = start(demo_copy, ready, tmp_path)
    assert done.returncode == 0, done.stderr
    kind, title = ready.read_text(encoding="utf-8").rstrip("\n").split("\t")
    assert kind == "MainWindow" and title.startswith("成县 · ")


def test_a_damaged_database_reports_the_recovery_window(tmp_path: Path) -> None:
    from ecodesk.store.workspace import DB_NAME, Workspace

    root = tmp_path / "ws"
    Workspace.create(root, office="成县").close()
    (root / DB_NAME).write_bytes(b"\x00" * 4096)
    ready = tmp_path / "ready.txt"
    done = start(root, ready, tmp_path)
    assert done.returncode == 0, done.stderr
    assert ready.read_text(encoding="utf-8").startswith("RecoveryWindow\tecodesk · 数据库需要恢复")
