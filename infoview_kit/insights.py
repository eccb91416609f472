"""What a contacts frame says about a job seeker's networking: funnel, response rates with
honest uncertainty, growth, reply times, responsiveness, referrals and weekly outreach.

Every function takes the canonical frame (see :mod:`infoview_kit.schema`) and is vectorised:
no loop runs per contact.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import _columns as col

__all__ = [
    "as_timestamp",
    "business_days",
    "funnel",
    "network_growth",
    "referral_edges",
    "referral_multiplier",
    "response_rates",
    "response_time_summary",
    "responsiveness",
    "time_to_response",
    "weekly_outreach",
    "wilson_interval",
]

FUNNEL_STAGES = ("listed", "contacted", "responded", "met", "thanked", "referrals")
BOOSTER_DAYS = 3  # business days, after the 2-Hour Job Search's "3B7" rhythm
RESPONSIVENESS = pd.CategoricalDtype(["Booster", "Obligate", "Curmudgeon"], ordered=True)


def as_timestamp(as_of: object = None) -> pd.Timestamp:
    """``as_of`` as a day: None means today; a date, Timestamp or ISO string is accepted."""
    if as_of is None or (isinstance(as_of, str) and not as_of.strip()):
        return pd.Timestamp.today().normalize()
    try:
        stamp = pd.Timestamp(as_of)
    except (ValueError, TypeError):
        raise ValueError(f"as_of={as_of!r} is not a date; write it like 2024-03-12.") from None
    if pd.isna(stamp):
        raise ValueError(f"as_of={as_of!r} is not a date; write it like 2024-03-12.")
    return stamp.tz_localize(None).normalize() if stamp.tzinfo else stamp.normalize()


def business_days(start: pd.Series, end: pd.Series | pd.Timestamp) -> pd.Series:
    """Business days (Monday to Friday) from ``start`` to ``end``; NaN where either is missing.

    Counted like ``numpy.busday_count``: Friday to the next Monday is 1 business day.
    """
    start = pd.Series(start)
    if isinstance(end, pd.Timestamp):
        stop = col.day(end)
    else:
        stop = col.stamps(pd.Series(end, index=start.index))
    return pd.Series(col.busday_count(col.stamps(start), stop), index=start.index)


def _contacted(contacts: pd.DataFrame) -> np.ndarray:
    """Per row: a request went out (a contact date, or a status past "to-contact")."""
    return col.notna(contacts["contacted_on"]) | col.is_in(
        contacts["status"], ["to-contact"], invert=True
    )


def _met(contacts: pd.DataFrame, as_of: pd.Timestamp | None = None) -> np.ndarray:
    """Per row: the conversation took place by ``as_of`` (allowing a day), or the status says so."""
    limit = col.day(as_timestamp(as_of)) + 1
    return (col.stamps(contacts["met_on"]) <= limit) | col.is_in(
        contacts["status"], ["met", "thanked"]
    )


def _referred(contacts: pd.DataFrame) -> np.ndarray:
    """Per row: they came through an introduction (source "referral" or a ``referred_by``)."""
    return col.is_in(contacts["source"], ["referral"]) | col.notna(contacts["referred_by"])


def funnel(contacts: pd.DataFrame, *, as_of: object = None) -> pd.Series:
    """How many contacts reached each stage.

    Returns a Series indexed ``listed, contacted, responded, met, thanked, referrals``:
    referrals counts contacts who came through an introduction (source "referral" or a
    ``referred_by``).
    """
    thanked = col.notna(contacts["thanked_on"]) | col.is_in(contacts["status"], ["thanked"])
    values = [
        len(contacts),
        int(_contacted(contacts).sum()),
        int(col.flag(contacts["responded"]).sum()),
        int(_met(contacts, as_of).sum()),
        int(thanked.sum()),
        int(_referred(contacts).sum()),
    ]
    return pd.Series(values, index=list(FUNNEL_STAGES), name="contacts", dtype="int64")


def wilson_interval(
    successes: np.ndarray | pd.Series | int, trials: np.ndarray | pd.Series | int, z: float = 1.96
) -> tuple[np.ndarray, np.ndarray]:
    """95% Wilson score interval for a proportion (exact 0 at 0 successes, 1 at all).

    Unlike the normal approximation it never leaves [0, 1] and stays honest for small counts.
    Where ``trials`` is 0 both bounds are NaN.
    """
    k = np.asarray(successes, dtype=float)
    n = np.asarray(trials, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        denominator = 1 + z**2 / n
        centre = (p + z**2 / (2 * n)) / denominator
        half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / denominator
        low = np.where(k <= 0, 0.0, np.clip(centre - half, 0, 1))
        high = np.where(k >= n, 1.0, np.clip(centre + half, 0, 1))
    low = np.where(n > 0, low, np.nan)
    high = np.where(n > 0, high, np.nan)
    return low, high


def response_rates(contacts: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """Share of contacted people who answered, with a 95% Wilson interval.

    Parameters
    ----------
    by
        A column to group by (source, channel, seniority, company...); None for one row "all".
        Blank values form the group "(blank)".

    Returns
    -------
    DataFrame indexed by group with columns contacted, responded, rate, low, high, sorted by
    contacted (largest first).
    """
    contacted = _contacted(contacts)
    responded = col.flag(contacts["responded"]) & contacted
    if by is None:
        found, names = np.zeros(len(contacts), dtype=np.int64), np.array(["all"], dtype=object)
    else:
        if by not in contacts.columns:
            raise KeyError(f"response_rates: no column {by!r} in the contacts.")
        found, names = _groups(contacts[by])
    groups = len(names)
    table = pd.DataFrame(
        {
            "contacted": np.bincount(found, weights=contacted, minlength=groups).astype("int64"),
            "responded": np.bincount(found, weights=responded, minlength=groups).astype("int64"),
        },
        index=pd.Index(names, dtype="str", name=by or "group"),
    )
    first = np.full(groups, len(found), dtype=np.int64)  # where each group first appears
    np.minimum.at(first, found, np.arange(len(found)))
    table = table.iloc[np.argsort(first, kind="stable")]
    table = table[table["contacted"] > 0]
    low, high = wilson_interval(table["responded"], table["contacted"])
    table["rate"] = table["responded"] / table["contacted"]
    table["low"], table["high"] = low, high
    return table.sort_values(["contacted", "rate"], ascending=False, kind="stable")


def _groups(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Per row a group number, and each group's name as text; blanks form "(blank)", and values
    that read alike once written out (1 and "1") share a group."""
    found, uniques = col.codes(values)
    names = pd.Index(uniques).astype("str").to_numpy(dtype=object)
    if (found < 0).any():
        found = np.where(found < 0, len(names), found)
        names = np.append(names, "(blank)")
    if len(np.unique(names)) < len(names):
        names, merged = np.unique(names, return_inverse=True)
        found = merged[found]
    return found, names


