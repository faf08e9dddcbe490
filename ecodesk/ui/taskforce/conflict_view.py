"""The two versions of an entry in conflict, side by side, and the task force's decision.

Shown inside the entry review (drilldown.py) when the entry has an unresolved conflict: one row
per indicator, plan, measures, evidence and author, one column per version, differences marked.
"Keep current" or "Keep this version" needs a reason; the decision is bundle.conflicts.resolve,
the same call as `ecodesk conflicts resolve`.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ecodesk.bundle import conflicts
from ecodesk.core.entries import Entry, evidence_indicator_label, grouped_evidence
from ecodesk.core.errors import UserError
from ecodesk.core.i18n import t
from ecodesk.core.timefmt import local_time
from ecodesk.core.values import format_value
from ecodesk.store.workspace import Workspace
from ecodesk.ui.taskforce.rows_model import Column, RowsModel

NOT_STORED = "—"


@dataclass(frozen=True)
class CompareRow:
    label: str
    current: str
    other: str

    @property
    def differs(self) -> bool:
        return self.current != self.other


def compare_rows(ws: Workspace, current: Entry, other: Entry | None) -> list[CompareRow]:
    """What a person compares: every value, the texts, the evidence files and who wrote it."""

    def texts(entry: Entry) -> list[tuple[str, str]]:
        form = ws.form(entry.task, entry.period)
        rows = [(t(i.name, i.name_en), format_value(i, i.value_in(entry.values)) or NOT_STORED)
                for i in form.indicators]  # fmt: skip
        rows.append((t("计划安排", "Plan"), entry.plan or NOT_STORED))
        rows.append((t("整改措施", "Corrective measures"), entry.corrective_measures or NOT_STORED))
        if entry.not_applicable or (other is not None and other.not_applicable):
            rows.append((t("不适用理由", "Not applicable because"), entry.not_applicable_reason or NOT_STORED))  # fmt: skip
        files = [e.name + (f"（{evidence_indicator_label(form, e.indicator)}）" if e.indicator else "")
                 for e in grouped_evidence(form, entry.evidence)]  # fmt: skip
        rows.append((t("佐证材料", "Evidence"), "\n".join(files) or NOT_STORED))
        rows.append((t("修改人", "Changed by"), f"{entry.updated_by}\n{local_time(entry.updated_at)}"))  # fmt: skip
        return rows

    mine = texts(current)
    theirs = texts(other) if other is not None else []
    missing = t("（内容未保存，只有哈希）", "(content not stored, only its hash)")
    other_text = dict(theirs)
    return [CompareRow(label, text, other_text.get(label, missing)) for label, text in mine]


class ConflictPanel(QGroupBox):
    """Hidden unless the entry shown has an unresolved conflict."""

    resolved = Signal(str)  # entry UUID

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(t("冲突：同一版本号收到两份不同内容", "Conflict: two different contents with the same revision"), parent)  # fmt: skip
        self.ws = ws
        self.conflict: conflicts.EntryConflict | None = None
        self.explain = QLabel()
        self.explain.setWordWrap(True)
        self.versions = QComboBox()  # only shown when there are several other versions
        self.versions.currentIndexChanged.connect(self._show_version)
        self.model = RowsModel[CompareRow]([
            Column("", lambda r: r.label),
            Column(t("当前版本", "Current version"), lambda r: r.current),
            Column(t("另一版本", "Other version"), lambda r: ("≠ " if r.differs else "") + r.other),
        ])  # fmt: skip
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText(t("理由（必填，记入修改记录）", "Reason (required, kept in the history)"))  # fmt: skip
        self.reason.setMaximumHeight(60)
        self.reason.textChanged.connect(self._update_buttons)
        self.keep_current = QPushButton(t("保留当前版本", "Keep current version"))
        self.keep_other = QPushButton(t("采用另一版本", "Keep the other version"))
        self.keep_current.clicked.connect(lambda: self._resolve(conflicts.KEEP_CURRENT))
        self.keep_other.clicked.connect(lambda: self._resolve(conflicts.KEEP_OTHER))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("errorText")
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_current)
        buttons.addWidget(self.keep_other)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explain)
        layout.addWidget(self.versions)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.reason)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.other_blocked = ""  # why the other version cannot be kept ("" if it can)
        self.setVisible(False)

    def show_entry(self, uuid: str) -> None:
        """Show the conflict of entry `uuid` (hide the panel when there is none)."""
        self.conflict = conflicts.entry_conflict(self.ws, uuid) if uuid else None
        self.message.clear()
        self.setVisible(self.conflict is not None)
        if self.conflict is None:
            return
        entry = self.conflict.entry
        self.explain.setText(t(
            f"导入时收到了第 {max(v.revision for v in self.conflict.others)} 版的另一份内容。"
            f"当前显示的是按规则选中的版本（第 {entry.revision} 版）。请核实后保留其中一个。",
            f"Another content arrived for revision {max(v.revision for v in self.conflict.others)}. "
            f"The entry shows the version the rule picked (revision {entry.revision}). Check and keep one.",
        ))  # fmt: skip
        self.versions.blockSignals(True)
        self.versions.clear()
        for v in self.conflict.others:
            where = f" · {v.file_name}" if v.file_name else ""
            self.versions.addItem(f"{t('第', 'revision ')}{v.revision}{t(' 版', '')} · {v.content_sha256[:12]}{where}", v.content_sha256)  # fmt: skip
        self.versions.blockSignals(False)
        self.versions.setVisible(len(self.conflict.others) > 1)
        self._show_version()

    def _selected(self) -> conflicts.ConflictVersion | None:
        if self.conflict is None or not self.conflict.others:
            return None
        return self.conflict.others[max(self.versions.currentIndex(), 0)]

    def _show_version(self) -> None:
        version = self._selected()
        if self.conflict is None or version is None:
            return
        other = conflicts.version_entry(version, self.conflict.entry)
        self.model.set_rows(compare_rows(self.ws, self.conflict.entry, other))
        self.table.resizeRowsToContents()
        if other is None:
            self.other_blocked = t(
                "另一版本的内容没有保存（只有哈希），只能保留当前版本；如需采用，请该单位重新报送。",
                "The other version's content was not stored (only its hash): only the current "
                "version can be kept; ask the office to send it again.",
            )
        elif missing := conflicts.missing_evidence(self.ws, other):
            self.other_blocked = t(
                f"另一版本的佐证材料没有保存：{'、'.join(missing)}；只能保留当前版本，或请该单位重新报送。",
                f"The other version's evidence was not stored: {', '.join(missing)}; keep the "
                "current version or ask the office to send it again.",
            )
        else:
            self.other_blocked = ""
        self.message.setText(self.other_blocked)
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_reason = bool(self.reason.toPlainText().strip()) and not self.ws.read_only
        self.keep_current.setEnabled(has_reason and self.conflict is not None)
        self.keep_other.setEnabled(
            has_reason and self.conflict is not None and not self.other_blocked
        )

    def _resolve(self, keep: str) -> None:
        button = self.keep_current if keep == conflicts.KEEP_CURRENT else self.keep_other
        version = self._selected()
        if self.conflict is None or version is None or not button.isEnabled():
            return
        try:
            conflicts.resolve(self.ws, self.conflict.uuid, keep=keep,
                              reason=self.reason.toPlainText(), version=version.content_sha256)  # fmt: skip
        except UserError as exc:
            self.message.setText(str(exc))
            return
        uuid = self.conflict.uuid
        self.reason.clear()
        self.show_entry(uuid)
        self.resolved.emit(uuid)
