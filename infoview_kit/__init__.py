"""infoview-kit: a Jupyter coaching kit for informational interviews.

Read the contacts sheet a job seeker already keeps, see how their network grows and who answers,
plan follow-ups and the questions for the next conversation, and turn it into reports.
"""

from __future__ import annotations

from .charts import (
    plot_funnel,
    plot_network_growth,
    plot_referral_tree,
    plot_reply_chances,
    plot_response_rates,
    plot_time_to_response,
    plot_weekly_activity,
)
from .contacts import ContactsError, ContactsReport, check_contacts, load_contacts, save_contacts
from .followups import FollowUpRules, follow_ups, mark_done, write_ics
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
from .outreach import Me, draft_outreach, draft_thanks, lint_outreach, prep_sheet
from .plan import PlanMinutes, advice_follow_ups, plan_calendar_items, plan_markdown, weekly_plan
from .questions import question_bank, suggest_questions
from .targets import match_targets
from .waiting import reply_chance, reply_chances, with_reply_chances

__version__ = "0.1.0"

__all__ = [
    "ContactsError",
    "ContactsReport",
    "FollowUpRules",
    "Me",
    "PlanMinutes",
    "__version__",
    "advice_follow_ups",
    "check_contacts",
    "draft_outreach",
    "draft_thanks",
    "follow_ups",
    "funnel",
    "lint_outreach",
    "load_contacts",
    "mark_done",
    "match_targets",
    "network_growth",
    "plan_calendar_items",
    "plan_markdown",
    "plot_funnel",
    "plot_network_growth",
    "plot_referral_tree",
    "plot_reply_chances",
    "plot_response_rates",
    "plot_time_to_response",
    "plot_weekly_activity",
    "prep_sheet",
    "question_bank",
    "referral_edges",
    "referral_multiplier",
    "reply_chance",
    "reply_chances",
    "response_rates",
    "response_time_summary",
    "responsiveness",
    "save_contacts",
    "suggest_questions",
    "time_to_response",
    "weekly_outreach",
    "weekly_plan",
    "wilson_interval",
    "with_reply_chances",
    "write_ics",
]
