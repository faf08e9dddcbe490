"""A filled-in Excel template from outside raises only its own error (TemplateImportError or
another UserError), whatever it holds: arbitrary bytes, hostile cell values, or a number of 5,000
digits written straight into the sheet's XML."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from hostile_json import hostile_settings, junk_bytes
from hypothesis import assume, given
from hypothesis import strategies as st

from ecodesk.core.errors import UserError
from ecodesk.reports.template import (
    COL_ID,
    COL_MEASURES,
    COL_PLAN,
    COL_VALUE,
    FIRST_ROW,
    META_SHEET,
    SHEET,
    save_template,
)
from ecodesk.reports.xlsx_import import import_template
from ecodesk.store.workspace import Workspace


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Workspace, Path]]:
    folder = tmp_path_factory.mktemp("template")
    ws = Workspace.create(folder / "ws", office="成县")
    try:
        yield ws, save_template(ws, 2023, "成县", folder / "t.xlsx")
    finally:
        ws.close()


def _imported_or_refused(ws: Workspace, path: Path) -> None:
    try:
        import_template(ws, path)
    except UserError as exc:
        assert path.name in str(exc) or "xlsx" in str(exc)


@hostile_settings(30)
@given(data=junk_bytes())
def test_any_bytes_as_a_template(office: tuple[Workspace, Path], data: bytes) -> None:
    ws, template = office
    path = template.with_name("junk.xlsx")
    path.write_bytes(data)
    _imported_or_refused(ws, path)


HOSTILE_CELLS = st.one_of(
    st.floats(), st.integers(-(10**300), 10**300), st.booleans(), st.none(), st.datetimes(),
    st.text(max_size=30), st.sampled_from(["=1/0", "=A1", "\u202e是", "否\x1b[2J", "1e999", "NaN",
                                           "-inf", "9" * 400, "成县", "2023", "x" * 20_000]),
)  # fmt: skip


@hostile_settings(12)
@given(data=st.data())
def test_any_cell_values(office: tuple[Workspace, Path], data: st.DataObject) -> None:
    ws, template = office
    book = openpyxl.load_workbook(template)
    sheet = book[SHEET]
    for _ in range(data.draw(st.integers(1, 4))):
        name = data.draw(st.sampled_from([SHEET, SHEET, SHEET, META_SHEET]))
        row = data.draw(
            st.integers(1, 3) if name == META_SHEET else st.integers(FIRST_ROW, sheet.max_row)
        )
        column = data.draw(
            st.sampled_from(
                [1, 2] if name == META_SHEET else [COL_ID, COL_VALUE, COL_PLAN, COL_MEASURES]
            )
        )
        value = data.draw(HOSTILE_CELLS)
        try:
            book[name].cell(row, column).value = value
        except Exception:  # openpyxl refuses it (illegal character, merged cell, …)
            assume(False)
    path = template.with_name("cells.xlsx")
    try:
        book.save(path)
    except Exception:  # openpyxl cannot write every value it accepts (a huge int, …)
        assume(False)
    _imported_or_refused(ws, path)


def _with_raw_number(template: Path, target: Path, number: str) -> Path:
    """The template with the first numeric cell of the data sheet holding `number` as written."""
    with zipfile.ZipFile(template) as zin, zipfile.ZipFile(target, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb"<v>[0-9.]+</v>", b"<v>" + number.encode() + b"</v>", data, count=1)
            zout.writestr(info, data)
    return target


@pytest.mark.parametrize("number", ["1" * 5000, "1e999", "NaN", "-1E400"])
def test_a_hostile_number_in_the_sheet_xml(
    office: tuple[Workspace, Path], tmp_path: Path, number: str
) -> None:
    ws, template = office
    book = openpyxl.load_workbook(template)
    sheet = book[SHEET]
    for row in range(FIRST_ROW, sheet.max_row + 1):
        if sheet.cell(row, COL_ID).value:
            sheet.cell(row, COL_VALUE).value = 12
    filled = tmp_path / "filled.xlsx"
    book.save(filled)
    _imported_or_refused(ws, _with_raw_number(filled, tmp_path / "raw.xlsx", number))


def test_a_template_is_still_read(office: tuple[Workspace, Path]) -> None:
    ws, template = office
    # the tests above imported into the same workspace, so the template is stale by now
    assert import_template(ws, template, "template") is not None
