"""Settings → evidence size limit: the largest evidence file this workspace accepts."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ecodesk.core.errors import UserError
from ecodesk.store.workspace import MAX_EVIDENCE_MB, Workspace
from ecodesk.ui.i18n import tr
from ecodesk.ui.screen_fit import fit_dialog


class EvidenceLimitDialog(QDialog):
    """Opened with `open()`; `changed(megabytes)` fires after the new limit is stored."""

    changed = Signal(float)

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.setWindowTitle(tr("Evidence size limit"))
        self.setMinimumWidth(440)
        self.size_box = QDoubleSpinBox()
        self.size_box.setRange(0.1, MAX_EVIDENCE_MB)
        self.size_box.setDecimals(1)
        self.size_box.setSuffix(" MB")
        self.size_box.setValue(ws.max_evidence_bytes / 1024 / 1024)
        self.problem = QLabel()
        self.problem.setObjectName("problemText")
        self.problem.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._store)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        explain = QLabel(tr("Larger evidence files are refused when they are added. Files "
                            "already attached stay."))  # fmt: skip
        explain.setWordWrap(True)
        layout.addWidget(explain)
        layout.addWidget(self.size_box)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        fit_dialog(self)

    def _store(self) -> None:
        try:
            self.ws.set_max_evidence_mb(self.size_box.value())
        except UserError as exc:
            self.problem.setText(str(exc))
            self.problem.show()
            return
        self.changed.emit(self.size_box.value())
        self.accept()
