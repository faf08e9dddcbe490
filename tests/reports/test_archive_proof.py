"""The yearly archive proves itself: checked here with the real `minisign` and `sha256sum`, the way
README.txt tells an inspector to, on a task force that received real signed bundles."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bundle"))

from bundle_helpers import PERIOD, Network, export, fill, import_all  # noqa: E402

from ecodesk import SCHEMA_VERSION, __version__
from ecodesk.cli import main  # noqa: E402
from ecodesk.core.filenames import MAX_PATH, name_key, utf16_length  # noqa: E402
from ecodesk.core.i18n import set_language  # noqa: E402
from ecodesk.store.workspace import Workspace  # noqa: E402

needs_tools = pytest.mark.skipif(
    not (shutil.which("minisign") and shutil.which("sha256sum")),
    reason="minisign and sha256sum are installed by tools/setup",
)


@pytest.fixture
def task_force(tmp_path: Path) -> Path:
    """A task force that imported signed bundles from 成县 and 文县, with awkward file names."""
    (tmp_path / "net").mkdir()
    net = Network(tmp_path / "net")
    try:
        for office in ("成县", "文县"):
            ws = net.join(office)
            fill(ws, 3, f"{office}的计划", evidence=tmp_path / f"{office}-台账.txt")
            fill(ws, 5, f"{office}第二项")
            if office == "成县":
                _attach_awkward_names(ws, tmp_path / "awkward")
            import_all(net.tf, [export(ws, tmp_path / "mail" / office)])
        fill(net.offices["成县"], 5, "成县改过的第二项")  # a later revision in a second bundle
        import_all(net.tf, [export(net.offices["成县"], tmp_path / "mail" / "成县-2")])
    finally:
        net.close()
    return net.tf.root


def _attach_awkward_names(ws: Workspace, folder: Path) -> None:
    names = [
        "Report.pdf",
        "report.pdf",
        "CON.pdf",
        "aux",
        "名" * 80 + ".pdf",
        "trailing. ",
    ]
    for number, name in enumerate(names):
        source = folder / str(number) / name
        source.parent.mkdir(parents=True)
        source.write_bytes(f"file {number}".encode())
        ws.attach(3, PERIOD, source)


def _archive(root: Path, out: Path, *extra: str) -> None:
    args = ["--workspace", str(root), *extra, "archive", "--period", str(PERIOD), "--out", str(out)]
    assert main(args) == 0


def _run(folder: Path, *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=folder, capture_output=True, text=True)


@needs_tools
def test_an_inspector_verifies_the_archive_with_standard_tools(
    task_force: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], qapp: object
) -> None:
    out = tmp_path / "档案.zip"
    _archive(task_force, out)
    printed = capsys.readouterr().out
    assert "已签名数据包" in printed and "manifest-sha256.txt.minisig" in printed
    folder = tmp_path / "unpacked"
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        zf.extractall(folder)

    signature = _run(folder, "minisign", "-Vm", "manifest-sha256.txt", "-p", "taskforce.pub")
    assert signature.returncode == 0, signature.stderr
    assert "ecodesk archive format=2 period=2023" in signature.stdout
    check = _run(folder, "sha256sum", "--strict", "-c", "manifest-sha256.txt")
    assert check.returncode == 0, check.stdout + check.stderr
    listed = {line[66:] for line in (folder / "manifest-sha256.txt").read_text().splitlines()}
    assert listed | {"manifest-sha256.txt", "manifest-sha256.txt.minisig"} == set(names)

    about = json.loads((folder / "archive.json").read_text())
    assert about["format"] == "ecodesk-archive" and about["format_version"] == 2
    assert about["maker"]["role"] == "task_force" and "成县" in about["offices"]
    for readme in ("README.txt", "说明.txt"):
        text = (folder / readme).read_text(encoding="utf-8-sig")
        for needed in (f"ecodesk {__version__}", f"schema {SCHEMA_VERSION}", "archive format 2", "成县、", "minisign -Vm",
                       "sha256sum -c", "Get-FileHash", "certutil", about["maker"]["fingerprint"]):  # fmt: skip
            assert needed in text, (readme, needed)
    forms = (folder / "forms" / "forms.tsv").read_text().splitlines()[1:]
    assert len(forms) == 37 == len(list((folder / "forms").glob("*.toml")))
    for row in forms:  # each file is the form version in force, by its content hash
        _task, version, name = row.split("\t")
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == version
    assert (folder / "2023" / "成县" / "填报报告-成县-2023.pdf").read_bytes()[:5] == b"%PDF-"
    assert (folder / "2023" / "文县" / "填报报告-文县-2023.pdf").exists()
    keys = (folder / "keys" / "keys.tsv").read_text().splitlines()[1:]
    assert {row.split("\t")[2] for row in keys} == {"office", "task_force"} and len(keys) == 3

    _chain_every_entry_to_its_signature(folder)
    _portable_names(names)

    # Tampering: an edited file fails sha256sum; a regenerated list fails the signature.
    book = folder / "2023" / "生态文明建设档案-2023.xlsx"
    book.write_bytes(book.read_bytes() + b"\0")
    assert _run(folder, "sha256sum", "--quiet", "-c", "manifest-sha256.txt").returncode != 0
    regenerated = _run(folder, "sh", "-c", "cut -c67- manifest-sha256.txt | tr '\\n' '\\0' | "
                                           "xargs -0 sha256sum > forged && mv forged manifest-sha256.txt")  # fmt: skip
    assert regenerated.returncode == 0, regenerated.stderr
    assert _run(folder, "sha256sum", "--quiet", "-c", "manifest-sha256.txt").returncode == 0
    forged = _run(folder, "minisign", "-Vm", "manifest-sha256.txt", "-p", "taskforce.pub")
    assert forged.returncode != 0


def _chain_every_entry_to_its_signature(folder: Path) -> None:
    """signed/entries.tsv → bundle folder → office signature → entries.jsonl → the entry's line."""
    keys = {}
    for row in (folder / "keys" / "keys.tsv").read_text().splitlines()[1:]:
        key_id, _office, _role, _fp, _status, _by, files = row.split("\t")
        keys[key_id] = files.split()[0]
    chained = 0
    rows = (folder / "signed" / "entries.tsv").read_text().splitlines()[1:]
    for row in rows:
        office, task, _uuid, _revision, content_sha, bundles = row.split("\t")
        assert bundles != "-", row  # every entry here came in a bundle
        for bundle in bundles.split():
            manifest = json.loads((folder / bundle / "manifest.json").read_text())
            assert manifest["office"] == office
            verified = _run(folder, "minisign", "-Vm", f"{bundle}/manifest.json",
                            "-p", keys[manifest["key_id"]])  # fmt: skip
            assert verified.returncode == 0, verified.stderr
            lines = (folder / bundle / "entries.jsonl").read_bytes()
            assert hashlib.sha256(lines).hexdigest() == manifest["members"]["entries.jsonl"]
            line_hashes = {hashlib.sha256(line).hexdigest() for line in lines.splitlines()}
            assert content_sha in line_hashes, (office, task)
            chained += 1
    assert len(rows) == chained == 4  # 成县 3, 5 (revised); 文县 3, 5
    # 成县 task 5 comes from its second bundle, not the first one that had the older revision
    five = next(r for r in rows if r.startswith("成县\t5\t"))
    assert five.split("\t")[3] == "2" and len(five.split("\t")[5].split()) == 1


