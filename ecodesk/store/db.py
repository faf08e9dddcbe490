"""Opening a workspace database safely: pragmas, integrity check, schema version, migrations."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ecodesk import SCHEMA_VERSION
from ecodesk.core.errors import UserError
from ecodesk.core.i18n import t
from ecodesk.store.files import fsync_dir, replace_file
from ecodesk.store.sqlite import Database


class DatabaseDamaged(UserError):
    """The database fails SQLite's quick_check or is not a database any more.

    Callers that can help (the window, the CLI) offer the latest good backup; see
    `store.recovery`."""

    def __init__(self, path: Path | str, detail: str) -> None:
        self.path = Path(path)
        self.detail = detail
        super().__init__(
            t(
                f"数据库 {path} 已损坏（{_SQLITE_ZH.get(detail, detail)}）。请从备份恢复。",
                f"database {path} is damaged ({detail}). Restore it from a backup.",
            )
        )


# SQLite's words for the two kinds of damage a clerk meets, in plain Chinese.
_SQLITE_ZH = {
    "file is not a database": "文件不是数据库，可能已被其他内容覆盖",
    "database disk image is malformed": "数据库文件结构已损坏",
}


class DatabaseMissing(DatabaseDamaged):
    """The workspace folder is there (evidence, keys, backup settings) but its database is not."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.detail = "missing"
        UserError.__init__(
            self,
            t(
                f"找不到数据库 {path}（工作区的其他文件还在），可能被误删或被杀毒软件隔离。"
                "请从备份恢复。",
                f"the database {path} is missing (the rest of the workspace is there); it may "
                "have been deleted or quarantined by an antivirus. Restore it from a backup.",
            ),
        )


# SQLITE_CORRUPT and SQLITE_NOTADB: the file itself is broken (not locked, not missing).
_DAMAGE_CODES = {11, 26}


def is_damage(exc: sqlite3.Error) -> bool:
    return getattr(exc, "sqlite_errorcode", None) in _DAMAGE_CODES


def open_database(
    path: Path | str, *, read_only: bool = False, integrity_checked: bool = False
) -> Database:
    """Open (creating if needed) and migrate the database; refuse one from a newer ecodesk.

    The version is read before anything is written (not even the journal mode), so a
    database from a newer ecodesk is left byte for byte as it was. An older database is
    copied aside first (`db.migration_backup`), then migrated. With `read_only` nothing is
    ever written to the file (see `_open_read_only`). `integrity_checked`: another connection
    of this program checked the file moments ago (an import's worker processes), so the
    integrity check, which reads the whole file, is not repeated.
    """
    if read_only:
        return _open_read_only(Path(path), integrity_checked)
    backup: Path | None = None
    conn: sqlite3.Connection | None = None
    try:
        # Shared with one helper thread at most, in turn (store/merge_writer.py); SQLite itself
        # serializes the calls (sqlite3.threadsafety is 3 where it is built thread-safe).
        conn = sqlite3.connect(
            str(path), timeout=10.0, isolation_level=None, check_same_thread=False
        )
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            conn.close()
            raise newer_schema_error(path, version)
        check_integrity(conn, path)
        if 0 < version < SCHEMA_VERSION:
            backup = copy_before_migrating(conn, Path(path), version)
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA busy_timeout=10000")
    except BaseException as exc:
        if conn is not None:  # a damaged file must not stay open: it is moved aside to restore
            conn.close()
        if isinstance(exc, sqlite3.DatabaseError):
            if is_damage(exc):
                raise DatabaseDamaged(path, str(exc)) from None
            raise UserError(
                t(f"无法打开数据库 {path}：{exc}", f"cannot open database {path}: {exc}")
            ) from None
        raise
    db = Database(conn)
    db.path = Path(path)  # before migrating: a step may read the workspace folder
    _migrate(db, version)
    db.migrated_from = version if backup else None
    db.migration_backup = backup
    return db


