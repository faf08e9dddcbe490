"""The processes multiprocessing starts from a frozen ecodesk (PyInstaller): they run the
program itself, which must then do what it was started for instead of starting ecodesk.

They are an import's worker processes (`bundle/merge_workers.py`, "spawn" on every system:
`<program> --multiprocessing-fork …`) and, outside Windows, multiprocessing's resource tracker
(`<program> <interpreter flags> -c "from multiprocessing.resource_tracker import main; …"`).
PyInstaller's own runtime hook for this imports multiprocessing at every start of the program,
~12 ms before the window can show; build.spec leaves it out, and `ecodesk/__main__.py` calls
`run_if_started_by_multiprocessing` first, which imports multiprocessing only in such a process
and handles both as that hook does. `prepare_to_start_children` does the rest of the hook's
work in the process that starts them.
"""

from __future__ import annotations

import sys

FORK_FLAG = "--multiprocessing-fork"
# The commands multiprocessing gives a helper process it starts with `-c`.
HELPER_COMMANDS = (
    "from multiprocessing.resource_tracker import main",
    "from multiprocessing.forkserver import main",
    "import sys; from multiprocessing.forkserver import main",
)


def started_by_multiprocessing(argv: list[str]) -> bool:
    """Whether the arguments may be those multiprocessing starts a process with (imports
    nothing: every start of the program asks)."""
    return (len(argv) >= 2 and argv[1] == FORK_FLAG) or "-c" in argv


def run_if_started_by_multiprocessing(argv: list[str]) -> None:
    """In a process multiprocessing started: run what it was started for, then exit. Else
    return at once."""
    if not started_by_multiprocessing(argv):
        return
    import multiprocessing.spawn
    from subprocess import _args_from_interpreter_flags  # type: ignore[attr-defined]

    prepare_to_start_children()  # a worker may start none, but a helper reads the same state
    if "-c" in argv:
        at = argv.index("-c")
        command = argv[at + 1] if len(argv) > at + 1 else ""
        flags_as_given = set(argv[1:at]) == set(_args_from_interpreter_flags())
        if flags_as_given and command.startswith(HELPER_COMMANDS):
            exec(command)  # noqa: S102  (multiprocessing's own helper command, as Python runs it)
            sys.exit()
    multiprocessing.spawn.freeze_support()  # a worker (FORK_FLAG): runs it and exits


def prepare_to_start_children() -> None:
    """Before a frozen program starts processes: its children must not look for the program's
    main script as a file (a frozen program has none), so the directory multiprocessing would
    resolve it against is cleared, as PyInstaller's hook does. Nothing unfrozen."""
    if getattr(sys, "frozen", False):
        import multiprocessing.process

        multiprocessing.process.ORIGINAL_DIR = None  # type: ignore[attr-defined]
