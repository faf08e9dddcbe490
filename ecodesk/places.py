"""Where a workspace is: the default folder and the database's file name.

Only the standard library (platformdirs when the default folder is asked for), so the window
finds its workspace before any domain module is imported; `store.workspace` re-exports both.
"""

from __future__ import annotations

import os
from pathlib import Path

DB_NAME = "ecodesk.db"


def default_workspace_dir() -> Path:
    override = os.environ.get("ECODESK_WORKSPACE")
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir("ecodesk", appauthor=False)) / "workspace"
