from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ecodesk.core.errors import UserError
from ecodesk.core.form_loader import load_forms
from ecodesk.core.values import format_value, parse_value, value_problem
from ecodesk.resources import resource_path

FORMS = load_forms(resource_path("forms"))
PERCENT = FORMS[24].indicator("treatment_rate")
YESNO = FORMS[4].indicator("river_chief_system")
CHOICE = FORMS[8].indicator("worst_section_class")


def test_parse_typed_text() -> None:
    assert parse_value(PERCENT, " 93.5% ") == 93.5
    assert parse_value(PERCENT, "") is None
    assert parse_value(YESNO, "是") is True and parse_value(YESNO, "no") is False
    assert parse_value(CHOICE, "III类") == "III"  # stored as its code


@pytest.mark.parametrize(("indicator", "text", "message"), [
    (PERCENT, "abc", "不是数字"), (PERCENT, "120", "超出范围 0–100"), (PERCENT, "nan", "不是数字"),
    (YESNO, "也许", "请填“是”或“否”"), (CHOICE, "VII类", "不是可选项"),
])  # fmt: skip
def test_bad_text_is_refused_clearly(indicator, text: str, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UserError, match=message):
        parse_value(indicator, text)


def test_value_problem_types() -> None:
    assert value_problem(PERCENT, True) is not None  # a bool is not a number
    assert value_problem(YESNO, 1) is not None
    assert value_problem(PERCENT, 50) is None


@given(st.floats(min_value=0, max_value=100, allow_nan=False))
def test_formatted_percent_parses_back(value: float) -> None:
    assert parse_value(PERCENT, format_value(PERCENT, value)) == pytest.approx(
        value, rel=1e-6, abs=1e-6
    )
