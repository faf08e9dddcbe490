"""Workspace commands: init, demo, forms check, assigned targets."""

from __future__ import annotations

import argparse
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

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

    if args.schedule:
        return _print_schedule(open_workspace(args))
    if args.export:
        return _export_forms(args)
    if args.install and not args.directory:
        raise UserError(t("请指定要启用的表单文件夹", "name the forms folder to apply"))
    directory = args.directory or resource_path("forms")
    loaded = load_forms(directory)
    count = sum(len(f.indicators) for f in loaded.values())
    print(
        t(
            f"{directory}：{len(loaded)} 个任务、{count} 个指标，全部有效",
            f"{directory}: {len(loaded)} tasks, {count} indicators, all valid",
        )
    )
    if args.install:
        return _install_forms(args, directory)
    return 0


def _install_forms(args: argparse.Namespace, directory: Path) -> int:
    if args.effective_from is None:
        raise UserError(
            t(
                "请用 --effective-from 指明新表单自哪个填报期起适用（例如 2024）",
                "name the first period the new forms apply to with --effective-from (e.g. 2024)",
            )
        )
    ws = open_workspace(args)
    sources = {
        f"{directory.name}/{path.name}": path.read_bytes().decode("utf-8")
        for path in sorted(directory.glob("*.toml"))
    }
    changed = ws.install_forms(
        sources, effective_from=args.effective_from, reopen_reason=args.reopen
    )
    if changed:
        listed = "、".join(str(task) for task in changed)
        print(
            t(
                f"自 {args.effective_from} 年起启用新表单：任务 {listed}。"
                f"此前的填报期仍按原表单判定。下一个任务包会把它们发给各单位。",
                f"new forms apply from {args.effective_from} on: tasks {listed}. Earlier "
                "periods keep being judged by their own forms. The next task packages carry them.",
            )
        )
    else:
        print(t("表单没有变化", "the forms are unchanged"))
    ws.close()
    return 0


def _export_forms(args: argparse.Namespace) -> int:
    from ecodesk.store.files import atomic_write_bytes

    ws = open_workspace(args)
    period = _period(args)
    folder: Path = args.export
    if folder.exists() and any(folder.iterdir()):
        raise UserError(
            t(f"{folder} 不是空文件夹，未写入", f"{folder} is not an empty folder; nothing written")
        )
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in sorted(ws.form_schedule.sources_for(period).items()):
        atomic_write_bytes(folder / name, text.encode("utf-8"))
    print(
        t(
            f"已把 {period} 年适用的表单写入 {folder}。修改后用 "
            f"ecodesk forms {folder} --install --effective-from 年份 启用。",
            f"wrote the forms of {period} to {folder}. After editing them, apply them with "
            f"ecodesk forms {folder} --install --effective-from YEAR.",
        )
    )
    ws.close()
    return 0


def _print_schedule(ws: Any) -> int:
    from ecodesk.core.textwidth import format_table
    from ecodesk.store import form_versions

    rows = [
        [str(task), str(start), sha[:12], at[:19], who, reason]
        for task, start, sha, at, who, reason in form_versions.history(ws.db)
    ]
    head = [t("任务", "task"), t("起始填报期", "from"), t("版本", "version"),
            t("时间", "at"), t("操作人", "by"), t("理由", "reason")]  # fmt: skip
    print(format_table(head, rows))
    closed = form_versions.closed_periods(ws.db)
    if closed:
        print(t(f"已归档（关闭）的填报期：{closed}", f"archived (closed) periods: {closed}"))
    ws.close()
    return 0


@command("target")
def target(args: argparse.Namespace) -> int:
    from ecodesk.core.values import format_number, parse_number

    ws = open_workspace(args)
    period = _period(args)
    if not args.office:
        raise UserError(t("请用 --office 指定下达给哪个单位", "name the office with --office"))
    indicator = ws.assigned_indicator(args.task, args.indicator, period)
    value = None if args.value.strip().lower() == "none" else parse_number(indicator, args.value)
    ws.set_target(args.task, indicator.id, office=args.office, period=period, value=value)
    shown = t("（已清除）", "(cleared)") if value is None else format_number(value)
    print(
        t(
            f"已设置 {args.office} {period} 年 {indicator.name} 的下达目标：{shown}",
            f"set the assigned target of {indicator.name_en} for {args.office} {period}: {shown}",
        )
    )
    return 0
