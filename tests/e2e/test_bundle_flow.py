"""The whole round trip: task force and nine offices, bundles out in any order, returns back."""

from __future__ import annotations

import json
import random
from pathlib import Path

from ecodesk.bundle import api
from ecodesk.cli import main
from ecodesk.core.entries import Review, TaskStatus
from ecodesk.core.offices import COUNTIES
from ecodesk.store import bundles as bundle_store
from ecodesk.store import entries as entry_store
from ecodesk.store.workspace import Workspace

PERIOD = 2023


def _cli(root: Path, *args: str) -> int:
    return main(["--workspace", str(root), *args])


def test_task_force_and_nine_offices(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    tf_root, mail = tmp_path / "tf", tmp_path / "mail"
    mail.mkdir()
    assert _cli(tf_root, "init", "--task-force") == 0
    tf = Workspace.open(tf_root)
    tf_fp = api.key_info(tf).fingerprint
    tf.close()
    roots = {office: tmp_path / f"ws-{i}" for i, office in enumerate(COUNTIES)}
    for office, root in roots.items():
        assert _cli(root, "init", "--office", office) == 0
        assert _cli(root, "key", "export", str(mail / f"{office}.json")) == 0
        fingerprint = json.loads((mail / f"{office}.json").read_text(encoding="utf-8"))[
            "fingerprint"
        ]
        assert _cli(tf_root, "enroll", "--office", office, "--key", str(mail / f"{office}.json"),
                    "--fingerprint", fingerprint) == 0  # fmt: skip
    assert _cli(tf_root, "package", "--out", str(mail)) == 0
    for office, root in roots.items():
        package = mail / f"工作专班-{office}-0001.ecp"
        assert _cli(root, "import", str(package)) == 2  # no fingerprint confirmed yet: refused
        assert _cli(root, "import", str(package), "--fingerprint", tf_fp) == 0

    # each office fills a few entries and sends a bundle
    offices = {office: Workspace.open(root) for office, root in roots.items()}
    bundles = []
    for i, (office, ws) in enumerate(offices.items()):
        for task in (1, 4, 5 + i % 3):
            ws.save(task, PERIOD, plan=f"{office} 任务 {task} 计划")
        evidence = tmp_path / f"{office}.txt"
        evidence.write_text(f"{office} 佐证", encoding="utf-8")
        ws.attach(1, PERIOD, evidence)
        bundles.append(api.export_bundle(ws, period=PERIOD, out_dir=mail).path)

    # the task force imports them in random order, some twice, in two runs
    rng = random.Random(5)
    deliveries = bundles + rng.sample(bundles, 4)
    rng.shuffle(deliveries)
    assert _cli(tf_root, "import", "--dry-run", *map(str, deliveries[:6])) == 0
    assert _cli(tf_root, "import", "--yes", *map(str, deliveries[:6])) == 0
    assert _cli(tf_root, "import", "--yes", *map(str, deliveries[6:])) == 0
    tf = Workspace.open(tf_root)
    assert len(entry_store.list_entries(tf.db, period=PERIOD)) == 27
    assert bundle_store.conflicts(tf.db) == []

    # two entries go back for correction, one is accepted
    returned = {"成县": 1, "文县": 4}
    for office, task in returned.items():
        uuid = offices[office].entry(task, PERIOD).uuid
        entry_store.set_review(
            tf.db, uuid=uuid, review=Review.RETURNED, comment="数据与统计年报不符", who="tf"
        )
    accepted_uuid = offices["康县"].entry(4, PERIOD).uuid
    entry_store.set_review(tf.db, uuid=accepted_uuid, review=Review.ACCEPTED, comment="", who="tf")
    tf.close()
    assert _cli(tf_root, "package", "--out", str(mail)) == 0

    for office, ws in offices.items():
        outcome = api.import_task_package(ws, mail / f"工作专班-{office}-0002.ecp")
        assert outcome.acknowledged == [1]
        assert outcome.returned == ([returned[office]] if office in returned else [])
        statuses = {row.form.task: row.status for row in ws.overview(PERIOD)}
        if office in returned:
            assert statuses[returned[office]] is TaskStatus.RETURNED
            assert ws.entry(returned[office], PERIOD).review_comment == "数据与统计年报不符"
    assert offices["康县"].entry(4, PERIOD).review is Review.ACCEPTED

    # the two offices fix and send again; only the fixed entry travels (the rest was acknowledged)
    fixes = []
    for office, task in returned.items():
        offices[office].save(task, PERIOD, plan=f"{office} 已按统计年报更正")
        result = api.export_bundle(offices[office], period=PERIOD, out_dir=mail)
        assert result.entries == 1 and result.sequence == 2
        fixes.append(result.path)
    assert _cli(tf_root, "import", "--yes", *map(str, fixes)) == 0

    tf = Workspace.open(tf_root)
    for office, task in returned.items():
        entry = entry_store.get_entry(tf.db, office=office, task=task, period=PERIOD)
        assert entry is not None and entry.plan == f"{office} 已按统计年报更正"
        assert entry.review is Review.NONE  # the return is answered; up for review again
        assert [p.sequence for p in api.entry_provenance(tf, entry.uuid)] == [1, 2]
    accepted = entry_store.get_entry_by_uuid(tf.db, accepted_uuid)
    assert accepted is not None and accepted.review is Review.ACCEPTED
    assert len(entry_store.list_entries(tf.db, period=PERIOD)) == 27
    assert len(bundle_store.received_list(tf.db)) == 11
    for office, ws in offices.items():
        mine = {e.uuid: e for e in entry_store.list_entries(ws.db, office=office, period=PERIOD)}
        for uuid, entry in mine.items():
            theirs = entry_store.get_entry_by_uuid(tf.db, uuid)
            assert theirs is not None and (theirs.revision, theirs.plan) == (
                entry.revision,
                entry.plan,
            )
        ws.close()
    tf.close()
    capsys.readouterr()
