"""The red banner over the clerk's window while the task force has refused a bundle.

It lists why (as the task package reported it) and offers the one way out: export again. It
goes away when the next bundle has been exported (that bundle takes the refused one's number).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ecodesk.store.refusals import BundleRefusal
from ecodesk.ui.i18n import tr


def refusal_text(refusal: BundleRefusal) -> str:
    lines = [
        tr("The task force refused bundle %1 (%2): nothing in it was imported.")
        .replace("%1", str(refusal.sequence)).replace("%2", refusal.file_name)
    ]  # fmt: skip
    lines += [f"  • {reason.text}" for reason in refusal.reasons]
    more = refusal.lines - len(refusal.reasons)
    if more > 0:
        lines.append("  " + tr("… and %1 more").replace("%1", str(more)))
    return "\n".join(lines)


class RefusalBanner(QFrame):
    """Hidden while nothing is refused; `export_requested` when the clerk presses the button."""

    export_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("refusedBanner")
        self.text = QLabel()
        self.text.setObjectName("refusedText")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.advice = QLabel(
            tr("Correct what is listed, then export the data bundle again: it takes the same "
               "number and carries every change since the task force last confirmed receipt.")
        )  # fmt: skip
        self.advice.setWordWrap(True)
        self.export_button = QPushButton(tr("Export the data bundle again…"))
        self.export_button.clicked.connect(self.export_requested.emit)
        row = QHBoxLayout()
        row.addWidget(self.advice, 1)
        row.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addLayout(row)
        self.hide()

    def show_refusals(self, refusals: list[BundleRefusal]) -> None:
        self.text.setText("\n".join(refusal_text(r) for r in refusals))
        self.setVisible(bool(refusals))
