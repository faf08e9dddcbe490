"""Reading a zip from outside as if it were hostile: caps, member-name rules, careful reads."""

from __future__ import annotations

import hashlib
import io
import re
import stat
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterator
from typing import IO

from ecodesk.bundle.errors import Refusal
from ecodesk.core.safetext import quote

MAX_MEMBERS = 20_000
MAX_MEMBER_BYTES = 256 * 1024 * 1024
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
MAX_RATIO = 100  # uncompressed / compressed, checked while reading
RATIO_FLOOR = 1024 * 1024  # small members may compress well without suspicion
_CHUNK = 64 * 1024
_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    NotImplementedError,
    RuntimeError,
    OSError,
    ValueError,
)


def _broken(exc: BaseException) -> Refusal:
    return Refusal("zip_broken", f"内部 zip 已损坏（{exc}）", f"the inner zip is broken ({exc})")


class SafeZip:
    """A zip (bytes, or a file read in place) whose member list passed the rules; read members
    with `read`, `chunks` or `lines`."""

    def __init__(self, data: bytes | IO[bytes], allowed: Callable[[str], bool]) -> None:
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data)
            infos = self._zip.infolist()
        except _ERRORS:
            raise Refusal(
                "not_zip", "解密后的内容不是 zip 文件", "the decrypted content is not a zip file"
            ) from None
        if len(infos) > MAX_MEMBERS:
            raise Refusal(
                "too_many_members",
                f"成员过多（{len(infos)} 个，上限 {MAX_MEMBERS}）",
                f"too many members ({len(infos)}, limit {MAX_MEMBERS})",
            )
        self.infos: dict[str, zipfile.ZipInfo] = {}
        folded: dict[str, str] = {}
        for info in infos:
            name = info.filename
            _check_name(name)
            if stat.S_ISLNK(info.external_attr >> 16):
                raise Refusal(
                    "symlink",
                    f"成员“{quote(name)}”是符号链接",
                    f"member '{quote(name)}' is a symbolic link",
                )
            if info.flag_bits & 0x1:
                raise Refusal(
                    "encrypted_member",
                    f"成员“{quote(name)}”被加密了",
                    f"member '{quote(name)}' is encrypted",
                )
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise Refusal(
                    "compression",
                    f"成员“{quote(name)}”使用了不支持的压缩方式",
                    f"member '{quote(name)}' uses an unsupported compression method",
                )
            if name in self.infos:
                raise Refusal(
                    "duplicate_member",
                    f"成员“{quote(name)}”出现了两次",
                    f"member '{quote(name)}' appears twice",
                )
            key = unicodedata.normalize("NFC", name).casefold()
            if key in folded:
                raise Refusal(
                    "colliding_member",
                    f"成员“{quote(name)}”与“{quote(folded[key])}”仅大小写或编码不同",
                    f"member '{quote(name)}' collides with '{quote(folded[key])}' (case or Unicode form)",
                )
            folded[key] = name
            if not allowed(name):
                raise Refusal(
                    "unexpected_member",
                    f"不应出现的成员“{quote(name)}”",
                    f"unexpected member '{quote(name)}'",
                )
            if info.file_size > MAX_MEMBER_BYTES:
                raise Refusal(
                    "member_too_large",
                    f"成员“{quote(name)}”过大",
                    f"member '{quote(name)}' is too large",
                )
            self.infos[name] = info
        if sum(i.file_size for i in infos) > MAX_TOTAL_BYTES:
            raise Refusal("too_large", "内容总量过大", "the content is too large in total")

    def close(self) -> None:
        self._zip.close()

    def names(self) -> list[str]:
        return list(self.infos)

    def chunks(self, name: str, cap: int = MAX_MEMBER_BYTES) -> Iterator[bytes]:
        """Yield the member's bytes, stopping a decompression bomb while it expands."""
        info = self.infos[name]
        limit = min(cap, MAX_MEMBER_BYTES, info.file_size)
        done = 0
        try:
            with self._zip.open(info) as handle:
                while chunk := handle.read(_CHUNK):
                    done += len(chunk)
                    if done > limit:
                        raise Refusal(
                            "member_too_large",
                            f"成员“{quote(name)}”过大或与声明的大小不符",
                            f"member '{quote(name)}' is too large or larger than declared",
                        )
                    if done > RATIO_FLOOR and done > MAX_RATIO * max(info.compress_size, 1):
                        raise Refusal(
                            "zip_bomb",
                            f"成员“{quote(name)}”的压缩比异常（疑似压缩炸弹）",
                            f"member '{quote(name)}' has an absurd compression ratio (a zip bomb?)",
                        )
                    yield chunk
        except _ERRORS as exc:
            raise _broken(exc) from None

    def read(self, name: str, cap: int = MAX_MEMBER_BYTES) -> bytes:
        if name not in self.infos:
            raise Refusal(
                "missing_member", f"缺少成员“{quote(name)}”", f"member '{quote(name)}' is missing"
            )
        return b"".join(self.chunks(name, cap))

    def lines(self, name: str, cap: int, max_line: int) -> Iterator[bytes]:
        """The member's lines (split at newline, without it), one at a time: memory holds one."""
        if name not in self.infos:
            raise Refusal(
                "missing_member", f"缺少成员“{quote(name)}”", f"member '{quote(name)}' is missing"
            )
        pending, number = b"", 0
        for chunk in self.chunks(name, cap):
            *complete, pending = (pending + chunk).split(b"\n")
            for line in complete:
                number += 1
                _check_line(name, number, line, max_line)
                yield line
            _check_line(name, number + 1, pending, max_line)
        if pending:
            yield pending

    def sha256(self, name: str) -> str:
        digest = hashlib.sha256()
        for chunk in self.chunks(name):
            digest.update(chunk)
        return digest.hexdigest()


def _check_line(name: str, number: int, line: bytes, max_line: int) -> None:
    if len(line) > max_line:
        raise Refusal(
            "line_too_long", f"{name} 第 {number} 行过长", f"{name} line {number} is too long"
        )


_DRIVE = re.compile(r"^[A-Za-z]:")


def _check_name(name: str) -> None:
    if name.startswith("/") or _DRIVE.match(name):
        raise Refusal(
            "absolute_path",
            f"成员“{quote(name)}”使用了绝对路径",
            f"member '{quote(name)}' has an absolute path",
        )
    if "\\" in name or "\x00" in name:
        raise Refusal(
            "bad_member_name",
            f"成员名“{quote(name)}”含有不允许的字符",
            f"member name '{quote(name)}' has forbidden characters",
        )
    if ".." in name.split("/"):
        raise Refusal(
            "zip_slip",
            f"成员“{quote(name)}”试图跳出目录（..）",
            f"member '{quote(name)}' tries to leave its folder (..)",
        )
