"""Resolve a git merge conflict in a Qt Linguist .ts file by keeping every translation.

Two branches that each add window strings both append to the same .ts file, so git conflicts on
nearly every merge. The right answer is always the union: every message of both sides, each
side's finished translation kept. Run during a conflicted merge:

    .venv/bin/python tools/ts_merge.py resources/i18n/taskforce_zh_CN.ts [more.ts ...]

It reads "ours" and "theirs" from git's index (stages 2 and 3), writes the union in our order
(then theirs' new messages), and `git add`s the file. Strings no longer used by any `tr()` are
dropped afterwards by `python -m ecodesk.ui.ts_update` for the clerk's file.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET


def _stage(path: str, stage: int) -> ET.Element:
    text = subprocess.run(
        ["git", "show", f":{stage}:{path}"], check=True, capture_output=True, text=True
    ).stdout
    return ET.fromstring(text.split("<!DOCTYPE TS>", 1)[-1].strip())


def _messages(root: ET.Element) -> tuple[str, dict[str, str | None]]:
    context = root.find("context")
    assert context is not None, "a .ts file without a <context>"
    found: dict[str, str | None] = {}
    for message in context.iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        finished = translation is not None and translation.get("type") != "unfinished"
        text = translation.text if finished and translation is not None else None
        if found.get(source) is None:
            found[source] = text
    return context.findtext("name") or "", found


def merge(path: str) -> int:
    name, ours = _messages(_stage(path, 2))
    _, theirs = _messages(_stage(path, 3))
    union = dict(ours)
    for source, text in theirs.items():
        if union.get(source) is None:
            union[source] = text
    root = ET.Element("TS", version="2.1", language="zh_CN", sourcelanguage="en")
    context = ET.SubElement(root, "context")
    ET.SubElement(context, "name").text = name
    missing = 0
    for source, text in union.items():
        message = ET.SubElement(context, "message")
        ET.SubElement(message, "source").text = source
        translation = ET.SubElement(message, "translation")
        if text is None:
            translation.set("type", "unfinished")
            missing += 1
        else:
            translation.text = text
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    with open(path, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n")
    subprocess.run(["git", "add", path], check=True)
    print(f"{path}: {len(union)} messages, {missing} without a translation")
    return missing


if __name__ == "__main__":
    sys.exit(1 if sum(merge(p) for p in sys.argv[1:]) else 0)
