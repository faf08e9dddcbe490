import sys

if getattr(sys, "frozen", False):
    # A frozen ecodesk (PyInstaller) starts an import's worker processes as itself: such a start
    # runs the worker and exits here, before anything else (ecodesk/frozen_processes.py).
    # Unfrozen it would do nothing, so `python -m ecodesk` does not import it.
    from ecodesk.frozen_processes import run_if_started_by_multiprocessing

    run_if_started_by_multiprocessing(sys.argv)

from ecodesk.cli import main  # noqa: E402

sys.exit(main())
