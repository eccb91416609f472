"""Who to follow up with, and when: thank-yous, 3B7, keeping in touch, telling the referrer.

>>> due = follow_ups(contacts, as_of="2024-10-01")       # doctest: +SKIP
>>> write_ics(due, "follow-ups.ics")                     # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .as_of import as_of_view, as_timestamp
from .calendar_export import to_ics, write_ics
from .names import find_names, name_key

__all__ = [
    "FOLLOW_UP_ACTIONS",
    "FOLLOW_UP_COLUMNS",
    "FollowUpRules",
    "follow_ups",
    "mark_done",
    "to_ics",
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
_DAY = pd.Timedelta(days=1)
# A thank-you owed for longer than this is late: still worth a short note, worded as such.
LATE_DAYS = 14
_THANKS = "; a short thank-you within a day, with one thing you learnt."
_LATE_THANKS = (
    " and no thank-you is noted: a short, late note still helps (say one thing you acted on since)."
)
_READ = ["name", "company", "referred_by", "next_follow_up_on"]  # besides what the view reads
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


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
    holidays
        Days that are not business days: a country code of the ``holidays`` package ("GB",
        "US", "DE"...) or a list of dates. Default none: Monday to Friday are business days.
    """

    thank_you_days: int = 1
    try_someone_else_business_days: int = 3
    follow_up_business_days: int = 7
    keep_in_touch_days: int = 90
    tell_referrer_days: int = 1
    prepare_days: int = 3
    horizon_days: int = 7
    let_rest_days: int = 30
    holidays: str | Iterable[object] | None = None

    def __post_init__(self) -> None:
        if self.holidays is not None and not isinstance(self.holidays, str):
            object.__setattr__(self, "holidays", tuple(self.holidays))  # hashable, as rules are

    def calendar(self, years: Iterable[int]) -> np.busdaycalendar:
        """Monday to Friday, less the holidays that fall in ``years``."""
        if self.holidays is None:
            return np.busdaycalendar()
        if isinstance(self.holidays, str):
            import holidays

            try:
                days = list(holidays.country_holidays(self.holidays, years=list(years)))
            except NotImplementedError:
                raise ValueError(
                    f"holidays={self.holidays!r}: no such country in the holidays package; "
                    "give a code like 'GB' or 'US', or a list of dates."
                ) from None
        else:
            days = [pd.Timestamp(day) for day in self.holidays]
        return np.busdaycalendar(holidays=np.array(days, dtype="datetime64[D]"))


def follow_ups(
    contacts: pd.DataFrame,
    as_of: object = None,
    rules: FollowUpRules | None = None,
) -> pd.DataFrame:
    """The follow-up actions due by ``as_of`` plus the rules' horizon, earliest first.

    Parameters
    ----------
    contacts
        The canonical frame; only what had happened by ``as_of`` counts
        (:func:`~infoview_kit.insights.as_of_view`).
    as_of
        The day to plan from: a date, Timestamp or ISO string (default: today).
    rules
        When each action falls due (:class:`FollowUpRules`).

    Returns
    -------
    DataFrame with columns name, company, action, due, reason, overdue, sorted by due. Items
    due on the same day come in the order of the rules (thank-yous first), and those of one
    rule in the order of the sheet.
    """
    rules = rules or FollowUpRules()
    today = as_timestamp(as_of)
    view = as_of_view(contacts, today, columns=_READ)
    items = [
        _thank_you(view, today, rules),
        *_three_b_seven(view, today, rules),
        _keep_in_touch(view, today, rules),
        _tell_referrer(view, today, rules),
        _prepare(view, today, rules),
    ]
    out = pd.concat([_empty(), *items], ignore_index=True)
    out = out.sort_values("due", kind="stable", ignore_index=True)
    out["action"] = out["action"].astype(FOLLOW_UP_ACTIONS)
    out["overdue"] = out["due"] < today
    return out.astype({"name": "str", "company": "str", "reason": "str"})


def _empty() -> pd.DataFrame:
    """No follow-ups, with the columns' types."""
    return pd.DataFrame(
        {
            "name": pd.Series(dtype="str"),
            "company": pd.Series(dtype="str"),
            "action": pd.Series(dtype=FOLLOW_UP_ACTIONS),
            "due": pd.Series(dtype="datetime64[ns]"),
            "reason": pd.Series(dtype="str"),
        }
    )


