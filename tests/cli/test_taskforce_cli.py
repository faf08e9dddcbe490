"""The task force's command line: city-wide targets, assignments, and resolving conflicts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conflict_helpers import FIRST_PLAN, OFFICE, SECOND_PLAN, TASK, make_conflict

from ecodesk.cli import main
from ecodesk.store import bundles as bundle_store
from ecodesk.store.workspace import Workspace


def run(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--workspace", str(root), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def tf(tf_root: Path) -> Path:
    """The task-force demo copy (shared template from tests/conftest.py)."""
    return tf_root


# ---------------------------------------------------------------- city


def test_city_shows_every_indicator_with_counties_and_spread(
    capsys: pytest.CaptureFixture[str], tf: Path
) -> None:
    code, out, err = run(capsys, tf, "city", "--period", "2023")
    assert code == 0 and err == ""
    assert "县区 达标/未达标/待定" in out and "市生态环境局" in out
    assert "危险废物利用处置率" in out and "2023 年全市：达标" in out
    code, raw, _ = run(capsys, tf, "city", "--period", "2023", "--json")
    rows = json.loads(raw)
    ws = Workspace.open(tf)
    try:
        assert len(rows) == sum(len(f.indicators) for f in ws.forms.values())
    finally:
        ws.close()
    waste = next(r for r in rows if r["task"] == 12)
    assert waste["lead_office"] == "市生态环境局" and waste["status"] in ("met", "not_met")
    counts = waste["counties"]
    assert sum(counts.values()) == len(waste["county_status"]) == 9
    assert waste["spread"][0] <= waste["spread"][1]
    # the table says the same as the JSON
    line = next(x for x in out.splitlines() if x.startswith("12 "))
    assert f"{counts['met']}/{counts['not_met']}/{counts['unknown']}" in line


def test_city_filters_by_group_in_english(capsys: pytest.CaptureFixture[str], tf: Path) -> None:
    code, out, _ = run(capsys, tf, "--lang", "en", "city", "--period", "2023", "--group", "4")
    assert code == 0 and out.startswith("(4) ")
    tasks = {x.split()[0] for x in out.splitlines()[3:-2]}
    assert tasks == {"12", "13", "14"}
    with pytest.raises(SystemExit):
        run(capsys, tf, "city", "--group", "11")
    assert "invalid choice" in capsys.readouterr().err


# ---------------------------------------------------------------- assign


def test_assign_on_off_default_and_list(capsys: pytest.CaptureFixture[str], tf: Path) -> None:
    code, out, _ = run(capsys, tf, "assign", "--office", "成县", "--task", "5", "--period", "2023", "--off")  # fmt: skip
    assert code == 0 and "不须报送" in out and "默认须报送" in out
    code, out, _ = run(capsys, tf, "assign", "--list", "--period", "2023")
    assert code == 0 and "成县" in out and "生态环境信息公开率" in out
    code, out, _ = run(capsys, tf, "assign", "--list", "--office", "成县", "--period", "2023")
    assert "须报送 36 项任务" in out
    code, out, _ = run(capsys, tf, "assign", "--office", "市统计局", "--task", "5", "--period", "2023", "--on")  # fmt: skip
    assert code == 0 and "须报送（工作专班设定；默认不须报送）" in out
    ws = Workspace.open(tf)
    try:
        assert 5 not in ws.tasks(2023, "成县") and 5 in ws.tasks(2023, "市统计局")
    finally:
        ws.close()
    code, out, _ = run(capsys, tf, "assign", "--office", "成县", "--task", "5", "--period", "2023", "--default")  # fmt: skip
    assert code == 0 and "须报送（默认）" in out
    code, out, _ = run(capsys, tf, "assign", "--list", "--period", "2023")
    assert "成县" not in out and "市统计局" in out
    ws = Workspace.open(tf)
    try:
        assert 5 in ws.tasks(2023, "成县")
    finally:
        ws.close()


def test_assign_errors_are_clear(
    capsys: pytest.CaptureFixture[str], tf: Path, tmp_path: Path
) -> None:
    code, _, err = run(capsys, tf, "assign", "--office", "北京", "--task", "5", "--on")
    assert code == 2 and "未知的填报单位" in err and "Traceback" not in err
    code, _, err = run(capsys, tf, "assign", "--office", "成县", "--task", "99", "--on")
    assert code == 2 and "没有第 99 号任务" in err
    code, _, err = run(capsys, tf, "assign", "--office", "成县", "--on")
    assert code == 2 and "--task" in err
    office = tmp_path / "office"
    assert run(capsys, office, "init", "--office", "成县")[0] == 0
    code, _, err = run(capsys, office, "assign", "--list")
    assert code == 2 and "工作专班" in err


# ---------------------------------------------------------------- conflicts


@pytest.fixture
def conflicted(tmp_path: Path):  # type: ignore[no-untyped-def]
    made = make_conflict(tmp_path)
    made.net.tf.close()  # the CLI opens the workspace itself
    yield made
    for ws in made.net.offices.values():
        ws.close()


def _tf(conflicted) -> Workspace:  # type: ignore[no-untyped-def]
    return Workspace.open(conflicted.tf_root)


def test_list_show_and_keep_the_other_version(
    capsys: pytest.CaptureFixture[str], conflicted
) -> None:  # type: ignore[no-untyped-def]
    root, uuid = conflicted.tf_root, conflicted.uuid
    code, out, _ = run(capsys, root, "conflicts")
    assert code == 0 and uuid in out and OFFICE in out
    code, out, _ = run(capsys, root, "conflicts", "show", uuid[:8])
    assert code == 0 and FIRST_PLAN in out and SECOND_PLAN in out and "当前版本" in out
    ws = _tf(conflicted)
    current = ws.entry(TASK, 2023, OFFICE)
    ws.close()
    assert current is not None
    other_plan = SECOND_PLAN if current.plan == FIRST_PLAN else FIRST_PLAN
    code, out, _ = run(capsys, root, "conflicts", "resolve", uuid[:8], "--keep", "other",
                       "--reason", "电话核实：以另一版本为准")  # fmt: skip
    assert code == 0 and f"第 {current.revision + 1} 版" in out
    ws = _tf(conflicted)
    try:
        entry = ws.entry(TASK, 2023, OFFICE)
        assert entry is not None and entry.plan == other_plan
        assert entry.revision == current.revision + 1 and entry.install_id == ws.install_id
        assert bundle_store.conflicts(ws.db) == []
        audit = [a for a in ws.history(TASK, 2023, OFFICE) if a.field == "conflict"]
        assert len(audit) == 1 and "电话核实" in audit[0].new and '"kept": "other"' in audit[0].new
        assert audit[0].who == ws.who
    finally:
        ws.close()
    code, out, _ = run(capsys, root, "conflicts")
    assert "没有冲突" in out


def test_keep_current_needs_a_reason_and_changes_no_content(
    capsys: pytest.CaptureFixture[str], conflicted
) -> None:  # type: ignore[no-untyped-def]
    root, uuid = conflicted.tf_root, conflicted.uuid
    code, _, err = run(capsys, root, "conflicts", "resolve", uuid, "--keep", "current")
    assert code == 2 and "--reason" in err and "Traceback" not in err
    code, _, err = run(capsys, root, "conflicts", "resolve", uuid)
    assert code == 2 and "--keep" in err
    ws = _tf(conflicted)
    before = ws.entry(TASK, 2023, OFFICE)
    ws.close()
    code, out, _ = run(capsys, root, "--lang", "en", "conflicts", "resolve", uuid, "--keep", "current", "--reason", "checked")  # fmt: skip
    assert code == 0 and "keeps the current version" in out
    ws = _tf(conflicted)
    try:
        assert ws.entry(TASK, 2023, OFFICE) == before
        assert bundle_store.conflicts(ws.db) == []
    finally:
        ws.close()
    code, _, err = run(capsys, root, "conflicts", "resolve", uuid, "--keep", "current", "--reason", "again")  # fmt: skip
    assert code == 2 and "没有未解决冲突" in err


def test_other_version_without_stored_content_can_only_be_kept_current(
    capsys: pytest.CaptureFixture[str], conflicted
) -> None:  # type: ignore[no-untyped-def]
    root, uuid = conflicted.tf_root, conflicted.uuid
    ws = _tf(conflicted)
    current = ws.entry(TASK, 2023, OFFICE)
    assert current is not None
    # an older import recorded only the hash of the other version
    ws.db.execute("UPDATE conflicts SET content_json = NULL WHERE entry_uuid = ? AND content_json NOT LIKE ?",
                  [uuid, f"%{current.plan}%"])  # fmt: skip
    ws.close()
    code, out, _ = run(capsys, root, "conflicts", "show", uuid)
    assert "内容未保存" in out
    code, _, err = run(capsys, root, "conflicts", "resolve", uuid, "--keep", "other", "--reason", "x")  # fmt: skip
    assert code == 2 and "只记录了它的哈希" in err and "--keep current" in err
    assert run(capsys, root, "conflicts", "resolve", uuid, "--keep", "current", "--reason", "x")[0] == 0  # fmt: skip


def _other_version(made):  # type: ignore[no-untyped-def]
    """The stored conflict version that is not the entry's current content."""
    from ecodesk.store import bundles as bundle_store

    tf = made.net.tf
    current = tf.entry(TASK, 2023, OFFICE)
    return next(c for c in bundle_store.conflicts(tf.db)
                if c.content is None or c.content.get("plan") != current.plan)  # fmt: skip


