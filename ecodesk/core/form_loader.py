"""Reading form files: TOML parsed and validated field by field against the form schema.

A form file is edited by people who are not programmers, so every problem is reported with
the file, the line where one can be found, and the field path, in the user's language.
"""

from __future__ import annotations

import hashlib
import math
import re
import tomllib
from collections.abc import Iterable, Mapping
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from ecodesk.core.errors import FormError, UserError
from ecodesk.core.forms import (
    COMPARISONS,
    GROUPS,
    TASK_COUNT,
    Basis,
    Choice,
    Direction,
    Form,
    FormSet,
    Indicator,
    LeadScope,
    Target,
    TargetKind,
    ValueType,
)
from ecodesk.core.i18n import t
from ecodesk.core.offices import OFFICE_NAMES
from ecodesk.core.toml_locate import locate_field

E = TypeVar("E", bound=StrEnum)


class _Checker:
    """Reads one parsed TOML document field by field, raising FormError with the field path."""

    def __init__(self, path: str, source: str) -> None:
        self.path = path
        self.source = source

    def fail(self, field_path: str, zh: str, en: str) -> FormError:
        line = locate_field(self.source, field_path)
        return FormError(self.path, field_path, t(zh, en), line)

    def table(self, data: Any, where: str) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise self.fail(where, "应为表（table）", "expected a table")
        return data

    def no_unknown_keys(self, data: Mapping[str, Any], allowed: set[str], where: str) -> None:
        for key in data:
            if key not in allowed:
                path = f"{where}.{key}" if where else key
                names = ", ".join(sorted(allowed))
                raise self.fail(
                    path, f"未知字段（可用：{names}）", f"unknown field (allowed: {names})"
                )

    def required(self, data: Mapping[str, Any], key: str, where: str) -> Any:
        if key not in data:
            raise self.fail(_join(where, key), "缺少必填字段", "missing required field")
        return data[key]

    def text(
        self, data: Mapping[str, Any], key: str, where: str, *, default: str | None = None
    ) -> str:
        value = data.get(key, default) if default is not None else self.required(data, key, where)
        if not isinstance(value, str):
            raise self.fail(_join(where, key), "应为文字", "expected text")
        return value

    def member(self, data: Mapping[str, Any], key: str, where: str, kind: type[E],
               what: tuple[str, str]) -> E:  # fmt: skip
        """The enum member named by a text field, or an error listing the allowed names."""
        name = self.text(data, key, where)
        try:
            return kind(name)
        except ValueError:
            names = ", ".join(m.value for m in kind)
            raise self.fail(
                _join(where, key),
                f"未知的{what[0]}“{name}”（可用：{names}）",
                f"unknown {what[1]} '{name}' (allowed: {names})",
            ) from None

    def number(self, value: Any, where: str) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(where, "应为数字", "expected a number")
        # TOML allows inf and nan, and integers past what a float holds; no form means those
        if (isinstance(value, int) and abs(value) > 10**15) or not math.isfinite(value):
            raise self.fail(where, "应为有限的数字", "expected a finite number")
        return float(value)

    def text_list(
        self, data: Mapping[str, Any], key: str, where: str, *, required: bool
    ) -> tuple[str, ...]:
        if key not in data and not required:
            return ()
        value = self.required(data, key, where)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(_join(where, key), "应为文字列表", "expected a list of text")
        return tuple(value)

    def offices(self, names: tuple[str, ...], where: str) -> tuple[str, ...]:
        for i, name in enumerate(names):
            if name not in OFFICE_NAMES:
                raise self.fail(
                    f"{where}[{i}]", f"未知的填报单位“{name}”", f"unknown office '{name}'"
                )
        return names


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


_ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
_CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_]*$")
_FORM_KEYS = {
    "task", "group", "title", "title_en", "requirement", "lead", "cooperating",
    "cooperating_other", "indicators",
}  # fmt: skip
_INDICATOR_KEYS = {
    "id", "name", "name_en", "unit", "type", "min", "max", "choices", "offices",
    "detail_by_office", "help", "target", "renamed_from", "lead",
}  # fmt: skip
_TARGET_KEYS = {
    "kind", "value", "by_office", "direction", "compare", "accept", "basis", "label",
    "label_by_office",
}  # fmt: skip


