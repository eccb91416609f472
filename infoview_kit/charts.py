"""Charts of a contacts frame, with matplotlib's object-oriented API.

Every function takes the canonical frame first and an optional ``ax``, draws only on that Axes
and returns it: ``plot_funnel(contacts, ax=ax)``. Empty or tiny inputs draw an empty chart with
a message, never an exception. Colours come from the Okabe-Ito palette, readable with the
common forms of colour blindness.
"""

from __future__ import annotations

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from . import insights

__all__ = [
    "PALETTE",
    "READABLE",
    "plot_cohort_activity",
    "plot_cohort_rates",
    "plot_funnel",
    "plot_network_growth",
    "plot_referral_tree",
    "plot_response_rates",
    "plot_time_to_response",
    "plot_weekly_activity",
    "referral_tree_size",
]

#: Okabe & Ito's colour-blind-safe palette.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
_MUTED = "#8c8c8c"
#: Matplotlib settings for charts read on a page that may be as narrow as a phone: a chart
#: about 6.5 inches wide, shrunk to 360 pixels, keeps its text about 10 pixels high. Titles sit
#: just above the axes (no chart of the kit has labels there): left to place them itself,
#: matplotlib measures every tick label of the chart on each draw to check.
READABLE = {
    "font.size": 12,
    "axes.titlesize": 13,
    "legend.fontsize": 11,
    "figure.dpi": 100,
    "axes.titley": 1.0,
}
#: ``plot_network_growth(by=...)`` draws this many of the largest groups, the rest as "other".
MAX_GROUP_LINES = 7


def _literal(text: object) -> str:
    """A person's text as matplotlib should show it: every ``$`` literal, never mathtext.

    A source named "Ca$$h Money Podcast" would otherwise be parsed as a formula and fail the
    whole figure.
    """
    return str(text).replace("$", r"\$")


def _axes(ax: Axes | None) -> Axes:
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(7, 4))
    return ax


def _empty(ax: Axes, title: str, message: str) -> Axes:
    ax.set_title(title)
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, color=_MUTED)
    ax.set_xticks([])
    ax.set_yticks([])
    return ax


def plot_funnel(contacts: pd.DataFrame, *, ax: Axes | None = None, as_of=None, **kw) -> Axes:
    """Horizontal bars: listed, contacted, responded, met, thanked (and referrals gained).

    Each bar is labelled with its count and the share it is of the step before, in words
    (:func:`~infoview_kit.insights.funnel_share`).
    """
    ax = _axes(ax)
    title = kw.pop("title", "Outreach funnel")
    if len(contacts) == 0:
        return _empty(ax, title, "No contacts yet")
    stages = insights.funnel(contacts, as_of=as_of)
    positions = np.arange(len(stages))[::-1]
    colours = [PALETTE[0]] * (len(stages) - 1) + [PALETTE[2]]
    bars = ax.barh(positions, stages.to_numpy(), color=colours, **kw)
    ax.set_yticks(positions, [s.capitalize() for s in stages.index])
    top = max(int(stages.max()), 1)
    for bar, stage in zip(bars, stages.index):
        share = insights.funnel_share(stages, stage)
        ax.text(
            bar.get_width() + top * 0.01,
            bar.get_y() + bar.get_height() / 2,
            f"{stages[stage]}" + (f": {share}" if share else ""),
            va="center",
        )
    ax.set_xlim(0, top * 1.75)  # room for the labels; the axis counts only up to the list
    ax.set_xticks([t for t in MaxNLocator(5, integer=True).tick_values(0, top) if t <= top])
    ax.set_xlabel("Contacts")
    ax.set_title(title)
    return ax


def plot_response_rates(
    contacts: pd.DataFrame, *, by: str = "source", as_of=None, ax: Axes | None = None, **kw
) -> Axes:
    """Response rate per group as horizontal bars, with 95% Wilson-interval whiskers.

    Each group's name and its number of requests label the bar on the left, so long names
    never collide; a dot marks each rate, so a rate of 0% shows as a dot on the axis, and the
    rate is written beside it.
    """
    ax = _axes(ax)
    title = kw.pop("title", f"Who answers, by {by.replace('_', ' ')}")
    table = (
        insights.response_rates(contacts, by=by, as_of=as_of) if len(contacts) else pd.DataFrame()
    )
    if table.empty:
        return _empty(ax, title, "No requests sent yet")
    y = np.arange(len(table))[::-1]
    rate = table["rate"].to_numpy(dtype=float)
    errors = np.vstack([rate - table["low"].to_numpy(), table["high"].to_numpy() - rate])
    ax.barh(y, rate, color=PALETTE[0], height=0.6, **kw)
    ax.errorbar(
        rate, y, xerr=errors, fmt="o", color="#333333", ms=4, capsize=3, elinewidth=1, zorder=3
    )
    labels = [f"{_literal(name)} (n={n})" for name, n in zip(table.index, table["contacted"])]
    ax.set_yticks(y, labels)
    for row, (value, high) in enumerate(zip(rate, table["high"].to_numpy())):
        ax.text(high + 0.02, y[row], f"{value:.0%}", va="center")
    ax.set_xlim(0, 1.2)
    ax.set_ylim(-0.6, len(table) - 0.4)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1])
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.set_xlabel("Answered, of those asked (whiskers: likely range)")
    ax.set_title(title)
    return ax


