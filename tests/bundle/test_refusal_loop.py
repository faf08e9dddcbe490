"""The office learns that a bundle was refused, and recovers: refused → the task package says
so → the clerk corrects and exports again (the same sequence number) → accepted."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from bundle_helpers import Network, export, fill, import_all

from ecodesk.bundle import line_checks, merge_plan
from ecodesk.store import bundles as bundle_store
from ecodesk.store import refusals as refusal_store
from ecodesk.store.refusals import Reason

BAD = "拒收我"


def _refuse_marked_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stand in for any content rule (the value validator plugs in at the same place)."""
    real = line_checks.content_refusals

    def refuse(ctx: line_checks.LineContext, line: Mapping[str, Any]) -> tuple[Reason, ...]:
        if line["plan"] == BAD:
            return (Reason("bad_value", f"任务 {line['task']} 的计划不对", "bad plan"),)
        return real(ctx, line)

    monkeypatch.setattr(merge_plan, "content_refusals", refuse)


def test_refused_told_corrected_exported_again_accepted(
    network: Network, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _refuse_marked_lines(monkeypatch)
    office = network.join("成县")
    fill(office, 1, "第一次")
    first = export(office, tmp_path)
    import_all(network.tf, [first])
    network.send_package("成县")
    fill(office, 2, BAD)
    fill(office, 3, "好的")
    second = export(office, tmp_path)  # 2: refused for its line
    fill(office, 3, "又改了")
    third = export(office, tmp_path)  # 3: follows the refused one
    done = import_all(network.tf, [second, third])
    assert [f.error.code for f in done.files if f.error] == ["lines_refused", "follows_refused"]

    told = network.send_package("成县")

    assert [r.sequence for r in told.refused] == [2]
    text = "\n".join(told.summary_lines())
    assert "拒收了第 2 号数据包" in text and "任务 2 的计划不对" in text and "重新导出" in text
    assert [r.sequence for r in refusal_store.open_refusals(office.db)] == [2]
    assert network.send_package("成县").refused == []  # told once; packages carry it again

    fill(office, 2, "已改正")
    again = export(office, tmp_path)
    assert again.name == "成县-2023-0002-2.ecb"  # the refused 成县-2023-0002.ecb stays
    assert refusal_store.open_refusals(office.db) == []
    done = import_all(network.tf, [again])
    assert [f.status for f in done.files] == ["ok"] and not done.gaps
    assert done.counts["new"] == 2  # tasks 2 and 3: everything since the last acknowledgement
    entry = network.tf.entry(3, 2023, office="成县")
    assert entry is not None and entry.plan == "又改了"
    assert network.send_package("成县").acknowledged == [2]
    assert [row["sequence"] for row in bundle_store.outgoing(office.db)] == [1, 2]


def test_a_refusal_of_a_bundle_no_longer_held_is_recorded_but_not_shown(
    network: Network, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _refuse_marked_lines(monkeypatch)
    office = network.join("成县")
    fill(office, 1, BAD)
    first = export(office, tmp_path)
    import_all(network.tf, [first])
    assert [r.sequence for r in network.send_package("成县").refused] == [1]
    fill(office, 1, "已改正")
    export(office, tmp_path)  # answers the refusal
    # the clerk sends the old file again: refused again, but it changes nothing at the office
    import_all(network.tf, [first])
    assert network.send_package("成县").refused == []
    assert refusal_store.open_refusals(office.db) == []
