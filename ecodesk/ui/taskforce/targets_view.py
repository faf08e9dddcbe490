"""City-wide targets: each indicator's city figure (the lead unit's), its target and status, the
spread across counties; a chart per group of met / not met by county and a trend per indicator."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ecodesk.core.evaluation import Status, status_label
from ecodesk.core.forms import GROUPS, TargetKind, group_label
from ecodesk.core.i18n import t
from ecodesk.core.offices import COUNTIES
from ecodesk.core.values import format_number, format_value
from ecodesk.store import matrix
from ecodesk.store.matrix import CityIndicator
from ecodesk.store.workspace import Workspace
from ecodesk.ui.badges import evaluation_icon
from ecodesk.ui.taskforce.charts import BarChart, TrendChart
from ecodesk.ui.taskforce.i18n import tr

Index = QModelIndex | QPersistentModelIndex
INDICATOR_ROLE = Qt.ItemDataRole.UserRole + 1  # the CityIndicator


class CityTargetsModel(QAbstractTableModel):
    TASK, INDICATOR, LEAD, VALUE, TARGET, STATUS, COUNTIES, SPREAD = range(8)

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[CityIndicator] = []

    def set_rows(self, rows: list[CityIndicator]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 8

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return [
            tr("Task"), tr("Indicator"), tr("Lead unit"), tr("City figure"), tr("Target"),
            tr("Status"), tr("Counties met / not met / unknown"), tr("County range"),
        ][section]  # fmt: skip

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == INDICATOR_ROLE:
            return row
        if role == Qt.ItemDataRole.DecorationRole and column == self.STATUS:
            return evaluation_icon(row.status)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.COUNTIES:
            indicator = row.form.indicator(row.indicator_id)
            return "\n".join(
                f"{county}: {format_value(indicator, row.county_values.get(county)) or '—'} "
                f"({status_label(status)})"
                for county, status in row.county_status.items()
            )
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        indicator = row.form.indicator(row.indicator_id)
        if column == self.TASK:
            return str(row.form.task)
        if column == self.INDICATOR:
            return t(indicator.name, indicator.name_en)
        if column == self.LEAD:
            return row.lead_office or "—"
        if column == self.VALUE:
            return row.figures_text()
        if column == self.TARGET:
            return row.target_text
        if column == self.STATUS:
            return status_label(row.status)
        if column == self.COUNTIES:
            return f"{row.count(Status.MET)} / {row.count(Status.NOT_MET)} / {row.count(Status.UNKNOWN)}"
        spread = row.spread
        return f"{format_number(spread[0])} – {format_number(spread[1])}" if spread else ""


class CityTargetsPanel(QWidget):
    def __init__(self, ws: Workspace, period: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws, self.period = ws, period
        self.model = CityTargetsModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(CityTargetsModel.INDICATOR, QHeaderView.ResizeMode.Stretch)
        self.group_box = QComboBox()
        for group in range(1, len(GROUPS) + 1):
            self.group_box.addItem(group_label(group), group)
        self.group_box.currentIndexChanged.connect(lambda _i: self.show_group_chart())
        self.summary = QLabel()
        self.group_chart = BarChart()
        self.trend_chart = TrendChart()
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _p: self.show_trend(current.row())
        )
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(QLabel(tr("Chart group:")))
        top.addWidget(self.group_box)
        charts = QSplitter(Qt.Orientation.Horizontal)
        charts.addWidget(self.group_chart)
        charts.addWidget(self.trend_chart)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(charts)
        split.setSizes([420, 320])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)

    def refresh(self, period: int | None = None) -> None:
        if period is not None:
            self.period = period
        rows = matrix.city_targets(self.ws.db, self.ws.forms_for(self.period), self.period)
        self.model.set_rows(rows)
        met = sum(1 for r in rows if r.status is Status.MET)
        not_met = sum(1 for r in rows if r.status is Status.NOT_MET)
        baseline = sum(1 for r in rows if r.status is Status.BASELINE)
        summary = (
            tr("%1: %2 indicators city-wide — %3 met, %4 not met, %5 unknown")
            .replace("%1", str(self.period))
            .replace("%2", str(len(rows)))
            .replace("%3", str(met))
            .replace("%4", str(not_met))
            .replace("%5", str(len(rows) - met - not_met - baseline))
        )
        if baseline:  # 2022: short of the end-2023 target, not a failure
            summary += tr(", %1 baseline").replace("%1", str(baseline))
        self.summary.setText(summary)
        self.show_group_chart()
        if rows:
            self.table.selectRow(0)

    def show_group_chart(self) -> None:
        group = self.group_box.currentData()
        rows = [r for r in self.model.rows if r.form.group == group]
        met = [sum(1 for r in rows if r.county_status.get(c) is Status.MET) for c in COUNTIES]
        not_met = [
            sum(1 for r in rows if r.county_status.get(c) is Status.NOT_MET) for c in COUNTIES
        ]
        self.group_chart.set_data(
            tr("%1: indicators met / not met by county, %2")
            .replace("%1", group_label(group))
            .replace("%2", str(self.period)),
            [c.removesuffix("县") if len(c) > 2 else c for c in COUNTIES],
            [(tr("met"), "#009E73", met), (tr("not met"), "#D55E00", not_met)],
        )

    def show_trend(self, row: int) -> None:
        if not 0 <= row < len(self.model.rows):
            return
        item = self.model.rows[row]
        indicator = item.form.indicator(item.indicator_id)
        # one series: the first lead unit's (with two leads, the table names both figures)
        office = (
            item.leads[0].office if item.leads else (item.form.lead[0] if item.form.lead else "")
        )
        series = matrix.indicator_series(
            self.ws.db, task=item.form.task, indicator=indicator.id, office=office
        )
        points = [
            (p, float(v))
            for p, v in series.items()
            if isinstance(v, int | float) and not isinstance(v, bool)
        ]
        target = indicator.target
        number = target.value if target is not None and target.kind in (
            TargetKind.AT_LEAST, TargetKind.ABOVE, TargetKind.EQUAL, TargetKind.AT_MOST
        ) else None  # fmt: skip
        self.trend_chart.set_data(
            f"{t(indicator.name, indicator.name_en)}（{office}）",
            points,
            number,
            f"{tr('target')} {item.target_text}" if number is not None else "",
        )
        self.group_box.setCurrentIndex(item.form.group - 1)
