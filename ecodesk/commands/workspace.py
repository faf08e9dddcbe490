"""Workspace commands: init, demo, forms check, assigned targets."""

from __future__ import annotations

import argparse
import shutil
from collections.abc import Callable

from ecodesk.cli import _period, _workspace_dir, command, open_workspace
from ecodesk.core.errors import UserError
from ecodesk.core.i18n import t


def register_parsers(add: Callable[[str, str, str], argparse.ArgumentParser]) -> None:
    p = add("settings", "查看或修改工作区设置", "show or change workspace settings")
    p.add_argument(
        "--max-evidence-mb",
        type=float,
        help=t("单个佐证材料的大小上限（MB）", "size limit of one evidence file (MB)"),
    )


@command("settings")
def workspace_settings(args: argparse.Namespace) -> int:
    ws = open_workspace(args)
    if args.max_evidence_mb is not None:
        ws.set_max_evidence_mb(args.max_evidence_mb)
    role = t("工作专班", "task force") if ws.is_task_force else ws.office
    print(t(f"工作区：{ws.root}（{role}）", f"workspace: {ws.root} ({role})"))
    print(t(f"佐证材料大小上限：{round(ws.max_evidence_bytes / 1024 / 1024, 3):g} MB",
            f"evidence size limit: {round(ws.max_evidence_bytes / 1024 / 1024, 3):g} MB"))  # fmt: skip
    ws.close()
    return 0


@command("init")
def init(args: argparse.Namespace) -> int:
    from ecodesk.store.workspace import Workspace

    root = _workspace_dir(args)
    ws = Workspace.create(root, office=args.office, task_force=args.task_force)
    who = t("工作专班", "task force") if ws.is_task_force else ws.office
    print(t(f"已在 {root} 新建工作区（{who}）", f"created a workspace for {who} in {root}"))
    ws.close()
    return 0


@command("demo")
def demo(args: argparse.Namespace) -> int:
    from ecodesk.store.demo import build_demo
    from ecodesk.store.workspace import DB_NAME

    root = _workspace_dir(args)
    if (root / DB_NAME).exists():
        if not args.force:
            raise UserError(
                t(
                    f"{root} 已有工作区；用 --force 重新生成演示数据",
                    f"{root} already holds a workspace; use --force to rebuild the demo",
                )
            )
        shutil.rmtree(root)
    ws = build_demo(root, office=args.office, task_force=args.task_force)
    print(t(f"演示工作区已生成：{root}", f"demo workspace ready: {root}"))
    ws.close()
    if args.gui:
        from ecodesk.commands.gui import start_gui

        return start_gui(root, None, args.lang)
    return 0


@command("forms")
def forms(args: argparse.Namespace) -> int:
    from ecodesk.core.form_loader import load_forms
    from ecodesk.resources import resource_path

    directory = args.directory or resource_path("forms")
    loaded = load_forms(directory)
    count = sum(len(f.indicators) for f in loaded.values())
    print(
        t(
            f"{directory}：{len(loaded)} 个任务、{count} 个指标，全部有效",
            f"{directory}: {len(loaded)} tasks, {count} indicators, all valid",
        )
    )
    return 0


@command("target")
def target(args: argparse.Namespace) -> int:
    from ecodesk.core.forms import TargetKind
    from ecodesk.store import settings

    ws = open_workspace(args)
    period = _period(args)
    if not args.office:
        raise UserError(t("请用 --office 指定下达给哪个单位", "name the office with --office"))
    form = ws.forms[args.task]
    try:
        indicator = form.indicator(args.indicator)
    except KeyError:
        ids = ", ".join(i.id for i in form.indicators)
        raise UserError(
            t(
                f"任务 {args.task} 没有指标 {args.indicator}（有：{ids}）",
                f"task {args.task} has no indicator {args.indicator} (it has: {ids})",
            )
        ) from None
    if indicator.target is None or indicator.target.kind is not TargetKind.ASSIGNED:
        raise UserError(
            t(
                f"{indicator.name} 的目标不是省级下达目标",
                f"{indicator.name_en} has no assigned target",
            )
        )
    value = None if args.value.lower() == "none" else _number(args.value)
    settings.set_assigned_target(
        ws.db,
        task=args.task,
        indicator=indicator.id,
        office=ws._office(args.office),
        period=period,
        value=value,
    )
    print(
        t(
            f"已设置 {args.office} {period} 年 {indicator.name} 的下达目标：{args.value}",
            f"set the assigned target of {indicator.name_en} for {args.office} {period}: {args.value}",
        )
    )
    return 0


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise UserError(t(f"“{text}”不是数字", f"'{text}' is not a number")) from None
