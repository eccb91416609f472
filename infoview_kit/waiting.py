""" "Is it still worth waiting?": the chance that an unanswered request still gets a reply.

Learnt from the person's own requests: each one either got a reply after some days, or is still
waiting (and so only says "no reply for at least this long"). The Kaplan-Meier estimate counts
both honestly, the waiting ones as censored (``scipy.stats.ecdf`` on ``CensoredData``), with a
95% interval; few requests give a wide interval, and the words say so.

>>> chance = reply_chance(contacts, waited=7, as_of="2026-11-01")   # doctest: +SKIP
>>> chance.words                                                   # doctest: +SKIP
'Of your 21 requests unanswered after 7 days, about 1 in 5 still got a reply ...'
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .as_of import as_timestamp

__all__ = [
    "ReplyChance",
    "about",
    "reply_chance",
    "reply_chances",
    "reply_times",
    "with_reply_chances",
]

#: Fewer unanswered requests than this after the days waited: the words say it is too few.
SMALL_SAMPLE = 10


def reply_times(contacts: pd.DataFrame, *, as_of: object = None) -> pd.DataFrame:
    """Every request made by ``as_of``, with how many days it waited and whether it got a reply.

    Parameters
    ----------
    contacts
        The canonical frame (uses contacted_on, responded, responded_on).
    as_of
        The day to look from (default today); later requests and replies do not count.

    Returns
    -------
    DataFrame with columns name, days (to the reply, or waited so far) and replied (bool), one
    row per request. A reply with no date (a "yes" without a reply date) cannot be placed in
    time and is left out.
    """
    today = as_timestamp(as_of)
    asked = contacts["contacted_on"]
    replied_on = contacts["responded_on"].where(contacts["responded_on"] <= today)
    made = asked.notna() & (asked <= today)
    undated = contacts["responded"].fillna(False).astype(bool) & contacts["responded_on"].isna()
    keep = made & ~undated
    replied = replied_on[keep].notna()
    end = replied_on[keep].where(replied, today)
    days = (end - asked[keep]).dt.days.clip(lower=0)
    return pd.DataFrame(
        {
            "name": contacts.loc[keep, "name"],
            "days": days.astype("int64"),
            "replied": replied.astype(bool),
        }
    ).reset_index(drop=True)


@dataclass(frozen=True)
class ReplyChance:
    """The chance that a request unanswered after ``waited`` days still gets a reply.

    Attributes
    ----------
    waited
        Days already waited.
    more
        Within this many more days (None: within the longest wait seen).
    unanswered
        How many of the person's requests went ``waited`` days without a reply.
    replied_later
        How many of those did get a reply later.
    chance, low, high
        The Kaplan-Meier estimate and its 95% interval (0 to 1); NaN with no requests.
    """

    waited: int
    more: int | None
    unanswered: int
    replied_later: int
    chance: float
    low: float
    high: float

    @property
    def small(self) -> bool:
        """Too few requests waited this long to say much."""
        return self.unanswered < SMALL_SAMPLE

    @property
    def words(self) -> str:
        """The answer in plain words, saying when the sample is small."""
        days = f"{self.waited} day{'s' if self.waited != 1 else ''}"
        within = f" within {self.more} more days" if self.more is not None else ""
        if self.unanswered == 0:
            return (
                f"None of your requests has gone more than {days} without a reply yet: "
                "nothing to go on."
            )
        if self.small:
            return (
                f"Only {self.unanswered} of your requests went more than {days} without a reply, "
                "too few "
                f"to tell; {self.replied_later} of them got a reply later{within}."
            )
        return (
            f"Of your {self.unanswered} requests unanswered after {days}, {about(self.chance)} "
            f"still got a reply{within} (likely between {self.low:.0%} and {self.high:.0%})."
        )


def reply_chance(
    contacts: pd.DataFrame,
    waited: int,
    more: int | None = None,
    *,
    as_of: object = None,
    times: pd.DataFrame | None = None,
) -> ReplyChance:
    """The chance that a request with no reply after ``waited`` days still gets one.

    The requests that were still unanswered after ``waited`` days are followed from there: a
    Kaplan-Meier estimate (product-limit, ``scipy.stats.ecdf``) with requests still waiting
    counted as censored, and a 95% log-log interval. With no reply among them the interval's
    upper end is the exact binomial bound for zero successes.

    Parameters
    ----------
    contacts
        The canonical frame.
    waited
        Days the request has waited so far.
    more
        Within how many more days (default: by the longest wait seen).
    as_of
        The day to look from (default today).
    times
        :func:`reply_times` of ``contacts`` as of that day, when already worked out.

    Returns
    -------
    ReplyChance
    """
    if times is None:
        times = reply_times(contacts, as_of=as_of)
    return _chance(times, waited, more)


def _chance(times: pd.DataFrame, waited: int, more: int | None) -> ReplyChance:
    """``reply_chance`` on the requests' reply times (from ``reply_times``)."""
    later = times[times["days"] > waited]
    n, replied = len(later), int(later["replied"].sum())
    if n == 0:
        return ReplyChance(waited, more, 0, 0, np.nan, np.nan, np.nan)
    shifted = later["days"].to_numpy() - waited
    horizon = shifted.max() if more is None else more
    replied_in_time = int((later["replied"] & (shifted <= horizon)).sum())
    if replied == 0 or replied_in_time == 0:
        high = 1 - 0.05 ** (1 / n)  # no reply seen: 0, and at most this (95%)
        return ReplyChance(waited, more, n, replied_in_time, 0.0, 0.0, float(high))
    from scipy import stats  # imported when needed: the package imports stay light

    data = stats.CensoredData(
        uncensored=shifted[later["replied"].to_numpy()],
        right=shifted[~later["replied"].to_numpy()],
    )
    still = stats.ecdf(data).sf
    with warnings.catch_warnings():  # undefined where none or all replied: handled below
        warnings.simplefilter("ignore", RuntimeWarning)
        band = still.confidence_interval(0.95, method="log-log")
    chance = 1 - float(still.evaluate(horizon))
    low = 1 - float(np.nan_to_num(band.high.evaluate(horizon), nan=1.0))
    high = 1 - float(np.nan_to_num(band.low.evaluate(horizon), nan=0.0))
    return ReplyChance(
        waited, more, n, replied_in_time, chance, min(low, chance), max(high, chance)
    )


