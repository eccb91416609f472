"""infoview-kit: a Jupyter coaching kit for informational interviews.

Read the contacts sheet a job seeker already keeps, see how their network grows and who answers,
plan follow-ups and the questions for the next conversation, keep the record in their own file,
and turn it into reports.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

__version__ = "0.1.0"

# The public names are imported on first use, so that the command line (``--help``, ``check``)
# does not pay for matplotlib and the notebook machinery it does not need.
_LAZY = {
    "plot_funnel": "charts",
    "plot_network_growth": "charts",
    "plot_referral_tree": "charts",
    "plot_reply_chances": "charts",
    "plot_response_rates": "charts",
    "plot_time_to_response": "charts",
    "plot_weekly_activity": "charts",
    "ContactsError": "contacts",
    "ContactsReport": "contacts",
    "check_contacts": "contacts",
    "load_contacts": "contacts",
    "save_contacts": "contacts",
    "FollowUpRules": "followups",
    "follow_ups": "followups",
    "mark_done": "followups",
    "write_ics": "calendar_export",
    "funnel": "insights",
    "network_growth": "insights",
    "referral_edges": "insights",
    "referral_multiplier": "insights",
    "response_rates": "insights",
    "response_time_summary": "insights",
    "responsiveness": "insights",
    "time_to_response": "insights",
    "weekly_outreach": "insights",
    "wilson_interval": "insights",
    "as_of_view": "as_of",
    "Me": "outreach",
    "draft_outreach": "outreach",
    "draft_thanks": "outreach",
    "lint_outreach": "outreach",
    "prep_sheet": "prep",
    "PlanMinutes": "plan",
    "advice_follow_ups": "plan",
    "plan_calendar_items": "plan",
    "plan_markdown": "plan",
    "weekly_plan": "plan",
    "question_bank": "questions",
    "suggest_questions": "questions",
    "match_targets": "targets",
    "Tracker": "tracker",
    "TrackerError": "tracker",
    "open_tracker": "tracker",
    "reply_chance": "waiting",
    "reply_chances": "waiting",
    "with_reply_chances": "waiting",
}

if TYPE_CHECKING:  # pragma: no cover
    from .as_of import (
        as_of_view,
    )
    from .calendar_export import (
        write_ics,
    )
    from .charts import (
        plot_funnel,
        plot_network_growth,
        plot_referral_tree,
        plot_reply_chances,
        plot_response_rates,
        plot_time_to_response,
        plot_weekly_activity,
    )
    from .contacts import (
        ContactsError,
        ContactsReport,
        check_contacts,
        load_contacts,
        save_contacts,
    )
    from .followups import (
        FollowUpRules,
        follow_ups,
        mark_done,
    )
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
    from .outreach import (
        Me,
        draft_outreach,
        draft_thanks,
        lint_outreach,
    )
    from .plan import (
        PlanMinutes,
        advice_follow_ups,
        plan_calendar_items,
        plan_markdown,
        weekly_plan,
    )
    from .prep import prep_sheet
    from .questions import (
        question_bank,
        suggest_questions,
    )
    from .targets import (
        match_targets,
    )
    from .tracker import (
        Tracker,
        TrackerError,
        open_tracker,
    )
    from .waiting import (
        reply_chance,
        reply_chances,
        with_reply_chances,
    )


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'infoview_kit' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "ContactsError",
    "ContactsReport",
    "FollowUpRules",
    "Me",
    "PlanMinutes",
    "Tracker",
    "TrackerError",
    "__version__",
    "advice_follow_ups",
    "as_of_view",
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
    "open_tracker",
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
