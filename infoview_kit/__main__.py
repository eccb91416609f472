"""``python -m infoview_kit``: the same as the ``infoview-kit`` command."""

import sys

from .cli import main

sys.exit(main())
