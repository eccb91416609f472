"""The week ahead as a widget: :class:`WeeklyPlanner`.

It only calls :func:`~infoview_kit.weekly_plan`, :func:`~infoview_kit.plan_markdown` and
:func:`~infoview_kit.calendar_export.to_ics`; the downloads are built in memory, in the page.
"""

from __future__ import annotations

import dataclasses
import html
import os

import ipywidgets as w
import pandas as pd
import traitlets

from ._widget_parts import Guarded, classes, download_link
from .calendar_export import to_ics
from .followups import FollowUpRules
from .insights import as_timestamp
from .plan import plan_calendar_items, plan_markdown, plan_summary, weekly_plan

__all__ = ["Settings", "WeeklyPlanner", "plan_list_html"]

LEFT_OVER_SHOWN = 10  # items of "did not fit" listed before "... and N more."
_WHY = "color:#444;overflow-wrap:anywhere"


def _item(item, *, when: str = "") -> str:
    company = item.company if isinstance(item.company, str) and item.company else ""
    who = html.escape(str(item.name)) + (f" ({html.escape(company)})" if company else "")
    action = html.escape(str(item.action)).capitalize()
    return (
        f"<li style='margin:0 0 8px 0'>{when}{action}: <b>{who}</b>, {int(item.minutes)} min"
        f"<br><span style='{_WHY}'>{html.escape(str(item.why))}</span></li>"
    )


def plan_list_html(plan: pd.DataFrame) -> str:
    """A weekly plan as an escaped list, day by day: it reads on a phone as on a desktop.

    The summary line first, then each day with its blocks (start, what, who, minutes, why),
    then what did not fit (the first :data:`LEFT_OVER_SHOWN`, then "... and N more.").
    """
    parts = [f"<p>{html.escape(plan_summary(plan))}</p>"]
    if not len(plan):
        parts.append("<p>Nothing to plan this week.</p>")
    for day, items in plan.groupby("day", sort=False):
        rows = "".join(
            _item(i, when=f"<b>{html.escape(i.start)}</b> &middot; ") for i in items.itertuples()
        )
        parts.append(
            f"<h5 style='margin:12px 0 4px'>{day:%A}\u00a0{day:%d}\u00a0{day:%b}</h5>"
            f"<ul style='padding-left:1.2em;margin:0'>{rows}</ul>"
        )
    left = plan.attrs.get("left_over")
    if left is not None and len(left):
        rows = "".join(_item(i) for i in left.head(LEFT_OVER_SHOWN).itertuples())
        more = len(left) - LEFT_OVER_SHOWN
        parts.append(
            f"<h5 style='margin:12px 0 4px'>Did not fit this week ({len(left)})</h5>"
            f"<ul style='padding-left:1.2em;margin:0'>{rows}</ul>"
            + (f"<p>... and {more} more.</p>" if more > 0 else "")
        )
    return f"<div class='ivk-plan'>{''.join(parts)}</div>"


