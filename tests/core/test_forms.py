"""The 37 forms load and match the plan; broken form files give one clear line each."""

from __future__ import annotations

from pathlib import Path

import pytest

from ecodesk.core.form_loader import FormSetError, load_forms, parse_form
from ecodesk.core.forms import Direction, TargetKind, ValueType
from ecodesk.core.i18n import set_language
from ecodesk.core.offices import COUNTIES
from ecodesk.resources import resource_path

FORMS = load_forms(resource_path("forms"))

# (task, indicator, kind, value) straight from the plan's targets (plan-facts.md).
PLAN_NUMBERS = [
    (3, "assessment_share", ">=", 20), (5, "disclosure_rate", "=", 100),
    (6, "planning_eia_rate", "=", 100), (9, "ei", ">=", 66), (10, "coverage", ">=", 68.22),
    (11, "key_species_protected", ">=", 95), (12, "disposal_rate", "=", 100),
    (19, "land_intensity_decline", ">=", 4.5), (21, "audit_rate", "=", 100),
(23, "good_quality_share", "=", 100),
    (24, "treatment_rate", ">=", 93), (26, "harmless_rate", ">", 95), (27, "village_share", ">=", 80),
    (28, "park_area_per_person", ">=", 15), (29, "green_building_share", ">=", 90),
    (30, "public_transport_share", ">=", 50), (32, "energy_saving_appliances", ">=", 50),
    (32, "water_saving_fixtures", "=", 100), (34, "trained_share", "=", 100),
    (35, "satisfaction", ">=", 95), (36, "participation", ">=", 90), (37, "eco_industry_share", ">=", 24),
]  # fmt: skip
YES_TASKS = [1, 2, 4, 13, 14, 31]
TREND = {(7, "good_air_days"): "stable_or_better", (11, "aquatic_species_retention"): "not_lower",
         (15, "red_line_area"): "not_less", (16, "water_area"): "not_less",
         (32, "disposables_per_person"): "decreasing"}  # fmt: skip
ASSIGNED_TASKS = [7, 8, 17, 18, 20, 25]
LEADS = {1: ("市生态环境局",), 2: ("市委办公室", "市政府办公室"), 3: ("市委组织部",), 4: ("市水务局",),
         10: ("市林草局",), 15: ("市自然资源局", "市林草局"), 17: ("市发展改革委",), 24: ("市住建局",),
         30: ("市交通运输局",), 32: ("市发展改革委", "市商务局"), 33: ("市财政局", "市公共资源交易中心")}  # fmt: skip
GROUP_SIZES = {1: 6, 2: 2, 3: 3, 4: 3, 5: 2, 6: 5, 7: 1, 8: 6, 9: 5, 10: 4}


def test_all_37_tasks_load_in_ten_groups() -> None:
    assert sorted(FORMS) == list(range(1, 38))
    assert {g: len(forms) for g, forms in FORMS.by_group().items()} == GROUP_SIZES
    for form in FORMS.values():
        assert form.title and form.title_en and form.requirement and form.lead


@pytest.mark.parametrize(("task", "indicator", "kind", "value"), PLAN_NUMBERS)
def test_numeric_targets_match_the_plan(task: int, indicator: str, kind: str, value: float) -> None:
    target = FORMS[task].indicator(indicator).target
    assert target is not None
    assert (target.kind.value, target.value) == (kind, value)


def test_yes_trend_and_assigned_targets_match_the_plan() -> None:
    for task in YES_TASKS:
        assert all(i.target and i.target.kind is TargetKind.YES for i in FORMS[task].indicators)
    for (task, indicator), direction in TREND.items():
        target = FORMS[task].indicator(indicator).target
        assert (
            target and target.kind is TargetKind.TREND and target.direction is Direction(direction)
        )
    for task in ASSIGNED_TASKS:
        kinds = {i.target.kind for i in FORMS[task].indicators if i.target}
        assert TargetKind.ASSIGNED in kinds, task


