"""What a contacts frame says about a job seeker's networking: funnel, response rates with
honest uncertainty, growth, reply times, responsiveness, referrals and weekly outreach.

Every function takes the canonical frame (see :mod:`infoview_kit.schema`) and is vectorised:
no loop runs per contact.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

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
        end = pd.Series(end, index=start.index)
    valid = start.notna() & end.notna()
    out = pd.Series(np.nan, index=start.index)
    if valid.any():
        a = start[valid].to_numpy(dtype="datetime64[D]")
        b = end[valid].to_numpy(dtype="datetime64[D]")
        out[valid] = np.busday_count(a, b)
    return out


def _contacted(contacts: pd.DataFrame) -> pd.Series:
    status = contacts["status"]
    return contacts["contacted_on"].notna() | (status.notna() & (status != "to-contact"))


def _met(contacts: pd.DataFrame, as_of: pd.Timestamp | None = None) -> pd.Series:
    as_of = as_timestamp(as_of)
    held = contacts["met_on"].notna() & (contacts["met_on"] <= as_of + pd.Timedelta(days=1))
    return held | contacts["status"].isin(["met", "thanked"])


def funnel(contacts: pd.DataFrame, *, as_of: object = None) -> pd.Series:
    """How many contacts reached each stage.

    Returns a Series indexed ``listed, contacted, responded, met, thanked, referrals``:
    referrals counts contacts who came through an introduction (source "referral" or a
    ``referred_by``).
    """
    referrals = (contacts["source"] == "referral").fillna(False) | contacts["referred_by"].notna()
    values = [
        len(contacts),
        int(_contacted(contacts).sum()),
        int(contacts["responded"].sum()),
        int(_met(contacts, as_of).sum()),
        int((contacts["thanked_on"].notna() | (contacts["status"] == "thanked")).sum()),
        int(referrals.sum()),
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
    frame = pd.DataFrame(
        {"contacted": contacted.astype(int), "responded": (contacts["responded"] & contacted)}
    )
    if by is None:
        groups = pd.Series("all", index=contacts.index, dtype="str")
    else:
        if by not in contacts.columns:
            raise KeyError(f"response_rates: no column {by!r} in the contacts.")
        groups = contacts[by].astype("str").fillna("(blank)")
    table = frame.groupby(groups.rename(by or "group"), sort=False).sum()
    table = table[table["contacted"] > 0].astype("int64")
    low, high = wilson_interval(table["responded"], table["contacted"])
    table["rate"] = table["responded"] / table["contacted"]
    table["low"], table["high"] = low, high
    return table.sort_values(["contacted", "rate"], ascending=False, kind="stable")


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
    added = contacts["added_on"].fillna(contacts["contacted_on"])
    if added.notna().sum() == 0:
        return pd.DataFrame({"contacts": pd.Series(dtype="int64")})
    if by is not None:
        groups = contacts[by].astype("str").fillna("(blank)")
        counts = (
            pd.DataFrame({"when": added, "group": groups})
            .dropna(subset=["when"])
            .groupby([pd.Grouper(key="when", freq=freq), "group"])
            .size()
            .unstack(fill_value=0)
        )
        return counts.cumsum().astype("int64")
    added_counts = added.dropna().to_frame("when").groupby(pd.Grouper(key="when", freq=freq)).size()
    met = contacts["met_on"].dropna().to_frame("when")
    met_counts = met.groupby(pd.Grouper(key="when", freq=freq)).size()
    table = pd.concat({"contacts": added_counts, "meetings": met_counts}, axis=1).fillna(0)
    table = table.sort_index().asfreq(freq, fill_value=0) if len(table) > 1 else table
    return table.cumsum().astype("int64")


def time_to_response(contacts: pd.DataFrame) -> pd.DataFrame:
    """Days from first contact to reply, for those who replied (with both dates known).

    Returns a DataFrame (name, contacted_on, responded_on, days, business_days). Those who never
    replied are not in it; :func:`response_time_summary` counts them.
    """
    both = contacts["contacted_on"].notna() & contacts["responded_on"].notna()
    replied = contacts.loc[both, ["name", "contacted_on", "responded_on"]].copy()
    replied["days"] = (replied["responded_on"] - replied["contacted_on"]).dt.days.astype("int64")
    replied["business_days"] = business_days(
        replied["contacted_on"], replied["responded_on"]
    ).astype("int64")
    return replied


def response_time_summary(contacts: pd.DataFrame) -> pd.Series:
    """replied, no_reply, median_days, mean_days, within_3_business_days (share)."""
    times = time_to_response(contacts)
    contacted = _contacted(contacts)
    no_reply = int((contacted & ~contacts["responded"]).sum())
    return pd.Series(
        {
            "replied": len(times),
            "no_reply": no_reply,
            "median_days": float(times["days"].median()) if len(times) else np.nan,
            "mean_days": float(times["days"].mean()) if len(times) else np.nan,
            "within_3_business_days": (
                float((times["business_days"] <= BOOSTER_DAYS).mean()) if len(times) else np.nan
            ),
        }
    )


def responsiveness(contacts: pd.DataFrame, *, as_of: object = None) -> pd.Series:
    """Label each contacted person after the 2-Hour Job Search method.

    - **Booster**: replied within 3 business days.
    - **Obligate**: replied, later than that.
    - **Curmudgeon**: no reply after 3 business days.

    Not yet contacted, or contacted less than 3 business days ago without a reply: missing.
    """
    as_of = as_timestamp(as_of)
    contacted_on = contacts["contacted_on"]
    waited = business_days(contacted_on, as_of)
    reply_days = business_days(contacted_on, contacts["responded_on"])
    replied = contacts["responded"].to_numpy(dtype=bool)
    labels = np.select(
        [
            replied & (reply_days <= BOOSTER_DAYS).to_numpy(),
            replied & contacted_on.notna().to_numpy(),
            ~replied & (waited > BOOSTER_DAYS).to_numpy(),
        ],
        ["Booster", "Obligate", "Curmudgeon"],
        default="",
    )
    out = pd.Series(labels, index=contacts.index, dtype="str", name="responsiveness")
    return out.where(out != "")


def referral_edges(contacts: pd.DataFrame) -> pd.DataFrame:
    """Who introduced whom: one row per contact with a ``referred_by`` (referrer, name)."""
    edges = contacts.loc[contacts["referred_by"].notna(), ["referred_by", "name"]]
    return edges.rename(columns={"referred_by": "referrer"}).reset_index(drop=True)


def referral_multiplier(contacts: pd.DataFrame, *, as_of: object = None) -> float:
    """Contacts gained through introductions per conversation held (NaN with no meetings)."""
    stages = funnel(contacts, as_of=as_of)
    return float(stages["referrals"] / stages["met"]) if stages["met"] else float("nan")


def weekly_outreach(contacts: pd.DataFrame, *, goal: int = 5, as_of: object = None) -> pd.DataFrame:
    """Requests sent per week (weeks starting Monday) against a weekly goal.

    Returns a DataFrame indexed by week start: requests, goal, met_goal. Weeks run from the
    first request to the week of ``as_of`` (default today), with empty weeks as 0.
    """
    sent = contacts["contacted_on"].dropna()
    if sent.empty:
        return pd.DataFrame({"requests": [], "goal": [], "met_goal": []}).astype(
            {"requests": "int64", "goal": "int64", "met_goal": bool}
        )
    as_of = as_timestamp(as_of)
    week = (sent - pd.to_timedelta(sent.dt.day_of_week, unit="D")).dt.normalize()
    counts = week.value_counts().sort_index()
    last = max(counts.index.max(), as_of - pd.Timedelta(days=as_of.weekday()))
    weeks = pd.date_range(counts.index.min(), last, freq="7D")
    table = counts.reindex(weeks, fill_value=0).rename("requests").to_frame()
    table.index.name = "week"
    table["goal"] = goal
    table["met_goal"] = table["requests"] >= goal
    return table.astype({"requests": "int64", "goal": "int64"})
