"""Building broken and hostile bundles on purpose, one defect at a time."""

from __future__ import annotations

import hashlib
import io
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ecodesk import SCHEMA_VERSION
from ecodesk.bundle import container, envelope, keys, minisign
from ecodesk.bundle.export import recipient_json, task_force_key
from ecodesk.bundle.keys import KeyPair, unb64
from ecodesk.bundle.lines import entry_line
from ecodesk.bundle.strictjson import dumps
from ecodesk.store.workspace import Workspace

Member = tuple[str, bytes, dict[str, Any]]


@dataclass
class Forge:
    office: Workspace
    tf: Workspace
    period: int = 2023

    def line(self, task: int = 1) -> dict[str, Any]:
        entry = self.office.entry(task, self.period)
        assert entry is not None
        return entry_line(entry)

    def build(
        self,
        *,
        lines: list[dict[str, Any]] | None = None,
        entries_raw: bytes | None = None,
        evidence: dict[str, bytes] | None = None,
        edit_manifest: Callable[[dict[str, Any]], None] | None = None,
        manifest_raw: bytes | None = None,
        raw_from: Callable[[dict[str, Any]], bytes] | None = None,
        after_sign: Callable[[bytes], bytes] | None = None,
        sign_with: KeyPair | None = None,
        comment: str | None = None,
        signature: Callable[[bytes], bytes] | None = None,
        edit_members: Callable[[list[Member]], list[Member]] | None = None,
        plaintext: bytes | None = None,
        kind: str = "bundle",
        sequence: int = 1,
        previous: str = "",
    ) -> bytes:
        recipient = task_force_key(self.office)
        pair = keys.own_keys(self.office)
        signer = sign_with or pair
        lines = [self.line()] if lines is None else lines
        data = (
            entries_raw
            if entries_raw is not None
            else "".join(dumps(x) + "\n" for x in lines).encode()
        )
        members: list[Member] = [("entries.jsonl", data, {})]
        for sha, blob in (evidence or {}).items():
            members.append((f"evidence/{sha}", blob, {"compress_type": zipfile.ZIP_STORED}))
        manifest: dict[str, Any] = {
            "format": "ecodesk-bundle", "format_version": 2, "kind": "bundle", "app_version": "0.2.0",
            "suite": envelope.SUITE,
            "schema_version": SCHEMA_VERSION, "office": self.office.office, "install_id": self.office.install_id,
            "key_id": signer.public.key_id, "sequence": sequence, "period": self.period, "full": True,
            "previous_sha256": previous, "created": "2024-03-01T08:00:00.000+00:00",
            "recipient": recipient_json(recipient),
            "entry_count": len(lines), "rotations": [],
            "members": {name: hashlib.sha256(blob).hexdigest() for name, blob, _ in members},
        }  # fmt: skip
        if kind != "bundle":  # offered as the other kind
            manifest.update(format="ecodesk-task-package", kind=kind)
        if edit_manifest:
            edit_manifest(manifest)
        raw = (
            manifest_raw
            if manifest_raw is not None
            else (raw_from or container.manifest_bytes)(manifest)
        )
        text = comment if comment is not None else container.trusted_comment(manifest)
        sig = minisign.sign(raw, signer.sign, text, "forged")
        if signature:
            sig = signature(sig)
        if after_sign:
            raw = after_sign(raw)
        all_members: list[Member] = [
            ("manifest.json", raw, {}),
            ("manifest.json.minisig", sig, {}),
            *members,
        ]
        if edit_members:
            all_members = edit_members(all_members)
        body = plaintext if plaintext is not None else zip_bytes(all_members)
        return envelope.seal(body, recipient_box_pub=unb64(recipient.box_pub, 32))


def zip_bytes(members: list[Member]) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(buffer, "w") as archive:
            for name, data, opts in members:
                info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
                info.compress_type = opts.get("compress_type", zipfile.ZIP_DEFLATED)
                if "external_attr" in opts:
                    info.external_attr = opts["external_attr"]
                archive.writestr(info, data)
                if "flag_bits" in opts:
                    info.flag_bits |= opts["flag_bits"]
    return buffer.getvalue()
