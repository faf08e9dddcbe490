"""A task force with one real conflict: the same entry, same revision, two different contents,
received in two signed bundles (as when a second copy of an office's database sent its own edit).

Shared by the CLI, store and window tests of conflict resolution; built with the bundle API the
way tests/bundle does.
"""

from __future__ import annotations

import hashlib
import json
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent / "bundle"))

from bundle_helpers import PERIOD, Network, export, fill, import_all  # noqa: E402
from forge import Forge  # noqa: E402

from ecodesk.bundle import envelope, keys  # noqa: E402
from ecodesk.bundle.lines import content_sha256  # noqa: E402
from ecodesk.store import bundles as bundle_store  # noqa: E402

__all__ = ["FIRST_PLAN", "OFFICE", "PERIOD", "SECOND_PLAN", "TASK", "Conflicted", "Forge", "Network",
           "continue_numbering", "export", "fill", "import_all", "make_conflict", "package_manifest"]  # fmt: skip

OFFICE = "成县"
TASK = 1
FIRST_PLAN = "按规划推进，年底前完成评审"
SECOND_PLAN = "另一台电脑上的计划：三季度完成评审"


@dataclass
class Conflicted:
    net: Network
    uuid: str

    @property
    def tf_root(self) -> Path:
        return self.net.tf.root


def make_conflict(root: Path, *, evidence: bool = False, forged_loses: bool = False,
                  evidence_indicator: str = "") -> Conflicted:  # fmt: skip
    """Task force at `root / "tf"` with an unresolved conflict on 成县's task 1 of 2023.

    The second version (forged as another install would send it) has a different plan. With
    `evidence`, each version has its own evidence file. The merge rule picks one of them; both
    bundles are imported at once; the evidence of both versions is stored. With `forged_loses`
    the merge keeps the office's own version, so keeping "other" means the forged one (whose
    evidence the office does not have). `evidence_indicator`: the forged version's evidence file
    supports that indicator (a format-3 bundle)."""
    net = Network(root)
    office = net.join(OFFICE)
    out = root / "out"
    out.mkdir()
    fill(office, TASK, FIRST_PLAN, evidence=root / "规划批复.pdf" if evidence else None)
    first = export(office, out)
    forge = Forge(office, net.tf)
    blob = "另一份批复".encode()
    sha = hashlib.sha256(blob).hexdigest()
    other_evidence = [{"sha256": sha, "name": "另一份批复.pdf", "size": len(blob),
                       "added_at": "2024-03-01T08:00:00.000+00:00"}]  # fmt: skip
    if evidence_indicator:
        other_evidence[0]["indicator"] = evidence_indicator
    line = {**forge.line(TASK), "plan": SECOND_PLAN, "evidence": other_evidence if evidence else []}
    own = content_sha256(forge.line(TASK))
    minute = 0
    while (
        forged_loses and content_sha256(line) > own
    ):  # same revision and install: the hash decides
        minute += 1
        line["updated_at"] = f"2024-03-01T08:{minute:02d}:00.000+00:00"
    second = out / f"{OFFICE}-{PERIOD}-0002.ecb"
    previous = bundle_store.previous_bundle_sha(office.db)
    second.write_bytes(
        forge.build(
            sequence=2,
            previous=previous,
            lines=[line],
            evidence={sha: blob} if evidence else None,
            edit_manifest=(lambda m: m.update(format_version=3)) if evidence_indicator else None,
        )
    )
    import_all(net.tf, [first, second])
    assert bundle_store.conflicts(net.tf.db), "the two bundles should conflict"
    return Conflicted(net, line["uuid"])


def continue_numbering(made: Conflicted) -> None:
    """Let the office's own bundle numbers go on after the forged number 2 (as if that copy's
    bundle were its own), so its next real export is number 3 and follows the chain."""
    office = made.net.offices[OFFICE]
    sha = next(r.manifest_sha256 for r in bundle_store.received_list(made.net.tf.db)
               if r.office == OFFICE and r.sequence == 2)  # fmt: skip
    bundle_store.record_outgoing(office.db, sequence=2, period=PERIOD, manifest_sha256=sha,
                                 file_name="forged", full=False, entries=[])  # fmt: skip


def package_manifest(ws: Any, path: Path) -> dict[str, Any]:
    """The manifest of a task package, decrypted with the office's key (for inspection)."""
    sealed = envelope.open_sealed(path, keys.decryption_keys(ws), scratch=envelope.scratch_dir(ws.root),
                                  max_bytes=1 << 30)  # fmt: skip
    with sealed.plaintext, zipfile.ZipFile(sealed.plaintext) as archive:
        return json.loads(archive.read("manifest.json"))  # type: ignore[no-any-return]
