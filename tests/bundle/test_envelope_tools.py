"""The age envelope as a stranger sees it: the standard `age -d` opens a bundle with the identity
`ecodesk key export-age-identity` writes, and `minisign -Vm` verifies the manifest inside; the
manifest names the suite and the age recipient; an ecodesk 0.1.0 file is refused by name."""

from __future__ import annotations

import io
import json
import shutil
import stat
import subprocess
import zipfile
from pathlib import Path

import pytest
from bundle_helpers import Network, export, fill
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from ecodesk.bundle import api, envelope, minisign
from ecodesk.cli import main

GOLDEN_OLD = Path(__file__).parents[1] / "golden" / "bundle-0.1.0-hpke.ecb"
needs_tools = pytest.mark.skipif(
    shutil.which("age") is None or shutil.which("minisign") is None,
    reason="age and minisign are not installed (Debian packages age, minisign)",
)


def test_age_keys_are_the_x25519_box_keys() -> None:
    import pyrage

    for _ in range(20):
        private = X25519PrivateKey.generate()
        identity = pyrage.x25519.Identity.from_str(envelope.age_identity(private))
        public = private.public_key().public_bytes_raw()
        assert str(identity.to_public()) == envelope.age_recipient(public)


@pytest.mark.skipif(shutil.which("age-keygen") is None, reason="age is not installed")
def test_age_keygen_derives_the_same_recipient(tmp_path: Path) -> None:
    private = X25519PrivateKey.generate()
    identity = tmp_path / "id.txt"
    identity.write_text(envelope.age_identity(private) + "\n")
    derived = subprocess.run(["age-keygen", "-y", str(identity)], capture_output=True, text=True,
                             check=True).stdout.strip()  # fmt: skip
    assert derived == envelope.age_recipient(private.public_key().public_bytes_raw())


@needs_tools
def test_age_and_minisign_open_and_verify_a_bundle(
    network: Network, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    office = network.join("成县")
    fill(office, 1, "规划")
    bundle = export(office, tmp_path)
    assert bundle.read_bytes().startswith(b"age-encryption.org/v1\n-> X25519 ")

    identity = tmp_path / "tf-identity.txt"
    code = main(["--workspace", str(network.tf.root), "key", "export-age-identity", str(identity)])
    assert code == 0 and "age -d -i" in capsys.readouterr().out
    assert stat.S_IMODE(identity.stat().st_mode) == 0o600
    opened = subprocess.run(["age", "-d", "-i", str(identity), str(bundle)], capture_output=True,
                            check=True).stdout  # fmt: skip
    with zipfile.ZipFile(io.BytesIO(opened)) as archive:
        archive.extractall(tmp_path / "inside")
    manifest = json.loads((tmp_path / "inside" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["suite"] == "ed25519-age-v1" and manifest["format_version"] == 2
    assert manifest["recipient"]["age"] == api.key_info(network.tf).age_recipient

    public = minisign.public_key_line(_sign_pub(office))
    verified = subprocess.run(
        ["minisign", "-Vm", str(tmp_path / "inside" / "manifest.json"), "-P", public],
        capture_output=True, text=True,
    )  # fmt: skip
    assert verified.returncode == 0, verified.stderr
    assert "ecodesk bundle office=成县" in verified.stdout

    # the office's identity is not the recipient: age itself refuses
    other = tmp_path / "office-identity.txt"
    api.export_age_identity(office, other)
    wrong = subprocess.run(["age", "-d", "-i", str(other), str(bundle)], capture_output=True)
    assert wrong.returncode != 0
    with pytest.raises(api.UserError):
        api.export_age_identity(office, other)  # never overwrites


def _sign_pub(ws: object) -> bytes:
    from ecodesk.bundle import keys

    return keys.own_keys(ws).public.sign_pub


def test_a_bundle_from_ecodesk_0_1_0_is_refused_by_name(network: Network, tmp_path: Path) -> None:
    path = tmp_path / "成县-2023-0001.ecb"
    path.write_bytes(GOLDEN_OLD.read_bytes())
    plan = api.plan_import(network.tf, [path])
    (report,) = plan.files
    assert report.status == "rejected" and report.error is not None
    assert report.error.code == "old_envelope"
    assert "0.1.0" in str(report.error) and "0.2.0" in str(report.error)
    assert path.name in str(report.error)


def test_a_failed_decryption_leaves_no_plaintext_behind(network: Network, tmp_path: Path) -> None:
    office = network.join("成县")
    fill(office, 1, "规划")
    bundle = export(office, tmp_path)
    data = bytearray(bundle.read_bytes())
    data[-100] ^= 1  # the last payload chunk fails authentication after the first was written
    broken = tmp_path / "broken.ecb"
    broken.write_bytes(bytes(data))
    plan = api.plan_import(network.tf, [broken, bundle])
    assert [f.status for f in plan.files] == ["rejected", "ok"]
    assert plan.files[0].error is not None and plan.files[0].error.code == "decrypt_failed"
    scratch = envelope.scratch_dir(network.tf.root)
    assert list(scratch.iterdir()) == []
