"""PySide6 reads the whole source of every module imported after it, once per module name
(`shibokensupport.feature._mod_uses_pyside`, through `inspect.getsource`), to learn whether the
module names "PySide6" and so may switch on its optional `__feature__`s (snake_case,
true_property). ecodesk uses none. That look costs 0.1-0.8 ms a module (tokenizing for the
encoding, line cache, `typing`'s 100 KB), ~5 ms for the ~30 modules the window imports before
its first paint. `read_sources_plainly` gives PySide the same answer from the file's bytes.
"""

from __future__ import annotations

import sys
from types import ModuleType


def read_sources_plainly() -> None:
    """Have PySide6 answer "does this module name PySide6?" from the module's .py file read as
    bytes, as `inspect.getsource` would have found it; anything else (no file, a compiled or
    frozen module) is left to PySide's own look. Does nothing where PySide has no such look."""
    feature = sys.modules.get("shibokensupport.feature")
    own_look = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or own_look is None or getattr(own_look, "reads_plainly", False):
        return

    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return bool(own_look(module))
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return bool(own_look(module))

    uses_pyside.reads_plainly = True  # type: ignore[attr-defined]
    setattr(feature, "_mod_uses_pyside", uses_pyside)  # noqa: B010  (PySide ships no stub for it)
