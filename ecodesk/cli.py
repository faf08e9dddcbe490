"""The command line. `ecodesk` alone starts the GUI; subcommands share the GUI's Workspace code.

Start-up matters: this module imports neither PySide6 nor openpyxl; commands import what they
need when they run.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from ecodesk import SCHEMA_VERSION
from ecodesk.core.errors import UserError
from ecodesk.core.i18n import set_language, t

Handler = Callable[[argparse.Namespace], int]
_COMMANDS: dict[str, Handler] = {}


def command(name: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        _COMMANDS[name] = handler
        return handler

    return register


def _workspace_dir(args: argparse.Namespace) -> Path:
    from ecodesk.places import default_workspace_dir

    return Path(args.workspace) if args.workspace else default_workspace_dir()


def open_workspace(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from ecodesk.store.workspace import Workspace

    read_only = True if getattr(args, "read_only", False) else None
    ws = Workspace.open(_workspace_dir(args), read_only=read_only)
    for notice in opening_notices(ws):
        print(notice, file=sys.stderr)
    return ws


def opening_notices(ws) -> list[str]:  # type: ignore[no-untyped-def]
    """What a person must know about how the workspace was opened (the window shows the same):
    the copy made before a migration, and read-only viewing."""
    notices = []
    db = ws.db
    if db.migration_backup is not None:
        notices.append(t(
            f"数据库已从版本 {db.migrated_from} 升级到 {SCHEMA_VERSION}；升级前的副本保存在 "
            f"{db.migration_backup}",
            f"the database was upgraded from schema {db.migrated_from} to {SCHEMA_VERSION}; "
            f"a copy from before the upgrade is at {db.migration_backup}",
        ))  # fmt: skip
    if ws.read_only:
        notices.append(t(
            f"只读：工作区 {ws.root} 以只读方式打开，只能查看，不能修改。",
            f"read-only: workspace {ws.root} is open for viewing only; nothing can be changed.",
        ))  # fmt: skip
        if db.migrated_from is not None:
            notices.append(t(
                f"数据库为旧版本（{db.migrated_from}），只读位置无法升级：已在内存中转换后显示，"
                "文件未作任何改动。",
                f"the database has an older schema ({db.migrated_from}) and cannot be upgraded "
                "where it is: it was converted in memory for viewing; the file is unchanged.",
            ))  # fmt: skip
    return notices


def _period(args: argparse.Namespace) -> int:
    from datetime import date

    from ecodesk.core.periods import check_period, default_period

    return check_period(args.period if args.period else default_period(date.today().year))


class _VersionAction(argparse.Action):
    """Every version on its own line (argparse's own action would re-wrap them)."""

    def __call__(self, parser: argparse.ArgumentParser, *_args: object, **_kwargs: object) -> None:
        from ecodesk.versions import version_text

        print(version_text())
        parser.exit()


def _description() -> str:
    return t(
        "陇南市生态文明建设示范市指标填报、审核与归档",
        "Longnan eco-civilization indicator reporting, review and archive",
    )


def _add_global_options(parser: argparse.ArgumentParser) -> None:
    """The options before any command (and all that `ecodesk` alone, the window, takes)."""
    parser.add_argument(
        "--read-only",
        action="store_true",
        help=t(
            "只读打开工作区（只查看，不作任何修改）",
            "open the workspace read-only (view only, change nothing)",
        ),
    )
    parser.add_argument(
        "--workspace",
        metavar="DIR",
        help=t(
            "工作区文件夹（默认在用户数据目录）", "workspace folder (default: user data folder)"
        ),
    )
    parser.add_argument(
        "--lang", choices=("zh", "en"), default=None, help=t("界面语言", "language")
    )


def window_args(raw: list[str]) -> argparse.Namespace | None:
    """The arguments of `ecodesk [--workspace DIR] [--lang L] [--read-only]` (the window), or
    None when `raw` names a command or asks for help or the version.

    The full parser imports every command module to register their subcommands (~75 ms, a
    third of the window's start-up), which the window does not need. The window's options in
    their plain spelling are read without any parser (building one costs 4-7 ms of gettext
    look-ups); anything else goes to argparse, which reads it as it always has."""
    quick = _plain_window_args(raw)
    return quick if quick is not None else _parsed_window_args(raw)


def _plain_window_args(raw: list[str]) -> argparse.Namespace | None:
    """`--workspace DIR`, `--workspace=DIR`, `--lang zh|en`, `--lang=zh|en`, `--read-only`, in
    any order, the last one winning, as argparse reads them; None for anything else (an
    abbreviation, a value that starts with "-", another option, a command)."""
    found: dict[str, object] = {"read_only": False, "workspace": None, "lang": None}
    i = 0
    while i < len(raw):
        name, has_value, value = raw[i].partition("=")
        if raw[i] == "--read-only":
            found["read_only"], i = True, i + 1
            continue
        if name not in ("--workspace", "--lang"):
            return None
        if not has_value:
            if i + 1 == len(raw) or raw[i + 1].startswith("-"):
                return None
            value, i = raw[i + 1], i + 1
        if name == "--lang" and value not in ("zh", "en"):
            return None
        found[name[2:]], i = value, i + 1
    return argparse.Namespace(**found, command="gui", period=None)


def _parsed_window_args(raw: list[str]) -> argparse.Namespace | None:
    if any(arg in ("-h", "--help", "--version") for arg in raw):
        return None
    parser = argparse.ArgumentParser(prog="ecodesk", add_help=False, exit_on_error=False)
    _add_global_options(parser)
    try:
        args, rest = parser.parse_known_args(raw)
    except argparse.ArgumentError:  # a bad option: the full parser says what is wrong
        return None
    if rest:
        return None
    args.command, args.period = "gui", None
    return args


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ecodesk", description=_description())
    parser.add_argument(
        "--version",
        action=_VersionAction,
        nargs=0,
        help=t(
            "显示版本号（程序、数据库和各文件格式）",
            "show the versions (app, database schema, file formats)",
        ),
    )
    _add_global_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, zh: str, en: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=t(zh, en), description=t(zh, en))
        return p

    def period_office(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--period",
            type=int,
            help=t("填报期（年份），默认上一年", "period (year), default last year"),
        )
        p.add_argument(
            "--office",
            help=t("填报单位（默认为本工作区的单位）", "office (default: the workspace's)"),
        )

    p = add("init", "新建工作区", "create a workspace")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument(
        "--office", help=t("本工作区的填报单位，例如 成县", "the workspace's office, e.g. 成县")
    )
    group.add_argument(
        "--task-force", action="store_true", help=t("工作专班的工作区", "a task-force workspace")
    )

    p = add("demo", "生成含示例数据的演示工作区", "build a demo workspace with sample data")
    p.add_argument(
        "--office", default="成县", help=t("演示工作区的单位", "the demo workspace's office")
    )
    p.add_argument(
        "--task-force", action="store_true", help=t("生成工作专班的演示工作区", "a task-force demo")
    )
    p.add_argument(
        "--force",
        action="store_true",
        help=t("覆盖已有的演示工作区", "replace an existing demo workspace"),
    )
    p.add_argument(
        "--gui", action="store_true", help=t("生成后打开窗口", "open the window afterwards")
    )

    p = add("tasks", "列出本单位的任务及状态", "list the office's tasks and their status")
    period_office(p)
    p.add_argument(
        "--status",
        help=t("只显示某状态（如 draft、not_met）", "only this status (e.g. draft, not_met)"),
    )

    p = add("show", "显示一条填报记录", "show one entry")
    p.add_argument("task", type=int)
    period_office(p)
    p.add_argument("--json", action="store_true", help=t("以 JSON 输出", "print JSON"))

    p = add("set", "填写指标值、计划安排或整改措施", "set values, plan or corrective measures")
    p.add_argument("task", type=int)
    period_office(p)
    p.add_argument(
        "--value",
        action="append",
        default=[],
        metavar="ID=VALUE",
        help=t("指标值，可重复", "indicator value, repeatable"),
    )
    p.add_argument(
        "--clear",
        action="append",
        default=[],
        metavar="ID",
        help=t("清除某指标已填的值，可重复", "clear an indicator's stored value, repeatable"),
    )
    p.add_argument("--plan", help=t("计划安排", "plan"))
    p.add_argument("--measures", help=t("整改措施", "corrective measures"))
    p.add_argument(
        "--from-json", metavar="FILE", help=t("从 JSON 文件读取", "read from a JSON file")
    )

    indicator_help = t(
        "所属指标的编号；不写则佐证整个任务", "the indicator's id; without it, the whole task"
    )
    p = add("attach", "添加佐证材料", "attach evidence files")
    p.add_argument("task", type=int)
    p.add_argument("files", nargs="+", type=Path)
    p.add_argument("--indicator", metavar="ID", default="", help=indicator_help)
    period_office(p)

    p = add(
        "evidence-indicator",
        "更改佐证材料所属指标",
        "change which indicator an evidence file supports",
    )
    p.add_argument("task", type=int)
    p.add_argument("sha256", help=t("SHA-256（可只写前几位）", "SHA-256 (a prefix will do)"))
    p.add_argument("--indicator", metavar="ID", default="", help=indicator_help)
    period_office(p)

    p = add("evidence", "列出佐证材料", "list evidence files")
    p.add_argument("task", type=int)
    period_office(p)

    p = add("detach", "移除佐证材料", "remove an evidence file")
    p.add_argument("task", type=int)
    p.add_argument("sha256", help=t("SHA-256（可只写前几位）", "SHA-256 (a prefix will do)"))
    period_office(p)

    p = add("na", "标记为不适用（须说明理由）", "mark not applicable (a reason is required)")
    p.add_argument("task", type=int)
    period_office(p)
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--reason", help=t("不适用的理由", "why it does not apply"))
    group.add_argument("--clear", action="store_true", help=t("取消不适用", "undo not applicable"))

    p = add("complete", "标记为已完成（检查必填项）", "mark complete (checks required fields)")
    p.add_argument("task", type=int)
    period_office(p)

    p = add("status", "评估并打印达标情况表", "evaluate and print the status table")
    period_office(p)

    p = add("history", "显示修改记录", "show the change history")
    p.add_argument("task", type=int)
    period_office(p)

    p = add("target", "设置省级下达目标（工作专班）", "set an assigned target (task force)")
    p.add_argument("task", type=int)
    p.add_argument("indicator")
    p.add_argument("value", help=t("数值；写 none 表示清除", "a number; 'none' clears it"))
    period_office(p)

    p = add(
        "forms",
        "检查表单定义文件；工作专班可自某填报期起启用新表单",
        "check form files; the task force can apply new forms from a period on",
    )
    p.add_argument(
        "directory",
        nargs="?",
        type=Path,
        help=t("表单文件夹（默认为内置表单）", "forms folder (default: the built-in forms)"),
    )
    p.add_argument(
        "--install",
        action="store_true",
        help=t("启用该文件夹的表单（工作专班）", "apply the folder's forms (task force)"),
    )
    p.add_argument(
        "--effective-from",
        type=int,
        metavar="PERIOD",
        help=t("新表单自哪个填报期起适用", "the first period the new forms judge"),
    )
    p.add_argument(
        "--reopen",
        metavar="REASON",
        default="",
        help=t(
            "重新打开已归档的填报期的理由（会被记录）",
            "why an archived period is reopened (recorded)",
        ),
    )
    p.add_argument(
        "--export",
        type=Path,
        metavar="DIR",
        help=t(
            "把某填报期（--period）适用的表单写入一个新文件夹，供修改",
            "write the forms of a period (--period) into a new folder, to edit",
        ),
    )
    p.add_argument("--period", type=int)
    p.add_argument(
        "--schedule",
        action="store_true",
        help=t("列出工作区各表单版本的适用期", "list which form version applies from when"),
    )

    p = add("gui", "打开图形界面", "open the window")
    p.add_argument("--period", type=int)
    _register_module_parsers(add)
    return parser


