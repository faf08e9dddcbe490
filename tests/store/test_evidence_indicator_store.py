"""Evidence per indicator in the store: attached, changed, audited, refused when unknown."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ecodesk.core.errors import UserError
from ecodesk.store.workspace import Workspace


def _file(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_file_is_attached_to_an_indicator_and_read_back(
    workspace: Workspace, tmp_path: Path
) -> None:
    whole = workspace.attach(24, 2023, _file(tmp_path, "方案.pdf", "plan"))
    entry = workspace.attach(
        24, 2023, _file(tmp_path, "运行报表.pdf", "report"), indicator="treatment_rate"
    )
    by_name = {e.name: e.indicator for e in entry.evidence}
    assert by_name == {"方案.pdf": "", "运行报表.pdf": "treatment_rate"}
    assert entry.revision == whole.revision + 1
    assert workspace.entry(24, 2023).evidence == entry.evidence  # reopened from the database


def test_changing_the_indicator_is_one_audited_revision(
    workspace: Workspace, tmp_path: Path
) -> None:
    entry = workspace.attach(24, 2023, _file(tmp_path, "方案.pdf", "plan"))
    sha = entry.evidence[0].sha256
    moved = workspace.set_evidence_indicator(24, 2023, sha[:10], "treatment_rate")
    assert moved.evidence[0].indicator == "treatment_rate"
    assert moved.revision == entry.revision + 1
    last = workspace.history(24, 2023)[-1]
    assert last.field == "evidence"
    assert json.loads(last.old)["indicator"] == "" and json.loads(last.new)["indicator"] == (
        "treatment_rate"
    )
    same = workspace.set_evidence_indicator(24, 2023, sha, "treatment_rate")
    assert same.revision == moved.revision  # nothing changed, no new revision
    back = workspace.set_evidence_indicator(24, 2023, sha, "")
    assert back.evidence[0].indicator == "" and back.revision == moved.revision + 1


def test_an_unknown_indicator_changes_nothing(workspace: Workspace, tmp_path: Path) -> None:
    entry = workspace.attach(24, 2023, _file(tmp_path, "方案.pdf", "plan"))
    with pytest.raises(UserError, match="没有指标“pm25”"):
        workspace.attach(24, 2023, _file(tmp_path, "新.pdf", "new"), indicator="pm25")
    with pytest.raises(UserError, match="没有指标“pm25”"):
        workspace.set_evidence_indicator(24, 2023, entry.evidence[0].sha256, "pm25")
    assert workspace.entry(24, 2023) == entry
    stored = workspace.db.execute("SELECT count(*) FROM evidence_files").fetchone()[0]
    assert stored == 1  # the refused file was not even copied in
