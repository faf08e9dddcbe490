"""Targets such as "= 100%" stay text in the template and the archive workbook.

openpyxl writes any string that starts with "=" as a formula; Excel, WPS and LibreOffice then
show its result ("1"). Read back with openpyxl and, where LibreOffice is installed, converted by
it headless: the text must come out as written.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from ecodesk.reports.detail_sheets import group_sheet_title
from ecodesk.reports.template import COL_TARGET, FIRST_ROW, SHEET, save_template
from ecodesk.store.workspace import Workspace


def _equals_cells(sheet: openpyxl.worksheet.worksheet.Worksheet) -> list[openpyxl.cell.Cell]:
    return [
        cell
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.startswith("=")
    ]


def test_template_targets_are_text(demo_ws: Workspace, tmp_path: Path) -> None:
    path = save_template(demo_ws, 2023, "成县", tmp_path / "t.xlsx")
    sheet = openpyxl.load_workbook(path)[SHEET]
    cells = _equals_cells(sheet)
    assert {c.value for c in cells} >= {"= 100%"}  # task 5, 12, 21, 34 …
    for cell in cells:
        assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate
        assert cell.column == COL_TARGET and cell.row >= FIRST_ROW


def test_archive_targets_are_text(archive_book: Path) -> None:
    sheet = openpyxl.load_workbook(archive_book)[group_sheet_title(1)]  # task 5: = 100%
    cells = _equals_cells(sheet)
    assert "= 100%" in {c.value for c in cells}
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)


def _soffice_csv(book: Path, sheet: int, out: Path) -> list[list[str]]:
    """Sheet number `sheet` (1-based) of `book` as LibreOffice computes and exports it."""
    profile = out / "profile"  # a private profile: parallel runs must not share one
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
         f"csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,{sheet}",
         "--outdir", str(out), str(book)],
        capture_output=True, text=True, timeout=240,
    )  # fmt: skip
    found = sorted(out.glob(f"{book.stem}*.csv"))
    assert result.returncode == 0 and found, result.stdout + result.stderr
    with found[0].open(encoding="utf-8") as handle:
        return list(csv.reader(handle))


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) not installed")
def test_libreoffice_shows_the_targets_as_written(
    demo_ws: Workspace, archive_book: Path, tmp_path: Path
) -> None:
    template = save_template(demo_ws, 2023, "成县", tmp_path / "template.xlsx")
    rows = _soffice_csv(template, 1, tmp_path / "t")
    targets = [row[COL_TARGET - 1] for row in rows[FIRST_ROW - 1 :] if len(row) >= COL_TARGET]
    assert "= 100%" in targets and "1" not in targets
    group = _soffice_csv(archive_book, 3, tmp_path / "a")  # summary, charts, then group (一)
    assert any("= 100%" in row for row in group)
