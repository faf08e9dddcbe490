"""Viewing a workspace on read-only media (a CD, a locked USB stick, an archived copy) and
`ecodesk --version`."""

from __future__ import annotations

import gc
import zipfile
from pathlib import Path

import pytest
from read_only_media import folder_digest, read_only_media

from ecodesk import SCHEMA_VERSION, __version__
from ecodesk.bundle.schema import BUNDLE_FORMAT_VERSION, PACKAGE_FORMAT_VERSION
from ecodesk.cli import main
from ecodesk.store.backup_check import FORMAT_VERSION as BACKUP_FORMAT_VERSION
from ecodesk.versions import ARCHIVE_FORMAT_VERSION

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "migrations"
VIEWS = (["tasks", "--period", "2023"], ["status", "--period", "2023"],
         ["show", "24", "--period", "2023"], ["show", "24", "--period", "2023", "--json"],
         ["history", "24", "--period", "2023"])  # fmt: skip


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def filled(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A current workspace with a value, a plan, measures and evidence on task 24."""
    ws = str(tmp_path / "ws")
    evidence = tmp_path / "统计年报.pdf"
    evidence.write_bytes(b"%PDF-1.4 tiny")
    for args in (["init", "--office", "成县"],
                 ["set", "24", "--period", "2023", "--value", "treatment_rate=91.2",
                  "--plan", "提标改造", "--measures", "新建管网"],
                 ["attach", "24", str(evidence), "--period", "2023"]):  # fmt: skip
        assert run(capsys, "--workspace", ws, *args)[0] == 0
    gc.collect()
    return tmp_path / "ws"


def views(capsys: pytest.CaptureFixture[str], workspace: Path) -> dict[str, tuple[str, str]]:
    shown = {}
    for args in VIEWS:
        code, out, err = run(capsys, "--workspace", str(workspace), *args)
        assert code == 0, (args, err)
        shown[" ".join(args)] = (out, err)
    gc.collect()  # the in-process CLI leaves its connections to the collector: close them now
    return shown


def test_a_workspace_on_read_only_media_can_be_viewed_and_not_changed(
    filled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = {key: out for key, (out, _err) in views(capsys, filled).items()}
    digest = folder_digest(filled)
    with read_only_media(filled, tmp_path / "cd") as cd:
        for key, (out, err) in views(capsys, cd).items():
            assert out == expected[key], key
            assert "只读" in err
        code, _out, err = run(capsys, "--workspace", str(cd), "set", "24", "--period", "2023",
                              "--value", "treatment_rate=95")  # fmt: skip
        assert code == 2 and "只读" in err and "Traceback" not in err
        code, _out, err = run(capsys, "--workspace", str(cd), "attach", "24",
                              str(tmp_path / "统计年报.pdf"), "--period", "2023")  # fmt: skip
        assert code == 2 and "只读" in err and "Traceback" not in err
    assert folder_digest(filled) == digest


def test_an_old_database_on_read_only_media_is_shown_without_migrating(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    writable, archived = tmp_path / "writable", tmp_path / "archived"
    for target in (writable, archived):
        with zipfile.ZipFile(FIXTURES / "schema-2-成县.zip") as archive:
            archive.extractall(target)
    migrated = {key: out for key, (out, _err) in views(capsys, writable).items()}
    digest = folder_digest(archived)
    with read_only_media(archived, tmp_path / "cd") as cd:
        for key, (out, err) in views(capsys, cd).items():
            assert out == migrated[key], key  # what the migrated copy shows (see test_migrations)
            assert "只读" in err and "内存" in err
    assert folder_digest(archived) == digest  # not migrated, no copy made beside it


def test_read_only_on_request(filled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    digest = folder_digest(filled)
    ws = str(filled)
    code, out, err = run(capsys, "--read-only", "--workspace", ws, "show", "24", "--period", "2023")
    assert code == 0 and "91.2" in out and "只读" in err
    code, _out, err = run(capsys, "--read-only", "--workspace", ws, "na", "24", "--period", "2023",
                          "--reason", "不涉及")  # fmt: skip
    assert code == 2 and "只读" in err
    assert folder_digest(filled) == digest


def test_version_names_the_app_schema_and_every_format(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    out = capsys.readouterr().out
    assert done.value.code == 0
    lines = [line.split() for line in out.splitlines()]
    assert lines[0] == ["ecodesk", __version__]
    assert lines[1:] == [["数据库版本", str(SCHEMA_VERSION)], ["数据包格式", str(BUNDLE_FORMAT_VERSION)],
                         ["任务包格式", str(PACKAGE_FORMAT_VERSION)],
                         ["年度档案格式", str(ARCHIVE_FORMAT_VERSION)],
                         ["备份格式", str(BACKUP_FORMAT_VERSION)]]  # fmt: skip
