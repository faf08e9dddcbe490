"""An entry's content hash is SHA-256 of its RFC 8785 canonical JSON, so anyone can recompute it
from the line in `entries.jsonl` with another JCS implementation (here `rfc8785` used directly)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import rfc8785
from bundle_helpers import PERIOD, Network, export, fill, import_all
from forge import Forge

from ecodesk.bundle import api
from ecodesk.bundle.lines import content_sha256, entry_line


def test_an_entry_content_hash_equals_an_independent_recomputation(
    network: Network, tmp_path: Path
) -> None:
    office = network.join("成县")
    office.save(24, PERIOD, values={"treatment_rate": 93.0}, plan="提标改造\n“二期”")
    bundle = export(office, tmp_path / "out")
    import_all(network.tf, [bundle])

    (line,) = (api.unpack_bundle(network.tf, bundle, tmp_path / "open") / "entries.jsonl").read_bytes().splitlines()  # fmt: skip
    assert b'"treatment_rate":93}' in line  # not Python's 93.0
    independent = hashlib.sha256(rfc8785.dumps(json.loads(line))).hexdigest()
    assert independent == hashlib.sha256(line).hexdigest()

    entry = office.entry(24, PERIOD)
    assert entry is not None
    assert content_sha256(entry_line(entry)) == independent
    (received,) = api.entry_provenance(network.tf, entry.uuid)
    assert received.content_sha256 == independent


def test_a_number_json_cannot_carry_exactly_is_refused_not_a_traceback(
    network: Network, tmp_path: Path
) -> None:
    office = network.join("成县")
    fill(office, 1, "规划")
    forge = Forge(office, network.tf)
    line = forge.line()
    line["values"] = {"treatment_rate": 2**60}
    raw = json.dumps(line, ensure_ascii=False).encode() + b"\n"
    path = tmp_path / "成县-2023-0001.ecb"
    path.write_bytes(forge.build(entries_raw=raw))
    plan = api.plan_import(network.tf, [path])
    (report,) = plan.files
    assert report.status != "ok" and report.error is not None
    assert report.error.code == "schema"