def parse_form(path: str, source: str) -> Form:
    """Parse and validate one form file; raise FormError naming file, line and field."""
    try:
        data = tomllib.loads(source)
    except (tomllib.TOMLDecodeError, ValueError, RecursionError) as exc:
        # tomllib lets ValueError out for an integer of over 4,300 digits (and deep nesting out
        # as RecursionError): the file is broken all the same
        match = re.search(r"line (\d+)", str(exc))
        line = int(match.group(1)) if match else None
        raise FormError(
            path, "", t(f"TOML 语法错误：{exc}", f"TOML syntax error: {exc}"), line
        ) from None
    check = _Checker(path, source)
    check.no_unknown_keys(data, _FORM_KEYS, "")
    task = int(check.number(check.required(data, "task", ""), "task"))
    if not 1 <= task <= TASK_COUNT:
        raise check.fail("task", f"任务号应在 1–{TASK_COUNT} 之间", f"task must be 1–{TASK_COUNT}")
    group = int(check.number(check.required(data, "group", ""), "group"))
    if not 1 <= group <= len(GROUPS):
        raise check.fail("group", "分组应在 1–10 之间", "group must be 1–10")
    raw_indicators = check.required(data, "indicators", "")
    if not isinstance(raw_indicators, list) or not raw_indicators:
        raise check.fail("indicators", "至少需要一个指标", "at least one indicator is required")
    indicators = tuple(
        _parse_indicator(check, raw, f"indicators[{i}]") for i, raw in enumerate(raw_indicators)
    )
    ids = [ind.id for ind in indicators]
    for i, indicator_id in enumerate(ids):
        if ids.index(indicator_id) != i:
            raise check.fail(f"indicators[{i}].id", "指标编号重复", "duplicate indicator id")
    _check_renames(check, indicators)
    lead = check.offices(check.text_list(data, "lead", "", required=True), "lead")
    if not lead:
        raise check.fail("lead", "至少需要一个牵头单位", "at least one lead unit is required")
    return Form(
        task=task,
        group=group,
        title=check.text(data, "title", ""),
        title_en=check.text(data, "title_en", ""),
        requirement=check.text(data, "requirement", ""),
        lead=lead,
        cooperating=check.offices(
            check.text_list(data, "cooperating", "", required=False), "cooperating"
        ),
        cooperating_other=check.text_list(data, "cooperating_other", "", required=False),
        indicators=indicators,
        path=path,
        sha256=hashlib.sha256(source.encode("utf-8")).hexdigest(),
    )


def _parse_indicator(check: _Checker, raw: Any, where: str) -> Indicator:
    data = check.table(raw, where)
    check.no_unknown_keys(data, _INDICATOR_KEYS, where)
    indicator_id = check.text(data, "id", where)
    if not _ID_PATTERN.match(indicator_id):
        raise check.fail(
            f"{where}.id",
            "编号只能用小写字母、数字和下划线",
            "id must be lowercase letters, digits, _",
        )
    value_type = check.member(data, "type", where, ValueType, ("数值类型", "value type"))
    minimum, maximum = _bounds(check, data, value_type, where)
    choices = _parse_choices(check, data, value_type, where)
    renamed_from = _renamed_from(check, data, indicator_id, where)
    offices = None
    if "offices" in data:
        offices = check.offices(
            check.text_list(data, "offices", where, required=True), f"{where}.offices"
        )
    details = check.table(data.get("detail_by_office", {}), f"{where}.detail_by_office")
    for office, text in details.items():
        check.offices((office,), f"{where}.detail_by_office")
        if not isinstance(text, str):
            raise check.fail(f"{where}.detail_by_office.{office}", "应为文字", "expected text")
    indicator = Indicator(
        id=indicator_id,
        name=check.text(data, "name", where),
        name_en=check.text(data, "name_en", where),
        unit=check.text(data, "unit", where, default=""),
        type=value_type,
        target=None,
        minimum=minimum,
        maximum=maximum,
        choices=choices,
        offices=offices,
        detail_by_office=details,
        help=check.text(data, "help", where, default=""),
        renamed_from=renamed_from,
        lead=check.member(data, "lead", where, LeadScope, ("牵头单位范围", "lead scope"))
        if "lead" in data
        else LeadScope.ALL,
    )
    if "target" not in data:
        if value_type is not ValueType.TEXT:
            raise check.fail(
                f"{where}.target",
                "缺少目标（只有文字类指标可以没有目标）",
                "missing target (only text indicators may have none)",
            )
        return indicator
    target = _parse_target(check, data["target"], indicator, f"{where}.target")
    return Indicator(**{**indicator.__dict__, "target": target})


