"""Workspace backup and restore: one zip with the database, the evidence, forms, keys and a manifest.

`write_backup` copies the database with SQLite's online backup API (a consistent snapshot even
while the window is open and writing), adds every evidence file and the `forms/` and `keys/`
folders, lists each member's SHA-256 and size in `manifest.json`, writes the zip atomically and
reads it back (`verify_backup`) before it reports success.

`restore_backup` treats the zip as hostile. It only restores into an empty or new folder, never
over a workspace. Every member name, type and size is checked and every hash compared with the
manifest before anything is written; then the members are extracted into a temp folder beside
the target (hashed again as they are written), the database is opened (newer schema refused,
`quick_check`, migrations) and the folder is renamed into place. Any failure removes the temp
folder, so a failed restore leaves nothing behind.
The checks of a backup zip are in `store.backup_check`; the total must also fit the free disk
space. Members are named as in the workspace, so a person can open the zip and find their files.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import stat
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ecodesk import SCHEMA_VERSION, __version__
from ecodesk.core.errors import UserError
from ecodesk.core.filenames import portable_name
from ecodesk.core.i18n import t
from ecodesk.store.backup_check import (
    CHUNK,
    DB_MEMBER,
    FORMAT,
    FORMAT_VERSION,
    HEX64,
    MANIFEST,
    BackupError,
    Progress,
    check_hash,
    checked,
    chunks,
    open_zip,
    verify_backup,
)
from ecodesk.store.db import newer_schema_error, open_database
from ecodesk.store.files import atomic_writer, check_path_fits, fsync_dir, replace_file
from ecodesk.store.sqlite import Database

TASK_FORCE_NAME = "工作专班"
__all__ = ["BackupError", "BackupResult", "RestoreResult", "restore_backup", "verify_backup",
           "write_backup", "default_backup_name"]  # fmt: skip


@dataclass(frozen=True)
class BackupResult:
    path: Path
    members: int  # files in the zip, the manifest included
    evidence: int
    size: int  # bytes of the zip
    keys: bool  # it holds secret keys


@dataclass(frozen=True)
class RestoreResult:
    root: Path
    office: str
    role: str
    evidence: int


def default_backup_name(office: str, when: datetime | None = None) -> str:
    stamp = (when or datetime.now()).strftime("%Y%m%d-%H%M")
    return portable_name(f"ecodesk-备份-{office or TASK_FORCE_NAME}-{stamp}.zip")


# ------------------------------------------------------------------ writing


def _sources(root: Path) -> Iterator[tuple[str, Path]]:
    """(member name, file) for the evidence store, forms/ and keys/; links are never followed."""
    evidence = root / "evidence"
    if evidence.is_dir():
        for path in sorted(evidence.glob("??/*")):
            if HEX64.fullmatch(path.name) and path.parent.name == path.name[:2] and _plain(path):
                yield f"evidence/{path.parent.name}/{path.name}", path
    for folder in ("forms", "keys"):
        top = root / folder
        if top.is_dir() and not top.is_symlink():
            for path in sorted(top.rglob("*")):
                if _plain(path):
                    yield path.relative_to(root).as_posix(), path


def _plain(path: Path) -> bool:
    return path.is_file() and not path.is_symlink()


def _snapshot(db: Database, target: Path) -> int:
    """A consistent copy of the live database (other connections may be writing); its version."""
    dest = sqlite3.connect(str(target))
    try:
        db.conn.backup(dest)
        dest.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        return int(dest.execute("PRAGMA user_version").fetchone()[0])
    finally:
        dest.close()


def _zip_info(name: str, when: datetime) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=when.timetuple()[:6])
    info.create_system = 3  # unix permissions in external_attr
    mode = 0o600 if name.startswith("keys/") else 0o644  # keys are secret
    info.external_attr = (stat.S_IFREG | mode) << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _add_file(archive: zipfile.ZipFile, name: str, source: Path, when: datetime) -> dict[str, Any]:
    digest, size = hashlib.sha256(), 0
    large = source.stat().st_size > 1 << 31
    with (
        source.open("rb") as reader,
        archive.open(_zip_info(name, when), "w", force_zip64=large) as out,
    ):
        while chunk := reader.read(CHUNK):  # hash exactly the bytes that go into the zip
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    return {"sha256": digest.hexdigest(), "size": size}


def write_backup(
    root: Path,
    db: Database,
    target: Path,
    *,
    meta: dict[str, str],
    progress: Progress | None = None,
) -> BackupResult:
    """Back up the workspace at `root` (database `db`) into the zip `target`; verify it."""
    report = progress or (lambda _done, _total: None)
    when = datetime.now().astimezone()
    sources = list(_sources(root))
    total = 2 * (len(sources) + 2)  # write every member, then read every member back
    try:
        with tempfile.TemporaryDirectory(prefix="ecodesk-backup-") as temp:
            snapshot = Path(temp) / DB_MEMBER
            schema = _snapshot(db, snapshot)
            members: dict[str, dict[str, Any]] = {}
            with atomic_writer(target, private=True) as handle, zipfile.ZipFile(handle, "w") as zf:
                for done, (name, source) in enumerate([(DB_MEMBER, snapshot), *sources], 1):
                    members[name] = _add_file(zf, name, source, when)
                    report(done, total)
                manifest = {
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "app_version": __version__,
                    "schema_version": schema,
                    "office": meta.get("office", ""),
                    "role": meta.get("role", ""),
                    "install_id": meta.get("install_id", ""),
                    "created": when.isoformat(timespec="seconds"),
                    "members": members,
                }
                text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True)
                zf.writestr(_zip_info(MANIFEST, when), text.encode())
    except (OSError, sqlite3.Error) as exc:
        raise BackupError(
            target,
            "write_failed",
            f"无法写入备份（{getattr(exc, 'strerror', None) or exc}）",
            f"cannot write the backup ({getattr(exc, 'strerror', None) or exc})",
        ) from None
    half = total // 2
    report(half, total)
    try:
        verify_backup(target, progress=lambda done, _n: report(half + done, total))
    except UserError as exc:
        target.unlink(missing_ok=True)
        raise BackupError(
            target,
            "verify_failed",
            f"写入后读回校验失败，已删除该文件（{exc}）",
            f"reading it back after writing failed; it was deleted ({exc})",
        ) from None
    report(total, total)
    evidence = sum(1 for name in members if name.startswith("evidence/"))
    keys = any(name.startswith("keys/") for name in members)
    return BackupResult(target, len(members) + 1, evidence, target.stat().st_size, keys)


# ------------------------------------------------------------------ restoring


def _check_target(target: Path) -> None:
    if target.is_symlink() or target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UserError(
            t(
                f"{target} 不是空文件夹。恢复只能放进一个空的或新的文件夹，绝不会覆盖已有的工作区；"
                "请另选一个文件夹。",
                f"{target} is not an empty folder. A backup is restored only into an empty or new "
                "folder, never over an existing workspace; choose another folder.",
            )
        )


def _extract(
    path: Path, zf: zipfile.ZipFile, members: dict[str, Any], temp: Path, progress: Progress
) -> None:
    total = 2 * len(members)
    for done, (name, entry) in enumerate(sorted(members.items()), len(members) + 1):
        target = temp.joinpath(*name.split("/"))
        secret = name.startswith("keys/")
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700 if secret else 0o777)
        digest = hashlib.sha256()
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        with os.fdopen(os.open(target, flags, 0o600 if secret else 0o666), "wb") as out:
            for chunk in chunks(path, zf, zf.getinfo(name), entry["size"]):
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        check_hash(path, name, digest, entry["sha256"])  # the zip may have changed meanwhile
        progress(done, total)


def _open_restored(path: Path, root: Path) -> dict[str, str]:
    """Refuse a newer schema (naming the backup), then open as ecodesk does: quick_check, migrate."""
    db_path = root / DB_MEMBER
    try:
        conn = sqlite3.connect(f"{db_path.as_uri()}?mode=ro", uri=True)
        try:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(
            path,
            "bad_database",
            f"备份中的数据库无法打开（{exc}）",
            f"the database in the backup cannot be opened ({exc})",
        ) from None
    if version > SCHEMA_VERSION:
        raise newer_schema_error(path, version)
    db = open_database(db_path)
    try:
        rows = db.execute("SELECT key, value FROM meta").fetchall()
    finally:
        db.conn.close()
    return {str(key): str(value) for key, value in rows}


def restore_backup(
    source: Path, target: Path, *, progress: Progress | None = None
) -> RestoreResult:
    """Restore the backup `source` into `target`, an empty or non-existent folder."""
    try:
        return _restore(source, Path(os.path.abspath(target)), progress)
    except BackupError as exc:
        raise BackupError(
            source, exc.code, f"{exc.zh}。未恢复任何内容。", f"{exc.en}; nothing was restored."
        ) from None


def _restore(source: Path, target: Path, progress: Progress | None) -> RestoreResult:
    report = progress or (lambda _done, _total: None)
    _check_target(target)
    with open_zip(source) as zf:
        manifest = checked(source, zf, report, rounds=2)
        members: dict[str, Any] = manifest["members"]
        if manifest["schema_version"] > SCHEMA_VERSION:
            raise newer_schema_error(source, manifest["schema_version"])
        _check_space(source, target, sum(entry["size"] for entry in members.values()))
        _check_path_lengths(target, members)
        missing = [p for p in (target.parent, *target.parent.parents) if not p.exists()]
        temp: Path | None = None
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            temp = Path(tempfile.mkdtemp(prefix=f".{target.name}.restoring-", dir=target.parent))
            _extract(source, zf, members, temp, report)
            meta = _open_restored(source, temp)
            _check_target(target)  # still empty: nobody made a workspace there meanwhile
            if target.exists():
                target.rmdir()
            replace_file(temp, target)
            fsync_dir(target.parent)
        except BaseException:
            if temp is not None:
                shutil.rmtree(temp, ignore_errors=True)
            if missing:  # the folders this restore created
                shutil.rmtree(missing[-1], ignore_errors=True)
            raise
    evidence = sum(1 for name in members if name.startswith("evidence/"))
    return RestoreResult(target, meta.get("office", ""), meta.get("role", ""), evidence)


def _check_path_lengths(target: Path, members: dict[str, Any]) -> None:
    """The deepest restored file must fit Windows' path limit, in the temp folder too."""
    longest = max(members, key=len, default=DB_MEMBER)
    temp = target.parent / f".{target.name}.restoring-12345678"
    check_path_fits(target.joinpath(*longest.split("/")), also=temp.joinpath(*longest.split("/")))


def _check_space(source: Path, target: Path, need: int) -> None:
    existing = next(p for p in (target, *target.parents) if p.exists())
    megabytes = need // 1024 // 1024 + 64
    if shutil.disk_usage(existing).free < need + 64 * 1024 * 1024:
        raise BackupError(
            source,
            "no_space",
            f"{existing} 所在磁盘空间不足（需要约 {megabytes} MB）",
            f"not enough space on the disk of {existing} (about {megabytes} MB needed)",
        )