def _items(
    rows: pd.DataFrame,
    action: str,
    due: pd.Series,
    horizon: pd.Timestamp,
    reason: Callable[[pd.DataFrame], pd.Series],
) -> pd.DataFrame:
    """One rule's items due by ``horizon``, in the sheet's order; ``reason`` words them (only
    the rows kept: most of a large sheet is not due)."""
    kept = (due <= horizon).to_numpy(bool, na_value=False)
    rows = rows[kept]
    return pd.DataFrame(
        {
            "name": rows["name"],
            "company": rows["company"],
            "action": action,
            "due": due[kept].astype("datetime64[ns]"),
            "reason": reason(rows),
        }
    )


def _in_words(days: pd.Series, before: str, after: str = "") -> pd.Series:
    """``before`` + the day written like "Thu 07 Mar 2024" + ``after``, per row: worded once
    per distinct day, then taken for each row."""
    codes, distinct = pd.factorize(days.dt.normalize())
    iso = np.datetime_as_string(distinct.to_numpy("datetime64[D]"))  # 2024-03-07, in C
    weekday = distinct.day_of_week
    texts = [
        f"{before}{_WEEKDAYS[w]} {d[8:10]} {_MONTHS[int(d[5:7])]} {d[:4]}{after}"
        for w, d in zip(weekday, iso, strict=True)
    ]  # several times faster than strftime for the few hundred days of a sheet
    worded = pd.array(texts, dtype="str").take(codes, allow_fill=True)  # code -1: no day
    return pd.Series(worded, index=days.index)


def _pick(view: pd.DataFrame, mask: pd.Series, *columns: str) -> pd.DataFrame:
    """The rows of ``mask``: name, company and ``columns`` (the only ones a rule reads)."""
    return view.loc[mask.to_numpy(bool), ["name", "company", *columns]]


def _held(view: pd.DataFrame, today: pd.Timestamp) -> pd.Series:
    return view["met_on"] < today + _DAY


def _thank_you(view: pd.DataFrame, today: pd.Timestamp, rules: FollowUpRules) -> pd.DataFrame:
    """A thank-you within a day of every conversation not yet thanked for."""
    mask = _held(view, today) & view["thanked_on"].isna() & (view["status"] != "thanked")
    rows = _pick(view, mask, "met_on")
    due = rows["met_on"] + rules.thank_you_days * _DAY

    def reason(kept: pd.DataFrame) -> pd.Series:
        late = kept["met_on"] + rules.thank_you_days * _DAY < today - LATE_DAYS * _DAY
        ending = pd.Series(np.where(late, _LATE_THANKS, _THANKS), index=kept.index, dtype="str")
        return _in_words(kept["met_on"], "You spoke on ") + ending

    return _items(rows, "send a thank-you", due, _horizon(today, rules), reason)


def _horizon(today: pd.Timestamp, rules: FollowUpRules) -> pd.Timestamp:
    return today + rules.horizon_days * _DAY


