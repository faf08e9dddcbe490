"""Hostile files at the command line: no traceback, the file named, and nothing the file says
(escape codes, a carriage return, bidi overrides) reaches the terminal raw."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from ecodesk.bundle import envelope, keys
from ecodesk.cli import main
from ecodesk.store.workspace import Workspace

FAKE = "\x1b[2K\r成县-2023-0002.ecb：新增 37\u202e"


def _sealed_zip(tf_root: Path, members: dict[str, bytes]) -> bytes:
    """A zip encrypted to the task force: no key is needed to make one."""
    tf = Workspace.open(tf_root)
    try:
        box = keys.own_keys(tf).public.box_pub
    finally:
        tf.close()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return envelope.seal(buffer.getvalue(), recipient_box_pub=box)


def _import(capsys: pytest.CaptureFixture[str], tf_root: Path, *paths: Path) -> tuple[int, str]:
    code = main(["--workspace", str(tf_root), "import", *map(str, paths), "--dry-run"])
    out, err = capsys.readouterr()
    return code, out + err


def _no_raw_controls(text: str) -> None:
    for forbidden in ("\x1b", "\r", "\u202e", "Traceback"):
        assert forbidden not in text, repr(text)


def test_escape_codes_in_a_member_name_do_not_reach_the_terminal(
    capsys: pytest.CaptureFixture[str], tf_root: Path, tmp_path: Path
) -> None:
    path = tmp_path / "成县-2023-0001.ecb"
    path.write_bytes(_sealed_zip(tf_root, {FAKE: b"x"}))
    code, output = _import(capsys, tf_root, path)
    _no_raw_controls(output)
    assert "成县-2023-0001.ecb" in output and "[2K" in output  # named, shown harmless


def test_a_file_name_with_escape_codes_is_shown_harmless(
    capsys: pytest.CaptureFixture[str], tf_root: Path, tmp_path: Path
) -> None:
    path = tmp_path / f"{FAKE}.ecb"
    path.write_bytes(b"not a bundle")
    _code, output = _import(capsys, tf_root, path)
    _no_raw_controls(output)


@pytest.mark.parametrize(
    "manifest",
    [
        b'{"sequence": ' + b"7" * 5000 + b"}",
        b'{"sequence": 1e999}',
        b'{"created": "\\ud800"}',
        b"[" * 100_000,
    ],
)
def test_a_hostile_manifest_is_refused_without_a_traceback(
    capsys: pytest.CaptureFixture[str], tf_root: Path, tmp_path: Path, manifest: bytes
) -> None:
    bad = tmp_path / "成县-2023-0001.ecb"
    bad.write_bytes(_sealed_zip(tf_root, {"manifest.json": manifest, "manifest.json.minisig": b""}))
    code, output = _import(capsys, tf_root, bad)
    _no_raw_controls(output)
    assert "成县-2023-0001.ecb" in output