def _portable_names(names: list[str]) -> None:
    keys = [name_key(n) for n in names]
    assert len(set(keys)) == len(keys)  # Report.pdf / report.pdf stay two files on Windows
    assert all(utf16_length(n) <= MAX_PATH for n in names)
    evidence = [n.rsplit("/", 1)[1] for n in names if "/03-" in n and n.startswith("2023/成县/")]
    assert "Report.pdf" in evidence and any(e.startswith("report-") for e in evidence)
    assert "_CON.pdf" in evidence and "_aux" in evidence and "trailing" in evidence
    assert any(
        e.startswith("名名") and e.endswith(".pdf") and utf16_length(e) == 80 for e in evidence
    )
    reserved = {"CON", "PRN", "AUX", "NUL", "COM1", "LPT1"}
    for name in names:
        for part in name.split("/"):
            assert part.split(".")[0].upper() not in reserved and part == part.rstrip(". ")
            assert not any(c in part for c in '<>:"\\|?*')


def test_same_data_same_bytes_whatever_the_time_or_language(
    task_force: Path, tmp_path: Path, qapp: object
) -> None:
    first, second = tmp_path / "a.zip", tmp_path / "b.zip"
    _archive(task_force, first, "--lang", "zh")
    time.sleep(1.1)  # the clock moves on by whole seconds, as zip and PDF dates count them
    set_language("en")
    _archive(task_force, second, "--lang", "en")
    assert first.read_bytes() == second.read_bytes()
