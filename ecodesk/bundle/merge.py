"""Importing bundles at the task force: a dry-run plan, then one transaction that applies it.

Planning (every check, the merge decisions) is in merge_plan.py, writing in merge_write.py; the
merge rule is described there.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ecodesk.bundle.lines import Progress, no_progress
from ecodesk.bundle.merge_plan import (
    MAX_JUMP,
    OUTCOMES,
    FileReport,
    ImportPlan,
    make_plan,
)
from ecodesk.bundle.merge_write import write
from ecodesk.store.db import write_transaction

__all__ = ["MAX_JUMP", "OUTCOMES", "FileReport", "ImportPlan", "apply_import",
           "plan_import"]  # fmt: skip


def plan_import(ws: Any, paths: list[Path], progress: Progress = no_progress) -> ImportPlan:
    """Check every file and work out what importing them would do. Writes nothing."""
    plan = make_plan(ws, [Path(p) for p in paths], progress, expected=None)
    plan._release(keep_checked_lines=True)  # apply_import plans again inside its transaction
    return plan


def apply_import(ws: Any, plan: ImportPlan, progress: Progress = no_progress) -> ImportPlan:
    """Apply a plan in one transaction: everything or nothing. Files changed since the plan are refused.

    The plan is recomputed inside the transaction, so the result is right even if the database
    changed meanwhile; the returned plan says what was done. Each file is decrypted and its
    signature, signer, recipient and every member's hash are checked again before anything is
    written; its lines one by one only if the dry run did not check these very bytes.
    """
    expected = {f.path: f.file_sha256 for f in plan.files if f.file_sha256}
    with write_transaction(ws.db):
        actual = make_plan(ws, [f.path for f in plan.files], lambda d, n: progress(d, 2 * n),
                       expected=expected, checked_lines=plan._checked_lines)  # fmt: skip
        write(ws, actual, lambda d, n: progress(n + d, 2 * n))
    actual.applied = True
    actual._release()
    plan._checked_lines = {}  # spent: the files are imported
    return actual
