"""The UI language: Qt Linguist translations for the window, `core.i18n` for core messages.

Every string the window shows goes through `tr()`. Source strings are English; the Chinese
translation in `resources/i18n/ecodesk_zh_CN.qm` is loaded by default. One translation
context ("ecodesk") keeps the .ts file simple to maintain (`python -m ecodesk.ui.ts_update`).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

from ecodesk.core.i18n import set_language
from ecodesk.resources import resource_path

CONTEXT = "ecodesk"
LANGUAGES = ("zh", "en")
_translators: list[QTranslator] = []


def tr(text: str) -> str:
    """Translate an English source string into the UI language."""
    return QCoreApplication.translate(CONTEXT, text)


def qm_path(lang: str):  # type: ignore[no-untyped-def]
    return resource_path("resources", "i18n", f"ecodesk_{'zh_CN' if lang == 'zh' else lang}.qm")


def apply_language(lang: str) -> bool:
    """Switch Qt and core messages to `lang`; False if the Chinese .qm file is missing."""
    app = QCoreApplication.instance()
    lang = lang if lang in LANGUAGES else "zh"
    set_language(lang)
    if app is None:
        return False
    while _translators:
        app.removeTranslator(_translators.pop())
    if lang == "en":
        return True
    qt_own = QTranslator(app)  # Qt's own texts: context menus, file dialogs
    if qt_own.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_own)
        _translators.append(qt_own)
    translator = QTranslator(app)
    if not translator.load(str(qm_path(lang))):
        return False
    app.installTranslator(translator)
    _translators.append(translator)
    return True