def network_growth(
    contacts: pd.DataFrame, *, freq: str = "W", by: str | None = None
) -> pd.DataFrame:
    """Cumulative contacts (by the day they were added, or first contacted) and meetings.

    Parameters
    ----------
    freq
        A pandas frequency: "D", "W", "MS", "QS"...
    by
        A column (e.g. "source"): one cumulative column of contacts per group instead.

    Returns
    -------
    DataFrame indexed by period, columns ``contacts`` and ``meetings`` (or one per group).
    """
    added = col.days(contacts["added_on"])
    added = np.where(np.isnat(added), col.days(contacts["contacted_on"]), added)
    known = ~np.isnat(added)
    if not known.any():
        return pd.DataFrame({"contacts": pd.Series(dtype="int64")})
    met = col.days(contacts["met_on"])
    if by is not None:
        found, names = _groups(contacts[by])
        periods, where = _periods(added[known], freq)
        counts = np.bincount(
            where * len(names) + found[known], minlength=len(periods) * len(names)
        ).reshape(len(periods), len(names))
        table = pd.DataFrame(counts, index=periods, columns=pd.Index(names, name="group"))
        table = table.loc[:, table.sum() > 0].sort_index(axis=1)
        table.index.name = "when"
        return table.cumsum().astype("int64")
    when = np.concatenate([added[known], met[~np.isnat(met)]])
    periods, where = _periods(when, freq)
    split = int(known.sum())
    table = pd.DataFrame(
        {
            "contacts": np.bincount(where[:split], minlength=len(periods)),
            "meetings": np.bincount(where[split:], minlength=len(periods)),
        },
        index=periods,
    )
    table.index.name = "when"
    return table.cumsum().astype("int64")


def _periods(when: np.ndarray, freq: str) -> tuple[pd.DatetimeIndex, np.ndarray]:
    """The periods of ``freq`` from the first day in ``when`` to the last, labelled as pandas'
    ``resample`` labels them, and each day's period number."""
    first, last = when.min(), when.max()
    offset = pd.tseries.frequencies.to_offset(freq)
    if isinstance(offset, _LEFT_LABELLED) and offset.n == 1:
        labels = pd.date_range(offset.rollback(first), last, freq=offset)
        where = np.searchsorted(labels.to_numpy(dtype="datetime64[D]"), when, side="right") - 1
        return labels, where
    if isinstance(offset, _RIGHT_LABELLED) and offset.n == 1:
        labels = pd.date_range(first, offset.rollforward(last), freq=offset)
        return labels, np.searchsorted(labels.to_numpy(dtype="datetime64[D]"), when, side="left")
    calendar = pd.date_range(first, last, freq="D")  # any other frequency: as resample bins it
    bins = pd.Series(np.arange(len(calendar)), index=calendar).resample(freq).min().dropna()
    starts = bins.to_numpy(dtype=np.int64)  # the first calendar day in each period
    where = np.searchsorted(starts, (when - first).astype(np.int64), side="right") - 1
    return pd.DatetimeIndex(bins.index), where


_LEFT_LABELLED = (
    pd.offsets.Day,
    pd.offsets.MonthBegin,
    pd.offsets.QuarterBegin,
    pd.offsets.YearBegin,
)
_RIGHT_LABELLED = (pd.offsets.Week, pd.offsets.MonthEnd, pd.offsets.QuarterEnd, pd.offsets.YearEnd)


