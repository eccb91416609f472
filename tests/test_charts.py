"""Charts: what was drawn (bar heights, labels), and no exception on any size of input."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes

from infoview_kit import (
    funnel,
    plot_funnel,
    plot_network_growth,
    plot_referral_tree,
    plot_response_rates,
    plot_time_to_response,
    plot_weekly_activity,
    response_rates,
)
from infoview_kit.charts import PALETTE
from infoview_kit.sample import make_contacts

from .conftest import build

CHARTS = [
    plot_funnel,
    plot_response_rates,
    plot_network_growth,
    plot_time_to_response,
    plot_weekly_activity,
    plot_referral_tree,
]


@pytest.fixture(scope="module")
def sample():
    return make_contacts(150, seed=0)


def test_funnel_bars_are_the_funnel(sample):
    fig, ax = plt.subplots()
    assert plot_funnel(sample, ax=ax, as_of="2026-11-01") is ax
    widths = [p.get_width() for p in ax.patches]
    assert widths == funnel(sample, as_of="2026-11-01").tolist()
    ticks = sorted(zip(ax.get_yticks(), [t.get_text() for t in ax.get_yticklabels()]))
    top_to_bottom = [label for _, label in reversed(ticks)]
    assert top_to_bottom == ["Listed", "Contacted", "Responded", "Met", "Thanked", "Referrals"]
    stages = funnel(sample, as_of="2026-11-01")
    labels = [t.get_text() for t in ax.texts]
    # each share says what it is a share of: the step before, not the whole list
    responded = stages["responded"] / stages["contacted"]
    assert labels[0] == "150"
    assert labels[2] == f"{stages['responded']}: {responded:.0%} of those you asked"
    assert labels[5].endswith("of your list")
    assert all(float(t).is_integer() for t in ax.get_xticks())


def test_response_rate_bars_whiskers_and_n(sample):
    fig, ax = plt.subplots()
    plot_response_rates(sample, by="channel", ax=ax)
    # the best answered on top, as the report's sentences list them
    table = response_rates(sample, by="channel").sort_values("rate", ascending=False)
    assert not table["rate"].duplicated().any()  # a test of order needs distinct rates
    widths = [p.get_width() for p in ax.patches]
    np.testing.assert_allclose(widths, table["rate"].to_numpy())
    ticks = sorted(zip(ax.get_yticks(), [t.get_text() for t in ax.get_yticklabels()]))
    top_to_bottom = [label for _, label in reversed(ticks)]
    assert top_to_bottom == [f"{g} (n={n})" for g, n in zip(table.index, table["contacted"])]
    from matplotlib.container import ErrorbarContainer

    (errorbar,) = [c for c in ax.containers if isinstance(c, ErrorbarContainer)]
    segments = errorbar.lines[2][0].get_segments()
    np.testing.assert_allclose([s[0][0] for s in segments], table["low"].to_numpy())
    np.testing.assert_allclose([s[1][0] for s in segments], table["high"].to_numpy())
    assert ax.patches[0].get_facecolor()[:3] == pytest.approx(
        tuple(int(PALETTE[0][i : i + 2], 16) / 255 for i in (1, 3, 5))
    )
    assert [t.get_text() for t in ax.texts] == [f"{r:.0%}" for r in table["rate"]]


def test_a_rate_of_zero_shows_a_dot_and_its_percentage():
    contacts = build(
        *({"name": f"C{i}", "source": "cold", "contacted_on": "2026-10-01"} for i in range(4)),
        {"name": "Al", "source": "alumni", "contacted_on": "2026-10-01", "responded": True},
    )
    fig, ax = plt.subplots()
    plot_response_rates(contacts, by="source", as_of="2026-11-01", ax=ax)
    from matplotlib.container import ErrorbarContainer

    (errorbar,) = [c for c in ax.containers if isinstance(c, ErrorbarContainer)]
    dots = errorbar.lines[0]
    assert dots.get_marker() == "o" and 0.0 in list(dots.get_xdata())
    assert "0%" in [t.get_text() for t in ax.texts]


def _overlapping_texts(ax) -> list[tuple[str, str]]:
    """Pairs of drawn texts (labels, ticks, titles, legend) whose boxes overlap."""
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    texts = [*ax.texts, *ax.get_xticklabels(), *ax.get_yticklabels(), ax.title]
    if ax.get_legend():
        texts += ax.get_legend().get_texts()
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in texts if t.get_text()]
    return [
        (a, b)
        for i, (a, box) in enumerate(boxes)
        for b, other in boxes[i + 1 :]
        if box.overlaps(other)
    ]


def test_referral_tree_names_and_source_labels_do_not_overlap(sample):
    ax = plot_referral_tree(sample, as_of="2026-11-01")
    assert len(ax.texts) > 30
    assert _overlapping_texts(ax) == []
    assert min(t.get_fontsize() for t in ax.texts) >= 8
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["you have met them", "not met yet", "introduced"]
    fig, ax = plt.subplots(figsize=(6.5, 3.8))
    plot_response_rates(sample, by="source", ax=ax)
    assert _overlapping_texts(ax) == []


def test_count_axes_have_whole_numbers_only():
    contacts = build(
        {"name": "A", "contacted_on": "2026-10-01", "responded_on": "2026-10-03"},
        {"name": "B", "contacted_on": "2026-10-01", "responded_on": "2026-10-04"},
    )
    for chart, axis in (
        (plot_time_to_response, "both"),
        (plot_weekly_activity, "y"),
        (plot_network_growth, "y"),
        (plot_funnel, "x"),
    ):
        fig, ax = plt.subplots()
        chart(contacts, ax=ax, as_of="2026-11-01")
        fig.canvas.draw()
        ticks = []
        if axis in ("x", "both"):
            ticks += list(ax.get_xticks())
        if axis in ("y", "both"):
            ticks += list(ax.get_yticks())
        assert all(float(t).is_integer() for t in ticks), (chart.__name__, ticks)


def test_network_growth_lines_end_at_the_totals(sample):
    fig, ax = plt.subplots()
    plot_network_growth(sample, ax=ax)
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert lines["contacts"].get_ydata()[-1] == 150
    assert lines["meetings"].get_ydata()[-1] == sample["met_on"].notna().sum()
    assert ax.get_title() and ax.get_ylabel()


def test_time_to_response_histogram_counts_replies(sample):
    fig, ax = plt.subplots()
    plot_time_to_response(sample, ax=ax)
    replies = (sample["responded_on"].notna() & sample["contacted_on"].notna()).sum()
    assert sum(p.get_height() for p in ax.patches) == replies
    assert "never replied" in ax.get_legend().get_title().get_text()


def test_weekly_activity_bars_and_goal(sample):
    fig, ax = plt.subplots()
    plot_weekly_activity(sample, goal=4, as_of="2026-11-01", ax=ax)
    assert sum(p.get_height() for p in ax.patches) == sample["contacted_on"].notna().sum()
    goal = [line for line in ax.get_lines() if line.get_linestyle() == "--"]
    assert goal and goal[0].get_ydata()[0] == 4


def test_referral_tree_labels_every_person_in_a_chain():
    frame = build(
        {"name": "Bo", "referred_by": "Cy", "met_on": "2024-03-08"},
        {"name": "Di", "referred_by": "Bo"},
        {"name": "Cy", "referred_by": "Prof. Ruiz", "met_on": "2024-02-01"},
    )
    fig, ax = plt.subplots()
    plot_referral_tree(frame, ax=ax)
    labels = {t.get_text() for t in ax.texts}
    assert labels == {"Prof. Ruiz", "Cy", "Bo", "Di"}
    depth = {t.get_text(): round(t.get_position()[0]) for t in ax.texts}
    assert depth == {"Prof. Ruiz": 0, "Cy": 1, "Bo": 2, "Di": 3}
    (lines,) = ax.collections[:1]
    assert len(lines.get_segments()) == 3  # one line per introduction


@pytest.mark.parametrize("chart", CHARTS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("size", [0, 1, 10_000])
def test_every_chart_draws_any_size(chart, size):
    frame = build() if size == 0 else make_contacts(size, seed=size)
    fig, ax = plt.subplots()
    assert isinstance(chart(frame, ax=ax), Axes)
    fig.canvas.draw()  # really render it
    assert ax.get_title()
    if size == 0:
        assert any(t.get_text() for t in ax.texts), "an empty chart says why"


def test_charts_make_their_own_axes_when_none_given(sample):
    ax = plot_funnel(sample)
    assert isinstance(ax, Axes)


def test_referral_tree_beyond_200_people_shows_the_largest_chains():
    frame = make_contacts(600, seed=3)
    everyone = set(frame["referred_by"].dropna()) | set(
        frame.loc[frame["referred_by"].notna(), "name"]
    )
    assert len(everyone) > 200
    fig, ax = plt.subplots(figsize=(8, 30))
    plot_referral_tree(frame, ax=ax)
    assert len(ax.texts) == 200
    assert min(t.get_fontsize() for t in ax.texts) >= 4
    assert f"200 of {len(everyone)} people" in ax.get_title()
    # the first chain drawn is the largest one
    first_root = ax.texts[0].get_text()
    sizes = frame.groupby("referred_by").size()
    assert first_root in set(frame["referred_by"].dropna())
    assert sizes.get(first_root, 0) >= 1


def test_pandas_not_mutated(sample):
    before = sample.copy()
    for chart in CHARTS:
        chart(sample)
    pd.testing.assert_frame_equal(sample, before)


def test_network_growth_by_company_shows_the_largest_and_adds_up_the_rest():
    rows = []
    for number in range(20):  # company 0 has 20 people, company 19 has 1
        for person in range(20 - number):
            rows.append(
                {
                    "name": f"P{number}-{person}",
                    "company": f"Company {number:02d}",
                    "added_on": f"2024-03-{1 + person % 20:02d}",
                }
            )
    frame = build(*rows)
    fig, ax = plt.subplots()
    plot_network_growth(frame, by="company", freq="D", as_of="2024-04-01", ax=ax)
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert labels[:7] == [f"Company {number:02d}" for number in range(7)]
    assert labels[7] == "other (13 groups)"  # said in the legend
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert len(lines) == 8
    assert lines["other (13 groups)"].get_ydata()[-1] == sum(range(1, 14))
    assert sum(line.get_ydata()[-1] for line in lines.values()) == len(frame)  # nobody lost


def test_referral_tree_draws_both_people_of_a_loop():
    frame = build(
        {"name": "Ann", "referred_by": "bo "},  # Bo introduced Ann, Ann introduced Bo
        {"name": "Bo", "referred_by": "ANN"},
        {"name": "Cy", "referred_by": "Prof. Ruiz"},  # a chain with a root of its own
    )
    fig, ax = plt.subplots()
    plot_referral_tree(frame, ax=ax)
    assert {t.get_text() for t in ax.texts} == {"Ann", "Bo", "Prof. Ruiz", "Cy"}
    (lines,) = ax.collections[:1]
    assert len(lines.get_segments()) == 3  # Bo-Ann, Ann-Bo and Prof. Ruiz-Cy


HOSTILE = ["Ca$$h Money Podcast", "$x$ and $", r"back\slash_under", "<script>x</script>", "{{ }}"]


@pytest.mark.parametrize("chart", CHARTS, ids=lambda f: f.__name__)
def test_every_chart_shows_a_persons_text_literally(sample, chart):
    frame = sample.copy()
    for column in ("name", "company", "referred_by"):
        values = frame[column].astype("str")
        frame[column] = values.where(values.index % 5 != 0, HOSTILE[0] + " " + values)
    sources = [HOSTILE[i % len(HOSTILE)] for i in range(len(frame))]
    frame["source"] = pd.Categorical(sources)
    fig, ax = plt.subplots()
    chart(frame, ax=ax, **({"by": "source"} if chart is plot_network_growth else {}))
    fig.canvas.draw()  # mathtext would fail here on "Ca$$h"
    shown = [t.get_text() for t in ax.texts] + [t.get_text() for t in ax.get_xticklabels()]
    shown += [t.get_text() for t in ax.get_yticklabels()]
    if ax.get_legend():
        shown += [t.get_text() for t in ax.get_legend().get_texts()]
    rendered = "\n".join(t.replace("\\$", "$") for t in shown)
    if chart in (plot_response_rates, plot_network_growth):
        assert "Ca$$h Money Podcast" in rendered and "$x$ and $" in rendered
