"""Logging one event and saving it into the person's own file, at 2,000 and 30,000 contacts.

Measured: ``open_tracker(path)``, ``log`` one meeting, ``save()`` (backup, only the changed cells
written back), for a CSV and an .xlsx of the sample's columns.
Baseline (named "rewrite"): ``load_contacts(path)`` then ``save_contacts(frame, path)``, the old
way of saving, which reads the same file and writes every cell again (losing the file's layout).
Both run alternated in this process; the median of each and their ratio are printed.

Run: ``python benchmarks/bench_tracker.py [--sizes 2000 30000] [--repeat K]``.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import warnings
from pathlib import Path

from infoview_kit import load_contacts, open_tracker, save_contacts
from infoview_kit.files import backups
from infoview_kit.sample import make_contacts


def tracker_save(path: Path) -> None:
    tracker = open_tracker(path)
    tracker.log(tracker.contacts.index[len(tracker.contacts) // 2], "met", on="2026-10-30")
    tracker.save()


def rewrite(path: Path) -> None:
    save_contacts(load_contacts(path), path)


def timed(function, path: Path) -> float:
    start = time.perf_counter()
    function(path)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 30000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    print(f"{'rows':>7} {'format':>6} {'tracker s':>10} {'rewrite s':>10} {'ratio':>6}")
    for size in args.sizes:
        frame = make_contacts(size)
        for suffix in (".csv", ".xlsx"):
            with tempfile.TemporaryDirectory() as folder:
                ours, theirs = [], []
                for _ in range(args.repeat):
                    mine = save_contacts(frame, Path(folder) / f"mine{suffix}")
                    other = save_contacts(frame, Path(folder) / f"other{suffix}")
                    ours.append(timed(tracker_save, mine))
                    theirs.append(timed(rewrite, other))
                    for old in backups(mine):
                        old.unlink()
                a, b = statistics.median(ours), statistics.median(theirs)
                print(f"{size:>7} {suffix[1:]:>6} {a:>10.3f} {b:>10.3f} {a / b:>6.2f}")


if __name__ == "__main__":
    main()
