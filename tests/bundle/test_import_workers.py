"""The dry run's checks in worker processes (merge_workers.py) decide exactly as one process does:
the same files accepted and refused with the same messages, in the user's language, the same
counts and conflicts, and the import that follows lands the same entries."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from bundle_helpers import Network, export, fill
from forge import Forge

from ecodesk.bundle import api, merge_workers
from ecodesk.core.i18n import in_language
from ecodesk.store import entries as entry_store


@pytest.fixture
def mixed(network: Network, tmp_path: Path) -> list[Path]:
    """Good bundles of three offices, one with a second bundle; a bundle with a refused value
    line; garbage; a missing file; the same file twice."""
    files = []
    for office in ("成县", "康县", "徽县"):
        ws = network.join(office)
        fill(ws, 1, f"{office}规划")
        fill(ws, 2, f"{office}计划")
        files.append(export(ws, tmp_path / office))
    kang = network.offices["康县"]
    fill(kang, 1, "康县规划，改过")
    files.append(export(kang, tmp_path / "康县-2"))
    forge = Forge(network.offices["徽县"], network.tf)
    forged = tmp_path / "徽县-forged.ecb"
    line = forge.line(1)
    forged.write_bytes(forge.build(lines=[{**line, "state": "weird"}], sequence=2))
    garbage = tmp_path / "垃圾.ecb"
    garbage.write_bytes(b"not a bundle at all\n" * 50)
    twice = tmp_path / "成县-again.ecb"
    shutil.copy(files[0], twice)
    return [*files, forged, garbage, tmp_path / "不存在.ecb", twice]


def _outcome(plan: api.ImportPlan) -> list[tuple[Any, ...]]:
    return [
        (f.path.name, f.status, f.error.code if f.error else "", str(f.error or ""),
         dict(f.line_refusals), [r.zh for r in f.first_refusals])
        for f in plan.files
    ]  # fmt: skip


def test_workers_decide_every_file_as_one_process_does(network: Network, mixed: list[Path]) -> None:
    alone = api.plan_import(network.tf, mixed, workers=0)
    shared = api.plan_import(network.tf, mixed, workers=2)
    assert _outcome(shared) == _outcome(alone)
    assert shared.counts == alone.counts
    assert shared.summary_lines() == alone.summary_lines()
    statuses = [f.status for f in shared.files]
    assert statuses.count("ok") == 4 and statuses.count("rejected") == 3
    assert statuses[-1] == "duplicate"


def test_an_import_checked_by_workers_lands_every_accepted_entry(
    network: Network, mixed: list[Path]
) -> None:
    done = api.apply_import(network.tf, api.plan_import(network.tf, mixed, workers=2))
    stored = {
        (e.office, e.task): e.plan for e in entry_store.list_entries(network.tf.db, period=2023)
    }
    assert stored == {
        ("成县", 1): "成县规划", ("成县", 2): "成县计划",
        ("康县", 1): "康县规划，改过", ("康县", 2): "康县计划",
        ("徽县", 1): "徽县规划", ("徽县", 2): "徽县计划",
    }  # fmt: skip
    assert done.counts["new"] == 6 and done.counts["updated"] == 1


def test_a_refusal_found_by_a_worker_speaks_the_users_language(
    network: Network, mixed: list[Path]
) -> None:
    with in_language("en"):
        shared = api.plan_import(network.tf, mixed, workers=2)
        alone = api.plan_import(network.tf, mixed, workers=0)
    garbage = next(f for f in shared.files if f.path.name == "垃圾.ecb")
    assert str(garbage.error).startswith("垃圾.ecb: not an ecodesk bundle")
    assert _outcome(shared) == _outcome(alone)


def test_large_files_are_checked_here_and_small_ones_by_the_workers(
    network: Network, mixed: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    here: list[str] = []
    real = merge_workers.check_file

    def spy(ws: Any, path: Path, **kwargs: Any) -> Any:
        here.append(path.name)
        return real(ws, path, **kwargs)

    monkeypatch.setattr(merge_workers, "check_file", spy)
    small = api.plan_import(network.tf, mixed, workers=2)
    assert here == ["不存在.ecb"]  # every readable file went to a worker
    here.clear()
    monkeypatch.setattr(merge_workers, "MAX_WORKER_FILE_BYTES", 500)  # smaller than a bundle
    large = api.plan_import(network.tf, mixed, workers=2)
    too_big = [p.name for p in mixed if not p.exists() or p.stat().st_size > 500]
    assert sorted(here) == sorted(too_big) and len(too_big) == len(mixed)
    assert _outcome(large) == _outcome(small)


@pytest.mark.parametrize(
    ("setting", "files", "cores", "expected"),
    [("", 10, 8, 0), ("", 100, 1, 0), ("", 100, 2, 2), ("", 100, 16, 4), ("0", 100, 8, 0),
     ("3", 5, 1, 3)],
)  # fmt: skip
def test_how_many_workers(
    monkeypatch: pytest.MonkeyPatch, setting: str, files: int, cores: int, expected: int
) -> None:
    monkeypatch.setenv("ECODESK_IMPORT_WORKERS", setting)
    monkeypatch.setattr("os.cpu_count", lambda: cores)
    assert merge_workers.worker_count(files) == expected


def _die_at_kang_2() -> None:
    """In a worker: exit at once (as if killed) when given 康县's second bundle."""
    real = merge_workers._check_in_worker

    def check(job: tuple[int, str]) -> Any:
        if "康县-2" in job[1]:
            os._exit(3)
        return real(job)

    merge_workers._check_in_worker = check  # type: ignore[assignment]


def test_a_worker_that_dies_costs_no_file(
    network: Network, mixed: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    alone = api.plan_import(network.tf, mixed, workers=0)
    here: list[str] = []
    real = merge_workers.check_file

    def spy(ws: Any, path: Path, **kwargs: Any) -> Any:
        here.append(path.parent.name)
        return real(ws, path, **kwargs)

    monkeypatch.setattr(merge_workers, "check_file", spy)
    monkeypatch.setattr(merge_workers, "WORKER_SETUP", [_die_at_kang_2])
    shared = api.plan_import(network.tf, mixed, workers=2)
    assert "康县-2" in here  # the worker died on it; it was checked here
    assert _outcome(shared) == _outcome(alone)
    assert shared.counts == alone.counts


def test_few_jobs_out_at_a_time_still_bring_every_file_back_in_order(
    network: Network, mixed: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    alone = api.plan_import(network.tf, mixed, workers=0)
    monkeypatch.setattr(merge_workers, "CHUNK", 2)
    monkeypatch.setattr(merge_workers, "WINDOW", 1)  # one job of two files out at a time
    shared = api.plan_import(network.tf, mixed, workers=2)
    assert _outcome(shared) == _outcome(alone)
