"""Every insight and the follow-ups at the sizes people have, against reading the same rows.

Baseline: ``pandas.read_csv`` of the same rows (the floor of any analysis that starts from the
file). Measured on the frame ``load_contacts`` returns for that file (reading is not timed:
``bench_load.py`` measures it): funnel, response rates (overall and by source, channel,
seniority), network growth (total and by source), time to response and its summary,
responsiveness, referral edges and multiplier, weekly outreach and the follow-ups, all as of
the sample's day. The same again with the vocabulary columns as pandas categoricals. Then one
"mark done" on the follow-up board (:class:`~infoview_kit.widgets.FollowUpBoard`) at 2,000
contacts: the board records it, works out the follow-ups again and redraws its rows.

The median of several alternated runs is printed in ms of wall-clock time and as a ratio to
the baseline, then the process's CPU time (less sensitive to other programs on a busy machine).
The board's update is also split: the package's part (``mark_done`` and ``follow_ups``) and the
redraw of the board's rows. Targets: all insights together under 150 ms at 30,000 contacts
(never above 400 ms); a board update under 100 ms at 2,000.

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


def timed(call: Callable[[], object]) -> tuple[float, float]:
    """Wall-clock and CPU ms of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    call()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def measure(path: Path, repeat: int) -> dict[str, tuple[float, float]]:
    """Median (wall, CPU) ms of read_csv, of each insight, and of all of them."""
    contacts = kit.load_contacts(path)
    categorical = contacts.astype({column: "category" for column in VOCABULARY})
    times: dict[str, list[tuple[float, float]]] = {"read_csv": [], "all": []}
    times.update({"all (categoricals)": []}, **{name: [] for name in INSIGHTS})
    for _ in range(repeat):
        times["read_csv"].append(timed(lambda: pd.read_csv(path)))
        each = {name: timed(lambda call=call: call(contacts)) for name, call in INSIGHTS.items()}
        for name, ms in each.items():
            times[name].append(ms)
        times["all"].append(tuple(map(sum, zip(*each.values()))))
        other = [timed(lambda call=call: call(categorical)) for call in INSIGHTS.values()]
        times["all (categoricals)"].append(tuple(map(sum, zip(*other))))
    return {name: _median(values) for name, values in times.items()}


def _median(values: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(v[0] for v in values), statistics.median(v[1] for v in values)


def board_update(contacts: pd.DataFrame, repeat: int) -> dict[str, tuple[float, float]]:
    """Median (wall, CPU) ms of one "mark done" on a fresh FollowUpBoard, and of the package's
    part of it (recording it and working out the follow-ups again)."""
    from infoview_kit.widgets import FollowUpBoard

    board_times, package_times = [], []
    for _ in range(repeat):
        board = FollowUpBoard(contacts, as_of=AS_OF)
        item = board.due.iloc[0]
        board_times.append(timed(lambda board=board: board.mark_done(0)))
        package_times.append(
            timed(
                lambda item=item: kit.follow_ups(
                    kit.mark_done(contacts, item, on=AS_OF)[0], as_of=AS_OF
                )
            )
        )
    return {"board": _median(board_times), "package": _median(package_times)}


def _line(name: str, ms: tuple[float, float], base: tuple[float, float]) -> str:
    return (
        f"  {name:<24} {ms[0]:7.1f} ms  {ms[0] / base[0]:5.2f}x read_csv   "
        f"CPU {ms[1]:7.1f} ms  {ms[1] / base[1]:5.2f}x"
    )


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
            print(
                f"{rows:,} contacts; baseline pandas.read_csv of the same rows: "
                f"{base[0]:.1f} ms (CPU {base[1]:.1f} ms)"
            )
            for name, ms in figures.items():
                if name != "read_csv":
                    print(_line(name, ms, base))
            if rows >= 30_000:
                verdict = "meets" if figures["all"][0] < TARGET_MS else "misses"
                print(f"  all insights {verdict} the {TARGET_MS} ms target (ceiling {CEILING_MS})")
            if rows == 2_000:
                board = board_update(kit.load_contacts(path), args.repeat)
                print(_line("board 'mark done'", board["board"], base))
                print(_line("  of which the package", board["package"], base))
                verdict = "meets" if board["board"][0] < BOARD_MS else "misses"
                print(f"  the board update {verdict} the {BOARD_MS} ms target")


if __name__ == "__main__":
    main()
