"""``make demo``: the main job on the bundled sample data.

Checks the sample sheet, then builds every cohort participant's report into ``reports/`` and
prints where the index is.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-01"  # the day the bundled sample data describes (infoview_kit.sample)


def main() -> int:
    from .cli import main as cli

    cli(["check", str(ROOT / "data" / "sample_contacts.csv"), "--limit", "5"])
    cohort = sorted((ROOT / "data" / "cohort").glob("*.csv"))
    # The sample data describes 1 November 2026: report as of that day, not today.
    status = cli(["batch", *map(str, cohort), "-o", str(ROOT / "reports"), "--as-of", AS_OF])
    print(f"\nOpen {ROOT / 'reports' / 'index.html'} in a browser to read the reports.")
    return status


if __name__ == "__main__":
    sys.exit(main())
