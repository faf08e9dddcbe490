"""Run by test_autosave_survives_kill: the real window, typing Chinese into task 1's plan.

After each committed chunk it prints "<monotonic time> <plan text>", so the test knows what
was on screen when; the test then SIGKILLs this process without any explicit save.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from ecodesk.ui.app import Controller, create_app


def main() -> int:
    app = create_app()
    window = Controller(Path(sys.argv[1]), 2023).start()
    window.tasks.select_task(1)  # type: ignore[attr-defined]
    plan = window.editor.form_view.plan  # type: ignore[attr-defined]
    count = 0

    def type_chunk() -> None:
        nonlocal count
        count += 1
        event = QInputMethodEvent("", [])
        event.setCommitString(f"第{count}段，")
        QApplication.sendEvent(plan, event)
        print(f"{time.monotonic():.3f} {plan.toPlainText()}", flush=True)

    timer = QTimer(interval=120)
    timer.timeout.connect(type_chunk)
    timer.start()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
