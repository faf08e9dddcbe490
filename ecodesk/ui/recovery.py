"""The window shown instead of the workspace when its database is damaged or missing.

It says so in plain words, names the newest backup in the automatic-backup place that reads
back whole (searched off the GUI thread: every candidate is read back and hashed), and restores it with one button (`store.recovery.restore_replacing`, off the GUI
thread): the damaged folder is kept beside the restored one, never deleted. Another backup file
(a stick from a drawer) can be chosen instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ecodesk.store.auto_backup import latest_good_backup
from ecodesk.store.db import DatabaseDamaged, DatabaseMissing
from ecodesk.store.recovery import restore_replacing
from ecodesk.ui import tasks
from ecodesk.ui.file_dialogs import FileDialogs
from ecodesk.ui.i18n import tr


class RecoveryWindow(QWidget):
    searched = Signal(object)  # the latest good backup, or None
    restored = Signal(object)  # the workspace root, ready to open
    failed = Signal(object)

    def __init__(self, root: Path, problem: DatabaseDamaged, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.root, self.problem = root, problem
        self.setWindowTitle(tr("ecodesk · the database needs restoring"))
        missing = isinstance(problem, DatabaseMissing)
        heading = QLabel(
            tr("This computer's ecodesk database is missing.")
            if missing
            else tr("This computer's ecodesk database is damaged and cannot be opened.")
        )
        heading.setObjectName("recoveryHeading")
        heading.setStyleSheet("font-size: 16px; font-weight: bold;")
        heading.setWordWrap(True)
        why = QLabel(
            tr(
                "This usually comes from a failing disk, a power cut or an antivirus. Restore "
                "the latest good backup: what was changed after it was made must be typed "
                "again; the damaged workspace is kept beside it, renamed."
            )
        )
        why.setWordWrap(True)
        self.backup: Path | None = None
        self.found = QLabel(tr("Checking the backups in the automatic backup place…"))
        self.found.setObjectName("latestBackup")
        self.found.setWordWrap(True)
        self.found.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        detail = QLabel(tr("Details: %1").replace("%1", str(problem)))
        detail.setWordWrap(True)
        detail.setStyleSheet("color: #555;")
        detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #D55E00;")
        self.message.hide()
        self.restore_button = QPushButton(tr("Restore the latest backup"))
        self.restore_button.setDefault(True)
        self.restore_button.setEnabled(False)  # until the search below found one
        self.restore_button.clicked.connect(lambda: self.restore(self.backup))
        self.other_button = QPushButton(tr("Choose another backup file…"))
        self.other_button.clicked.connect(self.choose)
        quit_button = QPushButton(tr("Quit"))
        quit_button.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.other_button)
        buttons.addStretch(1)
        buttons.addWidget(quit_button)
        layout = QVBoxLayout(self)
        for widget in (heading, why, self.found, detail, self.message):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.files = FileDialogs(self)
        self.resize(640, 320)
        # Reading every backup back takes a while on a USB stick: off the GUI thread.
        tasks.run(self, "", lambda _progress: latest_good_backup(root), self._found, self._failed)

    def _found(self, backup: Path | None) -> None:
        self.backup = backup
        self.found.setText(
            tr("Latest good backup: %1").replace("%1", str(backup))
            if backup
            else tr("No good backup was found in the automatic backup place.")
        )
        self.restore_button.setEnabled(backup is not None)
        self.searched.emit(backup)

    def choose(self) -> None:
        self.files.choose(
            tr("Restore from backup"),
            kind="backup",
            name_filter=tr("Zip archives (*.zip)"),
            on_chosen=self.restore,
        )

    def restore(self, backup: Path | None) -> None:
        if backup is None:
            return
        root = self.root
        self.restore_button.setEnabled(False)
        self.other_button.setEnabled(False)
        tasks.run(
            self,
            tr("Restoring the workspace…"),
            lambda progress: restore_replacing(backup, root, progress=progress),
            self._done,
            self._failed,
        )

    def _done(self, result: Any) -> None:
        self.restored.emit(self.root)

    def _failed(self, exc: Exception) -> None:
        self.message.setText(str(exc))
        self.message.show()
        self.restore_button.setEnabled(self.backup is not None)
        self.other_button.setEnabled(True)
        self.failed.emit(exc)
