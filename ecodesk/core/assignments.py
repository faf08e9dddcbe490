"""Which office reports which task in which period.

The plan says every county carries out every task ("以下所有工作任务均需各县区落实"), and the
lead unit reports the city-wide figure. The task force may add or remove assignments per period.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ecodesk.core.forms import Form, FormSet
from ecodesk.core.offices import OfficeKind, office_by_name


def assigned_by_default(form: Form, office: str) -> bool:
    kind = office_by_name(office).kind
    if kind in (OfficeKind.COUNTY, OfficeKind.ZONE):
        return True
    return office in form.lead


def is_city_wide(form: Form, office: str) -> bool:
    """A lead unit's entry carries the city-wide figure, judged against the city target."""
    return office in form.lead


def assigned_tasks(
    forms: FormSet, office: str, overrides: Mapping[int, bool] | None = None
) -> list[int]:
    """Task numbers `office` reports, defaults adjusted by the task force's overrides."""
    overrides = overrides or {}
    return [
        task
        for task, form in forms.items()
        if overrides.get(task, assigned_by_default(form, office))
    ]


def offices_for_task(
    form: Form, offices: Iterable[str], overrides: Mapping[str, bool] | None = None
) -> list[str]:
    overrides = overrides or {}
    return [o for o in offices if overrides.get(o, assigned_by_default(form, o))]
