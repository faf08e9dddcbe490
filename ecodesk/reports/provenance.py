"""Where an entry came from: a signed bundle from an office, or typed in locally.

The bundle importer records, per entry, the bundle it came from, the signing key's fingerprint
and the import time. The archive asks through one function, so it works the same whether the
store can answer (``ecodesk.store.bundles.entry_provenance``) or not yet: an entry nobody
imported was entered locally, on the installation named by its own install id.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ecodesk.core.entries import Entry
from ecodesk.core.i18n import t


@dataclass(frozen=True)
class Provenance:
    source: str  # "本地录入" (entered locally) or "数据包" (from a bundle)
    bundle: str = ""  # the bundle's id or file name
    signer: str = ""  # the signing key's fingerprint
    imported_at: str = ""
    install_id: str = ""  # the installation that last wrote the entry


ProvenanceLookup = Callable[[Entry], Provenance]


def local_provenance(entry: Entry) -> Provenance:
    return Provenance(source=t("本地录入", "entered locally"), install_id=entry.install_id)


def workspace_provenance(db: Any) -> ProvenanceLookup:
    """A lookup backed by the bundle store when it exists, else every entry is local."""
    try:
        bundles = importlib.import_module("ecodesk.store.bundles")
    except ImportError:
        return local_provenance
    find = getattr(bundles, "entry_provenance", None)
    if find is None:
        return local_provenance

    def lookup(entry: Entry) -> Provenance:
        found = find(db, entry.uuid)
        return local_provenance(entry) if found is None else adapt(found, entry)

    return lookup


def adapt(found: Any, entry: Entry) -> Provenance:
    """Read the bundle store's record (a dataclass or a mapping) by the names it is likely to use."""

    def pick(*names: str) -> str:
        for name in names:
            value = found.get(name) if isinstance(found, dict) else getattr(found, name, None)
            if value:
                return str(value)
        return ""

    return Provenance(
        source=t("数据包", "bundle"),
        bundle=pick("bundle", "bundle_name", "bundle_file", "bundle_id", "bundle_uuid"),
        signer=pick("signer_fingerprint", "fingerprint", "signer", "key_fingerprint"),
        imported_at=pick("imported_at", "import_time", "received_at"),
        install_id=pick("install_id") or entry.install_id,
    )
