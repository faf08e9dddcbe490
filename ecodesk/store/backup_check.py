"""Checking a workspace backup zip as hostile: member rules, the manifest, every SHA-256.

The member rules follow `ecodesk.bundle.safezip` (which the store layer may not import, and whose
in-memory reading and 1 GB cap do not fit a workspace of many gigabytes): no absolute or `..`
paths, no backslashes, symlinks, encrypted members or names that collide by case; only the
names a backup writes (`ecodesk.db`, `evidence/ab/abcd…`, `forms/…`, `keys/…`, the manifest).
Instead of a size cap, a member is read no further than the size its manifest entry declares,
and every member must be listed in the manifest with that size and its SHA-256.
"""

from __future__ import annotations

import hashlib
import re
import stat
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ecodesk.core import strictjson
from ecodesk.core.errors import UserError
from ecodesk.core.i18n import t
from ecodesk.core.safetext import clean, quote

Progress = Callable[[int, int], None]
FORMAT = "ecodesk-workspace-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DB_MEMBER = "ecodesk.db"  # the same name as the workspace's database (store.workspace.DB_NAME)
MAX_MEMBERS = 200_000
MAX_MANIFEST_BYTES = 32 * 1024 * 1024
CHUNK = 1024 * 1024
HEX64 = re.compile(r"[0-9a-f]{64}")
_BAD_PART = re.compile(r'[<>:"|?*\x00-\x1f\\]')
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError, ValueError)


class BackupError(UserError):
    """A backup could not be written or a backup file was refused; `code` names the problem."""

    def __init__(self, path: Path, code: str, zh: str, en: str) -> None:
        zh, en = clean(zh), clean(en)  # member names and keys come from the file
        self.path, self.code, self.zh, self.en = path, code, zh, en
        super().__init__(t(f"{quote(path.name, 200)}：{zh}", f"{quote(path.name, 200)}: {en}"))


def _allowed(name: str) -> bool:
    if name in (MANIFEST, DB_MEMBER):
        return True
    parts = name.split("/")
    if parts[0] == "evidence":
        return len(parts) == 3 and bool(HEX64.fullmatch(parts[2])) and parts[1] == parts[2][:2]
    return (
        parts[0] in ("forms", "keys")
        and len(parts) >= 2
        and all(
            p and p not in (".", "..") and not p.endswith((" ", ".")) and not _BAD_PART.search(p)
            for p in parts[1:]
        )
    )


