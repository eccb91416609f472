"""The contacts as they stood on a given day: what every insight and the follow-ups look at.

A sheet records what happened up to when it was last saved; asked about an earlier day, only
what had happened by the end of that day counts (:func:`as_of_view`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import numpy as np
import pandas as pd

from .errors import DateError

__all__ = ["FIRST_DAY", "LAST_DAY", "OUTSIDE", "as_of_view", "as_timestamp", "stage_by_dates"]

#: The days the kit reads, in a sheet's cells and as a day to look from or to log. A date holds
#: 1677-09-22 to 2262-04-11, and two dates more than 292 years apart cannot be subtracted (the
#: days waited for a reply, the weeks of a chart): 200 years keep every difference in reach.
FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2099, 12, 31)
#: What is said of a day outside them (after the day itself).
OUTSIDE = f"is outside the years the kit can read ({FIRST_DAY.year} to {LAST_DAY.year})"

_DAY = pd.Timedelta(days=1)
_DATES = ("added_on", "contacted_on", "responded_on", "met_on", "thanked_on", "last_contact_on")
_VIEWED = (*_DATES, "responded", "status")  # what the view reads
_BLANKED = ("contacted_on", "responded_on", "thanked_on")  # blank when later than the day
_KEPT = ("added_on", "met_on")  # never blanked (rows added later are left out)
#: The status the dates show (:func:`stage_by_dates`), furthest stage first (declined: as
#: written, if answered).
STAGES_BY_DATES = ("thanked", "met", "scheduled", "declined", "responded", "requested")
STAGES_BY_DATES += ("to-contact",)


def as_timestamp(as_of: object = None, *, name: str | None = "as_of") -> pd.Timestamp:
    """``as_of`` as a day (``datetime64[ns]``, like the kit's dates): None means today; a date,
    Timestamp or ISO string is accepted.

    Anything else, or a day outside :data:`FIRST_DAY` to :data:`LAST_DAY` (such as 0024-09-10
    typed for 2024), raises :class:`~infoview_kit.errors.DateError` (a ValueError) whose
    message names the value: as ``name=value``, or "The day ..." without ``name`` (for a date
    picked on a page).
    """
    if as_of is None or (isinstance(as_of, str) and not as_of.strip()):
        return pd.Timestamp.today().normalize().as_unit("ns")
    try:
        stamp = pd.Timestamp(as_of)
    except (ValueError, TypeError):
        stamp = pd.NaT
    if pd.isna(stamp):
        raise DateError(f"{_said(name, repr(as_of))} is not a date; write it like 2024-03-12.")
    day = stamp.tz_localize(None).normalize() if stamp.tzinfo else stamp.normalize()
    if not pd.Timestamp(FIRST_DAY) <= day <= pd.Timestamp(LAST_DAY):
        value = repr(as_of) if isinstance(as_of, str) else day.isoformat()[: -len("T00:00:00")]
        raise DateError(f"{_said(name, value)} {OUTSIDE}; write it like 2024-03-12.")
    return day.as_unit("ns")


def _said(name: str | None, value: str) -> str:
    return f"{name}={value}" if name else f"The day {value}"


def as_of_view(
    contacts: pd.DataFrame, as_of: object = None, *, columns: list[str] | None = None
) -> pd.DataFrame:
    """The contacts as they stood at the end of day ``as_of``.

    Rows added later are left out (a row without an ``added_on`` counts from its first
    request, reply or thank-you; a row without any of those dates is always there). Contact,
    reply and thank-you dates after that day are blanked; meeting dates are kept, so a later
    meeting reads as scheduled. ``responded``, ``status`` and ``last_contact_on`` are worked
    out again for that day wherever the row holds a later date (other than a meeting ahead
    on a row that already reads "scheduled"); other rows keep the status they were given.

    Parameters
    ----------
    contacts
        The canonical frame.
    as_of
        The day (see :func:`as_timestamp`); default today.
    columns
        The columns the caller reads: when rows are left out, only these (and the dates and
        status the view reads) are copied.

    Returns
    -------
    A frame with the same index labels (a subset of the rows), and the same columns, or at
    least ``columns``.
    """
    end = np.datetime64(as_timestamp(as_of) + _DAY, "ns")  # everything before it happened
    dates = {c: contacts[c].to_numpy("datetime64[ns]") for c in _DATES}
    # Without an added date, the first request, reply or thank-you (meetings are set ahead).
    first = np.fmin.reduce([dates[c] for c in _BLANKED])
    added = np.where(np.isnat(dates["added_on"]), first, dates["added_on"])
    listed = ~(added >= end)
    if not listed.all():
        if columns is not None:  # copy only what is read
            contacts = contacts[list(dict.fromkeys([*columns, *_VIEWED]))]
        contacts = contacts[listed]
        dates = {c: values[listed] for c, values in dates.items()}
    later = _later(contacts, dates, end)
    if not later.any():
        return contacts
    return contacts.assign(**_as_of_columns(contacts, dates, later, end))


def _later(view: pd.DataFrame, dates: dict, end: np.datetime64) -> np.ndarray:
    """Per row: it holds a date on or after ``end`` that changes what the view shows. A
    meeting ahead alone changes nothing when the row already reads "scheduled" (and has no
    thank-you): the usual case on the day the sheet was saved."""
    later = np.logical_or.reduce([dates[c] >= end for c in _DATES if c not in _KEPT])
    ahead = np.flatnonzero((dates["met_on"] >= end) & ~later)
    if len(ahead):
        scheduled = view["status"].iloc[ahead] == "scheduled"
        settled = scheduled.to_numpy(bool, na_value=False) & np.isnat(dates["thanked_on"][ahead])
        later[ahead[~settled]] = True
    return later


def stage_by_dates(
    dates: Mapping[str, np.ndarray],
    day: object,
    said: np.ndarray,
    *,
    declined: np.ndarray | None = None,
    thanked: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The furthest stage each row's dates show by the end of ``day``, and whether it had
    answered by then: the one rule the loader (for today) and :func:`as_of_view` (for any day)
    share.

    Parameters
    ----------
    dates
        ``datetime64[ns]`` arrays of ``contacted_on``, ``responded_on``, ``met_on``,
        ``thanked_on`` and ``last_contact_on``, one value per row.
    day
        The day (see :func:`as_timestamp`); everything dated that day has happened.
    said
        Whether the sheet says the person answered (a yes/no column, or ``responded``).
    declined
        Rows whose status says they declined: an answer that stays "declined".
    thanked
        Rows marked as thanked without a date.

    Returns
    -------
    stage, replied
        ``stage``: per row, a position in ``STAGES_BY_DATES``: a meeting dated on or before
        ``day`` is "met", a later one "scheduled" (unless the request itself is later than
        ``day``); a reply dated after ``day``, or an answer without a date to a request made
        after it, is not an answer yet. ``replied``: who had answered by the end of ``day``.
    """
    end = np.datetime64(as_timestamp(day) + _DAY, "ns")
    asked, answer, met = dates["contacted_on"], dates["responded_on"], dates["met_on"]
    replied = np.asarray(said, dtype=bool) | (answer < end)
    replied &= ~(answer >= end) & ~(np.isnat(answer) & (asked >= end))
    n = len(asked)
    no = np.zeros(n, dtype=bool)
    declined = no if declined is None else np.asarray(declined, dtype=bool)
    thanked = no if thanked is None else np.asarray(thanked, dtype=bool)
    stage = np.select(
        [
            thanked | (dates["thanked_on"] < end),
            met < end,
            ~np.isnat(met) & ~(asked >= end),
            replied & declined,
            replied,
            (asked < end) | (dates["last_contact_on"] < end),
        ],
        np.arange(6),
        default=6,
    )
    return stage, replied


def _as_of_columns(view: pd.DataFrame, dates: dict, later: np.ndarray, end: np.datetime64) -> dict:
    """The dates, reply, status and last contact of ``view`` as they were before ``end``,
    worked out for the rows holding a later date (``later``) and kept for the others."""
    rows = np.flatnonzero(later)
    nat = np.datetime64("NaT", "ns")
    d = {c: values[rows] for c, values in dates.items()}
    past = {c: np.where(d[c] < end, d[c], nat) for c in _BLANKED}
    seen = [*past.values(), np.where(d["met_on"] < end, d["met_on"], nat)]
    seen.append(np.where(d["last_contact_on"] < end, d["last_contact_on"], nat))
    past_last = np.fmax.reduce(seen)
    said = view["responded"].to_numpy(bool, na_value=False)[rows]
    declined = (view["status"].iloc[rows] == "declined").to_numpy(bool, na_value=False)
    day = pd.Timestamp(end) - _DAY
    stage, replied = stage_by_dates(d, day, said, declined=declined)
    out = {}
    for column, values in {**past, "last_contact_on": past_last}.items():
        out[column] = dates[column].copy()
        out[column][rows] = values  # the other rows keep theirs
    responded = view["responded"].to_numpy(bool, na_value=False, copy=True)
    responded[rows] = replied
    return {**out, "responded": responded, "status": _restaged(view["status"], rows, stage)}


def _restaged(status: pd.Series, rows: np.ndarray, stage: np.ndarray) -> pd.Series:
    """``status`` with ``rows`` set to the stage the dates show (``stage``: for each of those
    rows, a position in ``STAGES_BY_DATES``), categorical or text alike."""
    if isinstance(status.dtype, pd.CategoricalDtype):
        missing = pd.Index(STAGES_BY_DATES).difference(status.cat.categories)
        status = status.cat.add_categories(missing) if len(missing) else status
        codes = status.cat.codes.to_numpy(copy=True)
        codes[rows] = status.cat.categories.get_indexer(STAGES_BY_DATES)[stage]
        values = pd.Categorical.from_codes(codes, dtype=status.dtype)
        return pd.Series(values, index=status.index, name=status.name)
    status = status.copy()
    status.iloc[rows] = np.array(STAGES_BY_DATES, dtype=object)[stage]
    return status
