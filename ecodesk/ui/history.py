"""The history of an entry: who changed what when, from the audit rows."""

from __future__ import annotations

import json

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from ecodesk.core.forms import Form, Indicator
from ecodesk.core.i18n import t
from ecodesk.core.numfmt import format_number
from ecodesk.core.timefmt import local_time
from ecodesk.core.values import format_value
from ecodesk.store.entries import AuditRow
from ecodesk.ui.i18n import tr
from ecodesk.ui.screen_fit import fit_to_screen

Index = QModelIndex | QPersistentModelIndex
COL_REVISION, COL_AT, COL_WHO, COL_FIELD, COL_OLD, COL_NEW = range(6)
ROW_ROLE = Qt.ItemDataRole.UserRole + 1


def field_label(field: str, form: Form | None = None) -> str:
    """What a clerk calls the field: the indicator's name for `values.<id>`."""
    if field.startswith("values.") and form is not None:
        indicator = _indicator(form, field)
        if indicator is not None:
            return t(indicator.name, indicator.name_en)
    labels = {
        "values": tr("Indicator values"), "plan": tr("Plan"),
        "corrective_measures": tr("Corrective measures"), "not_applicable": tr("Not applicable"),
        "not_applicable_reason": tr("Reason"), "evidence": tr("Evidence"), "state": tr("State"),
        "review": tr("Review"), "review_comment": tr("Review comment"), "created": tr("Created"),
    }  # fmt: skip
    return labels.get(field.split(".", 1)[0], field)


def _indicator(form: Form, field: str) -> Indicator | None:
    return form.indicator_for(field.split(".", 1)[1])  # also under an earlier id


def _state_words() -> dict[str, str]:
    return {
        "draft": tr("Draft"), "complete": tr("Complete"),
        "accepted": tr("Accepted"), "returned": tr("Returned"),
    }  # fmt: skip


def readable(raw: str, field: str = "", form: Form | None = None) -> str:
    """Audit values are JSON; show them as the window shows them: 95.5%, 是, 已完成, a file name."""
    try:
        value = json.loads(raw)
    except (TypeError, ValueError):
        return raw
    if value is None or value == "":
        return ""
    indicator = (
        _indicator(form, field) if form is not None and field.startswith("values.") else None
    )
    if indicator is not None and isinstance(value, (bool, int, float, str)):
        return format_value(indicator, float(value) if _is_number(value) else value)
    if field in ("state", "review") and isinstance(value, str):
        return _state_words().get(value, value)
    if isinstance(value, dict):
        return _evidence_change(value)
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return tr("Yes") if value else tr("No")
    if isinstance(value, (int, float)):
        return format_number(float(value))
    return json.dumps(value, ensure_ascii=False)


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _evidence_change(change: dict) -> str:  # type: ignore[type-arg]
    if "added" in change:
        return tr("added %1").replace("%1", str(change["added"]))
    if "removed" in change:
        return tr("removed %1").replace("%1", str(change["removed"]))
    return "、".join(f"{key}: {value}" for key, value in change.items())


def person(who: str) -> str:
    """ "张红@成县" as "张红（成县）"."""
    name, _, office = who.partition("@")
    return f"{name}（{office}）" if office and name else who


class HistoryModel(QAbstractTableModel):
    def __init__(self, rows: list[AuditRow], form: Form | None = None, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._rows = list(reversed(rows))  # newest first
        self.form = form

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 6

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ):  # type: ignore[no-untyped-def]
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (tr("Rev."), tr("When"), tr("Who"), tr("Field"), tr("Before"), tr("After"))[
                section
            ]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == ROW_ROLE:
            return row
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        column = index.column()
        if column == COL_REVISION:
            return str(row.revision)
        if column == COL_AT:
            return local_time(row.at)
        if column == COL_WHO:
            return person(row.who)
        if column == COL_FIELD:
            return field_label(row.field, self.form)
        return readable(row.old if column == COL_OLD else row.new, row.field, self.form)


class HistoryWindow(QWidget):
    """A separate, non-modal window listing one entry's audit rows."""

    def __init__(
        self,
        title: str,
        rows: list[AuditRow],
        parent: QWidget | None = None,
        form: Form | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(tr("History: %1").replace("%1", title))
        self.model = HistoryModel(rows, form, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for column in (COL_REVISION, COL_AT, COL_WHO, COL_FIELD):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_OLD, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_NEW, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        empty = QLabel(tr("No changes recorded yet."))
        empty.setVisible(not rows)
        layout.addWidget(empty)
        layout.addWidget(self.table)
        fit_to_screen(self, 900, 420)