def _check_members(path: Path, zf: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise BackupError(
            path,
            "too_many_members",
            f"成员过多（{len(infos)} 个）",
            f"too many members ({len(infos)})",
        )
    found: dict[str, zipfile.ZipInfo] = {}
    folded: dict[str, str] = {}
    for info in infos:
        name = info.filename
        if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
            raise BackupError(
                path,
                "absolute_path",
                f"成员“{quote(name)}”使用了绝对路径",
                f"member '{quote(name)}' has an absolute path",
            )
        if "\\" in name or "\x00" in name:
            raise BackupError(
                path,
                "bad_member_name",
                f"成员名“{quote(name)}”含有不允许的字符",
                f"member name '{quote(name)}' has forbidden characters",
            )
        if ".." in name.split("/"):
            raise BackupError(
                path,
                "zip_slip",
                f"成员“{quote(name)}”试图跳出目录（..）",
                f"member '{quote(name)}' tries to leave its folder (..)",
            )
        if stat.S_ISLNK(info.external_attr >> 16):
            raise BackupError(
                path,
                "symlink",
                f"成员“{quote(name)}”是符号链接",
                f"member '{quote(name)}' is a symbolic link",
            )
        if info.flag_bits & 0x1 or info.compress_type not in (
            zipfile.ZIP_STORED,
            zipfile.ZIP_DEFLATED,
        ):
            raise BackupError(
                path,
                "compression",
                f"成员“{quote(name)}”被加密或使用了不支持的压缩方式",
                f"member '{quote(name)}' is encrypted or uses an unsupported compression",
            )
        key = unicodedata.normalize("NFC", name).casefold()
        if key in folded:
            raise BackupError(
                path,
                "duplicate_member",
                f"成员“{quote(name)}”与“{folded[key]}”重名",
                f"member '{quote(name)}' collides with '{folded[key]}'",
            )
        folded[key] = name
        if not _allowed(name):
            raise BackupError(
                path,
                "unexpected_member",
                f"不应出现的成员“{quote(name)}”",
                f"unexpected member '{quote(name)}'",
            )
        found[name] = info
    return found


def _valid_manifest(manifest: Any) -> bool:
    members = manifest.get("members") if isinstance(manifest, dict) else None
    return (
        isinstance(members, dict)
        and manifest.get("format") == FORMAT
        and type(manifest.get("format_version")) is int
        and type(manifest.get("schema_version")) is int
        and all(
            isinstance(m, dict)
            and isinstance(m.get("sha256"), str)
            and bool(HEX64.fullmatch(m["sha256"]))
            and type(m.get("size")) is int
            and m["size"] >= 0
            for m in members.values()
        )
    )


def _read_manifest(
    path: Path, zf: zipfile.ZipFile, infos: dict[str, zipfile.ZipInfo]
) -> dict[str, Any]:
    bad = BackupError(
        path,
        "bad_manifest",
        "manifest.json 缺失或格式不对（这不是 ecodesk 工作区备份？）",
        "manifest.json is missing or malformed (not an ecodesk workspace backup?)",
    )
    info = infos.get(MANIFEST)
    if info is None or info.file_size > MAX_MANIFEST_BYTES:
        raise bad
    try:
        with zf.open(info) as handle:
            data = handle.read(MAX_MANIFEST_BYTES + 1)
        manifest = strictjson.loads(data, MANIFEST)
    except strictjson.JsonProblem as exc:
        raise BackupError(path, "bad_manifest", exc.zh, exc.en) from None
    except _ZIP_ERRORS:
        raise bad from None
    if not _valid_manifest(manifest):
        raise bad
    if manifest["format_version"] > FORMAT_VERSION:
        raise BackupError(
            path,
            "backup_version",
            "这个备份来自更新版本的 ecodesk，请先升级",
            "this backup was made by a newer ecodesk; upgrade first",
        )
    return manifest  # type: ignore[no-any-return]


def _check_listing(path: Path, infos: dict[str, zipfile.ZipInfo], members: dict[str, Any]) -> None:
    listed, present = set(members), set(infos) - {MANIFEST}
    missing = sorted(listed - present) or ([] if DB_MEMBER in listed else [DB_MEMBER])
    if missing:
        name = missing[0]
        raise BackupError(
            path, "missing_member", f"缺少成员“{quote(name)}”", f"member '{quote(name)}' is missing"
        )
    extra = sorted(present - listed)
    if extra:
        name = extra[0]
        raise BackupError(
            path,
            "extra_member",
            f"成员“{quote(name)}”不在清单中",
            f"member '{quote(name)}' is not in the manifest",
        )
    for name, entry in members.items():
        if infos[name].file_size != entry["size"]:
            raise BackupError(
                path,
                "size_mismatch",
                f"成员“{quote(name)}”的大小与清单不符",
                f"member '{quote(name)}' does not have the size the manifest lists",
            )
        if name.startswith("evidence/") and name.rsplit("/", 1)[1] != entry["sha256"]:
            raise BackupError(
                path,
                "hash_mismatch",
                f"佐证材料“{quote(name)}”与清单中的 SHA-256 不符",
                f"evidence '{quote(name)}' does not match its SHA-256 in the manifest",
            )


def chunks(path: Path, zf: zipfile.ZipFile, info: zipfile.ZipInfo, size: int) -> Iterator[bytes]:
    """The member's bytes, never more than the manifest declares (a zip bomb stops there)."""
    done = 0
    try:
        with zf.open(info) as handle:
            while chunk := handle.read(CHUNK):
                done += len(chunk)
                if done > size:
                    raise BackupError(
                        path,
                        "size_mismatch",
                        f"成员“{info.filename}”比清单所列更大",
                        f"member '{info.filename}' is larger than the manifest lists",
                    )
                yield chunk
    except _ZIP_ERRORS as exc:
        raise BackupError(
            path,
            "damaged",
            f"备份文件已损坏（{info.filename}：{exc}）",
            f"the backup is damaged ({info.filename}: {exc})",
        ) from None


def check_hash(path: Path, name: str, digest: Any, expected: str) -> None:
    if digest.hexdigest() != expected:
        raise BackupError(
            path,
            "hash_mismatch",
            f"成员“{quote(name)}”与清单中的 SHA-256 不符（文件已损坏或被改动）",
            f"member '{quote(name)}' does not match its SHA-256 in the manifest (damaged or altered)",
        )


def open_zip(path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except FileNotFoundError:
        raise UserError(t(f"找不到文件 {path}", f"no such file: {path}")) from None
    except _ZIP_ERRORS:
        raise BackupError(
            path, "not_zip", "不是 zip 文件或已损坏", "not a zip file, or damaged"
        ) from None


def checked(path: Path, zf: zipfile.ZipFile, progress: Progress, rounds: int = 1) -> dict[str, Any]:
    """The manifest, once every member passed the rules and matched its hash (nothing written).

    `rounds` is 2 when a restore's extraction follows, for a progress bar that runs through both.
    """
    infos = _check_members(path, zf)
    manifest = _read_manifest(path, zf, infos)
    members: dict[str, Any] = manifest["members"]
    _check_listing(path, infos, members)
    for done, (name, entry) in enumerate(sorted(members.items()), 1):
        digest = hashlib.sha256()
        for chunk in chunks(path, zf, infos[name], entry["size"]):
            digest.update(chunk)
        check_hash(path, name, digest, entry["sha256"])
        progress(done, rounds * len(members))
    return manifest


def verify_backup(path: Path, *, progress: Progress | None = None) -> dict[str, Any]:
    """Check a backup file without writing anything; its manifest."""
    with open_zip(path) as zf:
        return checked(path, zf, progress or (lambda _d, _t: None))
