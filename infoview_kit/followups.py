"""Who to follow up with, and when: thank-yous, 3B7, keeping in touch, telling the referrer.

>>> due = follow_ups(contacts, as_of="2024-10-01")       # doctest: +SKIP
>>> write_ics(due, "follow-ups.ics")                     # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import _columns as col
from .files import write_atomic
from .insights import _today, as_timestamp

__all__ = [
    "FOLLOW_UP_ACTIONS",
    "FOLLOW_UP_COLUMNS",
    "FollowUpRules",
    "follow_ups",
    "mark_done",
    "write_ics",
]

FOLLOW_UP_COLUMNS = ["name", "company", "action", "due", "reason", "overdue"]

#: The ``action`` column's type: the actions in the order the rules are listed, which is also
#: their order among the items due on one day.
FOLLOW_UP_ACTIONS = pd.CategoricalDtype(
    [
        "send a thank-you",
        "try someone else at the employer",
        "send one polite follow-up",
        "keep in touch",
        "tell the referrer",
        "prepare for the conversation",
    ],
    ordered=True,
)


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
    DataFrame with columns name, company, action, due, reason, overdue, sorted by due. Items
    due on the same day come in the order of the rules below (thank-yous first), and those of
    one rule in the order of the sheet, as sorting the sheet by its due column would leave them.
    """
    rules = rules or FollowUpRules()
    c = contacts
    day, none = col.DAY, col.NONE
    today = _today(as_of)
    plan = _Plan(c, horizon=today + rules.horizon_days * day)
    # Dates as integer nanoseconds: "none" (missing) compares below every date.
    met, asked = col.instants(c["met_on"]), col.instants(c["contacted_on"])
    last, thanked = col.instants(c["last_contact_on"]), col.instants(c["thanked_on"])
    held = (met <= today) & (met != none)

    # 1. Thank-you within a day of every conversation.
    plan.add(
        held & (thanked == none) & ~col.is_in(c["status"], ["thanked"]),
        "send a thank-you",
        lambda rows: met[rows] + rules.thank_you_days * day,
        by_day=(
            met,
            "You spoke on ",
            "; a short thank-you within a day, with one thing you learnt.",
        ),
    )

    # 2. 3B7 for requests without a reply (and not declined), until they are let rest.
    waiting = np.flatnonzero(
        (asked >= today - rules.let_rest_days * day)  # never asked: "none" is below
        & ~col.flag(c["responded"])
        & ~col.is_in(c["status"], ["declined"])
    )

    def unanswered(rows: np.ndarray, after: int) -> tuple[np.ndarray, np.ndarray, list]:
        """The rows due ``after`` business days by the horizon, their due instants, and the
        opening of their reason."""
        due = col.busday_offset(asked[rows].view("datetime64[ns]"), after)
        rows, due = plan.due_by_horizon(rows, due.astype("datetime64[ns]").view(np.int64))
        days = col.in_words(asked[rows].view("datetime64[ns]"))
        return rows, due, [f"No reply {after} business days after ", days]

    rows, due, opening = unanswered(waiting, rules.try_someone_else_business_days)
    others = _others_at_same_employer(c, rows, asked)
    plan.add_rows(rows, "try someone else at the employer", due, [*opening, ". ", others])
    rows, due, opening = unanswered(
        waiting[~(last[waiting] > asked[waiting])], rules.follow_up_business_days
    )
    ending = "; one short, friendly nudge, then let it rest."
    plan.add_rows(rows, "send one polite follow-up", due, [*opening, ending])

    # 3. Keep in touch: counted from the latest interaction of any kind (up to today).
    latest = np.where(last <= today, last, none)
    for other in (asked, col.instants(c["responded_on"]), met, thanked):
        np.maximum(latest, other, out=latest, where=other <= today)
    planned = col.instants(c["next_follow_up_on"])
    has_plan = (planned > latest) & (latest != none)
    plan.add(
        (held | col.is_in(c["status"], ["met", "thanked"])) & (latest != none),
        "keep in touch",
        lambda rows: np.where(
            has_plan[rows], planned[rows], latest[rows] + rules.keep_in_touch_days * day
        ),
        by_day=(latest, "Last in touch on ", "; share news or something useful every few months."),
        fixed=(has_plan, "The date you planned to be back in touch."),
    )

    # 4. Tell the referrer, once you have met the person they introduced (until you have been in
    # touch with the referrer since).
    rows = np.flatnonzero(held & col.notna(c["referred_by"]))
    introduced = pc.dictionary_encode(col.arrow(c["referred_by"], rows))
    referrers, referrer = introduced.dictionary, introduced.indices.to_numpy()
    # The rows that are referrers themselves (looked up, not factorised: names are mostly
    # distinct, and a table of every name costs more than probing for a few thousand).
    where = col.index_in(c["name"], referrers)
    listed = np.flatnonzero(where >= 0)
    first = np.full(len(referrers), len(c), dtype=np.int64)  # each referrer's first row
    np.minimum.at(first, where[listed], listed)
    first = first[referrer]
    referrer_last = np.full(len(rows), none)  # not listed themselves: "none"
    in_sheet = first < len(c)
    referrer_last[in_sheet] = last[first[in_sheet]]
    due = met[rows] + rules.tell_referrer_days * day
    told = ~(referrer_last >= met[rows]) & (due <= plan.horizon)
    rows, due, referrer = rows[told], due[told], referrer[told]
    plan.add_rows(
        rows,
        "tell the referrer",
        due,
        [
            "Let ",
            referrers.take(pa.array(referrer)).cast(_TEXT),
            " know you met ",
            col.arrow(c["name"], rows, missing=""),
            " and thank them for the introduction.",
        ],
    )

    # 5. Prepare for conversations coming up.
    plan.add(
        (met > today) & (met <= today + rules.prepare_days * day),
        "prepare for the conversation",
        lambda rows: met[rows] - day,
        by_day=(
            met,
            "You meet on ",
            ": research them, plan your questions and your 30-second introduction.",
        ),
    )
    return plan.table(today)


