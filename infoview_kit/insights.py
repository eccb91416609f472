"""What a contacts frame says about a job seeker's networking: funnel, response rates with
honest uncertainty, growth, reply times, responsiveness, referrals and weekly outreach.

Every insight takes ``as_of`` (default today) and looks at the contacts through
:func:`as_of_view`: only what had happened by the end of that day counts.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .as_of import as_of_view, as_timestamp
from .names import find_names

__all__ = [
    "as_of_view",
    "as_timestamp",
    "business_days",
    "funnel",
    "funnel_share",
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
_DAY = pd.Timedelta(days=1)


def business_days(
    start: pd.Series, end: pd.Series | pd.Timestamp, *, holidays: object = None
) -> pd.Series:
    """Business days (Monday to Friday, less ``holidays``) from ``start`` to ``end``; NaN
    where either is missing. Counted like ``numpy.busday_count``: Friday to Monday is 1.

    ``holidays`` is a list of dates (see :class:`~infoview_kit.followups.FollowUpRules` for
    country calendars).
    """
    start = pd.Series(start)
    end = pd.Series(end, index=start.index) if not isinstance(end, pd.Series) else end
    days = [s.to_numpy("datetime64[ns]").astype("datetime64[D]") for s in (start, end)]
    known = ~(np.isnat(days[0]) | np.isnat(days[1]))
    counted = np.full(len(start), np.nan)
    extra = {} if holidays is None else {"holidays": np.asarray(holidays, "datetime64[D]")}
    counted[known] = np.busday_count(days[0][known], days[1][known], **extra)
    return pd.Series(counted, index=start.index)


def _contacted(view: pd.DataFrame) -> pd.Series:
    """Per row: a request went out (a contact date, or a status past "to-contact")."""
    status = view["status"]
    return view["contacted_on"].notna() | (status.notna() & (status != "to-contact"))


def _met(view: pd.DataFrame, as_of: object) -> pd.Series:
    """Per row: the conversation took place by ``as_of``, or the status says so."""
    end = as_timestamp(as_of) + _DAY
    return (view["met_on"] < end) | view["status"].isin(["met", "thanked"])


def _referred(view: pd.DataFrame) -> pd.Series:
    """Per row: they came through an introduction (source "referral" or a ``referred_by``)."""
    return (view["source"] == "referral").fillna(False) | view["referred_by"].notna()


def funnel(contacts: pd.DataFrame, *, as_of: object = None) -> pd.Series:
    """How many contacts reached each stage by ``as_of`` (default today).

    Returns a Series indexed ``listed, contacted, responded, met, thanked, referrals``:
    referrals counts contacts who came through an introduction (source "referral" or a
    ``referred_by``).
    """
    view = as_of_view(contacts, as_of, columns=["source", "referred_by"])
    thanked = view["thanked_on"].notna() | (view["status"] == "thanked").fillna(False)
    counts = [
        len(view),
        _contacted(view).sum(),
        view["responded"].astype(bool).sum(),
        _met(view, as_of).sum(),
        thanked.sum(),
        _referred(view).sum(),
    ]
    return pd.Series(counts, index=list(FUNNEL_STAGES), name="contacts", dtype="int64")


#: What each funnel step's percentage is a share of: the step it is counted against, in words.
#: The report says the same percentage, with the same words, wherever the number appears.
FUNNEL_SHARE_OF = {
    "contacted": ("listed", "of your list"),
    "responded": ("contacted", "of those you asked"),
    "met": ("responded", "of those who answered"),
    "thanked": ("met", "of those you met"),
    "referrals": ("listed", "of your list"),
}


def funnel_share(stages: pd.Series, stage: str) -> str:
    """``stage``'s count as a share in words, like "62% of those you asked" ("" when the
    step it is counted against is empty, or for the list itself)."""
    if stage not in FUNNEL_SHARE_OF:
        return ""
    base, words = FUNNEL_SHARE_OF[stage]
    if not stages[base] or stages[stage] > stages[base]:
        return ""
    return f"{stages[stage] / stages[base]:.0%} {words}"


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


def _groups(values: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Per row a group number, and the groups' names as text in the order they first appear;
    blanks form "(blank)", and values written alike (1 and "1") share a group."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    names = pd.Series(uniques).astype("str").fillna("(blank)")
    merged, names = pd.factorize(names)
    return merged[codes], pd.Index(names, dtype="str")


def response_rates(
    contacts: pd.DataFrame, by: str | None = None, *, as_of: object = None
) -> pd.DataFrame:
    """Share of contacted people who answered by ``as_of``, with a 95% Wilson interval.

    Parameters
    ----------
    by
        A column to group by (source, channel, seniority, company...); None for one row "all".
        Blank values form the group "(blank)".
    as_of
        The day to count up to (default today).

    Returns
    -------
    DataFrame indexed by group with columns contacted, responded, rate, low, high, sorted by
    contacted (largest first), then rate; ties keep the order groups first appear in.
    """
    if by is not None and by not in contacts.columns:
        raise KeyError(f"response_rates: no column {by!r} in the contacts.")
    view = as_of_view(contacts, as_of, columns=[by] if by else [])
    contacted = _contacted(view).to_numpy(bool)
    responded = view["responded"].to_numpy(bool) & contacted
    if by is None:
        codes, names = np.zeros(len(view), dtype=np.intp), pd.Index(["all"], dtype="str")
    else:
        codes, names = _groups(view[by])
    counts = pd.DataFrame(
        {
            "contacted": np.bincount(codes[contacted], minlength=len(names)),
            "responded": np.bincount(codes[responded], minlength=len(names)),
        },
        index=names.rename(by or "group"),
    )
    counts = counts[counts["contacted"] > 0]
    counts["rate"] = counts["responded"] / counts["contacted"]
    counts = counts.sort_values(["contacted", "rate"], ascending=False, kind="stable")
    counts["low"], counts["high"] = wilson_interval(counts["responded"], counts["contacted"])
    return counts.astype({"contacted": "int64", "responded": "int64"})


def network_growth(
    contacts: pd.DataFrame, *, freq: str = "W", by: str | None = None, as_of: object = None
) -> pd.DataFrame:
    """Cumulative contacts (by the day they were added, or first contacted) and meetings held,
    up to ``as_of`` (default today).

    Parameters
    ----------
    freq
        A pandas frequency: "D", "W", "MS", "QS"...
    by
        A column (e.g. "source"): one cumulative column of contacts per group instead.
    as_of
        The last day counted: meetings after it have not happened yet.

    Returns
    -------
    DataFrame indexed by period ("when"), columns ``contacts`` and ``meetings`` (or one per
    group, in name order), from the first period with an event to the last.
    """
    view = as_of_view(contacts, as_of, columns=[by] if by else [])
    added = view["added_on"].fillna(view["contacted_on"])
    known = added.notna()
    if not known.any():
        return pd.DataFrame({"contacts": pd.Series(dtype="int64")})
    if by is not None:
        codes, names = _groups(view.loc[known, by])
        events = pd.DataFrame({"group": codes}, index=pd.DatetimeIndex(added[known]))
        counts = events.groupby([pd.Grouper(freq=freq), "group"]).size().unstack(fill_value=0)
        counts = counts.asfreq(freq, fill_value=0).cumsum()  # quiet periods too
        counts.columns = names[counts.columns]
        table = counts[counts.columns.sort_values()].rename_axis(index="when", columns="group")
        return table.astype("int64")
    held = view["met_on"].where(view["met_on"] < as_timestamp(as_of) + _DAY).dropna()
    when = pd.DatetimeIndex(pd.concat([added[known], held]))
    kind = np.repeat([0, 1], [known.sum(), len(held)])
    events = pd.DataFrame({"contacts": kind == 0, "meetings": kind == 1}, index=when)
    table = events.astype("int64").sort_index().resample(freq).sum().cumsum()
    table.index.name = "when"
    return table


def _replies(view: pd.DataFrame) -> pd.DataFrame:
    """The rows of a view with both a contact and a reply date, and the days between."""
    rows = view[view["contacted_on"].notna() & view["responded_on"].notna()]
    asked, answered = rows["contacted_on"], rows["responded_on"]
    return pd.DataFrame(
        {
            "name": rows["name"],
            "contacted_on": asked,
            "responded_on": answered,
            "days": (answered.dt.normalize() - asked.dt.normalize()).dt.days.astype("int64"),
            "business_days": business_days(asked, answered),
        }
    )


def time_to_response(contacts: pd.DataFrame, *, as_of: object = None) -> pd.DataFrame:
    """Days from first contact to reply, for those who replied by ``as_of`` (both dates known).

    Returns a DataFrame (name, contacted_on, responded_on, days, business_days). Those who never
    replied are not in it; :func:`response_time_summary` counts them.
    """
    return _replies(as_of_view(contacts, as_of, columns=["name"]))


def response_time_summary(contacts: pd.DataFrame, *, as_of: object = None) -> pd.Series:
    """replied, no_reply, median_days, mean_days, within_3_business_days (share), as of
    ``as_of``."""
    view = as_of_view(contacts, as_of, columns=["name"])
    times = _replies(view)
    no_reply = (_contacted(view) & ~view["responded"].astype(bool)).sum()
    replied = len(times)
    quick = (times["business_days"] <= BOOSTER_DAYS).mean() if replied else np.nan
    return pd.Series(
        {
            "replied": replied,
            "no_reply": int(no_reply),
            "median_days": float(times["days"].median()) if replied else np.nan,
            "mean_days": float(times["days"].mean()) if replied else np.nan,
            "within_3_business_days": float(quick),
        }
    )


def responsiveness(contacts: pd.DataFrame, *, as_of: object = None) -> pd.Series:
    """Label each contacted person after the 2-Hour Job Search method, as of ``as_of``.

    - **Booster**: replied within 3 business days.
    - **Obligate**: replied, later than that.
    - **Curmudgeon**: no reply after 3 business days.

    Not yet contacted, or contacted less than 3 business days ago without a reply: missing.
    The labels are an ordered categorical (Booster < Obligate < Curmudgeon), so counts list
    all three even when one is absent. Indexed like ``contacts``.
    """
    day = as_timestamp(as_of)
    view = as_of_view(contacts.reset_index(drop=True), day, columns=[])
    asked = view["contacted_on"]
    replied = view["responded"].astype(bool)
    quick = business_days(asked, view["responded_on"]) <= BOOSTER_DAYS
    waited = business_days(asked, day) > BOOSTER_DAYS
    code = np.select([asked.isna(), replied & quick, replied, waited], [-1, 0, 1, 2], default=-1)
    labels = pd.Categorical.from_codes(code, dtype=RESPONSIVENESS)  # -1: missing
    labels = pd.Series(labels, index=view.index, name="responsiveness")
    if len(view) == len(contacts):
        return labels
    rows = pd.RangeIndex(len(contacts))  # positions: the sheet's labels may repeat
    return labels.reindex(rows).set_axis(contacts.index)


def referral_edges(contacts: pd.DataFrame, *, as_of: object = None) -> pd.DataFrame:
    """Who introduced whom: one row per contact with a ``referred_by`` (referrer, name).

    A referrer who is on the list is named as the list writes them, whatever the case, spacing
    or accents of ``referred_by``; others as written, trimmed.
    """
    view = as_of_view(contacts, as_of, columns=["name", "referred_by"])
    rows = view[view["referred_by"].notna()]
    found = find_names(contacts["name"], rows["referred_by"])
    known = found >= 0
    referrer = rows["referred_by"].str.strip().to_numpy(dtype=object)
    referrer[known] = contacts["name"].iloc[found[known]].to_numpy(dtype=object)
    return pd.DataFrame(
        {"referrer": pd.array(referrer, dtype="str"), "name": rows["name"].to_numpy(dtype=object)}
    ).astype("str")


def referral_multiplier(contacts: pd.DataFrame, *, as_of: object = None) -> float:
    """Contacts gained through introductions per conversation held (NaN with no meetings)."""
    view = as_of_view(contacts, as_of, columns=["source", "referred_by"])
    met = int(_met(view, as_of).sum())
    return int(_referred(view).sum()) / met if met else float("nan")


def weekly_outreach(contacts: pd.DataFrame, *, goal: int = 5, as_of: object = None) -> pd.DataFrame:
    """Requests sent per week (weeks starting Monday) against a weekly goal.

    Returns a DataFrame indexed by week start: requests, goal, met_goal. Weeks run from the
    first request to the week of ``as_of`` (default today), with empty weeks as 0; requests
    after ``as_of`` are not counted.
    """
    day = as_timestamp(as_of)
    sent = as_of_view(contacts, day, columns=[])["contacted_on"].dropna()
    if sent.empty:
        return pd.DataFrame({"requests": [], "goal": [], "met_goal": []}).astype(
            {"requests": "int64", "goal": "int64", "met_goal": bool}
        )
    monday = sent.dt.normalize() - pd.to_timedelta(sent.dt.day_of_week, unit="D")
    weeks = pd.date_range(monday.min(), day - pd.Timedelta(days=day.day_of_week), freq="7D")
    requests = monday.value_counts().reindex(weeks, fill_value=0).astype("int64")
    table = pd.DataFrame({"requests": requests, "goal": goal, "met_goal": requests >= goal})
    table.index = pd.DatetimeIndex(weeks.astype("datetime64[ns]"), name="week")
    return table.astype({"goal": "int64"})
