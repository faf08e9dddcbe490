"""PySide6 windows, dialogs, models and widgets: the only package that imports Qt."""
