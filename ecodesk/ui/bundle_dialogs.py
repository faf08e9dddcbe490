"""The clerk's bundle dialogs: export a bundle, confirm the task force's key, show my key.

They call `ecodesk.bundle.api` through `ui.tasks` jobs (off the GUI thread, on a workspace
connection of their own) and are opened with `open()`, so tests can fill them and press OK.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ecodesk.store.workspace import Workspace
from ecodesk.ui import tasks
from ecodesk.ui.file_dialogs import FileDialogs, last_folder, open_folder
from ecodesk.ui.i18n import tr
from ecodesk.ui.screen_fit import fit_dialog
from ecodesk.ui.style import GREEN, VERMILLION

if TYPE_CHECKING:  # cryptography is loaded only when a bundle is touched (start-up time)
    from ecodesk.bundle import api


def normalise(text: str) -> str:
    cleaned = "".join(c for c in text.upper() if c.isalnum())
    return "-".join(cleaned[i : i + 4] for i in range(0, len(cleaned), 4))


def _big_mono(size: float = 16) -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSizeF(size)
    font.setBold(True)
    return font


def _wrapped(text: str, name: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    if name:
        label.setObjectName(name)
    return label


def _set_outcome(label: QLabel, text: str, *, ok: bool) -> None:
    label.setStyleSheet(f"color: {GREEN if ok else VERMILLION};")
    label.setText(text)
    label.show()
    label.window().adjustSize()  # grow with the new text, so nothing is squeezed or clipped


class ExportDialog(QDialog):
    """Export the office's bundle for the period: incremental or full, into a chosen folder."""

    exported = Signal(object)  # api.ExportResult

    def __init__(self, ws: Workspace, period: int, files: FileDialogs, parent: QWidget) -> None:
        super().__init__(parent)
        self.ws, self.period, self.files = ws, period, files
        self.result_path: Path | None = None
        self.setWindowTitle(tr("Export data bundle"))
        self.incremental = QRadioButton(
            tr("Changes since the last bundle the task force confirmed")
        )
        self.full = QRadioButton(tr("Every entry of the period (full bundle)"))
        self.incremental.setChecked(True)
        kind = QButtonGroup(self)
        kind.addButton(self.incremental)
        kind.addButton(self.full)
        self.folder = QLineEdit(str(last_folder("export")))
        browse = QPushButton(tr("Choose…"))
        browse.clicked.connect(self.choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        self.outcome = _wrapped("", "exportOutcome")
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.outcome.hide()
        self.show_folder = QPushButton(tr("Open folder"))
        self.show_folder.hide()
        self.show_folder.clicked.connect(
            lambda: self.result_path is not None and open_folder(self.result_path)
        )
        buttons = QDialogButtonBox()
        self.export_button = buttons.addButton(tr("Export"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.accepted.connect(self.start_export)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(_wrapped(
            tr("Data bundle of %1 for the %2 period, signed and encrypted for the task force.")
            .replace("%1", ws.office).replace("%2", str(period))
        ))  # fmt: skip
        layout.addWidget(self.incremental)
        layout.addWidget(self.full)
        layout.addWidget(QLabel(tr("Save in folder (for example a USB stick):")))
        layout.addLayout(folder_row)
        layout.addWidget(self.outcome)
        layout.addWidget(self.show_folder, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)
        fit_dialog(self)

    def choose_folder(self) -> None:
        self.files.choose(
            tr("Folder for the bundle"),
            kind="export",
            folder=True,
            on_chosen=lambda path: self.folder.setText(str(path)),
        )

    def start_export(self) -> None:
        folder = Path(self.folder.text().strip())
        if not self.folder.text().strip() or not folder.is_dir():
            _set_outcome(self.outcome, tr("Choose an existing folder first."), ok=False)
            return
        self.export_button.setEnabled(False)
        self.outcome.hide()
        self.show_folder.hide()
        from ecodesk.bundle import api

        full, period = self.full.isChecked(), self.period
        tasks.run(
            self,
            tr("Writing the data bundle…"),
            tasks.in_workspace(
                self.ws.root,
                lambda ws, progress: api.export_bundle(
                    ws, period=period, out_dir=folder, full=full, progress=progress
                ),
            ),
            self._done,
            self._failed,
        )

    def _done(self, result: api.ExportResult) -> None:
        self.export_button.setEnabled(True)
        self.result_path = result.path
        text = "\n".join((
            tr("Written: %1").replace("%1", result.path.name),
            tr("In folder: %1").replace("%1", str(result.path.parent)),
            tr("%1 entries, %2 evidence files (%3).")
            .replace("%1", str(result.entries)).replace("%2", str(result.evidence))
            .replace("%3", tr("full") if result.full else tr("changes only")),
            tr("Read back after writing: the file on disk is complete and correct."),
        ))  # fmt: skip
        _set_outcome(self.outcome, text, ok=True)
        self.show_folder.show()
        self.adjustSize()
        self.exported.emit(result)

    def _failed(self, exc: Exception) -> None:
        self.export_button.setEnabled(True)
        _set_outcome(self.outcome, tr("Not exported: %1").replace("%1", str(exc)), ok=False)
        self.adjustSize()


FINGERPRINT_CHARACTERS = 16


def spaced(fingerprint: str) -> str:
    """ "K7QF-3MZD-XR2A-PL9Q" as four groups with room between them, to read out group by group
    (display only: the fingerprint itself is unchanged)."""
    return "  ".join(fingerprint.split("-"))


class FingerprintDialog(QDialog):
    """First task package: the clerk types the fingerprint from the task force's letter first;
    only then does ecodesk show the package's and compare, so the check is never a copy."""

    confirmed = Signal(str)

    def __init__(self, package: Path, fingerprint: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.fingerprint = fingerprint
        self.setWindowTitle(tr("Confirm the task force's key"))
        self.typed = QLineEdit()
        self.typed.setFont(_big_mono(16))
        self.typed.setPlaceholderText(tr("4 groups of 4 letters or digits"))
        self.typed.textChanged.connect(self._compare)
        self.shown = QLabel()  # the package's fingerprint: only once the clerk has typed theirs
        self.shown.setObjectName("packageFingerprint")
        self.shown.setFont(_big_mono(16))
        self.shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.shown_caption = QLabel(tr("Fingerprint in this package:"))
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        for label in (self.shown, self.shown_caption):
            label.hide()
        buttons = QDialogButtonBox()
        self.trust_button = buttons.addButton(
            tr("Trust and import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.trust_button.setEnabled(False)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(_wrapped(
            tr("%1 is the first task package from the task force. Before ecodesk trusts it, type "
               "the key fingerprint printed on the task force's stamped letter (or read out to you "
               "by phone); ecodesk then compares it with the key that signed this package.")
            .replace("%1", package.name)
        ))  # fmt: skip
        layout.addWidget(QLabel(tr("Type the fingerprint from the letter:")))
        layout.addWidget(self.typed)
        layout.addWidget(self.shown_caption)
        layout.addWidget(self.shown)
        layout.addWidget(self.verdict)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)
        fit_dialog(self)

    def _compare(self, text: str) -> None:
        typed = normalise(text)
        complete = len(typed.replace("-", "")) >= FINGERPRINT_CHARACTERS
        for label in (self.shown, self.shown_caption):
            label.setVisible(complete)
        matches = typed == self.fingerprint
        self.trust_button.setEnabled(matches)
        if not complete:
            self.verdict.setText("")
            self.adjustSize()
            return
        self.shown.setText(_marked_groups(typed, self.fingerprint))
        if matches:
            _set_outcome(self.verdict, tr("✓ The fingerprints match."), ok=True)
        else:
            _set_outcome(self.verdict, tr("✗ The fingerprints differ (the groups in red). Do not "
                                          "import this package; call the task force."), ok=False)  # fmt: skip

    def _accept(self) -> None:
        if normalise(self.typed.text()) == self.fingerprint:
            self.confirmed.emit(self.fingerprint)
            self.accept()


def _marked_groups(typed: str, fingerprint: str) -> str:
    """The package's fingerprint in groups, those that differ from what was typed in red."""
    typed_groups = typed.split("-")
    shown = []
    for i, group in enumerate(fingerprint.split("-")):
        same = i < len(typed_groups) and typed_groups[i] == group
        shown.append(group if same else f'<span style="color:{VERMILLION}">{group}</span>')
    return "&nbsp;&nbsp;".join(shown)


class KeyDialog(QDialog):
    """This office's public key: the fingerprint to read out and the file to send for enrollment."""

    def __init__(self, ws: Workspace, files: FileDialogs, parent: QWidget) -> None:
        super().__init__(parent)
        from ecodesk.bundle import api

        self.ws, self.files = ws, files
        self.info = api.key_info(ws)
        self.setWindowTitle(tr("My key"))
        fingerprint = QLabel(spaced(self.info.fingerprint))
        fingerprint.setObjectName("myFingerprint")
        fingerprint.setFont(_big_mono(18))
        fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QFormLayout()
        form.addRow(tr("Office:"), QLabel(ws.office))
        form.addRow(tr("Fingerprint:"), fingerprint)
        key_id = QLabel(self.info.key_id)
        key_id.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(tr("Key id:"), key_id)
        self.saved = _wrapped("", "keySaved")
        self.saved.hide()
        save = QPushButton(tr("Save public key file…"))
        save.clicked.connect(self.choose_file)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(_wrapped(
            tr("To enroll this office, send the public key file to the task force and read the "
               "fingerprint out to them by phone (or print it on a stamped letter). The file holds "
               "no secret; your private key never leaves this computer.")
        ))  # fmt: skip
        layout.addLayout(form)
        layout.addWidget(save, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.saved)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)
        fit_dialog(self)

    def default_name(self) -> str:
        from ecodesk.core.filenames import portable_name

        return portable_name(tr("%1-public-key.json").replace("%1", self.ws.office))

    def choose_file(self) -> None:
        self.files.choose(
            tr("Save public key file"),
            kind="key",
            save_name=self.default_name(),
            name_filter=tr("Public key files (*.json)"),
            on_chosen=self.save_to,
        )

    def save_to(self, path: Path) -> None:
        from ecodesk.bundle import api

        document: dict[str, Any] = api.key_document(self.ws)
        from ecodesk.core.errors import UserError
        from ecodesk.store.files import atomic_write_bytes

        text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        try:  # atomic like every file ecodesk writes: a held file or a long path gets its message
            atomic_write_bytes(path, text.encode("utf-8"))
        except (OSError, UserError) as exc:
            _set_outcome(self.saved, tr("Not saved: %1").replace("%1", str(exc)), ok=False)
            return
        _set_outcome(
            self.saved,
            tr("Saved to %1. Send it to the task force and tell them the fingerprint %2.")
            .replace("%1", str(path)).replace("%2", self.info.fingerprint),
            ok=True,
        )  # fmt: skip


class PackageImporter(QObject):
    """Import one task package; on the first one, ask for the fingerprint and try again.

    `imported(PackageImport)` on success; `failed(Exception)` when the package was refused or
    the clerk cancelled (then nothing was changed).
    """

    imported = Signal(object)
    failed = Signal(object)

    def __init__(self, ws: Workspace, files: FileDialogs, parent: QWidget) -> None:
        super().__init__(parent)
        self.ws, self.files, self.window = ws, files, parent
        self.confirm: FingerprintDialog | None = None

    def start(self, path: Path, fingerprint: str | None = None) -> None:
        from ecodesk.bundle import api

        tasks.run(
            self.window,
            tr("Checking and importing the task package…"),
            tasks.in_workspace(
                self.ws.root,
                lambda ws, progress: api.import_task_package(
                    ws, path, confirm_fingerprint=fingerprint, progress=progress
                ),
            ),
            self.imported.emit,
            lambda exc: self._failed(path, exc),
        )

    def _failed(self, path: Path, exc: Exception) -> None:
        shown = getattr(exc, "subject", "")
        if getattr(exc, "code", None) == "confirm_fingerprint" and shown:
            dialog = FingerprintDialog(path, shown, self.window)
            dialog.confirmed.connect(lambda typed: self.start(path, typed))
            dialog.finished.connect(dialog.deleteLater)
            self.confirm = dialog
            dialog.open()
            return
        self.failed.emit(exc)
