"""Rebuild the migration fixtures: workspaces made by the code of every schema that shipped.

    .venv/bin/python tools/make_migration_fixtures.py

For each released database schema this checks the last commit that wrote it out of git
(`git archive`, into a temporary folder), runs *that old code* to build a small workspace with
every kind of data it could hold, records what the old command line printed about it, and
writes into `tests/fixtures/migrations/`:

    schema-1-成县.zip            the workspace folder (ecodesk.db, evidence/, ...), zipped
    schema-1-成县.expected.json  the old CLI's output: one {"args", "stdout"} per command
    (the same for schemas 2 and 3: a task force and an office that exchanged bundles)

`tests/store/test_migrations.py` opens each workspace with the current code and checks that it
shows what the old code printed. The old code runs with this venv's packages (the dependencies
have not changed since) and `PYTHONPATH` pointing at the old tree, in a child process of this
script (`--build`), so nothing of the current code is imported there.

Timestamps, uuids and keys differ at each rebuild; the expected output is recorded in the same run,
so a rebuild stays consistent. Commit the zip and the expected file together.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "tests" / "fixtures" / "migrations"

# The last commit of each released schema (both were released as 0.1.0): e4da57d is the last
# commit before SCHEMA_VERSION became 2, 8ec9ced the last before 0.2.0 began schema 3; schema 3
# (0.2.0) was built from 81d3e1c, the last commit before schema 4 (evidence per indicator) began.
SCHEMAS = {1: "e4da57d", 2: "8ec9ced", 3: "81d3e1c"}
PERIOD = 2023
FIXED_ZIP_TIME = (2024, 1, 1, 0, 0, 0)


# ---------------------------------------------------------------- the driver (current Python)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--root", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--schema", type=int, action="append", help="only this schema (repeatable)")
    args = parser.parse_args()
    if args.build:
        return build(args.build, args.root)
    OUT.mkdir(parents=True, exist_ok=True)
    for schema in args.schema or sorted(SCHEMAS):
        make_fixtures(schema, SCHEMAS[schema])
    return 0


def make_fixtures(schema: int, commit: str) -> None:
    with tempfile.TemporaryDirectory(prefix=f"ecodesk-schema{schema}-") as tmp:
        src, root = Path(tmp) / "src", Path(tmp) / "work"
        src.mkdir()
        root.mkdir()
        archive = subprocess.run(["git", "-C", str(REPO), "archive", commit], check=True,
                                 capture_output=True).stdout  # fmt: skip
        subprocess.run(["tar", "-x", "-C", str(src)], input=archive, check=True)
        env = old_code_env(src)
        subprocess.run([sys.executable, __file__, "--build", str(schema), "--root", str(root)],
                       cwd=tmp, env=env, check=True)  # fmt: skip
        plan = json.loads((root / "plan.json").read_text(encoding="utf-8"))
        for name, spec in plan.items():
            workspace = Path(spec["workspace"])
            commands = [record(env, tmp, workspace, cmd) for cmd in spec["commands"]]
            expected = {"schema": schema, "commit": commit, "role": spec["role"],
                        "office": spec["office"], "commands": commands}  # fmt: skip
            compact(workspace / "ecodesk.db")
            stem = f"schema-{schema}-{name}"
            (OUT / f"{stem}.expected.json").write_text(
                json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
            )
            zip_workspace(workspace, OUT / f"{stem}.zip")
            print(
                f"{stem}: {(OUT / f'{stem}.zip').stat().st_size:,} bytes, {len(commands)} commands"
            )


def old_code_env(src: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(src), str(src / "tests"), str(src / "tests" / "bundle")]
    )
    env["TZ"] = "UTC"
    env["USER"] = env["LOGNAME"] = "clerk"
    env.pop("ECODESK_WORKSPACE", None)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def record(env: dict[str, str], cwd: str, workspace: Path, args: list[str]) -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-m", "ecodesk", "--workspace", str(workspace), *args],
                          cwd=cwd, env=env, capture_output=True, text=True, check=False)  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"old CLI failed: {args}: {done.stderr}")
    return {"args": args, "stdout": done.stdout}


def compact(db_path: Path) -> None:
    """Fold the WAL into the database and drop free pages (the data itself is untouched)."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("VACUUM")
    conn.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)


def zip_workspace(workspace: Path, target: Path) -> None:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(workspace.rglob("*")):
            if path.is_file() and not path.name.endswith(("-wal", "-shm", ".lock")):
                info = zipfile.ZipInfo(path.relative_to(workspace).as_posix(), FIXED_ZIP_TIME)
                info.external_attr = (path.stat().st_mode & 0o777) << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, path.read_bytes())


