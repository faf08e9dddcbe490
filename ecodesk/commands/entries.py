"""Entry commands: tasks, show, set, attach, evidence, detach, na, complete, status, history."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ecodesk.cli import _period, command, open_workspace, print_json
from ecodesk.core.entries import TaskStatus, task_status_label
from ecodesk.core.errors import UserError
from ecodesk.core.evaluation import status_label
from ecodesk.core.forms import Form, Indicator
from ecodesk.core.i18n import t
from ecodesk.core.refusals import Refusal, ValidationError
from ecodesk.core.textwidth import format_table
from ecodesk.core.timefmt import local_time
from ecodesk.core.values import Value, format_value, parse_value


@command("tasks")
def tasks(args: argparse.Namespace) -> int:
    ws = open_workspace(args)
    period = _period(args)
    rows = ws.overview(period, args.office)
    if args.status:
        try:
            wanted = TaskStatus(args.status)
        except ValueError:
            names = ", ".join(s.value for s in TaskStatus)
            raise UserError(
                t(
                    f"未知状态 {args.status}（可用：{names}）",
                    f"unknown status {args.status} (use: {names})",
                )
            ) from None
        rows = [r for r in rows if r.status is wanted]
    table = [
        [
            str(r.form.task),
            r.form.display_title(),
            task_status_label(r.status),
            str(r.entry.revision if r.entry else ""),
        ]
        for r in rows
    ]
    print(
        format_table(
            [t("任务", "task"), t("名称", "title"), t("状态", "status"), t("版本", "rev")], table
        )
    )
    done = sum(
        1
        for r in ws.overview(period, args.office)
        if r.status not in (TaskStatus.NOT_STARTED, TaskStatus.DRAFT, TaskStatus.RETURNED)
    )
    total = len(ws.tasks(period, args.office))
    print(
        t(
            f"\n{ws._office(args.office)} {period} 年：已完成 {done}/{total}",
            f"\n{ws._office(args.office)} {period}: {done}/{total} complete",
        )
    )
    return 0


def _entry_json(ws: Any, task: int, period: int, office: str | None) -> dict[str, Any]:
    row = ws.task_row(task, period, office)
    entry = row.entry
    return {
        "task": task, "period": period, "office": ws._office(office), "title": row.form.title,
        "status": row.status.value,
        "uuid": entry.uuid if entry else None, "revision": entry.revision if entry else 0,
        "values": dict(entry.values) if entry else {},
        "plan": entry.plan if entry else "", "corrective_measures": entry.corrective_measures if entry else "",
        "not_applicable": entry.not_applicable if entry else False,
        "not_applicable_reason": entry.not_applicable_reason if entry else "",
        "review": entry.review.value if entry else "", "review_comment": entry.review_comment if entry else "",
        "evidence": [{"sha256": e.sha256, "name": e.name, "size": e.size} for e in (entry.evidence if entry else ())],
        "evaluation": [{"indicator": e.indicator, "status": e.status.value, "target": e.target_text,
                        "gap": e.gap, "gap_text": e.gap_text, "reason": e.reason} for e in row.evaluations],
    }  # fmt: skip


@command("show")
def show(args: argparse.Namespace) -> int:
    ws = open_workspace(args)
    period = _period(args)
    data = _entry_json(ws, args.task, period, args.office)
    if args.json:
        print_json(data)
        return 0
    form: Form = ws.form(args.task, period)
    print(
        f"{t('任务', 'Task')} {form.task}：{form.display_title()}  [{task_status_label(TaskStatus(data['status']))}]"
    )
    print(
        f"{t('单位', 'Office')}：{data['office']}  {t('填报期', 'Period')}：{period}  {t('版本', 'Revision')}：{data['revision']}"
    )
    if data["review"] == "returned":
        print(t(f"退回意见：{data['review_comment']}", f"Returned: {data['review_comment']}"))
    row = ws.task_row(args.task, period, args.office)
    print(_evaluation_table(t("编号", "id"), [(i.id, row, i, e) for i, e in _pairs(row)]))
    print(f"{t('计划安排', 'Plan')}：{data['plan']}")
    print(f"{t('整改措施', 'Corrective measures')}：{data['corrective_measures']}")
    if data["not_applicable"]:
        print(
            t(
                f"不适用：{data['not_applicable_reason']}",
                f"Not applicable: {data['not_applicable_reason']}",
            )
        )
    print(t(f"佐证材料：{len(data['evidence'])} 份", f"Evidence: {len(data['evidence'])} file(s)"))
    return 0


def _load_json_file(path: str) -> dict[str, Any]:
    from ecodesk.core import strictjson

    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise UserError(t(f"无法读取 {path}：{exc}", f"cannot read {path}: {exc}")) from None
    data = strictjson.loads(raw, path)  # JsonProblem (a UserError) names the file and reason
    if not isinstance(data, dict):
        raise UserError(t(f"{path}：应为 JSON 对象", f"{path}: expected a JSON object"))
    allowed = {"values", "plan", "corrective_measures"}
    for key in data:
        if key not in allowed:
            raise UserError(
                t(
                    f"{path}：未知字段 {key}（可用：{', '.join(sorted(allowed))}）",
                    f"{path}: unknown field {key} (allowed: {', '.join(sorted(allowed))})",
                )
            )
    return data


@command("set")
def set_fields(args: argparse.Namespace) -> int:
    from ecodesk.core.values import check_value

    ws = open_workspace(args)
    period = _period(args)
    form = ws.form(args.task, period)
    values: dict[str, Any] = {}
    plan, measures = args.plan, args.measures
    if args.from_json:
        data = _load_json_file(args.from_json)
        raw_values = data.get("values", {})
        if not isinstance(raw_values, dict):
            raise UserError(
                t(
                    f"{args.from_json}：values 应为对象",
                    f"{args.from_json}: values must be an object",
                )
            )
        for key, value in raw_values.items():
            values[key] = None if value is None else check_value(_indicator(form, key), value)
        plan = data.get("plan", plan)
        measures = data.get("corrective_measures", measures)
    for item in args.value:
        key, sep, text = item.partition("=")
        if not sep:
            raise UserError(t(f"“{item}”应写成 编号=数值", f"'{item}' should be ID=VALUE"))
        values[key.strip()] = _typed_value(_indicator(form, key.strip()), text)
    for key in args.clear:
        values[_indicator(form, key.strip()).id] = None
    result = ws.save(
        args.task,
        period,
        office=args.office,
        values=values,
        plan=plan,
        corrective_measures=measures,
    )
    if result.changed:
        print(
            t(
                f"已保存第 {result.entry.revision} 版：{', '.join(result.changed)}",
                f"saved revision {result.entry.revision}: {', '.join(result.changed)}",
            )
        )
    else:
        print(t("没有变化", "nothing changed"))
    _print_evaluation(ws, args.task, period, args.office)
    return 0


def _typed_value(indicator: Indicator, text: str) -> Value:
    """A value typed after ID=; an empty one is refused, so a slip never clears a stored value."""
    if not text.strip():
        raise ValidationError([Refusal("empty_value", f"values.{indicator.id}", t(
            f"{indicator.name}：没有填写数值；如要清除已填的值，请用 --clear {indicator.id}",
            f"{indicator.name_en}: no value given; to clear the stored one use --clear {indicator.id}",
        ))])  # fmt: skip
    return parse_value(indicator, text)


def _indicator(form: Form, key: str):  # type: ignore[no-untyped-def]
    try:
        return form.indicator(key)
    except KeyError:
        ids = ", ".join(i.id for i in form.indicators)
        raise UserError(
            t(
                f"任务 {form.task} 没有指标 {key}（有：{ids}）",
                f"task {form.task} has no indicator {key} (it has: {ids})",
            )
        ) from None


def _print_evaluation(ws: Any, task: int, period: int, office: str | None) -> None:
    form = ws.form(task, period)
    for indicator, evaluation in zip(
        form.indicators, ws.evaluate(task, period, office=office), strict=True
    ):
        note = evaluation.gap_text or evaluation.reason
        print(
            f"  {indicator.id}: {status_label(evaluation.status)} ({evaluation.target_text}) {note}".rstrip()
        )


@command("attach")
def attach(args: argparse.Namespace) -> int:
    ws = open_workspace(args)
    period = _period(args)
    for path in args.files:
        entry = ws.attach(args.task, period, path, office=args.office)
        stored = next(e for e in entry.evidence if e.name == path.name)
        print(
            t(
                f"已添加 {path.name}（{stored.sha256[:12]}）",
                f"attached {path.name} ({stored.sha256[:12]})",
            )
        )
    return 0


@command("evidence")
def evidence(args: argparse.Namespace) -> int:
    ws = open_workspace(args)
    entry = ws.entry(args.task, _period(args), args.office)
    rows = [
        [e.sha256[:12], e.name, f"{e.size:,}", local_time(e.added_at)]
        for e in (entry.evidence if entry else ())
    ]
    print(
        format_table(
            ["SHA-256", t("文件名", "name"), t("大小", "size"), t("添加时间", "added")], rows
        )
    )
    return 0


@command("detach")
def detach(args: argparse.Namespace) -> int:
    ws = open_workspace(args)
    ws.detach(args.task, _period(args), args.sha256, office=args.office)
    print(t("已移除", "removed"))
    return 0


@command("na")
def not_applicable(args: argparse.Namespace) -> int:
    ws = open_workspace(args)
    period = _period(args)
    if args.clear:
        ws.save(
            args.task, period, office=args.office, not_applicable=False, not_applicable_reason=""
        )
        print(t("已取消不适用", "no longer marked not applicable"))
        return 0
    if not args.reason.strip():
        raise UserError(t("请说明不适用的理由", "a reason is required"))
    ws.save(
        args.task,
        period,
        office=args.office,
        not_applicable=True,
        not_applicable_reason=args.reason,
    )
    print(t("已标记为不适用", "marked not applicable"))
    return 0


@command("complete")
def complete(args: argparse.Namespace) -> int:
    ws = open_workspace(args)
    problems = ws.complete(args.task, _period(args), args.office)
    if problems:
        lines = "\n".join(f"  - {p.message}" for p in problems)
        raise UserError(t(f"还不能标记为已完成：\n{lines}", f"cannot mark complete yet:\n{lines}"))
    print(t("已标记为已完成", "marked complete"))
    return 0


def _pairs(row: Any) -> list[tuple[Any, Any]]:
    return list(zip(row.form.indicators, row.evaluations, strict=True))


def _evaluation_table(first: str, rows: list[tuple[str, Any, Any, Any]]) -> str:
    """One line per indicator: value, target, evaluation and the gap or reason."""
    table = []
    for key, row, indicator, evaluation in rows:
        values = dict(row.entry.values) if row.entry else {}
        table.append([
            key, t(indicator.name, indicator.name_en), format_value(indicator, indicator.value_in(values)),
            evaluation.target_text, status_label(evaluation.status), evaluation.gap_text or evaluation.reason,
        ])  # fmt: skip
    header = [first, t("指标", "indicator"), t("数值", "value"), t("目标", "target"),
              t("评估", "status"), t("说明", "note")]  # fmt: skip
    return format_table(header, table)


@command("status")
def status(args: argparse.Namespace) -> int:
    ws = open_workspace(args)
    period = _period(args)
    rows = [
        (str(row.form.task), row, i, e)
        for row in ws.overview(period, args.office)
        for i, e in _pairs(row)
    ]
    print(_evaluation_table(t("任务", "task"), rows))
    counts: dict[str, int] = {}
    for _key, _row, _indicator, evaluation in rows:
        label = status_label(evaluation.status)
        counts[label] = counts.get(label, 0) + 1
    print("\n" + "  ".join(f"{k} {v}" for k, v in counts.items()))
    from ecodesk.commands.bundle import refusal_notice

    notice = refusal_notice(ws)
    if notice:
        print("\n" + "\n".join(notice))
    if not ws.is_task_force:
        print(_newest_package_line(ws))
    from ecodesk.store.auto_backup import status_text

    print(status_text(ws.root)[0])
    return 0


def _newest_package_line(ws: Any) -> str:
    """How old the newest task package is: packages held back (a freeze) show as an old date."""
    from ecodesk.bundle.package_age import package_age_text

    return package_age_text(ws)[0]


@command("history")
def history(args: argparse.Namespace) -> int:
    ws = open_workspace(args)
    rows = [
        [str(r.revision), local_time(r.at), r.who, r.field, r.old, r.new]
        for r in ws.history(args.task, _period(args), args.office)
    ]
    print(
        format_table(
            [
                t("版本", "rev"),
                t("时间", "at"),
                t("操作人", "who"),
                t("字段", "field"),
                t("原值", "old"),
                t("新值", "new"),
            ],
            rows,
        )
    )
    return 0