def _bounds(check: _Checker, data: Mapping[str, Any], value_type: ValueType, where: str):  # type: ignore[no-untyped-def]
    minimum = check.number(data["min"], f"{where}.min") if "min" in data else None
    maximum = check.number(data["max"], f"{where}.max") if "max" in data else None
    if value_type is ValueType.NUMBER and minimum is None and _is_amount(data.get("unit", "")):
        minimum = 0.0  # an amount (km², μg/m³, an index) is never negative; a change may be
    if value_type is ValueType.PERCENT:
        minimum = 0.0 if minimum is None else minimum
        maximum = 100.0 if maximum is None else maximum
        if minimum < 0 or maximum > 100:
            raise check.fail(
                f"{where}.max" if maximum > 100 else f"{where}.min",
                "百分比的范围是 0–100",
                "a percent is bounded by 0–100",
            )
    if minimum is not None and maximum is not None and minimum > maximum:
        raise check.fail(f"{where}.min", "下限大于上限", "min is greater than max")
    return minimum, maximum


# Units of a change (a rate of decline, an increase in points): these numbers may be negative.
SIGNED_UNITS = frozenset({"%", "个百分点"})


def _is_amount(unit: object) -> bool:
    return isinstance(unit, str) and unit not in SIGNED_UNITS


def _parse_target(check: _Checker, raw: Any, indicator: Indicator, where: str) -> Target:
    data = check.table(raw, where)
    check.no_unknown_keys(data, _TARGET_KEYS, where)
    kind = check.member(data, "kind", where, TargetKind, ("目标类型", "target kind"))
    numeric = indicator.type in (ValueType.NUMBER, ValueType.PERCENT)
    if kind in COMPARISONS:
        if not numeric:
            raise check.fail(
                f"{where}.kind",
                "比较目标只能用于数字或百分比指标",
                "a comparison target needs a number or percent indicator",
            )
        value = check.number(check.required(data, "value", where), f"{where}.value")
        _within_bounds(check, indicator, value, f"{where}.value")
        by_office: dict[str, float] = {}
        for office, number in check.table(data.get("by_office", {}), f"{where}.by_office").items():
            field_path = f"{where}.by_office.{office}"
            check.offices((office,), f"{where}.by_office")
            by_office[office] = check.number(number, field_path)
            _within_bounds(check, indicator, by_office[office], field_path)
        label, label_by_office = _labels(check, data, where)
        return Target(
            kind=kind,
            value=value,
            by_office=by_office,
            label=label,
            label_by_office=label_by_office,
        )
    if kind is TargetKind.YES:
        if indicator.type is not ValueType.YESNO:
            raise check.fail(
                f"{where}.kind",
                "“yes”目标只能用于是/否指标",
                "a 'yes' target needs a yesno indicator",
            )
        return Target(kind=kind)
    if kind is TargetKind.IN:
        accept: list[str] = []
        for i, name in enumerate(check.text_list(data, "accept", where, required=True)):
            # a code, or (as forms before 0.2.0 wrote it) a label
            choice = next((c for c in indicator.choices if name in (c.code, c.label)), None)
            if choice is None:
                raise check.fail(
                    f"{where}.accept[{i}]",
                    f"“{name}”不是该指标的选项",
                    f"'{name}' is not one of the indicator's choices",
                )
            accept.append(choice.code)
        return Target(kind=kind, accept=tuple(accept))
    if not numeric:
        raise check.fail(
            f"{where}.kind",
            "趋势和下达目标只能用于数字或百分比指标",
            "trend and assigned targets need a number or percent indicator",
        )
    if kind is TargetKind.TREND:
        direction = check.member(data, "direction", where, Direction, ("趋势方向", "direction"))
        return Target(kind=kind, direction=direction)
    if kind is TargetKind.INCREASE:
        return _increase_target(check, data, where)
    compare_name = check.text(data, "compare", where)
    if compare_name not in (">=", "<="):
        raise check.fail(
            f"{where}.compare",
            '下达目标的比较方式应为 ">=" 或 "<="',
            'an assigned target compares with ">=" or "<="',
        )
    return Target(kind=kind, compare=TargetKind(compare_name))


