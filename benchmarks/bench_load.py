"""check_contacts where people are: a 2,000-row tracker, a 30,000-row sheet and a 30,000-row
LinkedIn export, each against a bare ``pandas.read_csv`` of the same file; and a 1,000,000-row
file's peak memory.

Baseline: ``pandas.read_csv(path)``, which reads the file but understands nothing (no header
matching, vocabularies, date order, duplicates or problems); for the LinkedIn export it skips the
export's three lines of notes above the header (``skiprows=3``), without which it cannot read it
at all. Both run in this process, alternated, several times; medians are printed. Targets (issue
14): the 2,000-row tracker under 100 ms (never above 150 ms); 30,000 rows within 4x the baseline
(never above 6x).

The sheet has the kit's 23 columns (8 MB at 30,000 rows); the export has LinkedIn's 7 columns
(4 MB), the 30,000 connections LinkedIn allows at most. Every person in the files is distinct,
as in a real export (the generator repeats name pairs at these sizes).

Peak memory is measured in a fresh child process, as peak resident set growth while loading,
against the loaded frame's own size; target: within 4x.

Run: ``python benchmarks/bench_load.py [--repeat K] [--big N]`` (``--big 0`` skips memory).
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

from infoview_kit import check_contacts, save_contacts
from infoview_kit.sample import make_contacts

# A child's ru_maxrss starts at its parent's peak (Linux keeps it across fork and exec), so the
# child samples its own resident set size instead.
CHILD = """
import json, os, sys, threading, time, warnings
import pandas as pd
import infoview_kit
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
    frame = infoview_kit.load_contacts(sys.argv[1])
done.set()
watcher.join()
peak[0] = max(peak[0], rss())
print(json.dumps({"peak_bytes": peak[0] - before,
                  "frame_bytes": int(frame.memory_usage(deep=True).sum())}))
"""


def distinct_people(rows: int, seed: int) -> pd.DataFrame:
    """Synthetic contacts, every person distinct (name, e-mail and profile)."""
    frame = make_contacts(rows, seed=seed)
    number = pd.Series(range(rows), dtype="str")
    frame["name"] = frame["name"] + " " + number
    frame["email"] = (number + "." + frame["email"]).where(frame["email"].notna())
    frame["linkedin_url"] = frame["linkedin_url"] + "-" + number
    return frame


#: The three lines a LinkedIn export writes above its header (tests/fixtures has one).
LINKEDIN_NOTES = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses are '
    'missing. You will only see email addresses for connections who have allowed it."\n\n'
)


def linkedin_export(people: pd.DataFrame, path: Path) -> None:
    """``people`` written as LinkedIn's Connections.csv: notes, then its seven columns."""
    first, _, last = people["name"].str.partition(" ").T.to_numpy()
    export = pd.DataFrame(
        {
            "First Name": first,
            "Last Name": last,
            "URL": people["linkedin_url"],
            "Email Address": people["email"],
            "Company": people["company"],
            "Position": people["role"],
            "Connected On": people["added_on"].dt.strftime("%d %b %Y"),
        }
    )
    path.write_text(LINKEDIN_NOTES + export.to_csv(index=False), encoding="utf-8")


def race(path: Path, repeat: int, **read) -> tuple[float, float]:
    """Median seconds of read_csv and check_contacts on ``path``, alternated; ``read``: what
    read_csv needs to read the table."""
    times: dict[str, list[float]] = {"read_csv": [], "check_contacts": []}
    for _ in range(repeat):
        start = time.perf_counter()
        pd.read_csv(path, **read)
        times["read_csv"].append(time.perf_counter() - start)
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            check_contacts(path)
        times["check_contacts"].append(time.perf_counter() - start)
    return statistics.median(times["read_csv"]), statistics.median(times["check_contacts"])


def peak_memory(path: Path) -> dict:
    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, check=True
    )
    return json.loads(child.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--big", type=int, default=1_000_000)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        files = []
        for rows in (2_000, 30_000):
            path = folder / f"contacts_{rows}.csv"
            save_contacts(distinct_people(rows, seed=1), path)
            files.append((f"{rows:,}-row sheet", path, {}))
        path = folder / "Connections.csv"
        linkedin_export(distinct_people(30_000, seed=3), path)
        files.append(("30,000-row LinkedIn export", path, {"skiprows": 3}))
        for label, path, read in files:
            check_contacts(path)  # warm: imports and caches, as in a session already open
            base, mine = race(path, args.repeat, **read)
            target = "under 100 ms, never above 150 ms" if "2,000" in label else "<= 4x"
            print(
                f"{label:>27}: read_csv {base * 1000:5.1f} ms, check_contacts "
                f"{mine * 1000:5.1f} ms, ratio {mine / base:4.2f}x  (target: {target})"
            )
        if args.big:
            path = folder / "big.csv"
            save_contacts(distinct_people(args.big, seed=2), path)
            memory = peak_memory(path)
            peak, frame = memory["peak_bytes"], memory["frame_bytes"]
            print(
                f"{args.big:,} rows ({path.stat().st_size / 1e6:.0f} MB): peak memory growth "
                f"{peak / 1e6:.0f} MB for a frame of {frame / 1e6:.0f} MB: {peak / frame:.2f}x "
                "(target <= 4x)"
            )


if __name__ == "__main__":
    main()