def plot_network_growth(
    contacts: pd.DataFrame,
    *,
    freq: str = "W",
    by: str | None = None,
    as_of=None,
    ax: Axes | None = None,
    **kw,
) -> Axes:
    """Cumulative contacts and meetings over time (or contacts per group with ``by``).

    With more groups than colours, the largest groups are drawn and the others are added up
    in one "other" line; the legend says how many groups that line holds.
    """
    ax = _axes(ax)
    title = kw.pop("title", "Your network over time")
    growth = (
        insights.network_growth(contacts, freq=freq, by=by, as_of=as_of)
        if len(contacts)
        else pd.DataFrame()
    )
    if growth.empty or len(growth) == 0:
        return _empty(ax, title, "No dates to draw yet")
    if by is not None:
        growth = _largest_groups(growth)
    for colour, column in zip(PALETTE, growth.columns):
        ax.step(
            growth.index, growth[column], where="post", color=colour, label=_literal(column), **kw
        )
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel("Cumulative count")
    ax.set_xlabel("")
    ax.legend(frameon=False)
    ax.set_title(title)
    return ax


def _largest_groups(growth: pd.DataFrame, keep: int = MAX_GROUP_LINES) -> pd.DataFrame:
    """The ``keep`` largest groups (by their final count), then one line adding up the rest,
    labelled with how many groups it holds."""
    if growth.shape[1] <= keep + 1:
        return growth
    order = growth.iloc[-1].sort_values(ascending=False, kind="stable").index
    rest = order[keep:]
    shown = growth[order[:keep]].copy()
    shown[f"other ({len(rest)} groups)"] = growth[rest].sum(axis=1)
    return shown


def plot_time_to_response(
    contacts: pd.DataFrame, *, as_of=None, ax: Axes | None = None, **kw
) -> Axes:
    """Histogram of days to reply, with the median and how many never replied."""
    ax = _axes(ax)
    title = kw.pop("title", "Days until they replied")
    times = insights.time_to_response(contacts, as_of=as_of) if len(contacts) else pd.DataFrame()
    if len(times) == 0:
        return _empty(ax, title, "No replies with dates yet")
    days = times["days"].clip(lower=0)
    bins = np.arange(0, max(int(days.max()), 1) + 2) - 0.5
    ax.hist(days, bins=bins, color=PALETTE[0], **kw)
    median = float(days.median())
    ax.axvline(median, color=PALETTE[5], linestyle="--", label=f"median {median:g} days")
    summary = insights.response_time_summary(contacts, as_of=as_of)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("Days from request to reply")
    ax.set_ylabel("Replies")
    ax.legend(frameon=False, title=f"{int(summary['no_reply'])} never replied")
    ax.set_title(title)
    return ax


def plot_weekly_activity(
    contacts: pd.DataFrame, *, goal: int = 5, as_of=None, ax: Axes | None = None, **kw
) -> Axes:
    """Requests sent per week against a weekly goal (a dashed line)."""
    ax = _axes(ax)
    title = kw.pop("title", "Requests sent per week")
    weekly = insights.weekly_outreach(contacts, goal=goal, as_of=as_of) if len(contacts) else None
    if weekly is None or weekly.empty:
        return _empty(ax, title, "No requests sent yet")
    colours = [PALETTE[2] if met else PALETTE[0] for met in weekly["met_goal"]]
    ax.bar(weekly.index, weekly["requests"], width=5, color=colours, **kw)
    ax.axhline(goal, color=PALETTE[5], linestyle="--", label=f"goal: {goal} a week")
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel("Requests")
    ax.legend(frameon=False)
    ax.set_title(title)
    return ax


