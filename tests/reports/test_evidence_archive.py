"""The evidence zip: layout, manifest, reproducibility, atomic writing, damaged files refused."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest

from ecodesk.cli import main
from ecodesk.core.errors import UserError
from ecodesk.reports.archive import MANIFEST, README, README_EN, write_archive
from ecodesk.reports.model import collect
from ecodesk.store.workspace import Workspace


def test_layout_manifest_and_workbook(demo_ws: Workspace, tmp_path: Path) -> None:
    data = collect(demo_ws, 2023)
    calls: list[tuple[int, int]] = []
    target = tmp_path / "out" / "archive.zip"
    result = write_archive(
        data, target, demo_ws.evidence_file, lambda done, total: calls.append((done, total))
    )
    total = result.files + 1
    assert calls[0] == (0, total) and calls[-1] == (total, total) and len(calls) == total + 1
    assert [p.name for p in target.parent.iterdir()] == ["archive.zip"]  # no temp file left behind
    with zipfile.ZipFile(target) as zf:
        names = zf.namelist()
        assert names == sorted(names[:-3]) + [MANIFEST, README_EN, README]
        manifest = dict(
            reversed(line.split("  ", 1)) for line in zf.read(MANIFEST).decode().splitlines()
        )
        assert set(manifest) == set(names) - {MANIFEST}  # unsigned: made without a workspace
        for name in set(names) - {MANIFEST}:
            assert hashlib.sha256(zf.read(name)).hexdigest() == manifest[name]
        assert "2023/生态文明建设档案-2023.xlsx" in names
        assert any(n.startswith("2023/成县/24-城镇污水处理率/") for n in names)
        with zf.open("2023/生态文明建设档案-2023.xlsx") as handle:
            book = openpyxl.load_workbook(handle)
    # every hash in the workbook's provenance sheet is a file in the archive, at the path it names
    sheet = book["来源"]
    header = [c.value for c in sheet[1]]
    sha, path = header.index("SHA-256"), header.index("归档路径")
    checked = 0
    for row in sheet.iter_rows(min_row=2, values_only=True):
        if row[sha]:
            assert manifest[row[path]] == row[sha]
            checked += 1
    assert checked == result.files


def test_same_data_same_bytes_and_sha256sum(demo_ws: Workspace, tmp_path: Path) -> None:
    data = collect(demo_ws, 2023, "成县")
    first = write_archive(data, tmp_path / "a.zip", demo_ws.evidence_file).path.read_bytes()
    again = collect(demo_ws, 2023, "成县")
    assert (
        write_archive(again, tmp_path / "b.zip", demo_ws.evidence_file).path.read_bytes() == first
    )
    demo_ws.save(3, 2023, plan="修改后的计划安排")
    changed = collect(demo_ws, 2023, "成县")
    assert (
        write_archive(changed, tmp_path / "c.zip", demo_ws.evidence_file).path.read_bytes() != first
    )
    if shutil.which("sha256sum"):
        folder = tmp_path / "unpacked"
        with zipfile.ZipFile(tmp_path / "a.zip") as zf:
            zf.extractall(folder)
        check = subprocess.run(
            ["sha256sum", "--quiet", "-c", MANIFEST], cwd=folder, capture_output=True
        )
        assert check.returncode == 0, check.stdout + check.stderr


def test_damaged_evidence_is_refused_and_nothing_written(
    demo_ws: Workspace, tmp_path: Path
) -> None:
    data = collect(demo_ws, 2023, "成县")
    item = next(i for r in data.records.values() for i in r.evidence)
    stored = demo_ws.evidence_file(item.sha256)
    stored.write_bytes(b"tampered")
    target = tmp_path / "out" / "archive.zip"
    with pytest.raises(UserError, match="已损坏"):
        write_archive(data, target, demo_ws.evidence_file)
    assert list(target.parent.iterdir()) == []


def test_cli_archive(
    demo_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], qapp: object
) -> None:
    out = tmp_path / "成县.zip"
    assert (
        main(["--workspace", str(demo_copy), "archive", "--period", "2023", "--out", str(out)]) == 0
    )
    assert "已生成档案" in capsys.readouterr().out
    with zipfile.ZipFile(out) as zf:
        offices = {n.split("/")[1] for n in zf.namelist() if n.count("/") >= 3}
    assert offices == {"成县"}  # an office workspace archives its own office by default
    book = tmp_path / "all.xlsx"
    assert (
        main(
            [
                "--workspace",
                str(demo_copy),
                "archive",
                "--period",
                "2023",
                "--office",
                "文县",
                "--out",
                str(book),
            ]
        )
        == 0
    )
    assert openpyxl.load_workbook(book)["汇总"]["A4"].value == "文县"
    assert (
        main(
            [
                "--workspace",
                str(demo_copy),
                "archive",
                "--period",
                "2023",
                "--out",
                str(tmp_path / "x.txt"),
            ]
        )
        == 2
    )
