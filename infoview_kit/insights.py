"""What a contacts frame says about a job seeker's networking: funnel, response rates with
honest uncertainty, growth, reply times, responsiveness, referrals and weekly outreach.

Every function takes the canonical frame (see :mod:`infoview_kit.schema`) and is vectorised:
no loop runs per contact. Frames are built with ``copy=False`` from arrays made for them alone:
pandas would otherwise copy every column once more (and merge those of one type).
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
_STAGES = pd.Index(FUNNEL_STAGES)  # an Index is immutable: every funnel can share it
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
    return (col.instants(contacts["contacted_on"]) != col.NONE) | col.is_in(
        contacts["status"], ["to-contact"], invert=True
    )


def _today(as_of: object) -> int:
    """``as_of`` (see :func:`as_timestamp`) as an instant of :func:`~_columns.instants`."""
    return int(col.day(as_timestamp(as_of)).astype("datetime64[ns]").view(np.int64))


def _met(contacts: pd.DataFrame, as_of: object = None) -> np.ndarray:
    """Per row: the conversation took place by ``as_of`` (allowing a day), or the status says so."""
    met = col.instants(contacts["met_on"])
    return ((met <= _today(as_of) + col.DAY) & (met != col.NONE)) | col.is_in(
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
    thanked = (col.instants(contacts["thanked_on"]) != col.NONE) | col.is_in(
        contacts["status"], ["thanked"]
    )
    values = [
        len(contacts),
        np.count_nonzero(_contacted(contacts)),
        np.count_nonzero(col.flag(contacts["responded"])),
        np.count_nonzero(_met(contacts, as_of)),
        np.count_nonzero(thanked),
        np.count_nonzero(_referred(contacts)),
    ]
    return pd.Series(np.array(values, dtype=np.int64), index=_STAGES, name="contacts")


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
        found, names, first = None, np.array(["all"], dtype=object), np.zeros(1)
        tried = np.array([np.count_nonzero(contacted)])
        answered = np.array([np.count_nonzero(responded)])
    else:
        if by not in contacts.columns:
            raise KeyError(f"response_rates: no column {by!r} in the contacts.")
        found, names, first = _groups(contacts[by])
        # One count per group and state (0 not contacted, 1 contacted, 2 also responded).
        if 3 * len(names) > np.iinfo(found.dtype).max:
            found = found.astype(np.int64)
        state = contacted.view(np.int8) + responded.view(np.int8)
        counts = np.bincount(found * 3 + state, minlength=3 * len(names)).reshape(-1, 3)
        tried, answered = counts[:, 1] + counts[:, 2], counts[:, 2]
    shown = np.flatnonzero(tried > 0)
    tried, answered = tried[shown], answered[shown]
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = answered / tried
    # Most contacted first, then the best rate; ties keep the order groups first appear in.
    order = np.lexsort((first[shown], -rate, -tried))
    shown, tried, answered, rate = shown[order], tried[order], answered[order], rate[order]
    low, high = wilson_interval(answered, tried)
    return pd.DataFrame(
        {"contacted": tried, "responded": answered, "rate": rate, "low": low, "high": high},
        index=pd.Index(names[shown], dtype=col.STR, name=by or "group"),
        copy=False,
    )


def _groups(values: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per row a group number, each group's name as text, and the order in which the groups
    first appear; blanks form "(blank)", and values that read alike once written out (1 and
    "1") share a group."""
    found, uniques = col.codes(values)  # numbered in the order they first appear
    names = uniques.to_numpy(zero_copy_only=False)
    first = np.arange(len(names), dtype=float)
    blank = np.flatnonzero(found < 0)
    if len(blank):
        # Every group that appears before the first blank has a lower number than any after.
        before = int(found[: blank[0]].max(initial=-1)) + 1
        first = np.append(np.where(first < before, first, first + 1), before)
        found = np.where(found < 0, len(names), found)
        names = np.append(names, "(blank)")
    if len(np.unique(names)) < len(names):  # a group written "(blank)" in the sheet
        names, merged = np.unique(names, return_inverse=True)
        found = merged[found]
        first = np.full(len(names), np.inf)
        np.minimum.at(first, found, np.arange(len(found)))
    return found, names, first


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
    added = col.instants(contacts["added_on"])
    added = np.where(added != col.NONE, added, col.instants(contacts["contacted_on"]))
    known = added != col.NONE
    if not known.any():
        return pd.DataFrame({"contacts": pd.Series(dtype="int64")})
    added = col.day_ints(col.pick(added, known))
    if by is not None:
        found, names, _ = _groups(contacts[by])
        periods, where = _periods(added, freq)
        counts = np.bincount(
            where * len(names) + col.pick(found, known), minlength=len(periods) * len(names)
        ).reshape(len(periods), len(names))
        shown = np.flatnonzero(counts.sum(axis=0) > 0)
        shown = shown[np.argsort(names[shown], kind="stable")]
        columns = pd.Index(names[shown], dtype=col.STR, name="group")
        table = pd.DataFrame(np.cumsum(counts[:, shown], axis=0), index=periods, columns=columns)
        table.index.name = "when"
        return table
    met = col.instants(contacts["met_on"])
    met = col.day_ints(col.pick(met, met != col.NONE))
    periods, where = _periods(np.concatenate([added, met]), freq)
    split = len(added)
    table = pd.DataFrame(
        {
            "contacts": np.cumsum(np.bincount(where[:split], minlength=len(periods))),
            "meetings": np.cumsum(np.bincount(where[split:], minlength=len(periods))),
        },
        index=periods,
        copy=False,
    )
    table.index.name = "when"
    return table


