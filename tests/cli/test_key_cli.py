"""The key ceremony from the command line: re-enrolling names the key it retired, revoking says
that nothing the key signs is taken any more, and `status` at an office shows how old its newest
task package is (a freeze shows as an old date)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ecodesk.bundle import api
from ecodesk.cli import main
from ecodesk.store.workspace import Workspace


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out + err


def _key_file(tmp_path: Path, root: Path) -> tuple[Path, str]:
    ws = Workspace.open(root)
    try:
        path = tmp_path / f"{root.name}.json"
        path.write_text(json.dumps(api.key_document(ws), ensure_ascii=False), encoding="utf-8")
        return path, api.key_info(ws).fingerprint
    finally:
        ws.close()


def test_re_enroll_names_the_retired_key_and_revoke_explains(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    tf, old_pc, new_pc = tmp_path / "tf", tmp_path / "old-pc", tmp_path / "new-pc"
    assert _cli(capsys, "--workspace", str(tf), "init", "--task-force")[0] == 0
    for root in (old_pc, new_pc):
        assert _cli(capsys, "--workspace", str(root), "init", "--office", "成县")[0] == 0
    old_file, old_fp = _key_file(tmp_path, old_pc)
    code, out = _cli(capsys, "--workspace", str(tf), "enroll", "--office", "成县", "--key",
                     str(old_file), "--fingerprint", old_fp)  # fmt: skip
    assert code == 0 and "已停用" not in out
    new_file, new_fp = _key_file(tmp_path, new_pc)
    code, out = _cli(capsys, "--workspace", str(tf), "enroll", "--office", "成县", "--key",
                     str(new_file), "--fingerprint", new_fp)  # fmt: skip
    assert code == 0
    assert f"已登记 成县 的公钥（指纹 {new_fp}）" in out
    assert "原来的密钥" in out and old_fp in out and "已停用" in out
    code, out = _cli(capsys, "--workspace", str(tf), "revoke", "--office", "成县")
    assert code == 0 and "此后它签名的任何数据包都将被拒收" in out
    # a mistyped fingerprint is refused, naming both
    third = tmp_path / "third"
    _cli(capsys, "--workspace", str(third), "init", "--office", "文县")
    third_file, third_fp = _key_file(tmp_path, third)
    code, out = _cli(capsys, "--workspace", str(tf), "enroll", "--office", "文县", "--key",
                     str(third_file), "--fingerprint", "AAAA-BBBB-CCCC-DDDD")  # fmt: skip
    assert code != 0 and "指纹不一致" in out and third_fp in out and "Traceback" not in out


def test_status_shows_the_age_of_the_newest_task_package(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    tf, office = tmp_path / "tf", tmp_path / "office"
    _cli(capsys, "--workspace", str(tf), "init", "--task-force")
    _cli(capsys, "--workspace", str(office), "init", "--office", "成县")
    code, out = _cli(capsys, "--workspace", str(office), "status", "--period", "2023")
    assert code == 0 and "尚未导入工作专班的任务包" in out
    key, fp = _key_file(tmp_path, office)
    _cli(
        capsys,
        "--workspace",
        str(tf),
        "enroll",
        "--office",
        "成县",
        "--key",
        str(key),
        "--fingerprint",
        fp,
    )
    _cli(capsys, "--workspace", str(tf), "package", "--out", str(tmp_path / "out"))
    (package,) = (tmp_path / "out").glob("*.ecp")
    tf_ws = Workspace.open(tf)
    tf_fp = api.key_info(tf_ws).fingerprint
    tf_ws.close()
    assert (
        _cli(capsys, "--workspace", str(office), "import", str(package), "--fingerprint", tf_fp)[0]
        == 0
    )
    code, out = _cli(capsys, "--workspace", str(office), "status", "--period", "2023")
    assert code == 0 and "最新任务包：第 1 号" in out and "（0 天前）" in out
