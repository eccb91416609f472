"""Charts of a contacts frame, with matplotlib's object-oriented API.

Every function takes the canonical frame first and an optional ``ax``, draws only on that Axes
and returns it: ``plot_funnel(contacts, ax=ax)``. Empty or tiny inputs draw an empty chart with
a message, never an exception. Colours come from the Okabe-Ito palette, readable with the
common forms of colour blindness.
"""

from __future__ import annotations

from .cohort import plot_cohort_activity, plot_cohort_rates
from .network import (
    plot_funnel,
    plot_network_growth,
    plot_reply_chances,
    plot_response_rates,
    plot_time_to_response,
    plot_weekly_activity,
)
from .style import PALETTE, READABLE
from .tree import plot_referral_tree, referral_layout, referral_tree_size

__all__ = [
    "PALETTE",
    "READABLE",
    "plot_cohort_activity",
    "plot_cohort_rates",
    "plot_funnel",
    "plot_network_growth",
    "plot_referral_tree",
    "plot_reply_chances",
    "plot_response_rates",
    "plot_time_to_response",
    "plot_weekly_activity",
    "referral_layout",
    "referral_tree_size",
]
