"""Windows pitfalls, simulated here: a target held by another program, over-long paths.

On Windows `os.replace` onto a file that an antivirus or Explorer's preview holds open fails
with PermissionError for a moment; the same for a path over 260 characters in many programs.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ecodesk.store import files
from ecodesk.store.backup import restore_backup
from ecodesk.store.files import (
    FileBusyError,
    PathTooLongError,
    atomic_write_bytes,
    replace_file,
)
from ecodesk.store.workspace import Workspace


def held_for(monkeypatch: pytest.MonkeyPatch, attempts: int) -> list[tuple[str, str]]:
    """os.replace fails with PermissionError `attempts` times, then works; returns the calls."""
    real = os.replace
    calls: list[tuple[str, str]] = []

    def replace(src, dst):  # type: ignore[no-untyped-def]
        calls.append((str(src), str(dst)))
        if len(calls) <= attempts:
            raise PermissionError(13, "The process cannot access the file because it is being used by another process", str(dst))  # fmt: skip
        real(src, dst)

    monkeypatch.setattr(files.os, "replace", replace)
    monkeypatch.setattr(files, "REPLACE_WAITS", (0.0,) * len(files.REPLACE_WAITS))
    monkeypatch.setattr(files, "ON_WINDOWS", True)
    return calls


def test_a_briefly_held_target_is_replaced_after_retrying(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "成县-2023-0007.ecb"
    target.write_bytes(b"old")
    calls = held_for(monkeypatch, 3)
    atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    assert len(calls) == 4
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temp file left


def test_a_target_held_throughout_is_reported_and_the_old_file_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "填报报告-成县-2023.pdf"
    target.write_bytes(b"old report")
    calls = held_for(monkeypatch, 1000)
    with pytest.raises(FileBusyError) as caught:
        atomic_write_bytes(target, b"new report")
    message = str(caught.value)
    assert (
        str(target) in message and "正被其他程序占用" in message and "原有文件没有改动" in message
    )
    assert len(calls) == len(files.REPLACE_WAITS) + 1
    assert target.read_bytes() == b"old report"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_retries_wait_about_two_seconds_in_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    waits: list[float] = []
    source = tmp_path / "a"
    source.write_bytes(b"x")

    def always_held(_src, _dst):  # type: ignore[no-untyped-def]
        raise PermissionError(13, "denied")

    monkeypatch.setattr(files.os, "replace", always_held)
    monkeypatch.setattr(files, "ON_WINDOWS", True)
    with pytest.raises(FileBusyError):
        replace_file(source, tmp_path / "b", sleep=waits.append)
    assert 1.5 <= sum(waits) <= 3.0


def test_elsewhere_a_permission_error_is_not_a_held_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def denied(_src, _dst):  # type: ignore[no-untyped-def]
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(files.os, "replace", denied)
    monkeypatch.setattr(files, "ON_WINDOWS", False)
    with pytest.raises(PermissionError):
        replace_file(tmp_path / "a", tmp_path / "b", sleep=lambda _s: pytest.fail("waited"))


def test_other_errors_are_not_retried(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(FileNotFoundError):
        replace_file(tmp_path / "missing", tmp_path / "b", sleep=lambda _s: pytest.fail("waited"))


def test_a_path_over_windows_limit_is_refused_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "ON_WINDOWS", True)
    deep = tmp_path.joinpath(*["生态文明建设示范市资料"] * 25)
    target = deep / "生态文明建设档案-2023.zip"
    with pytest.raises(PathTooLongError) as caught:
        atomic_write_bytes(target, b"zip")
    assert str(target) in str(caught.value) and "路径过长" in str(caught.value)
    assert not deep.exists()
    atomic_write_bytes(tmp_path / "短.zip", b"zip")  # a short path is written as usual


def test_restore_into_a_folder_too_deep_for_windows_is_refused_before_writing(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backup = workspace.backup(tmp_path / "备份.zip")
    monkeypatch.setattr(files, "ON_WINDOWS", True)
    target = tmp_path.joinpath(*["某某县生态环境局"] * 28) / "ws"
    with pytest.raises(PathTooLongError) as caught:
        restore_backup(backup.path, target)
    assert "路径过长" in str(caught.value) and str(target) in str(caught.value)
    assert not target.exists()
