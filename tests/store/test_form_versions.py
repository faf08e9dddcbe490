"""Form versions: a period is judged by its own forms; ids and choice codes keep their meaning."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from form_helpers import revised_forms, sources

from ecodesk.core.entries import TaskStatus
from ecodesk.core.errors import UserError
from ecodesk.core.evaluation import Status
from ecodesk.core.values import format_value
from ecodesk.store import form_versions
from ecodesk.store.db import MIGRATIONS
from ecodesk.store.workspace import Workspace

OFFICE = "成县"
TARGET_93 = 'kind = ">="\nvalue = 93'
TARGET_96 = 'kind = ">="\nvalue = 96'


@pytest.fixture
def tf(tmp_path: Path):  # type: ignore[no-untyped-def]
    ws = Workspace.create(tmp_path / "tf", office=None, task_force=True)
    yield ws
    ws.close()


def _rate(ws: Workspace, period: int, value: float) -> None:
    ws.save(24, period, office=OFFICE, values={"treatment_rate": value})


def _status(ws: Workspace, task: int, period: int) -> Status:
    return ws.evaluate(task, period, office=OFFICE)[0].status


def test_a_target_raised_from_2024_leaves_2022_and_2023_met(tf: Workspace, tmp_path: Path) -> None:
    for period in (2022, 2023, 2024):
        _rate(tf, period, 94.0)
    assert [_status(tf, 24, p) for p in (2022, 2023, 2024)] == [Status.MET] * 3
    before = tf.form(24, 2023).sha256

    changed = tf.install_forms(
        sources(revised_forms(tmp_path, 24, TARGET_93, TARGET_96)), effective_from=2024
    )

    assert changed == [24]
    assert [_status(tf, 24, p) for p in (2022, 2023)] == [Status.MET, Status.MET]
    judged = tf.evaluate(24, 2024, office=OFFICE)[0]
    assert judged.status is Status.NOT_MET and judged.target_text == "县城 ≥ 96%"
    assert tf.form(24, 2023).sha256 == before != tf.form(24, 2024).sha256
    assert tf.task_row(24, 2023, OFFICE).status is not TaskStatus.NOT_MET
    # Each entry keeps the version it was entered under; nothing was deleted.
    stamps = dict(tf.db.execute("SELECT period, form_sha256 FROM entries WHERE task = 24"))
    assert stamps == {2022: before, 2023: before, 2024: before}
    assert tf.db.execute("SELECT COUNT(*) FROM form_versions WHERE task = 24").fetchone()[0] == 2
    # An edit made now is entered under the version in force for its period.
    _rate(tf, 2024, 97.0)
    assert (
        tf.db.execute(
            "SELECT form_sha256 FROM entries WHERE task = 24 AND period = 2024"
        ).fetchone()[0]
        == tf.form(24, 2024).sha256
    )
    # The forms survive reopening the workspace.
    root = tf.root
    tf.close()
    again = Workspace.open(root)
    assert again.evaluate(24, 2023, office=OFFICE)[0].target_text == "县城 ≥ 93%"
    assert again.evaluate(24, 2024, office=OFFICE)[0].target_text == "县城 ≥ 96%"
    again.close()
    tf.db = Workspace.open(root).db  # the fixture closes it


def test_a_closed_period_is_refused_unless_reopened_with_a_reason(
    tf: Workspace, tmp_path: Path
) -> None:
    tf.close_period(2023)
    revised = sources(revised_forms(tmp_path, 24, TARGET_93, TARGET_96))
    with pytest.raises(UserError, match=r"2023 已归档.*--effective-from 2024"):
        tf.install_forms(revised, effective_from=2023)
    assert tf.evaluate(24, 2023, office=OFFICE)[0].target_text == "县城 ≥ 93%"
    assert tf.install_forms(revised, effective_from=2024) == [24]  # a later period is open

    tf.install_forms(revised, effective_from=2022, reopen_reason="省厅更正口径")
    assert tf.evaluate(24, 2022, office=OFFICE)[0].target_text == "县城 ≥ 96%"
    reasons = [row[5] for row in form_versions.history(tf.db) if row[5]]
    assert reasons == ["重新打开已归档的填报期：省厅更正口径"]


def test_only_the_task_force_changes_forms(workspace: Workspace, tmp_path: Path) -> None:
    revised = sources(revised_forms(tmp_path, 24, TARGET_93, TARGET_96))
    with pytest.raises(UserError, match="只有工作专班"):
        workspace.install_forms(revised, effective_from=2024)


def test_an_id_renamed_with_renamed_from_keeps_its_data(tf: Workspace, tmp_path: Path) -> None:
    _rate(tf, 2023, 94.0)
    renamed = revised_forms(
        tmp_path, 24, 'id = "treatment_rate"', 'id = "sewage_rate"\nrenamed_from = "treatment_rate"'
    )
    tf.install_forms(sources(renamed), effective_from=2022)
    evaluation = tf.evaluate(24, 2023, office=OFFICE)[0]
    assert (evaluation.indicator, evaluation.status) == ("sewage_rate", Status.MET)
    indicator = tf.form(24, 2023).indicator("sewage_rate")
    entry = tf.entry(24, 2023, OFFICE)
    assert entry is not None and indicator.value_in(entry.values) == 94.0
    # A new value is saved under the new id and wins over the old one.
    tf.save(24, 2023, office=OFFICE, values={"sewage_rate": 92.0})
    assert _status(tf, 24, 2023) is Status.NOT_MET


def test_a_form_set_that_drops_an_id_with_data_is_refused(tf: Workspace, tmp_path: Path) -> None:
    _rate(tf, 2023, 94.0)
    renamed = revised_forms(tmp_path, 24, 'id = "treatment_rate"', 'id = "sewage_rate"')
    with pytest.raises(UserError) as refused:
        tf.install_forms(sources(renamed), effective_from=2022)
    message = str(refused.value)
    for part in ("任务 24", "成县 2023", "treatment_rate", 'renamed_from = "treatment_rate"'):
        assert part in message
    assert tf.form(24, 2023).indicators[0].id == "treatment_rate"
    # From a period without data the same form is fine: earlier data keeps its own form.
    assert tf.install_forms(sources(renamed), effective_from=2024) == [24]
    assert _status(tf, 24, 2023) is Status.MET


def test_a_choice_label_changed_keeps_the_meaning_of_old_data(
    tf: Workspace, tmp_path: Path
) -> None:
    tf.save(8, 2023, office=OFFICE, values={"worst_section_class": "II类"})
    entry = tf.entry(8, 2023, OFFICE)
    assert entry is not None and entry.values["worst_section_class"] == "II"  # the code
    relabelled = revised_forms(tmp_path, 8, 'II = ["II类", "Ⅱ类"]', 'II = "二类"')
    tf.install_forms(sources(relabelled), effective_from=2022)
    indicator = tf.form(8, 2023).indicator("worst_section_class")
    evaluation = tf.evaluate(8, 2023, office=OFFICE)[1]
    assert evaluation.status is Status.MET
    assert format_value(indicator, entry.values["worst_section_class"]) == "二类"


def test_a_form_set_that_drops_a_choice_code_with_data_is_refused(
    tf: Workspace, tmp_path: Path
) -> None:
    tf.save(8, 2023, office=OFFICE, values={"worst_section_class": "II"})
    revised_forms(tmp_path, 8, 'II = ["II类", "Ⅱ类"]', 'class_2 = "II类"')
    recoded = revised_forms(tmp_path, 8, '"I", "II", "III"', '"I", "class_2", "III"')
    with pytest.raises(UserError, match="选项“II”有数据"):
        tf.install_forms(sources(recoded), effective_from=2022)


def _schema_2_workspace(root: Path, values: dict[str, object]) -> None:
    """A workspace as ecodesk 0.1 (schema 2) left it, with one entry for task 8 in 2023."""
    from ecodesk.store.sqlite import Database

    root.mkdir(parents=True)
    conn = sqlite3.connect(root / "ecodesk.db", isolation_level=None)
    db = Database(conn)
    for version, step in enumerate(MIGRATIONS[:2], start=1):
        step(db)
        conn.execute(f"PRAGMA user_version = {version}")
    conn.executemany(
        "INSERT INTO meta (key, value) VALUES (?, ?)",
        [("office", OFFICE), ("role", "office"), ("install_id", "i-1")],
    )
    conn.execute(
        "INSERT INTO entries (uuid, office, task, period, values_json, plan, corrective_measures,"
        " not_applicable, not_applicable_reason, state, review, review_comment, revision,"
        " install_id, updated_at, updated_by) VALUES"
        " ('u-8', ?, 8, 2023, ?, '', '', 0, '', 'complete', '', '', 3, 'i-1', '', 'clerk')",
        [OFFICE, json.dumps(values, ensure_ascii=False)],
    )
    conn.close()


def test_data_typed_with_the_old_spelling_reads_as_met_after_migration(tmp_path: Path) -> None:
    """`Ⅱ类` (Roman numeral, before the label became `II类`) is the same choice: met again."""
    root = tmp_path / "old"
    _schema_2_workspace(root, {"worst_section_class": "Ⅱ类", "black_odorous_eliminated": True})
    ws = Workspace.open(root)
    entry = ws.entry(8, 2023)
    assert entry is not None and entry.values["worst_section_class"] == "II"
    assert entry.revision == 3  # same meaning, so no new revision
    statuses = [e.status for e in ws.evaluate(8, 2023)]
    assert statuses[1:] == [Status.MET, Status.MET]
    stamp = ws.db.execute("SELECT form_sha256 FROM entries WHERE uuid = 'u-8'").fetchone()[0]
    assert stamp == ws.form(8, 2023).sha256
    assert not ws.problems(8, 2023) or all("worst" not in p.field for p in ws.problems(8, 2023))
    ws.close()


def test_a_schema_2_workspace_with_forms_from_a_package_keeps_them(tmp_path: Path) -> None:
    """The forms an old task package left in `forms/` become the first version, labels as codes."""
    root = tmp_path / "old"
    _schema_2_workspace(root, {"worst_section_class": "Ⅱ类"})
    folder = revised_forms(
        tmp_path,
        8,
        '[indicators.choices]\nI = ["I类", "Ⅰ类"]\nII = ["II类", "Ⅱ类"]\nIII = ["III类", "Ⅲ类"]\n'
        'IV = ["IV类", "Ⅳ类"]\nV = ["V类", "Ⅴ类"]\nworse_than_V = ["劣V类", "劣Ⅴ类"]\n',
        'choices = ["I类", "II类", "III类", "IV类", "V类", "劣V类"]\n',
        name="forms",
    )
    (folder / "08.toml").write_text(
        (folder / "08.toml")
        .read_text(encoding="utf-8")
        .replace(
            'accept = ["I", "II", "III", "IV", "V"]',
            'accept = ["I类", "II类", "III类", "IV类", "V类"]',
        ),
        encoding="utf-8",
    )
    folder.rename(root / "forms")
    ws = Workspace.open(root)
    assert ws.evaluate(8, 2023)[1].status is Status.MET
    entry = ws.entry(8, 2023)
    assert entry is not None and entry.values["worst_section_class"] == "II类"  # its code there
    ws.close()