def copy_before_migrating(conn: sqlite3.Connection, path: Path, version: int) -> Path:
    """A consistent copy of the database as it is, beside it, before a migration changes it.

    SQLite's backup API copies what is committed (the WAL included) even while another
    connection writes; the copy goes to a temp file and is renamed only when complete, so a
    failed copy (full disk) leaves nothing and the database is not migrated either.
    """
    target = _free_name(path.with_name(f"{path.name}.schema-{version}.bak"))
    fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=path.parent)
    os.close(fd)
    temp = Path(temp_name)
    try:
        dest = sqlite3.connect(temp_name)
        try:
            conn.backup(dest)
            dest.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        finally:
            dest.close()
        with temp.open("rb+") as handle:
            os.fsync(handle.fileno())
        replace_file(temp, target)
        fsync_dir(path.parent)
    except UserError:
        temp.unlink(missing_ok=True)
        raise
    except (OSError, sqlite3.Error) as exc:
        temp.unlink(missing_ok=True)
        raise UserError(
            t(
                f"升级数据库前无法把它复制到 {target}（{exc}）。数据库未作任何改动。",
                f"could not copy the database to {target} before upgrading it ({exc}). "
                "The database has not been changed.",
            )
        ) from None
    return target


def _free_name(path: Path) -> Path:
    """`path`, or `path` with .2, .3, … before .bak when an earlier copy is already there."""
    candidate, number = path, 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.stem}.{number}{path.suffix}")
    return candidate


def _open_read_only(path: Path, integrity_checked: bool = False) -> Database:
    """Open a database on read-only media (a CD, a locked USB stick, an archived copy).

    The file is opened with SQLite's `mode=ro`; a WAL database whose `-shm` cannot be created
    there is opened `immutable` instead. A database of an older schema is not migrated on the
    media: it is copied into memory (backup API) and the copy is migrated, so the current code
    can show it. Either way the connection is `query_only`, so no write can slip through.
    """
    uri = path.resolve().as_uri()
    try:
        try:
            conn = _connect_ro(f"{uri}?mode=ro")
        except sqlite3.OperationalError:
            conn = _connect_ro(f"{uri}?immutable=1")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            conn.close()
            raise newer_schema_error(path, version)
        try:
            if not integrity_checked:
                check_integrity(conn, path)
        except UserError:
            conn.close()
            raise
        if version < SCHEMA_VERSION:
            memory = sqlite3.connect(":memory:", isolation_level=None)
            conn.backup(memory)
            conn.close()
            conn = memory
        conn.execute("PRAGMA foreign_keys=ON")
    except sqlite3.DatabaseError as exc:
        if is_damage(exc):
            raise DatabaseDamaged(path, str(exc)) from None
        raise UserError(
            t(
                f"无法以只读方式打开数据库 {path}：{exc}",
                f"cannot open database {path} read-only: {exc}",
            )
        ) from None
    db = Database(conn)
    db.path = path  # before migrating: a step may read the workspace folder
    _migrate(db, version)  # in memory, or nothing to do
    conn.execute("PRAGMA query_only=ON")
    db.read_only = True
    db.migrated_from = version if version < SCHEMA_VERSION else None
    return db


def _connect_ro(uri: str) -> sqlite3.Connection:
    conn = sqlite3.connect(uri, uri=True, timeout=10.0, isolation_level=None)
    conn.execute("PRAGMA schema_version").fetchone()  # opening is lazy: read something now
    return conn


def newer_schema_error(path: Path | str, version: int) -> UserError:
    """The refusal of a database written by a newer ecodesk (also used for a newer backup)."""
    return UserError(
        t(
            f"数据库 {path} 来自更新版本的 ecodesk（数据库版本 {version}，本程序支持 {SCHEMA_VERSION}）。"
            "请升级 ecodesk 后再打开；为保护数据，本程序不会修改它。",
            f"database {path} was written by a newer ecodesk (schema {version}, this one knows "
            f"{SCHEMA_VERSION}). Upgrade ecodesk to open it; it has not been changed.",
        )
    )


def read_only_error(path: Path | None) -> UserError:
    """The refusal of a change to a workspace opened read-only."""
    where = path.parent if path else ""
    return UserError(
        t(
            f"工作区 {where} 是以只读方式打开的（只读介质或存档副本），不能修改。"
            "如需修改，请把整个工作区文件夹复制到可写的位置后再打开。",
            f"workspace {where} is open read-only (read-only media or an archived copy) and "
            "cannot be changed. Copy the whole workspace folder somewhere writable to change it.",
        )
    )