def _increase_target(check: _Checker, data: Mapping[str, Any], where: str) -> Target:
    """A rise over the previous period; without `value` the threshold is not decided yet (待定)."""
    basis = (
        check.member(data, "basis", where, Basis, ("提高幅度的计算方式", "basis"))
        if "basis" in data
        else Basis.POINTS
    )
    value = check.number(data["value"], f"{where}.value") if "value" in data else None
    if value is not None and value < 0:
        raise check.fail(f"{where}.value", "提高幅度不能为负", "an increase cannot be negative")
    return Target(kind=TargetKind.INCREASE, value=value, basis=basis)


def _labels(check: _Checker, data: Mapping[str, Any], where: str) -> tuple[str, dict[str, str]]:
    label = check.text(data, "label", where, default="")
    by_office = check.table(data.get("label_by_office", {}), f"{where}.label_by_office")
    for office, text in by_office.items():
        check.offices((office,), f"{where}.label_by_office")
        if not isinstance(text, str):
            raise check.fail(f"{where}.label_by_office.{office}", "应为文字", "expected text")
    return label, dict(by_office)


def _parse_choices(
    check: _Checker, data: Mapping[str, Any], value_type: ValueType, where: str
) -> tuple[Choice, ...]:
    """`[indicators.choices]` as `code = "label"` (or `code = ["label", "earlier spelling", …]`).

    The list form of ecodesk 0.1 (`choices = ["I类", …]`) is still read: each label is its own
    code there, so old data keeps its meaning.
    """
    field_path = f"{where}.choices"
    if value_type is not ValueType.CHOICE:
        if "choices" in data:
            raise check.fail(
                field_path, "只有选择题可以有选项", "only a choice indicator has choices"
            )
        return ()
    raw = check.required(data, "choices", where)
    if isinstance(raw, list):
        labels = check.text_list(data, "choices", where, required=True)
        choices = tuple(Choice(code=label, label=label) for label in labels)
    else:
        choices = tuple(
            _parse_choice(check, code, value, f"{field_path}.{code}")
            for code, value in check.table(raw, field_path).items()
        )
    if not choices:
        raise check.fail(field_path, "选择题至少需要一个选项", "a choice needs at least one option")
    seen: set[str] = set()
    for choice in choices:
        for spelling in {choice.code, choice.label, *choice.former}:
            if spelling in seen:
                raise check.fail(
                    field_path, f"选项“{spelling}”重复", f"choice '{spelling}' appears twice"
                )
            seen.add(spelling)
    return choices


def _parse_choice(check: _Checker, code: str, value: Any, where: str) -> Choice:
    if not _CODE_PATTERN.match(code):
        raise check.fail(
            where,
            "选项代码只能用字母、数字和下划线（如 II、worse_than_v）",
            "a choice code is letters, digits and _ (e.g. II, worse_than_v)",
        )
    spellings = [value] if isinstance(value, str) else value
    if (
        not isinstance(spellings, list)
        or not spellings
        or not all(isinstance(s, str) and s.strip() for s in spellings)
    ):
        raise check.fail(
            where,
            "应为选项名称，或名称列表（第一个是现在的名称，其余是以前的写法）",
            "expected the label, or a list of labels (the current one first, then earlier spellings)",
        )
    return Choice(code=code, label=spellings[0], former=tuple(spellings[1:]))


