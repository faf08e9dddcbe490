"""How ecodesk 0.1 (schema 1 and 2) received forms in a task package; since schema 3 form
versions live in the database and land in the package's own transaction.

Only the schema-3 migration uses this module: it finishes (or discards) a swap that a crash left
behind under 0.1 before it takes the workspace's forms as their first version.

0.1 wrote the new forms to `forms.new/` with the package's manifest hash before the database
transaction and swapped the folder in after the commit.
If the process died in between, the swap is finished when the
database holds that package, and the folder discarded when it does not.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from ecodesk.store.files import atomic_write_bytes, fsync_dir, replace_file
from ecodesk.store.sqlite import Database

STAGED = "forms.new"
_MARKER = ".package-sha256"


def stage_forms(root: Path, forms: dict[str, bytes], package_sha256: str) -> Path:
    """Write `forms` ({"forms/NN.toml": bytes}) to forms.new/, marked with the package hash."""
    staging = root / STAGED
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    for name, data in sorted(forms.items()):
        atomic_write_bytes(staging / name.removeprefix("forms/"), data)
    atomic_write_bytes(staging / _MARKER, package_sha256.encode("ascii"))
    return staging


def discard_staged_forms(root: Path) -> None:
    shutil.rmtree(root / STAGED, ignore_errors=True)


def install_staged_forms(root: Path) -> Path:
    """Swap forms.new/ in as forms/ (after the package's transaction committed)."""
    staging, target, old = root / STAGED, root / "forms", root / "forms.old"
    (staging / _MARKER).unlink(missing_ok=True)
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        replace_file(target, old)
    replace_file(staging, target)
    fsync_dir(root)
    shutil.rmtree(old, ignore_errors=True)
    return target


def recover_staged_forms(root: Path, db: Database, office: str) -> None:
    """At open: finish or discard a swap that a crash interrupted."""
    staging = root / STAGED
    if not staging.is_dir():
        return
    from ecodesk.store import bundles as bundle_store  # only after a crash: keep start-up light

    marker = staging / _MARKER
    staged_for = marker.read_text(encoding="ascii").strip() if marker.exists() else ""
    last = bundle_store.last_package(db, direction="in", office=office)
    if staged_for and last is not None and last[1] == staged_for:
        install_staged_forms(root)
    else:
        discard_staged_forms(root)