def test_task_24_per_office_target_and_task_16_applicability() -> None:
    target = FORMS[24].indicator("treatment_rate").target
    assert (
        target is not None and target.value_for("武都区") == 98 and target.value_for("成县") == 93
    )
    project = FORMS[16].indicator("watershed_project")
    assert set(project.offices or ()) == set(COUNTIES) - {"宕昌县"}
    assert project.detail_by_office["武都区"] == "甘泉河小流域治理"


def test_lead_units_match_the_plan() -> None:
    for task, lead in LEADS.items():
        assert FORMS[task].lead == lead


def test_percent_indicators_are_bounded_0_100() -> None:
    for form in FORMS.values():
        for indicator in form.indicators:
            if indicator.type is ValueType.PERCENT:
                assert (indicator.minimum, indicator.maximum) == (0, 100)


GOOD = """task = 24
group = 8
title = "城镇污水处理率"
title_en = "Urban sewage treatment rate"
requirement = "到2023年底，市区不低于98%"
lead = ["市住建局"]

[[indicators]]
id = "treatment_rate"
name = "城镇污水处理率"
name_en = "rate"
unit = "%"
type = "percent"

[indicators.target]
kind = ">="
value = 93

[indicators.target.by_office]
"武都区" = 98
"""


def broken(old: str, new: str) -> str:
    assert old in GOOD
    return GOOD.replace(old, new)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            broken('kind = ">="', 'kind = "≥≥"'),
            "forms/24.toml:16: indicators[0].target.kind: 未知的目标类型",
        ),
        (
            broken("value = 93", "value = 120"),
            "forms/24.toml:17: indicators[0].target.value: 目标值 120 超出范围 0–100",
        ),
        (
            broken('"武都区" = 98', '"武都区" = "很高"'),
            "forms/24.toml:20: indicators[0].target.by_office.武都区: 应为数字",
        ),
        (broken('title = "城镇污水处理率"\n', ""), "forms/24.toml: title: 缺少必填字段"),
        (
            broken('type = "percent"', 'type = "percentage"'),
            "forms/24.toml:13: indicators[0].type: 未知的数值类型",
        ),
        (broken("group = 8", "group = 8\ngroup = 9"), "forms/24.toml:3: TOML 语法错误"),
        (
            broken('lead = ["市住建局"]', 'lead = ["住建局"]'),
            "forms/24.toml:6: lead[0]: 未知的填报单位",
        ),
        (
            broken('unit = "%"', 'unit = "%"\ncolour = "red"'),
            "forms/24.toml:13: indicators[0].colour: 未知字段",
        ),
    ],
)
def test_broken_form_names_file_line_and_field(source: str, expected: str) -> None:
    with pytest.raises(Exception) as info:
        parse_form("forms/24.toml", source)
    message = str(info.value)
    assert message.startswith(expected), message
    assert "\n" not in message


def test_errors_in_english_when_asked() -> None:
    set_language("en")
    with pytest.raises(
        Exception, match=r"indicators\[0\]\.target\.by_office\.武都区: expected a number"
    ):
        parse_form("forms/24.toml", broken('"武都区" = 98', '"武都区" = "high"'))


def test_one_broken_file_stops_the_whole_set(tmp_path: Path) -> None:
    for path in resource_path("forms").glob("*.toml"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    text = (tmp_path / "26.toml").read_text(encoding="utf-8").replace("value = 95", "value = 120")
    (tmp_path / "26.toml").write_text(text, encoding="utf-8")
    (tmp_path / "05.toml").write_bytes(b"\xff\xfe not utf-8")
    with pytest.raises(FormSetError) as info:
        load_forms(tmp_path)
    lines = str(info.value).splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{tmp_path.name}/05.toml: 文件不是 UTF-8")
    assert lines[1].startswith(f"{tmp_path.name}/26.toml:") and "target.value" in lines[1]


def test_missing_and_duplicate_tasks_are_reported(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.toml").write_text(GOOD, encoding="utf-8")
    with pytest.raises(FormSetError, match="任务 24 已在"):
        load_forms(tmp_path)
    (tmp_path / "b.toml").unlink()
    with pytest.raises(FormSetError, match="缺少任务 1, 2, 3"):
        load_forms(tmp_path)
