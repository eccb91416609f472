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
    "plot_cohort_activity",
    "plot_cohort_rates",
    "plot_funnel",
    "plot_network_growth",
    "plot_referral_tree",
    "plot_response_rates",
    "plot_time_to_response",
    "plot_weekly_activity",
]

#: Okabe & Ito's colour-blind-safe palette.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
_MUTED = "#8c8c8c"
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
    """Horizontal bars: listed, contacted, responded, met, thanked (and referrals gained)."""
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
    for bar, value in zip(bars, stages.to_numpy()):
        share = f" ({value / stages['listed']:.0%})" if stages["listed"] else ""
        ax.text(
            bar.get_width() + top * 0.01,
            bar.get_y() + bar.get_height() / 2,
            f"{value}{share}",
            va="center",
        )
    ax.set_xlim(0, top * 1.25)
    ax.set_xlabel("Contacts")
    ax.set_title(title)
    return ax


def plot_response_rates(
    contacts: pd.DataFrame, *, by: str = "source", as_of=None, ax: Axes | None = None, **kw
) -> Axes:
    """Response rate per group, with 95% Wilson-interval whiskers and n under each bar."""
    ax = _axes(ax)
    title = kw.pop("title", f"Who answers, by {by.replace('_', ' ')}")
    table = (
        insights.response_rates(contacts, by=by, as_of=as_of) if len(contacts) else pd.DataFrame()
    )
    if table.empty:
        return _empty(ax, title, "No requests sent yet")
    x = np.arange(len(table))
    rate = table["rate"].to_numpy()
    errors = np.vstack([rate - table["low"].to_numpy(), table["high"].to_numpy() - rate])
    ax.bar(x, rate, color=PALETTE[0], yerr=errors, capsize=4, ecolor="#333333", **kw)
    labels = [f"{_literal(name)}\nn={n}" for name, n in zip(table.index, table["contacted"])]
    ax.set_xticks(
        x, labels, rotation=30 if len(table) > 5 else 0, ha="right" if len(table) > 5 else "center"
    )
    ax.set_ylim(0, 1.05)
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.set_ylabel("Answered (95% interval)")
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


def plot_referral_tree(
    contacts: pd.DataFrame, *, max_people: int = 200, as_of=None, ax: Axes | None = None, **kw
) -> Axes:
    """Who introduced whom: introducers on the left, the people they led to on the right.

    Labels stay readable up to about 200 people; beyond ``max_people`` the largest chains are
    drawn and the title says how many people are shown.
    """
    from matplotlib.collections import LineCollection

    ax = _axes(ax)
    title = kw.pop("title", "Referral tree")
    layout = (
        referral_layout(contacts, max_people=max_people, as_of=as_of)
        if len(contacts)
        else pd.DataFrame()
    )
    if layout.empty:
        return _empty(ax, title, "No introductions recorded yet (the referred_by column)")
    position = layout.set_index("node")
    every = insights.referral_edges(contacts, as_of=as_of).dropna()
    shown_edges = every["referrer"].isin(position.index) & every["name"].isin(position.index)
    edges = every[shown_edges]
    start = position.loc[edges["referrer"], ["depth", "y"]].to_numpy(dtype=float)
    end = position.loc[edges["name"], ["depth", "y"]].to_numpy(dtype=float)
    ax.add_collection(
        LineCollection(np.stack([start, end], axis=1), colors=_MUTED, lw=0.8, zorder=1)
    )
    view = insights.as_of_view(contacts, as_of)
    held = view["met_on"] < insights.as_timestamp(as_of) + pd.Timedelta(days=1)
    met = layout["node"].isin(view.loc[held, "name"])
    colours = np.where(met, PALETTE[2], PALETTE[0])
    ax.scatter(layout["depth"], layout["y"], s=kw.pop("s", 24), c=colours, zorder=2, **kw)
    size = float(np.clip(200 / max(len(layout), 1) * 2.2, 4, 9))
    for node, x, y in layout[["node", "depth", "y"]].itertuples(index=False):
        ax.text(x + 0.06, y, str(node), va="center", fontsize=size, parse_math=False)
    ax.set_xlim(-0.3, layout["depth"].max() + 1.2)
    ax.set_ylim(layout["y"].min() - 1, 1)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=8))
    ax.set_xlabel("Introductions away from where you started")
    ax.set_yticks([])
    total = pd.concat([every["referrer"], every["name"]]).nunique(dropna=False)
    shown = f", {len(layout)} of {total} people" if len(layout) < total else ""
    ax.set_title(f"{title} (green: met{shown})")
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