# ------------------------------------------------------ the builders (run inside the old tree)


def build(schema: int, root: Path) -> int:
    import ecodesk

    assert schema == ecodesk.SCHEMA_VERSION, (ecodesk.__file__, ecodesk.SCHEMA_VERSION)
    plan = build_schema1(root) if schema == 1 else build_schema2(root)
    (root / "plan.json").write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    return 0


def cli(workspace: Path, *args: object) -> None:
    from ecodesk.cli import main as old_main

    code = old_main(["--workspace", str(workspace), *map(str, args)])
    if code != 0:
        raise SystemExit(f"old CLI refused {args}")


def evidence_file(root: Path, name: str) -> Path:
    path = root / "files" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{name}（迁移测试用的小文件）\n", encoding="utf-8")
    return path


def office_commands(periods: tuple[int, ...], touched: list[tuple[int, int]],
                    office: str | None = None) -> list[list[str]]:  # fmt: skip
    where = ["--office", office] if office else []
    commands = []
    for period in periods:
        commands.append(["tasks", "--period", str(period), *where])
        commands.append(["status", "--period", str(period), *where])
    for task, period in touched:
        commands.append(["show", str(task), "--json", "--period", str(period), *where])
        commands.append(["history", str(task), "--period", str(period), *where])
    return commands


def enter(ws: Path, files: Path, task: int, period: int, values: list[str], *,
          measures: str = "", complete: bool) -> None:  # fmt: skip
    """Values, a plan, corrective measures; one evidence file and 已完成 if `complete`."""
    cli(ws, "set", task, "--period", period, *sum((["--value", v] for v in values), []),
        "--plan", f"{period}年任务{task}工作计划：明确责任科室，按季度调度。")  # fmt: skip
    if measures:
        cli(ws, "set", task, "--period", period, "--measures", measures)
    if complete:
        cli(
            ws,
            "attach",
            task,
            "--period",
            period,
            evidence_file(files, f"{period}-{task:02d}-佐证.txt"),
        )
        cli(ws, "complete", task, "--period", period)


def fill_schema1_office(ws: Path, files: Path) -> list[tuple[int, int]]:
    """成县, 2022 and 2023: every indicator type and target kind, drafts, not applicable."""
    for period in (2022, 2023):
        cli(ws, "target", 7, "pm25", 28, "--office", "成县", "--period", period)
        cli(ws, "target", 8, "surface_water_good", 90, "--office", "成县", "--period", period)
    entries: list[tuple[int, list[str], bool]] = [
        (7, ["good_air_days=88.5", "pm25=26.4"], True),
        (
            8,
            ["surface_water_good=92", "worst_section_class=Ⅱ类", "black_odorous_eliminated=是"],
            True,
        ),
        (16, ["water_area=120.5", "watershed_project=是"], True),
        (
            11,
            ["key_species_protected=96", "no_invasive_species=是", "aquatic_species_retention=80"],
            True,
        ),
    ]
    touched = []
    for task, values, complete in entries:
        enter(ws, files, task, 2022, values, complete=complete)
        touched.append((task, 2022))
    period = 2023
    entries = [
        (7, ["good_air_days=87.9", "pm25=29.1"], True),  # trend down, above the assigned target
        (
            8,
            ["surface_water_good=91.5", "worst_section_class=Ⅱ类", "black_odorous_eliminated=是"],
            True,
        ),
        (16, ["water_area=121.3", "watershed_project=是"], True),
        (
            11,
            ["key_species_protected=97", "no_invasive_species=否", "aquatic_species_retention=80"],
            True,
        ),
        (24, ["treatment_rate=90"], False),
        (3, ["assessment_share=22"], True),
        (4, ["river_chief_system=是"], True),
        (5, ["disclosure_rate=100"], True),
        (22, ["utilisation_increase=2.5"], True),
        (9, ["ei=65.2"], False),  # a draft, not met
        (28, ["park_area_per_person=14.2"], False),  # a draft, not met, no measures yet
    ]
    for task, values, complete in entries:
        measures = f"任务{task}整改：明年一季度复核。" if task in (7, 11) else ""
        enter(ws, files, task, period, values, measures=measures, complete=complete)
        touched.append((task, period))
    # Task 24: edited twice, two evidence files, one removed again, then completed.
    cli(ws, "set", 24, "--period", period, "--value", "treatment_rate=91.2",
        "--measures", "新建管网 12 公里，提标改造。")  # fmt: skip
    cli(ws, "attach", 24, "--period", period, evidence_file(files, "污水厂运行报表.pdf"),
        evidence_file(files, "统计年报.pdf"))  # fmt: skip
    cli(ws, "complete", 24, "--period", period)
    cli(
        ws,
        "na",
        37,
        "--period",
        period,
        "--reason",
        "本县无十大生态产业统计口径，由市发展改革委统一填报",
    )
    touched.append((37, period))
    return touched