def _three_b_seven(
    view: pd.DataFrame, today: pd.Timestamp, rules: FollowUpRules
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """3B7 for requests without a reply (and not declined), until they are let rest: someone
    else at the employer after 3 business days, one polite follow-up after 7."""
    asked = view["contacted_on"]
    mask = (asked >= today - rules.let_rest_days * _DAY) & (view["status"] != "declined")
    waiting = _pick(view, mask & ~view["responded"], "contacted_on", "last_contact_on")
    start = waiting["contacted_on"].to_numpy("datetime64[ns]").astype("datetime64[D]")
    years = pd.DatetimeIndex(start).year if len(start) else pd.Index([today.year])
    calendar = rules.calendar(range(years.min(), years.max() + 2))  # and the next year

    def after(n: int) -> pd.Series:
        due = np.busday_offset(start, n, roll="forward", busdaycal=calendar)
        return pd.Series(due.astype("datetime64[ns]"), index=waiting.index)

    def opening(kept: pd.DataFrame, n: int) -> pd.Series:
        return _in_words(kept["contacted_on"], f"No reply {n} business days after ")

    n, horizon = rules.try_someone_else_business_days, _horizon(today, rules)
    other = _items(
        waiting,
        "try someone else at the employer",
        after(n),
        horizon,
        lambda kept: opening(kept, n) + ". " + _others_at_same_employer(view, kept),
    )
    nudged = waiting["last_contact_on"] > waiting["contacted_on"]  # one follow-up only
    m = rules.follow_up_business_days
    nudge = _items(
        waiting[~nudged],
        "send one polite follow-up",
        after(m)[~nudged],
        horizon,
        lambda kept: opening(kept, m) + "; one short, friendly nudge, then let it rest.",
    )
    return other, nudge


def _others_at_same_employer(view: pd.DataFrame, rows: pd.DataFrame) -> pd.Series:
    """For ``rows``, a sentence naming up to three people at the same employer who have not
    been contacted yet, or a nudge to find one."""
    employers = rows["company"].dropna().unique()  # a few distinct ones: isin is faster
    mask = view["company"].isin(employers) & view["contacted_on"].isna()
    free = _pick(view, mask & view["name"].notna())
    first = free.groupby("company", sort=False).head(3)  # in the sheet's order
    listed = first.groupby("company", sort=False)["name"].agg(", ".join)
    said = "Someone else there on your list: " + listed + "."
    found = rows["company"].map(said).astype("str")
    return found.fillna("Look for someone else at the same employer.")


def _keep_in_touch(view: pd.DataFrame, today: pd.Timestamp, rules: FollowUpRules) -> pd.DataFrame:
    """After a conversation: be back in touch, counted from the latest interaction (or on the
    day planned for it)."""
    latest = view["last_contact_on"]
    met = _held(view, today) | view["status"].isin(["met", "thanked"])
    rows = _pick(view, met & latest.notna(), "last_contact_on", "next_follow_up_on")
    latest, planned = rows["last_contact_on"], rows["next_follow_up_on"]
    due = planned.where(planned > latest, latest + rules.keep_in_touch_days * _DAY)

    def reason(kept: pd.DataFrame) -> pd.Series:
        ending = "; share news or something useful every few months."
        said = _in_words(kept["last_contact_on"], "Last in touch on ", ending)
        has_plan = kept["next_follow_up_on"] > kept["last_contact_on"]
        return said.where(~has_plan, "The date you planned to be back in touch.")

    return _items(rows, "keep in touch", due, _horizon(today, rules), reason)


def _tell_referrer(view: pd.DataFrame, today: pd.Timestamp, rules: FollowUpRules) -> pd.DataFrame:
    """Tell the person who introduced you, once you have met the person they introduced (until
    you have been in touch with the referrer since). Names match whatever their case,
    spacing or accents."""
    rows = _pick(view, _held(view, today) & view["referred_by"].notna(), "met_on", "referred_by")
    found = find_names(view["name"], rows["referred_by"])  # the referrer's first row
    last = view["last_contact_on"].to_numpy("datetime64[ns]")
    referrer_last = np.where(found >= 0, last[found], np.datetime64("NaT", "ns"))
    rows = rows[~(referrer_last >= rows["met_on"].to_numpy("datetime64[ns]"))]

    def reason(kept: pd.DataFrame) -> pd.Series:
        said = "Let " + kept["referred_by"].str.strip() + " know you met "
        return said + kept["name"].fillna("") + " and thank them for the introduction."

    due = rows["met_on"] + rules.tell_referrer_days * _DAY
    return _items(rows, "tell the referrer", due, _horizon(today, rules), reason)


def _prepare(view: pd.DataFrame, today: pd.Timestamp, rules: FollowUpRules) -> pd.DataFrame:
    """Prepare for the conversations coming up in the next few days."""
    met = view["met_on"]
    rows = _pick(view, ~_held(view, today) & (met <= today + rules.prepare_days * _DAY), "met_on")

    def reason(kept: pd.DataFrame) -> pd.Series:
        ending = ": research them, plan your questions and your 30-second introduction."
        return _in_words(kept["met_on"], "You meet on ", ending)

    due = rows["met_on"] - _DAY
    return _items(rows, "prepare for the conversation", due, _horizon(today, rules), reason)


def _set(frame: pd.DataFrame, rows: pd.Series, column: str, value: object) -> None:
    """``frame.loc[rows, column] = value``, adding ``value`` to a categorical's categories."""
    values = frame[column]
    if isinstance(values.dtype, pd.CategoricalDtype) and value not in values.cat.categories:
        frame[column] = values.cat.add_categories([value])
    frame.loc[rows, column] = value


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
        _set(out, rows, "status", "thanked")
        touch(rows)
    elif action in ("send one polite follow-up", "keep in touch"):
        planned = out["next_follow_up_on"]
        out.loc[rows & planned.notna() & (planned <= day + 7 * _DAY), "next_follow_up_on"] = pd.NaT
        touch(rows)
    elif action == "tell the referrer":
        referrer = name_key(out.loc[rows, "referred_by"].dropna())
        target = name_key(out["name"]).isin(list(referrer)).fillna(False).astype(bool)
        if not target.any():
            return contacts, False
        touch(target)
    else:
        return contacts, False
    return out, bool(rows.any())
