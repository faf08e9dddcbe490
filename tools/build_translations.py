"""Compile Qt Linguist sources (resources/i18n/*.ts) into .qm files next to them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def lrelease() -> str:
    found = shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent)) or shutil.which(
        "pyside6-lrelease"
    )
    if not found:
        sys.exit("pyside6-lrelease not found: install PySide6-Essentials")
    return found


def main() -> int:
    sources = sorted((ROOT / "resources" / "i18n").glob("*.ts"))
    for ts in sources:
        subprocess.run(
            [lrelease(), "-silent", str(ts), "-qm", str(ts.with_suffix(".qm"))], check=True
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
