"""A backup file from outside raises only BackupError, whatever it holds: arbitrary bytes, or a
real backup whose manifest has one field replaced by a hostile JSON value."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hostile_json import hostile_settings, junk_bytes, mutated
from hypothesis import given
from hypothesis import strategies as st

from ecodesk.core.errors import UserError
from ecodesk.store.backup import restore_backup
from ecodesk.store.backup_check import MANIFEST, BackupError, verify_backup
from ecodesk.store.workspace import Workspace


@pytest.fixture(scope="module")
def backup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("backup")
    ws = Workspace.create(folder / "ws", office="成县")
    ws.save(1, 2023, plan="规划")
    try:
        yield ws.backup(folder / "b.zip").path
    finally:
        ws.close()


def _with_manifest(backup: Path, target: Path, manifest: bytes) -> Path:
    with zipfile.ZipFile(backup) as zin, zipfile.ZipFile(target, "w") as zout:
        for info in zin.infolist():
            zout.writestr(info, manifest if info.filename == MANIFEST else zin.read(info))
    return target


@hostile_settings(40)
@given(data=junk_bytes())
def test_any_bytes_as_a_backup(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    folder = tmp_path_factory.mktemp("junk")
    path = folder / "b.zip"
    path.write_bytes(data)
    with pytest.raises(UserError):
        restore_backup(path, folder / "restored")
    assert not (folder / "restored").exists() or not any((folder / "restored").iterdir())


@hostile_settings(80)
@given(data=st.data())
def test_any_backup_manifest(backup: Path, tmp_path_factory: pytest.TempPathFactory,
                             data: st.DataObject) -> None:  # fmt: skip
    with zipfile.ZipFile(backup) as archive:
        manifest = json.loads(archive.read(MANIFEST))
    path = _with_manifest(
        backup, tmp_path_factory.mktemp("m") / "b.zip", data.draw(mutated(manifest))
    )
    try:
        verify_backup(path)
    except BackupError as exc:
        assert "\x1b" not in str(exc) and path.name in str(exc)


def test_a_5000_digit_size_in_the_manifest_is_refused(backup: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(backup) as archive:
        manifest = archive.read(MANIFEST).decode()
    hostile = manifest.replace('"format_version": 1', '"format_version": ' + "1" * 5000, 1)
    assert hostile != manifest
    path = _with_manifest(backup, tmp_path / "b.zip", hostile.encode())
    with pytest.raises(BackupError) as info:
        verify_backup(path)
    assert "b.zip" in str(info.value)
