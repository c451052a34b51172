"""`python -m icp_scoring ...` is the `icp` command."""

import sys

from icp_scoring.cli import main

sys.exit(main())