def test_other_version_with_evidence_can_be_kept(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    made = make_conflict(tmp_path, evidence=True)
    other = _other_version(made)
    wanted = {item["sha256"] for item in other.content["evidence"]}
    made.net.close()
    root = made.tf_root
    code, _, err = run(capsys, root, "conflicts", "resolve", made.uuid, "--keep", "other", "--reason", "以此为准")  # fmt: skip
    assert code == 0, err
    ws = _tf(made)
    kept = ws.entry(TASK, 2023, OFFICE)
    assert kept is not None and {e.sha256 for e in kept.evidence} == wanted
    assert all(ws.evidence_file(sha).exists() for sha in wanted)
    ws.close()


def test_other_version_whose_evidence_was_not_stored_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    made = make_conflict(tmp_path, evidence=True)
    # as after an import by an older ecodesk, which kept only the winning version's files
    for item in _other_version(made).content["evidence"]:
        made.net.tf.evidence_file(item["sha256"]).unlink()
    made.net.close()
    root = made.tf_root
    code, _, err = run(capsys, root, "conflicts", "resolve", made.uuid, "--keep", "other", "--reason", "x")  # fmt: skip
    assert code == 2 and "佐证材料没有保存" in err and "批复.pdf" in err
    code, out, _ = run(capsys, root, "conflicts")
    assert made.uuid in out  # still unresolved: nothing was written


def test_conflicts_json(capsys: pytest.CaptureFixture[str], conflicted) -> None:  # type: ignore[no-untyped-def]
    code, raw, _ = run(capsys, conflicted.tf_root, "conflicts", "--json")
    (item,) = json.loads(raw)
    assert item["uuid"] == conflicted.uuid and len(item["others"]) == 1
    plans = {item["current"]["content"]["plan"], item["others"][0]["content"]["plan"]}
    assert plans == {FIRST_PLAN, SECOND_PLAN}
