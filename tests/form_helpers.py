"""Helpers for form-version tests: a copy of the shipped forms with one file changed."""

from __future__ import annotations

import shutil
from pathlib import Path

from ecodesk.resources import resource_path


def revised_forms(tmp_path: Path, task: int, old: str, new: str, *, name: str = "revised") -> Path:
    """A forms folder like the shipped one, with `old` replaced by `new` in task `task`'s file."""
    folder = tmp_path / name
    if not folder.exists():
        shutil.copytree(resource_path("forms"), folder)
    form = folder / f"{task:02d}.toml"
    text = form.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {form.name}"
    form.write_text(text.replace(old, new), encoding="utf-8")
    return folder


def sources(folder: Path) -> dict[str, str]:
    return {
        f"{folder.name}/{p.name}": p.read_text(encoding="utf-8")
        for p in sorted(folder.glob("*.toml"))
    }
