"""Long work off the GUI thread, with progress, and a progress dialog only if it lasts.

`Worker.start(fn)` runs `fn(progress)` in the global QThreadPool; `progress(done, total)` may be
called from the worker and arrives on the GUI thread as the `progress` signal. A QProgressDialog
appears after `delay_ms` (about half a second) if the work is still running, so quick jobs never
flash a dialog. The work must not touch the GUI thread's database connection.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

Progress = Callable[[int, int], None]


class _Signals(QObject):
    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[Progress], Any], signals: _Signals) -> None:
        super().__init__()
        self.fn = fn
        self.signals = signals

    @Slot()
    def run(self) -> None:
        try:
            result = self.fn(self.signals.progress.emit)
        except Exception as exc:  # shown to the user on the GUI thread
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


class Worker(QObject):
    """One background job at a time, reported through signals on the GUI thread."""

    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(object)

    def __init__(self, parent: QWidget, label: str, delay_ms: int = 500) -> None:
        super().__init__(parent)
        self._parent = parent
        self.label = label
        self.delay_ms = delay_ms
        self.running = False
        self.dialog: QProgressDialog | None = None
        self._signals: _Signals | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._show_dialog)
        self._last = (0, 0)

    def start(self, fn: Callable[[Progress], Any]) -> None:
        if self.running:
            raise RuntimeError("a job is already running")
        self.running = True
        signals = _Signals()
        signals.progress.connect(self._on_progress)
        signals.done.connect(lambda result: self._finish(self.done, result))
        signals.failed.connect(lambda exc: self._finish(self.failed, exc))
        self._signals = signals
        self._timer.start(self.delay_ms)
        QThreadPool.globalInstance().start(_Job(fn, signals))

    def _on_progress(self, done: int, total: int) -> None:
        self._last = (done, total)
        if self.dialog is not None:
            self.dialog.setMaximum(max(total, 1))
            self.dialog.setValue(done)
        self.progress.emit(done, total)

    def _show_dialog(self) -> None:
        if not self.running:
            return
        dialog = QProgressDialog(self.label, "", 0, max(self._last[1], 1), self._parent)
        dialog.setCancelButton(None)  # type: ignore[arg-type]
        dialog.setMinimumDuration(0)
        dialog.setValue(self._last[0])
        dialog.show()
        self.dialog = dialog

    def _finish(self, signal: Any, value: Any) -> None:
        self.running = False
        self._timer.stop()
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        if self._signals is not None:
            self._signals.deleteLater()
            self._signals = None
        signal.emit(value)

    def wait(self, msecs: int = 30000) -> bool:
        return QThreadPool.globalInstance().waitForDone(msecs)
