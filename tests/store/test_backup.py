"""Workspace backup and restore: a consistent snapshot, a faithful round trip, hostile zips refused."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import stat
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ecodesk import SCHEMA_VERSION
from ecodesk.core.errors import UserError
from ecodesk.resources import resource_path
from ecodesk.store import form_cache
from ecodesk.store.backup import default_backup_name, restore_backup, verify_backup
from ecodesk.store.backup_check import MANIFEST, BackupError
from ecodesk.store.workspace import Workspace

KEY = b'{"sign": "secret"}'


def dump(root: Path) -> dict[str, Any]:
    """Everything a restore must bring back: rows of every table, every file's bytes."""
    conn = sqlite3.connect(root / "ecodesk.db")
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    rows = {name: sorted(map(repr, conn.execute(f"SELECT * FROM {name}"))) for name in tables}
    conn.close()
    files = {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and not p.name.startswith("ecodesk.db") and not _derived(p, root)
    }
    return {"rows": rows, "files": files}


def _derived(path: Path, root: Path) -> bool:
    """The form cache: made again from the database's forms, so not part of a backup."""
    return path.relative_to(root).parts[0] == form_cache.CACHE_DIR


@pytest.fixture(scope="module")
def made(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The demo workspace with received forms and a secret key, as a real one has, and its
    backup; made once, read by every test."""
    folder = tmp_path_factory.mktemp("backup")
    root = folder / "demo"
    shutil.copytree(demo_template, root)
    shutil.copytree(resource_path("forms"), root / "forms")
    keys = root / "keys"
    keys.mkdir(mode=0o700)
    (keys / "abc.key").write_bytes(KEY)
    (keys / "abc.key").chmod(0o600)
    ws = Workspace.open(root)
    try:
        return root, ws.backup(folder / "b.zip").path
    finally:
        ws.close()


@pytest.fixture
def source(made: tuple[Path, Path]) -> Path:
    return made[0]


@pytest.fixture
def backup(made: tuple[Path, Path]) -> Path:
    return made[1]


def left_behind(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def rewrite(
    src: Path,
    dst: Path,
    *,
    drop: tuple[str, ...] = (),
    add: dict[str, bytes] | None = None,
    manifest: Callable[[dict[str, Any]], None] | None = None,
    infos: list[zipfile.ZipInfo] | None = None,
) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            if info.filename in drop:
                continue
            data = zin.read(info)
            if info.filename == MANIFEST and manifest is not None:
                loaded = json.loads(data)
                manifest(loaded)
                data = json.dumps(loaded).encode()
            zout.writestr(info, data)
        for name, data in (add or {}).items():
            zout.writestr(name, data)
        for info in infos or []:
            zout.writestr(info, b"../../etc/passwd")
    return dst


# ------------------------------------------------------------------ backing up


def test_round_trip_brings_back_entries_audit_evidence_forms_and_keys(
    source: Path, backup: Path, tmp_path: Path
) -> None:
    progress: list[tuple[int, int]] = []
    result = restore_backup(backup, tmp_path / "new" / "ws", progress=lambda *p: progress.append(p))
    assert result.office == "成县" and result.evidence > 100
    assert progress[-1][0] == progress[-1][1]
    assert dump(result.root) == dump(source)
    assert stat.S_IMODE((result.root / "keys" / "abc.key").stat().st_mode) == 0o600
    assert stat.S_IMODE((result.root / "keys").stat().st_mode) == 0o700
    ws = Workspace.open(result.root)  # quick_check ok, forms load
    try:
        assert ws.db.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        assert ws.entry(24, 2023) is not None
    finally:
        ws.close()


def test_the_zip_has_a_manifest_and_private_keys(source: Path, backup: Path) -> None:
    manifest = verify_backup(backup)
    assert manifest["office"] == "成县" and manifest["role"] == "office"
    assert manifest["schema_version"] == SCHEMA_VERSION and manifest["install_id"]
    with zipfile.ZipFile(backup) as zf:
        for name, entry in manifest["members"].items():
            assert hashlib.sha256(zf.read(name)).hexdigest() == entry["sha256"]
        assert set(zf.namelist()) == {*manifest["members"], MANIFEST}
        assert stat.S_IMODE(zf.getinfo("keys/abc.key").external_attr >> 16) == 0o600
        assert stat.S_IMODE(zf.getinfo("forms/24.toml").external_attr >> 16) == 0o644
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600  # it holds the secret keys
    assert left_behind(backup.parent) == ["b.zip", "demo"]  # no temp file beside it


def test_backup_while_another_connection_is_writing_is_consistent(
    workspace: Workspace, tmp_path: Path
) -> None:
    workspace.save(24, 2023, values={"treatment_rate": 91.0}, plan="已提交")
    writer = sqlite3.connect(workspace.root / "ecodesk.db", isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE entries SET plan = '未提交', revision = revision + 1")
    writer.execute("DELETE FROM audit")
    try:
        result = workspace.backup(tmp_path / "during.zip")
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    restored = restore_backup(result.path, tmp_path / "restored").root
    ws = Workspace.open(restored)
    try:
        entry = ws.entry(24, 2023)
        assert entry is not None and entry.plan == "已提交" and entry.revision == 1
        assert len(ws.history(24, 2023)) == 2  # the audit rows are whole
    finally:
        ws.close()


def test_default_name_names_the_office_or_the_task_force() -> None:
    from datetime import datetime

    when = datetime(2024, 3, 5, 9, 7)
    assert default_backup_name("成县", when) == "ecodesk-备份-成县-20240305-0907.zip"
    assert default_backup_name("", when) == "ecodesk-备份-工作专班-20240305-0907.zip"


# ------------------------------------------------------------------ refusing


def refused(
    path: Path, target: Path, code: str | None = None, match: str | None = None
) -> UserError:
    with pytest.raises(UserError, match=match) as caught:
        restore_backup(path, target)
    if code is not None:
        assert isinstance(caught.value, BackupError) and caught.value.code == code
        assert "未恢复任何内容" in str(caught.value)
    return caught.value


def flip_a_byte(backup: Path, dst: Path) -> Path:
    data = bytearray(backup.read_bytes())
    with zipfile.ZipFile(backup) as zf:
        info = zf.getinfo("ecodesk.db")
    data[info.header_offset + 30 + len(info.filename.encode()) + info.compress_size // 2] ^= 0x40
    dst.write_bytes(bytes(data))
    return dst


def set_db_hash(m: dict[str, Any]) -> None:
    m["members"]["ecodesk.db"]["sha256"] = "0" * 64


def relist(name: str, data: bytes) -> Callable[[dict[str, Any]], None]:
    """A manifest that lists `data` (hash and size) for `name`: consistent, but not the evidence."""

    def edit(m: dict[str, Any]) -> None:
        m["members"][name] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}

    return edit


def evidence_name(backup: Path) -> str:
    with zipfile.ZipFile(backup) as zf:
        return next(n for n in zf.namelist() if n.startswith("evidence/"))


def symlink_info() -> zipfile.ZipInfo:
    info = zipfile.ZipInfo("forms/link.toml")
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


@pytest.mark.parametrize(
    ("case", "code"),
    [
        ("flipped byte", "damaged"),
        ("missing member", "missing_member"),
        ("extra member", "extra_member"),
        ("unexpected member", "unexpected_member"),
        ("dot-dot path", "zip_slip"),
        ("absolute path", "absolute_path"),
        ("symlink", "symlink"),
        ("wrong manifest hash", "hash_mismatch"),
        ("evidence swapped", "hash_mismatch"),
        ("no manifest", "bad_manifest"),
        ("not a zip", "not_zip"),
    ],
)
def test_a_hostile_backup_is_refused_and_leaves_nothing(
    backup: Path, tmp_path: Path, case: str, code: str
) -> None:
    bad = tmp_path / "bad.zip"
    name = evidence_name(backup)
    other = "evidence/ff/" + "f" * 64
    making: dict[str, Callable[[], Path]] = {
        "flipped byte": lambda: flip_a_byte(backup, bad),
        "missing member": lambda: rewrite(backup, bad, drop=(name,)),
        "extra member": lambda: rewrite(backup, bad, add={other: b"x"}),
        "unexpected member": lambda: rewrite(backup, bad, add={"autorun.inf": b"x"}),
        "dot-dot path": lambda: rewrite(backup, bad, add={"forms/../../evil.txt": b"x"}),
        "absolute path": lambda: rewrite(backup, bad, add={"/tmp/evil.txt": b"x"}),
        "symlink": lambda: rewrite(backup, bad, infos=[symlink_info()]),
        "wrong manifest hash": lambda: rewrite(backup, bad, manifest=set_db_hash),
        "evidence swapped": lambda: rewrite(
            rewrite(backup, tmp_path / "half.zip", drop=(name,), manifest=relist(name, b"x")),
            bad,
            add={name: b"x"},
        ),
        "no manifest": lambda: rewrite(backup, bad, drop=(MANIFEST,)),
        "not a zip": lambda: (bad.write_bytes(b"PK\x03\x04 not really"), bad)[1],
    }
    making[case]()
    target = tmp_path / "out" / "ws"
    refused(bad, target, code)
    assert not (tmp_path / "out").exists()  # not even the parent folder it made
    assert not (tmp_path / "evil.txt").exists()


def newer(backup: Path, dst: Path, *, manifest_says: int, db_says: int) -> Path:
    work = dst.parent / "newer-work"
    with zipfile.ZipFile(backup) as zf:
        zf.extract("ecodesk.db", work)
    conn = sqlite3.connect(work / "ecodesk.db")
    conn.execute(f"PRAGMA user_version = {db_says}")
    conn.close()
    data = (work / "ecodesk.db").read_bytes()
    shutil.rmtree(work)

    def edit(m: dict[str, Any]) -> None:
        m["schema_version"] = manifest_says
        m["members"]["ecodesk.db"] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}

    rewrite(backup, dst.with_suffix(".tmp"), drop=("ecodesk.db",), manifest=edit)
    rewrite(dst.with_suffix(".tmp"), dst, add={"ecodesk.db": data})
    return dst


@pytest.mark.parametrize("manifest_says", [SCHEMA_VERSION + 1, SCHEMA_VERSION])
def test_a_backup_from_a_newer_ecodesk_is_refused(
    backup: Path, tmp_path: Path, manifest_says: int
) -> None:
    """Whether the manifest says so or only the database inside does."""
    bad = newer(
        backup, tmp_path / "newer.zip", manifest_says=manifest_says, db_says=SCHEMA_VERSION + 1
    )
    error = refused(bad, tmp_path / "ws", match="更新版本的 ecodesk")
    assert "newer.zip" in str(error)
    assert left_behind(tmp_path) == ["newer.tmp", "newer.zip"]


def test_never_restores_into_a_folder_that_is_not_empty(backup: Path, source: Path) -> None:
    before = dump(source)
    refused(backup, source, match="不是空文件夹.*绝不会覆盖")
    assert dump(source) == before
    (source.parent / "notes").mkdir()
    (source.parent / "notes" / "a.txt").write_text("x")
    refused(backup, source.parent / "notes", match="不是空文件夹")
    assert left_behind(source.parent / "notes") == ["a.txt"]


def test_restores_into_an_empty_folder(backup: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert restore_backup(backup, empty).root == empty
    assert (empty / "ecodesk.db").is_file()
    assert not [p for p in tmp_path.iterdir() if ".restoring-" in p.name]


def test_a_missing_backup_file_is_a_clear_error(tmp_path: Path) -> None:
    refused(tmp_path / "nope.zip", tmp_path / "ws", match="找不到文件")
    assert not (tmp_path / "ws").exists()
