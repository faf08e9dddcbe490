"""The task force's import dialog with one refused bundle among good ones: the refused file is
named with its reasons, the others are imported beside it, and the log lists the refusal."""

from __future__ import annotations

from pathlib import Path

from conflict_helpers import Forge, Network, export, fill, import_all
from PySide6.QtCore import Qt

from ecodesk.store import bundles as bundle_store


def test_one_refused_bundle_is_named_and_the_others_are_imported(  # type: ignore[no-untyped-def]
    open_window, tmp_path: Path, qtbot
) -> None:
    net = Network(tmp_path)
    kang, cheng = net.join("康县"), net.join("成县")
    fill(kang, 1, "康县的规划")
    import_all(net.tf, [export(kang, tmp_path)])
    kang_uuid = Forge(kang, net.tf).line(1)["uuid"]
    fill(kang, 2, "康县任务二")
    good = export(kang, tmp_path)
    fill(cheng, 1, "成县的规划")
    forge = Forge(cheng, net.tf)
    bad = tmp_path / "成县-2023-0001.ecb"
    bad.write_bytes(forge.build(lines=[{**forge.line(1), "uuid": kang_uuid, "revision": 9}]))
    net.close()

    window = open_window(tmp_path / "tf")
    dialog = window.show_import([good, bad])
    with qtbot.waitSignal(dialog.job.done, timeout=30000):
        qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    summary = dialog.summary.toPlainText()
    assert bad.name in summary and "entry_owner" in summary and kang_uuid in summary
    assert "下一个任务包" in summary  # what happens next, for the task force
    with qtbot.waitSignal(dialog.imported, timeout=30000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    summary = dialog.summary.toPlainText()
    assert summary.startswith("已导入。") and bad.name in summary
    results = {(r.office, r.sequence): r.result for r in dialog.log.rows}
    assert results[("康县", 2)] == "已接收"
    assert results[("成县", 1)] == "拒收：entry_owner"
    names = {r.file_name for r in bundle_store.received_list(window.ws.db)}
    assert good.name in names and bad.name not in names
