"""The menus both windows share: 设置 (language, evidence size limit, the clerk's own name),
文件 → 退出, and the clerk's name itself, asked once and kept in the user's settings."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from ecodesk.store.workspace import Workspace
from ecodesk.ui import settings
from ecodesk.ui.i18n import tr
from ecodesk.ui.screen_fit import fit_dialog

MAX_NAME = 40


def install_settings_menu(window: Any, ws: Workspace) -> QMenu:
    """设置: language (the window emits `language_requested(code)`), evidence size limit, name."""
    menu: QMenu = window.menuBar().addMenu(tr("&Settings"))
    language = menu.addMenu(tr("Language"))
    group = QActionGroup(window)
    for code, name in (("zh", "中文"), ("en", "English")):
        action = QAction(name, window, checkable=True)
        action.setChecked(settings.language() == code)
        action.triggered.connect(lambda _on, code=code: window.language_requested.emit(code))
        group.addAction(action)
        language.addAction(action)
    limit = menu.addAction(tr("Evidence size limit…"))
    limit.triggered.connect(lambda: show_evidence_limit(window, ws))
    limit.setEnabled(not ws.read_only)
    my_name = menu.addAction(tr("My name…"))
    my_name.triggered.connect(lambda: ask_clerk_name(window, ws))
    window.settings_menu = menu
    return menu


def add_quit(menu: QMenu, window: QMainWindow) -> QAction:
    """文件 → 退出 (Ctrl+Q): closing saves everything, as closing the window does."""
    menu.addSeparator()
    action = menu.addAction(tr("Exit"))
    action.setShortcut(QKeySequence("Ctrl+Q"))  # the platform key is empty on Windows
    action.triggered.connect(window.close)
    return action


def show_evidence_limit(window: Any, ws: Workspace) -> QDialog:
    from ecodesk.ui.workspace_settings import EvidenceLimitDialog

    dialog = EvidenceLimitDialog(ws, window)
    dialog.changed.connect(
        lambda mb: window.statusBar().showMessage(
            tr("Evidence size limit: %1 MB").replace("%1", f"{mb:g}"), 8000
        )
    )
    dialog.finished.connect(dialog.deleteLater)
    window.limit_dialog = dialog
    dialog.open()
    return dialog


# ---------------------------------------------------------------- the clerk's name


def use_clerk_name(window: Any, ws: Workspace) -> None:
    """Changes are recorded under the clerk's own name; ask for it once if it is not known."""
    name = settings.clerk_name()
    if name:
        ws.set_clerk(name)
    elif not ws.read_only:
        QTimer.singleShot(0, lambda: ask_clerk_name(window, ws))  # once the window is shown


def ask_clerk_name(window: Any, ws: Workspace) -> ClerkNameDialog:
    dialog = ClerkNameDialog(settings.clerk_name(), window)
    dialog.named.connect(lambda name: _keep_name(window, ws, name))
    dialog.finished.connect(dialog.deleteLater)
    window.name_dialog = dialog
    dialog.open()
    return dialog


def _keep_name(window: Any, ws: Workspace, name: str) -> None:
    settings.set_clerk_name(name)
    ws.set_clerk(name)
    window.statusBar().showMessage(tr("Changes are now recorded as %1.").replace("%1", name), 8000)


class ClerkNameDialog(QDialog):
    """Who is typing: shown in 修改记录 and to the task force instead of the Windows login."""

    named = Signal(str)

    def __init__(self, current: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Your name"))
        explain = QLabel(tr("Your name is recorded with every change you make and shown in the "
                            "history and to the task force. It is asked once and kept on this "
                            "computer; change it under Settings → My name."))  # fmt: skip
        explain.setWordWrap(True)
        self.name = QLineEdit(current)
        self.name.setMaxLength(MAX_NAME)
        self.name.setPlaceholderText(tr("for example 张红 (成县生态环境局)"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setEnabled(bool(current.strip()))
        self.name.textChanged.connect(lambda text: self.ok_button.setEnabled(bool(text.strip())))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addWidget(self.name)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)
        fit_dialog(self)

    def _accept(self) -> None:
        name = " ".join(self.name.text().replace("@", " ").split())  # "@" ends the name in logs
        if name:
            self.named.emit(name)
            self.accept()
