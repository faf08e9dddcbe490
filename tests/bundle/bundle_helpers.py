"""Helpers for bundle tests: a task force and enrolled offices, all in a temporary folder."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ecodesk.bundle import api
from ecodesk.store.workspace import Workspace

PERIOD = 2023


class Network:
    """A task force and offices that have exchanged keys and a first task package."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.mail = root / "mail"
        self.mail.mkdir()
        self.tf = Workspace.create(root / "tf", office=None, task_force=True)
        self.offices: dict[str, Workspace] = {}

    def join(self, office: str) -> Workspace:
        ws = Workspace.create(self.root / f"office-{office}", office=office)
        key_file = self.root / f"{office}.pub.json"
        key_file.write_text(json.dumps(api.key_document(ws), ensure_ascii=False))
        api.enroll_office(
            self.tf, office=office, key_file=key_file, fingerprint=api.key_info(ws).fingerprint
        )
        package = api.make_task_package(self.tf, office=office, out_dir=self.mail)
        api.import_task_package(
            ws, package.path, confirm_fingerprint=api.key_info(self.tf).fingerprint
        )
        self.offices[office] = ws
        return ws

    def send_package(self, office: str) -> api.PackageImport:
        package = api.make_task_package(self.tf, office=office, out_dir=self.mail)
        return api.import_task_package(self.offices[office], package.path)

    def close(self) -> None:
        for ws in [self.tf, *self.offices.values()]:
            ws.close()


def fill(
    ws: Workspace, task: int, text: str, *, period: int = PERIOD, evidence: Path | None = None
) -> Any:
    """Give an entry some content (a plan, optionally one evidence file)."""
    result = ws.save(task, period, plan=text)
    if evidence is not None:
        evidence.write_text(f"evidence for {text}", encoding="utf-8")
        ws.attach(task, period, evidence)
    return result


def export(ws: Workspace, out: Path, **kwargs: Any) -> Path:
    return api.export_bundle(ws, period=PERIOD, out_dir=out, **kwargs).path


def import_all(tf: Workspace, paths: list[Path]) -> api.ImportPlan:
    return api.apply_import(tf, api.plan_import(tf, paths))


def db_bytes(ws: Workspace) -> bytes:
    """The database's bytes after a checkpoint (so the WAL is folded in)."""
    ws.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return (ws.root / "ecodesk.db").read_bytes()


Filler = Callable[[Workspace, int, str], Any]
