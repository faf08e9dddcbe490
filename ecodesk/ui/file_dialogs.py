"""Small non-blocking pieces the File menu shares: file choosers, notices, remembered folders.

Everything here uses `open()` and signals, never a modal `exec()`, so a test can find the dialog
(`FileDialogs.chooser`, `.notice`), fill it and accept it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ecodesk.ui.i18n import tr


def _settings() -> QSettings:
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "ecodesk", "ecodesk")


def last_folder(kind: str) -> Path:
    """The folder last used for `kind` (export, package, excel, report), else the desktop."""
    value = _settings().value(f"files/{kind}", "")
    if value and Path(str(value)).is_dir():
        return Path(str(value))
    desktop = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DesktopLocation)
    return Path(desktop) if desktop and Path(desktop).is_dir() else Path.home()


def remember_folder(kind: str, folder: Path) -> None:
    _settings().setValue(f"files/{kind}", str(folder))


def open_folder(path: Path) -> bool:
    """Show the folder holding `path` in the system's file manager."""
    folder = path if path.is_dir() else path.parent
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


class FileDialogs:
    """Opens one chooser or notice at a time on `parent`; the latest is kept for tests."""

    def __init__(self, parent: QWidget) -> None:
        self.parent = parent
        self.chooser: QFileDialog | None = None
        self.notice: QMessageBox | None = None

    def choose(
        self,
        title: str,
        *,
        kind: str,
        on_chosen: Callable[[Path], None],
        save_name: str | None = None,
        name_filter: str = "",
        folder: bool = False,
    ) -> QFileDialog:
        """Ask for a file to open, a file to save (`save_name`) or a folder (`folder=True`)."""
        start = last_folder(kind)
        dialog = QFileDialog(self.parent, title, str(start / save_name if save_name else start))
        if folder:
            dialog.setFileMode(QFileDialog.FileMode.Directory)
            dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        elif save_name is not None:
            dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
            dialog.setFileMode(QFileDialog.FileMode.AnyFile)
            dialog.selectFile(save_name)
        else:
            dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        if name_filter:
            dialog.setNameFilter(name_filter)

        def chosen(name: str) -> None:
            path = Path(name)
            remember_folder(kind, path if folder else path.parent)
            on_chosen(path)

        dialog.fileSelected.connect(chosen)
        dialog.finished.connect(dialog.deleteLater)
        self.chooser = dialog
        dialog.open()
        return dialog

    def show_notice(
        self,
        title: str,
        text: str,
        *,
        details: str = "",
        path: Path | None = None,
        error: bool = False,
    ) -> QMessageBox:
        """A non-blocking message; with `path`, a button opens the folder that holds it."""
        box = QMessageBox(self.parent)
        box.setWindowTitle(title)
        box.setIcon(QMessageBox.Icon.Warning if error else QMessageBox.Icon.Information)
        box.setText(text)
        # wide enough that a file name or a fingerprint is not broken across lines
        box.setStyleSheet(
            "QLabel#qt_msgbox_label, QLabel#qt_msgbox_informativelabel { min-width: 440px; }"
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        if details:
            box.setInformativeText(details)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if path is not None:
            show = box.addButton(tr("Open folder"), QMessageBox.ButtonRole.ActionRole)
            show.clicked.connect(lambda: open_folder(path))
        box.setEscapeButton(box.addButton(QMessageBox.StandardButton.Ok))  # Esc and close() work
        box.finished.connect(box.deleteLater)
        self.notice = box
        box.open()
        return box

    def show_error(self, title: str, exc: BaseException) -> QMessageBox:
        return self.show_notice(title, error_text(exc), error=True)


def error_text(exc: BaseException) -> str:
    """What to tell a person: a UserError says it already; a bare OSError (a USB stick pulled out
    mid-export, a folder that vanished) gets the file and a hint instead of `[Errno 5] …`."""
    if isinstance(exc, OSError):
        return (
            tr(
                "Cannot read or write %1 (%2). If it is a USB stick, check that it is still plugged in."
            )
            .replace("%1", str(exc.filename or ""))
            .replace("%2", exc.strerror or str(exc))
        )
    return str(exc)