def _renamed_from(
    check: _Checker, data: Mapping[str, Any], indicator_id: str, where: str
) -> tuple[str, ...]:
    if "renamed_from" not in data:
        return ()
    raw = data["renamed_from"]
    names = [raw] if isinstance(raw, str) else raw
    field_path = f"{where}.renamed_from"
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise check.fail(field_path, "应为以前的指标编号", "expected the earlier indicator id")
    for name in names:
        if not _ID_PATTERN.match(name) or name == indicator_id:
            raise check.fail(
                field_path, f"“{name}”不是可用的旧编号", f"'{name}' is not a usable earlier id"
            )
    return tuple(names)


def _check_renames(check: _Checker, indicators: tuple[Indicator, ...]) -> None:
    """An earlier id names one indicator only, and never one that is still in use."""
    current = {ind.id for ind in indicators}
    claimed: set[str] = set()
    for i, indicator in enumerate(indicators):
        for name in indicator.renamed_from:
            if name in current or name in claimed:
                raise check.fail(
                    f"indicators[{i}].renamed_from",
                    f"旧编号“{name}”仍在使用或已被另一个指标声明",
                    f"earlier id '{name}' is still in use or claimed by another indicator",
                )
            claimed.add(name)


def _within_bounds(check: _Checker, indicator: Indicator, value: float, where: str) -> None:
    low, high = indicator.minimum, indicator.maximum
    if (low is not None and value < low) or (high is not None and value > high):
        span = f"{_fmt(low)}–{_fmt(high)}"
        raise check.fail(
            where,
            f"目标值 {_fmt(value)} 超出范围 {span}",
            f"target {_fmt(value)} is outside {span}",
        )


def _fmt(value: float | None) -> str:
    if value is None:
        return "…"
    return f"{value:g}"


def load_form_file(path: Path, *, display_path: str | None = None) -> Form:
    shown = display_path or str(path)
    try:
        source = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FormError(
            shown,
            "",
            t(
                f"文件不是 UTF-8 编码（第 {exc.start} 字节）",
                f"file is not UTF-8 (byte {exc.start})",
            ),
        ) from None
    except OSError as exc:
        raise FormError(
            shown, "", t(f"无法读取：{exc.strerror}", f"cannot read: {exc.strerror}")
        ) from None
    return parse_form(shown, source)


class FormSetError(UserError):
    """One or more form files are broken; the app refuses to start with half the forms."""

    def __init__(self, problems: list[FormError]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def load_forms(directory: Path) -> FormSet:
    """Load every `*.toml` in `directory`; all 37 tasks must be present exactly once."""
    problems: list[FormError] = []
    parsed: list[Form] = []
    for path in sorted(directory.glob("*.toml")):
        try:
            parsed.append(load_form_file(path, display_path=f"{directory.name}/{path.name}"))
        except FormError as exc:
            problems.append(exc)
    return _form_set(parsed, problems, str(directory))


def forms_from_sources(sources: Mapping[str, str], where: str) -> FormSet:
    """A form set from form files' texts ({shown name: text}), checked like `load_forms`."""
    problems: list[FormError] = []
    parsed: list[Form] = []
    for name, source in sorted(sources.items()):
        try:
            parsed.append(parse_form(name, source))
        except FormError as exc:
            problems.append(exc)
    return _form_set(parsed, problems, where)


def _form_set(parsed: Iterable[Form], problems: list[FormError], where: str) -> FormSet:
    forms: dict[int, Form] = {}
    for form in parsed:
        if form.task in forms:
            problems.append(
                FormError(
                    form.path,
                    "task",
                    t(
                        f"任务 {form.task} 已在 {forms[form.task].path} 中定义",
                        f"task {form.task} is already defined in {forms[form.task].path}",
                    ),
                )
            )
            continue
        forms[form.task] = form
    if not problems:
        missing = [n for n in range(1, TASK_COUNT + 1) if n not in forms]
        if missing:
            listed = ", ".join(str(n) for n in missing)
            problems.append(
                FormError(where, "", t(f"缺少任务 {listed} 的表单", f"no form for task {listed}"))
            )
    if problems:
        raise FormSetError(problems)
    return FormSet(forms)
