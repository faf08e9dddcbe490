"""Run slow work (copying evidence, building the demo) off the GUI thread.

`run_in_thread(fn, on_done, on_error)` runs `fn()` in the global QThreadPool and calls back on
the GUI thread. Callbacks are delivered through a QObject living in the GUI thread, so a
worker never touches widgets or the workspace database (bound to the GUI thread).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot


class _Bridge(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], bridge: _Bridge) -> None:
        super().__init__()
        self.fn = fn
        self.bridge = bridge

    @Slot()
    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # reported to the GUI thread, which shows it
            self.bridge.failed.emit(exc)
        else:
            self.bridge.done.emit(result)


_live: set[_Bridge] = set()


def run_in_thread(
    fn: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[Exception], None],
) -> None:
    bridge = _Bridge()
    _live.add(bridge)

    def finish(callback: Callable[[Any], None], value: Any) -> None:
        _live.discard(bridge)
        bridge.deleteLater()
        callback(value)

    bridge.done.connect(lambda value: finish(on_done, value))
    bridge.failed.connect(lambda exc: finish(on_error, exc))
    QThreadPool.globalInstance().start(_Job(fn, bridge))


def pending() -> int:
    """Jobs whose callbacks have not run yet (tests wait for zero)."""
    return len(_live)


def wait_all(msecs: int = 10000) -> bool:
    return QThreadPool.globalInstance().waitForDone(msecs)