def referral_layout(
    contacts: pd.DataFrame, *, max_people: int | None = None, as_of=None
) -> pd.DataFrame:
    """Layered positions for the referral tree: node, depth, y; introducers on the left.

    With ``max_people``, the chains with the most people come first and the layout stops at
    that many people. People who introduced each other in a loop are drawn too, starting from
    the first of them in the sheet.
    """
    edges = insights.referral_edges(contacts, as_of=as_of).dropna()
    if edges.empty:
        return pd.DataFrame({"node": [], "depth": [], "y": []})
    children = edges.groupby("referrer", sort=False)["name"].agg(list).to_dict()
    introduced = set(edges["name"])
    roots = [referrer for referrer in children if referrer not in introduced]
    roots.sort(key=lambda root: -_subtree_size(root, children))
    depth: dict[str, int] = {}
    order: list[str] = []
    limit = max_people or float("inf")
    for root in [*roots, *children]:  # then whoever only a loop leads to
        stack = [(root, 0)]
        while stack and len(order) < limit:  # depth-first, so each chain stays together
            node, level = stack.pop()
            if node in depth:
                continue
            depth[node] = level
            order.append(node)
            stack.extend((child, level + 1) for child in reversed(children.get(node, [])))
    layout = pd.DataFrame({"node": order, "depth": [depth[n] for n in order]})
    layout["y"] = -np.arange(len(layout), dtype=float)
    return layout


def _subtree_size(root: str, children: dict) -> int:
    seen, stack = {root}, [root]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in seen:
                seen.add(child)
                stack.append(child)
    return len(seen)


def referral_tree_size(rows: int, width: float = 6.5) -> tuple[float, float]:
    """A figure size (inches) that gives each of ``rows`` people a line of readable text."""
    return width, float(np.clip(0.28 * rows + 1.5, 3.0, 0.28 * 200 + 1.5))


def _tree_paths(layout: pd.DataFrame, edges: pd.DataFrame) -> list[np.ndarray]:
    """One path per introduction. In the tree, an elbow: down from the introducer, then across
    to the person, so no line crosses a name. Any other edge (a loop) is a straight line."""
    position = layout.set_index("node")
    paths = []
    for referrer, name in edges[["referrer", "name"]].itertuples(index=False):
        (x0, y0), (x1, y1) = (
            position.loc[referrer, ["depth", "y"]],
            position.loc[name, ["depth", "y"]],
        )
        if x1 == x0 + 1 and y1 < y0:
            paths.append(np.array([[x0, y0], [x0, y1], [x1, y1]], dtype=float))
        else:
            paths.append(np.array([[x0, y0], [x1, y1]], dtype=float))
    return paths


def plot_referral_tree(
    contacts: pd.DataFrame, *, max_people: int = 200, as_of=None, ax: Axes | None = None, **kw
) -> Axes:
    """Who introduced whom: introducers on the left, the people they led to on the right.

    Each person has a line of their own, so names never overlap; the lines run down from each
    introducer and across to the people they led to. The legend says what the dots' colours
    mean. Without ``ax``, the figure is made tall enough for every name
    (:func:`referral_tree_size`). Beyond ``max_people`` the largest chains are drawn and the
    title says how many people are shown.
    """
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D

    title = kw.pop("title", "Referral tree")
    layout = (
        referral_layout(contacts, max_people=max_people, as_of=as_of)
        if len(contacts)
        else pd.DataFrame()
    )
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=referral_tree_size(len(layout)))
    if layout.empty:
        return _empty(ax, title, "No introductions recorded yet (the referred_by column)")
    every = insights.referral_edges(contacts, as_of=as_of).dropna()
    shown_edges = every["referrer"].isin(layout["node"]) & every["name"].isin(layout["node"])
    paths = _tree_paths(layout, every[shown_edges])
    ax.add_collection(LineCollection(paths, colors=_MUTED, lw=0.8, zorder=1))
    view = insights.as_of_view(contacts, as_of)
    held = view["met_on"] < insights.as_timestamp(as_of) + pd.Timedelta(days=1)
    met = layout["node"].isin(view.loc[held, "name"])
    colours = np.where(met, PALETTE[2], PALETTE[0])
    ax.scatter(layout["depth"], layout["y"], s=kw.pop("s", 24), c=colours, zorder=2, **kw)
    # a name may take three quarters of its line's height, and no more than 11 points
    line_height = ax.get_window_extent().height * 72 / ax.figure.dpi / (len(layout) + 1)
    size = float(np.clip(line_height * 0.75, 3, 11))
    for node, x, y in layout[["node", "depth", "y"]].itertuples(index=False):
        ax.text(x + 0.08, y, str(node), va="center", fontsize=size, parse_math=False)
    ax.set_xlim(-0.3, layout["depth"].max() + 1.6)
    ax.set_ylim(layout["y"].min() - 1, 1)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=8))
    ax.set_xlabel("Introductions away from where you started")
    ax.set_yticks([])
    dot = {"marker": "o", "linestyle": "", "markersize": 6}
    legend = [
        Line2D([], [], color=PALETTE[2], label="you have met them", **dot),
        Line2D([], [], color=PALETTE[0], label="not met yet", **dot),
        Line2D([], [], color=_MUTED, lw=0.8, label="introduced"),
    ]
    ax.legend(
        handles=legend,
        loc="lower left",
        bbox_to_anchor=(0, 1),
        ncols=3,
        frameon=False,
        borderaxespad=0.2,
    )
    total = pd.concat([every["referrer"], every["name"]]).nunique(dropna=False)
    shown = f" ({len(layout)} of {total} people)" if len(layout) < total else ""
    ax.set_title(f"{title}{shown}", pad=26)
    return ax


