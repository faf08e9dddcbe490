import multiprocessing
import sys

# A frozen ecodesk (PyInstaller) starts an import's worker processes as itself: this hands such
# a start to multiprocessing before anything else runs (see ecodesk/bundle/merge_workers.py).
multiprocessing.freeze_support()

from ecodesk.cli import main  # noqa: E402

sys.exit(main())
