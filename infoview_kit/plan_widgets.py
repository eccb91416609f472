"""The week ahead as a widget: :class:`WeeklyPlanner`.

It only calls :func:`~infoview_kit.weekly_plan`, :func:`~infoview_kit.plan_markdown` and
:func:`~infoview_kit.calendar_export.to_ics`; the downloads are built in memory, in the page.
"""

from __future__ import annotations

import os

import ipywidgets as w
import pandas as pd

from ._widget_parts import STYLE, Guarded, classes, download_link
from .calendar_export import to_ics
from .insights import as_timestamp
from .plan import plan_calendar_items, plan_markdown, weekly_plan
from .views import plan_table

__all__ = ["WeeklyPlanner"]


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
        Where the sliders start.

    Attributes
    ----------
    minutes, weekly_goal
        The controls (IntSlider, IntSlider); changing either plans the week again.
    plan
        The plan on show (:func:`~infoview_kit.weekly_plan`'s DataFrame).
    table, downloads
        The plan as an escaped HTML table, and links to it as Markdown and as a calendar.
    """

    def __init__(
        self,
        contacts: pd.DataFrame,
        *,
        as_of: object = None,
        targets: pd.DataFrame | str | os.PathLike | None = None,
        minutes: int = 120,
        weekly_goal: int = 5,
    ):
        self.contacts = contacts
        self.as_of = as_timestamp(as_of)
        self.targets = targets
        self.plan = pd.DataFrame()
        self._init_error()
        self.minutes = w.IntSlider(
            value=minutes,
            min=15,
            max=600,
            step=15,
            description="Minutes",
            tooltip="The time you have for networking this week",
            style=STYLE,
            continuous_update=False,
        )
        self.weekly_goal = w.IntSlider(
            value=weekly_goal,
            min=0,
            max=20,
            description="New requests",
            tooltip="How many new people to ask this week",
            style=STYLE,
            continuous_update=False,
        )
        self.heading = w.HTML()
        self.table = w.HTML(layout=w.Layout(max_height="480px", overflow="auto", width="100%"))
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
        """Plan the week with the sliders' values and show it, with its downloads."""
        self.plan = weekly_plan(
            self.contacts,
            minutes=self.minutes.value,
            as_of=self.as_of,
            targets=self.targets,
            weekly_goal=self.weekly_goal.value,
        )
        self.heading.value = f"<h4>Your week from {self.as_of:%A %d %B %Y}</h4>"
        self.table.value = plan_table(self.plan).body
        page = plan_markdown(self.plan).encode("utf-8")
        calendar = to_ics(plan_calendar_items(self.plan))
        self.downloads.value = (
            download_link(page, "weekly_plan.md", "Plan (.md)", "text/markdown")
            + " &nbsp; "
            + download_link(calendar, "weekly_plan.ics", "Calendar blocks (.ics)", "text/calendar")
        )