class WeeklyPlanner(Guarded):
    """Plan the seven days from ``as_of`` in the time you have, and take the plan away.

    Parameters
    ----------
    contacts
        The canonical frame.
    as_of
        The first day of the plan (default today).
    targets
        Your target employers, as :func:`~infoview_kit.weekly_plan` takes them.
    minutes, weekly_goal
        Where the two number boxes start.
    rules
        When follow-ups fall due (:class:`~infoview_kit.followups.FollowUpRules`).

    Attributes
    ----------
    minutes, weekly_goal
        The controls (BoundedIntText, BoundedIntText); changing either plans the week again.
    plan
        The plan on show (:func:`~infoview_kit.weekly_plan`'s DataFrame).
    table, downloads
        The plan as an escaped list, day by day (see :func:`plan_list_html`), and links to it
        as Markdown and as a calendar.
    """

    def __init__(
        self,
        contacts: pd.DataFrame,
        *,
        as_of: object = None,
        targets: pd.DataFrame | str | os.PathLike | None = None,
        minutes: int = 120,
        weekly_goal: int = 5,
        rules: FollowUpRules | None = None,
    ):
        self.contacts = contacts
        self.as_of = as_timestamp(as_of)
        self.rules = rules
        self.targets = targets
        self.plan = pd.DataFrame()
        self._init_error()
        self.minutes = w.BoundedIntText(
            value=minutes,
            min=15,
            max=600,
            step=15,
            description="Minutes you have",
            tooltip="The time you have for networking this week",
            style={"description_width": "150px"},
            layout=w.Layout(width="240px"),
        )
        self.weekly_goal = w.BoundedIntText(
            value=weekly_goal,
            min=0,
            max=50,
            description="New requests",
            tooltip="How many new people to ask this week",
            style={"description_width": "150px"},
            layout=w.Layout(width="240px"),
        )
        self.heading = w.HTML()
        self.table = w.HTML(layout=w.Layout(width="100%"))
        self.downloads = w.HTML()
        self._on(self.minutes, self.refresh)
        self._on(self.weekly_goal, self.refresh)
        super().__init__(
            children=[
                self.heading,
                self.minutes,
                self.weekly_goal,
                self.table,
                self.downloads,
                self.error,
            ]
        )
        classes(self, "ivk-week", table=self.table, downloads=self.downloads)
        self._safely(self.refresh)

    def set_contacts(self, contacts: pd.DataFrame) -> None:
        """Plan again from ``contacts`` (after a change to the record)."""
        self.contacts = contacts
        self._safely(self.refresh)

    def refresh(self) -> None:
        """Plan the week with the boxes' values and show it, with its downloads."""
        self.plan = weekly_plan(
            self.contacts,
            minutes=self.minutes.value,
            as_of=self.as_of,
            targets=self.targets,
            weekly_goal=self.weekly_goal.value,
            rules=self.rules,
        )
        self.heading.value = f"<h4>Your week from {self.as_of:%A %d %B %Y}</h4>"
        self.table.value = plan_list_html(self.plan)
        page = plan_markdown(self.plan).encode("utf-8")
        calendar = to_ics(plan_calendar_items(self.plan))
        self.downloads.value = (
            download_link(page, "weekly_plan.md", "Save this plan as a page (.md)", "text/markdown")
            + " &middot; "
            + download_link(
                calendar, "weekly_plan.ics", "Add it to your calendar (.ics)", "text/calendar"
            )
        )


class Settings(w.VBox):
    """The day to plan from, the weekly goal and the follow-up rules, in plain words.

    Attributes
    ----------
    as_of, weekly_goal
        A DatePicker and a BoundedIntText.
    rule_fields
        One BoundedIntText per rule of :class:`~infoview_kit.followups.FollowUpRules`
        shown; :attr:`rules` is the rules they make.
    version
        Grows with every change, for the app to follow.
    """

    version = traitlets.Int(0)
    _RULES = (
        ("thank_you_days", "Thank them within (days)"),
        ("follow_up_business_days", "Follow up after (working days)"),
        ("try_someone_else_business_days", "Ask someone else after (working days)"),
        ("keep_in_touch_days", "Keep in touch every (days)"),
        ("let_rest_days", "Let a request rest after (days)"),
    )

    def __init__(self, *, as_of: object = None, weekly_goal: int = 5, rules=None):
        rules = rules or FollowUpRules()
        style = {"description_width": "270px"}
        self.as_of = w.DatePicker(
            value=as_timestamp(as_of).date(), description="Plan as of", style=style
        )
        self.weekly_goal = w.BoundedIntText(
            value=weekly_goal,
            min=0,
            max=50,
            description="New requests a week",
            style=style,
        )
        self.rule_fields = {
            name: w.BoundedIntText(
                value=getattr(rules, name),
                min=0,
                max=365,
                description=label,
                style=style,
            )
            for name, label in self._RULES
        }
        for control in (self.as_of, self.weekly_goal, *self.rule_fields.values()):
            control.observe(self._changed, names="value")
        super().__init__(
            [
                w.HTML("<b>Your week</b>"),
                self.as_of,
                self.weekly_goal,
                w.HTML("<b>When follow-ups fall due</b> (the guides' defaults)"),
                *self.rule_fields.values(),
            ]
        )
        self.add_class("ivk-settings")

    @property
    def rules(self) -> FollowUpRules:
        values = {name: int(field.value or 0) for name, field in self.rule_fields.items()}
        return dataclasses.replace(FollowUpRules(), **values)

    def _changed(self, change) -> None:
        if change["new"] is not None:
            self.version += 1
