"""Importing bundles at the task force: a dry run, then the import, batch by batch.

Every file is checked (merge_plan.py), the accepted ones put in order (office, install, sequence)
and cut into batches at office boundaries; each batch's lines are decided against the database
(merge_decide.py) and, when importing, written (merge_write.py).

Atomicity: **each bundle whole or not at all; each transaction a run of whole batches.** A batch
is a run of whole offices (about 20,000 lines), so an office's bundles of one import land
together, in sequence order; a transaction holds batches up to about 200,000 lines
(`TRANSACTION_LINES`). A crash, a full disk or a power cut leaves every bundle either imported
(recorded as received, acknowledged in the next task package) or not imported at all, never
half; importing the same files again skips what landed ("already imported") and takes the rest.
What the task force gains over one transaction for everything: memory stays flat for any number
of files (22,752 bundles of eight periods: each batch is decided and written, then let go; SQLite
spills what a transaction dirties to the WAL), the work committed before a failure is kept, the
WAL stays bounded (about 550 MB at national scale; one transaction for eight periods grew it to
1.6 GB and was slower), and nothing is ever acknowledged that was not applied. What it gains over
one transaction per batch: each index page a transaction dirties is written once (WAL, then
checkpoint) however many of its batches touch it, and entry UUIDs are random, so every batch
touches nearly every page: eight periods took 153 s in 42 transactions, 128 s in 5.

The dry run decides each batch as the import will (reading what the database holds) but writes
nothing. It cannot see one thing the import sees: an entry UUID claimed by one office's bundle
and reused by another office's bundle in a later batch of the same import. The import refuses
that bundle (ownership), and its report says so.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import weakref
from collections import Counter
from pathlib import Path
from typing import Any

from ecodesk.bundle import container, envelope, keys, office_trust
from ecodesk.bundle.errors import BundleError, Refusal
from ecodesk.bundle.line_checks import LineContext
from ecodesk.bundle.lines import Progress, no_progress
from ecodesk.bundle.merge_decide import decide
from ecodesk.bundle.merge_plan import (
    MAX_JUMP,
    OUTCOMES,
    Checked,
    FileReport,
    ImportPlan,
    batches,
    check_rotations,
    check_sequences,
    gaps,
    slots,
    successors,
)
from ecodesk.bundle.merge_spool import Spool
from ecodesk.bundle.merge_workers import checked_files, worker_count
from ecodesk.bundle.merge_write import Opened, write
from ecodesk.bundle.reader import MAX_FILE_BYTES, bundle_member
from ecodesk.bundle.safezip import SafeZip
from ecodesk.core.roles import Operation
from ecodesk.store import bundles as bundle_store
from ecodesk.store import refusals as refusal_store
from ecodesk.store.db import bulk_cache, write_transaction
from ecodesk.store.entries import now

TRANSACTION_LINES = 200_000
"""Lines per transaction of an import (whole batches). A transaction dirties index pages all over
the database (random UUIDs) and writes each of them to the WAL and then to the database file once,
however many of its batches touched it: fewer transactions, less writing. Memory does not grow
with it (a batch's rows are sent to SQLite as they are made; SQLite spills its cache to the WAL)."""

__all__ = ["MAX_JUMP", "OUTCOMES", "FileReport", "ImportPlan", "apply_import",
           "plan_import"]  # fmt: skip

Known = dict[tuple[str, str], dict[int, str]]


def plan_import(
    ws: Any, paths: list[Path], progress: Progress = no_progress, *, workers: int | None = None
) -> ImportPlan:
    """Check every file and work out what importing them would do. Writes nothing (but what it
    verified, in the plan's spool: see merge_spool.py). `workers`: processes that check the files
    (see merge_workers.py; None: one per core when there are many files)."""
    ws.require_role(Operation.IMPORT_BUNDLES)
    with bulk_cache(ws.db):
        return _plan(ws, [Path(p) for p in paths], progress, workers)


def _plan(ws: Any, paths: list[Path], progress: Progress, workers: int | None) -> ImportPlan:
    total = 2 * len(paths)
    decrypt_keys, context = keys.decryption_keys(ws), LineContext.of(ws)
    spool = Spool(envelope.scratch_dir(ws.root))
    checked, reports = [], []
    signers: dict[Any, Any] = {}  # one record per signing key, not one per file (memory)
    outcomes = checked_files(ws, paths, decrypt_keys=decrypt_keys, context=context, spool=spool,
                             workers=worker_count(len(paths)) if workers is None else workers)  # fmt: skip
    for done, (path, c) in enumerate(outcomes, 1):
        if isinstance(c, BundleError):
            reports.append(FileReport(path, "rejected", error=c))
        else:
            c.signer.key = signers.setdefault(c.signer.key, c.signer.key)
            reports.append(c.report)
            checked.append(c)
        progress(done, total)
    plan = ImportPlan(reports, _spool=spool)
    weakref.finalize(plan, spool.close)  # a plan never imported lets its spool go
    known = bundle_store.received_sequences(ws.db)
    plan._successors, plan._by_slot = successors(checked), slots(checked)
    accepted = check_sequences(check_rotations(checked, known, plan._successors), known,
                               plan._by_slot, set())  # fmt: skip
    plan._batches = batches(accepted)
    refused = refusal_store.refused_shas(ws.db)
    done = len(paths)
    for batch in plan._batches:
        for c in batch:
            c.lines = spool.lines(c.spooled) if c.spooled else []
        for c in decide(ws, plan, batch, refused).merged:
            _received(known, c)
        for c in batch:
            c.lines = []
        done += len(batch)
        progress(done, total)
    plan.counts["rejected"] += len(plan.rejected_files)
    plan.gaps = gaps(known, {c.report.office for c in accepted if c.report.status == "ok"})
    return plan


def apply_import(ws: Any, plan: ImportPlan, progress: Progress = no_progress) -> ImportPlan:
    """Import what the dry run `plan` accepted, batch by batch, each batch in one transaction
    (see the module's note). Each file is imported from what the dry run verified (its spool),
    never decrypted or parsed again, and refused if the file changed since; the key rules are
    checked again (a key may have been revoked or retired since), and each batch is decided
    again against the database, so the result is right even if the database changed meanwhile.
    The returned plan says what was done."""
    ws.require_role(Operation.IMPORT_BUNDLES)
    covered = {id(c.report) for batch in plan._batches for c in batch}
    if any(f.status == "ok" and id(f) not in covered for f in plan.files):
        plan = plan_import(ws, [f.path for f in plan.files])  # not from plan_import: check all now
    with bulk_cache(ws.db):
        result = _apply(ws, plan, progress)
    plan._release()  # spent: the files are imported
    return result


def _apply(ws: Any, plan: ImportPlan, progress: Progress) -> ImportPlan:
    run = _Run(ws, plan)
    total, done = sum(len(b) for b in plan._batches), 0
    for group in transactions(plan._batches):
        with write_transaction(ws.db):  # each batch's `write_transaction` joins this one
            for batch in group:
                run.batch(batch)
                done += len(batch)
                progress(done, total)
        run.result.transactions += 1
    return run.finish()


def transactions(all_batches: list[list[Checked]]) -> list[list[list[Checked]]]:
    """The batches, in order, grouped into transactions of about TRANSACTION_LINES lines each
    (whole batches, so whole offices)."""
    groups: list[list[list[Checked]]] = []
    lines = TRANSACTION_LINES
    for batch in all_batches:
        if lines >= TRANSACTION_LINES:
            groups.append([])
            lines = 0
        groups[-1].append(batch)
        lines += sum(c.manifest["entry_count"] for c in batch)
    return groups


class _Run:
    """One import's state across its batches: what the database holds of each office's
    sequences, the refused manifests, the UUIDs claimed so far, and the result."""

    def __init__(self, ws: Any, plan: ImportPlan) -> None:
        self.ws, self.plan, self.result = ws, plan, ImportPlan([])
        self.replaced: dict[int, FileReport] = {}
        self.known = bundle_store.received_sequences(ws.db)
        self.refused = refusal_store.refused_shas(ws.db)
        self.decrypt_keys = keys.decryption_keys(ws)
        self.seen: set[str] = set()
        self.at = now()

    def batch(self, batch: list[Checked]) -> None:
        """Check, decide and write one batch (its files open until it is written)."""
        ws, plan = self.ws, self.plan
        with contextlib.ExitStack() as stack, write_transaction(ws.db):
            opened: dict[int, Opened] = {}
            checked = []
            for old in batch:
                c = _check_again(ws, old, plan, self.decrypt_keys, opened, stack)
                self.replaced[id(old.report)] = c.report if isinstance(c, Checked) else c
                if isinstance(c, Checked):
                    checked.append(c)
            accepted = check_sequences(check_rotations(checked, self.known, plan._successors),
                                       self.known, plan._by_slot, self.seen)  # fmt: skip
            found = decide(ws, self.result, accepted, self.refused)
            logged = [c.report for c in checked if c.report.logged_refusal]
            assert plan._spool is not None  # a plan with batches has its spool
            write(ws, found, opened, logged, self.at, plan._spool)
        for c in found.merged:
            _received(self.known, c)
        self.result.batches += 1

    def finish(self) -> ImportPlan:
        result = self.result
        result.files = [self.replaced.get(id(f), f) for f in self.plan.files]
        result.counts["rejected"] += len(result.rejected_files)
        result.gaps = gaps(self.known, {f.office for f in result.files if f.status == "ok"})
        result.applied = True
        return result


def _check_again(
    ws: Any,
    old: Checked,
    plan: ImportPlan,
    decrypt_keys: Any,
    opened: dict[int, Opened],
    stack: contextlib.ExitStack,
) -> Checked | FileReport:
    """A file of the batch as the import takes it: the bytes the dry run verified, if the file is
    still those bytes and its key still signs. Its parts stay available (in `opened`) until the
    batch is written; a file with evidence is decrypted again, for the evidence only."""
    report, spool = old.report, plan._spool
    assert spool is not None
    try:
        if _file_sha256(report.path) != report.file_sha256:
            raise container.changed()
        archive = None
        if old.spooled is None:  # a line was refused: refused whole below, nothing to read
            signer, parts = old.signer, (b"", b"", b"")
        else:
            parts = spool.signed(old.spooled)
            manifest = json.loads(parts[0])
            signer = office_trust.recheck(ws, report.key_id, manifest, report.manifest_sha256)
            if old.evidence:
                archive = _evidence_of(ws, report, decrypt_keys, stack)
    except Refusal as exc:
        return FileReport(report.path, "rejected", error=exc.for_file(report.path.name))
    fresh = dataclasses.replace(report, status="ok", error=None, counts=Counter(),
                                line_refusals=Counter(), first_refusals=[])  # fmt: skip
    c = Checked(fresh, old.manifest, signer, old.verdict, old.size, old.spooled, old.evidence)
    c.lines = spool.lines(old.spooled) if old.spooled else []
    opened[id(c)] = Opened(*parts, archive)
    return c


def _file_sha256(path: Path) -> str:
    try:
        with Path(path).open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError as exc:
        raise Refusal(
            "unreadable", f"无法读取（{exc.strerror}）", f"cannot be read ({exc.strerror})"
        ) from None


def _evidence_of(
    ws: Any, report: FileReport, decrypt_keys: Any, stack: contextlib.ExitStack
) -> SafeZip:
    """The zip of a file the dry run checked (the same bytes), for its evidence files."""
    archive, sealed = container.reopen_verified(
        report.path, keys=decrypt_keys, allowed=bundle_member,
        scratch=envelope.scratch_dir(ws.root), max_bytes=MAX_FILE_BYTES,
        expected_sha256=report.file_sha256,
    )  # fmt: skip
    stack.callback(sealed.close)
    stack.callback(archive.close)
    return archive


def _received(known: Known, c: Checked) -> None:
    known.setdefault((c.report.office, c.report.install_id), {})[c.report.sequence] = (
        c.report.manifest_sha256
    )
