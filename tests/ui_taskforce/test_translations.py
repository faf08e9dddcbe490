"""Every string the task force's window shows through its tr() has a Chinese translation."""

from __future__ import annotations

import ast
import xml.etree.ElementTree as ET
from pathlib import Path

import ecodesk.ui.taskforce as taskforce
from ecodesk.resources import resource_path


def _tr_literals(folder: Path) -> set[str]:
    found: set[str] = set()
    for path in folder.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        if "from ecodesk.ui.taskforce.i18n import" not in source:
            continue
        for node in ast.walk(ast.parse(source)):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "tr"
                    and node.args and isinstance(node.args[0], ast.Constant)):  # fmt: skip
                found.add(node.args[0].value)
    return found


def test_every_task_force_string_is_translated() -> None:
    tree = ET.parse(resource_path("resources", "i18n", "taskforce_zh_CN.ts"))
    translated = {
        m.findtext("source"): (m.findtext("translation") or "")
        for m in tree.iter("message")
        if m.find("translation") is not None and m.find("translation").get("type") != "unfinished"  # type: ignore[union-attr]
    }
    literals = _tr_literals(Path(taskforce.__file__).parent)
    assert literals, "no tr() strings found: the scan is broken"
    missing = sorted(s for s in literals if not translated.get(s))
    assert missing == []