def build_schema1(root: Path) -> dict[str, Any]:
    from ecodesk.core.entries import Review
    from ecodesk.store import entries as entry_store
    from ecodesk.store.workspace import Workspace

    ws_path = root / "成县"
    cli(ws_path, "init", "--office", "成县")
    touched = fill_schema1_office(ws_path, root)
    # Schema 1 had no review command: the task force's decisions came through the store.
    ws = Workspace.open(ws_path)
    decisions = [(24, Review.RETURNED, "污水处理率与住建部门统计年报不一致，请核实。"),
                 (3, Review.ACCEPTED, ""), (4, Review.ACCEPTED, "")]  # fmt: skip
    for task, review, comment in decisions:
        entry = entry_store.get_entry(ws.db, office="成县", task=task, period=PERIOD)
        assert entry is not None
        entry_store.set_review(
            ws.db, uuid=entry.uuid, review=review, comment=comment, who="工作专班"
        )
    ws.close()
    commands = office_commands((2022, 2023), touched)
    return {"成县": {"workspace": str(ws_path), "role": "office", "office": "成县",
                    "commands": commands}}  # fmt: skip


def build_schema2(root: Path) -> dict[str, Any]:
    """A task force and two offices that exchanged keys, bundles and task packages, with a
    conflict (two versions of 成县's task 1) and a returned, corrected entry."""
    from bundle_helpers import export, import_all
    from conflict_helpers import continue_numbering, make_conflict

    made = make_conflict(root, evidence=True)
    continue_numbering(made)
    net, tf = made.net, made.tf_root
    office = net.offices["成县"]
    office_path = office.root
    out = root / "sent"
    out.mkdir()
    cli(tf, "target", 7, "pm25", 28, "--office", "成县", "--period", PERIOD)
    cli(tf, "target", 8, "surface_water_good", 90, "--office", "成县", "--period", PERIOD)
    sets = [
        (7, ["good_air_days=87.9", "pm25=29.1"], "空气质量未达标：加强扬尘管控。"),
        (
            8,
            ["surface_water_good=91.5", "worst_section_class=II类", "black_odorous_eliminated=是"],
            "",
        ),
        (24, ["treatment_rate=91.2"], "新建管网 12 公里，提标改造。"),
        (3, ["assessment_share=22"], ""),
        (4, ["river_chief_system=是"], ""),
        (9, ["ei=65.2"], ""),
    ]
    for task, values, measures in sets:
        enter(office_path, root, task, PERIOD, values, measures=measures, complete=task != 9)
    cli(office_path, "attach", 24, "--period", PERIOD, evidence_file(root, "污水厂运行报表.pdf"))
    cli(office_path, "na", 37, "--period", PERIOD, "--reason", "由市发展改革委统一填报")
    import_all(net.tf, [export(office, out)])
    wudu = net.join("武都区")
    enter(wudu.root, root / "武都区", 24, PERIOD, ["treatment_rate=98.5"], complete=True)
    import_all(net.tf, [export(wudu, out)])
    cli(tf, "review", "return", 24, "--office", "成县", "--period", PERIOD,
        "--comment", "与统计年报不一致，请核实")  # fmt: skip
    cli(tf, "review", "accept", 4, "--office", "成县", "--period", PERIOD)
    cli(tf, "review", "accept", 24, "--office", "武都区", "--period", PERIOD)
    net.send_package("成县")
    cli(office_path, "set", 24, "--period", PERIOD, "--value", "treatment_rate=92.4",
        "--measures", "已核实：按统计年报更正。")  # fmt: skip
    cli(office_path, "complete", 24, "--period", PERIOD)
    import_all(net.tf, [export(office, out)])
    net.close()
    touched = [(task, PERIOD) for task in (1, 3, 4, 7, 8, 9, 24, 37)]
    tf_commands = [["matrix", "--period", str(PERIOD)], ["conflicts"], ["received"],
                   *office_commands((PERIOD,), touched, "成县"),
                   *office_commands((PERIOD,), [(24, PERIOD)], "武都区")]  # fmt: skip
    return {
        "工作专班": {"workspace": str(tf), "role": "task_force", "office": "",
                   "commands": tf_commands},
        "成县": {"workspace": str(office_path), "role": "office", "office": "成县",
               "commands": office_commands((PERIOD,), touched)},
    }  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
