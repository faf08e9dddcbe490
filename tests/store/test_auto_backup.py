"""Automatic backups into the clerk's second place, and putting one back over a damaged database."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from ecodesk.core.errors import UserError
from ecodesk.store.auto_backup import (
    backups_in,
    choose_folder,
    days_without_backup,
    latest_good_backup,
    load_settings,
    note_asked,
    run_auto_backup,
    status_text,
)
from ecodesk.store.backup_check import verify_backup
from ecodesk.store.db import DatabaseDamaged, DatabaseMissing
from ecodesk.store.recovery import database_damage, restore_replacing
from ecodesk.store.workspace import DB_NAME, Workspace

DAY0 = datetime(2024, 3, 5, 16, 30).astimezone()


def damage(root: Path) -> None:
    """Overwrite pages in the middle of the database, as a failing disk does."""
    db = root / DB_NAME
    with db.open("r+b") as handle:
        handle.seek(4096 * 2)
        handle.write(b"\xde\xad" * 8192)


def test_one_backup_a_day_keeping_the_newest_n(workspace: Workspace, tmp_path: Path) -> None:
    stick = tmp_path / "U盘" / "备份"
    choose_folder(workspace.root, stick, keep=3, now=DAY0)
    written = []
    for day in range(5):
        morning = DAY0 + timedelta(days=day)
        result = run_auto_backup(workspace, now=morning)
        assert result is not None
        written.append(result.path)
        assert run_auto_backup(workspace, now=morning + timedelta(hours=2)) is None  # same day
    assert backups_in(stick, "成县") == written[::-1][:3]
    for path in written[-3:]:
        verify_backup(path)
    settings = load_settings(workspace.root)
    assert settings.last_path == str(written[-1]) and settings.last_error == ""


def test_other_files_in_the_backup_place_are_never_pruned(
    workspace: Workspace, tmp_path: Path
) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    (stick / "照片.jpg").write_bytes(b"photo")
    (stick / "ecodesk-备份-康县-20200101-0000.zip").write_bytes(b"another office's")
    choose_folder(workspace.root, stick, keep=1, now=DAY0)
    for day in range(3):
        run_auto_backup(workspace, now=DAY0 + timedelta(days=day))
    names = sorted(p.name for p in stick.iterdir())
    assert names == ["ecodesk-备份-康县-20200101-0000.zip", "ecodesk-备份-成县-20240307-1630.zip",
                     "照片.jpg"]  # fmt: skip


def test_a_missing_stick_is_recorded_and_reminded_after_a_week(
    workspace: Workspace, tmp_path: Path
) -> None:
    stick = tmp_path / "stick"
    choose_folder(workspace.root, stick, now=DAY0)
    assert run_auto_backup(workspace, now=DAY0) is not None
    stick.rename(tmp_path / "pulled-out")
    with pytest.raises(UserError, match="U盘没有插上"):
        run_auto_backup(workspace, now=DAY0 + timedelta(days=1))
    assert "U盘没有插上" in load_settings(workspace.root).last_error
    assert days_without_backup(workspace.root, DAY0 + timedelta(days=6)) is None
    assert days_without_backup(workspace.root, DAY0 + timedelta(days=8)) == 8
    text, warn = status_text(workspace.root, DAY0 + timedelta(days=8))
    assert warn and "已有 8 天没有成功备份" in text and str(stick) in text


def test_never_chosen_is_reminded_a_week_after_being_asked(workspace: Workspace) -> None:
    note_asked(workspace.root, now=DAY0)
    assert days_without_backup(workspace.root, DAY0 + timedelta(days=3)) is None
    assert days_without_backup(workspace.root, DAY0 + timedelta(days=7)) == 7
    with pytest.raises(UserError, match="尚未设置自动备份的位置"):
        run_auto_backup(workspace, now=DAY0)


def test_the_backup_place_may_not_be_inside_the_workspace(workspace: Workspace) -> None:
    with pytest.raises(UserError, match="在工作区之内"):
        choose_folder(workspace.root, workspace.root / "backups")


def test_a_damaged_database_is_named_and_replaced_by_the_latest_good_backup(
    tmp_path: Path,
) -> None:
    root = tmp_path / "ws"
    ws = Workspace.create(root, office="成县")
    ws.save(24, 2023, plan="雨污分流")
    choose_folder(root, tmp_path / "stick", now=DAY0)
    good = run_auto_backup(ws, now=DAY0)
    newer = run_auto_backup(ws, now=DAY0 + timedelta(days=1))
    assert good is not None and newer is not None
    newer.path.write_bytes(b"truncated by a pulled stick")  # the newest one is not good
    ws.close()
    damage(root)
    assert database_damage(root) is not None
    with pytest.raises(DatabaseDamaged) as caught:
        Workspace.open(root)
    assert "已损坏" in str(caught.value) and str(root / DB_NAME) in str(caught.value)
    assert latest_good_backup(root) == good.path

    result, aside = restore_replacing(good.path, root, now=DAY0)
    assert (
        aside is not None and aside.name == "ws-损坏-20240305-163000" and (aside / DB_NAME).exists()
    )
    assert result.office == "成县"
    assert load_settings(root).folder == str(tmp_path / "stick")  # the place is kept
    restored = Workspace.open(root)
    try:
        entry = restored.entry(24, 2023)
        assert entry is not None and entry.plan == "雨污分流"
    finally:
        restored.close()


def test_a_missing_database_in_a_former_workspace_is_named(workspace: Workspace) -> None:
    root = workspace.root
    choose_folder(root, root.parent / "stick")
    workspace.close()
    for leftover in root.glob(f"{DB_NAME}*"):
        leftover.unlink()
    with pytest.raises(DatabaseMissing, match="找不到数据库"):
        Workspace.open(root)
    assert database_damage(root) == "missing"


def test_a_sound_workspace_is_never_replaced(workspace: Workspace, tmp_path: Path) -> None:
    backup = workspace.backup(tmp_path / "b.zip")
    with pytest.raises(UserError, match="数据库完好"):
        restore_replacing(backup.path, workspace.root)
    assert sqlite3.connect(workspace.root / DB_NAME).execute("PRAGMA quick_check").fetchone() == (
        "ok",
    )


def test_sqlite_words_for_damage_are_said_in_chinese(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    Workspace.create(root, office="成县").close()
    (root / DB_NAME).write_bytes(b"\x00" * 4096)
    with pytest.raises(DatabaseDamaged) as caught:
        Workspace.open(root)
    assert "已损坏（文件不是数据库，可能已被其他内容覆盖）" in str(caught.value)
