import sys

from ecodesk.cli import main

sys.exit(main())
