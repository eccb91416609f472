"""Next week's plan, fitted to the time the person has.

What goes in, in this order, as the guides (and the 2-Hour Job Search) put it:

1. thank-yous due within a day, and the conversations coming up to prepare for;
2. 3B7 per employer: no reply after 3 business days, ask someone else there; after 7, one
   polite follow-up; an employer where someone has answered is no longer chased;
3. telling referrers how it went, and telling people what you did with their advice;
4. keeping in touch with people at target employers who have gone quiet (at most five a
   week, most overdue first; the rest wait for a later week);
5. new requests toward the weekly goal: people at target employers first, and for a target
   employer with nobody on the list yet, who could introduce you;
6. catching up: thank-yous and words to referrers owed for more than two weeks. They are
   still worth a short note, but an old gap does not take the place of new outreach.

Each item has an estimate of minutes (:class:`PlanMinutes`, yours to change); items go to the
first planned day with room, in that order, until the week's minutes are used.

>>> plan = weekly_plan(contacts, minutes=120, as_of="2026-11-01")   # doctest: +SKIP
>>> print(plan_markdown(plan))                                     # doctest: +SKIP
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path

import numpy as np
import pandas as pd

from ._plan_items import candidates
from .advice import advice_follow_ups
from .as_of import as_timestamp
from .followups import FollowUpRules
from .prep import md_escape

__all__ = [
    "PLAN_COLUMNS",
    "PlanMinutes",
    "advice_follow_ups",
    "plan_calendar_items",
    "plan_markdown",
    "plan_summary",
    "weekly_plan",
]

PLAN_COLUMNS = ["day", "start", "minutes", "action", "name", "company", "why"]
#: The plan's actions that are new requests, counted toward the weekly goal.
REQUEST_ACTIONS = [
    "ask for a conversation",
    "ask for an introduction",
    "find a first contact",
    "try someone else at the employer",
]


@dataclass(frozen=True)
class PlanMinutes:
    """How long each kind of item takes, in minutes: honest estimates you can change.

    Attributes
    ----------
    thank_you
        Writing a specific thank-you note.
    request
        Finding the right person and writing a request (or asking for an introduction).
    follow_up
        A short follow-up, a keep-in-touch note or telling a referrer.
    prepare
        Preparing for a conversation: research, questions, your introduction.
    """

    thank_you: int = 10
    request: int = 15
    follow_up: int = 5
    prepare: int = 30

    @classmethod
    def of(cls, value: PlanMinutes | Mapping[str, int] | None) -> PlanMinutes:
        if value is None or isinstance(value, PlanMinutes):
            return value or cls()
        known = {f.name for f in fields(cls)}
        unknown = set(value) - known
        if unknown:
            raise ValueError(
                f"Unknown kind of item: {', '.join(sorted(unknown))}; "
                f"the kinds are {', '.join(sorted(known))}."
            )
        return cls(**{k: int(v) for k, v in value.items()})


def weekly_plan(
    contacts: pd.DataFrame,
    *,
    minutes: int = 120,
    as_of: object = None,
    targets: pd.DataFrame | str | os.PathLike | None = None,
    weekly_goal: int = 5,
    estimates: PlanMinutes | Mapping[str, int] | None = None,
    start: str = "09:00",
    weekmask: str = "Mon Tue Wed Thu Fri",
    events: pd.DataFrame | None = None,
    rules: FollowUpRules | None = None,
) -> pd.DataFrame:
    """Plan the week from ``as_of``: what to do, with whom, on which day, for how long.

    Parameters
    ----------
    contacts
        The canonical frame.
    minutes
        The time you have this week. Each day gets an even share (at least the longest item),
        and the week no more than ``minutes`` in all.
    as_of
        The first day of the plan (default today); the plan covers the seven days from it.
    targets
        Your target employers (the LAMP list, as for :func:`~infoview_kit.match_targets`).
    weekly_goal
        New requests to make this week, counting those already made in it.
    estimates
        Minutes per kind of item (:class:`PlanMinutes` or a mapping, e.g. ``{"request": 20}``).
    start
        The time each day's block starts ("HH:MM").
    weekmask
        The days you work on it (numpy's weekmask, e.g. "Mon Wed Fri").
    events
        Logged events (name, event, on, note), for advice noted in ``note`` events.
    rules
        The follow-up rules (:class:`~infoview_kit.FollowUpRules`, e.g. with holidays); every
        meeting in the week gets a preparation item whatever its ``prepare_days``.

    Returns
    -------
    DataFrame with columns day, start ("HH:MM"), minutes, action, name, company, why; in
    order of day and start. What did not fit is in ``.attrs["left_over"]`` (same columns,
    without day and start).
    """
    today = as_timestamp(as_of)
    est = PlanMinutes.of(estimates)
    days = _plan_days(today, weekmask)
    items = candidates(
        contacts, today, est, targets=targets, weekly_goal=weekly_goal, events=events, rules=rules
    )
    plan = _schedule(items, days, minutes, start)
    plan.attrs.update(minutes=int(minutes), weekly_goal=int(weekly_goal))
    return plan


def _plan_days(today: pd.Timestamp, weekmask: str) -> list[pd.Timestamp]:
    week = pd.date_range(today, periods=7, freq="D", unit="ns")
    on = np.is_busday(week.values.astype("datetime64[D]"), weekmask=weekmask)
    return list(week[on])


def _schedule(items: pd.DataFrame, days: list, minutes: int, start: str) -> pd.DataFrame:
    """Put each item, in order, on the first day from its earliest (and by its latest, when
    it has one) with room left; what fits nowhere is left over."""
    longest = int(items["minutes"].max()) if len(items) else 0
    per_day = max(5 * math.ceil(minutes / max(len(days), 1) / 5), longest)
    used = dict.fromkeys(days, 0)
    total, placed, left = 0, [], []
    for item in items.itertuples():
        if item.held or total + item.minutes > minutes:  # held back, or the week is full
            left.append(item.Index)
            continue
        fits = [
            d
            for d in days
            if d >= item.earliest
            and (pd.isna(item.latest) or d <= item.latest)
            and used[d] + item.minutes <= per_day
        ]
        if not fits:
            left.append(item.Index)
            continue
        day = fits[0]
        placed.append((day, used[day], item))
        used[day] += item.minutes
        total += item.minutes
    begin = pd.Timedelta(start + ":00")
    rows = [
        {
            "day": day,
            "start": _clock(begin + pd.Timedelta(minutes=offset)),
            "minutes": item.minutes,
            "action": item.action,
            "name": item.name,
            "company": item.company,
            "why": item.why,
        }
        for day, offset, item in placed
    ]
    plan = _typed(pd.DataFrame(rows, columns=PLAN_COLUMNS))
    plan = plan.sort_values(["day", "start"], kind="stable").reset_index(drop=True)
    plan.attrs["left_over"] = items.loc[left, PLAN_COLUMNS[2:]].reset_index(drop=True)
    return plan


def _clock(offset: pd.Timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _typed(plan: pd.DataFrame) -> pd.DataFrame:
    return plan.astype(
        {
            "day": "datetime64[ns]",
            "start": "str",
            "minutes": "int64",
            "action": "str",
            "name": "str",
            "company": "str",
            "why": "str",
        }
    )


def plan_markdown(plan: pd.DataFrame, path: str | os.PathLike | None = None) -> str:
    """The plan as a Markdown page: a table per day, then what did not fit.

    Parameters
    ----------
    plan
        :func:`weekly_plan`'s output.
    path
        Where to write the page (UTF-8), if anywhere.

    Returns
    -------
    str
        The Markdown. Text from the sheet is escaped, so a name cannot add links or HTML.
    """
    e = md_escape
    if len(plan):
        first = pd.Timestamp(plan["day"].iloc[0])
        lines = [f"# Your plan for the week of {_long_day(first)}", ""]
    else:
        lines = ["# Your plan for the week", "", "Nothing planned.", ""]
    lines += [plan_summary(plan), ""]
    for day, items in plan.groupby("day", sort=True):
        lines += [f"## {_long_day(pd.Timestamp(day))}", ""]
        lines += ["| Time | Minutes | What | Who | Why |", "|---|---|---|---|---|"]
        for item in items.itertuples(index=False):
            who = e(item.name) + (f" ({e(item.company)})" if pd.notna(item.company) else "")
            lines.append(
                f"| {item.start} | {item.minutes} | {e(item.action).capitalize()} | {who} "
                f"| {e(item.why)} |"
            )
        lines.append("")
    left = plan.attrs.get("left_over")
    if left is not None and len(left):
        lines += ["## Did not fit this week", ""]
        for item in left.itertuples(index=False):
            who = e(item.name) if pd.notna(item.name) else e(item.company)
            lines.append(f"- {e(item.action).capitalize()}: {who} ({item.minutes} min)")
        lines.append("")
    text = "\n".join(lines)
    if path is not None:
        Path(path).write_text(text, encoding="utf-8")
    return text


def plan_summary(plan: pd.DataFrame) -> str:
    """The plan in one sentence, as the report and the Markdown page open with it.

    For example "95 of 120 minutes planned; new requests: 3 planned toward your goal of 5
    (2 did not fit)."
    """
    used, total = int(plan["minutes"].sum()), plan.attrs.get("minutes")
    text = f"{used} minutes planned" if total is None else f"{used} of {total} minutes planned"
    left = plan.attrs.get("left_over")
    asks = int(plan["action"].isin(REQUEST_ACTIONS).sum())
    waiting = int(left["action"].isin(REQUEST_ACTIONS).sum()) if left is not None else 0
    if "weekly_goal" in plan.attrs:
        text += f"; new requests: {asks} planned toward your goal of {plan.attrs['weekly_goal']}"
        text += f" ({waiting} did not fit)" if waiting else ""
    return text + "."


def _long_day(day: pd.Timestamp) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def plan_calendar_items(plan: pd.DataFrame) -> pd.DataFrame:
    """The plan as the rows :func:`~infoview_kit.write_ics` takes, one per block.

    Parameters
    ----------
    plan
        :func:`weekly_plan`'s output.

    Returns
    -------
    DataFrame with columns name, company, action, due (the block's start, day and time),
    reason (the plan's why), overdue (False), minutes and end (the block's end).
    """
    due = plan["day"] + pd.to_timedelta(plan["start"] + ":00")
    name = plan["name"].fillna(plan["company"]).fillna("")
    return pd.DataFrame(
        {
            "name": name.astype("str"),
            "company": plan["company"],
            "action": plan["action"],
            "due": due.astype("datetime64[ns]"),
            "reason": plan["why"],
            "overdue": pd.Series(False, index=plan.index, dtype=bool),
            "minutes": plan["minutes"],
            "end": (due + pd.to_timedelta(plan["minutes"], unit="min")).astype("datetime64[ns]"),
        }
    )
