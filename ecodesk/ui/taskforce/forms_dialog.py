"""启用新表单: the task force applies a folder of form files from a period on.

Earlier periods keep being judged by their own forms; a change that would reach an archived
(closed) period is refused unless a reason to reopen it is given. The workspace does the
checking (`Workspace.install_forms`); this dialog only collects the folder, the period and the
reason, and shows the refusal as the CLI prints it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ecodesk.core.errors import UserError
from ecodesk.core.form_loader import load_forms
from ecodesk.core.periods import LAST_PERIOD, PERIODS
from ecodesk.store.workspace import Workspace
from ecodesk.ui.screen_fit import fit_to_screen
from ecodesk.ui.taskforce.i18n import tr


class FormChangeDialog(QDialog):
    installed = Signal(list)  # the task numbers whose forms changed

    def __init__(self, ws: Workspace, period: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.setWindowTitle(tr("Apply new forms from a period"))
        self.folder_edit = QLineEdit()
        self.folder_edit.setPlaceholderText(tr("Folder with the 37 form files (NN.toml)"))
        browse = QPushButton(tr("Choose…"))
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(browse)
        self.period_box = QComboBox()
        for p in PERIODS:
            self.period_box.addItem(str(p), p)
        self.period_box.setCurrentIndex(PERIODS.index(min(max(period, PERIODS[0]), LAST_PERIOD)))
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText(
            tr("Only to change an archived period: why it is reopened (recorded)")
        )
        form = QFormLayout()
        form.addRow(tr("Forms folder:"), folder_row)
        form.addRow(tr("Applies from period:"), self.period_box)
        form.addRow(tr("Reopen reason:"), self.reason_edit)
        note = QLabel(
            tr("Earlier periods keep being judged by their own forms. The next task packages "
               "carry the new forms to the offices.")
        )  # fmt: skip
        note.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("errorText")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(tr("Apply"))
        buttons.accepted.connect(self.apply)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        fit_to_screen(self, 620, 260)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, tr("Forms folder"))
        if folder:
            self.folder_edit.setText(folder)

    def apply(self) -> None:
        folder = Path(self.folder_edit.text().strip())
        try:
            if not self.folder_edit.text().strip() or not folder.is_dir():
                raise UserError(tr("Choose the folder with the form files."))
            load_forms(folder)  # every file checked, with file, line and field
            sources = {
                f"{folder.name}/{path.name}": path.read_bytes().decode("utf-8")
                for path in sorted(folder.glob("*.toml"))
            }
            changed = self.ws.install_forms(
                sources,
                effective_from=int(self.period_box.currentData()),
                reopen_reason=self.reason_edit.text(),
            )
        except (UserError, OSError, UnicodeDecodeError) as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.installed.emit(changed)
        self.accept()
