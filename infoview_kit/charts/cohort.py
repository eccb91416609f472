"""Charts of a cohort for its coach: one bar per participant."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from .style import PALETTE, _axes, _empty, _literal

__all__ = ["plot_cohort_activity", "plot_cohort_rates"]


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
