"""Writing the archive workbook for a national-scale period, next to plain openpyxl.

Goal (issue 7): the archive workbook (styles, conditional formats, charts, print setup,
reproducible save) takes at most 1.5x the time plain openpyxl needs to write the same cell
values (write-only mode, no styles) in the same run. Prints; never asserts.

    .venv/bin/python bench/archive.py [--offices 2850] [--period 2023]

The data is synthetic (no database): `--offices` county-level offices, every one reporting
all 37 tasks with one evidence file each, evaluated by the real core rules.
"""

from __future__ import annotations

import argparse
import random
import resource
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from ecodesk.core.entries import Entry, EntryState, Evidence
from ecodesk.core.evaluation import Context, evaluate_form
from ecodesk.core.form_loader import load_forms
from ecodesk.core.forms import GROUPS, FormSet, ValueType
from ecodesk.reports.detail_sheets import (
    PROVENANCE_SHEET,
    cell_value,
    group_columns,
    group_sheet_title,
    provenance_columns,
    review_label,
)
from ecodesk.reports.model import CELL_ORDER, ArchiveData, Record, cell_label, make_record
from ecodesk.reports.workbook import CHART_SHEET, SUMMARY_SHEET, chart_counts, write_workbook
from ecodesk.resources import resource_path


def synthetic(forms: FormSet, offices: int, period: int) -> ArchiveData:
    rng = random.Random(7)
    names = tuple(f"第{i:04d}县" for i in range(1, offices + 1))
    records: dict[tuple[str, int], Record] = {}
    for office in names:
        for task, form in forms.items():
            values: dict[str, Any] = {}
            for indicator in form.indicators:
                if indicator.type is ValueType.YESNO:
                    values[indicator.id] = rng.random() > 0.15
                elif indicator.type is ValueType.CHOICE:
                    values[indicator.id] = rng.choice(indicator.choices)
                elif indicator.type in (ValueType.NUMBER, ValueType.PERCENT):
                    low = indicator.minimum or 0.0
                    high = indicator.maximum if indicator.maximum is not None else 100.0
                    values[indicator.id] = round(rng.uniform(low, high), 2)
            sha = f"{rng.getrandbits(256):064x}"
            entry = Entry(uuid=f"{office}-{task}", office=office, task=task, period=period, values=values,
                          plan=f"{period}年{office}围绕“{form.title}”制定年度计划，按季度调度。",
                          state=EntryState.COMPLETE, revision=3, install_id="bench",
                          updated_at=f"{period + 1}-01-15T08:00:00.000+00:00",
                          evidence=(Evidence(sha, f"{office}-{task:02d}-佐证材料.pdf", 123456),))  # fmt: skip
            evaluations = evaluate_form(form, values, Context(office=office, previous=values))
            records[(office, task)] = make_record(period, office, form, entry, evaluations)
    return ArchiveData(period, names, forms, records, datetime(period + 1, 1, 15, 8, 0, 0))


def plain_sheets(data: ArchiveData) -> Iterator[tuple[str, Iterator[list[Any]]]]:
    """The archive's cell values, sheet by sheet, without any formatting."""
    tasks = list(data.forms)

    def summary() -> Iterator[list[Any]]:
        yield [f"{data.period} 汇总"]
        yield ["说明"]
        yield (
            ["填报单位", "类型"]
            + [f"{t} {data.forms[t].title}" for t in tasks]
            + ["达标", "未达标", "待定", "缺报"]
        )
        for office in data.offices:
            cells = [data.records[(office, t)].cell for t in tasks]
            yield (
                [office, "县区"]
                + [cell_label(c) for c in cells]
                + [cells.count(c) for c in CELL_ORDER[:4]]
            )

    def charts() -> Iterator[list[Any]]:
        by_county, by_group = chart_counts(data)
        for name, counts in by_county + by_group:
            yield [name, *counts]

    def group(number: int) -> Iterator[list[Any]]:
        yield group_columns()
        for office in data.offices:
            for task in tasks:
                record = data.records[(office, task)]
                if record.form.group != number:
                    continue
                entry = record.entry
                assert entry is not None
                for indicator, evaluation in zip(
                    record.form.indicators, record.evaluations, strict=True
                ):
                    yield [office, task, record.form.title, indicator.name, indicator.unit,
                           cell_value(indicator, record.values.get(indicator.id)), evaluation.target_text,
                           evaluation.status.value, evaluation.gap_text, record.status.value, entry.plan,
                           entry.corrective_measures, "\n".join(i.path for i in record.evidence),
                           review_label(entry.review)]  # fmt: skip

    def provenance() -> Iterator[list[Any]]:
        yield provenance_columns()
        for (office, task), record in data.records.items():
            entry = record.entry
            assert entry is not None and record.provenance is not None
            for item in record.evidence:
                yield [office, task, record.form.title, entry.uuid, entry.revision, entry.updated_at,
                       record.provenance.source, "", "", "", entry.install_id, review_label(entry.review),
                       item.name, item.sha256, item.size, item.path]  # fmt: skip

    yield SUMMARY_SHEET, summary()
    yield CHART_SHEET, charts()
    for number in range(1, len(GROUPS) + 1):
        yield group_sheet_title(number), group(number)
    yield PROVENANCE_SHEET, provenance()


def write_plain(data: ArchiveData, path: Path) -> int:
    wb = Workbook(write_only=True)
    cells = 0
    for title, rows in plain_sheets(data):
        sheet = wb.create_sheet(title)
        for row in rows:
            sheet.append(row)
            cells += len(row)
    wb.save(path)
    return cells


def timed(action: Any) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--offices", type=int, default=2850, help="county-level offices (China has about 2,850)"
    )
    parser.add_argument("--period", type=int, default=2023)
    parser.add_argument(
        "--no-memory", action="store_true", help="skip the tracemalloc run (it is slow)"
    )
    args = parser.parse_args()
    forms = load_forms(resource_path("forms"))
    start = time.perf_counter()
    data = synthetic(forms, args.offices, args.period)
    print(f"synthetic period: {len(data.offices)} offices, {len(data.records)} entries "
          f"({time.perf_counter() - start:.1f} s to build)")  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        plain_path, archive_path = Path(folder) / "plain.xlsx", Path(folder) / "archive.xlsx"
        cells = 0

        def plain() -> None:
            nonlocal cells
            cells = write_plain(data, plain_path)

        def archive() -> None:
            with archive_path.open("wb") as handle:
                write_workbook(data, handle)

        plain_s = min(timed(plain), timed(plain))
        archive_s = min(timed(archive), timed(archive))
        print(f"cells written: {cells:,}")
        print(
            f"plain openpyxl (write-only, values only): {plain_s:6.2f} s  {plain_path.stat().st_size / 1e6:6.1f} MB"
        )
        print(
            f"archive workbook (styled, reproducible): {archive_s:6.2f} s  {archive_path.stat().st_size / 1e6:6.1f} MB"
        )
        print(f"ratio archive / plain: {archive_s / plain_s:.2f}x  (goal <= 1.5x)")
        peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
        print(f"peak RSS of the whole run (data model included): {peak_rss:,.0f} MB")
        if not args.no_memory:
            tracemalloc.start()
            archive()
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            print(f"peak Python memory while writing the archive workbook: {peak / 1e6:,.1f} MB")


if __name__ == "__main__":
    main()
