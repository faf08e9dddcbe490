"""The evidence panel: the files attached to an entry; add by button or drag and drop."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ecodesk.core.entries import Evidence
from ecodesk.core.filenames import portable_name
from ecodesk.core.timefmt import local_time
from ecodesk.store.files import atomic_writer
from ecodesk.ui.i18n import tr

Index = QModelIndex | QPersistentModelIndex
COL_NAME, COL_SIZE, COL_ADDED = range(3)
EVIDENCE_ROLE = Qt.ItemDataRole.UserRole + 1


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


class EvidenceModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._rows: list[Evidence] = []

    def set_rows(self, rows: tuple[Evidence, ...] | list[Evidence]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[Evidence]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 3

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ):  # type: ignore[no-untyped-def]
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (tr("File"), tr("Size"), tr("Added"))[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == EVIDENCE_ROLE:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == COL_NAME:
                return row.name
            if index.column() == COL_SIZE:
                return human_size(row.size)
            return local_time(row.added_at, seconds=False)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.name}\nSHA-256 {row.sha256}"
        return None


class EvidencePanel(QFrame):
    """Emits `files_dropped` with paths to attach and `remove_requested` with a SHA-256."""

    files_dropped = Signal(list)
    remove_requested = Signal(str)
    open_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("evidenceDrop")
        self.setAcceptDrops(True)
        self.model = EvidenceModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setMinimumHeight(110)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_SIZE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_ADDED, QHeaderView.ResizeMode.ResizeToContents)
        self.add_button = QPushButton(tr("Add files…"))
        self.open_button = QPushButton(tr("Open"))
        self.remove_button = QPushButton(tr("Remove"))
        self.drop_hint = QLabel(
            tr("or drag files here; they are copied into the workspace at once")
        )
        self.drop_hint.setObjectName("hint")
        self._layout()
        self.add_button.clicked.connect(self.choose_files)
        self.open_button.clicked.connect(lambda: self._emit_selected(self.open_requested))
        self.remove_button.clicked.connect(lambda: self._emit_selected(self.remove_requested))
        self.table.doubleClicked.connect(lambda _i: self._emit_selected(self.open_requested))
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._update_buttons()

    def _layout(self) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.drop_hint, 1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    def set_rows(self, rows: tuple[Evidence, ...]) -> None:
        self.model.set_rows(rows)
        self.table.setMinimumHeight(min(110 + 30 * max(len(rows) - 2, 0), 260))
        self._update_buttons()

    def set_read_only(self, read_only: bool) -> None:
        self.add_button.setEnabled(not read_only)
        self.setAcceptDrops(not read_only)
        self._read_only = read_only
        self._update_buttons()

    def selected(self) -> Evidence | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(EVIDENCE_ROLE) if rows else None

    def _emit_selected(self, signal) -> None:  # type: ignore[no-untyped-def]
        evidence = self.selected()
        if evidence is not None:
            signal.emit(evidence.sha256)

    def _update_buttons(self, *_args: object) -> None:
        chosen = self.selected() is not None
        self.open_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen and not getattr(self, "_read_only", False))

    def choose_files(self) -> None:
        dialog = QFileDialog(self, tr("Add evidence files"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.filesSelected.connect(
            lambda names: self.files_dropped.emit([Path(n) for n in names])
        )
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    # ------------------------------------------------------------ drag and drop

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and all(u.isLocalFile() for u in event.mimeData().urls()):
            self._set_dragging(True)
            event.acceptProposedAction()

    def dragLeaveEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self._set_dragging(False)

    def dropEvent(self, event: QDropEvent) -> None:
        self._set_dragging(False)
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.files_dropped.emit(paths)

    def _set_dragging(self, on: bool) -> None:
        self.setProperty("dragging", on)
        self.style().unpolish(self)
        self.style().polish(self)


def open_file(path: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def open_evidence(
    stored: Path, evidence: Evidence, open_url: Callable[[QUrl], bool] | None = None
) -> bool:
    """Open a copy of the stored file under its original name, so the system picks the program.

    Evidence is stored by its SHA-256 alone; both windows open it through here. The name came
    from whoever attached the file, maybe on another system, so it goes through `portable_name`
    (`CON.pdf`, `a:b.pdf` cannot be created on Windows). The folder is named by the hash, so a
    copy already there is the same file: it is reused, because on Windows the program showing
    it (a PDF reader) holds it open and it could not be overwritten.
    """
    folder = Path(tempfile.gettempdir()) / "ecodesk-open" / evidence.sha256[:12]
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / portable_name(evidence.name)
    if not copy.exists():
        with atomic_writer(copy) as out, stored.open("rb") as source:
            shutil.copyfileobj(source, out)
    return (open_url or QDesktopServices.openUrl)(QUrl.fromLocalFile(str(copy)))
