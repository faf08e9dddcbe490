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
        return adapt(find(db, entry.uuid), entry)

    return lookup


def adapt(found: Any, entry: Entry) -> Provenance:
    """Turn the bundle store's answer (None, one record, or every received revision) into ours.

    The revision the archive shows is the entry's current one: if a bundle brought exactly
    that revision, the entry came from the bundle; if bundles brought only earlier ones, it
    was changed here afterwards, and the last bundle is still named.
    """
    records = list(found) if isinstance(found, list | tuple) else [] if found is None else [found]
    if not records:
        return local_provenance(entry)
    exact = [r for r in records if _pick(r, "revision") == str(entry.revision)]
    chosen = exact[-1] if exact else records[-1]
    source = (
        t("数据包", "bundle")
        if exact
        else t("本地修改（此前版本来自数据包）", "changed locally after a bundle")
    )
    bundle = _pick(chosen, "file_name", "bundle", "bundle_name", "bundle_file")
    manifest = _pick(chosen, "manifest_sha256", "bundle_id")
    if manifest:
        bundle = f"{bundle}（{manifest[:16]}）" if bundle else manifest
    return Provenance(
        source=source,
        bundle=bundle,
        signer=_pick(chosen, "fingerprint", "signer_fingerprint", "key_fingerprint", "key_id"),
        imported_at=_pick(chosen, "imported_at", "import_time", "received_at"),
        install_id=_pick(chosen, "install_id") or entry.install_id,
    )


def _pick(found: Any, *names: str) -> str:
    for name in names:
        value = found.get(name) if isinstance(found, dict) else getattr(found, name, None)
        if value is not None and value != "":
            return str(value)
    return ""
