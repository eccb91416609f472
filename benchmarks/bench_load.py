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

CHILD = """
import json, resource, sys, warnings
import pandas as pd
import infoview_kit
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    frame = infoview_kit.load_contacts(sys.argv[1])
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"peak_kib": after - before,
                  "frame_bytes": int(frame.memory_usage(deep=True).sum())}))
"""


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

        child = subprocess.run(
            [sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, check=True
        )
        memory = json.loads(child.stdout)
        peak = memory["peak_kib"] * 1024
        print(
            f"peak memory while loading: {peak / 1e6:.0f} MB; frame: "
            f"{memory['frame_bytes'] / 1e6:.0f} MB; ratio {peak / memory['frame_bytes']:.2f}x "
            "(target <= 3x)"
        )


if __name__ == "__main__":
    main()
