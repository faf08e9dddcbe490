"""PySide6 windows, dialogs, models and widgets: the only package that imports Qt."""

import PySide6  # noqa: F401  (loads shiboken's import hook, which `pyside_scan` lightens)

from ecodesk.ui.pyside_scan import read_sources_plainly

read_sources_plainly()  # before the window's modules are imported (start-up)