def check_integrity(conn: sqlite3.Connection, path: Path | str) -> None:
    rows = [r[0] for r in conn.execute("PRAGMA quick_check").fetchall()]
    if rows != ["ok"]:
        lines = [line for row in rows for line in str(row).splitlines() if line.strip()]
        raise DatabaseDamaged(path, "; ".join(lines[:2]) + ("; …" if len(lines) > 2 else ""))


BULK_CACHE_KIB = 64 * 1024


@contextmanager
def bulk_cache(db: Database) -> Iterator[None]:
    """A larger page cache (64 MB, SQLite's default is 2 MB) for the length of a bulk job: a
    national import inserts random UUIDs, touching index pages all over the database."""
    before = db.execute("PRAGMA cache_size").fetchone()[0]
    db.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
    try:
        yield
    finally:
        db.execute(f"PRAGMA cache_size = {int(before)}")


@contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """One writer transaction: BEGIN IMMEDIATE, commit on success, roll back on any error.

    Nested inside another `write_transaction` on the same database it joins the outer one,
    so a batch of saves (an Excel import, a bundle) lands or rolls back as a whole.
    """
    if db.read_only:
        raise read_only_error(db.path)
    depth = db._write_depth
    if depth:
        db._write_depth = depth + 1
        try:
            yield db
        finally:
            db._write_depth = depth
        return
    db.conn.execute("BEGIN IMMEDIATE")
    db._write_depth = 1
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    else:
        db.conn.execute("COMMIT")
    finally:
        db._write_depth = 0


def _migrate(db: Database, version: int) -> None:
    for target, step in enumerate(MIGRATIONS[version:], start=version + 1):
        with write_transaction(db):
            step(db)
            db.execute(f"PRAGMA user_version = {target}")


def _v1_initial(db: Database) -> None:
    db.table("meta").create({"key": str, "value": str}, pk="key")
    db.table("entries").create(
        {
            "uuid": str, "office": str, "task": int, "period": int, "values_json": str,
            "plan": str, "corrective_measures": str, "not_applicable": int,
            "not_applicable_reason": str, "state": str, "review": str, "review_comment": str,
            "revision": int, "install_id": str, "updated_at": str, "updated_by": str,
        },
        pk="uuid",
        not_null={"office", "task", "period", "revision"},
    )  # fmt: skip
    db.table("entries").create_index(["office", "task", "period"], unique=True)
    db.table("entries").create_index(["period", "task"])
    db.table("evidence_files").create({"sha256": str, "size": int, "stored_at": str}, pk="sha256")
    db.table("entry_evidence").create(
        {"entry_uuid": str, "sha256": str, "name": str, "added_at": str, "added_by": str},
        pk=("entry_uuid", "sha256"),
        foreign_keys=[("entry_uuid", "entries", "uuid"), ("sha256", "evidence_files", "sha256")],
    )
    db.table("audit").create(
        {"id": int, "entry_uuid": str, "revision": int, "at": str, "who": str, "field": str,
         "old": str, "new": str},
        pk="id",
        foreign_keys=[("entry_uuid", "entries", "uuid")],
    )  # fmt: skip
    db.table("audit").create_index(["entry_uuid", "id"])
    db.table("assignments").create(
        {"office": str, "task": int, "period": int, "assigned": int},
        pk=("office", "task", "period"),
    )
    db.table("assigned_targets").create(
        {"task": int, "indicator": str, "office": str, "period": int, "value": float},
        pk=("task", "indicator", "office", "period"),
    )


def _v2_bundles(db: Database) -> None:
    from ecodesk.store.bundle_schema import create_bundle_tables

    create_bundle_tables(db)


def _v3_trust_and_longevity(db: Database) -> None:
    from ecodesk.store.schema_v3 import V3_STEPS

    for step in V3_STEPS:
        step(db)


def _v4_after_0_2(db: Database) -> None:
    from ecodesk.store.schema_v4 import V4_STEPS

    for step in V4_STEPS:
        step(db)


MIGRATIONS: list[Callable[[Database], None]] = [
    _v1_initial,
    _v2_bundles,
    _v3_trust_and_longevity,
    _v4_after_0_2,
]
assert len(MIGRATIONS) == SCHEMA_VERSION