class _Plan:
    """The follow-ups gathered rule by rule: row positions, due instants, and reasons kept as
    a few distinct texts plus, per item, which of them is its reason."""

    def __init__(self, contacts: pd.DataFrame, horizon: int) -> None:
        self.contacts = contacts
        self.horizon = horizon
        self.rows: list[np.ndarray] = []
        self.due: list[np.ndarray] = []
        self.actions: list[str] = []
        self.texts: list[pa.Array] = []  # distinct reasons, rule by rule
        self.reasons: list[np.ndarray] = []  # per item, its reason's position in ``texts``
        self.worded = 0

    def due_by_horizon(self, rows: np.ndarray, due: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Of ``rows`` and their due instants, those that fall due by the horizon."""
        keep = due <= self.horizon
        return rows[keep], due[keep]

    def add(
        self,
        mask: np.ndarray,
        action: str,
        due: Callable[[np.ndarray], np.ndarray],
        *,
        by_day: tuple[np.ndarray, str, str],
        fixed: tuple[np.ndarray, str] | None = None,
    ) -> None:
        """Keep the rows of ``mask`` due by the horizon, with a reason that names one day.

        ``due`` gives the due instants of the rows it is given (worked out for those rows
        only); ``by_day`` is (the days, text before, text after); ``fixed`` is (per row of the
        sheet, whether a fixed text is said instead, that text)."""
        rows = np.flatnonzero(mask)
        rows, due = self.due_by_horizon(rows, due(rows))
        if not len(rows):
            return
        when, before, after = by_day
        words, which = col.worded_days(when[rows].view("datetime64[ns]"))
        texts = _join([before, words, after])
        if fixed is not None:
            which = np.where(fixed[0][rows], len(texts), which)
            texts = pa.concat_arrays([texts, pa.array([fixed[1]], type=_TEXT)])
        self._keep(rows, due, action, texts, which)

    def add_rows(self, rows: np.ndarray, action: str, due: np.ndarray, pieces: list) -> None:
        """Keep ``rows`` with a reason of their own each: ``pieces`` (text, or Arrow arrays of
        one value per row) joined in order."""
        if len(rows):
            self._keep(rows, due, action, _join(pieces), np.arange(len(rows)))

    def _keep(self, rows, due, action, texts, which) -> None:
        self.rows.append(rows)
        self.due.append(due)
        self.actions.append(action)
        self.texts.append(texts)
        self.reasons.append(which + self.worded)
        self.worded += len(texts)

    def table(self, today: int) -> pd.DataFrame:
        """The follow-ups as a frame sorted by due instant; on one instant, in the rules' order,
        and for one rule, in the sheet's order (a stable sort of the items as gathered)."""
        if not self.rows:
            out = pd.DataFrame({column: pd.Series(dtype="str") for column in FOLLOW_UP_COLUMNS})
            out["action"] = pd.Series(dtype=FOLLOW_UP_ACTIONS)
            out["due"] = pd.Series(dtype="datetime64[ns]")
            out["overdue"] = pd.Series(dtype=bool)
            return out
        due = np.concatenate(self.due)
        order = _by_due(due)
        rows = np.concatenate(self.rows)[order]
        codes = [FOLLOW_UP_ACTIONS.categories.get_loc(action) for action in self.actions]
        action = np.repeat(np.array(codes, dtype=np.int8), [len(r) for r in self.rows])
        due = due[order]
        return pd.DataFrame(
            {
                "name": col.text(col.arrow(self.contacts["name"], rows)),
                "company": col.text(col.arrow(self.contacts["company"], rows)),
                "action": pd.Categorical.from_codes(action[order], dtype=FOLLOW_UP_ACTIONS),
                "due": due.view("datetime64[ns]"),
                "reason": col.text(
                    pa.concat_arrays(self.texts).take(np.concatenate(self.reasons)[order])
                ),
                "overdue": due < today,
            },
            copy=False,  # the arrays were made for this frame alone
        )


_TEXT = pa.large_string()


def _by_due(due: np.ndarray) -> np.ndarray:
    """Positions sorting ``due`` (int64 instants) ascending, ties kept in the order given."""
    days = due // col.DAY
    if len(due) and np.array_equal(days * col.DAY, due):  # whole days, as in most sheets
        days -= days.min()
        return _stable_order(days, int(days.max()) + 1)  # under ~180 years: by radix
    return np.argsort(due, kind="stable")


def _stable_order(keys: np.ndarray, bound: int) -> np.ndarray:
    """Positions sorting integer ``keys`` in ``[0, bound)``, ties kept in the order given:
    keys that fit 16 bits are sorted as such, which numpy does stably by radix."""
    if bound <= 2**16:
        keys = keys.astype(np.uint16)
    return np.argsort(keys, kind="stable")


def _join(pieces: list) -> pa.Array:
    """Join text and per-row Arrow arrays element-wise into one string per row."""
    pieces = [pa.scalar(piece, _TEXT) if isinstance(piece, str) else piece for piece in pieces]
    return pc.binary_join_element_wise(*pieces, pa.scalar("", _TEXT))


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
    if not len(rows):
        return pa.array([], type=_TEXT)
    asked_at = pc.dictionary_encode(col.arrow(c["company"], rows))  # the employers asked
    companies = asked_at.dictionary
    # Only people never asked (and named) can be suggested: look up just their employers.
    free = np.flatnonzero((asked == col.NONE) & col.notna(c["name"]))
    where = pc.index_in(col.arrow(c["company"], free), value_set=companies)
    where = where.fill_null(-1).to_numpy(zero_copy_only=False)
    pool = free[where >= 0]
    groups = where[where >= 0]
    order = _stable_order(groups, len(companies))
    pool, groups = pool[order], groups[order]
    starts = np.searchsorted(groups, groups, side="left")
    first_three = np.arange(len(pool)) - starts < 3  # the first three listed per employer
    pool, groups = pool[first_three], groups[first_three]
    names = col.arrow(c["name"], pool).to_numpy(zero_copy_only=False)
    sentences = [nudge] * (len(companies) + 1)  # the last for rows without an employer
    for code, members in zip(*_split(groups, names), strict=True):
        sentences[code] = "Someone else there on your list: " + ", ".join(members) + "."
    # Worded once per employer, then taken per row (not converted from Python per row).
    return pa.array(sentences, type=_TEXT).take(asked_at.indices.fill_null(len(companies)))


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
