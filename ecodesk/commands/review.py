"""Task force commands: matrix (completeness per office), review (accept / return / reopen)."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from ecodesk.cli import _period, command, open_workspace
from ecodesk.core.errors import UserError
from ecodesk.core.i18n import t


def register_parsers(add: Callable[[str, str, str], argparse.ArgumentParser]) -> None:
    p = add(
        "matrix",
        "各单位报送与达标总览（工作专班）",
        "completeness and status per office (task force)",
    )
    p.add_argument("--period", type=int)
    p = add(
        "review", "审核一条记录：通过、退回或重新打开", "review an entry: accept, return or reopen"
    )
    p.add_argument(
        "action",
        choices=("accept", "return", "reopen", "undo"),
        help=t(
            "undo：撤销最近一次审核决定（仅限尚未随任务包发出的决定）",
            "undo: take the last decision back (only until a task package has carried it)",
        ),
    )
    p.add_argument("task", type=int)
    p.add_argument("--office", required=True)
    p.add_argument("--period", type=int)
    p.add_argument("--comment", default="", help=t("退回意见或重新打开的理由", "comment or reason"))


@command("matrix")
def matrix_command(args: argparse.Namespace) -> int:
    from ecodesk.core.textwidth import format_table
    from ecodesk.store import matrix

    ws = open_workspace(args)
    period = _period(args)
    rows = matrix.load_rows(
        ws.db,
        ws.forms_for(period),
        period,
        matrix.period_offices(ws.db, period, ws.forms_for(period)),
    )
    table = []
    for row in rows:
        counts = {s: sum(1 for c in row.cells.values() if c.status is s) for s in matrix.CellStatus}
        table.append([row.office, f"{row.done}/{row.assigned}",
                      str(counts[matrix.CellStatus.NOT_MET]), str(counts[matrix.CellStatus.MISSING]),
                      str(counts[matrix.CellStatus.RETURNED]), str(counts[matrix.CellStatus.ACCEPTED]),
                      str(counts[matrix.CellStatus.MEASURES_MISSING])])  # fmt: skip
    headers = [t("单位", "office"), t("完成", "done"), t("未达标", "not met"),
               t("未报送", "missing"), t("已退回", "returned"), t("已通过", "accepted"),
               t("目标已更新，缺整改措施", "target changed, no measures")]  # fmt: skip
    print(format_table(headers, table))
    return 0


@command("review")
def review_command(args: argparse.Namespace) -> int:
    from ecodesk.core.roles import Operation

    ws = open_workspace(args)
    ws.require_role(Operation.REVIEW)  # before anything about the entry is said
    period = _period(args)
    entry = ws.entry(args.task, period, args.office)
    if entry is None or entry.revision == 0:
        raise UserError(t("该单位尚未报送此任务", "the office has not reported this task"))
    if args.action == "reopen":
        ws.reopen(entry.uuid, args.comment)
    elif args.action == "undo":
        ws.undo_review(entry.uuid)
    elif args.action == "accept":
        if not ws.accept([entry.uuid]):
            raise UserError(
                t(
                    "只能通过已完成、未审核的记录",
                    "only complete, undecided entries can be accepted",
                )
            )
    else:
        ws.return_entry(entry.uuid, args.comment)
    print(t(f"已处理：{args.office} {period} 年任务 {args.task}（{args.action}）",
            f"done: {args.office} {period} task {args.task} ({args.action})"))  # fmt: skip
    return 0
