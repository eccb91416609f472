"""load_contacts on 1,000,000 rows against pandas.read_csv of the same file.

Baseline: ``pandas.read_csv(path, parse_dates=<the seven date columns>)``, which reads the file
but understands nothing (no header mapping, vocabularies, date order, problems). Both run in this
process, alternated, several times; the median ratio is printed. Peak memory is measured in a
fresh child process (peak resident set growth while loading) against the frame's own size.

Run: ``python benchmarks/bench_load.py [--rows N] [--repeat K]``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import pandas as pd

from infoview_kit import load_contacts, save_contacts, schema
from infoview_kit.sample import make_contacts

# A child's ru_maxrss starts at its parent's peak (Linux keeps it across fork and exec), so the
# child samples its own resident set size instead.
CHILD = """
import json, os, sys, threading, time, warnings
import pandas as pd
import infoview_kit
from infoview_kit import schema
page = os.sysconf("SC_PAGE_SIZE")
def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * page
peak = [rss()]
before = peak[0]
done = threading.Event()
def watch():
    while not done.is_set():
        peak[0] = max(peak[0], rss())
        time.sleep(0.002)
watcher = threading.Thread(target=watch, daemon=True)
watcher.start()
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    if sys.argv[2] == "read_csv":
        frame = pd.read_csv(sys.argv[1], parse_dates=list(schema.DATE_COLUMNS))
    else:
        frame = infoview_kit.load_contacts(sys.argv[1])
done.set()
watcher.join()
peak[0] = max(peak[0], rss())
print(json.dumps({"peak_bytes": peak[0] - before,
                  "frame_bytes": int(frame.memory_usage(deep=True).sum())}))
"""


def _peak(path: Path, which: str) -> dict:
    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), which],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(child.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "contacts.csv"
        save_contacts(make_contacts(args.rows, seed=1), path)
        size = path.stat().st_size / 1e6
        print(f"file: {args.rows:,} rows, {size:.0f} MB")

        def baseline() -> pd.DataFrame:
            return pd.read_csv(path, parse_dates=list(schema.DATE_COLUMNS))

        def ours() -> pd.DataFrame:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return load_contacts(path)

        times: dict[str, list[float]] = {"read_csv": [], "load_contacts": []}
        for _ in range(args.repeat):
            for name, run in (("read_csv", baseline), ("load_contacts", ours)):
                start = time.perf_counter()
                run()
                times[name].append(time.perf_counter() - start)
        base = statistics.median(times["read_csv"])
        mine = statistics.median(times["load_contacts"])
        print(f"pandas.read_csv(parse_dates=...) median: {base:.2f} s")
        print(f"load_contacts                     median: {mine:.2f} s")
        print(f"ratio load_contacts / read_csv: {mine / base:.2f}x (target <= 1.5x)")

        for which in ("read_csv", "load_contacts"):
            memory = _peak(path, which)
            peak = memory["peak_bytes"]
            print(
                f"{which}: peak memory growth {peak / 1e6:.0f} MB for a frame of "
                f"{memory['frame_bytes'] / 1e6:.0f} MB: {peak / memory['frame_bytes']:.2f}x "
                "the frame" + (" (target <= 3x)" if which == "load_contacts" else "")
            )


if __name__ == "__main__":
    main()
