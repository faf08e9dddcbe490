"""What lets the yearly archive prove itself without ecodesk (archive format 2).

Besides the workbook and the evidence, the archive carries:

    signed/<单位>/<sequence>-<manifest hash>/manifest.json         each bundle an entry of the
    signed/<单位>/<sequence>-<manifest hash>/manifest.json.minisig   period came from, exactly
    signed/<单位>/<sequence>-<manifest hash>/entries.jsonl           as the office signed it
    signed/entries.tsv        each entry: revision, content hash, the bundle folders carrying it
    keys/<单位>-<key id>.pub, .json   every public key known (minisign and ecodesk formats)
    keys/keys.tsv             key id, office, role, fingerprint, status
    forms/NN.toml             the form versions the period was judged by (forms/forms.tsv)
    <period>/<单位>/填报报告-<单位>-<period>.pdf   each office's printable report
    archive.json              format, versions, period, offices, signer

`manifest-sha256.txt` (written by archive.py) hashes all of it and is signed by the archive's
maker (`manifest-sha256.txt.minisig`; its public key as `taskforce.pub`, or `office.pub` for an
office's own archive).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ecodesk import SCHEMA_VERSION, __version__
from ecodesk.bundle import keys, minisign
from ecodesk.bundle.lines import content_sha256, entry_line
from ecodesk.bundle.schema import BUNDLE_FORMAT_VERSION, PACKAGE_FORMAT_VERSION
from ecodesk.core.filenames import portable_name
from ecodesk.reports.model import ArchiveData, office_folder
from ecodesk.store import bundles as bundle_store
from ecodesk.store import form_versions, signed_bundles
from ecodesk.store import keys as key_store
from ecodesk.versions import ARCHIVE_FORMAT_VERSION

ARCHIVE_FORMAT = "ecodesk-archive"
ARCHIVE_JSON = "archive.json"
SIGNED_DIR = "signed"
ENTRIES_INDEX = f"{SIGNED_DIR}/entries.tsv"
KEYS_DIR = "keys"
FORMS_DIR = "forms"

OfficePdf = Callable[[str], bytes]  # office -> its printable report (ecodesk.ui.report_pdf)


@dataclass(frozen=True)
class Signer:
    """The archive's maker: signs manifest-sha256.txt in minisign format."""

    pub_name: str  # "taskforce.pub" or "office.pub"
    public_key: str  # the minisign public key file
    key_id: str
    fingerprint: str
    sign: Callable[[bytes, str], bytes]  # (data, trusted comment) -> .minisig bytes


@dataclass(frozen=True)
class Proof:
    files: tuple[tuple[str, bytes], ...]  # archive path -> bytes
    signer: Signer
    bundles: int
    keys: int
    reports: int


