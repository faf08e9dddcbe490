"""Peak memory of refusing or importing the largest files a task force may be handed.

    .venv/bin/python bench/memory.py                 # 510 MB files, a 480,000-line bundle
    .venv/bin/python bench/memory.py --mb 50 --lines 50000     # a quick run

Each case runs in a fresh process that imports ecodesk, opens the task force's workspace and
imports one file (dry-run plan, then apply), and reports its peak resident size
(`resource.getrusage`). The baseline is the same process importing a one-line bundle, measured in
the same run. Cases:

* garbage: 510 MB of random bytes named `.ecb` (refused at its first bytes);
* unauthenticated age file: 510 MB of random bytes correctly encrypted to the task force with age,
  but neither a zip nor signed (decrypted in full to a temporary file, then refused);
* large signed bundle: one office's bundle, signed by its enrolled key, with hundreds of thousands
  of entry lines (refused from its manifest: a bundle holds at most one entry per task);
* signed bundle at the cap (`schema.MAX_BUNDLE_ENTRIES` lines): read line by line, all but the
  first per task refused (another entry holds the slot); its report must be a summary (counts
  plus the first reasons), not one line per line.

Prints each peak, the ratio to the baseline and the growth over it (goal: every peak <= 300 MB),
and how many summary lines the import printed. It prints; it never asserts. Data is generated
under the system's temporary folder and removed afterwards.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import sys
import tempfile
import time
import uuid as uuidlib
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from valid_lines import reported_indicators, valid_value  # noqa: E402

from ecodesk.bundle import api, container, envelope, keys, schema  # noqa: E402
from ecodesk.bundle.container import Member  # noqa: E402
from ecodesk.bundle.export import recipient_json  # noqa: E402
from ecodesk.bundle.strictjson import dumps  # noqa: E402
from ecodesk.core.forms import Indicator  # noqa: E402
from ecodesk.store import keys as key_store  # noqa: E402
from ecodesk.store.workspace import Workspace  # noqa: E402

GOAL_MB = 300
OFFICE, PERIOD = "成县", 2023


def _import_in_child(root: Path, path: Path) -> dict[str, Any]:
    """In a fresh process: plan and apply the import of `path`; report the peak RSS."""
    tf = Workspace.open(root)
    started = time.perf_counter()
    plan = api.plan_import(tf, [path])
    summary = plan.summary_lines()
    if not plan.rejected_files:
        plan = api.apply_import(tf, plan)
    elapsed = time.perf_counter() - started
    tf.close()
    report = plan.files[0]
    return {
        "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "elapsed": elapsed,
        "status": report.status,
        "error": str(report.error or "")[:120],
        "summary_lines": len(summary),
        "counts": dict(plan.counts),
    }


def _random_file(path: Path, megabytes: int) -> None:
    with path.open("wb") as handle:
        for _ in range(megabytes):
            handle.write(os.urandom(1024 * 1024))


def _age_file(path: Path, source: Path, box_pub: bytes) -> None:
    with source.open("rb") as plain, path.open("wb") as sealed:
        envelope.seal_stream(plain, sealed, recipient_box_pub=box_pub)


def _line(install: str, task: int, indicators: list[Indicator]) -> dict[str, Any]:
    return {
        "uuid": str(uuidlib.uuid4()), "office": OFFICE, "task": task, "period": PERIOD,
        "values": {i.id: valid_value(i, task) for i in indicators[:2]}, "plan": f"{OFFICE} 第 {task} 项任务的年度计划安排",
        "corrective_measures": "", "not_applicable": False, "not_applicable_reason": "", "state": "complete",
        "revision": 1, "install_id": install, "updated_at": "2024-03-01T08:00:00.000+00:00",
        "updated_by": f"clerk@{OFFICE}", "evidence": [],
    }  # fmt: skip


def _signed_bundle(tf: Workspace, path: Path, scratch: Path, lines: int) -> None:
    """A bundle from an enrolled office with `lines` entry lines, cycling through the tasks."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    pair = keys.KeyPair(Ed25519PrivateKey.generate(), X25519PrivateKey.generate())
    install = str(uuidlib.uuid4())
    key_store.add_key(tf.db, key_store.KeyRecord(
        pair.public.key_id, OFFICE, install, "office", keys.b64(pair.public.sign_pub),
        keys.b64(pair.public.box_pub), pair.public.fingerprint))  # fmt: skip
    recipient = key_store.get_key(tf.db, keys.own_keys(tf).public.key_id)
    assert recipient is not None
    indicators = reported_indicators(tf.forms, OFFICE)
    tasks = sorted(indicators)
    entries = scratch / "entries.jsonl"
    with entries.open("w", encoding="utf-8") as handle:
        for n in range(lines):
            task = tasks[n % len(tasks)]
            handle.write(dumps(_line(install, task, indicators[task])) + "\n")
    manifest = {
        "format": "ecodesk-bundle", "format_version": schema.BUNDLE_FORMAT_VERSION, "kind": "bundle",
        "suite": envelope.SUITE, "app_version": "bench", "schema_version": 3, "office": OFFICE,
        "install_id": install, "key_id": pair.public.key_id, "sequence": 1, "period": PERIOD,
        "full": True, "previous_sha256": "", "created": "2024-03-01T08:00:00.000+00:00",
        "recipient": recipient_json(recipient), "entry_count": lines, "rotations": [],
    }  # fmt: skip
    container.write_sealed(path, manifest, [Member("entries.jsonl", path=entries)], pair,
                           recipient_box_pub=keys.own_keys(tf).public.box_pub, scratch=scratch)  # fmt: skip
    entries.unlink()


