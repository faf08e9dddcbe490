"""Automatic backups: a verified `ecodesk backup` into a second place, at most once a day.

The clerk chooses the place once (a USB stick, another drive); closing the window (or
`ecodesk backup --auto`, e.g. from the Windows Task Scheduler) then writes the same verified
backup zip as `ecodesk backup` there, at most once a calendar day, and keeps the newest `keep`
(10 by default) of this office's automatic backups. Nothing else in that folder is touched.

The choice and the outcome live in `backup-settings.json` beside the database, not in it: when
the database is damaged or gone, this file still says where the good backups are.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ecodesk.core.errors import UserError
from ecodesk.core.i18n import t
from ecodesk.store.backup import BackupResult, default_backup_name
from ecodesk.store.backup_check import Progress, verify_backup
from ecodesk.store.files import atomic_write_bytes

if TYPE_CHECKING:
    from ecodesk.store.workspace import Workspace

SETTINGS_NAME = "backup-settings.json"
DEFAULT_KEEP = 10
REMIND_AFTER = timedelta(days=7)


@dataclass(frozen=True)
class AutoBackupSettings:
    folder: str = ""  # where automatic backups go; "" until the clerk chooses
    keep: int = DEFAULT_KEEP
    asked: str = ""  # when the clerk was first asked to choose (ISO time)
    last_success: str = ""  # ISO time of the last verified automatic backup
    last_path: str = ""
    last_failure: str = ""
    last_error: str = ""

    @property
    def chosen(self) -> bool:
        return bool(self.folder)


def load_settings(root: Path) -> AutoBackupSettings:
    """The workspace's automatic-backup settings; defaults when there are none (or unreadable)."""
    try:
        data = json.loads((root / SETTINGS_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return AutoBackupSettings()
    if not isinstance(data, dict):
        return AutoBackupSettings()
    defaults = asdict(AutoBackupSettings())
    known: dict[str, Any] = {
        key: value
        for key, value in data.items()
        if key in defaults and type(value) is type(defaults[key])  # a hand-edited file: ignore
    }
    return AutoBackupSettings(**known)


def save_settings(root: Path, settings: AutoBackupSettings) -> AutoBackupSettings:
    text = json.dumps(asdict(settings), ensure_ascii=False, indent=2, sort_keys=True)
    atomic_write_bytes(root / SETTINGS_NAME, text.encode("utf-8"))
    return settings


def _now() -> datetime:
    return datetime.now().astimezone()


def choose_folder(
    root: Path, folder: Path, *, keep: int = DEFAULT_KEEP, now: datetime | None = None
) -> AutoBackupSettings:
    """Remember `folder` (created if needed) as the place for automatic backups."""
    folder = Path(os.path.abspath(folder))
    workspace = Path(os.path.abspath(root))
    if folder == workspace or workspace in folder.parents:
        raise UserError(
            t(
                f"备份位置 {folder} 在工作区之内：电脑损坏时备份会一起丢失。"
                "请选择U盘或另一块硬盘上的文件夹。",
                f"the backup place {folder} is inside the workspace and would be lost with it; "
                "choose a folder on a USB stick or another drive.",
            )
        )
    if not 1 <= keep <= 1000:
        raise UserError(t("保留份数须在 1 到 1000 之间", "keep must be between 1 and 1000"))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(
            t(
                f"无法使用备份位置 {folder}（{exc.strerror or exc}）",
                f"cannot use the backup place {folder} ({exc.strerror or exc})",
            )
        ) from None
    current = load_settings(root)
    when = (now or _now()).isoformat(timespec="seconds")
    return save_settings(
        root, replace(current, folder=str(folder), keep=keep, asked=current.asked or when)
    )


def note_asked(root: Path, *, now: datetime | None = None) -> AutoBackupSettings:
    """The clerk was asked and chose later: do not ask at every start (the reminder still comes)."""
    current = load_settings(root)
    if current.asked:
        return current
    when = (now or _now()).isoformat(timespec="seconds")
    return save_settings(root, replace(current, asked=when))


def is_due(settings: AutoBackupSettings, now: datetime | None = None) -> bool:
    """A place is chosen and no automatic backup succeeded yet today."""
    if not settings.chosen:
        return False
    last = _parse(settings.last_success)
    return last is None or last.date() != (now or _now()).date()


def days_without_backup(root: Path, now: datetime | None = None) -> int | None:
    """Days since the last successful automatic backup, if that is a week or more (else None).

    Never backed up counts from when the clerk was first asked to choose a place."""
    settings = load_settings(root)
    since = _parse(settings.last_success) or _parse(settings.asked)
    if since is None:
        return None
    age = (now or _now()) - since
    return age.days if age >= REMIND_AFTER else None


def _parse(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


_STAMP = r"-\d{8}-\d{4}\.zip"  # what `default_backup_name` puts after the office
_ANY_OFFICE = re.compile(r"ecodesk-备份-.+" + _STAMP)


def _pattern(office: str) -> re.Pattern[str]:
    stem = default_backup_name(office, datetime(2000, 1, 1)).removesuffix("-20000101-0000.zip")
    return re.compile(re.escape(stem) + _STAMP)


def _matching(folder: Path, pattern: re.Pattern[str]) -> list[Path]:
    try:
        return [p for p in folder.iterdir() if pattern.fullmatch(p.name) and p.is_file()]
    except OSError:  # a stick pulled out or a folder gone: no backups there
        return []


def backups_in(folder: Path, office: str) -> list[Path]:
    """This office's backups in `folder` (named by `default_backup_name`), newest first."""
    return sorted(_matching(folder, _pattern(office)), key=lambda p: p.name, reverse=True)


def prune(folder: Path, office: str, keep: int) -> list[Path]:
    """Delete all but the newest `keep` of this office's backups in `folder`; what was deleted."""
    removed = []
    for old in backups_in(folder, office)[keep:]:
        try:
            old.unlink()
            removed.append(old)
        except OSError:  # held by an antivirus or a stick pulled out: tried again next time
            pass
    return removed


def run_auto_backup(
    ws: Workspace,
    *,
    now: datetime | None = None,
    force: bool = False,
    progress: Progress | None = None,
) -> BackupResult | None:
    """Write the day's automatic backup if one is due (always with `force`); None if not due.

    A failure is recorded (the reminder counts from the last success) and raised."""
    ws.require_writable()  # the outcome is recorded in the workspace folder
    settings = load_settings(ws.root)
    when = now or _now()
    if not settings.chosen:
        raise UserError(
            t(
                "尚未设置自动备份的位置。请在 设置 → 自动备份… 中选择，"
                "或运行：ecodesk backup --set-location 文件夹",
                "no place for automatic backups has been chosen; choose one in Settings → "
                "Automatic backup… or run: ecodesk backup --set-location FOLDER",
            )
        )
    if not force and not is_due(settings, when):
        return None
    folder = Path(settings.folder)
    stamp = when.isoformat(timespec="seconds")
    try:
        if not folder.is_dir():
            raise UserError(
                t(
                    f"找不到备份位置 {folder}（U盘没有插上？）",
                    f"the backup place {folder} is not there (is the USB stick plugged in?)",
                )
            )
        result = ws.backup(folder / default_backup_name(ws.office, when), progress=progress)
    except UserError as exc:
        save_settings(ws.root, replace(settings, last_failure=stamp, last_error=str(exc)))
        raise
    save_settings(
        ws.root,
        replace(settings, last_success=stamp, last_path=str(result.path), last_error=""),
    )
    prune(folder, ws.office, settings.keep)
    return result


def latest_good_backup(root: Path, office: str | None = None) -> Path | None:
    """The newest backup in the automatic-backup place that reads back whole, if any.

    `office` None: the office is not known (the database is gone), so any office's backups
    there are candidates; the one the last automatic backup wrote is preferred."""
    settings = load_settings(root)
    if not settings.chosen:
        return None
    folder = Path(settings.folder)
    if office is not None:
        candidates = backups_in(folder, office)
    else:
        candidates = sorted(
            _matching(folder, _ANY_OFFICE), key=lambda p: p.name[-17:], reverse=True
        )
        last = Path(settings.last_path) if settings.last_path else None
        if last is not None and last in candidates:
            candidates.remove(last)
            candidates.insert(0, last)
    for candidate in candidates:
        try:
            verify_backup(candidate)
        except UserError:
            continue
        return candidate
    return None


__all__ = ["AutoBackupSettings", "DEFAULT_KEEP", "SETTINGS_NAME", "backups_in", "choose_folder",
           "days_without_backup", "is_due", "latest_good_backup", "load_settings", "note_asked",
           "prune", "run_auto_backup", "save_settings", "status_text"]  # fmt: skip


def status_text(root: Path, now: datetime | None = None) -> tuple[str, bool]:
    """One line on automatic backups for `ecodesk status` and the window; (text, warn)."""
    settings = load_settings(root)
    days = days_without_backup(root, now)
    if not settings.chosen:
        overdue = t(f"已有 {days} 天没有备份：", f"no backup for {days} days: ") if days else ""
        return (
            overdue
            + t(
                "尚未设置自动备份位置（设置 → 自动备份…，或 ecodesk backup --set-location 文件夹）",
                "no automatic backup place chosen yet (Settings → Automatic backup…, or "
                "ecodesk backup --set-location FOLDER)",
            ),
            True,
        )
    last = _parse(settings.last_success)
    if days is not None:
        when = last.strftime("%Y-%m-%d %H:%M") if last else t("从未成功", "never")
        return (
            t(
                f"已有 {days} 天没有成功备份（最近一次：{when}）。请插上备份U盘 {settings.folder}"
                "，然后关闭窗口或运行 ecodesk backup --auto",
                f"no successful backup for {days} days (last: {when}). Plug in the backup "
                f"drive {settings.folder}, then close the window or run ecodesk backup --auto",
            ),
            True,
        )
    if last is None:
        return (
            t(
                f"自动备份位置：{settings.folder}（尚未备份过，关闭窗口时备份）",
                f"automatic backups go to {settings.folder} (none yet; one when the window closes)",
            ),
            False,
        )
    return (
        t(
            f"最近一次自动备份：{last.strftime('%Y-%m-%d %H:%M')}（{settings.folder}）",
            f"last automatic backup: {last.strftime('%Y-%m-%d %H:%M')} ({settings.folder})",
        ),
        False,
    )
