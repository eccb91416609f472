"""Weekly plan latency at the sizes people have (2,000 and 30,000 contacts).

The baseline, measured in the same run, is ``follow_ups`` on the same frame: the plan starts
from the follow-ups, so the ratio shows what choosing, fitting and wording the week adds. The
plan is timed with a four-employer target list (fuzzy matching and introductions included) and
without one.

Run: ``python benchmarks/bench_plan.py [--repeat K]``.
"""

from __future__ import annotations

import argparse
import statistics
import time

import pandas as pd

from infoview_kit import follow_ups, weekly_plan
from infoview_kit.sample import make_contacts

AS_OF = "2026-11-01"
TARGETS = pd.DataFrame({"Employer": ["Bluefin Health", "Northwind", "Zephyr Tools", "Kestrel"]})


def _median_ms(call, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    for rows in (2_000, 30_000):
        contacts = make_contacts(rows, seed=1)
        weekly_plan(contacts, as_of=AS_OF, targets=TARGETS)  # imports and first-call costs
        base = _median_ms(lambda c=contacts: follow_ups(c, as_of=AS_OF), args.repeat)
        plain = _median_ms(lambda c=contacts: weekly_plan(c, as_of=AS_OF), args.repeat)
        aimed = _median_ms(
            lambda c=contacts: weekly_plan(c, as_of=AS_OF, targets=TARGETS), args.repeat
        )
        print(f"{rows:,} contacts")
        print(f"  follow_ups (baseline)       median: {base:7.1f} ms")
        print(f"  weekly_plan                 median: {plain:7.1f} ms ({plain / base:.1f}x)")
        print(f"  weekly_plan with targets    median: {aimed:7.1f} ms ({aimed / base:.1f}x)")


if __name__ == "__main__":
    main()
