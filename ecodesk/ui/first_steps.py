"""The first steps of each role, shown once in a new workspace's window and kept under 帮助."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from ecodesk.ui.i18n import tr
from ecodesk.ui.screen_fit import fit_dialog


def office_steps() -> list[str]:
    return [
        tr("File → My key…: save the public key file and send it to the task force (email or "
           "USB stick)."),
        tr("Call the task force and read out this computer's fingerprint (four groups of four "
           "characters); they enroll your office with it."),
        tr("Wait for the task force's first task package (.ecp). File → Import task package…, then "
           "type the fingerprint from the task force's stamped letter: only if it matches is the "
           "package imported."),
        tr("Pick a task on the left; fill in the values, the plan and the evidence, then press "
           "Mark complete."),
        tr("File → Export data bundle… (Ctrl+E) and send the bundle to the task force; the status "
           "bar says how many changes are not sent yet."),
    ]  # fmt: skip


def task_force_steps() -> list[str]:
    return [
        tr("Keys and enrollment tab: print this task force's fingerprint on a stamped letter to "
           "every office."),
        tr("When an office sends its public key file and reads out its fingerprint by phone, enroll "
           "it on the same tab (the fingerprints are compared)."),
        tr("Assignments and targets tab: check the assignments, enter the targets the province "
           "handed down, then make the task packages of the enrolled offices and send them."),
        tr("When bundles arrive: Import bundles… on the toolbar; open a cell of the overview to "
           "review it: accept or return."),
        tr("At the end of the year: Yearly archive… builds the city's archive."),
    ]  # fmt: skip


class FirstStepsDialog(QDialog):
    def __init__(self, task_force: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("First steps"))
        steps = task_force_steps() if task_force else office_steps()
        self.steps = steps
        text = "".join(f"<p><b>{n}.</b> {step}</p>" for n, step in enumerate(steps, 1))
        body = QLabel(text)
        body.setWordWrap(True)
        body.setObjectName("firstSteps")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(body)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
        fit_dialog(self)


def add_first_steps(window: Any, task_force: bool) -> None:
    """帮助 → 入门步骤… (the window of a workspace just created shows it at once)."""
    action = window.help_menu.addAction(tr("First steps…"))
    action.triggered.connect(lambda: show_first_steps(window, task_force))


def show_first_steps(window: Any, task_force: bool) -> FirstStepsDialog:
    dialog = FirstStepsDialog(task_force, window)
    dialog.finished.connect(dialog.deleteLater)
    window.first_steps = dialog
    dialog.open()
    return dialog