def time_to_response(contacts: pd.DataFrame) -> pd.DataFrame:
    """Days from first contact to reply, for those who replied (with both dates known).

    Returns a DataFrame (name, contacted_on, responded_on, days, business_days). Those who never
    replied are not in it; :func:`response_time_summary` counts them.
    """
    rows, asked, answered = _replies(contacts)
    return pd.DataFrame(
        {
            "name": contacts["name"].take(rows).array,
            "contacted_on": contacts["contacted_on"].take(rows).array,
            "responded_on": contacts["responded_on"].take(rows).array,
            "days": (answered - asked).astype("int64"),
            "business_days": col.busday_count(asked, answered).astype("int64"),
        },
        index=contacts.index[rows],
    )


def _replies(contacts: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Positions of the rows with both a contact and a reply date, and those two dates."""
    asked = col.stamps(contacts["contacted_on"])
    answered = col.stamps(contacts["responded_on"])
    rows = np.flatnonzero(~np.isnat(asked) & ~np.isnat(answered))
    return rows, col.days_of(asked[rows]), col.days_of(answered[rows])


def response_time_summary(contacts: pd.DataFrame) -> pd.Series:
    """replied, no_reply, median_days, mean_days, within_3_business_days (share)."""
    _, asked, answered = _replies(contacts)
    days = (answered - asked).astype("int64")
    no_reply = int((_contacted(contacts) & ~col.flag(contacts["responded"])).sum())
    replied = len(days)
    return pd.Series(
        {
            "replied": replied,
            "no_reply": no_reply,
            "median_days": float(np.median(days)) if replied else np.nan,
            "mean_days": float(days.mean()) if replied else np.nan,
            "within_3_business_days": (
                float((col.busday_count(asked, answered) <= BOOSTER_DAYS).mean())
                if replied
                else np.nan
            ),
        }
    )


def responsiveness(contacts: pd.DataFrame, *, as_of: object = None) -> pd.Series:
    """Label each contacted person after the 2-Hour Job Search method.

    - **Booster**: replied within 3 business days.
    - **Obligate**: replied, later than that.
    - **Curmudgeon**: no reply after 3 business days.

    Not yet contacted, or contacted less than 3 business days ago without a reply: missing.
    The labels are an ordered categorical (Booster < Obligate < Curmudgeon), so counts list
    all three even when one is absent.
    """
    asked = col.stamps(contacts["contacted_on"])
    waited = col.busday_count(asked, col.day(as_timestamp(as_of)))
    reply_days = col.busday_count(asked, col.stamps(contacts["responded_on"]))
    replied = col.flag(contacts["responded"])
    choice = np.select(
        [
            replied & (reply_days <= BOOSTER_DAYS),
            replied & ~np.isnat(asked),
            ~replied & (waited > BOOSTER_DAYS),
        ],
        [0, 1, 2],
        default=-1,
    )
    labels = pd.Categorical.from_codes(choice, dtype=RESPONSIVENESS)
    return pd.Series(labels, index=contacts.index, name="responsiveness")


def referral_edges(contacts: pd.DataFrame) -> pd.DataFrame:
    """Who introduced whom: one row per contact with a ``referred_by`` (referrer, name)."""
    rows = np.flatnonzero(col.notna(contacts["referred_by"]))
    return pd.DataFrame(
        {
            "referrer": contacts["referred_by"].take(rows).array,
            "name": contacts["name"].take(rows).array,
        }
    )


def referral_multiplier(contacts: pd.DataFrame, *, as_of: object = None) -> float:
    """Contacts gained through introductions per conversation held (NaN with no meetings)."""
    stages = funnel(contacts, as_of=as_of)
    return float(stages["referrals"] / stages["met"]) if stages["met"] else float("nan")


def weekly_outreach(contacts: pd.DataFrame, *, goal: int = 5, as_of: object = None) -> pd.DataFrame:
    """Requests sent per week (weeks starting Monday) against a weekly goal.

    Returns a DataFrame indexed by week start: requests, goal, met_goal. Weeks run from the
    first request to the week of ``as_of`` (default today), with empty weeks as 0.
    """
    sent = col.days(contacts["contacted_on"])
    sent = sent[~np.isnat(sent)]
    if not len(sent):
        return pd.DataFrame({"requests": [], "goal": [], "met_goal": []}).astype(
            {"requests": "int64", "goal": "int64", "met_goal": bool}
        )
    as_of = col.day(as_timestamp(as_of))
    monday = np.datetime64("1970-01-05", "D")
    week = (sent - monday).astype(np.int64) // 7  # weeks since a Monday
    first = int(week.min())
    last = max(int(week.max()), int((as_of - monday).astype(np.int64)) // 7)
    requests = np.bincount(week - first, minlength=last - first + 1).astype("int64")
    starts = monday + 7 * np.arange(first, last + 1)
    table = pd.DataFrame(
        {"requests": requests}, index=pd.DatetimeIndex(starts.astype("datetime64[ns]"), name="week")
    )
    table["goal"] = goal
    table["met_goal"] = table["requests"] >= goal
    return table.astype({"requests": "int64", "goal": "int64"})
