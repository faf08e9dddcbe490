"""File and folder names that every system accepts and keeps apart: Windows, macOS and Linux.

A name ecodesk writes (an archive member, a default output file) goes through `portable_name`;
names that share one folder go through `NameAllocator`, so that two of them never become one
file after extraction. Windows is the strictest reader:

* it refuses `<>:"/\\|?*` and control characters, and drops trailing dots and spaces;
* `CON`, `PRN`, `AUX`, `NUL`, `COM1`…`COM9`, `LPT1`…`LPT9` name devices, with any extension
  (`CON.pdf` too), in any case;
* it does not tell `Report.pdf` from `report.pdf` (nor macOS by default), and NTFS compares
  names case-insensitively after Unicode normalisation;
* a path is at most 260 UTF-16 units unless long paths are enabled.

The Chinese is kept as it is: every modern system stores UTF-8 / UTF-16 names.
"""

from __future__ import annotations

import re
import unicodedata

_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
             *(f"LPT{i}" for i in range(1, 10)), "COM¹", "COM²", "COM³", "LPT¹", "LPT²", "LPT³"}  # fmt: skip

MAX_NAME = 80
"""UTF-16 units in one name: far below NTFS's 255, so a name fits in a deep folder."""

MAX_PATH = 160
"""UTF-16 units in a path inside an archive, leaving 100 of Windows' 260 for the folder a
person extracts it into (e.g. `C:\\Users\\某某\\Downloads\\生态文明建设档案-2023\\`)."""


WINDOWS_MAX_PATH = 259
"""UTF-16 units in a full path Windows' classic API accepts (MAX_PATH 260 less the final NUL)."""


def utf16_length(text: str) -> int:
    """Length as Windows counts it (a character outside the BMP counts twice)."""
    return len(text.encode("utf-16-le")) // 2


def _truncate(text: str, units: int) -> str:
    while utf16_length(text) > units:
        text = text[:-1]
    return text


def portable_name(text: str, *, max_units: int = MAX_NAME) -> str:
    """`text` as one file or folder name that Windows, macOS and Linux all accept.

    Forbidden characters become `_`, the name is NFC-normalised, trailing dots and spaces go,
    a device name gets a leading `_` (`CON.pdf` → `_CON.pdf`), and an over-long name is cut in
    its stem so the extension survives. Never empty.
    """
    name = unicodedata.normalize("NFC", _FORBIDDEN.sub("_", text)).strip().rstrip(". ")
    if not name:
        return "_"
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem or len(ext) > 10 or " " in ext:
        stem, ext = name, ""
    if stem.split(".")[0].rstrip(" ").upper() in _RESERVED:
        stem = f"_{stem}"
    suffix = f".{ext}" if ext else ""
    stem = _truncate(stem, max(1, max_units - utf16_length(suffix))).rstrip(". ") or "_"
    return f"{stem}{suffix}"


def name_key(name: str) -> str:
    """What two names have in common if Windows or macOS would see them as the same file."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", name).casefold())


class NameAllocator:
    """Hands out names in one folder that stay distinct after case folding and normalisation.

    `allocate("Report.pdf", tag="3f2a9c1e")` gives `Report.pdf`, then for `report.pdf` gives
    `report-3f2a9c1e.pdf`: the tag (a hash prefix, say) tells the two apart the same way every
    time, so the same files give the same names.
    """

    def __init__(self, *, max_units: int = MAX_NAME) -> None:
        self.max_units = max_units
        self._taken: set[str] = set()

    def allocate(self, wanted: str, *, tag: str) -> str:
        name = portable_name(wanted, max_units=self.max_units)
        if name_key(name) in self._taken:
            stem, dot, ext = name.rpartition(".")
            if not (dot and stem):
                stem, ext = name, ""
            suffix = f"-{tag}" + (f".{ext}" if ext else "")
            name = _truncate(stem, self.max_units - utf16_length(suffix)) + suffix
            counter = 2
            while name_key(name) in self._taken:  # the same tag twice: number them
                numbered = f"-{tag}-{counter}" + (f".{ext}" if ext else "")
                name = _truncate(stem, self.max_units - utf16_length(numbered)) + numbered
                counter += 1
        self._taken.add(name_key(name))
        return name


def fits_windows_path(path: str, *, limit: int = MAX_PATH) -> bool:
    return utf16_length(path) <= limit
