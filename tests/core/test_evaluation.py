"""Every target kind: met, not met and unknown, with the gap and the reason a person reads."""

from __future__ import annotations

import pytest

from ecodesk.core.evaluation import Context, Status, evaluate, overall
from ecodesk.core.form_loader import load_forms
from ecodesk.resources import resource_path

FORMS = load_forms(resource_path("forms"))


def ev(task: int, indicator: str, value, office: str = "成县", **ctx):  # type: ignore[no-untyped-def]
    return evaluate(FORMS[task].indicator(indicator), value, Context(office=office, **ctx))


@pytest.mark.parametrize(
    ("task", "indicator", "value", "status", "gap_text"),
    [
        (3, "assessment_share", 20.0, Status.MET, ""),
        (3, "assessment_share", 15.0, Status.NOT_MET, "差 5 个百分点"),
        (26, "harmless_rate", 95.5, Status.MET, ""),
        (26, "harmless_rate", 95.0, Status.NOT_MET, "未达到目标（需严格超过）"),
        (5, "disclosure_rate", 100.0, Status.MET, ""),
        (5, "disclosure_rate", 98.2, Status.NOT_MET, "差 1.8 个百分点"),
        (28, "park_area_per_person", 14.5, Status.NOT_MET, "差 0.5 m²/人"),
        (9, "ei", 66.0, Status.MET, ""),
        (4, "river_chief_system", True, Status.MET, ""),
        (4, "river_chief_system", False, Status.NOT_MET, ""),
        (8, "worst_section_class", "V类", Status.MET, ""),
        (8, "worst_section_class", "劣V类", Status.NOT_MET, ""),
    ],
)
def test_fixed_targets(task: int, indicator: str, value, status: Status, gap_text: str) -> None:  # type: ignore[no-untyped-def]
    result = ev(task, indicator, value)
    assert result.status is status
    assert result.gap_text == gap_text


def test_no_value_is_unknown_with_reason() -> None:
    result = ev(3, "assessment_share", None)
    assert (result.status, result.reason) == (Status.UNKNOWN, "未填写")


def test_task_24_uses_per_office_targets() -> None:
    assert ev(24, "treatment_rate", 95.0, office="成县").status is Status.MET
    wudu = ev(24, "treatment_rate", 95.0, office="武都区")
    assert (
        wudu.status is Status.NOT_MET
        and wudu.gap_text == "差 3 个百分点"
        and wudu.target_text == "市区 ≥ 98%"
    )
    assert ev(24, "treatment_rate", 98.0, office="武都区").status is Status.MET


@pytest.mark.parametrize(
    ("task", "indicator", "previous", "value", "status"),
    [
        (7, "good_air_days", 90.0, 90.0, Status.MET),  # stable or better
        (7, "good_air_days", 90.0, 89.0, Status.NOT_MET),
        (11, "aquatic_species_retention", 80.0, 81.0, Status.MET),  # not lower
        (11, "aquatic_species_retention", 80.0, 79.9, Status.NOT_MET),
        (15, "red_line_area", 1200.0, 1200.0, Status.MET),  # not less
        (15, "red_line_area", 1200.0, 1199.0, Status.NOT_MET),
        (32, "disposables_per_person", 10.0, 9.0, Status.MET),  # decreasing
        (32, "disposables_per_person", 10.0, 10.0, Status.NOT_MET),
    ],
)
def test_trend_against_previous_period(task, indicator, previous, value, status) -> None:  # type: ignore[no-untyped-def]
    result = ev(task, indicator, value, previous={indicator: previous})
    assert result.status is status
    assert result.previous == previous
    assert result.reason.startswith("上期")


def test_trend_without_previous_period_is_unknown() -> None:
    assert ev(7, "good_air_days", 90.0).reason == "上期无数据"
    assert ev(7, "good_air_days", 90.0).status is Status.UNKNOWN
    partial = ev(7, "good_air_days", 90.0, previous={"pm25": 30.0})
    assert (partial.status, partial.reason) == (Status.UNKNOWN, "上期未填写该指标")


def test_assigned_before_and_after_it_is_set() -> None:
    before = ev(7, "pm25", 30.0)
    assert (before.status, before.reason) == (Status.UNKNOWN, "目标未下达")
    assert "尚未下达" in before.target_text
    assert (
        ev(7, "pm25", 30.0, assigned={"pm25": 32.0}).status is Status.MET
    )  # PM2.5: lower is better
    over = ev(7, "pm25", 35.0, assigned={"pm25": 32.0})
    assert (
        over.status is Status.NOT_MET
        and over.gap_text == "差 3 μg/m³"
        and over.target_text == "省级下达 ≤ 32μg/m³"
    )
    assert (
        ev(25, "treatment_rate", 38.0, assigned={"treatment_rate": 40.0}).status is Status.NOT_MET
    )


def test_per_office_applicability_of_task_16() -> None:
    assert ev(16, "watershed_project", None, office="宕昌县").status is Status.NOT_APPLICABLE
    assert ev(16, "watershed_project", True, office="康县").status is Status.MET
    assert ev(16, "watershed_project", True, office="市水务局", city_wide=True).status is Status.MET


def test_overall_status_of_a_task() -> None:
    met = ev(3, "assessment_share", 25.0)
    missing = ev(3, "assessment_share", None)
    failed = ev(3, "assessment_share", 10.0)
    na = ev(16, "watershed_project", None, office="宕昌县")
    assert overall([met, na]) is Status.MET
    assert overall([met, missing]) is Status.UNKNOWN
    assert overall([met, missing, failed]) is Status.NOT_MET
    assert overall([na]) is Status.NOT_APPLICABLE
