"""Charts of one person's network: the funnel, answers, growth, replies and weekly outreach."""

from __future__ import annotations

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from .. import insights
from .style import PALETTE, _axes, _empty, _literal

__all__ = [
    "plot_funnel",
    "plot_network_growth",
    "plot_reply_chances",
    "plot_response_rates",
    "plot_time_to_response",
    "plot_weekly_activity",
]

#: ``plot_network_growth(by=...)`` draws this many of the largest groups, the rest as "other".
MAX_GROUP_LINES = 7


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
    """Response rate per group as horizontal bars, with 95% Wilson-interval whiskers, the best
    answered on top (as :func:`~infoview_kit.views.rates_in_words` lists them).

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
    table = table.sort_values("rate", ascending=False, kind="stable")  # ties: most asked first
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


def plot_reply_chances(contacts: pd.DataFrame, *, ax: Axes | None = None, as_of=None, **kw) -> Axes:
    """ "Still worth waiting?": after each number of days without a reply, the chance that a
    reply still comes (Kaplan-Meier, unanswered requests counted as still waiting), with its
    95% interval; where fewer than 10 requests waited that long, the line is dashed."""
    from ..waiting import SMALL_SAMPLE, reply_chances

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
