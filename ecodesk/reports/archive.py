"""The evidence archive: one zip the ministry can check file by file against the workbook.

Layout (the period folder at the top, so several years can sit side by side)::

    2023/成县/24-城镇污水处理率/统计年报.pdf
    2023/生态文明建设档案-2023.xlsx
    manifest-sha256.txt        # "<sha256>  <path>" per file, as `sha256sum -c` reads it
    说明.txt                    # what this is and how to check it

Members are sorted and carry one timestamp taken from the data, the workbook is saved
reproducibly, so the same data gives the same bytes. The zip is written atomically.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ecodesk.core.errors import UserError
from ecodesk.core.i18n import t
from ecodesk.reports.model import ArchiveData, EvidenceItem
from ecodesk.reports.workbook import write_workbook
from ecodesk.reports.xlsxio import zip_time
from ecodesk.store.files import atomic_writer

Progress = Callable[[int, int], None]
MANIFEST = "manifest-sha256.txt"
README = "说明.txt"
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class ArchiveResult:
    path: Path
    files: int  # evidence files written (each distinct path once)
    bytes: int  # evidence bytes written
    workbook_path: str  # the workbook's path inside the zip


def workbook_name(data: ArchiveData) -> str:
    scope = f"-{data.offices[0]}" if len(data.offices) == 1 else ""
    return f"生态文明建设档案-{data.period}{scope}.xlsx"


def default_archive_name(period: int, office: str | None) -> str:
    return f"生态文明建设档案-{period}{f'-{office}' if office else ''}.zip"


def _evidence(data: ArchiveData) -> list[EvidenceItem]:
    unique = {item.path: item for record in data.records.values() for item in record.evidence}
    return [unique[path] for path in sorted(unique)]


def write_archive(
    data: ArchiveData,
    target: Path,
    evidence_file: Callable[[str], Path],
    progress: Progress | None = None,
) -> ArchiveResult:
    """Write the evidence archive to `target` (atomically: temp file, fsync, rename).

    `evidence_file(sha256)` gives the stored copy of a file (`Workspace.evidence_file`).
    `progress(done, total)` is called after each file; total counts evidence files plus the
    workbook. A stored file whose bytes no longer match its hash stops the archive with an
    error, so the archive never vouches for a damaged file.
    """
    items = _evidence(data)
    total = len(items) + 1
    report = progress or (lambda done, total: None)
    report(0, total)
    book = io.BytesIO()
    write_workbook(data, book)
    book_path = f"{data.period}/{workbook_name(data)}"
    members: list[tuple[str, EvidenceItem | bytes]] = [(item.path, item) for item in items]
    members.append((book_path, book.getvalue()))
    members.sort(key=lambda m: m[0])
    manifest: list[tuple[str, str]] = []
    done = written = 0
    stamp = zip_time(data.stamp)
    with (
        atomic_writer(target) as handle,
        zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as zf,
    ):
        for path, member in members:
            info = zipfile.ZipInfo(path, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            if isinstance(member, bytes):
                zf.writestr(info, member)
                manifest.append((hashlib.sha256(member).hexdigest(), path))
            else:
                written += _copy_checked(zf, info, evidence_file(member.sha256), member)
                manifest.append((member.sha256, path))
            done += 1
            report(done, total)
        for name, text in (
            (MANIFEST, _manifest_text(manifest)),
            (README, _readme(data, book_path)),
        ):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, text.encode("utf-8"))
    return ArchiveResult(target, len(items), written, book_path)


def _copy_checked(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, source: Path, item: EvidenceItem
) -> int:
    digest = hashlib.sha256()
    size = 0
    try:
        with (
            source.open("rb") as reader,
            zf.open(info, "w", force_zip64=item.size > 2**31) as writer,
        ):
            while chunk := reader.read(_CHUNK):
                digest.update(chunk)
                writer.write(chunk)
                size += len(chunk)
    except FileNotFoundError:
        raise UserError(
            t(
                f"佐证材料缺失：{item.name}（{item.sha256[:12]}），无法归档",
                f"evidence file missing: {item.name} ({item.sha256[:12]}); cannot archive",
            )
        ) from None
    if digest.hexdigest() != item.sha256:
        raise UserError(
            t(
                f"佐证材料已损坏：{item.name}（内容与 SHA-256 不符），无法归档",
                f"evidence file damaged: {item.name} (does not match its SHA-256); cannot archive",
            )
        )
    return size


def _manifest_text(manifest: list[tuple[str, str]]) -> str:
    return "".join(f"{sha}  {path}\n" for sha, path in sorted(manifest, key=lambda m: m[1]))


def _readme(data: ArchiveData, book_path: str) -> str:
    offices = "、".join(data.offices) if len(data.offices) <= 12 else f"{len(data.offices)} 个单位"
    return (
        f"陇南市国家生态文明建设示范市 {data.period} 年度指标档案\n"
        f"范围：{offices}\n"
        f"数据截至：{data.stamp:%Y-%m-%d %H:%M}（UTC）\n\n"
        f"汇总表：{book_path}（“来源”工作表列出每份佐证材料的 SHA-256 与归档路径）\n"
        f"佐证材料：{data.period}/单位/任务号-任务名/文件\n"
        f"校验：{MANIFEST} 列出本档案中每个文件的 SHA-256。解压后在此文件夹运行\n"
        f"    sha256sum -c {MANIFEST}\n"
        "（Windows：certutil -hashfile 文件名 SHA256）\n"
        "由 ecodesk 生成；相同数据重新生成的档案逐字节相同。\n"
    )
