"""All insights together on 100,000 contacts, against reading those rows with pandas.read_csv.

Baseline: ``pandas.read_csv`` of the same 100,000 rows (the floor of any analysis that starts
from the file). Measured: funnel, response rates by source/channel/seniority, network growth
(total and by source), time to response, responsiveness labels, referral edges and multiplier,
weekly outreach and follow-ups, on a frame freshly read by ``load_contacts`` from that file
(reading is not timed: ``bench_load.py`` measures it). Each run starts cold: nothing computed
by an earlier run is kept, only the codes of the vocabulary columns the loader hands over. A
second figure drops those too, as for a frame built some other way. The median of several
alternated runs is compared. The sample repeats its name pairs beyond a few thousand rows, so
the same is measured again with every name distinct, as in a real sheet. Each chart's render
time at that size is printed too.

Run: ``python benchmarks/bench_insights.py [--rows N] [--repeat K]``.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

import infoview_kit as kit  # noqa: E402
from infoview_kit import _columns  # noqa: E402
from infoview_kit.sample import make_contacts  # noqa: E402

AS_OF = "2026-11-01"


def all_insights(contacts: pd.DataFrame) -> float:
    """Every insight and the follow-ups; returns the seconds the follow-ups alone took."""
    kit.funnel(contacts, as_of=AS_OF)
    for by in (None, "source", "channel", "seniority"):
        kit.response_rates(contacts, by=by)
    kit.network_growth(contacts, freq="W")
    kit.network_growth(contacts, freq="MS", by="source")
    kit.time_to_response(contacts)
    kit.response_time_summary(contacts)
    kit.responsiveness(contacts, as_of=AS_OF)
    kit.referral_edges(contacts)
    kit.referral_multiplier(contacts, as_of=AS_OF)
    kit.weekly_outreach(contacts, as_of=AS_OF)
    start = time.perf_counter()
    kit.follow_ups(contacts, as_of=AS_OF)
    return time.perf_counter() - start


def measure(path: Path, repeat: int) -> dict[str, float]:
    """Median seconds of read_csv, every insight, the follow-ups among them, and every insight
    with nothing kept, over ``repeat`` alternated runs on ``path``."""
    times: dict[str, list[float]] = {
        "read_csv": [],
        "insights": [],
        "follow_ups": [],
        "nothing kept": [],
    }
    for _ in range(repeat):
        start = time.perf_counter()
        pd.read_csv(path)
        times["read_csv"].append(time.perf_counter() - start)
        _columns.forget_all()  # nothing from the previous run
        contacts = kit.load_contacts(path)  # a fresh frame, as a notebook has it
        start = time.perf_counter()
        times["follow_ups"].append(all_insights(contacts))
        times["insights"].append(time.perf_counter() - start)
        _columns.forget_all()  # not even what the loader handed over
        start = time.perf_counter()
        all_insights(contacts)
        times["nothing kept"].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def distinct_names(contacts: pd.DataFrame) -> pd.DataFrame:
    """The sample with every name distinct, as in a real sheet (beyond a few thousand rows the
    sample repeats its given and family name pairs): repeats get a number."""
    repeat = contacts.groupby("name").cumcount().to_numpy()
    numbered = contacts["name"] + " (" + pd.Series(repeat + 1, dtype="str") + ")"
    return contacts.assign(name=contacts["name"].where(repeat == 0, numbered))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "contacts.csv"
        sample = make_contacts(args.rows, seed=2, as_of=AS_OF)
        kit.save_contacts(sample, path)
        distinct = Path(folder) / "distinct.csv"
        kit.save_contacts(distinct_names(sample), distinct)
        figures = measure(path, args.repeat)
        other = measure(distinct, args.repeat)
        contacts = kit.load_contacts(path)  # for the charts
    base, mine = figures["read_csv"], figures["insights"]
    bare, follow = figures["nothing kept"], figures["follow_ups"]
    print(f"{args.rows:,} contacts")
    print(f"pandas.read_csv median: {base:.3f} s")
    print(f"all insights    median: {mine:.3f} s (on the frame load_contacts returns)")
    print(f"ratio insights / read_csv: {mine / base:.2f}x (target < 1)")
    print(f"  of which follow_ups: {follow:.3f} s; the other calls: {mine - follow:.3f} s")
    print(f"with nothing kept: {bare:.3f} s, {bare / base:.2f}x")
    print(
        f"with every name distinct: read_csv {other['read_csv']:.3f} s, insights "
        f"{other['insights']:.3f} s, {other['insights'] / other['read_csv']:.2f}x "
        f"(follow_ups {other['follow_ups']:.3f} s)"
    )
    for chart in (
        kit.plot_funnel,
        kit.plot_response_rates,
        kit.plot_network_growth,
        kit.plot_time_to_response,
        kit.plot_weekly_activity,
        kit.plot_referral_tree,
    ):
        fig, ax = plt.subplots(figsize=(8, 5))
        start = time.perf_counter()
        chart(contacts, ax=ax)
        fig.canvas.draw()
        elapsed = time.perf_counter() - start
        plt.close(fig)
        print(f"{chart.__name__:<24} draws and renders in {elapsed:.3f} s")


if __name__ == "__main__":
    main()
