"""A bare PySide6 window: the start-up bench's baseline, run as a script and frozen alone.

Once the first event-loop turn after the window's first paint runs (what a person sees: the
window drawn on the screen), the time (seconds since the epoch) is written to the file named by
BENCH_READY_FILE, and the app quits. ecodesk's start is timed to the same moment of its window
(`MainWindow.build_times["shown"]`). `bench/startup.py` runs it from source;
`bench/startup.py --frozen` builds it with PyInstaller beside ecodesk's build.
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


class BareWindow(QMainWindow):
    painted = False

    def paintEvent(self, event: object) -> None:  # noqa: N802  (Qt's name)
        super().paintEvent(event)  # type: ignore[arg-type]
        if not self.painted:  # the next turn runs once the whole window is drawn
            self.painted = True
            QTimer.singleShot(0, ready)


app = QApplication(sys.argv[:1])
window = BareWindow()
window.resize(1320, 860)
window.show()
app.exec()
