"""PySide6 6.12.0 returns None from void calls without a reference; Python 3.11 then aborts
("Fatal Python error: none_dealloc") after a few thousand paints. pyproject.toml excludes that
release; this test fails loudly if a PySide6 with the bug is installed again."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
from PySide6.QtGui import QGuiApplication, QImage, QPainter
app = QGuiApplication([])
image = QImage(8, 8, QImage.Format.Format_ARGB32)
painter = QPainter(image)
before = sys.getrefcount(None)
for _ in range(2000):
    painter.save()
    painter.restore()
after = sys.getrefcount(None)
painter.end()
print(after - before)
"""


def test_void_qt_calls_keep_none_alive() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-500:]
    assert abs(int(result.stdout.strip())) < 100
