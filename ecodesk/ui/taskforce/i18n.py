"""Translations of the task force's window (context "taskforce", resources/i18n/taskforce_zh_CN.ts).

Source strings are English; Chinese is loaded whenever core's language is Chinese, the default.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator

from ecodesk.core.i18n import language
from ecodesk.resources import resource_path

CONTEXT = "taskforce"
_translator: QTranslator | None = None


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def ensure_translator() -> None:
    """Install (or remove) this window's translator to match the current language."""
    global _translator
    app = QCoreApplication.instance()
    if app is None:
        return
    wanted = language() == "zh"
    if _translator is not None and not wanted:
        app.removeTranslator(_translator)
        _translator = None
    if wanted and _translator is None:
        translator = QTranslator(app)
        if translator.load(str(resource_path("resources", "i18n", "taskforce_zh_CN.qm"))):
            app.installTranslator(translator)
            _translator = translator
