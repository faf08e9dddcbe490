"""First run: create a workspace for the office (or the task force), open the demo, or restore
a backup. Creating asks for confirmation first: the office of a workspace cannot be changed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ecodesk.core.errors import UserError
from ecodesk.core.offices import all_offices
from ecodesk.store.workspace import DB_NAME, Workspace
from ecodesk.ui import tasks
from ecodesk.ui.backup_actions import RestoreAction
from ecodesk.ui.i18n import tr
from ecodesk.ui.screen_fit import fit_to_screen, scrolling
from ecodesk.ui.style import named


def demo_dir(root: Path) -> Path:
    """The demo lives next to the real workspace, never inside it."""
    return root.parent / f"{root.name}-demo"


class StartWindow(QWidget):
    """Emits `ready(path)` with a workspace folder that can be opened (demo, restored backup) and
    `created(path)` with a workspace just created (its window then shows the first steps)."""

    ready = Signal(Path)
    created = Signal(Path)

    def __init__(self, root: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.root = root
        self.confirm: QMessageBox | None = None  # the open confirmation (kept for tests)
        self.setWindowTitle(tr("Welcome to ecodesk"))
        intro = QLabel(tr("There is no workspace on this computer yet.\n"
                          "Choose your office to create one, or look around in the demo first.\n"
                          "A new computer? Restore your workspace from a backup."))  # fmt: skip
        intro.setWordWrap(True)
        self._role_choice()
        self.create_button = QPushButton(tr("Create the workspace…"))
        self.demo_button = QPushButton(tr("Open the demo (成县, sample data)"))
        self.restore_button = QPushButton(tr("Restore from backup…"))
        self.restore_button.setToolTip(
            tr("A new computer? Restore the workspace from a backup zip into the folder below.")
        )
        self.restore = RestoreAction(self, root)
        self.status = named(QLabel(), "hint")
        self.status.setWordWrap(True)
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.setSpacing(10)
        layout.addWidget(intro)
        layout.addWidget(self.as_office)
        layout.addWidget(self.office)
        layout.addWidget(self.as_task_force)
        layout.addWidget(self.create_button)
        layout.addSpacing(12)
        layout.addWidget(self.demo_button)
        layout.addWidget(self.restore_button)
        layout.addWidget(self.status)
        where = named(QLabel(tr("Workspace folder: %1").replace("%1", str(root))), "hint")
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(where)
        layout.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scrolling(content))
        self.create_button.clicked.connect(self.ask_to_create)
        self.demo_button.clicked.connect(self.open_demo)
        self.restore_button.clicked.connect(self.restore.choose)
        self.restore.started.connect(self._restoring)
        self.restore.restored.connect(lambda _result: self.ready.emit(self.root))
        self.restore.failed.connect(self._failed)
        fit_to_screen(self, 600, 460)

    # ------------------------------------------------------------ whose workspace

    def _role_choice(self) -> None:
        """An office (chosen from the list, none preselected) or the task force."""
        self.as_office = QRadioButton(
            tr("For a reporting office (a county, the development zone, a department):")
        )
        self.as_task_force = QRadioButton(
            tr(
                "For the municipal task force (工作专班), which receives and reviews every office's data"
            )
        )
        self.as_office.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.as_office)
        group.addButton(self.as_task_force)
        self.office = QComboBox()
        self.office.addItem(tr("Choose your office…"), None)
        for office in all_offices():
            self.office.addItem(office.name, office.name)
        self.as_task_force.toggled.connect(lambda on: self.office.setEnabled(not on))
        self.office.activated.connect(lambda _i: self.as_office.setChecked(True))

    def chosen(self) -> str | None:
        """The office chosen, "" for the task force, None while nothing is chosen."""
        if self.as_task_force.isChecked():
            return ""
        office = self.office.currentData()
        return str(office) if office else None

    # ------------------------------------------------------------ creating, once confirmed

    def ask_to_create(self) -> QMessageBox | None:
        office = self.chosen()
        if office is None:
            self.status.setText(tr("Choose your office first."))
            self.office.setFocus(Qt.FocusReason.OtherFocusReason)
            return None
        whose = office or tr("the municipal task force")
        box = QMessageBox(QMessageBox.Icon.Question, tr("Create the workspace"), "", parent=self)
        box.setText(tr("Create the workspace of %1?").replace("%1", whose))
        box.setInformativeText(
            tr("Folder: %1\nThe office of a workspace cannot be changed later.")
            .replace("%1", str(self.root))
        )  # fmt: skip
        self.confirm_button = box.addButton(
            tr("Create for %1").replace("%1", whose), QMessageBox.ButtonRole.AcceptRole
        )
        box.setEscapeButton(box.addButton(tr("Back"), QMessageBox.ButtonRole.RejectRole))
        box.accepted.connect(self.create_workspace)
        box.finished.connect(box.deleteLater)
        self.confirm = box
        box.open()
        return box

    def create_workspace(self) -> None:
        office = self.chosen()
        if office is None:
            return
        try:
            Workspace.create(self.root, office=office or None, task_force=not office).close()
        except UserError as exc:
            self.status.setText(str(exc))
            return
        self.created.emit(self.root)

    # ------------------------------------------------------------ demo and restore

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
