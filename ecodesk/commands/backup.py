"""Workspace backup and restore: `ecodesk backup [--out FILE]`, `ecodesk restore FILE`."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from ecodesk.cli import _workspace_dir, command, open_workspace
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


@command("backup")
def backup(args: argparse.Namespace) -> int:
    from ecodesk.commands.reports import ProgressBar
    from ecodesk.store.backup import default_backup_name

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


@command("restore")
def restore(args: argparse.Namespace) -> int:
    from ecodesk.commands.reports import ProgressBar
    from ecodesk.store.backup import restore_backup

    target = _workspace_dir(args)
    result = restore_backup(args.file, target, progress=ProgressBar(t("恢复", "restore")))
    who = result.office or t("工作专班", "task force")
    print(
        t(
            f"已从 {args.file} 恢复工作区（{who}，{result.evidence} 个佐证材料）到 {result.root}",
            f"restored the workspace ({who}, {result.evidence} evidence files) from {args.file} "
            f"into {result.root}",
        )
    )
    return 0
