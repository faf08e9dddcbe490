"""Write the test vectors in tests/vectors/: a tiny bundle, a task package and an archive, made by
ecodesk itself with fixed test keys, a fixed clock and fixed UUIDs, with every intermediate value
written out beside them (docs/bundle-format.md describes each format; tools/verify-vectors checks
them with standard tools only).

    bash tools/make-vectors            # rewrite tests/vectors/
    bash tools/make-vectors --check    # make them again in a temporary folder and compare

Every file comes out byte-identical on every run except the age files (`*.ecb`, `*.ecp`): age
draws a fresh file key and ephemeral X25519 share for every encryption, so those bytes cannot be
reproduced: `--check` decrypts them instead and compares the plaintext, and writing keeps a
committed one whose plaintext is unchanged, so only real changes show in git.

THE KEYS ARE TEST KEYS, DERIVED FROM PUBLISHED STRINGS. NEVER USE THEM FOR REAL DATA.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import getpass
import hashlib
import io
import json
import shutil
import sys
import tempfile
import uuid as uuidlib
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey  # noqa: E402

from ecodesk.bundle import api, envelope, keys, minisign  # noqa: E402
from ecodesk.bundle.keys import KeyPair  # noqa: E402
from ecodesk.core.canonical_json import canonical_json  # noqa: E402
from ecodesk.store import entries as entry_store  # noqa: E402
from ecodesk.store import matrix, settings  # noqa: E402
from ecodesk.store.workspace import Workspace  # noqa: E402

VECTORS = ROOT / "tests" / "vectors"
OFFICE = "成县"
PERIOD = 2023
START = datetime(2024, 3, 1, 8, 0, 0, tzinfo=UTC)
AGE_FILES = (".ecb", ".ecp")


# ---------------------------------------------------------------- fixed inputs


def test_pair(name: str) -> KeyPair:
    """The test key pair `name`: seeds are SHA-256 of a published string (test only)."""

    def seed(part: str) -> bytes:
        return hashlib.sha256(
            f"ecodesk test vector key {name} {part} - NOT SECRET".encode()
        ).digest()

    return KeyPair(
        Ed25519PrivateKey.from_private_bytes(seed("sign")),
        X25519PrivateKey.from_private_bytes(seed("box")),
    )


class _Clock:
    """`datetime` for ecodesk.store.entries: one second later at every call, from START."""

    ticks = 0

    @classmethod
    def now(cls, tz: Any = None) -> datetime:
        cls.ticks += 1
        return (START + timedelta(seconds=cls.ticks)).astimezone(tz)


def _uuids() -> Iterator[uuidlib.UUID]:
    number = 0
    while True:
        number += 1
        digest = hashlib.sha256(f"ecodesk test vector uuid {number}".encode()).digest()
        yield uuidlib.UUID(bytes=digest[:16], version=4)


class _ZipTime:
    """`time` for zipfile: members dated START (zip stores local time without a zone)."""

    @staticmethod
    def time() -> float:
        return START.timestamp()

    @staticmethod
    def localtime(_seconds: float | None = None) -> Any:
        return START.timetuple()


@contextlib.contextmanager
def fixed_world() -> Iterator[None]:
    """The clock, UUIDs, user name and zip dates fixed, so ecodesk writes the same bytes on every
    run (the age encryption aside)."""
    _Clock.ticks = 0
    numbers = _uuids()
    with (
        mock.patch.object(entry_store, "datetime", _Clock),
        mock.patch.object(uuidlib, "uuid4", lambda: next(numbers)),
        mock.patch.object(getpass, "getuser", lambda: "clerk"),
        mock.patch.object(zipfile, "time", _ZipTime),
    ):
        yield


# ---------------------------------------------------------------- intermediate values


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def key_walkthrough(pair: KeyPair) -> dict[str, Any]:
    """How the key id and the fingerprint come from the public keys, step by step."""
    public = pair.public
    id_input = b"ecodesk-key-id" + public.sign_pub
    fp_input = b"ecodesk-fingerprint" + public.sign_pub + public.box_pub
    fp_digest = hashlib.sha256(fp_input).digest()
    number = int.from_bytes(fp_digest[:10], "big")
    groups = [(number >> (5 * i)) & 31 for i in reversed(range(16))]
    return {
        "sign_public_hex": public.sign_pub.hex(),
        "box_public_hex": public.box_pub.hex(),
        "key_id": {
            "input_hex": id_input.hex(),
            "sha256": hashlib.sha256(id_input).hexdigest(),
            "key_id (first 8 bytes, hex)": public.key_id,
        },
        "fingerprint": {
            "input_hex": fp_input.hex(),
            "sha256": fp_digest.hex(),
            "first_10_bytes_hex": fp_digest[:10].hex(),
            "80_bits_in_5_bit_groups": " ".join(f"{g:05b}" for g in groups),
            "group_values": groups,
            "alphabet": keys._B32,
            "rfc4648_base32_of_the_10_bytes": base64.b32encode(fp_digest[:10]).decode(),
            "fingerprint": public.fingerprint,
        },
        "minisign_public_key_line": minisign.public_key_line(public.sign_pub),
        "minisign_key_id_as_minisign_prints_it": public.sign_pub
        and minisign.key_id_for(public.sign_pub)[::-1].hex().upper(),
    }


def signature_walkthrough(manifest: bytes, signature: bytes) -> dict[str, Any]:
    lines = signature.decode().splitlines()
    blob, global_signature = base64.b64decode(lines[1]), base64.b64decode(lines[3])
    comment = lines[2].removeprefix("trusted comment: ")
    return {
        "manifest_sha256": hashlib.sha256(manifest).hexdigest(),
        "manifest_blake2b_512 (the message Ed25519 signs)": hashlib.blake2b(
            manifest, digest_size=64
        ).hexdigest(),
        "algorithm (bytes 0-1)": blob[:2].decode(),
        "key_id (bytes 2-9, hex)": blob[2:10].hex(),
        "signature (bytes 10-73, hex)": blob[10:].hex(),
        "trusted_comment": comment,
        "global_signature_message_hex (signature || trusted comment)": (
            blob[10:] + comment.encode()
        ).hex(),
        "global_signature_hex": global_signature.hex(),
    }


def zip_walkthrough(signed: bytes) -> dict[str, Any]:
    with zipfile.ZipFile(io.BytesIO(signed)) as archive:
        members = [
            {
                "name": info.filename,
                "size": info.file_size,
                "method": "stored" if info.compress_type == zipfile.ZIP_STORED else "deflate",
                "sha256": hashlib.sha256(archive.read(info)).hexdigest(),
            }
            for info in archive.infolist()
        ]
    return {"sha256": hashlib.sha256(signed).hexdigest(), "size": len(signed), "members": members}


def line_walkthrough(raw: bytes) -> list[dict[str, Any]]:
    result = []
    for text in raw.splitlines():
        value = json.loads(text)
        assert canonical_json(value) == text, "ecodesk wrote a line that is not canonical"
        result.append(
            {
                "canonical_json": text.decode("utf-8"),
                "content_sha256": hashlib.sha256(text).hexdigest(),
            }
        )
    return result


def member(signed: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(signed)) as archive:
        return archive.read(name)


# ---------------------------------------------------------------- the story


def _open_age(data: bytes, pair: KeyPair) -> bytes:
    import pyrage

    identity = pyrage.x25519.Identity.from_str(envelope.age_identity(pair.box))  # type: ignore[attr-defined]
    return pyrage.decrypt(data, [identity])  # type: ignore[no-any-return]


def _adopt(ws: Workspace, pair: KeyPair) -> None:
    keys.adopt_first_keys(ws, pair)


def _write_json(path: Path, value: Any) -> None:
    path.write_text(json.dumps(value, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _key_files(out: Path, name: str, ws: Workspace, pair: KeyPair) -> None:
    folder = out / "test-keys"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ws.root / "keys" / f"{pair.public.key_id}.key", folder / f"{name}.key")
    _write_json(folder / f"{name}.pub.json", api.key_document(ws))
    (folder / f"{name}.minisign.pub").write_text(
        minisign.public_key_text(pair.public.sign_pub, f"ecodesk TEST key {name} (test only)")
    )
    (folder / f"{name}.age.txt").write_text(
        f"# ecodesk TEST key {name}: test only, never for real data\n"
        f"# public key: {envelope.age_recipient(pair.public.box_pub)}\n"
        f"{envelope.age_identity(pair.box)}\n"
    )
    _write_json(folder / f"{name}.walkthrough.json", key_walkthrough(pair))


def _container_files(out: Path, sealed: Path, pair: KeyPair, kind: str) -> bytes:
    """Copy the sealed file, write its plaintext and the walkthrough; return the plaintext."""
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{kind}{sealed.suffix}"
    shutil.copyfile(sealed, target)
    signed = _open_age(sealed.read_bytes(), pair)
    (out / "signed.zip").write_bytes(signed)
    manifest = member(signed, "manifest.json")
    walk: dict[str, Any] = {
        "envelope": {
            "file": target.name,
            "format": "age v1 (https://age-encryption.org/v1), one X25519 recipient",
            "decrypts_to": "signed.zip",
            "note": "age output differs on every run (random file key and ephemeral share); "
            "decrypt it and compare the plaintext",
        },
        "signed_zip": zip_walkthrough(signed),
        "manifest_json": manifest.decode("utf-8"),
        "signature": signature_walkthrough(manifest, member(signed, "manifest.json.minisig")),
    }
    names = zip_walkthrough(signed)["members"]
    for jsonl in ("entries.jsonl", "resolved.jsonl"):
        if any(m["name"] == jsonl for m in names):
            walk[jsonl] = line_walkthrough(member(signed, jsonl))
    if any(m["name"] == "package.json" for m in names):
        walk["package_json"] = json.loads(member(signed, "package.json"))
    _write_json(out / "walkthrough.json", walk)
    return signed


def make(out: Path) -> None:
    tf_pair, office_pair = test_pair("taskforce"), test_pair("office")
    with tempfile.TemporaryDirectory() as scratch, fixed_world():
        root = Path(scratch)
        mail = root / "mail"
        mail.mkdir()
        tf = Workspace.create(root / "tf", office=None, task_force=True)
        office = Workspace.create(root / "office", office=OFFICE)
        try:
            _adopt(tf, tf_pair)
            _adopt(office, office_pair)
            _key_files(out, "taskforce", tf, tf_pair)
            _key_files(out, "office", office, office_pair)

            # The task force enrolls the office and sends its first package.
            api.enroll_office(
                tf,
                office=OFFICE,
                key_file=out / "test-keys" / "office.pub.json",
                fingerprint=office_pair.public.fingerprint,
            )
            settings.set_assigned_target(
                tf.db, task=7, indicator="pm25", office=OFFICE, period=PERIOD, value=30.0
            )
            first = api.make_task_package(tf, office=OFFICE, out_dir=mail)
            api.import_task_package(
                office, first.path, confirm_fingerprint=tf_pair.public.fingerprint
            )

            # The office fills four tasks (one value of each type) and sends its first bundle.
            evidence = root / "监测报告.txt"
            evidence.write_text("2023 年城镇污水处理厂运行月报（测试）\n", encoding="utf-8")
            office.save(24, PERIOD, values={"treatment_rate": 93.0}, plan="提标改造\n“二期”工程")
            office.attach(24, PERIOD, evidence)
            office.complete(24, PERIOD)
            office.save(4, PERIOD, values={"river_chief_system": True})
            office.save(7, PERIOD, values={"pm25": 21.5})
            office.save(8, PERIOD, values={"surface_water_good": 87.25,
                                           "worst_section_class": _choice(office, 8, "worst_section_class", "II类")})  # fmt: skip
            bundle = api.export_bundle(office, period=PERIOD, out_dir=mail)
            _container_files(out / "bundle", bundle.path, tf_pair, "bundle")

            # The task force imports it, accepts task 24, and answers with a second package.
            api.apply_import(tf, api.plan_import(tf, [bundle.path]))
            accepted = tf.entry(24, PERIOD, OFFICE)
            assert accepted is not None
            matrix.accept_entries(tf.db, uuids=[accepted.uuid], who=tf.who)
            package = api.make_task_package(tf, office=OFFICE, out_dir=mail)
            _container_files(out / "package", package.path, office_pair, "package")
            api.import_task_package(office, package.path)

            # The task force's yearly archive of 2023 for 成县.
            _archive(tf, out / "archive")
        finally:
            tf.close()
            office.close()


def _archive(tf: Workspace, out: Path) -> None:
    """The archive without the office's PDF report: with it the file is over 100 KB (the embedded
    Chinese font), and the report is one more listed, hashed member, nothing a reader does
    differently."""
    from ecodesk.reports.archive import build_archive

    out.mkdir(parents=True, exist_ok=True)
    target = out / "archive.zip"
    build_archive(tf, PERIOD, OFFICE, target, office_pdf=None)
    with zipfile.ZipFile(target) as archive:
        members = [
            {"name": info.filename, "size": info.file_size,
             "sha256": hashlib.sha256(archive.read(info)).hexdigest()}
            for info in archive.infolist()
        ]  # fmt: skip
        manifest = archive.read("manifest-sha256.txt")
        signature = archive.read("manifest-sha256.txt.minisig")
    _write_json(out / "walkthrough.json", {
        "members": members,
        "manifest-sha256.txt": manifest.decode("utf-8"),
        "signature": signature_walkthrough(manifest, signature),
    })  # fmt: skip


def _choice(ws: Workspace, task: int, indicator: str, label: str) -> Any:
    """The stored value of a choice: its code where the form gives codes, else the label."""
    found = next(i for i in ws.forms[task].indicators if i.id == indicator)
    for choice in found.choices:
        if getattr(choice, "label", choice) == label:
            return getattr(choice, "code", choice)
    raise SystemExit(f"no choice {label} in task {task}")


# ---------------------------------------------------------------- check


def _plaintext(path: Path, pair: KeyPair) -> bytes:
    return _open_age(path.read_bytes(), pair)


def check(committed: Path) -> int:
    with tempfile.TemporaryDirectory() as scratch:
        fresh = Path(scratch)
        make(fresh)
        pairs = {"bundle": test_pair("taskforce"), "package": test_pair("office")}
        problems = []
        new = {p.relative_to(fresh) for p in fresh.rglob("*") if p.is_file()}
        old = {
            p.relative_to(committed)
            for p in committed.rglob("*")
            if p.is_file() and p.name != "README.md"
        }
        problems += [f"missing from tests/vectors: {p}" for p in sorted(new - old)]
        problems += [f"no longer made: {p}" for p in sorted(old - new)]
        for relative in sorted(new & old):
            a, b = fresh / relative, committed / relative
            if relative.suffix in AGE_FILES:
                pair = pairs[relative.parts[0]]
                same = _plaintext(a, pair) == _plaintext(b, pair)
            else:
                same = a.read_bytes() == b.read_bytes()
            if not same:
                problems.append(f"differs: {relative}")
    for line in problems:
        print(line)
    print("vectors unchanged" if not problems else f"{len(problems)} difference(s)")
    return 1 if problems else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    parser.add_argument("--out", type=Path, default=VECTORS)
    args = parser.parse_args()
    if args.check:
        return check(args.out)
    with tempfile.TemporaryDirectory() as scratch:
        fresh = Path(scratch)
        make(fresh)
        pairs = {"bundle": test_pair("taskforce"), "package": test_pair("office")}
        for sealed in [p for p in fresh.rglob("*") if p.suffix in AGE_FILES]:
            # Keep a committed age file whose plaintext is unchanged: only age's randomness differs.
            old = args.out / sealed.relative_to(fresh)
            pair = pairs[sealed.relative_to(fresh).parts[0]]
            if old.is_file() and _plaintext(old, pair) == _plaintext(sealed, pair):
                shutil.copyfile(old, sealed)
        for sub in ("test-keys", "bundle", "package", "archive"):
            shutil.rmtree(args.out / sub, ignore_errors=True)
            if (fresh / sub).is_dir():
                shutil.copytree(fresh / sub, args.out / sub)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
