"""A file held by another program (Windows: antivirus, Explorer's preview) from the command line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ecodesk.cli import main
from ecodesk.store import files


def hold(monkeypatch: pytest.MonkeyPatch, times: int) -> list[str]:
    real, calls = os.replace, []

    def replace(src, dst):  # type: ignore[no-untyped-def]
        calls.append(str(dst))
        if len(calls) <= times:
            raise PermissionError(13, "The process cannot access the file", str(dst))
        real(src, dst)

    monkeypatch.setattr(files.os, "replace", replace)
    monkeypatch.setattr(files, "REPLACE_WAITS", (0.0,) * 4)
    monkeypatch.setattr(files, "ON_WINDOWS", True)
    return calls


@pytest.fixture
def root(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    root = tmp_path / "ws"
    assert main(["--workspace", str(root), "init", "--office", "成县"]) == 0
    capsys.readouterr()
    return root


def test_a_briefly_held_backup_is_written(
    root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "备份.zip"
    target.write_bytes(b"old")
    calls = hold(monkeypatch, 3)
    assert main(["--workspace", str(root), "backup", "--out", str(target)]) == 0
    assert "已读回校验" in capsys.readouterr().out and len(calls) == 4
    assert target.read_bytes() != b"old"


def test_a_held_backup_is_refused_naming_the_file(
    root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "备份.zip"
    target.write_bytes(b"old")
    hold(monkeypatch, 1000)
    assert main(["--workspace", str(root), "backup", "--out", str(target)]) == 2
    err = capsys.readouterr().err
    assert f"错误：无法写入 {target}：该文件正被其他程序占用" in err and "原有文件没有改动" in err
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ws", "备份.zip"]  # no temp left


def test_a_too_long_path_is_named(
    root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "ON_WINDOWS", True)
    deep = tmp_path.joinpath(*["陇南市生态环境局工作资料"] * 22) / "备份.zip"
    assert main(["--workspace", str(root), "backup", "--out", str(deep)]) == 2
    err = capsys.readouterr().err
    assert "路径过长" in err and str(deep) in err


def test_a_vanished_folder_is_named_without_a_traceback(
    root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A USB stick pulled out: the folder is gone (here: a file where the folder should be).
    blocker = tmp_path / "E盘"
    blocker.write_text("not a folder")
    target = blocker / "报告" / "填报报告.pdf"
    code = main(["--workspace", str(root), "template", "--period", "2023", "--out", str(target)])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    assert err.startswith("错误：") and str(blocker) in err and "U盘" in err
