"""The parsed, validated forms kept between runs: `cache/forms.json` in the workspace.

Each form version is known by the SHA-256 of its file (`Form.sha256`, the key of the
`form_versions` table), so a cached form is used only for exactly the text it was parsed from:
a changed form has a new key and is parsed again. The file is a convenience and never trusted
blindly: it is read only when it was written by this ecodesk (version and the form classes'
fields, `core.form_codec.shape`), its checksum matches, and every form in it reads back with
its own key; anything else (damaged, edited, older) is ignored and written anew. Deleting the
folder is always safe. A read-only workspace is never written to.
"""

from __future__ import annotations

import json
import os
import tempfile
import zlib
from collections.abc import Mapping
from pathlib import Path

from ecodesk import __version__
from ecodesk.core.form_codec import form_from_data, form_to_data, shape
from ecodesk.core.forms import Form

CACHE_DIR = "cache"
CACHE_NAME = "forms.json"
FORMAT = 1  # bump when the way forms are parsed changes what a cached form would hold


def cache_path(workspace_root: Path) -> Path:
    return workspace_root / CACHE_DIR / CACHE_NAME


def _key() -> str:
    return f"{FORMAT}/{__version__}/{shape()}"


def load(path: Path) -> dict[str, Form]:
    """The forms cached at `path` by SHA-256; empty when there is no usable cache."""
    try:
        outer = json.loads(path.read_bytes())
        if not isinstance(outer, dict) or outer.get("key") != _key():
            return {}
        text = outer["forms"]
        if not isinstance(text, str) or zlib.crc32(text.encode()) != outer.get("crc32"):
            return {}
        stored = json.loads(text)
        if not isinstance(stored, dict):
            return {}
        forms = {sha: form_from_data(data) for sha, data in stored.items()}
    except (OSError, ValueError, KeyError, UnicodeError, RecursionError):
        return {}
    if any(form.sha256 != sha for sha, form in forms.items()):
        return {}
    return forms


def save(path: Path, forms: Mapping[str, Form]) -> None:
    """Write the cache (temp file, then rename: a reader sees the old or the new file); a
    failure to write only means the forms are parsed again next time."""
    text = json.dumps({sha: form_to_data(f) for sha, f in sorted(forms.items())},
                      ensure_ascii=False, sort_keys=True)  # fmt: skip
    data = json.dumps({"key": _key(), "crc32": zlib.crc32(text.encode()), "forms": text},
                      ensure_ascii=False)  # fmt: skip
    temp = None
    try:
        path.parent.mkdir(exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(data)
        os.replace(temp, path)
    except OSError:
        if temp is not None:
            Path(temp).unlink(missing_ok=True)