def _register_module_parsers(add: Callable[[str, str, str], argparse.ArgumentParser]) -> None:
    """Each module in ecodesk.commands may define `register_parsers(add)` for its own subcommands.

    `add(name, zh_help, en_help)` returns the new subparser. Only the module names are listed
    here; the modules are imported (cheaply: no PySide6/openpyxl at import time) to find them.
    """
    import importlib
    import pkgutil

    from ecodesk import commands

    for info in pkgutil.iter_modules(commands.__path__):
        module = importlib.import_module(f"ecodesk.commands.{info.name}")
        register = getattr(module, "register_parsers", None)
        if register is not None:
            register(add)


def main(argv: list[str] | None = None) -> int:
    raw = sys.argv[1:] if argv is None else argv
    lang = _early_language(raw)
    set_language(lang)
    args = window_args(raw) or build_parser().parse_args(raw)
    from ecodesk.core.safetext import clean, safe_stdout

    configure_streams()
    stdout = sys.stdout
    if stdout is not None:  # None in the windowed ecodesk.exe, which has no console
        sys.stdout = safe_stdout()  # nothing a file says reaches the terminal raw
    try:
        if args.command is None:
            args.command, args.period = "gui", None
        if args.command == "gui":  # the window: only its own handler, nothing else to import
            import ecodesk.commands.gui  # noqa: F401
        else:
            from ecodesk import commands

            commands.load_all()  # registers the handlers

        return _COMMANDS[args.command](args)
    except UserError as exc:
        print(clean(t(f"错误：{exc}", f"error: {exc}")), file=sys.stderr)
        advice = _recovery_advice(exc, args)
        if advice:
            print(clean(advice), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head`: not an error
        sys.stderr.close()
        return 0
    except OSError as exc:  # a stick pulled out, a folder that vanished: words, not a traceback
        where = exc.filename or ""
        reason = exc.strerror or str(exc)
        print(
            clean(
                t(
                    f"错误：无法读写 {where}（{reason}）。如果是U盘或网络位置，请检查它是否还在。",
                    f"error: cannot read or write {where} ({reason}). If it is a USB stick or a "
                    "network place, check that it is still there.",
                )
            ),
            file=sys.stderr,
        )
        return 2
    finally:
        sys.stdout = stdout


def _recovery_advice(exc: UserError, args: argparse.Namespace) -> str:
    """For a damaged or missing database of this workspace: the latest good backup and the
    exact command that restores it (the window offers the same)."""
    from ecodesk.store.db import DatabaseDamaged

    if not isinstance(exc, DatabaseDamaged) or args.command == "restore":
        return ""
    root = _workspace_dir(args)
    if exc.path.parent.resolve() != root.resolve():
        return ""
    from ecodesk.store.recovery import recovery_advice

    return recovery_advice(root)


def configure_streams() -> None:
    """Let Chinese output survive any console and any redirection.

    The encoding stays the one Python chose: a Windows console gets Unicode whatever its code
    page; a pipe or a file gets the ANSI code page (GBK on a Chinese Windows), which is what
    cmd's `type` and `findstr` and PowerShell 5's pipeline read, and PYTHONIOENCODING still
    overrides it (also in the frozen ecodesk-cli.exe, whose isolated Python ignores it, so it
    is applied here). Forcing UTF-8 on a redirection would turn every Chinese character into
    mojibake there. What GBK lacks (`²`, `³`, an emoji in a file name) becomes `?` instead of
    stopping the command half-way with UnicodeEncodeError.
    """
    import contextlib
    import os

    chosen = os.environ.get("PYTHONIOENCODING", "") if getattr(sys, "frozen", False) else ""
    encoding, _, errors = chosen.partition(":")
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue
        if encoding or errors:
            with contextlib.suppress(LookupError):  # an unknown name: keep the default
                reconfigure(encoding=encoding or None, errors=errors or "replace")
        elif getattr(stream, "errors", "") == "strict":
            reconfigure(errors="replace")


def _early_language(argv: list[str]) -> str:
    """--lang must be known before the parser's help texts are built."""
    import os

    for i, arg in enumerate(argv):
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1] if arg.split("=", 1)[1] in ("zh", "en") else "zh"
        if arg == "--lang" and i + 1 < len(argv) and argv[i + 1] in ("zh", "en"):
            return argv[i + 1]
    env = os.environ.get("ECODESK_LANG", "")
    return env if env in ("zh", "en") else "zh"


def print_json(data: object) -> None:
    import json

    print(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True))