def reply_chances(
    contacts: pd.DataFrame, days: range | list[int] | None = None, *, as_of: object = None
) -> pd.DataFrame:
    """For each number of days waited, the chance that a reply still comes (for the chart).

    Parameters
    ----------
    days
        The days waited to look at (default: 0 up to the longest reply time seen).

    Returns
    -------
    DataFrame with columns waited, unanswered, replied_later, chance, low, high.
    """
    times = reply_times(contacts, as_of=as_of)
    if days is None:
        longest = int(times.loc[times["replied"], "days"].max()) if times["replied"].any() else 0
        days = range(0, longest + 1)
    rows = [_chance(times, waited, None) for waited in days]
    return pd.DataFrame(
        {
            "waited": pd.Series([r.waited for r in rows], dtype="int64"),
            "unanswered": pd.Series([r.unanswered for r in rows], dtype="int64"),
            "replied_later": pd.Series([r.replied_later for r in rows], dtype="int64"),
            "chance": pd.Series([r.chance for r in rows], dtype="float64"),
            "low": pd.Series([r.low for r in rows], dtype="float64"),
            "high": pd.Series([r.high for r in rows], dtype="float64"),
        }
    )


def with_reply_chances(
    items: pd.DataFrame, contacts: pd.DataFrame, *, as_of: object = None
) -> pd.DataFrame:
    """Follow-ups whose 3B7 reasons also say how often a late reply still came.

    Parameters
    ----------
    items
        :func:`~infoview_kit.follow_ups`' output (name, company, action, due, reason, ...).
    contacts
        The canonical frame the items came from.
    as_of
        The day they were made for (default today).

    Returns
    -------
    A copy of ``items`` where each "try someone else" and "polite follow-up" reason ends with
    the words of :func:`reply_chance` for the days that request has waited.
    """
    today = as_timestamp(as_of)
    out = items.copy()
    chasing = (
        out["action"]
        .astype("str")
        .isin(["try someone else at the employer", "send one polite follow-up"])
    )
    if not chasing.any():
        return out
    key = contacts["name"].astype("str") + "\x1f" + contacts["company"].fillna("").astype("str")
    asked = contacts["contacted_on"].groupby(key.to_numpy(), sort=False).max()
    rows = out[chasing]
    wanted = rows["name"].astype("str") + "\x1f" + rows["company"].fillna("").astype("str")
    waited = (today - pd.Series(asked.reindex(wanted.to_numpy()).to_numpy(), rows.index)).dt.days
    times = reply_times(contacts, as_of=today)
    words = {d: _chance(times, int(d), None).words for d in waited.dropna().unique()}
    said = waited.map(words).fillna("")
    out.loc[chasing, "reason"] = (rows["reason"].astype("str") + " " + said).str.strip()
    return out


def about(share: float) -> str:
    """A share in words a person reads at a glance: 0.21 -> "about 1 in 5".

    >>> about(0.5), about(0.66), about(0.02), about(0.97)
    ('about half', 'about 2 in 3', 'hardly any', 'nearly all')
    """
    if share != share:
        return "an unknown share"
    if share < 0.05:
        return "hardly any"
    if share > 0.95:
        return "nearly all"
    best = min(
        ((k, n) for n in (2, 3, 4, 5, 10) for k in range(1, n)),
        key=lambda kn: (round(abs(kn[0] / kn[1] - share), 2), kn[1]),
    )
    return "about half" if best[0] * 2 == best[1] else f"about {best[0]} in {best[1]}"
