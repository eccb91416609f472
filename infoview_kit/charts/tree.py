"""The referral tree: who introduced whom, one line per person."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from .. import insights
from .style import _MUTED, PALETTE, _empty

__all__ = ["plot_referral_tree", "referral_layout", "referral_tree_size"]


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
