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

V3_STEPS: list[Callable[[Database], None]] = [
    create_signed_bundles,  # the signed files of each imported bundle, kept for the archive
    version_forms,  # form versions, their schedule, entries' form version, choice codes
]