def _periods(days: np.ndarray, freq: str) -> tuple[pd.DatetimeIndex, np.ndarray]:
    """The periods of ``freq`` from the first of ``days`` (day numbers, or ``datetime64``
    days) to the last, labelled as pandas' ``resample`` labels them, and each day's period."""
    days = np.asarray(days)
    if days.dtype.kind == "M":
        days = days.astype("datetime64[D]").view(np.int64)
    first, last = int(days.min()), int(days.max())
    offset = pd.tseries.frequencies.to_offset(freq)
    if offset.n == 1 and type(offset) is pd.offsets.Day:
        return _index(np.arange(first, last + 1).view("datetime64[D]"), offset), days - first
    if offset.n == 1 and type(offset) is pd.offsets.Week and offset.weekday is not None:
        # A week ends on its weekday (Sunday for "W") and is labelled with that day.
        end = first + (offset.weekday - (first + 3)) % 7  # 1970-01-01 was a Thursday
        labels = np.arange(end, last + 7, 7)
        return _index(labels.view("datetime64[D]"), offset), (days - end + 6) // 7
    if offset.n == 1 and type(offset) in (pd.offsets.MonthBegin, pd.offsets.MonthEnd):
        calendar = col.months_of(np.arange(first, last + 1))  # each day once, then looked up
        months = calendar[days - first]
        low = int(calendar[0])
        span = np.arange(low, int(months.max()) + 2).view("datetime64[M]").astype("datetime64[D]")
        labels = span[:-1] if isinstance(offset, pd.offsets.MonthBegin) else span[1:] - 1
        return _index(labels, offset), months - low
    return _periods_by_resample(days, first, last, freq)


def _index(days: np.ndarray, offset: pd.DateOffset) -> pd.DatetimeIndex:
    """Days as the index ``resample`` would label them with (seconds, as pandas keeps days)."""
    return pd.DatetimeIndex(days.astype("datetime64[s]"), freq=offset)


def _periods_by_resample(days, first, last, freq) -> tuple[pd.DatetimeIndex, np.ndarray]:
    """Any frequency: the periods as ``resample`` bins the calendar from ``first`` to ``last``."""
    calendar = pd.date_range(np.datetime64(first, "D"), np.datetime64(last, "D"), freq="D")
    bins = pd.Series(np.arange(len(calendar)), index=calendar).resample(freq).min().dropna()
    starts = bins.to_numpy(dtype=np.int64)  # the first calendar day in each period
    where = np.searchsorted(starts, days - first, side="right") - 1
    return pd.DatetimeIndex(bins.index), where


def time_to_response(contacts: pd.DataFrame) -> pd.DataFrame:
    """Days from first contact to reply, for those who replied (with both dates known).

    Returns a DataFrame (name, contacted_on, responded_on, days, business_days). Those who never
    replied are not in it; :func:`response_time_summary` counts them.
    """
    rows, asked, answered = _replies(contacts)
    return pd.DataFrame(
        {
            "name": col.text(col.arrow(contacts["name"], rows)),
            "contacted_on": contacts["contacted_on"].array.take(rows),
            "responded_on": contacts["responded_on"].array.take(rows),
            "days": answered - asked,
            "business_days": col.busdays(asked, answered),
        },
        index=contacts.index[rows],
        copy=False,
    )


