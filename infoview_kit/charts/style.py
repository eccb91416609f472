"""What every chart of the kit shares: colours, text sizes, and the empty chart."""

from __future__ import annotations

from matplotlib.axes import Axes

__all__ = ["PALETTE", "READABLE"]

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
