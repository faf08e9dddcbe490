"""Evidence per indicator (issue 13): which indicator a file may support, and how files group."""

from __future__ import annotations

from dataclasses import replace

import pytest

from ecodesk.core.entries import (
    Evidence,
    check_evidence_indicator,
    evidence_groups,
    evidence_indicator_label,
)
from ecodesk.core.errors import UserError
from ecodesk.core.form_loader import load_forms
from ecodesk.resources import resource_path

FORMS = load_forms(resource_path("forms"))
TASK_24 = FORMS[24]  # 城镇污水处理率: treatment_rate, city_proper_rate, county_town_rate


def test_the_whole_task_and_each_indicator_of_the_form_are_accepted() -> None:
    assert check_evidence_indicator(TASK_24, "") == ""
    assert check_evidence_indicator(TASK_24, "treatment_rate") == "treatment_rate"
    assert check_evidence_indicator(TASK_24, "county_town_rate") == "county_town_rate"


def test_an_indicator_of_another_task_is_refused_naming_it_and_the_choices() -> None:
    with pytest.raises(UserError) as info:
        check_evidence_indicator(TASK_24, "pm25")
    message = str(info.value)
    assert "任务 24" in message and "“pm25”" in message
    assert "treatment_rate、city_proper_rate、county_town_rate" in message and "整个任务" in message


def test_an_earlier_id_means_the_indicator_under_its_current_id() -> None:
    renamed = replace(TASK_24.indicators[0], renamed_from=("sewage_rate",))
    form = replace(TASK_24, indicators=(renamed, *TASK_24.indicators[1:]))
    assert check_evidence_indicator(form, "sewage_rate") == "treatment_rate"


def test_files_group_whole_task_first_then_in_the_forms_order() -> None:
    files = [
        Evidence("c" * 64, "县城.pdf", 1, indicator="county_town_rate"),
        Evidence("a" * 64, "总体方案.pdf", 1),
        Evidence("b" * 64, "处理率.xlsx", 1, indicator="treatment_rate"),
        Evidence("d" * 64, "旧指标.pdf", 1, indicator="gone"),
        Evidence("e" * 64, "运行报表.pdf", 1, indicator="treatment_rate"),
    ]
    groups = evidence_groups(TASK_24, files)
    assert [(key, [f.name for f in group]) for key, group in groups] == [
        ("", ["总体方案.pdf"]),
        ("treatment_rate", ["处理率.xlsx", "运行报表.pdf"]),
        ("county_town_rate", ["县城.pdf"]),
        ("gone", ["旧指标.pdf"]),  # an indicator the form no longer has: kept, shown last
    ]


def test_labels_are_the_indicators_names() -> None:
    assert evidence_indicator_label(TASK_24, "") == "整个任务"
    assert evidence_indicator_label(TASK_24, "treatment_rate") == "城镇污水处理率"
    assert evidence_indicator_label(TASK_24, "gone") == "gone"
