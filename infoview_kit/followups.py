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
import pyarrow as pa
import pyarrow.compute as pc

from . import _columns as col
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
    today = col.day(as_of)
    horizon = today + rules.horizon_days  # day arithmetic: ``today`` is a datetime64[D]
    c = contacts
    met_on, asked = col.stamps(c["met_on"]), col.stamps(c["contacted_on"])
    last_contact = col.stamps(c["last_contact_on"])
    held = met_on <= today
    plan = _Plan(c, horizon)

    # 1. Thank-you within a day of every conversation.
    plan.add(
        held & np.isnat(col.stamps(c["thanked_on"])) & ~col.is_in(c["status"], ["thanked"]),
        "send a thank-you",
        met_on + _days(rules.thank_you_days),
        lambda rows: [
            "You spoke on ",
            col.in_words(met_on[rows]),
            "; a short thank-you within a day, with one thing you learnt.",
        ],
    )

    # 2. 3B7 for requests without a reply (and not declined), until they are let rest.
    waiting = (
        (asked >= today - rules.let_rest_days)  # NaT (never asked) compares False
        & ~col.flag(c["responded"])
        & ~col.is_in(c["status"], ["declined"])
    )
    plan.add(
        waiting,
        "try someone else at the employer",
        col.busday_offset(asked, rules.try_someone_else_business_days),
        lambda rows: [
            f"No reply {rules.try_someone_else_business_days} business days after ",
            col.in_words(asked[rows]),
            ". ",
            _others_at_same_employer(c, rows, asked),
        ],
    )
    plan.add(
        waiting & ~(last_contact > asked),
        "send one polite follow-up",
        col.busday_offset(asked, rules.follow_up_business_days),
        lambda rows: [
            f"No reply {rules.follow_up_business_days} business days after ",
            col.in_words(asked[rows]),
            "; one short, friendly nudge, then let it rest.",
        ],
    )

    # 3. Keep in touch: counted from the latest interaction of any kind.
    latest = last_contact
    for other in (asked, col.stamps(c["responded_on"]), met_on, col.stamps(c["thanked_on"])):
        latest = np.fmax(
            np.where(latest <= today, latest, _NAT), np.where(other <= today, other, _NAT)
        )
    planned = col.stamps(c["next_follow_up_on"])
    planned = np.where(planned > latest, planned, _NAT)
    has_plan = ~np.isnat(planned)
    plan.add(
        held | col.is_in(c["status"], ["met", "thanked"]),
        "keep in touch",
        np.where(has_plan, planned, latest + _days(rules.keep_in_touch_days)),
        lambda rows: _either(
            has_plan[rows],
            "The date you planned to be back in touch.",
            [
                "Last in touch on ",
                col.in_words(latest[rows]),
                "; share news or something useful every few months.",
            ],
        ),
    )

    # 4. Tell the referrer, once you have met the person they introduced (until you have been in
    # touch with the referrer since).
    referrer_codes, referrers = col.codes(c["referred_by"])
    where = col.index_in(c["name"], referrers)  # the rows that are referrers themselves
    first = np.full(len(referrers) + 1, len(c), dtype=np.int64)
    np.minimum.at(first, where[where >= 0], np.flatnonzero(where >= 0))
    referrer_last = np.append(last_contact, _NAT)[first][referrer_codes]  # -1 (none) takes NaT
    plan.add(
        held & (referrer_codes >= 0) & ~(referrer_last >= met_on),
        "tell the referrer",
        met_on + _days(rules.tell_referrer_days),
        lambda rows: [
            "Let ",
            col.arrow(c["referred_by"], rows),
            " know you met ",
            col.arrow(c["name"], rows, missing=""),
            " and thank them for the introduction.",
        ],
    )

    # 5. Prepare for conversations coming up.
    plan.add(
        (met_on > today) & (met_on <= today + rules.prepare_days),
        "prepare for the conversation",
        met_on - _days(1),
        lambda rows: [
            "You meet on ",
            col.in_words(met_on[rows]),
            ": research them, plan your questions and your 30-second introduction.",
        ],
    )
    return plan.table(today)


_NAT = np.datetime64("NaT", "D")


def _days(n: int) -> np.timedelta64:
    return np.timedelta64(n, "D")


