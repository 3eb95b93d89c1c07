import sys

from stratkit.cli import main

sys.exit(main())
