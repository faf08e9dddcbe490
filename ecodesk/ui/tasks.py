"""Work off the GUI thread: QThreadPool + QRunnable, progress, and a dialog only if it lasts.

`Job(parent, label)` runs `work(progress)` in the global QThreadPool, one run at a time. The
worker may call `progress(done, total)`; it arrives on the GUI thread as the `progress` signal,
the result as `done`, an exception as `failed`. With a parent widget and a label, a
QProgressDialog appears only if the run is still going after `delay_ms` (about half a second),
so quick work never flashes one.

`run(parent, label, work)` starts a one-shot job that deletes itself after it reports;
`in_workspace(root, work)` gives `work(ws, progress)` a workspace connection of its own (the
window's connection belongs to the GUI thread). Results travel through a parentless bridge
object in the GUI thread, so a job whose window was closed meanwhile reports to nobody instead
of to a deleted object; `pending()` counts undelivered results and `finish_all()` waits for
them and delivers them, for windows that close and for leak-free tests.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget
from shiboken6 import Shiboken

if TYPE_CHECKING:
    from ecodesk.store.workspace import Workspace

Progress = Callable[[int, int], None]
Work = Callable[[Progress], Any]


class _Bridge(QObject):
    """Carries one run's progress and result from the worker to its job on the GUI thread.

    Parentless and created on the GUI thread, so its own slots run there (queued), whatever
    became of the job's window meanwhile.
    """

    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(object)

    def __init__(self, job: Job) -> None:
        super().__init__()
        self.job = job
        self.progress.connect(self._progressed)
        self.done.connect(self._done)
        self.failed.connect(self._failed)

    @Slot(int, int)
    def _progressed(self, done: int, total: int) -> None:
        if Shiboken.isValid(self.job):
            self.job._on_progress(done, total)

    @Slot(object)
    def _done(self, result: object) -> None:
        self._deliver("done", result)

    @Slot(object)
    def _failed(self, exc: object) -> None:
        self._deliver("failed", exc)

    def _deliver(self, signal: str, value: object) -> None:
        _live.discard(self)
        self.deleteLater()
        if Shiboken.isValid(self.job):  # its window may be gone meanwhile
            self.job._report(signal, value)


class _Runnable(QRunnable):
    def __init__(self, work: Work, bridge: _Bridge) -> None:
        super().__init__()
        self.work, self.bridge = work, bridge

    @Slot()
    def run(self) -> None:
        try:
            result = self.work(self.bridge.progress.emit)
        except Exception as exc:  # reported on the GUI thread, which shows it
            self.bridge.failed.emit(exc)
        else:
            self.bridge.done.emit(result)


_live: set[_Bridge] = set()  # runs whose result has not been delivered yet


class Job(QObject):
    """Runs work in the background, one run at a time, reported through signals."""

    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(object)

    def __init__(
        self,
        parent: QObject | None = None,
        label: str = "",
        delay_ms: int = 500,
        *,
        once: bool = False,
    ) -> None:
        super().__init__(parent)
        self.label, self.delay_ms, self.once = label, delay_ms, once
        self.dialog: QProgressDialog | None = None
        self._bridge: _Bridge | None = None
        self._last = (0, 0)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._show_dialog)

    @property
    def running(self) -> bool:
        return self._bridge is not None

    def start(self, work: Work) -> Job:
        if self._bridge is not None:
            raise RuntimeError("a job is already running")
        bridge = self._bridge = _Bridge(self)
        _live.add(bridge)
        self._last = (0, 0)
        if self.label and isinstance(self.parent(), QWidget):
            self._timer.start(self.delay_ms)
        QThreadPool.globalInstance().start(_Runnable(work, bridge))
        return self

    def wait(self, msecs: int = 30000) -> bool:
        return QThreadPool.globalInstance().waitForDone(msecs)

    def _on_progress(self, done: int, total: int) -> None:
        self._last = (done, total)
        if self.dialog is not None:
            self.dialog.setMaximum(max(total, 1))
            self.dialog.setValue(min(done, max(total, 1)))
        self.progress.emit(done, total)

    def _show_dialog(self) -> None:
        parent = self.parent()
        if self._bridge is None or not isinstance(parent, QWidget):
            return
        maximum = max(self._last[1], 1)
        dialog = QProgressDialog(self.label, "", 0, maximum, parent)
        dialog.setCancelButton(None)  # type: ignore[arg-type]
        dialog.setWindowTitle("ecodesk")
        dialog.setMinimumDuration(0)
        dialog.setMinimumWidth(360)
        dialog.setValue(min(self._last[0], maximum))
        dialog.show()
        self.dialog = dialog

    def _report(self, signal: str, value: object) -> None:
        self._bridge = None
        self._timer.stop()
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        getattr(self, signal).emit(value)
        if self.once:
            self.deleteLater()


def run(
    parent: QObject | None,
    label: str,
    work: Work,
    on_done: Callable[[Any], object] | None = None,
    on_failed: Callable[[Any], object] | None = None,
) -> Job:
    """Start `work(progress)` now; the job deletes itself after `done` or `failed`."""
    job = Job(parent, label, once=True)
    if on_done is not None:
        job.done.connect(on_done)
    if on_failed is not None:
        job.failed.connect(on_failed)
    return job.start(work)


def in_workspace(root: Path, work: Callable[[Workspace, Progress], Any]) -> Work:
    """`work(ws, progress)` on a workspace connection of its own, closed afterwards."""

    def run_there(progress: Progress) -> Any:
        from ecodesk.store.workspace import Workspace

        ws = Workspace.open(root)
        try:
            return work(ws, progress)
        finally:
            ws.close()

    return run_there


def pending() -> int:
    """Runs whose result has not been delivered yet (tests wait for zero)."""
    return len(_live)


def wait_all(msecs: int = 30000) -> bool:
    return QThreadPool.globalInstance().waitForDone(msecs)


def finish_all(msecs: int = 30000) -> bool:
    """Wait for every run and deliver its result now (a closing window loses nothing)."""
    finished = wait_all(msecs)
    for bridge in list(_live):
        QCoreApplication.sendPostedEvents(bridge)
    return finished and not _live
