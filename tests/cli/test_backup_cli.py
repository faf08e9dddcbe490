"""`ecodesk backup` and `ecodesk restore` as a clerk types them."""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

import pytest

from ecodesk.cli import main
from ecodesk.store.workspace import Workspace


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def ws_dir(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    root = tmp_path / "ws"
    assert run(capsys, "--workspace", str(root), "init", "--office", "成县")[0] == 0
    assert run(capsys, "--workspace", str(root), "set", "24", "--period", "2023",
               "--value", "treatment_rate=91", "--plan", "雨污分流")[0] == 0  # fmt: skip
    evidence = tmp_path / "照片.jpg"
    evidence.write_bytes(b"\xff\xd8 photo")
    assert run(capsys, "--workspace", str(root), "attach", "24", str(evidence), "--period", "2023")[0] == 0  # fmt: skip
    return root


def test_backup_to_the_default_name_here_and_restore_it(
    ws_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _err = run(capsys, "--workspace", str(ws_dir), "backup")
    assert code == 0
    made = list(tmp_path.glob("ecodesk-备份-成县-*.zip"))
    assert len(made) == 1 and re.fullmatch(r"ecodesk-备份-成县-\d{8}-\d{4}\.zip", made[0].name)
    assert f"已备份到 {made[0]}" in out and "已读回校验" in out and "1 个佐证材料" in out

    target = tmp_path / "new-pc" / "ws"
    code, out, _err = run(capsys, "restore", str(made[0]), "--workspace", str(target))
    assert code == 0 and f"到 {target}" in out and "成县" in out
    code, out, _err = run(capsys, "--workspace", str(target), "show", "24", "--period", "2023")
    assert code == 0 and "雨污分流" in out
    ws = Workspace.open(target)
    try:
        entry = ws.entry(24, 2023)
        assert entry is not None and [e.name for e in entry.evidence] == ["照片.jpg"]
        assert ws.evidence_file(entry.evidence[0].sha256).read_bytes() == b"\xff\xd8 photo"
    finally:
        ws.close()


def test_backup_out_file_or_folder(
    ws_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = tmp_path / "u盘" / "备份.zip"
    assert run(capsys, "--workspace", str(ws_dir), "backup", "--out", str(out_file))[0] == 0
    assert zipfile.ZipFile(out_file).testzip() is None
    folder = tmp_path / "folder"
    folder.mkdir()
    assert run(capsys, "--workspace", str(ws_dir), "backup", "--out", str(folder))[0] == 0
    assert [p.name.startswith("ecodesk-备份-成县-") for p in folder.iterdir()] == [True]


def test_restore_refuses_a_workspace_and_a_damaged_file(
    ws_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = tmp_path / "b.zip"
    assert run(capsys, "--workspace", str(ws_dir), "backup", "--out", str(backup))[0] == 0
    before = _data_files(ws_dir)
    code, out, err = run(capsys, "--workspace", str(ws_dir), "restore", str(backup))
    assert code == 2 and out == ""
    assert "不是空文件夹" in err and "绝不会覆盖已有的工作区" in err and "Traceback" not in err
    assert _data_files(ws_dir) == before

    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(backup.read_bytes()[:-200])
    code, _out, err = run(capsys, "restore", str(damaged), "--workspace", str(tmp_path / "n"))
    assert code == 2 and "damaged.zip" in err and "未恢复任何内容" in err
    assert not (tmp_path / "n").exists()


def test_english_messages(ws_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    backup = tmp_path / "b.zip"
    code, out, _err = run(capsys, "--lang", "en", "--workspace", str(ws_dir), "backup", "--out", str(backup))  # fmt: skip
    assert code == 0 and "read back and verified" in out
    code, _out, err = run(
        capsys, "--lang", "en", "restore", str(backup), "--workspace", str(ws_dir)
    )
    assert code == 2 and "never over an existing workspace" in err


def _data_files(folder: Path) -> list[str]:
    """The folder's files but SQLite's -wal and -shm, which come and go with the in-process
    CLI's connections (closed whenever they are garbage-collected), not with the data."""
    return sorted(n for n in os.listdir(folder) if not n.endswith(("-wal", "-shm")))
