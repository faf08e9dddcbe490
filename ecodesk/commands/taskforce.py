"""Task force commands the window also offers: city-wide targets (city), assignments (assign), and
resolving conflicting versions of an entry (the `conflicts` command of commands/bundle.py hands
its sub-actions to `conflicts_command` here).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from ecodesk.cli import _period, command, open_workspace, print_json
from ecodesk.core.errors import UserError
from ecodesk.core.i18n import t


def register_parsers(add: Callable[[str, str, str], argparse.ArgumentParser]) -> None:
    p = add(
        "city",
        "全市指标达标情况：市级数值、目标、各县区达标数与范围（工作专班）",
        "city-wide targets: city figure, target, counties met / not met, spread (task force)",
    )
    p.add_argument("--period", type=int, help=t("填报期（年份）", "period (year)"))
    p.add_argument(
        "--group", type=int, choices=range(1, 11), metavar="N", help=t("只看第 N 组（1–10）", "only group N (1-10)")
    )  # fmt: skip
    p.add_argument("--json", action="store_true", help=t("以 JSON 输出", "print JSON"))

    p = add(
        "assign",
        "设定或列出哪个单位报送哪项任务（工作专班）",
        "set or list which office reports which task (task force)",
    )
    p.add_argument("--office", help=t("填报单位，例如 成县", "office, e.g. 成县"))
    p.add_argument("--task", type=int, help=t("任务编号", "task number"))
    p.add_argument("--period", type=int, help=t("填报期（年份）", "period (year)"))
    action = p.add_mutually_exclusive_group(required=True)
    action.add_argument("--on", action="store_true", help=t("须报送", "must report it"))
    action.add_argument("--off", action="store_true", help=t("不须报送", "need not report it"))
    action.add_argument(
        "--default", action="store_true", help=t("恢复默认（按实施方案）", "back to the plan's default")
    )  # fmt: skip
    action.add_argument(
        "--list", action="store_true", help=t("列出分配情况", "list the assignments")
    )


def add_conflict_arguments(p: argparse.ArgumentParser) -> None:
    """The arguments of `ecodesk conflicts` (the parser itself is made in commands/bundle.py)."""
    p.add_argument(
        "action", nargs="?", choices=("list", "show", "resolve"), default="list",
        help=t("list：列出；show：对比两个版本；resolve：保留其中一个",
               "list; show: compare the versions; resolve: keep one"),
    )  # fmt: skip
    p.add_argument("uuid", nargs="?", help=t("记录编号（可只写前几位）", "entry UUID (a prefix will do)"))  # fmt: skip
    p.add_argument("--keep", choices=("current", "other"), help=t("保留哪个版本", "which version to keep"))  # fmt: skip
    p.add_argument(
        "--version", metavar="SHA", help=t("有多个其他版本时：其哈希的前几位", "with several other versions: its hash prefix")
    )  # fmt: skip
    p.add_argument("--reason", default="", help=t("理由（必填，记入审计）", "why (required, audited)"))  # fmt: skip
    p.add_argument("--json", action="store_true", help=t("以 JSON 输出", "print JSON"))


def _require_task_force(ws: Any, operation: str) -> None:
    from ecodesk.core.roles import Operation

    ws.require_role(Operation(operation))


# ---------------------------------------------------------------- city


@command("city")
def city_command(args: argparse.Namespace) -> int:
    from ecodesk.core.evaluation import Status, status_label
    from ecodesk.core.forms import group_label
    from ecodesk.core.textwidth import format_table
    from ecodesk.core.values import format_number
    from ecodesk.store import matrix

    ws = open_workspace(args)
    period = _period(args)
    rows = [
        r
        for r in matrix.city_targets(ws.db, ws.forms_for(period), period)
        if args.group is None or r.form.group == args.group
    ]
    if args.json:
        print_json([_city_json(r, period) for r in rows])
        return 0
    if args.group is not None:
        print(group_label(args.group))
    table = []
    for r in rows:
        indicator = r.form.indicator(r.indicator_id)
        spread = r.spread
        table.append(
            [
                str(r.form.task),
                t(indicator.name, indicator.name_en),
                _with_unit(indicator, r.figures_text()) if len(r.leads) < 2 else r.figures_text(),
                r.target_text,
                status_label(r.status),
                f"{r.count(Status.MET)}/{r.count(Status.NOT_MET)}/{r.count(Status.UNKNOWN)}",
                f"{format_number(spread[0])} – {format_number(spread[1])}" if spread else "",
                r.lead_office,
            ]
        )
    headers = [t("任务", "task"), t("指标", "indicator"), t("全市", "city"), t("目标", "target"),
               t("评估", "status"), t("县区 达标/未达标/待定", "counties met/not/unknown"),
               t("县区范围", "county spread"), t("牵头单位", "lead unit")]  # fmt: skip
    print(format_table(headers, table))
    counts = {
        s: sum(1 for r in rows if r.status is s)
        for s in (Status.MET, Status.NOT_MET, Status.UNKNOWN, Status.BASELINE)
    }
    if not counts[Status.BASELINE]:  # only 2022 has baselines
        del counts[Status.BASELINE]
    print("\n" + t(f"{period} 年全市：", f"{period}, city-wide: ")
          + "  ".join(f"{status_label(s)} {n}" for s, n in counts.items()))  # fmt: skip
    return 0


def _with_unit(indicator: Any, text: str) -> str:
    return (
        f"{text} {indicator.unit}" if indicator.type.value == "number" and indicator.unit else text
    )


def _city_json(r: Any, period: int) -> dict[str, Any]:
    spread = r.spread
    return {
        "period": period, "task": r.form.task, "group": r.form.group, "indicator": r.indicator_id,
        "name": r.form.indicator(r.indicator_id).name, "lead_office": r.lead_office,
        "value": r.value, "target": r.target_text, "status": r.status.value,
        "leads": [{"office": f.office, "value": f.value, "status": f.status.value}
                  for f in r.leads],
        "counties": {s.value: r.count(s) for s in _COUNTY_STATUSES()},
        "county_status": {c: s.value for c, s in r.county_status.items()},
        "county_values": dict(r.county_values),
        "spread": list(spread) if spread else None,
    }  # fmt: skip


def _COUNTY_STATUSES() -> tuple[Any, ...]:  # noqa: N802  (a constant, imported lazily)
    from ecodesk.core.evaluation import Status

    return (Status.MET, Status.NOT_MET, Status.UNKNOWN)


# ---------------------------------------------------------------- assign


@command("assign")
def assign_command(args: argparse.Namespace) -> int:
    from ecodesk.core.offices import OFFICE_NAMES

    ws = open_workspace(args)
    _require_task_force(ws, "set_assignment")
    period = _period(args)
    if args.office is not None and args.office not in OFFICE_NAMES:
        raise UserError(t(f"未知的填报单位“{args.office}”", f"unknown office '{args.office}'"))
    if args.list:
        return _list_assignments(ws, period, args.office)
    if args.office is None or args.task is None:
        raise UserError(t("请用 --office 和 --task 指定单位和任务", "name the office and task with --office and --task"))  # fmt: skip
    form = ws.form(args.task, period)
    ws.set_assignment(office=args.office, task=args.task, period=period,
                      assigned=None if args.default else args.on)  # fmt: skip
    assigned, source = _assignment(ws, form, args.office, period)
    print(
        t(
            f"{args.office} {period} 年任务 {args.task}（{form.title}）：{_yes(assigned)}（{source}）。"
            "下一个任务包会把分配情况带给该单位。",
            f"{args.office} {period} task {args.task} ({form.title_en}): {_yes(assigned)} ({source}). "
            "The next task package takes the assignments to the office.",
        )
    )
    return 0


def _yes(assigned: bool) -> str:
    return t("须报送", "reports it") if assigned else t("不须报送", "does not report it")


def _assignment(ws: Any, form: Any, office: str, period: int) -> tuple[bool, str]:
    from ecodesk.store import settings
    from ecodesk.store.matrix import assigned_by_default

    overrides = settings.assignment_overrides(ws.db, office=office, period=period)
    default = assigned_by_default(form, office)
    if form.task in overrides:
        return overrides[form.task], t(f"工作专班设定；默认{_yes(default)}", f"set by the task force; default: {_yes(default)}")  # fmt: skip
    return default, t("默认", "default")


def _list_assignments(ws: Any, period: int, office: str | None) -> int:
    from ecodesk.core.textwidth import format_table
    from ecodesk.store import matrix

    table = []
    if office is not None:
        for task, form in ws.forms_for(period).items():
            assigned, source = _assignment(ws, form, office, period)
            table.append([str(task), t(form.title, form.title_en), _yes(assigned), source])
        print(format_table([t("任务", "task"), t("名称", "title"), t("分配", "assigned"), t("来源", "source")], table))  # fmt: skip
        print(t(f"\n{office} {period} 年须报送 {sum(r[2] == _yes(True) for r in table)} 项任务",
                f"\n{office} reports {sum(r[2] == _yes(True) for r in table)} tasks in {period}"))  # fmt: skip
        return 0
    from ecodesk.core.offices import all_offices
    from ecodesk.store import settings

    offices = [o.name for o in all_offices()]
    for name in offices:
        overrides = settings.assignment_overrides(ws.db, office=name, period=period)
        for task, on in sorted(overrides.items()):
            form = ws.form(task, period)
            default = matrix.assigned_by_default(form, name)
            if on != default:
                table.append([name, str(task), t(form.title, form.title_en), _yes(on), t(f"默认{_yes(default)}", f"default: {_yes(default)}")])  # fmt: skip
    if not table:
        print(t(f"{period} 年全部按实施方案的默认分配", f"{period}: every office has the plan's default assignments"))  # fmt: skip
        return 0
    print(
        t(f"{period} 年与默认不同的分配：", f"{period}, assignments that differ from the default:")
    )
    print(format_table([t("单位", "office"), t("任务", "task"), t("名称", "title"), t("分配", "assigned"), t("默认", "default")], table))  # fmt: skip
    return 0


# ---------------------------------------------------------------- conflicts


def conflicts_command(args: argparse.Namespace) -> int:
    """`ecodesk conflicts [list | show UUID | resolve UUID --keep current|other --reason TEXT]`."""
    from ecodesk.bundle import conflicts

    ws = open_workspace(args)
    _require_task_force(ws, "resolve_conflict")
    if args.action == "list":
        found = conflicts.list_conflicts(ws)
        if args.json:
            print_json([_conflict_json(ws, c) for c in found])
        elif not found:
            print(t("没有冲突", "no conflicts"))
        else:
            _print_conflict_list(found)
        return 0
    if not args.uuid:
        raise UserError(t("请给出记录编号（ecodesk conflicts 可列出）", "give the entry UUID (see ecodesk conflicts)"))  # fmt: skip
    conflict = conflicts.find_conflict(ws, args.uuid)
    if args.action == "show":
        if args.json:
            print_json(_conflict_json(ws, conflict))
        else:
            _print_conflict(ws, conflict)
        return 0
    if args.keep is None:
        raise UserError(t("请用 --keep current 或 --keep other 指定保留哪个版本", "choose a version with --keep current or --keep other"))  # fmt: skip
    if not args.reason.strip():
        raise UserError(t("请用 --reason 写明理由（记入审计）", "give a reason with --reason (it is audited)"))  # fmt: skip
    done = conflicts.resolve(ws, conflict.uuid, keep=args.keep, reason=args.reason, version=args.version)  # fmt: skip
    entry = done.entry
    where = f"{entry.office} {entry.period} {t('任务', 'task')} {entry.task}"
    if done.new_revision:
        print(t(f"已解决：{where} 采用另一版本（{done.kept_sha256[:12]}），存为第 {entry.revision} 版",
                f"resolved: {where} keeps the other version ({done.kept_sha256[:12]}) as revision {entry.revision}"))  # fmt: skip
    else:
        print(t(f"已解决：{where} 保留当前版本（第 {entry.revision} 版）",
                f"resolved: {where} keeps the current version (revision {entry.revision})"))  # fmt: skip
    return 0


def _print_conflict_list(found: list[Any]) -> None:
    from ecodesk.core.textwidth import format_table

    table = [[c.entry.office, str(c.entry.period), str(c.entry.task), str(c.entry.revision),
              str(len(c.others)), c.uuid] for c in found]  # fmt: skip
    print(format_table([t("单位", "office"), t("年份", "period"), t("任务", "task"), t("当前版", "revision"),
                        t("其他版本", "other versions"), t("记录编号", "entry UUID")], table))  # fmt: skip
    print(t("\n查看：ecodesk conflicts show 编号；解决：ecodesk conflicts resolve 编号 --keep current|other --reason 理由",
            "\nshow: ecodesk conflicts show UUID; resolve: ecodesk conflicts resolve UUID --keep current|other --reason TEXT"))  # fmt: skip


def _version_lines(ws: Any, form: Any, entry: Any) -> list[tuple[str, str]]:
    from ecodesk.core.timefmt import local_time
    from ecodesk.core.values import format_value

    rows = [
        (t(i.name, i.name_en), format_value(i, i.value_in(entry.values)) or "—")
        for i in form.indicators
    ]
    rows += [
        (t("计划安排", "plan"), entry.plan or "—"),
        (t("整改措施", "measures"), entry.corrective_measures or "—"),
    ]
    if entry.not_applicable:
        rows.append((t("不适用", "not applicable"), entry.not_applicable_reason))
    rows.append((t("佐证材料", "evidence"), "；".join(e.name for e in entry.evidence) or "—"))
    rows.append((t("修改人", "by"), f"{entry.updated_by} {local_time(entry.updated_at)}"))
    return [(label, " / ".join(text.splitlines())) for label, text in rows]


def _print_conflict(ws: Any, conflict: Any) -> None:
    from ecodesk.bundle.conflicts import version_entry
    from ecodesk.core.textwidth import format_table

    entry = conflict.entry
    form = ws.form(entry.task, entry.period)
    print(f"{entry.office} {entry.period} {t('任务', 'task')} {entry.task} {t(form.title, form.title_en)}  ({entry.uuid})")  # fmt: skip
    columns = [(t(f"当前版本（第 {entry.revision} 版，{conflict.current_sha256[:12]}）", f"current (revision {entry.revision}, {conflict.current_sha256[:12]})"), entry)]  # fmt: skip
    for v in conflict.others:
        other = version_entry(v, entry)
        columns.append((t(f"其他版本（第 {v.revision} 版，{v.content_sha256[:12]}）", f"other (revision {v.revision}, {v.content_sha256[:12]})"), other))  # fmt: skip
    labels = [label for label, _ in _version_lines(ws, form, entry)]
    table = [[label] for label in labels]
    for _, version in columns:
        if version is None:
            texts = [t("（内容未保存，只有哈希）", "(content not stored, hash only)")] * len(labels)
        else:
            texts = [text for _, text in _version_lines(ws, form, version)]
        for row, text in zip(table, texts, strict=True):
            row.append(text)
    print(format_table(["", *(label for label, _ in columns)], table))


def _conflict_json(ws: Any, c: Any) -> dict[str, Any]:
    from ecodesk.bundle.lines import entry_line

    return {
        "uuid": c.uuid, "office": c.entry.office, "task": c.entry.task, "period": c.entry.period,
        "current": {"revision": c.entry.revision, "content_sha256": c.current_sha256, "content": entry_line(c.entry)},
        "others": [{"revision": v.revision, "content_sha256": v.content_sha256, "install_id": v.install_id,
                    "file_name": v.file_name, "detected_at": v.detected_at, "content": v.content}
                   for v in c.others],
    }  # fmt: skip
