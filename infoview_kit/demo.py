"""``make demo`` and ``infoview-kit demo``: the main job on the bundled sample data.

Checks the sample sheet, then builds every cohort participant's report into ``reports/`` in the
current folder (never inside the installed package) and prints where the index is.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .resources import cohort_files, sample_path

AS_OF = "2026-11-01"  # the day the bundled sample data describes (infoview_kit.sample)


def run_demo(out_dir: str | Path = "reports") -> int:
    """Check the sample, write the cohort's reports into ``out_dir``; return the exit status."""
    from .cli import main as cli

    out = Path(out_dir).resolve()
    cli(["check", str(sample_path()), "--limit", "5"])
    # The sample data describes 1 November 2026: report as of that day, not today.
    status = cli(["batch", *map(str, cohort_files()), "-o", str(out), "--as-of", AS_OF])
    print(f"\nOpen {out / 'index.html'} in a browser to read the reports.")
    return status


if __name__ == "__main__":
    sys.exit(run_demo())
