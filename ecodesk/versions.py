"""The version of ecodesk and of every file it writes: `ecodesk --version` and the About box.

A file written by one release is read by every later one (CHANGELOG.md); these numbers let a
person (or a support call) tell which release made a workspace, a bundle or an archive.
"""

from __future__ import annotations

from ecodesk.core.i18n import t

# The yearly archive zip's layout (ecodesk.reports.archive). 1 is 0.1.0's archive; 2 (0.2.0) adds
# the signed material, public keys, forms, PDF reports, archive.json and the signed manifest.
ARCHIVE_FORMAT_VERSION = 2


def version_rows() -> list[tuple[str, str]]:
    """(what, version) for the app, the database schema and each file format."""
    from ecodesk import SCHEMA_VERSION, __version__
    from ecodesk.bundle.schema import BUNDLE_FORMAT_VERSION, PACKAGE_FORMAT_VERSION
    from ecodesk.store.backup_check import FORMAT_VERSION as BACKUP_FORMAT_VERSION

    return [
        (t("ecodesk 版本", "ecodesk version"), __version__),
        (t("数据库版本", "database schema"), str(SCHEMA_VERSION)),
        (t("数据包格式", "bundle format"), str(BUNDLE_FORMAT_VERSION)),
        (t("任务包格式", "task package format"), str(PACKAGE_FORMAT_VERSION)),
        (t("年度档案格式", "archive format"), str(ARCHIVE_FORMAT_VERSION)),
        (t("备份格式", "backup format"), str(BACKUP_FORMAT_VERSION)),
    ]


def version_text() -> str:
    """`ecodesk 0.2.0` and one line per version, aligned for a terminal."""
    from ecodesk import __version__
    from ecodesk.core.textwidth import cell_width, pad

    rows = version_rows()[1:]
    width = max(cell_width(label) for label, _ in rows)
    lines = [f"ecodesk {__version__}"]
    lines += [f"  {pad(label, width)}  {value}" for label, value in rows]
    return "\n".join(lines)
