"""Targets judged as the plan means them. Each case quotes the plan (陇政办发〔2023〕80号) and
checks the form's requirement text carries that sentence, so a case cannot drift from the plan."""

from __future__ import annotations

import pytest

from ecodesk.core.entries import (
    Entry,
    EntryState,
    Evidence,
    TaskStatus,
    completion_problems,
    task_status,
)
from ecodesk.core.evaluation import Context, Status, evaluate, evaluate_form, overall
from ecodesk.core.form_loader import load_forms
from ecodesk.core.values import format_number
from ecodesk.resources import resource_path

FORMS = load_forms(resource_path("forms"))


def quoted(task: int, sentence: str) -> str:
    """The plan's own words for a task, found in the form's copy of its requirement."""
    assert sentence in FORMS[task].requirement, (task, sentence)
    return sentence


def ev(task: int, indicator: str, value, office: str = "成县", **ctx):  # type: ignore[no-untyped-def]
    return evaluate(FORMS[task].indicator(indicator), value, Context(office=office, **ctx))


# ------------------------------------------------------------ task 22: the rise of a rate

PLAN_22 = quoted(22, "到2023年底,一般工业固废的综合利用率提高幅度不低于2%")

# (previous, value, status, reason, gap_text): the rate each year, the rise computed
TASK_22 = [
    (80.0, 82.0, Status.MET, "上期 80%；变化 +2 个百分点（相对 +2.5%）", ""),
    (80.0, 83.5, Status.MET, "上期 80%；变化 +3.5 个百分点（相对 +4.38%）", ""),
    (80.0, 81.0, Status.NOT_MET, "上期 80%；变化 +1 个百分点（相对 +1.25%）", "差 1 个百分点"),
    (80.0, 78.0, Status.NOT_MET, "上期 80%；变化 -2 个百分点（相对 -2.5%）", "差 4 个百分点"),
    (0.0, 2.0, Status.MET, "上期 0%；变化 +2 个百分点（相对变化无法计算）", ""),
]


@pytest.mark.parametrize(("previous", "value", "status", "reason", "gap_text"), TASK_22)
def test_task_22_judges_the_rise_in_points(previous, value, status, reason, gap_text) -> None:  # type: ignore[no-untyped-def]
    assert "2%" in PLAN_22
    result = ev(22, "utilisation_rate", value, previous={"utilisation_rate": previous})
    assert (result.status, result.reason, result.gap_text) == (status, reason, gap_text)
    assert result.target_text == "比上期提高 ≥ 2 个百分点"


def test_task_22_without_a_previous_period_is_unknown() -> None:
    first = ev(22, "utilisation_rate", 82.0, period=2023)
    assert (first.status, first.reason) == (Status.UNKNOWN, "上期无数据")
    gap = ev(22, "utilisation_rate", 82.0, previous={"other": 1.0})
    assert (gap.status, gap.reason) == (Status.UNKNOWN, "上期未填写该指标")


def test_task_22_the_rate_is_a_percent() -> None:
    rate = FORMS[22].indicator("utilisation_rate")
    assert (rate.minimum, rate.maximum) == (0, 100)  # −300 and 250 are refused at every door


