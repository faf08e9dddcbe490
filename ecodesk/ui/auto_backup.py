"""Automatic backups in the window: choosing the second place, the backup on closing, reminders.

`AutoBackup` is attached by the app to whichever window shows the workspace (the clerk's or the
task force's). Right after the first-run screen made (or restored) the workspace it asks for the
place (`BackupPlaceDialog`; "以后再说" is remembered and the weekly reminder takes over); the
status bar says when no place is chosen, and 设置 → 自动备份… changes it any time. When the window
closes, after the window's own saving, it writes the day's verified backup there
(`store.auto_backup.run_auto_backup`, at most once a day, keeping the newest N). After a week
without a successful backup it says so when the window opens and in the status bar.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ecodesk.core.errors import UserError
from ecodesk.store import auto_backup
from ecodesk.store.workspace import Workspace
from ecodesk.ui import tasks
from ecodesk.ui.file_dialogs import FileDialogs
from ecodesk.ui.i18n import tr
from ecodesk.ui.status_items import ElidingLabel, add_status_item

KIND = "auto-backup"  # the remembered folder of the chooser


def _first_clause(text: str) -> str:
    """The status bar's short form: up to the first bracket or full stop (the rest in a tooltip)."""
    cut = min((i for i in (text.find(m) for m in ("（", "。", " (", ". ")) if i > 0), default=-1)
    return text[:cut] if cut > 0 else text


