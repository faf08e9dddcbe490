"""The one number grammar (core/values.py), as a table: what a clerk types, what is stored or
which refusal code comes back. Every door (window, CLI, Excel, `ecodesk target`) reads with it."""

from __future__ import annotations

import math

import pytest

from ecodesk.core.form_loader import load_forms
from ecodesk.core.refusals import ValidationError
from ecodesk.core.values import parse_number, parse_value
from ecodesk.resources import resource_path

FORMS = load_forms(resource_path("forms"))
PERCENT = FORMS[24].indicator("treatment_rate")  # 0–100
AREA = FORMS[28].indicator("park_area_per_person")  # m²/人, an amount: >= 0
DECLINE = FORMS[17].indicator("energy_intensity_decline")  # a change in %: may be negative

READ = [
    (PERCENT, "93.5", 93.5),
    (PERCENT, " 93.5% ", 93.5),
    (PERCENT, "93.5％", 93.5),
    (PERCENT, "９５．５", 95.5),  # full-width digits and point, as an input method types them
    (PERCENT, "１２", 12.0),
    (PERCENT, ".5", 0.5),
    (PERCENT, "+7", 7.0),
    (AREA, "1,234.5", 1234.5),  # commas that group thousands
    (AREA, "12,345", 12345.0),
    (AREA, "1，234", 1234.0),  # a full-width grouping comma
    (DECLINE, "-2.5", -2.5),
    (DECLINE, "－2.5", -2.5),
]
REFUSED = [
    (PERCENT, "1,5", "ambiguous_number"),  # read as 15 before: ten times too large
    (PERCENT, "1，5", "ambiguous_number"),
    (AREA, "1,23", "ambiguous_number"),
    (AREA, "12,34.5", "ambiguous_number"),
    (AREA, "1,2345", "ambiguous_number"),
    (AREA, "1_000", "number_format"),
    (AREA, "1e3", "number_format"),
    (AREA, "1.2.3", "number_format"),
    (AREA, "12.5%", "percent_sign"),  # % only for a percent indicator
    (PERCENT, "inf", "not_a_number"),
    (PERCENT, "nan", "not_a_number"),
    (PERCENT, "abc", "not_a_number"),
    (PERCENT, "9" * 400, "not_finite"),  # beyond a float: infinity
    (PERCENT, "150", "out_of_range"),
    (AREA, "-5", "out_of_range"),
]


@pytest.mark.parametrize(("indicator", "text", "value"), READ, ids=[r[1] for r in READ])
def test_read_as_typed(indicator, text: str, value: float) -> None:  # type: ignore[no-untyped-def]
    assert parse_value(indicator, text) == value


@pytest.mark.parametrize(("indicator", "text", "code"), REFUSED, ids=[r[1][:12] for r in REFUSED])
def test_refused(indicator, text: str, code: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as refused:
        parse_value(indicator, text)
    assert refused.value.codes == (code,)
    assert indicator.name in str(refused.value)  # the message names the field


def test_ambiguous_comma_says_how_to_type_it() -> None:
    with pytest.raises(ValidationError, match=r"写成 1\.5.*1,234\.5"):
        parse_number(PERCENT, "1,5")


def test_minus_zero_is_stored_as_zero() -> None:
    value = parse_value(DECLINE, "-0")
    assert value == 0 and math.copysign(1, value) == 1  # type: ignore[arg-type]
