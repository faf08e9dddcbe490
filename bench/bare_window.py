"""A bare PySide6 window: the start-up bench's baseline, run as a script and frozen alone.

Once the first event-loop turn after `show()` runs, the time (seconds since the epoch) is
written to the file named by BENCH_READY_FILE, and the app quits. `bench/startup.py` runs it
from source; `bench/startup.py --frozen` builds it with PyInstaller beside ecodesk's build.
"""

import os
import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


def ready() -> None:
    target = os.environ.get("BENCH_READY_FILE")
    if target:
        with open(target, "w", encoding="utf-8") as handle:
            handle.write(repr(time.time()))
    app.quit()


app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1320, 860)
window.show()
QTimer.singleShot(0, ready)
app.exec()