class BackupPlaceDialog(QDialog):
    """Where automatic backups go and how many are kept; `first_run` offers "later"."""

    chosen = Signal(object)  # store.auto_backup.AutoBackupSettings

    def __init__(self, root: Path, parent: QWidget | None = None, *, first_run: bool) -> None:
        super().__init__(parent)
        self.root, self.first_run = root, first_run
        self.setWindowTitle(tr("Automatic backup"))
        current = auto_backup.load_settings(root)
        heading = QLabel(tr("Where should ecodesk keep a second copy of your work?"))
        heading.setStyleSheet("font-size: 15px; font-weight: bold;")
        heading.setWordWrap(True)
        intro = QLabel(
            tr(
                "If this computer's disk fails or Windows is reinstalled, everything typed here "
                "is lost with it. Choose a second place, on a USB stick or another drive: each "
                "day, when you close the window, ecodesk writes a checked backup there."
            )
        )
        intro.setWordWrap(True)
        secret = QLabel(
            tr(
                "The backups hold this computer's secret keys: keep the stick as safe as the "
                "office seal."
            )
        )
        secret.setWordWrap(True)
        secret.setStyleSheet("color: #555;")
        self.folder = QLineEdit(current.folder)
        self.folder.setPlaceholderText(tr("e.g. E:\\ecodesk backups"))
        browse = QPushButton(tr("Browse…"))
        browse.clicked.connect(self.browse)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        self.keep = QSpinBox()
        self.keep.setRange(1, 100)
        self.keep.setValue(current.keep)
        self.keep.setSuffix(tr(" backups"))
        form = QFormLayout()
        form.addRow(tr("Backup place:"), row)
        form.addRow(tr("Keep the newest:"), self.keep)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #D55E00;")
        self.error.hide()
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(tr("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.later_button = buttons.addButton(
            tr("Later") if first_run else tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(secret)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.files = FileDialogs(self)
        self.resize(560, self.sizeHint().height())

    def browse(self) -> None:
        self.files.choose(
            tr("Backup place"),
            kind=KIND,
            folder=True,
            on_chosen=lambda p: self.folder.setText(str(p)),
        )

    def accept(self) -> None:
        text = self.folder.text().strip()
        if not text:
            self._show_error(tr("Choose a folder first."))
            return
        try:
            settings = auto_backup.choose_folder(self.root, Path(text), keep=self.keep.value())
        except UserError as exc:
            self._show_error(str(exc))
            return
        self.chosen.emit(settings)
        super().accept()

    def reject(self) -> None:
        if self.first_run:
            auto_backup.note_asked(self.root)  # asked once; the weekly reminder takes over
        super().reject()

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()


class AutoBackup(QObject):
    """The automatic backup of `window`'s workspace: asked for, written on closing, reminded."""

    backed_up = Signal(object)  # store.backup.BackupResult
    failed = Signal(object)

    def __init__(self, window: QMainWindow, ws: Workspace) -> None:
        super().__init__(window)
        self.window, self.ws = window, ws
        self.dialog: BackupPlaceDialog | None = None
        self.tried = False  # one attempt per window: closing again must not wait again
        self.reminder: QMessageBox | None = None
        # Gives way to the changes not sent and the package's age on a narrow window.
        self.status = ElidingLabel()
        self.status.setObjectName("backupStatus")
        add_status_item(window, self.status)
        self.action = self._settings_menu().addAction(tr("Automatic backup…"))
        self.action.triggered.connect(lambda: self.ask(first_run=False))
        self.action.setEnabled(not ws.read_only)
        window.installEventFilter(self)
        self.refresh()

    def _settings_menu(self) -> QMenu:
        """The window's 设置 menu (the clerk's has one), or a new one (the task force's)."""
        title = tr("&Settings")
        for action in self.window.menuBar().actions():
            menu = action.menu()
            if isinstance(menu, QMenu) and menu.title() == title:
                return menu
        return self.window.menuBar().addMenu(title)

    def start(self, *, first_run: bool = False) -> None:
        """When the workspace is opened: on the first run (a workspace just made or restored on
        the first-run screen) ask for the place, unless already asked; else remind after a week."""
        if self.ws.read_only:
            return
        settings = auto_backup.load_settings(self.ws.root)
        if first_run and not settings.chosen and not settings.asked:
            self.ask(first_run=True)
        else:
            self.remind()

    def ask(self, *, first_run: bool) -> BackupPlaceDialog:
        dialog = BackupPlaceDialog(self.ws.root, self.window, first_run=first_run)
        dialog.chosen.connect(lambda _s: self.refresh())
        dialog.finished.connect(lambda _r: self.refresh())
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        return dialog

    def remind(self) -> QMessageBox | None:
        days = auto_backup.days_without_backup(self.ws.root)
        if days is None:
            return None
        text, _warn = auto_backup.status_text(self.ws.root)
        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(tr("No backup for a week"))
        box.setText(text)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setEscapeButton(box.addButton(QMessageBox.StandardButton.Ok))
        change = box.addButton(tr("Change backup place…"), QMessageBox.ButtonRole.ActionRole)
        change.clicked.connect(lambda: self.ask(first_run=False))
        box.finished.connect(box.deleteLater)
        self.reminder = box
        box.open()
        return box

    def refresh(self) -> None:
        if self.ws.read_only:  # no automatic backup of a copy looked at (its setting is off)
            self.status.hide()
            return
        text, warn = auto_backup.status_text(self.ws.root)
        self.status.setText(("⚠ " if warn else "") + _first_clause(text))
        self.status.setToolTip(text)
        self.status.setStyleSheet("color: #D55E00; font-weight: bold;" if warn else "")

    def detach(self) -> None:
        """The window is replaced (e.g. another language), not closed: no backup for it."""
        self.window.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.back_up_on_close()
        return False

    def back_up_on_close(self) -> None:
        """Save what the window holds, then write the day's backup if due (before it closes)."""
        settings = auto_backup.load_settings(self.ws.root)
        if self.tried or self.ws.read_only or not auto_backup.is_due(settings):
            return
        self.tried = True
        tasks.finish_all()  # evidence being copied is linked first
        editor = getattr(self.window, "editor", None)
        if editor is not None:
            editor.save_now()  # the window saves again on closing: nothing left by then
        self.window.statusBar().showMessage(
            tr("Automatic backup to %1…").replace("%1", settings.folder)
        )
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        QGuiApplication.processEvents()  # show the message before the wait
        try:
            result = auto_backup.run_auto_backup(self.ws)
        except UserError as exc:  # recorded in the settings; the reminder says it later
            self.failed.emit(exc)
        else:
            self.backed_up.emit(result)
        finally:
            QGuiApplication.restoreOverrideCursor()
