"""Every insight and the follow-ups at the sizes people have, against reading the same rows.

Baseline: ``pandas.read_csv`` of the same rows (the floor of any analysis that starts from the
file). Measured on the frame ``load_contacts`` returns for that file (reading is not timed:
``bench_load.py`` measures it): funnel, response rates (overall and by source, channel,
seniority), network growth (total and by source), time to response and its summary,
responsiveness, referral edges and multiplier, weekly outreach and the follow-ups, all as of
the sample's day. The same again with the vocabulary columns as pandas categoricals. Then one
"mark done" on the follow-up board (:class:`~infoview_kit.widgets.FollowUpBoard`) at 2,000
contacts: the board records it, works out the follow-ups again and redraws its rows.

The median of several alternated runs is printed in ms and as a ratio to the baseline.
Targets: all insights together under 150 ms at 30,000 contacts (never above 400 ms); a board
update under 100 ms at 2,000.

Run: ``python benchmarks/bench_insights.py [--sizes 2000 30000] [--repeat K]``.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

import infoview_kit as kit
from infoview_kit.sample import make_contacts

AS_OF = "2026-11-01"
VOCABULARY = ("status", "source", "channel", "seniority")
TARGET_MS, CEILING_MS, BOARD_MS = 150, 400, 100

INSIGHTS: dict[str, Callable[[pd.DataFrame], object]] = {
    "funnel": lambda c: kit.funnel(c, as_of=AS_OF),
    "response_rates x4": lambda c: [
        kit.response_rates(c, by=by, as_of=AS_OF) for by in (None, "source", "channel", "seniority")
    ],
    "network_growth x2": lambda c: (
        kit.network_growth(c, freq="W", as_of=AS_OF),
        kit.network_growth(c, freq="MS", by="source", as_of=AS_OF),
    ),
    "time_to_response": lambda c: kit.time_to_response(c, as_of=AS_OF),
    "response_time_summary": lambda c: kit.response_time_summary(c, as_of=AS_OF),
    "responsiveness": lambda c: kit.responsiveness(c, as_of=AS_OF),
    "referral_edges": lambda c: kit.referral_edges(c, as_of=AS_OF),
    "referral_multiplier": lambda c: kit.referral_multiplier(c, as_of=AS_OF),
    "weekly_outreach": lambda c: kit.weekly_outreach(c, as_of=AS_OF),
    "follow_ups": lambda c: kit.follow_ups(c, as_of=AS_OF),
}


def timed(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def measure(path: Path, repeat: int) -> dict[str, float]:
    """Median ms of read_csv, of each insight, and of all of them, over alternated runs."""
    contacts = kit.load_contacts(path)
    categorical = contacts.astype({column: "category" for column in VOCABULARY})
    times: dict[str, list[float]] = {"read_csv": [], "all": [], "all (categoricals)": []}
    times.update({name: [] for name in INSIGHTS})
    for _ in range(repeat):
        times["read_csv"].append(timed(lambda: pd.read_csv(path)))
        each = {name: timed(lambda call=call: call(contacts)) for name, call in INSIGHTS.items()}
        for name, ms in each.items():
            times[name].append(ms)
        times["all"].append(sum(each.values()))
        times["all (categoricals)"].append(
            sum(timed(lambda call=call: call(categorical)) for call in INSIGHTS.values())
        )
    return {name: statistics.median(values) for name, values in times.items()}


def board_update(contacts: pd.DataFrame, repeat: int) -> tuple[float, int]:
    """Median ms of one "mark done" on a fresh FollowUpBoard, and the items it listed."""
    from infoview_kit.widgets import FollowUpBoard

    times, items = [], 0
    for _ in range(repeat):
        board = FollowUpBoard(contacts, as_of=AS_OF)
        items = len(board.due)
        times.append(timed(lambda board=board: board.mark_done(0)))
    return statistics.median(times), items


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2_000, 30_000])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for rows in args.sizes:
            path = Path(folder) / f"contacts-{rows}.csv"
            kit.save_contacts(make_contacts(rows, seed=2, as_of=AS_OF), path)
            figures = measure(path, args.repeat)
            base = figures["read_csv"]
            print(f"{rows:,} contacts; baseline pandas.read_csv of the same rows: {base:.1f} ms")
            for name, ms in figures.items():
                if name != "read_csv":
                    print(f"  {name:<24} {ms:7.1f} ms  {ms / base:5.2f}x read_csv")
            if rows >= 30_000:
                verdict = "meets" if figures["all"] < TARGET_MS else "misses"
                print(f"  all insights {verdict} the {TARGET_MS} ms target (ceiling {CEILING_MS})")
            if rows == 2_000:
                ms, items = board_update(kit.load_contacts(path), args.repeat)
                verdict = "meets" if ms < BOARD_MS else "misses"
                print(
                    f"  board 'mark done' ({items} items): {ms:.1f} ms, {ms / base:.2f}x "
                    f"read_csv; {verdict} the {BOARD_MS} ms target"
                )


if __name__ == "__main__":
    main()
