"""The form cache: parsed forms kept between runs, used only while they match the forms in force."""

from __future__ import annotations

import json
import zlib
from pathlib import Path

import pytest
from form_helpers import revised_forms, sources

from ecodesk.core import form_loader
from ecodesk.core.form_codec import form_from_data, form_to_data
from ecodesk.core.forms import FormSet
from ecodesk.core.periods import PERIODS
from ecodesk.store import form_cache
from ecodesk.store.workspace import Workspace

TARGET_93 = 'kind = ">="\nvalue = 93'
TARGET_96 = 'kind = ">="\nvalue = 96'


def _parsed_forms(root: Path) -> dict[int, FormSet]:
    """Every period's forms as the workspace reads them."""
    ws = Workspace.open(root)
    try:
        return {period: ws.forms_for(period) for period in PERIODS}
    finally:
        ws.close()


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The form texts parsed from now on (by their file name)."""
    seen: list[str] = []
    real = form_loader.parse_form

    def counting(path: str, source: str):  # type: ignore[no-untyped-def]
        seen.append(path)
        return real(path, source)

    monkeypatch.setattr(form_loader, "parse_form", counting)
    return seen


def _forms_of(ws_sets: dict[int, FormSet]) -> dict[int, dict[int, object]]:
    return {period: dict(forms.items()) for period, forms in ws_sets.items()}


def test_every_form_reads_back_from_its_cached_data_unchanged(workspace: Workspace) -> None:
    for form in workspace.forms.values():
        data = json.loads(json.dumps(form_to_data(form), ensure_ascii=False))
        assert form_from_data(data) == form


def test_a_second_opening_reads_the_forms_from_the_cache(workspace: Workspace, parses) -> None:  # type: ignore[no-untyped-def]
    root = workspace.root
    workspace.close()
    assert form_cache.cache_path(root).is_file()  # written by the first opening
    first = _parsed_forms(root)
    assert parses == []  # nothing parsed again: all 37 came from the cache
    form_cache.cache_path(root).unlink()
    again = _parsed_forms(root)
    assert len(parses) == 37 and _forms_of(again) == _forms_of(first)
    assert form_cache.cache_path(root).is_file()  # and kept for the next time


def test_a_changed_form_is_parsed_again_not_taken_from_the_cache(tmp_path: Path, parses) -> None:  # type: ignore[no-untyped-def]
    tf = Workspace.create(tmp_path / "tf", office=None, task_force=True)
    before = tf.form(24, 2024)
    tf.install_forms(
        sources(revised_forms(tmp_path, 24, TARGET_93, TARGET_96)), effective_from=2024
    )
    tf.close()
    parses.clear()
    forms = _parsed_forms(tmp_path / "tf")
    assert parses == []  # the new version was cached when it was installed
    changed = forms[2024][24]
    assert changed.sha256 != before.sha256
    targets = [i.target.value for i in changed.indicators if i.target]
    assert 96 in targets and 96 not in [i.target.value for i in before.indicators if i.target]
    assert forms[2023][24] == before  # the earlier periods keep their version


@pytest.mark.parametrize(
    "damage",
    [
        "truncated",
        "not json",
        "checksum",
        "moved entry",
        "older ecodesk",
        "missing field",
    ],
)
def test_a_damaged_or_stale_cache_is_ignored_and_written_anew(
    workspace: Workspace, parses, damage: str
) -> None:  # type: ignore[no-untyped-def]
    root = workspace.root
    workspace.close()
    path = form_cache.cache_path(root)
    good = _parsed_forms(root)
    outer = json.loads(path.read_text(encoding="utf-8"))
    forms = json.loads(outer["forms"])
    shas = sorted(forms)
    if damage == "truncated":
        path.write_bytes(path.read_bytes()[:5000])
    elif damage == "not json":
        path.write_bytes(b"\x00\xff" * 100)
    elif damage == "checksum":  # a changed title, the checksum left as it was
        forms[shas[0]]["title"] = "改过的标题"
        outer["forms"] = json.dumps(forms, ensure_ascii=False)
        path.write_text(json.dumps(outer, ensure_ascii=False), encoding="utf-8")
    else:
        if damage == "moved entry":  # one form filed under another's key
            forms[shas[0]] = forms[shas[1]]
        elif damage == "older ecodesk":
            outer["key"] = "1/0.2.0/" + outer["key"].split("/", 2)[2]
        else:
            del forms[shas[0]]["indicators"][0]["help"]
        outer["forms"] = json.dumps(forms, ensure_ascii=False)
        outer["crc32"] = zlib.crc32(outer["forms"].encode())
        path.write_text(json.dumps(outer, ensure_ascii=False), encoding="utf-8")
    parses.clear()
    read = _parsed_forms(root)
    assert len(parses) == 37  # parsed from the database's texts, not read from the cache
    assert _forms_of(read) == _forms_of(good)
    assert form_cache.load(path).keys() == set(shas)  # and a good cache is there again


def test_a_read_only_workspace_writes_no_cache(workspace: Workspace) -> None:
    root = workspace.root
    workspace.close()
    form_cache.cache_path(root).unlink()
    ws = Workspace.open(root, read_only=True)
    try:
        assert len(ws.forms_for(2023)) == 37
    finally:
        ws.close()
    assert not form_cache.cache_path(root).exists()
