"""A damaged or missing database: find the latest good backup and put it in place.

`restore_replacing` is the one way both the window and `ecodesk restore --replace-damaged`
restore over a workspace. It only does so when the workspace's database really is missing or
fails SQLite's quick_check; the damaged folder is never deleted but renamed beside it
(`workspace-损坏-20240305-163012`), so evidence added after the backup can still be copied out.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import sys
from datetime import datetime
from pathlib import Path

from ecodesk.core.errors import UserError
from ecodesk.core.filenames import portable_name
from ecodesk.core.i18n import t
from ecodesk.store.auto_backup import SETTINGS_NAME, latest_good_backup
from ecodesk.store.backup import RestoreResult, restore_backup
from ecodesk.store.backup_check import Progress
from ecodesk.store.db import DatabaseDamaged, check_integrity, is_damage
from ecodesk.store.files import replace_file
from ecodesk.store.workspace import DB_NAME


def database_damage(root: Path) -> str | None:
    """Why the workspace's database cannot be used ("missing", or quick_check's words), or None.

    The same integrity check and the same idea of damage as opening the database (`store.db`),
    on a read-only connection: looking must not change the file that is to be kept aside."""
    path = root / DB_NAME
    if not path.is_file():
        return "missing"
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            check_integrity(conn, path)
        finally:
            conn.close()
    except DatabaseDamaged as exc:
        return exc.detail
    except sqlite3.DatabaseError as exc:
        return str(exc) if is_damage(exc) else None  # locked or unreadable for now: not damage
    return None


def cli_program() -> str:
    """How the person types ecodesk: the frozen ecodesk-cli.exe by its path, else `ecodesk`."""
    if getattr(sys, "frozen", False):
        return f'"{Path(sys.executable).with_name("ecodesk-cli" + Path(sys.executable).suffix)}"'
    return "ecodesk"


def restore_command(backup: Path, root: Path) -> str:
    """The exact command that puts `backup` in place of the damaged workspace at `root`."""
    return f'{cli_program()} restore "{backup}" --workspace "{root}" --replace-damaged'


def recovery_advice(root: Path) -> str:
    """What to do about a damaged or missing database: the restore command, or where to look."""
    root = Path(os.path.abspath(root))
    backup = latest_good_backup(root)
    if backup is None:
        return t(
            "在自动备份位置没有找到完好的备份。如有其他备份文件（U盘、另一台电脑），运行："
            f'{cli_program()} restore 备份文件.zip --workspace "{root}" --replace-damaged',
            "no good backup was found in the automatic backup place. If you have a backup "
            f"elsewhere (a USB stick, another PC), run: {cli_program()} restore BACKUP.zip "
            f'--workspace "{root}" --replace-damaged',
        )
    return t(
        f"最近一次完好的备份：{backup}\n恢复命令：{restore_command(backup, root)}",
        f"latest good backup: {backup}\nto restore it: {restore_command(backup, root)}",
    )


def restore_replacing(
    source: Path, root: Path, *, progress: Progress | None = None, now: datetime | None = None
) -> tuple[RestoreResult, Path | None]:
    """Restore `source` at `root` whose database is missing or damaged; (result, where the
    damaged folder was kept, or None if `root` did not exist)."""
    root = Path(os.path.abspath(root))
    if root.exists():
        damage = database_damage(root)
        if damage is None:
            raise UserError(
                t(
                    f"{root} 中的数据库完好，不需要恢复；恢复绝不覆盖可用的工作区。",
                    f"the database in {root} is sound; a restore never replaces a usable workspace.",
                )
            )
        stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
        aside = root.with_name(portable_name(f"{root.name}-损坏-{stamp}"))
        replace_file(root, aside)
    else:
        aside = None
    try:
        result = restore_backup(source, root, progress=progress)
    except BaseException:
        if aside is not None:
            shutil.rmtree(root, ignore_errors=True)
            replace_file(aside, root)
        raise
    if aside is not None and (aside / SETTINGS_NAME).is_file():
        shutil.copy2(aside / SETTINGS_NAME, root / SETTINGS_NAME)  # keep the backup place
    return result, aside