def gather_proof(ws: Any, data: ArchiveData, office_pdf: OfficePdf | None) -> Proof:
    """Everything the archive needs besides workbook and evidence, from a Workspace."""
    signer = _signer(ws)
    files: list[tuple[str, bytes]] = []
    bundle_files, index = _signed_material(ws.db, data)
    files += bundle_files
    files.append((ENTRIES_INDEX, index.encode()))
    key_files, key_count = _public_keys(ws.db)
    files += key_files
    files.append((signer.pub_name, signer.public_key.encode()))
    files += _forms(ws.db, data)
    reports = (
        [(report_path(data.period, office), office_pdf(office)) for office in data.offices]
        if office_pdf
        else []
    )
    files += reports
    files.append((ARCHIVE_JSON, _archive_json(ws, data, signer)))
    return Proof(tuple(files), signer, len(bundle_files) // 3, key_count, len(reports))


def report_path(period: int, office: str) -> str:
    name = portable_name(f"填报报告-{office}-{period}.pdf")
    return f"{period}/{office_folder(office)}/{name}"


def _signer(ws: Any) -> Signer:
    pair = keys.own_keys(ws)
    public = pair.public
    who = "工作专班 task force" if ws.is_task_force else f"{ws.office}"
    return Signer(
        pub_name="taskforce.pub" if ws.is_task_force else "office.pub",
        public_key=minisign.public_key_text(public.sign_pub, f"ecodesk key of {who}"),
        key_id=public.key_id,
        fingerprint=public.fingerprint,
        sign=lambda data, comment: minisign.sign(
            data, pair.sign, comment, f"ecodesk archive signed by {who}"
        ),
    )


def _signed_material(db: Any, data: ArchiveData) -> tuple[list[tuple[str, bytes]], str]:
    versions = {}
    for (office, task), record in sorted(data.records.items()):
        entry = record.entry
        if entry is None or entry.revision == 0:
            continue
        versions[(office, task)] = (entry.uuid, entry.revision, content_sha256(entry_line(entry)))
    carrying = signed_bundles.bundles_carrying(db, versions.values())
    folders: dict[str, str] = {}
    files: list[tuple[str, bytes]] = []
    rows = ["office\ttask\tentry_uuid\trevision\tcontent_sha256\tbundles"]
    for (office, task), version in versions.items():
        found = []
        for manifest_sha in carrying[version]:
            if manifest_sha not in folders:
                folders[manifest_sha] = _bundle_folder(db, manifest_sha)
                files += _bundle_files(db, manifest_sha, folders[manifest_sha])
            found.append(folders[manifest_sha])
        bundles = " ".join(found) if found else "-"
        rows.append(f"{office}\t{task}\t{version[0]}\t{version[1]}\t{version[2]}\t{bundles}")
    return files, "\n".join(rows) + "\n"


def _bundle_folder(db: Any, manifest_sha: str) -> str:
    received = bundle_store.received(db, manifest_sha)
    office = received.office if received else "_"
    sequence = received.sequence if received else 0
    return f"{SIGNED_DIR}/{office_folder(office)}/{sequence:04d}-{manifest_sha[:12]}"


def _bundle_files(db: Any, manifest_sha: str, folder: str) -> list[tuple[str, bytes]]:
    kept = signed_bundles.signed_bundle(db, manifest_sha)
    assert kept is not None  # bundles_carrying only names bundles whose material is kept
    return [
        (f"{folder}/manifest.json", kept.manifest),
        (f"{folder}/manifest.json.minisig", kept.signature),
        (f"{folder}/entries.jsonl", kept.entries),
    ]


def _public_keys(db: Any) -> tuple[list[tuple[str, bytes]], int]:
    files: list[tuple[str, bytes]] = []
    rows = ["key_id\toffice\trole\tfingerprint\tstatus\treplaced_by\tfiles"]
    records = sorted(key_store.list_keys(db), key=lambda r: (r.role, r.office, r.key_id))
    for record in records:
        owner = record.office or "taskforce"
        stem = f"{KEYS_DIR}/{portable_name(f'{owner}-{record.key_id}', max_units=60)}"
        sign_pub = keys.unb64(record.sign_pub, 32)
        document = {
            "format": "ecodesk-public-key", "version": 1, "office": record.office,
            "install_id": record.install_id, "role": record.role,
            **keys.PublicKeys(sign_pub, keys.unb64(record.box_pub, 32)).as_json(),
            "fingerprint": record.fingerprint, "minisign": minisign.public_key_line(sign_pub),
        }  # fmt: skip
        text = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        files.append(
            (f"{stem}.pub", minisign.public_key_text(sign_pub, f"ecodesk key of {owner}").encode())
        )
        files.append((f"{stem}.json", text.encode()))
        rows.append(f"{record.key_id}\t{record.office or '-'}\t{record.role}\t{record.fingerprint}\t"
                    f"{record.status}\t{record.replaced_by or '-'}\t{stem}.pub {stem}.json")  # fmt: skip
    files.append((f"{KEYS_DIR}/keys.tsv", ("\n".join(rows) + "\n").encode()))
    return files, len(records)


def _forms(db: Any, data: ArchiveData) -> list[tuple[str, bytes]]:
    """The form versions in force for the period, byte for byte as kept (named by task; the
    version, the SHA-256 of those bytes, is listed in forms/forms.tsv)."""
    shas = {form.sha256 for form in data.forms.values() if form.sha256}
    sources = form_versions.versions(db, shas)
    files, rows = [], ["task	version_sha256	file"]
    for task, form in sorted(data.forms.items()):
        if form.sha256 not in sources:
            continue
        name = f"{FORMS_DIR}/{task:02d}.toml"
        files.append((name, sources[form.sha256][1].encode("utf-8")))
        rows.append(f"{task}\t{form.sha256}\t{name}")
    files.append((f"{FORMS_DIR}/forms.tsv", ("\n".join(rows) + "\n").encode()))
    return files


def _archive_json(ws: Any, data: ArchiveData, signer: Signer) -> bytes:
    document = {
        "format": ARCHIVE_FORMAT, "format_version": ARCHIVE_FORMAT_VERSION,
        "app_version": __version__, "schema_version": SCHEMA_VERSION,
        "bundle_format_version": BUNDLE_FORMAT_VERSION,
        "package_format_version": PACKAGE_FORMAT_VERSION,
        "period": data.period, "offices": list(data.offices),
        "data_as_of": data.stamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "maker": {"role": "task_force" if ws.is_task_force else "office", "office": ws.office or "",
                  "key_id": signer.key_id, "fingerprint": signer.fingerprint,
                  "public_key": signer.pub_name},
    }  # fmt: skip
    return (json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()