def test_an_increase_target_on_a_relative_basis(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from ecodesk.core.form_loader import load_form_file

    source = (resource_path("forms") / "22.toml").read_text("utf-8")
    changed = tmp_path / "22.toml"
    changed.write_text(source.replace('basis = "points"', 'basis = "relative"'), "utf-8")
    indicator = load_form_file(changed).indicator("utilisation_rate")
    previous = {"utilisation_rate": 80.0}
    met = evaluate(indicator, 81.6, Context(office="成县", previous=previous))  # +2 %
    short = evaluate(indicator, 81.0, Context(office="成县", previous=previous))  # +1.25 %
    assert (met.status, met.target_text) == (Status.MET, "比上期相对提高 ≥ 2%")
    assert (short.status, short.gap_text) == (Status.NOT_MET, "差 0.75%")
    zero = evaluate(indicator, 5.0, Context(office="成县", previous={"utilisation_rate": 0.0}))
    assert zero.status is Status.UNKNOWN and "上期为 0" in zero.reason


# ------------------------------------------------------------ task 33: 明显提升, not quantified

PLAN_33 = quoted(33, "全市政府采购绿色、循环和低碳的产品规模占同类产品政府采购规模明显提升")


@pytest.mark.parametrize("value", [50.000001, 55.0, 90.0, 50.0, 40.0])
def test_task_33_is_unknown_until_the_task_force_sets_the_margin(value: float) -> None:
    assert "明显提升" in PLAN_33
    result = ev(33, "green_procurement_share", value, previous={"green_procurement_share": 50.0})
    assert result.status is Status.UNKNOWN
    assert result.reason.startswith("“明显提升”的幅度尚未由工作专班确定；上期 50%；变化 ")
    assert result.target_text == "明显提升（幅度待工作专班确定）"


def test_task_33_once_the_task_force_set_three_points(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from ecodesk.core.form_loader import load_form_file

    source = (resource_path("forms") / "33.toml").read_text("utf-8")
    changed = tmp_path / "33.toml"
    changed.write_text(source.replace('kind = "increase"', 'kind = "increase"\nvalue = 3'), "utf-8")
    indicator = load_form_file(changed).indicator("green_procurement_share")
    ctx = Context(office="成县", previous={"green_procurement_share": 50.0})
    assert evaluate(indicator, 50.000001, ctx).status is Status.NOT_MET
    assert evaluate(indicator, 53.0, ctx).status is Status.MET


def test_an_older_form_saying_clearly_higher_is_unknown_too(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Workspaces keep the form version they were made with (0.2.0's `trend`/`clearly_higher`)."""
    from ecodesk.core.form_loader import load_form_file

    source = (resource_path("forms") / "33.toml").read_text("utf-8")
    old = tmp_path / "33.toml"
    old.write_text(
        source.replace('kind = "increase"', 'kind = "trend"\ndirection = "clearly_higher"'),
        "utf-8",
    )
    indicator = load_form_file(old).indicator("green_procurement_share")
    result = evaluate(indicator, 50.000001, Context(office="成县", previous={indicator.id: 50.0}))
    assert (result.status, result.reason) == (Status.UNKNOWN, "“明显提升”的幅度尚未由工作专班确定")


# ------------------------------------------------------------ task 24: 市区 ≥ 98, 县城 ≥ 93

PLAN_24 = quoted(24, "到2023年底,市区污水处理率不低于98%,县城污水处理率不低于93%")

# (office, city_wide, indicator, value, status, target text)
TASK_24 = [
    ("武都区", False, "treatment_rate", 97.0, Status.NOT_MET, "市区 ≥ 98%"),
    ("武都区", False, "treatment_rate", 98.0, Status.MET, "市区 ≥ 98%"),
    ("成县", False, "treatment_rate", 93.0, Status.MET, "县城 ≥ 93%"),
    ("成县", False, "treatment_rate", 92.9, Status.NOT_MET, "县城 ≥ 93%"),
    ("市住建局", True, "city_proper_rate", 95.0, Status.NOT_MET, "市区 ≥ 98%"),
    ("市住建局", True, "city_proper_rate", 98.0, Status.MET, "市区 ≥ 98%"),
    ("市住建局", True, "county_town_rate", 95.0, Status.MET, "县城 ≥ 93%"),
    ("市住建局", True, "county_town_rate", 92.0, Status.NOT_MET, "县城 ≥ 93%"),
]


@pytest.mark.parametrize(("office", "city_wide", "indicator", "value", "status", "text"), TASK_24)
def test_task_24_both_parts_judged_and_named(
    office, city_wide, indicator, value, status, text
) -> None:  # type: ignore[no-untyped-def]
    assert "98%" in PLAN_24 and "93%" in PLAN_24
    result = ev(24, indicator, value, office=office, city_wide=city_wide)
    assert (result.status, result.target_text) == (status, text)


def test_task_24_the_lead_reports_two_figures_and_the_counties_one() -> None:
    lead = evaluate_form(FORMS[24], {}, Context(office="市住建局", city_wide=True))
    county = evaluate_form(FORMS[24], {}, Context(office="成县"))
    applies = [e.indicator for e in lead if e.status is not Status.NOT_APPLICABLE]
    assert applies == ["city_proper_rate", "county_town_rate"]
    assert [e.indicator for e in county if e.status is not Status.NOT_APPLICABLE] == [
        "treatment_rate"
    ]


# ------------------------------------------------------------ 2022: the baseline year

PLAN_3 = quoted(3, "所占比例为15%,需要提高或者调整考核比例。到2023年底,考核比例达到20%以上")

# (task, indicator, value, period, status, gap_text)
BASELINE = [
    (3, "assessment_share", 15.0, 2022, Status.BASELINE, "距2023年底目标差 5 个百分点"),
    (3, "assessment_share", 20.0, 2022, Status.MET, ""),
    (3, "assessment_share", 15.0, 2023, Status.NOT_MET, "差 5 个百分点"),
    (26, "harmless_rate", 95.0, 2022, Status.BASELINE, "尚未超过2023年底目标"),
    (4, "river_chief_system", False, 2022, Status.BASELINE, ""),
    (8, "worst_section_class", "劣V类", 2022, Status.BASELINE, ""),
    (28, "park_area_per_person", 14.0, 2024, Status.NOT_MET, "差 1 m²/人"),
]


@pytest.mark.parametrize(("task", "indicator", "value", "period", "status", "gap_text"), BASELINE)
def test_2022_is_the_baseline_not_a_failure(
    task, indicator, value, period, status, gap_text
) -> None:  # type: ignore[no-untyped-def]
    assert "15%" in PLAN_3
    result = ev(task, indicator, value, period=period)
    assert (result.status, result.gap_text) == (status, gap_text)
    if status is Status.BASELINE:
        assert result.reason == "2022年为基线年"


def test_a_baseline_needs_no_corrective_measures_and_ranks_below_unknown() -> None:
    baseline = ev(3, "assessment_share", 15.0, period=2022)
    missing = ev(3, "assessment_share", None, period=2022)
    met = ev(3, "assessment_share", 25.0, period=2022)
    assert overall([met, baseline]) is Status.BASELINE
    assert overall([baseline, missing]) is Status.UNKNOWN
    entry = Entry("u", "成县", 3, 2022, {"assessment_share": 15.0}, plan="计划",
                  evidence=(Evidence("a" * 64, "a.pdf", 1),))  # fmt: skip
    assert completion_problems(FORMS[3], entry, [baseline]) == []


# ------------------------------------------------------------ a target changed after completion


def test_a_complete_entry_not_met_by_a_later_target_is_flagged() -> None:
    evidence = (Evidence("a" * 64, "a.pdf", 1),)
    complete = Entry("u", "成县", 7, 2023, {"pm25": 30.0}, plan="计划", evidence=evidence,
                     state=EntryState.COMPLETE, revision=2)  # fmt: skip
    before = [ev(7, "pm25", 30.0)]  # the province's target not yet set: unknown
    after = [ev(7, "pm25", 30.0, assigned={"pm25": 28.0})]  # set later: not met
    assert task_status(complete, before) is TaskStatus.COMPLETE
    assert task_status(complete, after) is TaskStatus.MEASURES_MISSING
    problems = completion_problems(FORMS[7], complete, after)
    assert [p.message for p in problems] == ["目标已更新，请补充整改措施"]
    with_measures = Entry(**{**complete.__dict__, "corrective_measures": "加强扬尘管控"})
    assert task_status(with_measures, after) is TaskStatus.NOT_MET


# ------------------------------------------------------------ shown digits agree with verdicts

# (task, indicator, value, status, shown value, gap_text)
SHOWN = [
    (5, "disclosure_rate", 99.9999999, Status.NOT_MET, "99.9999999", "差 0.0000001 个百分点"),
    (5, "disclosure_rate", 99.9999999999, Status.MET, "100", ""),  # within evaluation's 1e-9
    (26, "harmless_rate", 95.0000001, Status.MET, "95.0000001", ""),
    (26, "harmless_rate", 95.0, Status.NOT_MET, "95", "未达到目标（需严格超过）"),
    (3, "assessment_share", 19.9999996, Status.NOT_MET, "19.9999996", "差 0.0000004 个百分点"),
]


@pytest.mark.parametrize(("task", "indicator", "value", "status", "shown", "gap_text"), SHOWN)
def test_shown_value_agrees_with_the_verdict(
    task, indicator, value, status, shown, gap_text
) -> None:  # type: ignore[no-untyped-def]
    result = ev(task, indicator, value)
    assert (result.status, format_number(value), result.gap_text) == (status, shown, gap_text)


@pytest.mark.parametrize(
    ("value", "shown"), [(0.1 + 0.2, "0.3"), (10.46875, "10.46875"), (-0.0, "0"), (93.0, "93")]
)
def test_no_float_noise_is_shown(value: float, shown: str) -> None:
    assert format_number(value) == shown


# ------------------------------------------------------------ the plan's words and clauses

# (task, indicator id, the plan's own words, which the indicator's name must carry)
PLAN_WORDS = [
    (1, "plan_issued", "陇南市国家生态文明建设示范市规划(2022—2030年)"),
    (2, "inspection_rectified", "各级各类督察检查发现的生态问题"),
    (6, "planning_eia_rate", "规划环评影响评价覆盖率"),
    (8, "black_odorous_eliminated", "城镇黑臭水体"),
    (12, "disposal_rate", "新产生危险废物利用处置率"),
    (13, "joint_supervision", "污染场地联合监管机制"),
    (34, "trained_share", "副科级以上在职党政领导干部"),
]


@pytest.mark.parametrize(("task", "indicator", "words"), PLAN_WORDS)
def test_indicator_names_use_the_plans_words(task: int, indicator: str, words: str) -> None:
    assert words in FORMS[task].indicator(indicator).name
    quoted(task, words)


# (task, indicator id, the plan's clause): each clause the plan sets as a result is an indicator
PLAN_CLAUSES = [
    (23, "protection_zone_map", "实现全市饮用水水源保护区一张图"),
    (14, "no_cross_border_or_dumping", "无重大跨界污染和危险废物非法转移、倾倒事件"),
    (15, "rivers_lakes_quality_met", "江河湖泊水质达标"),
    (15, "ecosystem_functions_stable", "各类生态系统功能稳定"),
    (16, "water_function_kept", "水功能不降弱"),
]


@pytest.mark.parametrize(("task", "indicator", "clause"), PLAN_CLAUSES)
def test_every_clause_of_the_plan_is_an_indicator(task: int, indicator: str, clause: str) -> None:
    quoted(task, clause)
    found = FORMS[task].indicator(indicator)
    assert found.name == clause and found.target is not None
    assert ev(task, indicator, True, office="成县", city_wide=True).status is Status.MET
    assert ev(task, indicator, False, office="成县", city_wide=True).status is Status.NOT_MET


def test_the_one_map_of_task_23_is_the_lead_units_to_report() -> None:
    assert ev(23, "protection_zone_map", None, office="成县").status is Status.NOT_APPLICABLE
    lead = ev(23, "protection_zone_map", True, office="市生态环境局", city_wide=True)
    assert lead.status is Status.MET


# (task, a unit the plan names after 配合单位 that is not an office): the plan's text
# "(牵头单位:市生态环境局;配合单位:在陇企业)", "配合单位:所有在陇单位", "配合单位:市直相关部门"
NON_OFFICE_UNITS = [(5, "在陇企业"), (2, "所有在陇单位"), (6, "市直相关部门")]


@pytest.mark.parametrize(("task", "unit"), NON_OFFICE_UNITS)
def test_cooperating_units_that_are_not_offices_are_kept(task: int, unit: str) -> None:
    assert unit in FORMS[task].all_cooperating()
