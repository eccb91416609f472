"""infoview-kit: a Jupyter coaching kit for informational interviews.

Read the contacts sheet a job seeker already keeps, see how their network grows and who answers,
plan follow-ups and the questions for the next conversation, and turn it into reports.
"""

from __future__ import annotations

from .charts import (
    plot_funnel,
    plot_network_growth,
    plot_referral_tree,
    plot_response_rates,
    plot_time_to_response,
    plot_weekly_activity,
)
from .contacts import ContactsError, ContactsReport, check_contacts, load_contacts, save_contacts
from .followups import FollowUpRules, follow_ups, write_ics
from .insights import (
    funnel,
    network_growth,
    referral_edges,
    referral_multiplier,
    response_rates,
    response_time_summary,
    responsiveness,
    time_to_response,
    weekly_outreach,
    wilson_interval,
)
from .targets import match_targets

__version__ = "0.1.0"

__all__ = [
    "ContactsError",
    "ContactsReport",
    "FollowUpRules",
    "__version__",
    "check_contacts",
    "follow_ups",
    "funnel",
    "load_contacts",
    "match_targets",
    "network_growth",
    "plot_funnel",
    "plot_network_growth",
    "plot_referral_tree",
    "plot_response_rates",
    "plot_time_to_response",
    "plot_weekly_activity",
    "referral_edges",
    "referral_multiplier",
    "response_rates",
    "response_time_summary",
    "responsiveness",
    "save_contacts",
    "time_to_response",
    "weekly_outreach",
    "wilson_interval",
    "write_ics",
]
