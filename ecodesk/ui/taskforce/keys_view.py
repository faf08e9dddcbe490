"""The key ceremony in the task force's window (tab 密钥与登记): its own fingerprint, large and
copyable, to print on the stamped letter; enrolling an office from its public key file with the
fingerprint typed as heard on the phone; re-enrolling (which says which key it retired); revoking
(confirmed first); rotating its own key. The rules are in ecodesk.bundle (docs/security.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ecodesk.bundle import api
from ecodesk.core.errors import UserError
from ecodesk.core.offices import all_offices
from ecodesk.core.timefmt import local_time
from ecodesk.store import keys as key_store
from ecodesk.store.workspace import Workspace
from ecodesk.ui.file_dialogs import FileDialogs
from ecodesk.ui.screen_fit import scrolling
from ecodesk.ui.style import GREEN, VERMILLION
from ecodesk.ui.taskforce.i18n import tr

Index = QModelIndex | QPersistentModelIndex


def _big_mono(widget: QWidget, size: int) -> None:
    """Large, fixed-width, bold: a fingerprint read aloud group by group (the window's stylesheet
    sets every widget's size, so the size goes in the widget's own stylesheet)."""
    family = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family()
    widget.setStyleSheet(f'font-family: "{family}"; font-size: {size}pt; font-weight: bold;')


def _wrapped(text: str = "", name: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if name:
        label.setObjectName(name)
    return label


def _outcome(label: QLabel, text: str, *, ok: bool) -> None:
    label.setStyleSheet(f"color: {GREEN if ok else VERMILLION};")
    label.setText(text)
    label.show()


def _status_text(record: key_store.KeyRecord) -> str:
    if record.status == key_store.ACTIVE:
        return tr("Active")
    if record.status == key_store.REVOKED:
        return tr("Revoked %1").replace("%1", local_time(record.revoked_at, seconds=False)[:10])
    return tr("Retired (replaced by %1)").replace("%1", record.replaced_by)


class OfficeKeysModel(QAbstractTableModel):
    """Every office key the task force knows: enrolled, learnt by rotation, retired, revoked."""

    OFFICE, STATUS, FINGERPRINT, KEY_ID, ADDED = range(5)
    KEY_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, ws: Workspace) -> None:
        super().__init__()
        self.ws = ws
        self.rows: list[key_store.KeyRecord] = []
        self.refresh()

    def refresh(self) -> None:
        self.beginResetModel()
        order = {o.name: i for i, o in enumerate(all_offices())}
        keys = key_store.list_keys(self.ws.db, role="office", own=False)
        self.rows = sorted(
            keys, key=lambda k: (order.get(k.office, 999), k.status != "active", k.added_at)
        )
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (tr("Office"), tr("Status"), tr("Fingerprint"), tr("Key id"), tr("Added"))[
                section
            ]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        record = self.rows[index.row()]
        if role == self.KEY_ROLE:
            return record
        if role == Qt.ItemDataRole.DisplayRole:
            return (record.office, _status_text(record), record.fingerprint, record.key_id,
                    local_time(record.added_at, seconds=False))[index.column()]  # fmt: skip
        if role == Qt.ItemDataRole.ForegroundRole and record.status != key_store.ACTIVE:
            return Qt.GlobalColor.darkGray
        return None


class KeysPanel(QWidget):
    """The whole key ceremony of the task force, in one tab."""

    changed = Signal()  # enrolled, retired or revoked: the window refreshes what depends on keys

    def __init__(self, ws: Workspace, files: FileDialogs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws, self.files = ws, files
        self.confirm: QMessageBox | None = None  # the open confirmation (kept for tests)
        self.guide = _wrapped("", "enrollGuide")
        self.guide.setStyleSheet(f"color: {VERMILLION}; font-weight: bold;")
        self.guide.hide()
        column = QWidget()
        left = QVBoxLayout(column)
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(self.guide)
        left.addWidget(self._own_key_box())
        left.addWidget(self._enroll_box())
        left.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addWidget(scrolling(column), 1)  # scrolls on a small screen (150 % scaling)
        layout.addWidget(self._keys_box(), 1)

    # ------------------------------------------------------------ own key

    def _own_key_box(self) -> QGroupBox:
        box = QGroupBox(tr("This task force's key"))
        self.own_fingerprint = QLabel()
        self.own_fingerprint.setObjectName("ownFingerprint")
        _big_mono(self.own_fingerprint, 22)
        self.own_fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.copy_button = QPushButton(tr("Copy"))
        self.copy_button.clicked.connect(self.copy_fingerprint)
        self.rotate_button = QPushButton(tr("Replace my key…"))
        self.rotate_button.clicked.connect(self.ask_rotate)
        self.own_outcome = _wrapped("", "ownKeyOutcome")
        self.own_outcome.hide()
        row = QHBoxLayout()
        row.addWidget(self.own_fingerprint)
        row.addWidget(self.copy_button)
        row.addStretch(1)
        layout = QVBoxLayout(box)
        layout.addWidget(_wrapped(tr(
            "Print this fingerprint on a stamped letter to every office, or read it out by phone: "
            "each office types it when it imports its first task package.")))  # fmt: skip
        layout.addLayout(row)
        layout.addWidget(self.rotate_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.own_outcome)
        self.show_own_key()
        return box

    def show_own_key(self) -> None:
        self.own_fingerprint.setText(api.key_info(self.ws).fingerprint)

    def copy_fingerprint(self) -> None:
        QGuiApplication.clipboard().setText(self.own_fingerprint.text())
        _outcome(self.own_outcome, tr("Fingerprint copied."), ok=True)

    def ask_rotate(self) -> QMessageBox:
        return self._confirm(
            tr("Replace the task force's key?"),
            tr(
                "A new key is made; the old one signs a statement naming it, which every office "
                "receives with its next task package. From then on the old key signs nothing. Tell "
                "the offices the new fingerprint too. If the old key may be in someone else's "
                "hands, they could do the same: call every office."
            ),  # fmt: skip
            tr("Replace key"),
            self.rotate,
        )

    def rotate(self) -> None:
        old = self.own_fingerprint.text()
        info = api.rotate_key(self.ws)
        self.show_own_key()
        _outcome(self.own_outcome, tr("New fingerprint %1 (was %2). Offices learn it from their "
                                      "next task package.").replace("%1", info.fingerprint)
                 .replace("%2", old), ok=True)  # fmt: skip

    # ------------------------------------------------------------ enrollment

    def _enroll_box(self) -> QGroupBox:
        box = QGroupBox(tr("Enroll an office"))
        self.office_box = QComboBox()
        for office in all_offices():
            self.office_box.addItem(office.name, office.name)
        self.key_file = QLineEdit()
        self.key_file.setPlaceholderText(tr("the office's public key file (.json)"))
        choose = QPushButton(tr("Choose…"))
        choose.clicked.connect(self.choose_key_file)
        file_row = QHBoxLayout()
        file_row.addWidget(self.key_file, 1)
        file_row.addWidget(choose)
        self.heard = QLineEdit()
        self.heard.setObjectName("heardFingerprint")
        _big_mono(self.heard, 14)
        self.heard.setPlaceholderText("XXXX-XXXX-XXXX-XXXX")
        self.enroll_button = QPushButton(tr("Enroll"))
        self.enroll_button.clicked.connect(self.enroll)
        self.enroll_outcome = _wrapped("", "enrollOutcome")
        self.enroll_outcome.hide()
        form = QFormLayout()
        form.addRow(tr("Office:"), self.office_box)
        form.addRow(tr("Key file:"), file_row)
        form.addRow(tr("Fingerprint heard on the phone:"), self.heard)
        layout = QVBoxLayout(box)
        layout.addWidget(_wrapped(tr(
            "The office sends its public key file and reads its fingerprint out by phone. Type "
            "the fingerprint as you hear it, not from the file: the key is enrolled only if the two "
            "agree. Enrolling a new key for an office retires its previous one.")))  # fmt: skip
        layout.addLayout(form)
        layout.addWidget(self.enroll_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.enroll_outcome)
        return box

    def choose_key_file(self) -> None:
        self.files.choose(
            tr("Public key file of the office"),
            kind="key",
            name_filter=tr("Public key files (*.json)"),
            on_chosen=lambda path: self.key_file.setText(str(path)),
        )

    def enroll(self) -> None:
        office = self.office_box.currentData()
        if not self.key_file.text().strip() or not self.heard.text().strip():
            _outcome(self.enroll_outcome, tr("Choose the key file and type the fingerprint you "
                                             "heard."), ok=False)  # fmt: skip
            return
        try:
            enrolled = api.enroll_office(self.ws, office=office, key_file=Path(self.key_file.text().strip()),
                                         fingerprint=self.heard.text())  # fmt: skip
        except UserError as exc:
            _outcome(self.enroll_outcome, str(exc), ok=False)
            return
        lines = [tr("Enrolled the key of %1 (fingerprint %2).").replace("%1", office)
                 .replace("%2", enrolled.key.fingerprint)]  # fmt: skip
        for old in enrolled.retired:
            lines.append(tr("Its previous key %1 (fingerprint %2) is retired: bundles it signs "
                            "from now on are refused.").replace("%1", old.key_id)
                         .replace("%2", old.fingerprint))  # fmt: skip
        _outcome(self.enroll_outcome, "\n".join(lines), ok=True)
        self.heard.clear()
        self.key_file.clear()
        self.guide.hide()
        self.keys.refresh()
        self.changed.emit()

    def explain_unenrolled(self, office: str | None) -> None:
        """Why no task package can be made for `office` (None: for any office), and what to do,
        right where it is done."""
        if office:
            self.office_box.setCurrentIndex(max(self.office_box.findData(office), 0))
            text = tr("%1 has no enrolled key yet, so no task package can be made for it.")
        else:
            text = tr("No office has an enrolled key yet, so no task package can be made.")
        self.guide.setText(" ".join([text.replace("%1", office or ""), tr(
            "Ask the office to open File → My key… in its ecodesk, save its public key file and "
            "send it to you, and to read its fingerprint out by phone. Then choose the file below, "
            "type the fingerprint as you heard it and press Enroll.")]))  # fmt: skip
        self.guide.show()
        self.heard.setFocus()

    # ------------------------------------------------------------ known keys, revocation

    def _keys_box(self) -> QGroupBox:
        box = QGroupBox(tr("Office keys"))
        self.keys = OfficeKeysModel(self.ws)
        self.table = QTableView()
        self.table.setModel(self.keys)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.revoke_button = QPushButton(tr("Revoke selected key…"))
        self.revoke_button.clicked.connect(self.ask_revoke)
        self.revoke_outcome = _wrapped("", "revokeOutcome")
        self.revoke_outcome.hide()
        layout = QVBoxLayout(box)
        layout.addWidget(self.table, 1)
        layout.addWidget(_wrapped(tr(
            "Revoke a key when a PC was stolen or the key leaked: what was received stays, "
            "nothing it signs is accepted afterwards. Then enroll the office's new key.")))  # fmt: skip
        layout.addWidget(self.revoke_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.revoke_outcome)
        return box

    def selected_key(self) -> key_store.KeyRecord | None:
        rows = self.table.selectionModel().selectedRows()
        return self.keys.data(rows[0], OfficeKeysModel.KEY_ROLE) if rows else None

    def ask_revoke(self) -> QMessageBox | None:
        record = self.selected_key()
        if record is None or record.status == key_store.REVOKED:
            _outcome(self.revoke_outcome, tr("Select a key that is not revoked yet."), ok=False)
            return None
        return self._confirm(
            tr("Revoke this key?"),
            tr(
                "Revoke key %1 of %2 (fingerprint %3)? Nothing it signs will be accepted any more, "
                "and it cannot be enrolled again. This cannot be undone."
            )
            .replace("%1", record.key_id)
            .replace("%2", record.office)
            .replace("%3", record.fingerprint),  # fmt: skip
            tr("Revoke"),
            lambda: self.revoke(record),
        )

    def revoke(self, record: key_store.KeyRecord) -> None:
        try:
            api.revoke_office_key(self.ws, office=record.office, key_id=record.key_id)
        except UserError as exc:
            _outcome(self.revoke_outcome, str(exc), ok=False)
            return
        _outcome(self.revoke_outcome, tr("Revoked key %1 of %2: nothing it signs is accepted any "
                                         "more.").replace("%1", record.key_id)
                 .replace("%2", record.office), ok=True)  # fmt: skip
        self.keys.refresh()
        self.changed.emit()

    def _confirm(self, title: str, text: str, action: str, then: Any) -> QMessageBox:
        """A non-blocking question: `then()` runs only if the person presses `action`."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(title)
        box.setText(text)
        yes = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
        box.setEscapeButton(box.addButton(tr("Cancel"), QMessageBox.ButtonRole.RejectRole))
        box.buttonClicked.connect(lambda clicked: then() if clicked is yes else None)
        box.finished.connect(box.deleteLater)
        self.confirm = box
        box.open()
        return box
