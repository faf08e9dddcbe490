"""Automatic backups and a damaged database from the command line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ecodesk.cli import main
from ecodesk.store.workspace import DB_NAME


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_choose_a_place_back_up_once_a_day_and_restore_after_damage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root, stick = tmp_path / "ws", tmp_path / "备份U盘"
    ws = ("--workspace", str(root))
    assert run(capsys, *ws, "init", "--office", "成县")[0] == 0
    assert run(capsys, *ws, "set", "24", "--period", "2023", "--plan", "雨污分流")[0] == 0
    code, out, _ = run(capsys, *ws, "status", "--period", "2023")
    assert code == 0 and "尚未设置自动备份位置" in out

    code, out, _ = run(capsys, *ws, "backup", "--set-location", str(stick), "--keep", "5")
    assert code == 0 and f"自动备份位置：{stick}，保留最近 5 份" in out
    code, out, _ = run(capsys, *ws, "backup", "--auto")
    made = list(stick.glob("ecodesk-备份-成县-*.zip"))
    assert code == 0 and len(made) == 1 and f"已自动备份到 {made[0]}" in out
    code, out, _ = run(capsys, *ws, "backup", "--auto")
    assert code == 0 and "今天已经自动备份过" in out and len(list(stick.iterdir())) == 1
    assert "最近一次自动备份" in run(capsys, *ws, "status", "--period", "2023")[1]

    with (root / DB_NAME).open("r+b") as handle:  # a failing disk
        handle.seek(8192)
        handle.write(b"\x00\xff" * 8192)
    code, _out, err = run(capsys, *ws, "show", "24", "--period", "2023")
    assert code == 2 and "已损坏" in err and "请从备份恢复" in err
    assert f"最近一次完好的备份：{made[0]}" in err
    command = err.split("恢复命令：", 1)[1].strip()
    assert command.startswith("ecodesk restore ") and command.endswith("--replace-damaged")

    backup, workspace = re.findall(r'"([^"]+)"', command)  # quoted as cmd.exe reads them
    assert command == f'ecodesk restore "{backup}" --workspace "{workspace}" --replace-damaged'
    code, out, _ = run(capsys, "restore", backup, "--workspace", workspace, "--replace-damaged")
    assert code == 0 and "损坏的工作区已改名保留在" in out
    code, out, _ = run(capsys, *ws, "show", "24", "--period", "2023")
    assert code == 0 and "雨污分流" in out


def test_a_missing_database_prints_the_restore_command_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "ws"
    ws = ("--workspace", str(root))
    assert run(capsys, *ws, "init", "--office", "康县")[0] == 0
    assert run(capsys, *ws, "backup", "--set-location", str(tmp_path / "b"))[0] == 0
    assert run(capsys, *ws, "backup", "--auto")[0] == 0
    for path in root.glob(f"{DB_NAME}*"):
        path.unlink()
    code, _out, err = run(capsys, *ws, "tasks", "--period", "2023")
    assert code == 2 and "找不到数据库" in err and "恢复命令：ecodesk restore" in err


def test_no_backup_found_says_what_to_run_with_another_backup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "ws"
    assert run(capsys, "--workspace", str(root), "init", "--office", "文县")[0] == 0
    (root / DB_NAME).write_bytes(b"not a database at all" * 300)
    code, _out, err = run(capsys, "--workspace", str(root), "status", "--period", "2023")
    assert code == 2 and "已损坏" in err and "没有找到完好的备份" in err
    assert "restore 备份文件.zip --workspace" in err


def test_restore_onto_a_damaged_workspace_asks_for_the_flag(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "ws"
    assert run(capsys, "--workspace", str(root), "init", "--office", "徽县")[0] == 0
    backup = tmp_path / "b.zip"
    assert run(capsys, "--workspace", str(root), "backup", "--out", str(backup))[0] == 0
    (root / DB_NAME).write_bytes(b"\x00" * 8192)
    code, _out, err = run(capsys, "restore", str(backup), "--workspace", str(root))
    assert code == 2 and "已损坏" in err and "--replace-damaged" in err
    assert (root / DB_NAME).read_bytes() == b"\x00" * 8192  # nothing changed
