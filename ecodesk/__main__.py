import sys

if getattr(sys, "frozen", False):
    # A frozen ecodesk (PyInstaller) starts an import's worker processes as itself: this hands
    # such a start to multiprocessing before anything else runs (see bundle/merge_workers.py).
    # Unfrozen it would do nothing, so `python -m ecodesk` does not import multiprocessing.
    import multiprocessing

    multiprocessing.freeze_support()

from ecodesk.cli import main  # noqa: E402

sys.exit(main())
