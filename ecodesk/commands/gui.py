"""Starting the window. PySide6 is imported only here, when the GUI is really wanted."""

from __future__ import annotations

import argparse
from pathlib import Path

from ecodesk.cli import _workspace_dir, command


def start_gui(
    root: Path, period: int | None, lang: str | None = None, *, read_only: bool = False
) -> int:
    from ecodesk.ui.app import run

    return run(root, period, lang, read_only=read_only)


@command("gui")
def gui(args: argparse.Namespace) -> int:
    return start_gui(_workspace_dir(args), getattr(args, "period", None), args.lang,
                     read_only=bool(getattr(args, "read_only", False)))  # fmt: skip
