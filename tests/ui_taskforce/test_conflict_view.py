"""An entry in conflict, opened from the matrix: both versions side by side, keep one with a reason."""

from __future__ import annotations

from pathlib import Path

from conflict_helpers import FIRST_PLAN, OFFICE, SECOND_PLAN, TASK, make_conflict
from PySide6.QtCore import Qt
from qt_fixtures import commit_text

from ecodesk.store import bundles as bundle_store
from ecodesk.store.matrix import CellStatus
from ecodesk.ui.taskforce.matrix_model import STATUS_ROLE


def _open_conflict(window, qtbot):  # type: ignore[no-untyped-def]
    model = window.matrix.model
    found = [
        model.index(r, c)
        for r in range(model.rowCount())
        for c in range(model.columnCount())
        if model.index(r, c).data(STATUS_ROLE) == CellStatus.CONFLICT
    ]
    assert len(found) == 1
    window.matrix.view.setCurrentIndex(found[0])
    qtbot.keyClick(window.matrix.view, Qt.Key.Key_Return)
    return found[0], window.reviews[-1]


def test_keep_the_other_version_from_the_review(open_window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    made = make_conflict(tmp_path)
    made.net.close()
    window = open_window(made.tf_root)
    index, review = _open_conflict(window, qtbot)
    panel = review.conflict
    assert panel.isVisible() and not panel.versions.isVisible()
    rows = {r.label: r for r in panel.model.rows}
    plan = rows["计划安排"]
    assert {plan.current, plan.other} == {FIRST_PLAN, SECOND_PLAN} and plan.differs
    shown = panel.model.index(panel.model.rows.index(plan), 2).data()
    assert shown.startswith("≠ ")  # differences are marked
    assert panel.model.headerData(1, Qt.Orientation.Horizontal) == "当前版本"
    assert not panel.keep_current.isEnabled() and not panel.keep_other.isEnabled()
    commit_text(panel.reason, "电话核实：以另一版本为准")
    assert panel.keep_current.isEnabled() and panel.keep_other.isEnabled()
    with qtbot.waitSignal(review.reviewed):
        qtbot.mouseClick(panel.keep_other, Qt.MouseButton.LeftButton)
    entry = window.ws.entry(TASK, 2023, OFFICE)
    assert entry is not None and entry.plan == plan.other
    assert bundle_store.conflicts(window.ws.db) == []
    assert not panel.isVisible()
    assert review.plan.toPlainText() == plan.other
    assert any(row.field == "conflict" for row in review.history.rows)
    assert (
        window.matrix.model.index(index.row(), index.column()).data(STATUS_ROLE)
        != CellStatus.CONFLICT
    )


def test_other_version_without_its_evidence_can_only_be_kept_current(
    open_window, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    made = make_conflict(tmp_path, evidence=True)
    # as after an import by an older ecodesk, which kept only the winning version's files
    tf = made.net.tf
    current = tf.entry(TASK, 2023, OFFICE)
    assert current is not None
    for version in bundle_store.conflicts(tf.db):
        if version.content and version.content.get("plan") != current.plan:
            for item in version.content["evidence"]:
                tf.evidence_file(item["sha256"]).unlink()
    made.net.close()
    window = open_window(made.tf_root)
    _index, review = _open_conflict(window, qtbot)
    panel = review.conflict
    assert "佐证材料没有保存" in panel.message.text()
    commit_text(panel.reason, "当前版本的佐证材料齐全")
    assert panel.keep_current.isEnabled() and not panel.keep_other.isEnabled()
    before = window.ws.entry(TASK, 2023, OFFICE)
    with qtbot.waitSignal(review.reviewed):
        qtbot.mouseClick(panel.keep_current, Qt.MouseButton.LeftButton)
    assert window.ws.entry(TASK, 2023, OFFICE) == before
    assert bundle_store.conflicts(window.ws.db) == [] and not panel.isVisible()
