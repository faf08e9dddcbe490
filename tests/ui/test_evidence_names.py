"""Evidence opened from either window: a copy under a name Windows accepts."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from ecodesk.core.entries import Evidence
from ecodesk.store import files
from ecodesk.ui.evidence import open_evidence


def test_evidence_opened_from_the_window_gets_a_name_windows_accepts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file attached on another system as `CON.pdf` or `报告:终稿?.pdf` opens on Windows too,
    and opening it again while a PDF reader holds the copy reuses that copy."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "temp"))
    stored = tmp_path / "stored"
    stored.write_bytes(b"%PDF-1.7")
    opened: list[str] = []
    for name, expected in (("CON.pdf", "_CON.pdf"), ("报告:终稿?.pdf ", "报告_终稿_.pdf")):
        evidence = Evidence(sha256=("ab" * 32), name=name, size=8)
        assert open_evidence(stored, evidence, lambda url: opened.append(url.toLocalFile()) or True)
        assert Path(opened[-1]).name == expected and Path(opened[-1]).read_bytes() == b"%PDF-1.7"
    monkeypatch.setattr(files.os, "replace", lambda *_a: pytest.fail("rewrote an open copy"))
    evidence = Evidence(sha256=("ab" * 32), name="CON.pdf", size=8)
    assert open_evidence(stored, evidence, lambda url: opened.append(url.toLocalFile()) or True)
