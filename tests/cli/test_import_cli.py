"""`ecodesk import` at the task force shows the dry-run summary, then asks before applying it:
on a terminal it asks, `--yes` applies without asking, and without a terminal it refuses."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conflict_helpers import (
    Network,
    export,
    fill,
)

from ecodesk.bundle import api
from ecodesk.cli import main
from ecodesk.store import bundles as bundle_store


class Terminal(io.StringIO):
    """Standard input typed at a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def sent(tmp_path: Path) -> Iterator[tuple[Network, Path]]:
    net = Network(tmp_path)
    office = net.join("成县")
    fill(office, 1, "年度计划")
    bundle = export(office, tmp_path)
    net.tf.close()  # the command opens the workspace itself
    yield net, bundle
    net.offices["成县"].close()


def _run(capsys: pytest.CaptureFixture[str], net: Network, *args: str) -> tuple[int, str, str]:
    code = main(["--workspace", str(net.root / "tf"), *args])
    out, err = capsys.readouterr()
    return code, out, err


def _received(net: Network) -> int:
    from ecodesk.store.workspace import Workspace

    tf = Workspace.open(net.root / "tf")
    try:
        return len(bundle_store.received_list(tf.db))
    finally:
        tf.close()


def test_without_a_terminal_it_refuses_and_says_to_add_yes(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, sent: tuple[Network, Path]
) -> None:
    net, bundle = sent
    monkeypatch.setattr(sys, "stdin", io.StringIO("y\n"))  # a pipe, not a terminal
    code, out, err = _run(capsys, net, "import", str(bundle))
    assert code == 2 and "--yes" in err and out == ""
    code, _out, err = _run(capsys, net, "--lang", "en", "import", str(bundle))
    assert code == 2 and "add --yes" in err
    assert _received(net) == 0


def test_on_a_terminal_it_asks_and_no_changes_nothing(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, sent: tuple[Network, Path]
) -> None:
    net, bundle = sent
    monkeypatch.setattr(sys, "stdin", Terminal("\n"))  # Enter: the default, no
    code, out, _err = _run(capsys, net, "import", str(bundle))
    assert code == 1
    assert out.index("新增 1") < out.index("应用以上导入？[y/N]") < out.index("未导入")
    assert _received(net) == 0


def test_on_a_terminal_yes_applies(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, sent: tuple[Network, Path]
) -> None:
    net, bundle = sent
    monkeypatch.setattr(sys, "stdin", Terminal("y\n"))
    code, out, _err = _run(capsys, net, "--lang", "en", "import", str(bundle))
    assert code == 0
    assert out.index("new 1") < out.index("Apply this import? [y/N]") < out.index("imported 1")
    assert _received(net) == 1


def test_yes_applies_without_asking_and_dry_run_only_shows(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, sent: tuple[Network, Path]
) -> None:
    net, bundle = sent
    monkeypatch.setattr(sys, "stdin", Terminal(""))  # nothing typed: must not be read
    code, out, _err = _run(capsys, net, "import", "--dry-run", str(bundle))
    assert code == 0 and "新增 1" in out and "[y/N]" not in out
    assert _received(net) == 0
    code, out, _err = _run(capsys, net, "import", "--yes", str(bundle))
    assert code == 0 and "[y/N]" not in out and "已导入 1 个数据包" in out
    assert _received(net) == 1
    # only duplicates left: nothing to apply, nothing to ask
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code, out, _err = _run(capsys, net, "import", "--yes", str(bundle))
    assert code == 0 and "已导入过" in out and "没有可导入的数据包" in out


def test_a_task_package_is_applied_without_asking_and_has_no_dry_run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    net = Network(tmp_path)
    office = net.join("成县")
    package = api.make_task_package(net.tf, office="成县", out_dir=net.mail).path
    net.tf.close()
    office.close()
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    root = str(tmp_path / "office-成县")
    before = db_bytes_at(tmp_path / "office-成县")
    assert main(["--workspace", root, "import", "--dry-run", str(package)]) == 2
    assert "没有预览" in capsys.readouterr().err
    assert db_bytes_at(tmp_path / "office-成县") == before
    assert main(["--workspace", root, "import", str(package)]) == 0
    assert "已导入第 2 号任务包" in capsys.readouterr().out


def db_bytes_at(root: Path) -> bytes:
    from ecodesk.store.workspace import Workspace

    ws = Workspace.open(root)
    try:
        ws.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return (root / "ecodesk.db").read_bytes()
    finally:
        ws.close()
