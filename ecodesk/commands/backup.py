"""Workspace backup and restore: `ecodesk backup [--out FILE]`, `ecodesk restore FILE`.

Automatic backups: `ecodesk backup --set-location DIR [--keep N]` chooses the place (as 设置 →
自动备份… in the window), `ecodesk backup --auto` writes the day's backup there if none was
written today (the window does it when it closes; a Windows scheduled task can run it too).
`ecodesk restore FILE --replace-damaged` puts a backup in place of a damaged workspace.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from ecodesk.cli import _workspace_dir, command, open_workspace
from ecodesk.core.errors import UserError
from ecodesk.core.i18n import t


def register_parsers(add: Callable[[str, str, str], argparse.ArgumentParser]) -> None:
    p = add(
        "backup",
        "把整个工作区（数据库、佐证材料、表单、密钥）备份成一个 zip 文件",
        "back up the whole workspace (database, evidence, forms, keys) into one zip file",
    )
    p.add_argument(
        "--out",
        type=Path,
        metavar="FILE",
        help=t(
            "备份文件或文件夹（默认：当前文件夹中的 ecodesk-备份-单位-日期-时间.zip）",
            "backup file or folder (default: ecodesk-备份-<office>-<date>-<time>.zip here)",
        ),
    )
    p.add_argument(
        "--set-location",
        type=Path,
        metavar="DIR",
        help=t(
            "设置自动备份的位置（U盘或另一块硬盘上的文件夹）",
            "choose the place for automatic backups (a folder on a USB stick or another drive)",
        ),
    )
    p.add_argument(
        "--keep",
        type=int,
        default=None,
        metavar="N",
        help=t(
            "自动备份保留最近几份（默认 10）", "how many automatic backups to keep (default 10)"
        ),
    )
    p.add_argument(
        "--auto",
        action="store_true",
        help=t(
            "写入今天的自动备份（今天已备份则跳过），只保留最近 N 份",
            "write today's automatic backup (skipped if one was written today), keep the last N",
        ),
    )
    p = add(
        "restore",
        "从备份恢复工作区（只恢复到空的或新的文件夹，绝不覆盖已有工作区）",
        "restore a workspace from a backup (only into an empty or new folder, never over one)",
    )
    p.add_argument("file", type=Path, help=t("备份文件（.zip）", "the backup file (.zip)"))
    p.add_argument(
        "--workspace",
        metavar="DIR",
        default=argparse.SUPPRESS,  # `ecodesk --workspace DIR restore FILE` works as well
        help=t(
            "恢复到这个空的或新的文件夹（默认为本机的工作区文件夹）",
            "restore into this empty or new folder (default: this computer's workspace folder)",
        ),
    )
    p.add_argument(
        "--replace-damaged",
        action="store_true",
        help=t(
            "工作区的数据库已损坏或丢失时，把它改名保留在旁边，再恢复到原位置",
            "when the workspace's database is damaged or missing, keep it renamed beside it and "
            "restore in its place",
        ),
    )


@command("backup")
def backup(args: argparse.Namespace) -> int:
    from ecodesk.commands.reports import ProgressBar
    from ecodesk.store.backup import default_backup_name

    if args.set_location is not None or args.keep is not None:
        return _set_location(args)
    if args.auto:
        return _auto(args)
    ws = open_workspace(args)
    try:
        out: Path = args.out or Path.cwd()
        if out.is_dir():
            out = out / default_backup_name(ws.office)
        result = ws.backup(out, progress=ProgressBar(t("备份", "backup")))
    finally:
        ws.close()
    size = f"{result.size / 1024 / 1024:.1f} MB"
    print(
        t(
            f"已备份到 {result.path}（{size}，{result.evidence} 个佐证材料，已读回校验）",
            f"backed up to {result.path} ({size}, {result.evidence} evidence files, read back "
            "and verified)",
        )
    )
    if result.keys:
        print(
            t(
                "注意：备份中含有本机的私钥，请像对待公章一样妥善保管这个文件。",
                "note: the backup holds this computer's secret keys; keep the file as safe as the "
                "office seal.",
            )
        )
    return 0


def _set_location(args: argparse.Namespace) -> int:
    from ecodesk.store.auto_backup import DEFAULT_KEEP, choose_folder, load_settings

    ws = open_workspace(args)
    try:
        ws.require_writable()
    finally:
        ws.close()
    current = load_settings(ws.root)
    folder = args.set_location or (Path(current.folder) if current.chosen else None)
    if folder is None:
        raise UserError(t("请用 --set-location 指定备份位置", "give the place with --set-location"))
    keep = args.keep if args.keep is not None else (current.keep or DEFAULT_KEEP)
    chosen = choose_folder(ws.root, folder, keep=keep)
    print(
        t(
            f"自动备份位置：{chosen.folder}，保留最近 {chosen.keep} 份；关闭窗口时（每天至多一次）"
            "或运行 ecodesk backup --auto 时备份",
            f"automatic backups go to {chosen.folder}, keeping the last {chosen.keep}; written "
            "when the window closes (at most once a day) or by ecodesk backup --auto",
        )
    )
    return 0


def _auto(args: argparse.Namespace) -> int:
    from ecodesk.commands.reports import ProgressBar
    from ecodesk.store.auto_backup import run_auto_backup, status_text

    ws = open_workspace(args)
    try:
        result = run_auto_backup(ws, progress=ProgressBar(t("备份", "backup")))
    finally:
        ws.close()
    if result is None:
        print(t("今天已经自动备份过。", "today's automatic backup is already written."))
    else:
        print(
            t(f"已自动备份到 {result.path}（已读回校验）", f"backed up to {result.path} (verified)")
        )
    print(status_text(ws.root)[0])
    return 0


def _refuse_damaged_without_flag(target: Path) -> None:
    """A restore onto a damaged workspace needs --replace-damaged: say so instead of 'not empty'."""
    from ecodesk.store.recovery import database_damage
    from ecodesk.store.workspace import DB_NAME

    if (target / DB_NAME).exists() and database_damage(target) is not None:
        raise UserError(
            t(
                f"{target} 中的数据库已损坏。要用备份替换它（损坏的工作区会改名保留），"
                "请加上 --replace-damaged",
                f"the database in {target} is damaged. To replace it with the backup (the "
                "damaged workspace is kept, renamed), add --replace-damaged",
            )
        )


@command("restore")
def restore(args: argparse.Namespace) -> int:
    from ecodesk.commands.reports import ProgressBar
    from ecodesk.store.backup import restore_backup

    target = _workspace_dir(args)
    progress = ProgressBar(t("恢复", "restore"))
    if args.replace_damaged:
        from ecodesk.store.recovery import restore_replacing

        result, aside = restore_replacing(args.file, target, progress=progress)
        if aside is not None:
            print(
                t(
                    f"损坏的工作区已改名保留在 {aside}（其中较新的佐证材料可从那里找回）",
                    f"the damaged workspace was kept as {aside} (newer evidence can be found there)",
                )
            )
    else:
        _refuse_damaged_without_flag(target)
        result = restore_backup(args.file, target, progress=progress)
    who = result.office or t("工作专班", "task force")
    print(
        t(
            f"已从 {args.file} 恢复工作区（{who}，{result.evidence} 个佐证材料）到 {result.root}",
            f"restored the workspace ({who}, {result.evidence} evidence files) from {args.file} "
            f"into {result.root}",
        )
    )
    return 0