class _Plan:
    """The follow-ups gathered rule by rule, as row positions, due days and worded reasons."""

    def __init__(self, contacts: pd.DataFrame, horizon: np.datetime64) -> None:
        self.contacts = contacts
        self.horizon = horizon
        self.rows: list[np.ndarray] = []
        self.due: list[np.ndarray] = []
        self.actions: list[str] = []
        self.reasons: list[pa.Array] = []

    def add(self, mask: np.ndarray, action: str, due: np.ndarray, reason) -> None:
        """Keep the rows of ``mask`` due by the horizon; ``reason(rows)`` gives the pieces of
        their wording (text, or Arrow arrays of one value per row), joined in order."""
        rows = np.flatnonzero(mask & (due <= self.horizon))
        if not len(rows):
            return
        self.rows.append(rows)
        self.due.append(due[rows])
        self.actions.append(action)
        self.reasons.append(_join(reason(rows)))

    def table(self, today: np.datetime64) -> pd.DataFrame:
        """The follow-ups as a frame sorted by due day, then name, then action."""
        if not self.rows:
            out = pd.DataFrame({column: pd.Series(dtype="str") for column in FOLLOW_UP_COLUMNS})
            out["due"] = pd.Series(dtype="datetime64[ns]")
            out["overdue"] = pd.Series(dtype=bool)
            return out
        rows = np.concatenate(self.rows)
        due = np.concatenate(self.due)
        alphabetical = np.argsort(np.argsort(self.actions))  # actions sort by their wording
        action = np.repeat(np.arange(len(self.rows)), [len(r) for r in self.rows])
        names = col.arrow(self.contacts["name"], rows)
        keys = pa.table({"due": due.view(np.int64), "name": names, "action": alphabetical[action]})
        order = pc.sort_indices(
            keys,
            sort_keys=[("due", "ascending"), ("name", "ascending"), ("action", "ascending")],
        ).to_numpy()  # missing names last, as pandas sorts them
        rows, due, action = rows[order], due[order], action[order]
        return pd.DataFrame(
            {
                "name": col.text(names.take(order)),
                "company": col.text(col.arrow(self.contacts["company"], rows)),
                "action": col.text(pa.array(self.actions, type=pa.large_string()).take(action)),
                "due": due.astype("datetime64[ns]"),
                "reason": col.text(pa.chunked_array(self.reasons).take(order)),
                "overdue": due < today,
            }
        )


def _join(pieces: list) -> pa.Array:
    """Join text and per-row Arrow arrays element-wise into one string per row."""
    text = pa.large_string()
    pieces = [pa.scalar(piece, text) if isinstance(piece, str) else piece for piece in pieces]
    return pc.binary_join_element_wise(*pieces, pa.scalar("", text))


def _either(choose: np.ndarray, fixed: str, otherwise: list) -> list:
    """``fixed`` where ``choose``, else the joined pieces of ``otherwise``."""
    return [pc.if_else(pa.array(choose), pa.scalar(fixed, pa.large_string()), _join(otherwise))]


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


def _others_at_same_employer(c: pd.DataFrame, rows: np.ndarray, asked: np.ndarray) -> pa.Array:
    """For the given rows, a sentence naming up to three people at the same employer who have
    not been contacted yet (worded once per employer), or a nudge to find one."""
    nudge = "Look for someone else at the same employer."
    company_codes, companies = col.codes(c["company"])
    wanted = np.unique(company_codes[rows])
    wanted = wanted[wanted >= 0]
    sentences = np.full(len(companies) + 1, nudge, dtype=object)
    if len(wanted):
        pool = np.flatnonzero(
            np.isin(company_codes, wanted) & np.isnat(asked) & col.notna(c["name"])
        )
        pool = pool[np.argsort(company_codes[pool], kind="stable")]
        groups = company_codes[pool]
        starts = np.searchsorted(groups, groups, side="left")
        pool = pool[np.arange(len(pool)) - starts < 3]  # the first three listed per employer
        names = col.arrow(c["name"], pool).to_numpy(zero_copy_only=False)
        for code, members in zip(*_split(company_codes[pool], names), strict=True):
            sentences[code] = "Someone else there on your list: " + ", ".join(members) + "."
    return pa.array(sentences[company_codes[rows]], type=pa.large_string())


def _split(groups: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
    """Sorted group codes and, for each, its values in order."""
    keys, starts = np.unique(groups, return_index=True)
    return keys, np.split(values, starts[1:]) if len(keys) else []


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
