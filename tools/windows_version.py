"""The Windows version resource of ecodesk.exe and ecodesk-cli.exe (Explorer → Properties → Details).

`build.spec` writes `version_info_text(...)` into PyInstaller's work folder and passes it as
`version=`; PyInstaller evaluates the text with its `VSVersionInfo` classes (only on Windows:
elsewhere the resource is left out). The numbers come from `ecodesk.__version__`, so the file
properties never disagree with `ecodesk --version`.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ecodesk import __version__  # noqa: E402
from ecodesk.core.offices import TASK_FORCE  # noqa: E402

PRODUCT = "ecodesk 生态文明建设示范市指标填报"
# The seed names the task force 国家生态文明建设示范市工作专班, set up in Longnan by 市生态环境局;
# out of that context a file's properties need the city in front.
COMPANY = f"陇南市{TASK_FORCE}"


def version_tuple(version: str = __version__) -> tuple[int, int, int, int]:
    """`0.2.0` → (0, 2, 0, 0): Windows keeps four 16-bit numbers."""
    numbers = [int(part) for part in re.findall(r"\d+", version)[:4]]
    return tuple((numbers + [0, 0, 0, 0])[:4])  # type: ignore[return-value]


def version_info_text(exe_name: str, description: str, version: str = __version__) -> str:
    """The version resource in the text form PyInstaller reads (`pyi-grab_version` writes it)."""
    numbers = version_tuple(version)
    fields = {
        "CompanyName": COMPANY,
        "FileDescription": description,
        "FileVersion": version,
        "InternalName": exe_name,
        "LegalCopyright": f"© {COMPANY}",
        "OriginalFilename": f"{exe_name}.exe",
        "ProductName": PRODUCT,
        "ProductVersion": version,
    }
    strings = ",\n".join(f"        StringStruct({k!r}, {v!r})" for k, v in fields.items())
    return f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={numbers}, prodvers={numbers}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('080404b0', [
{strings}
    ])]),
    VarFileInfo([VarStruct('Translation', [0x0804, 1200])])
  ]
)
"""


def write_version_file(folder: Path, exe_name: str, description: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{exe_name}-version.txt"
    path.write_text(version_info_text(exe_name, description), encoding="utf-8")
    return path


if __name__ == "__main__":
    print(version_info_text("ecodesk", "ecodesk"))
