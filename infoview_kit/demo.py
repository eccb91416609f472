"""``make demo``: the main job on the bundled sample data."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    from .cli import main as cli

    sample = ROOT / "data" / "sample_contacts.csv"
    return 0 if cli(["check", str(sample)]) in (0, 1) else 1


if __name__ == "__main__":
    sys.exit(main())
