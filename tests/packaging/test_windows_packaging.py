"""What the Windows build promises, checked here: the version resource, the icon, the installer.

The build itself is made and smoke-tested by tools/build-binary (Linux CI) and the Windows job
(.github/workflows/windows.yml); these tests keep the inputs honest on any machine.
"""

from __future__ import annotations

import re
import struct
import sys
from pathlib import Path
from typing import Any

from ecodesk import __version__

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

import windows_version  # noqa: E402


def _record(kind: str):  # type: ignore[no-untyped-def]
    def make(*args: Any, **kwargs: Any) -> dict[str, Any]:
        return {"kind": kind, "args": args, "kwargs": kwargs}

    return make


def test_the_version_resource_carries_the_app_version_and_the_task_force() -> None:
    text = windows_version.version_info_text("ecodesk-cli", "ecodesk 命令行")
    names = ["VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable", "StringStruct",
             "VarFileInfo", "VarStruct"]  # fmt: skip
    info = eval(text, {name: _record(name) for name in names})  # as PyInstaller reads it
    fixed = info["kwargs"]["ffi"]["kwargs"]
    numbers = tuple(int(n) for n in re.findall(r"\d+", __version__)[:3])
    assert fixed["filevers"][:3] == numbers and fixed["prodvers"] == fixed["filevers"]
    table = info["kwargs"]["kids"][0]["args"][0][0]
    assert table["args"][0] == "080404b0"  # Simplified Chinese, Unicode
    strings = {s["args"][0]: s["args"][1] for s in table["args"][1]}
    assert strings["CompanyName"] == "陇南市国家生态文明建设示范市工作专班"
    assert strings["ProductVersion"] == __version__ == strings["FileVersion"]
    assert strings["OriginalFilename"] == "ecodesk-cli.exe"
    assert strings["FileDescription"] == "ecodesk 命令行"


def test_a_prerelease_version_still_gives_four_numbers() -> None:
    assert windows_version.version_tuple("1.2.0rc3") == (1, 2, 0, 3)
    assert windows_version.version_tuple("0.3") == (0, 3, 0, 0)


def test_the_icon_has_every_size_windows_uses_and_stays_small() -> None:
    ico = ROOT / "resources" / "icons" / "ecodesk.ico"
    data = ico.read_bytes()
    assert len(data) < 200 * 1024
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind) == (0, 1)
    sizes = {struct.unpack_from("<B", data, 6 + 16 * i)[0] or 256 for i in range(count)}
    assert {16, 32, 48, 256} <= sizes
    png = (ROOT / "resources" / "icons" / "ecodesk.png").read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) < 200 * 1024


def test_the_installer_is_per_user_and_leaves_the_workspace() -> None:
    script = (ROOT / "packaging" / "windows" / "ecodesk.iss").read_text(encoding="utf-8-sig")
    settings = dict(line.split("=", 1) for line in script.splitlines() if re.match(r"^\w+=", line))
    assert settings["PrivilegesRequired"] == "lowest"
    assert settings["DefaultDirName"] == "{userpf}\\ecodesk"  # %LOCALAPPDATA%\Programs\ecodesk
    assert "PrivilegesRequiredOverridesAllowed" not in settings  # never asks for an administrator
    sections = re.findall(r"^\[(\w+)\]", script, re.MULTILINE)  # no UninstallDelete
    assert sections == ["Setup", "Languages", "Tasks", "Files", "Icons", "Run"]  # fmt: skip
    icons = script.split("[Icons]", 1)[1].split("\n[", 1)[0]
    assert '"{group}\\{#AppTitle}"' in icons and '"{userdesktop}\\{#AppTitle}"' in icons
    assert '#define AppTitle "生态文明建设指标填报"' in script
    assert "ChineseSimplified.isl" in script