def _replies(contacts: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Positions of the rows with both a contact and a reply date, and those two days."""
    asked = col.instants(contacts["contacted_on"])
    answered = col.instants(contacts["responded_on"])
    rows = np.flatnonzero((asked != col.NONE) & (answered != col.NONE))
    return rows, col.day_ints(asked[rows]), col.day_ints(answered[rows])


def response_time_summary(contacts: pd.DataFrame) -> pd.Series:
    """replied, no_reply, median_days, mean_days, within_3_business_days (share)."""
    _, asked, answered = _replies(contacts)
    days = answered - asked
    no_reply = np.count_nonzero(_contacted(contacts) & ~col.flag(contacts["responded"]))
    replied = len(days)
    return pd.Series(
        {
            "replied": replied,
            "no_reply": int(no_reply),
            "median_days": _median(days) if replied else np.nan,
            "mean_days": float(days.mean()) if replied else np.nan,
            "within_3_business_days": (
                float(np.count_nonzero(col.busdays(asked, answered) <= BOOSTER_DAYS) / replied)
                if replied
                else np.nan
            ),
        }
    )


def _median(values: np.ndarray) -> float:
    """The median of whole numbers: by counting when they span a short range (day counts do),
    which is several times faster than ``numpy.median``'s partial sort."""
    low, high = int(values.min()), int(values.max())
    if high - low > 4 * len(values):
        return float(np.median(values))
    running = np.cumsum(np.bincount(values - low))
    middle = np.searchsorted(running, [(len(values) + 1) // 2, len(values) // 2 + 1])
    return low + float(middle.mean())  # the middle value, or the mean of the middle two


def responsiveness(contacts: pd.DataFrame, *, as_of: object = None) -> pd.Series:
    """Label each contacted person after the 2-Hour Job Search method.

    - **Booster**: replied within 3 business days.
    - **Obligate**: replied, later than that.
    - **Curmudgeon**: no reply after 3 business days.

    Not yet contacted, or contacted less than 3 business days ago without a reply: missing.
    The labels are an ordered categorical (Booster < Obligate < Curmudgeon), so counts list
    all three even when one is absent.
    """
    asked = col.instants(contacts["contacted_on"])
    answered = col.instants(contacts["responded_on"])
    replied = col.flag(contacts["responded"])
    start = col.day_ints(asked)  # meaningless where never asked: masked at the end
    quick = col.busdays_at_most(start, col.day_ints(answered), BOOSTER_DAYS)
    quick &= answered != col.NONE
    waited = ~col.busdays_at_most(start, _today(as_of) // col.DAY, BOOSTER_DAYS)
    # Codes in one byte each: replied, Booster 0 if quick else Obligate 1; otherwise
    # Curmudgeon 2 once they have had long enough, else -1 (missing).
    said = replied.view(np.int8)
    label = said * (1 - quick.view(np.int8)) + (1 - said) * (waited.view(np.int8) * 3 - 1)
    label[np.flatnonzero(asked == col.NONE)] = -1  # never asked: nothing to say (no branches)
    labels = pd.Categorical.from_codes(label, dtype=RESPONSIVENESS)
    return pd.Series(labels, index=contacts.index, name="responsiveness")


def referral_edges(contacts: pd.DataFrame) -> pd.DataFrame:
    """Who introduced whom: one row per contact with a ``referred_by`` (referrer, name)."""
    rows = np.flatnonzero(col.notna(contacts["referred_by"]))
    return pd.DataFrame(
        {
            "referrer": col.text(col.arrow(contacts["referred_by"], rows)),
            "name": col.text(col.arrow(contacts["name"], rows)),
        },
        copy=False,
    )


def referral_multiplier(contacts: pd.DataFrame, *, as_of: object = None) -> float:
    """Contacts gained through introductions per conversation held (NaN with no meetings)."""
    met = np.count_nonzero(_met(contacts, as_of))
    return np.count_nonzero(_referred(contacts)) / met if met else float("nan")


def weekly_outreach(contacts: pd.DataFrame, *, goal: int = 5, as_of: object = None) -> pd.DataFrame:
    """Requests sent per week (weeks starting Monday) against a weekly goal.

    Returns a DataFrame indexed by week start: requests, goal, met_goal. Weeks run from the
    first request to the week of ``as_of`` (default today), with empty weeks as 0.
    """
    sent = col.instants(contacts["contacted_on"])
    sent = col.day_ints(col.pick(sent, sent != col.NONE))
    if not len(sent):
        return pd.DataFrame({"requests": [], "goal": [], "met_goal": []}).astype(
            {"requests": "int64", "goal": "int64", "met_goal": bool}
        )
    monday = 4  # day 4 of 1970 was a Monday
    week = (sent - monday) // 7  # weeks since that Monday
    first = int(week.min())
    last = max(int(week.max()), (_today(as_of) // col.DAY - monday) // 7)
    requests = np.bincount(week - first, minlength=last - first + 1)
    starts = (monday + 7 * np.arange(first, last + 1)).view("datetime64[D]")
    return pd.DataFrame(
        {
            "requests": requests.astype(np.int64, copy=False),
            "goal": np.full(len(requests), goal, dtype=np.int64),
            "met_goal": requests >= goal,
        },
        index=pd.DatetimeIndex(starts.astype("datetime64[ns]"), name="week"),
        copy=False,
    )
