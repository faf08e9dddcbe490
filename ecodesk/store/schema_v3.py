"""Schema 3 (ecodesk 0.2.0): the tables and columns that trust and longevity need.

Schema 3 has not shipped yet, so every change of this release is one more step in this list;
`db._v3_trust_and_longevity` runs them in order, in one transaction, when a schema-2 database
is opened. Each step must work on a database that schema 2 created (fresh or migrated).
"""

from __future__ import annotations

from collections.abc import Callable

from ecodesk.store.form_migration import version_forms
from ecodesk.store.signed_bundles import create_signed_bundles
from ecodesk.store.sqlite import Database


def _refused_bundles(db: Database) -> None:
    """Bundles refused as a whole (a refused line, or following a refused bundle).

    At the task force: the log of refusals, which every later task package for the office
    carries. At an office: the refusals learnt from task packages; `answered_by` is the sequence
    number of the bundle exported after learning it (0: not answered yet, the window shows it;
    -1: learnt when it no longer concerned a bundle this office holds as sent).
    `reasons` is JSON: {"lines": refused lines, "counts": {code: n}, "first": [{code, zh, en}]}.
    """
    db.table("refused_bundles").create(
        {"manifest_sha256": str, "office": str, "install_id": str, "sequence": int,
         "period": int, "key_id": str, "file_name": str, "reasons": str, "refused_at": str,
         "learnt_at": str, "answered_by": int},
        pk="manifest_sha256",
        not_null={"office", "install_id", "sequence", "reasons", "refused_at"},
        defaults={"key_id": "", "file_name": "", "learnt_at": "", "answered_by": 0},
    )  # fmt: skip
    db.table("refused_bundles").create_index(["office", "install_id", "sequence"])


V3_STEPS: list[Callable[[Database], None]] = [
    create_signed_bundles,  # the signed files of each imported bundle, kept for the archive
    version_forms,  # form versions, their schedule, entries' form version, choice codes
    _refused_bundles,  # bundles refused as a whole, and what an office learns of them
]
