"""Refused bundles from the command line: a batch import names the refused file and its reasons
and imports the good ones beside it (exit 1); the office's `refusals` and `status` tell the clerk."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conflict_helpers import Forge, Network, export, fill, import_all

from ecodesk.bundle import api, merge_plan
from ecodesk.cli import main
from ecodesk.store import bundles as bundle_store
from ecodesk.store.refusals import Reason
from ecodesk.store.workspace import Workspace


def _run(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str]:
    code = main(["--workspace", str(root), *args])
    out, err = capsys.readouterr()
    return code, out + err


def test_a_batch_with_one_refused_bundle_imports_the_others(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    net = Network(tmp_path)
    kang, cheng, wen = net.join("康县"), net.join("成县"), net.join("文县")
    fill(kang, 1, "康县的规划")
    import_all(net.tf, [export(kang, tmp_path)])
    kang_uuid = Forge(kang, net.tf).line(1)["uuid"]
    fill(kang, 2, "康县任务二")
    good_kang = export(kang, tmp_path)
    fill(cheng, 1, "成县的规划")
    forge = Forge(cheng, net.tf)
    bad = tmp_path / "成县-2023-0001.ecb"
    bad.write_bytes(forge.build(lines=[{**forge.line(1), "uuid": kang_uuid, "revision": 9}]))
    fill(wen, 1, "文县的规划")
    good_wen = export(wen, tmp_path)
    for ws in (net.tf, *net.offices.values()):
        ws.close()

    code, out = _run(capsys, tmp_path / "tf", "import", str(good_kang), str(bad), str(good_wen),
                     "--yes")  # fmt: skip

    assert code == 1
    assert bad.name in out and "entry_owner" in out and kang_uuid in out and "康县" in out
    assert "已导入 2 个数据包" in out and f"未导入 {bad.name}" in out
    tf = Workspace.open(tmp_path / "tf")
    try:
        received = {r.file_name for r in bundle_store.received_list(tf.db)}
        assert {good_kang.name, good_wen.name} <= received and bad.name not in received
        kang_entry = tf.entry(1, 2023, office="康县")
        assert kang_entry is not None and kang_entry.plan == "康县的规划"
    finally:
        tf.close()

    code, out = _run(capsys, tmp_path / "tf", "refusals")
    assert code == 0 and "成县 第 1 号数据包" in out and kang_uuid in out


def test_the_office_is_told_by_its_package(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(_ctx: object, line: dict[str, Any]) -> tuple[Reason, ...]:
        return (Reason("bad_value", f"任务 {line['task']} 的值不对", "bad value"),)

    monkeypatch.setattr(merge_plan, "content_refusals", refuse)  # stands in for any line rule
    net = Network(tmp_path)
    cheng = net.join("成县")
    fill(cheng, 1, "成县的规划")
    import_all(net.tf, [export(cheng, tmp_path)])
    package = api.make_task_package(net.tf, office="成县", out_dir=net.mail)
    for ws in (net.tf, *net.offices.values()):
        ws.close()
    office = tmp_path / "office-成县"

    code, out = _run(capsys, office, "import", str(package.path))
    assert code == 0 and "拒收了第 1 号数据包" in out and "任务 1 的值不对" in out

    code, out = _run(capsys, office, "refusals")
    assert code == 0 and "第 1 号数据包" in out and "待重新导出" in out
    code, out = _run(capsys, office, "status", "--period", "2023")
    assert code == 0 and "拒收了第 1 号数据包" in out and "重新导出" in out
    code, out = _run(capsys, office, "export", "--period", "2023", "--out", str(tmp_path))
    assert code == 0 and "成县-2023-0001-2.ecb" in out
    code, out = _run(capsys, office, "status", "--period", "2023")
    assert "拒收" not in out
    code, out = _run(capsys, office, "refusals")
    assert "已由第 1 号数据包重新发送" in out
