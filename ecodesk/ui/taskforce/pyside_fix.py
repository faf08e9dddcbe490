"""Work around a PySide6 6.12.0 reference-count bug on CPython 3.11.

Every call of a void Qt method (QPainter.save(), setOpacity(), fillRect(), …) and every
QModelIndex.data() that yields nothing returns None to Python without taking a reference to it.
CPython before 3.12 counts None's references, so after about ten thousand such calls the
interpreter aborts with "Fatal Python error: none_dealloc" (painting the review matrix a few
times is enough). CPython 3.12 made None immortal; this gives 3.11 the same guarantee by adding
a huge reference count to None once. Remove when PySide6 is fixed or Python ≥ 3.12 is required.
"""

from __future__ import annotations

import ctypes
import sys

_PINNED = False


def pin_none() -> None:
    global _PINNED
    if _PINNED or sys.version_info >= (3, 12):
        return
    ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40
    _PINNED = True
