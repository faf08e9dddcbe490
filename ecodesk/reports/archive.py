"""The yearly archive: one zip the ministry can check file by file, and check who vouches for it.

Layout (archive format 2; the period folder at the top, so several years can sit side by side)::

    2023/成县/24-城镇污水处理率/统计年报.pdf       evidence
    2023/成县/填报报告-成县-2023.pdf              each office's printable report
    2023/生态文明建设档案-2023.xlsx               the workbook
    signed/ keys/ forms/ archive.json             see archive_proof.py
    taskforce.pub                                 the maker's minisign public key
    README.txt, 说明.txt                          what this is and how to check it, step by step
    manifest-sha256.txt                           "<sha256>  <path>" per file (`sha256sum -c`)
    manifest-sha256.txt.minisig                   the maker's signature of it (`minisign -V`)

Every name is portable (core/filenames.py). Members are sorted, carry one timestamp taken from
the data, the workbook and reports are reproducible and in Chinese whatever the UI language, and
Ed25519 signatures are deterministic: the same data gives the same bytes. Written atomically.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ecodesk.core.errors import UserError
from ecodesk.core.filenames import MAX_NAME, fits_windows_path, name_key, portable_name
from ecodesk.core.i18n import fixed_language, t
from ecodesk.core.timefmt import document_zip_time
from ecodesk.reports.archive_proof import OfficePdf, Proof, gather_proof
from ecodesk.reports.archive_readme import readme_texts
from ecodesk.reports.model import ArchiveData, EvidenceItem, collect
from ecodesk.reports.workbook import write_workbook
from ecodesk.reports.xlsxio import zip_time
from ecodesk.store.files import atomic_writer
from ecodesk.versions import ARCHIVE_FORMAT_VERSION

Progress = Callable[[int, int], None]
MANIFEST = "manifest-sha256.txt"
SIGNATURE = f"{MANIFEST}.minisig"
README = "说明.txt"
README_EN = "README.txt"
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class ArchiveResult:
    path: Path
    files: int  # evidence files written (each distinct path once)
    bytes: int  # evidence bytes written
    workbook_path: str  # the workbook's path inside the zip
    bundles: int = 0  # signed bundles included
    keys: int = 0  # public keys included
    reports: int = 0  # PDF reports included
    signed: bool = False  # manifest-sha256.txt.minisig written


def workbook_name(data: ArchiveData) -> str:
    scope = f"-{data.offices[0]}" if len(data.offices) == 1 else ""
    return portable_name(f"生态文明建设档案-{data.period}{scope}.xlsx")


def default_archive_name(period: int, office: str | None) -> str:
    return portable_name(f"生态文明建设档案-{period}{f'-{office}' if office else ''}.zip")


def build_archive(
    ws: Any,
    period: int,
    office: str | None,
    target: Path,
    *,
    office_pdf: OfficePdf | None,
    progress: Progress | None = None,
) -> ArchiveResult:
    """The yearly archive of `period` (one office, or every office when None) at `target`.

    The CLI and the window call this. `office_pdf(office)` renders an office's printable report
    (`ecodesk.ui.report_pdf`; None leaves the reports out). Everything is produced in Chinese,
    whatever the language of the window or the command line, so the bytes depend on the data only.
    """
    with fixed_language("zh"):
        data = collect(ws, period, office)
        proof = gather_proof(ws, data, office_pdf)
        return write_archive(data, target, ws.evidence_file, progress, proof=proof)


def _evidence(data: ArchiveData) -> list[EvidenceItem]:
    unique = {item.path: item for record in data.records.values() for item in record.evidence}
    return [unique[path] for path in sorted(unique)]


def write_archive(
    data: ArchiveData,
    target: Path,
    evidence_file: Callable[[str], Path],
    progress: Progress | None = None,
    *,
    proof: Proof | None = None,
) -> ArchiveResult:
    """Write the evidence archive to `target` (atomically: temp file, fsync, rename).

    `evidence_file(sha256)` gives the stored copy of a file (`Workspace.evidence_file`).
    `progress(done, total)` is called after each file; total counts evidence files plus the
    workbook. A stored file whose bytes no longer match its hash stops the archive with an
    error, so the archive never vouches for a damaged file. `proof` (archive_proof.py) adds the
    signed material, keys, forms and reports, and signs the manifest; without it (benchmarks)
    the archive has the workbook and the evidence only.
    """
    items = _evidence(data)
    extras = list(proof.files) if proof else []
    total = len(items) + 1 + len(extras)
    report = progress or (lambda done, total: None)
    report(0, total)
    book = io.BytesIO()
    with fixed_language("zh"):
        write_workbook(data, book)
    book_path = f"{data.period}/{workbook_name(data)}"
    members: list[tuple[str, EvidenceItem | bytes]] = [(item.path, item) for item in items]
    members.append((book_path, book.getvalue()))
    members += extras
    members.sort(key=lambda m: m[0])
    check_portable([path for path, _ in members])
    manifest: list[tuple[str, str]] = []
    done = written = 0
    stamp = zip_time(document_zip_time(data.stamp))  # unzip tools show it as wall-clock time
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
        readmes = readme_texts(data, book_path, proof)
        for name in (README_EN, README):
            manifest.append((hashlib.sha256(readmes[name]).hexdigest(), name))
        manifest_bytes = _manifest_text(manifest).encode("utf-8")
        closing = [
            (MANIFEST, manifest_bytes),
            (README_EN, readmes[README_EN]),
            (README, readmes[README]),
        ]
        if proof:
            comment = (f"ecodesk archive format={ARCHIVE_FORMAT_VERSION} period={data.period} "
                       f"offices={len(data.offices)} maker={proof.signer.fingerprint}")  # fmt: skip
            closing.append((SIGNATURE, proof.signer.sign(manifest_bytes, comment)))
        for name, content in closing:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, content)
    return ArchiveResult(target, len(items), written, book_path,
                         bundles=proof.bundles if proof else 0, keys=proof.keys if proof else 0,
                         reports=proof.reports if proof else 0, signed=proof is not None)  # fmt: skip


def check_portable(paths: list[str]) -> None:
    """Every member name is portable, short enough and distinct after case folding (a guard:
    the names are made portable where they are chosen)."""
    seen: dict[str, str] = {}
    for path in paths:
        for part in path.split("/"):
            assert part == portable_name(part, max_units=MAX_NAME), path
        assert fits_windows_path(path), path
        key = name_key(path)
        assert key not in seen, (path, seen.get(key))
        seen[key] = path


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
