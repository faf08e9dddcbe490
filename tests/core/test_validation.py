"""The one validator (core/validation.py) as a table, and a stored invalid value shown as invalid."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from ecodesk.core.evaluation import Context, Status, evaluate, overall
from ecodesk.core.form_loader import load_forms
from ecodesk.core.roles import OPERATIONS, Operation, Role, RoleError, require_role
from ecodesk.core.validation import CODES, validate_entry
from ecodesk.resources import resource_path

FORMS = load_forms(resource_path("forms"))
TODAY = date(2024, 3, 1)
ALL = frozenset(FORMS)

CASES: list[tuple[str, dict[str, Any], tuple[str, ...]]] = [
    ("fine", {"task": 24, "values": {"treatment_rate": 95.0}, "plan": "计划"}, ()),
    ("an int is a number", {"task": 24, "values": {"treatment_rate": 95}}, ()),
    ("clearing a value", {"task": 24, "values": {"treatment_rate": None}}, ()),
    ("text in a percent", {"task": 5, "values": {"disclosure_rate": "很多"}}, ("not_a_number",)),
    ("yes/no as a number", {"task": 24, "values": {"treatment_rate": True}}, ("not_a_number",)),
    ("infinity", {"task": 24, "values": {"treatment_rate": float("inf")}}, ("not_finite",)),
    ("percent over 100", {"task": 24, "values": {"treatment_rate": 100.5}}, ("out_of_range",)),
    ("negative PM2.5", {"task": 7, "values": {"pm25": -5}}, ("out_of_range",)),
    ("negative decline is fine", {"task": 17, "values": {"energy_intensity_decline": -1.0}}, ()),
    ("yes/no as text", {"task": 4, "values": {"river_chief_system": "是"}}, ("not_yes_no",)),
    ("not a choice", {"task": 8, "values": {"worst_section_class": "VII类"}}, ("not_a_choice",)),
    ("choice as a number", {"task": 8, "values": {"worst_section_class": 3}}, ("not_text",)),
    ("unknown indicator", {"task": 24, "values": {"colour": 1}}, ("unknown_indicator",)),
    ("unknown task", {"task": 99}, ("unknown_task",)),
    ("plan at the limit", {"task": 3, "plan": "规" * 10_000}, ()),
    ("plan too long", {"task": 3, "plan": "规" * 10_001}, ("text_too_long",)),
    ("measures too long", {"task": 3, "corrective_measures": "x" * 10_001}, ("text_too_long",)),
    ("reason too long", {"task": 3, "not_applicable_reason": "x" * 1_001}, ("text_too_long",)),
    ("n/a complete without reason", {"task": 3, "not_applicable": True, "complete": True},
     ("na_reason_required",)),
    ("n/a draft without reason", {"task": 3, "not_applicable": True}, ()),
    ("switched off", {"task": 3, "assigned": ALL - {3}}, ("not_assigned",)),
    ("period before the plan", {"task": 3, "period": 2021}, ("period_outside_plan",)),
    ("period not begun", {"task": 3, "period": 2025}, ("future_period",)),
    ("the year in progress", {"task": 3, "period": 2024}, ()),
    ("another county's watershed project", {"task": 16, "office": "宕昌县",
     "values": {"watershed_project": True}}, ("indicator_not_applicable",)),
]  # fmt: skip


@pytest.mark.parametrize(("name", "given", "codes"), CASES, ids=[c[0] for c in CASES])
def test_validator(name: str, given: dict[str, Any], codes: tuple[str, ...]) -> None:
    args = {"office": "成县", "period": 2023, "today": TODAY, "assigned": ALL, **given}
    task = args.pop("task")
    refusals = validate_entry(FORMS, task, **args)
    assert tuple(r.code for r in refusals) == codes
    assert all(r.code in CODES and r.message for r in refusals)


def test_a_stored_invalid_value_is_shown_invalid_not_compared() -> None:
    """Text in a percent, stored by an older version, crashed every view that evaluated it."""
    indicator = FORMS[5].indicator("disclosure_rate")
    evaluation = evaluate(indicator, "很多", Context(office="成县"))  # type: ignore[arg-type]
    assert evaluation.status is Status.INVALID
    assert "不是数字" in evaluation.reason
    assert overall([evaluation]) is Status.INVALID
    out_of_range = evaluate(indicator, 150.0, Context(office="成县"))
    assert out_of_range.status is Status.INVALID


@pytest.mark.parametrize("operation", list(Operation))
def test_each_operation_belongs_to_one_role(operation: Operation) -> None:
    allowed = OPERATIONS[operation][0]
    require_role(allowed, operation)
    other = Role.OFFICE if allowed is Role.TASK_FORCE else Role.TASK_FORCE
    with pytest.raises(RoleError) as refused:
        require_role(other, operation, workspace_name="成县")
    assert ("工作专班" if allowed is Role.TASK_FORCE else "填报单位") in str(refused.value)
