"""The task force's window: the review matrix, city-wide targets, review, imports, assignments."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # importing the window pulls in every widget; callers import it when needed
    from PySide6.QtWidgets import QMainWindow

    from ecodesk.store.workspace import Workspace


def open_task_force_window(ws: Workspace, period: int | None = None) -> QMainWindow:
    """Build and show the task force's window for an open task-force workspace."""
    from ecodesk.ui.taskforce.window import TaskForceWindow

    window = TaskForceWindow(ws, period)
    window.show()
    return window
