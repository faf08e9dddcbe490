"""The reporting offices named by the Longnan plan."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from enum import StrEnum

from ecodesk.core.errors import UserError
from ecodesk.core.i18n import t


class OfficeKind(StrEnum):
    COUNTY = "county"  # the nine county-level divisions (武都区 is a district)
    ZONE = "zone"  # 陇南经济开发区管委会
    DEPARTMENT = "department"  # municipal departments named as lead or cooperating units


@dataclass(frozen=True)
class Office:
    name: str
    kind: OfficeKind

    @property
    def is_county(self) -> bool:
        return self.kind is OfficeKind.COUNTY


CITY_PROPER = "武都区"

COUNTIES: tuple[str, ...] = (
    "武都区",
    "成县",
    "文县",
    "宕昌县",
    "康县",
    "西和县",
    "礼县",
    "徽县",
    "两当县",
)

DEVELOPMENT_ZONE = "陇南经济开发区管委会"

DEPARTMENTS: tuple[str, ...] = (
    "市生态环境局",
    "市委办公室",
    "市政府办公室",
    "市委组织部",
    "市委宣传部",
    "市委党校",
    "市水务局",
    "市林草局",
    "市自然资源局",
    "市发展改革委",
    "市住建局",
    "市交通运输局",
    "市商务局",
    "市财政局",
    "市公共资源交易中心",
    "市工信局",
    "市市场监管局",
    "市农业农村局",
    "市卫生健康委",
    "市应急管理局",
    "市公安局",
    "市统计局",
    "市供销联社",
)

TASK_FORCE = "国家生态文明建设示范市工作专班"


@functools.cache  # the offices are fixed by the plan; lookups run once per imported line
def all_offices() -> tuple[Office, ...]:
    counties = tuple(Office(name, OfficeKind.COUNTY) for name in COUNTIES)
    zone = (Office(DEVELOPMENT_ZONE, OfficeKind.ZONE),)
    departments = tuple(Office(name, OfficeKind.DEPARTMENT) for name in DEPARTMENTS)
    return counties + zone + departments


OFFICE_NAMES: frozenset[str] = frozenset(o.name for o in all_offices())


@functools.cache
def _offices_by_name() -> dict[str, Office]:
    return {office.name: office for office in all_offices()}


def office_by_name(name: str) -> Office:
    office = _offices_by_name().get(name)
    if office is not None:
        return office
    known = "、".join(COUNTIES)
    raise UserError(
        t(f"未知的填报单位“{name}”（例如：{known}）", f"unknown office '{name}' (e.g. {known})")
    )
