"""The task force's window on a workspace on read-only media: everything can be looked at,
no decision, import, assignment or task package can be made."""

from __future__ import annotations

import zipfile
from pathlib import Path

from PySide6.QtCore import Qt
from qt_fixtures import commit_text
from read_only_media import folder_digest, read_only_media

from ecodesk.store.matrix import CellStatus
from ecodesk.ui.taskforce.matrix_model import STATUS_ROLE

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "migrations" / "schema-2-工作专班.zip"


def test_the_task_force_window_on_read_only_media(
    open_window,
    tmp_path: Path,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    archived = tmp_path / "archived"
    with zipfile.ZipFile(FIXTURE) as archive:
        archive.extractall(archived)
    digest = folder_digest(archived)
    with read_only_media(archived, tmp_path / "cd") as cd:
        window = open_window(cd)
        assert "只读" in window.windowTitle()
        assert "只读" in window.read_only_label.text()
        assert not window.import_action.isEnabled() and not window.acceptDrops()
        assert window.archive_action.isEnabled() and window.backup_action.isEnabled()
        assert not window.matrix.accept_button.isEnabled()
        panel = window.assignments
        assert not panel.send_one.isEnabled() and not panel.send_all.isEnabled()
        assigned = panel.tasks.index(0, panel.tasks.ASSIGNED)
        assert not panel.tasks.flags(assigned) & Qt.ItemFlag.ItemIsUserCheckable
        target = panel.targets.index(0, panel.targets.FIRST_OFFICE)
        assert not panel.targets.flags(target) & Qt.ItemFlag.ItemIsEditable
        model = window.matrix.model
        conflict = [model.index(r, c) for r in range(model.rowCount())
                    for c in range(model.columnCount())
                    if model.index(r, c).data(STATUS_ROLE) == CellStatus.CONFLICT]  # fmt: skip
        assert len(conflict) == 1  # the conflict made by schema 2 is still there to see
        window.matrix.view.setCurrentIndex(conflict[0])
        qtbot.keyClick(window.matrix.view, Qt.Key.Key_Return)
        review = window.reviews[-1]
        assert review.conflict.isVisible()
        buttons = (review.accept_button, review.return_button, review.reopen_button)
        assert not any(b.isEnabled() for b in buttons) and review.comment.isReadOnly()
        commit_text(review.conflict.reason, "电话核实")
        assert not review.conflict.keep_current.isEnabled()
        assert not review.conflict.keep_other.isEnabled()
        review.close()
        window.close()
    assert folder_digest(archived) == digest
