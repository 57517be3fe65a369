import sys

from .contrib.cli import main

sys.exit(main())