def plot_cohort_rates(cohort: pd.DataFrame, *, ax: Axes | None = None, **kw) -> Axes:
    """Response rate per participant (a :func:`~infoview_kit.views.cohort_table`), with 95%
    Wilson whiskers and the number of requests under each bar."""
    ax = _axes(ax)
    title = kw.pop("title", "Response rate by participant")
    rows = cohort.dropna(subset=["rate"]) if "rate" in cohort else cohort.iloc[0:0]
    if rows.empty:
        return _empty(ax, title, "No requests sent yet")
    x = np.arange(len(rows))
    rate = rows["rate"].to_numpy(dtype=float)
    errors = np.vstack([rate - rows["low"].to_numpy(float), rows["high"].to_numpy(float) - rate])
    ax.bar(x, rate, color=PALETTE[0], yerr=errors, capsize=3, ecolor="#333333", **kw)
    labels = [f"{_literal(p)}\nn={int(n)}" for p, n in zip(rows["participant"], rows["contacted"])]
    ax.set_xticks(x, labels, rotation=45, ha="right", fontsize=8)
    ax.set_ylim(0, 1.05)
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.set_ylabel("Answered (95% interval)")
    ax.set_title(title)
    return ax


def plot_cohort_activity(cohort: pd.DataFrame, *, ax: Axes | None = None, **kw) -> Axes:
    """Requests, answers and conversations per participant, side by side."""
    ax = _axes(ax)
    title = kw.pop("title", "Outreach by participant")
    rows = cohort.dropna(subset=["contacted"]) if "contacted" in cohort else cohort.iloc[0:0]
    if rows.empty:
        return _empty(ax, title, "No participants with readable sheets")
    x = np.arange(len(rows))
    width = 0.27
    for offset, (column, label, colour) in zip(
        (-width, 0, width),
        (
            ("contacted", "requests", PALETTE[0]),
            ("responded", "answers", PALETTE[1]),
            ("met", "conversations", PALETTE[2]),
        ),
    ):
        ax.bar(x + offset, rows[column].to_numpy(float), width, label=label, color=colour, **kw)
    ax.set_xticks(
        x, [_literal(p) for p in rows["participant"]], rotation=45, ha="right", fontsize=8
    )
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel("Count")
    ax.legend(frameon=False)
    ax.set_title(title)
    return ax


def plot_reply_chances(contacts: pd.DataFrame, *, ax: Axes | None = None, as_of=None, **kw) -> Axes:
    """ "Still worth waiting?": after each number of days without a reply, the chance that a
    reply still comes (Kaplan-Meier, unanswered requests counted as still waiting), with its
    95% interval; where fewer than 10 requests waited that long, the line is dashed."""
    from .waiting import SMALL_SAMPLE, reply_chances

    ax = _axes(ax)
    title = kw.pop("title", "Still worth waiting?")
    table = reply_chances(contacts, as_of=as_of) if len(contacts) else pd.DataFrame()
    table = table.dropna(subset=["chance"]) if len(table) else table
    if len(table) == 0 or table["unanswered"].max() == 0:
        return _empty(ax, title, "No requests sent yet")
    days = table["waited"].to_numpy(float)
    ax.fill_between(
        days,
        table["low"],
        table["high"],
        step="post",
        color=PALETTE[0],
        alpha=0.2,
        label="95% interval",
    )
    enough = (table["unanswered"] >= SMALL_SAMPLE).to_numpy()
    line = table["chance"].to_numpy(float)
    ax.step(
        days,
        np.where(enough, line, np.nan),
        where="post",
        color=PALETTE[0],
        label="chance a reply still comes",
        **kw,
    )
    if not enough.all():
        start = max(int(np.argmin(enough)) - 1, 0) if enough.any() else 0
        few = np.where(np.arange(len(line)) >= start, line, np.nan)
        ax.step(
            days,
            few,
            where="post",
            color=PALETTE[0],
            linestyle="--",
            label=f"fewer than {SMALL_SAMPLE} requests waited this long",
        )
    ax.set_ylim(0, 1.02)
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("Days already waited without a reply")
    ax.set_ylabel("Chance a reply still comes")
    ax.legend(frameon=False)
    ax.set_title(title)
    return ax
