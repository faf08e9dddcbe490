"""First run: create a workspace for the clerk's office, open the demo, or restore a backup."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QVBoxLayout, QWidget

from ecodesk.core.errors import UserError
from ecodesk.core.offices import all_offices
from ecodesk.store.workspace import DB_NAME, Workspace
from ecodesk.ui import tasks
from ecodesk.ui.backup_actions import RestoreAction
from ecodesk.ui.i18n import tr
from ecodesk.ui.screen_fit import fit_to_screen
from ecodesk.ui.style import named


def demo_dir(root: Path) -> Path:
    """The demo lives next to the real workspace, never inside it."""
    return root.parent / f"{root.name}-demo"


class StartWindow(QWidget):
    """Emits `ready(path)` with a workspace folder that can be opened."""

    ready = Signal(Path)

    def __init__(self, root: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.root = root
        self.setWindowTitle(tr("Welcome to ecodesk"))
        intro = QLabel(tr("There is no workspace on this computer yet.\n"
                          "Choose your office to create one, or look around in the demo first.\n"
                          "A new computer? Restore your workspace from a backup."))  # fmt: skip
        intro.setWordWrap(True)
        self.office = QComboBox()
        for office in all_offices():
            self.office.addItem(office.name, office.name)
        self.create_button = QPushButton(tr("Create the workspace for this office"))
        self.demo_button = QPushButton(tr("Open the demo (成县, sample data)"))
        self.restore_button = QPushButton(tr("Restore from backup…"))
        self.restore_button.setToolTip(
            tr("A new computer? Restore the workspace from a backup zip into the folder below.")
        )
        self.restore = RestoreAction(self, root)
        self.status = named(QLabel(), "hint")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.setSpacing(12)
        layout.addWidget(intro)
        layout.addWidget(QLabel(tr("Office:")))
        layout.addWidget(self.office)
        layout.addWidget(self.create_button)
        layout.addSpacing(12)
        layout.addWidget(self.demo_button)
        layout.addWidget(self.restore_button)
        layout.addWidget(self.status)
        where = named(QLabel(tr("Workspace folder: %1").replace("%1", str(root))), "hint")
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(where)
        self.create_button.clicked.connect(self.create_workspace)
        self.demo_button.clicked.connect(self.open_demo)
        self.restore_button.clicked.connect(self.restore.choose)
        self.restore.started.connect(self._restoring)
        self.restore.restored.connect(lambda _result: self.ready.emit(self.root))
        self.restore.failed.connect(self._failed)
        fit_to_screen(self, 560, 380)

    def create_workspace(self) -> None:
        try:
            Workspace.create(self.root, office=self.office.currentData()).close()
        except UserError as exc:
            self.status.setText(str(exc))
            return
        self.ready.emit(self.root)

    def open_demo(self) -> None:
        target = demo_dir(self.root)
        if (target / DB_NAME).exists():
            self.ready.emit(target)
            return
        self._busy(True)
        self.status.setText(tr("Building the demo workspace…"))
        tasks.run(self, "", lambda _progress: _build_demo(target),
                  lambda _r: self.ready.emit(target), self._failed)  # fmt: skip

    def _restoring(self) -> None:
        self._busy(True)
        self.status.setText(tr("Restoring the workspace…"))

    def _failed(self, exc: Exception) -> None:
        self._busy(False)
        self.status.setText(str(exc))

    def _busy(self, busy: bool) -> None:
        self.create_button.setEnabled(not busy)
        self.demo_button.setEnabled(not busy)
        self.restore_button.setEnabled(not busy)


def _build_demo(target: Path) -> None:
    from ecodesk.store.demo import build_demo

    build_demo(target).close()
