"""Planner latency: from changing the contact to the new question list being ready.

On a 5,000-contact frame, the QuestionPlanner's contact is set to a series of contacts; the
median time per change is printed against a named baseline measured in the same run:
``suggest_questions`` alone (the package call the widget wraps), so the ratio shows what the
widget itself adds. Target: well under 100 ms.

Run: ``python benchmarks/bench_planner.py [--rows N] [--changes K]``.
"""

from __future__ import annotations

import argparse
import statistics
import time

from infoview_kit.questions import suggest_questions
from infoview_kit.sample import make_contacts
from infoview_kit.widgets import QuestionPlanner


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5_000)
    parser.add_argument("--changes", type=int, default=60)
    args = parser.parse_args()
    contacts = make_contacts(args.rows, seed=4)
    planner = QuestionPlanner(contacts)
    picks = contacts.index[:: max(len(contacts) // args.changes, 1)][: args.changes]
    widget, bare = [], []
    for index in picks:
        start = time.perf_counter()
        planner.contact.value = index  # observers run synchronously: the list is rebuilt
        widget.append(time.perf_counter() - start)
        assert planner.error.value == ""
        start = time.perf_counter()
        suggest_questions(contacts.loc[index], goal="explore", minutes=30)
        bare.append(time.perf_counter() - start)
    w, b = statistics.median(widget) * 1000, statistics.median(bare) * 1000
    print(f"{args.rows:,} contacts, {len(picks)} contact changes")
    print(f"suggest_questions alone       median: {b:.1f} ms")
    print(f"QuestionPlanner contact change median: {w:.1f} ms (target well under 100 ms)")
    print(f"ratio widget / suggest_questions: {w / b:.2f}x")


if __name__ == "__main__":
    main()
