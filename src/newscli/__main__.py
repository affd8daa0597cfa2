"""Allow ``python -m newscli``."""

import sys

from newscli.cli import main

sys.exit(main())
