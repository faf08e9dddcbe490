"""A demo workspace with realistic sample data for the nine counties and the lead units.

Values are drawn around each target with a fixed seed, so most indicators are met, some are
not (with corrective measures), a few tasks are drafts or not started, one is returned and
one accepted: enough to see every status in the GUI and the CLI.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from ecodesk.core.entries import EntryState, Review
from ecodesk.core.forms import Form, Indicator, TargetKind, ValueType
from ecodesk.core.offices import COUNTIES, DEPARTMENTS
from ecodesk.core.values import Value
from ecodesk.store import entries as entry_store
from ecodesk.store import settings
from ecodesk.store.workspace import Workspace

if TYPE_CHECKING:  # random only when a demo is built: the window reads DEMO_PERIODS at start
    import random

DEMO_PERIODS = (2022, 2023)
_ASSIGNED_DEFAULTS = {
    "pm25": 28.0, "surface_water_good": 90.0, "energy_intensity_decline": 3.0,
    "water_intensity_decline": 2.5, "co2_intensity_decline": 3.2, "treatment_rate": 40.0,
}  # fmt: skip


def build_demo(root: Path, *, office: str = "成县", task_force: bool = False) -> Workspace:
    ws = Workspace.create(root, office=None if task_force else office, task_force=task_force)
    settings.set_meta(ws.db, demo="1")  # the window opens it on a period with data
    ws.set_clerk("演示数据")  # who made the sample changes, in the history
    _assign_targets(ws)
    with tempfile.TemporaryDirectory() as scratch:
        for period in DEMO_PERIODS:
            for reporter in (*COUNTIES, *DEPARTMENTS):
                for task in ws.tasks(period, reporter):
                    _fill(ws, Path(scratch), reporter, ws.form(task, period), period)
    _review_some(ws)
    return ws


def _assign_targets(ws: Workspace) -> None:
    for task in (7, 8, 17, 18, 20, 25):
        for indicator in ws.forms[task].indicators:
            if indicator.target is None or indicator.target.kind is not TargetKind.ASSIGNED:
                continue
            for i, county in enumerate(COUNTIES):
                if county == "两当县":  # one county still waits for the province: status unknown
                    continue
                base = _ASSIGNED_DEFAULTS[indicator.id]
                for period in DEMO_PERIODS:
                    settings.set_assigned_target(
                        ws.db,
                        task=task,
                        indicator=indicator.id,
                        office=county,
                        period=period,
                        value=round(base + (i % 3) * 0.5, 1),
                    )


# Where Longnan's trend indicators really stand (the first period's range): good-air days are
# above 90 % in every county, protected areas are hundreds of km², and so on.
_TREND_START = {
    "good_air_days": (93.0, 98.5), "aquatic_species_retention": (88.0, 96.0),
    "red_line_area": (600.0, 1500.0), "protected_area": (150.0, 700.0),
    "water_area": (20.0, 80.0), "disposables_per_person": (25.0, 40.0),
    "green_procurement_share": (55.0, 80.0),
}  # fmt: skip
# Systems the city has had in place for years (河长制 since 2017): never "no" in the demo.
_ALWAYS_YES = frozenset({"river_chief_system", "plan_issued"})


def _value(rng: random.Random, indicator: Indicator, office: str, previous: Value) -> Value:
    target = indicator.target
    miss = rng.random() < 0.15
    if indicator.type is ValueType.YESNO:
        return indicator.id in _ALWAYS_YES or rng.random() >= 0.05
    if indicator.type is ValueType.CHOICE:
        return "劣V类" if miss else rng.choice(["II类", "III类", "II类"])
    if indicator.type is ValueType.TEXT or target is None:
        return None
    high = indicator.maximum if indicator.maximum is not None else 1e9
    if target.kind is TargetKind.TREND:
        low, high_start = _TREND_START.get(indicator.id, (20.0, 90.0))
        base = previous if isinstance(previous, float) else rng.uniform(low, high_start)
        step = rng.uniform(0.1, 1.0) * (-1 if miss else 1) * max(base / 100, 0.2)
        if target.direction and target.direction.value == "decreasing":
            step = -step
        return round(min(max(base + step, 0.0), high), 2)
    if target.kind is TargetKind.INCREASE:  # a rate, rising by the target's margin or short of it
        base = previous if isinstance(previous, float) else rng.uniform(40, 85)
        rise = target.value if target.value is not None else 1.0
        step = rng.uniform(-1.0, rise * 0.9) if miss else rise + rng.uniform(0.1, 1.5)
        return round(min(max(base + step, 0.0), high), 2)
    if target.kind is TargetKind.ASSIGNED:
        number = _ASSIGNED_DEFAULTS[indicator.id]
        at_most = target.compare is TargetKind.AT_MOST
        delta = rng.uniform(0.3, 4.0) * (1 if miss else -1) * (1 if at_most else -1)
        return round(min(max(number + delta, 0.0), high), 1)
    number = target.value_for(office) or 0.0
    if target.kind is TargetKind.EQUAL:
        return round(number - rng.uniform(0.5, 3.0), 1) if miss else number
    if target.kind is TargetKind.AT_MOST:
        return (
            round(number + rng.uniform(0.5, 3), 1)
            if miss
            else round(max(number - rng.uniform(0, 3), 0), 1)
        )
    value = number - rng.uniform(0.3, 3.0) if miss else number + rng.uniform(0.1, 4.0)
    return round(min(max(value, 0.0), high), 2)


def _fill(ws: Workspace, scratch: Path, office: str, form: Form, period: int) -> None:
    import random

    rng = random.Random(f"{office}/{form.task}/{period}")
    if period == 2023 and rng.random() < 0.06:
        return  # not started yet
    previous = ws.entry(form.task, period - 1, office) if period > 2022 else None
    values = {
        ind.id: _value(rng, ind, office, (previous.values.get(ind.id) if previous else None))
        for ind in form.indicators
        if ind.applies_to(office, city_wide=office in form.lead)
    }
    plan = (
        f"{period}年{office}围绕“{form.title}”制定年度计划：明确责任科室和时间节点，"
        f"按季度调度，年底前完成全部工作任务。"
    )
    ws.save(form.task, period, office=office, values=values, plan=plan)
    if period == 2023 and rng.random() < 0.1:
        return  # a draft, no evidence yet
    sample = scratch / f"{office}-{form.task:02d}-{period}-佐证材料.txt"
    sample.write_text(
        f"{office} {period} 年 任务 {form.task}《{form.title}》佐证材料（示例）\n", encoding="utf-8"
    )
    ws.attach(form.task, period, sample, office=office)
    if any(e.status.value == "not_met" for e in ws.evaluate(form.task, period, office=office)):
        ws.save(
            form.task,
            period,
            office=office,
            corrective_measures="已制定整改方案：加大投入、倒排工期，明年一季度复核，确保达标。",
        )
    ws.complete(form.task, period, office=office)


def _review_some(ws: Workspace) -> None:
    """One returned and a few accepted entries, as the task force would have sent them."""
    returned = entry_store.get_entry(ws.db, office="成县", task=24, period=2023)
    if returned and returned.state is EntryState.COMPLETE:
        entry_store.set_review(
            ws.db,
            uuid=returned.uuid,
            review=Review.RETURNED,
            who="工作专班",
            comment="污水处理率与住建部门统计年报不一致，请核实后重新填报并附统计年报截图。",
        )
    for task in (1, 4, 5):
        accepted = entry_store.get_entry(ws.db, office="成县", task=task, period=2023)
        if accepted and accepted.state is EntryState.COMPLETE:
            entry_store.set_review(
                ws.db, uuid=accepted.uuid, review=Review.ACCEPTED, comment="", who="工作专班"
            )
