"""Workspace jobs off the GUI thread, with progress, and a progress dialog only if they last.

`WorkspaceJob(parent, label, root, work)` runs `work(ws, progress)` in the global QThreadPool on
a workspace connection of its own (the window's connection belongs to the GUI thread), and
reports through the `progress`, `done` and `failed` signals on the GUI thread. A
QProgressDialog appears only if the job is still running after `delay_ms` (about half a
second), so quick jobs never flash one. `running()` counts live jobs, for leak-free tests.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from ecodesk.store.workspace import Workspace

Progress = Callable[[int, int], None]
Work = Callable[[Workspace, Progress], Any]
_live: set[WorkspaceJob] = set()


class _Signals(QObject):
    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(object)


class _Runnable(QRunnable):
    def __init__(self, root: Path, work: Work, signals: _Signals) -> None:
        super().__init__()
        self.root, self.work, self.signals = root, work, signals

    @Slot()
    def run(self) -> None:
        try:
            ws = Workspace.open(self.root)
            try:
                result = self.work(ws, self.signals.progress.emit)
            finally:
                ws.close()
        except Exception as exc:  # shown to the clerk on the GUI thread
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


class WorkspaceJob(QObject):
    """One background job; delete it with its parent window or after it reports."""

    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(object)

    def __init__(
        self, parent: QWidget, label: str, root: Path, work: Work, delay_ms: int = 500
    ) -> None:
        super().__init__(parent)
        self._parent, self.label = parent, label
        self.dialog: QProgressDialog | None = None
        self._last = (0, 0)
        self._signals = _Signals()
        self._signals.progress.connect(self._on_progress)
        self._signals.done.connect(self._on_done)
        self._signals.failed.connect(self._on_failed)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._show_dialog)
        self.root, self.work, self.delay_ms = root, work, delay_ms

    def start(self) -> WorkspaceJob:
        _live.add(self)
        self._timer.start(self.delay_ms)
        QThreadPool.globalInstance().start(_Runnable(self.root, self.work, self._signals))
        return self

    def _on_progress(self, done: int, total: int) -> None:
        self._last = (done, total)
        if self.dialog is not None:
            self.dialog.setMaximum(max(total, 1))
            self.dialog.setValue(min(done, max(total, 1)))
        self.progress.emit(done, total)

    def _show_dialog(self) -> None:
        dialog = QProgressDialog(self.label, "", 0, max(self._last[1], 1), self._parent)
        dialog.setCancelButton(None)  # type: ignore[arg-type]
        dialog.setWindowTitle("ecodesk")
        dialog.setMinimumDuration(0)
        dialog.setMinimumWidth(360)
        dialog.setValue(self._last[0])
        dialog.show()
        self.dialog = dialog

    def _finish(self) -> None:
        self._timer.stop()
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        self._signals.deleteLater()
        _live.discard(self)
        self.deleteLater()

    def _on_done(self, result: object) -> None:
        self._finish()
        self.done.emit(result)

    def _on_failed(self, exc: object) -> None:
        self._finish()
        self.failed.emit(exc)


def running() -> int:
    """Jobs that have not reported yet (tests wait for zero)."""
    return len(_live)


def run_job(parent: QWidget, label: str, root: Path, work: Work) -> WorkspaceJob:
    return WorkspaceJob(parent, label, root, work).start()
