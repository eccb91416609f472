"""Who to follow up with, and when: thank-yous, 3B7, keeping in touch, telling the referrer.

>>> due = follow_ups(contacts, as_of="2024-10-01")       # doctest: +SKIP
>>> write_ics(due, "follow-ups.ics")                     # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .files import write_atomic
from .insights import as_timestamp

__all__ = ["FOLLOW_UP_COLUMNS", "FollowUpRules", "follow_ups", "mark_done", "write_ics"]

FOLLOW_UP_COLUMNS = ["name", "company", "action", "due", "reason", "overdue"]


@dataclass(frozen=True)
class FollowUpRules:
    """When each follow-up falls due. Defaults follow the informational-interview guides.

    Attributes
    ----------
    thank_you_days
        A thank-you is due this many days after a conversation.
    try_someone_else_business_days
        3B7's "3": without a reply after this many business days, approach someone else at the
        same employer.
    follow_up_business_days
        3B7's "7": without a reply after this many business days, send one polite follow-up.
    keep_in_touch_days
        After a conversation, be in touch again this many days after the latest interaction.
    tell_referrer_days
        Tell the person who introduced you, this many days after you met.
    prepare_days
        Meetings this many days ahead get a "prepare" item.
    horizon_days
        List what falls due up to this many days after ``as_of`` (besides what is overdue).
    let_rest_days
        A request unanswered for longer than this is let rest: no more 3B7 items for it.
    """

    thank_you_days: int = 1
    try_someone_else_business_days: int = 3
    follow_up_business_days: int = 7
    keep_in_touch_days: int = 90
    tell_referrer_days: int = 1
    prepare_days: int = 3
    horizon_days: int = 7
    let_rest_days: int = 30


def follow_ups(
    contacts: pd.DataFrame,
    as_of: object = None,
    rules: FollowUpRules | None = None,
) -> pd.DataFrame:
    """The follow-up actions due by ``as_of`` plus the rules' horizon, earliest first.

    Parameters
    ----------
    contacts
        The canonical frame.
    as_of
        The day to plan from: a date, Timestamp or ISO string (default: today).
    rules
        When each action falls due (:class:`FollowUpRules`).

    Returns
    -------
    DataFrame with columns name, company, action, due, reason, overdue, sorted by due.
    """
    rules = rules or FollowUpRules()
    as_of = as_timestamp(as_of)
    horizon = as_of + pd.Timedelta(days=rules.horizon_days)
    day = pd.Timedelta(days=1)
    c = contacts
    status = c["status"].fillna("")
    met_on, contacted_on = c["met_on"], c["contacted_on"]
    held = met_on.notna() & (met_on <= as_of)
    parts: list[pd.DataFrame] = []

    def add(mask, action, due, reason) -> None:
        """Keep the rows due by the horizon; ``reason(rows)`` words them (only those rows)."""
        due = pd.Series(due, index=c.index)
        mask = pd.Series(mask, index=c.index).fillna(False).astype(bool)
        mask &= due.notna() & (due <= horizon)
        if not mask.any():
            return
        rows = c.index[mask]
        parts.append(
            pd.DataFrame(
                {
                    "name": c.loc[rows, "name"],
                    "company": c.loc[rows, "company"],
                    "action": action,
                    "due": due[rows],
                    "reason": reason(rows),
                }
            )
        )

    def when(series: pd.Series) -> pd.Series:
        """Dates as "Fri 08 Mar 2024", formatting each distinct date once."""
        codes, uniques = pd.factorize(series)
        words = np.append(pd.DatetimeIndex(uniques).strftime("%a %d %b %Y").to_numpy(object), "?")
        return pd.Series(words[codes], index=series.index, dtype="str")

    # 1. Thank-you within a day of every conversation.
    add(
        held & c["thanked_on"].isna() & (status != "thanked"),
        "send a thank-you",
        met_on + rules.thank_you_days * day,
        lambda rows: (
            "You spoke on " + when(met_on[rows]) + "; a short thank-you within a day, "
            "with one thing you learnt."
        ),
    )

    # 2. 3B7 for requests without a reply (and not declined), until they are let rest.
    waiting = (
        contacted_on.notna()
        & ~c["responded"]
        & ~status.isin(["declined"])
        & (contacted_on >= as_of - rules.let_rest_days * day)
    )
    add(
        waiting,
        "try someone else at the employer",
        _add_business_days(contacted_on, rules.try_someone_else_business_days),
        lambda rows: (
            "No reply "
            + str(rules.try_someone_else_business_days)
            + " business days after "
            + when(contacted_on[rows])
            + ". "
            + _others_at_same_employer(c, rows)
        ),
    )
    followed_up = c["last_contact_on"].notna() & (c["last_contact_on"] > contacted_on)
    add(
        waiting & ~followed_up,
        "send one polite follow-up",
        _add_business_days(contacted_on, rules.follow_up_business_days),
        lambda rows: (
            "No reply "
            + str(rules.follow_up_business_days)
            + " business days after "
            + when(contacted_on[rows])
            + "; one short, friendly nudge, then let it rest."
        ),
    )

    # 3. Keep in touch: counted from the latest interaction of any kind.
    latest = c[["last_contact_on", "contacted_on", "responded_on", "met_on", "thanked_on"]]
    latest = latest.where(latest <= as_of).max(axis=1)
    planned = c["next_follow_up_on"].where(c["next_follow_up_on"] > latest)
    add(
        held | status.isin(["met", "thanked"]),
        "keep in touch",
        planned.fillna(latest + rules.keep_in_touch_days * day),
        lambda rows: pd.Series(
            np.where(
                planned[rows].notna(),
                "The date you planned to be back in touch.",
                (
                    "Last in touch on " + when(latest[rows]) + "; share news or something useful "
                    "every few months."
                ).to_numpy(dtype=object),
            ),
            index=rows,
        ),
    )

    # 4. Tell the referrer, once you have met the person they introduced (until you have been in
    # touch with the referrer since).
    referrer = c["referred_by"]
    lookup = c.dropna(subset=["name"]).drop_duplicates("name").set_index("name")
    referrer_last = pd.Series(
        lookup["last_contact_on"].reindex(referrer.to_numpy()).to_numpy(), index=c.index
    )
    told = referrer_last.notna() & (referrer_last >= met_on)
    add(
        held & referrer.notna() & ~told,
        "tell the referrer",
        met_on + rules.tell_referrer_days * day,
        lambda rows: (
            "Let "
            + referrer[rows]
            + " know you met "
            + c.loc[rows, "name"].fillna("")
            + " and thank them for the introduction."
        ),
    )

    # 5. Prepare for conversations coming up.
    coming = met_on.notna() & (met_on > as_of) & (met_on <= as_of + rules.prepare_days * day)
    add(
        coming,
        "prepare for the conversation",
        met_on - day,
        lambda rows: (
            "You meet on " + when(met_on[rows]) + ": research them, plan your questions "
            "and your 30-second introduction."
        ),
    )

    if not parts:
        out = pd.DataFrame({column: pd.Series(dtype="str") for column in FOLLOW_UP_COLUMNS})
        out["due"] = pd.Series(dtype="datetime64[ns]")
        out["overdue"] = pd.Series(dtype=bool)
        return out
    out = pd.concat(parts)
    out["overdue"] = out["due"] < as_of
    out = out.sort_values(["due", "name", "action"], kind="stable").reset_index(drop=True)
    for column in ("name", "company", "action", "reason"):
        out[column] = out[column].astype("str")
    return out[FOLLOW_UP_COLUMNS]


def mark_done(contacts: pd.DataFrame, item, *, on: object = None) -> tuple[pd.DataFrame, bool]:
    """Record in the sheet that a follow-up was done on day ``on`` (default today).

    A thank-you sets ``thanked_on`` (and the status "thanked"); a follow-up or keeping in touch
    sets ``last_contact_on`` (and clears a planned date it fulfilled); telling the referrer sets
    the referrer's ``last_contact_on``. Preparing or approaching someone else leaves nothing to
    record.

    Returns
    -------
    (a new frame, whether anything was recorded in it)
    """
    day = as_timestamp(on)
    out = contacts.copy()
    name, action = item["name"], item["action"]
    rows = out["name"] == name
    company = item.get("company") if hasattr(item, "get") else None
    if company is not None and not pd.isna(company):
        rows &= out["company"] == company
    rows = rows.fillna(False).astype(bool)

    def touch(mask) -> None:
        latest = out.loc[mask, "last_contact_on"]
        out.loc[mask, "last_contact_on"] = latest.where(latest > day, day)

    if action == "send a thank-you":
        out.loc[rows, "thanked_on"] = day
        out.loc[rows, "status"] = "thanked"
        touch(rows)
    elif action in ("send one polite follow-up", "keep in touch"):
        planned = out["next_follow_up_on"]
        out.loc[
            rows & planned.notna() & (planned <= day + pd.Timedelta(days=7)), "next_follow_up_on"
        ] = pd.NaT
        touch(rows)
    elif action == "tell the referrer":
        referrer = out.loc[rows, "referred_by"].dropna()
        target = out["name"].isin(list(referrer)).fillna(False).astype(bool)
        if not target.any():
            return contacts, False
        touch(target)
    else:
        return contacts, False
    return out, bool(rows.any())


def _add_business_days(dates: pd.Series, n: int) -> pd.Series:
    out = pd.Series(pd.NaT, index=dates.index, dtype="datetime64[ns]")
    valid = dates.notna()
    if valid.any():
        days = dates[valid].to_numpy(dtype="datetime64[D]")
        out[valid] = np.busday_offset(days, n, roll="forward").astype("datetime64[ns]")
    return out


def _others_at_same_employer(c: pd.DataFrame, rows: pd.Index) -> pd.Series:
    """For the given rows, a sentence naming up to three people at the same employer who have
    not been contacted yet (worded once per employer), or a nudge to find one."""
    candidates = c[c["company"].notna() & c["contacted_on"].isna()]
    sentences = {
        company: "Someone else there on your list: " + ", ".join(names) + "."
        for company, names in candidates.groupby("company")["name"]
        .agg(lambda s: list(s.dropna())[:3])
        .items()
        if names
    }
    companies = c.loc[rows, "company"]
    wording = pd.Series(companies.map(sentences).to_numpy(dtype=object), index=rows)
    return wording.fillna("Look for someone else at the same employer.").astype("str")


def write_ics(follow_ups: pd.DataFrame, path: str | os.PathLike) -> Path:
    """Write follow-ups as an iCalendar file (RFC 5545): one all-day event per action.

    Each event's UID is derived from the person and the action, not the date, so importing a
    newer export updates the events instead of duplicating them. Written atomically.
    """
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//infoview-kit//follow-ups//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    stamp = pd.Timestamp.now(tz="UTC").to_pydatetime().replace(microsecond=0)
    for item in follow_ups.itertuples(index=False):
        if pd.isna(item.due):
            continue
        event = Event()
        key = f"{item.name}|{'' if pd.isna(item.company) else item.company}|{item.action}"
        uid = hashlib.sha1(key.encode("utf-8")).hexdigest()
        event.add("uid", f"{uid}@infoview-kit")
        event.add("dtstamp", stamp)
        start = pd.Timestamp(item.due).date()
        event.add("dtstart", start)
        event.add("dtend", start + pd.Timedelta(days=1).to_pytimedelta())
        event.add("summary", f"{item.action.capitalize()}: {item.name}")
        event.add("description", str(item.reason))
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    path = write_atomic(path, calendar.to_ical())
    return path