def _measure(pool: Any, root: Path, path: Path) -> dict[str, Any]:
    return pool.apply(_import_in_child, (root, path))  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--mb", type=int, default=510, help="size of the garbage and age files")
    parser.add_argument("--lines", type=int, default=480_000, help="lines of the signed bundle")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ecodesk-memory-") as scratch_name:
        scratch = Path(scratch_name)
        root = scratch / "tf"
        tf = Workspace.create(root, office=None, task_force=True)
        box = keys.own_keys(tf).public.box_pub
        files = {"baseline (one-line bundle)": scratch / "成县-2023-0001.ecb"}
        _signed_bundle(tf, files["baseline (one-line bundle)"], scratch, 1)
        started = time.perf_counter()
        garbage = files[f"garbage, {args.mb} MB"] = scratch / "garbage.ecb"
        _random_file(garbage, args.mb)
        sealed = files[f"unauthenticated age file, {args.mb} MB"] = scratch / "unsigned.ecb"
        _age_file(sealed, garbage, box)
        big = files[f"signed bundle, {args.lines:,} lines"] = scratch / "成县-2023-0002.ecb"
        _signed_bundle(tf, big, scratch, args.lines)
        cap = schema.MAX_BUNDLE_ENTRIES
        full = files[f"signed bundle at the cap, {cap:,} lines"] = scratch / "成县-2023-0003.ecb"
        _signed_bundle(tf, full, scratch, cap)
        tf.close()
        print(f"generated in {time.perf_counter() - started:.1f} s: "
              + ", ".join(f"{p.name} {p.stat().st_size / 1e6:.1f} MB" for p in files.values()))  # fmt: skip
        results = {}
        with multiprocessing.get_context("spawn").Pool(1, maxtasksperchild=1) as pool:
            for label, path in files.items():
                results[label] = _measure(pool, root, path)
        base = results["baseline (one-line bundle)"]["rss"]
        for label, result in results.items():
            rss = result["rss"]
            verdict = "ok" if rss <= GOAL_MB * 1e6 else "OVER"
            print(f"{label}: peak {rss / 1e6:.0f} MB, ratio to baseline {rss / base:.2f}, "
                  f"+{(rss - base) / 1e6:.0f} MB; {result['status']} in {result['elapsed']:.1f} s; "
                  f"summary {result['summary_lines']} lines; {verdict} (goal <= {GOAL_MB} MB)")  # fmt: skip
            if result["error"]:
                print(f"    {result['error']}")


if __name__ == "__main__":
    main()
