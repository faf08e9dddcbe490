"""Refresh resources/i18n/ecodesk_zh_CN.ts from the `tr("...")` calls in ecodesk/ui.

Run `python -m ecodesk.ui.ts_update` after adding or changing a UI string, then translate the
new entries (marked unfinished) with Qt Linguist or a text editor. Existing translations are
kept; strings no longer used are dropped. `tools/build_translations.py` compiles the .qm.
"""

from __future__ import annotations

import ast
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from ecodesk.resources import resource_path

CONTEXT = "ecodesk"
UI_DIR = Path(__file__).resolve().parent
TS_FILE = resource_path("resources", "i18n", "ecodesk_zh_CN.ts")


def source_strings(folder: Path = UI_DIR) -> list[str]:
    """Every literal passed to `ecodesk.ui.i18n.tr()`, in first-seen order.

    Only modules that import that `tr` count: other windows keep their own .ts files.
    """
    seen: dict[str, None] = {}
    for path in sorted(folder.glob("*.py")):
        source = path.read_text(encoding="utf-8")
        if "from ecodesk.ui.i18n import tr" not in source and path.name != "i18n.py":
            continue
        for node in ast.walk(ast.parse(source)):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "tr"
                    and node.args and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)):  # fmt: skip
                seen.setdefault(node.args[0].value, None)
    return list(seen)


def read_translations(ts_file: Path = TS_FILE) -> dict[str, str]:
    if not ts_file.exists():
        return {}
    root = ET.parse(ts_file).getroot()
    found: dict[str, str] = {}
    for message in root.iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is not None and translation.text and translation.get("type") != "unfinished":
            found[source] = translation.text
    return found


def write_ts(strings: list[str], translations: dict[str, str], ts_file: Path = TS_FILE) -> int:
    """Write the .ts file; return how many strings still need a translation."""
    root = ET.Element("TS", version="2.1", language="zh_CN", sourcelanguage="en")
    context = ET.SubElement(root, "context")
    ET.SubElement(context, "name").text = CONTEXT
    missing = 0
    for text in strings:
        message = ET.SubElement(context, "message")
        ET.SubElement(message, "source").text = text
        translation = ET.SubElement(message, "translation")
        if text in translations:
            translation.text = translations[text]
        else:
            translation.set("type", "unfinished")
            missing += 1
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    ts_file.parent.mkdir(parents=True, exist_ok=True)
    ts_file.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8"
    )
    return missing


def main() -> int:
    missing = write_ts(source_strings(), read_translations())
    print(f"{TS_FILE}: {missing} string(s) to translate")
    return 0


if __name__ == "__main__":
    sys.exit(main())
