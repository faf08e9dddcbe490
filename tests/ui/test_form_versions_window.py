"""The clerk's window judges each period by that period's forms: a target the task force raised
from 2024 shows for 2024 only, and 2023 stays met."""

from __future__ import annotations

from pathlib import Path

from form_helpers import revised_forms
from qt_fixtures import wait_built

from ecodesk.core.form_loader import load_forms
from ecodesk.core.periods import PERIODS
from ecodesk.store.workspace import Workspace
from ecodesk.ui.main_window import MainWindow


def _office_with_a_target_raised_from_2024(root: Path, tmp_path: Path) -> None:
    ws = Workspace.open(root)
    for period in (2023, 2024):
        ws.save(24, period, values={"treatment_rate": 94.0})
    raised = load_forms(revised_forms(tmp_path, 24, "value = 93", "value = 96"))[24]
    text = Path(tmp_path / "revised" / "24.toml").read_text(encoding="utf-8")
    wanted = ws.form_schedule.schedule()
    wanted[24].update({p: raised.sha256 for p in PERIODS if p >= 2024})
    # what importing the task force's package does at the office
    ws.form_schedule.install(wanted, {raised.sha256: (24, text)}, who="工作专班")
    ws.close()


def _treatment_rate(window: MainWindow, period: int):  # type: ignore[no-untyped-def]
    window.period_box.setCurrentIndex(PERIODS.index(period))
    assert window.tasks.select_task(24)
    return window.editor.form_view.fields["treatment_rate"]


def test_each_period_is_judged_by_its_own_forms(controller, workspace, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    root = workspace.root
    workspace.close()
    _office_with_a_target_raised_from_2024(root, tmp_path)
    window = controller(root, 2023).start()
    qtbot.addWidget(window)
    wait_built(qtbot, window)

    field = _treatment_rate(window, 2023)
    assert (field.target.text(), field.verdict.text()) == ("目标：县城 ≥ 93%", "达标")

    field = _treatment_rate(window, 2024)
    assert field.target.text() == "目标：县城 ≥ 96%"
    assert field.verdict.text() == "未达标 · 差 2 个百分点"

    field = _treatment_rate(window, 2023)
    assert field.verdict.text() == "达标"
