"""A task force with one real conflict: the same entry, same revision, two different contents,
received in two signed bundles (as when a second copy of an office's database sent its own edit).

Shared by the CLI, store and window tests of conflict resolution; built with the bundle API the
way tests/bundle does.
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "bundle"))

from bundle_helpers import PERIOD, Network, export, fill, import_all  # noqa: E402
from forge import Forge  # noqa: E402

from ecodesk.store import bundles as bundle_store  # noqa: E402

__all__ = ["FIRST_PLAN", "OFFICE", "PERIOD", "SECOND_PLAN", "TASK", "Conflicted", "Forge", "Network",
           "fill", "import_all", "make_conflict"]  # fmt: skip

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


def make_conflict(root: Path, *, evidence: bool = False) -> Conflicted:
    """Task force at `root / "tf"` with an unresolved conflict on 成县's task 1 of 2023.

    The second version (forged as another install would send it) has a different plan. With
    `evidence`, each version has its own evidence file. The merge rule picks one of them; both
    bundles are imported at once; the evidence of both versions is stored."""
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
    line = {**forge.line(TASK), "plan": SECOND_PLAN, "evidence": other_evidence if evidence else []}
    second = out / f"{OFFICE}-{PERIOD}-0002.ecb"
    previous = bundle_store.previous_bundle_sha(office.db)
    second.write_bytes(
        forge.build(
            sequence=2, previous=previous, lines=[line], evidence={sha: blob} if evidence else None
        )
    )
    import_all(net.tf, [first, second])
    assert bundle_store.conflicts(net.tf.db), "the two bundles should conflict"
    return Conflicted(net, line["uuid"])
