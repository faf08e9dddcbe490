"""What the window says about the workspace itself, in both windows: Help → About (the app's
and every format's version), 只读 when the workspace is opened read-only, and, once, that the
database was copied aside before it was upgraded."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from ecodesk import SCHEMA_VERSION
from ecodesk.store.workspace import Workspace
from ecodesk.ui.i18n import tr
from ecodesk.ui.screen_fit import fit_dialog
from ecodesk.ui.status_items import ElidingLabel, add_status_item
from ecodesk.versions import version_rows

_announced: set[Path] = set()  # migration copies already announced (a language switch rebuilds)


def title_suffix(ws: Workspace) -> str:
    """Appended to the window title: " · 只读" when nothing can be changed."""
    return " · " + tr("Read-only") if ws.read_only else ""


def install_workspace_notices(window: QMainWindow, ws: Workspace) -> None:
    """Help menu with About; the read-only mark in the status bar; the migration notice."""
    help_menu = window.menuBar().addMenu(tr("&Help"))
    window.help_menu = help_menu  # type: ignore[attr-defined]
    about = help_menu.addAction(tr("About ecodesk…"))
    about.triggered.connect(lambda: show_about(window, ws))
    window.about_action = about  # type: ignore[attr-defined]
    if ws.read_only:
        # 只读 is in the title too; on a narrow window the badge gives way to the figures.
        label = ElidingLabel(tr("Read-only: this workspace can be viewed but not changed"))
        label.setObjectName("readOnlyBadge")
        label.setToolTip(read_only_details(ws))
        add_status_item(window, label)
        window.read_only_label = label  # type: ignore[attr-defined]
    backup = ws.db.migration_backup
    if backup is not None and backup not in _announced:
        _announced.add(backup)
        box = QMessageBox(
            QMessageBox.Icon.Information, "ecodesk", migration_text(ws), parent=window
        )
        box.finished.connect(box.deleteLater)
        window.migration_notice = box  # type: ignore[attr-defined]
        box.open()


def migration_text(ws: Workspace) -> str:
    return (
        tr("The database was upgraded from version %1 to %2. A copy from before the upgrade is at:")
        .replace("%1", str(ws.db.migrated_from))
        .replace("%2", str(SCHEMA_VERSION))
        + f"\n{ws.db.migration_backup}"
    )


def read_only_details(ws: Workspace) -> str:
    text = tr("%1 is on read-only media or was opened read-only. To change it, copy the whole "
              "folder somewhere writable and open the copy.").replace("%1", str(ws.root))  # fmt: skip
    if ws.db.migrated_from is not None:
        text += "\n" + tr(
            "Its database is from an older ecodesk (version %1); it is shown converted in "
            "memory, and the file is not changed."
        ).replace("%1", str(ws.db.migrated_from))
    return text


class AboutDialog(QDialog):
    """The versions `ecodesk --version` prints, and which workspace is open."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("About ecodesk"))
        form = QFormLayout()
        self.rows = version_rows()
        for label, value in self.rows:
            form.addRow(label, QLabel(value))
        where = str(ws.root) + (f" ({tr('Read-only')})" if ws.read_only else "")
        form.addRow(tr("Workspace"), QLabel(where))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("ecodesk: Longnan eco-civilization indicators")))
        layout.addLayout(form)
        layout.addWidget(buttons)
        fit_dialog(self)


def show_about(window: QMainWindow, ws: Workspace) -> AboutDialog:
    dialog = AboutDialog(ws, window)
    dialog.finished.connect(dialog.deleteLater)
    window.about_dialog = dialog  # type: ignore[attr-defined]
    dialog.open()
    return dialog
