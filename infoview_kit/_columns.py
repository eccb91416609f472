"""Read-only numpy views of canonical columns, shared by the insights and the follow-ups.

Text columns are compared through their distinct values: a column is factorised once into
integer codes, and a test such as "status is met or thanked" is answered for the handful of
distinct values and then looked up per row. The codes of an Arrow-backed text column, and the
answers found with them, are kept while that column lives: Arrow arrays are immutable, so any
edit to the column gives it a new array and nothing kept is ever stale. The loader hands over
the codes it found while cleaning (:func:`keep`). Other columns are recomputed every time.

Date columns are read as the int64 nanoseconds pandas already holds (:func:`instants`, no
copy), where a missing date is :data:`NONE`, below every real one; they are turned into day
numbers only where days are counted. Business days and months use integer arithmetic that
agrees with ``numpy.busday_count``, ``numpy.busday_offset`` and ``datetime64[M]`` (Monday to
Friday, no holidays).
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

__all__ = [
    "arrow",
    "busday_count",
    "busday_offset",
    "busdays",
    "busdays_at_most",
    "codes",
    "day_ints",
    "day_numbers",
    "flag",
    "in_words",
    "index_in",
    "instants",
    "is_in",
    "keep",
    "member",
    "months_of",
    "notna",
    "pick",
    "stamps",
    "text",
    "worded_days",
]

_KEPT: dict[int, tuple[weakref.ref, tuple[np.ndarray, pa.Array], dict]] = {}
_MONDAY = 4  # 1970-01-01 was a Thursday; day 4 of the epoch was a Monday
_TEXT = pa.large_string()
#: pandas' ``str`` dtype, resolved once (looking the name up costs more than wrapping a column).
STR = pd.api.types.pandas_dtype("str")


def _arrow(series: pd.Series) -> pa.ChunkedArray | None:
    """The immutable Arrow array behind a text column, or None when it has none."""
    if not isinstance(series.dtype, pd.StringDtype) or series.dtype.storage != "pyarrow":
        return None
    array = series.array.__arrow_array__()
    return array if isinstance(array, pa.ChunkedArray) else None


def _piece(series: pd.Series) -> pa.Array:
    """A column's text as one Arrow array: the array behind an Arrow-backed text column (no
    copy when it is in one piece), else its values written out as text (1 and "1" alike)."""
    array = _arrow(series)
    if array is None:
        array = pa.array(pd.Series(series, dtype="str").array)
    if isinstance(array, pa.ChunkedArray):
        array = array.chunk(0) if array.num_chunks == 1 else array.combine_chunks()
    return array


def _forget(key: int) -> None:
    _KEPT.pop(key, None)


def forget_all() -> None:
    """Drop every kept factorisation (benchmarks use it to measure from cold)."""
    _KEPT.clear()


def _entry(array: pa.ChunkedArray | None) -> tuple | None:
    """What is kept for this very array: (a weak reference to it, its codes, its answers)."""
    kept = _KEPT.get(id(array)) if array is not None else None
    return kept if kept is not None and kept[0]() is array else None


def _keep(array: pa.ChunkedArray, found: np.ndarray, uniques: pa.Array) -> None:
    found.flags.writeable = False
    key = id(array)
    _KEPT[key] = (weakref.ref(array, lambda _ref, key=key: _forget(key)), (found, uniques), {})


def _answers(series: pd.Series) -> dict | None:
    """Where answers about a kept column (per-row masks, read-only) are kept with its codes."""
    kept = _entry(_arrow(series))
    return kept[2] if kept is not None else None


def _remember(answers: dict | None, question: tuple, answer: np.ndarray) -> np.ndarray:
    if answers is not None:
        answer.flags.writeable = False
        answers[question] = answer
    return answer


def codes(series: pd.Series) -> tuple[np.ndarray, pa.Array]:
    """Integer codes per row (-1 where missing) and the distinct values as Arrow text.

    The codes are read-only. An Arrow-backed text column is factorised once while it lives
    (or not at all, when :func:`keep` was told its codes by whoever built it). Other columns
    are compared as text: values that read alike once written out (1 and "1") share a code.
    """
    array = _arrow(series)
    kept = _entry(array)
    if kept is not None:
        return kept[1]
    encoded = pc.dictionary_encode(_piece(series))
    found = _compact(encoded.indices.fill_null(-1).to_numpy(), len(encoded.dictionary))
    uniques = encoded.dictionary
    if uniques.type != _TEXT:
        uniques = uniques.cast(_TEXT)
    if array is not None:
        _keep(array, found, uniques)
    else:
        found.flags.writeable = False
    return found, uniques


def keep(series: pd.Series, found: np.ndarray, uniques: Iterable[str]) -> None:
    """Remember the codes of an Arrow-backed text column that its builder already knows:
    ``found`` per row (-1 where missing) into the distinct, present ``uniques``."""
    array = _arrow(series)
    if array is not None:
        uniques = pa.array(list(uniques), type=_TEXT)
        _keep(array, _compact(np.asarray(found), len(uniques)), uniques)


def _compact(found: np.ndarray, distinct: int) -> np.ndarray:
    """Codes in the narrowest integer type that also holds ``distinct`` itself (one byte per
    row for a vocabulary column): less memory kept, and faster to compare."""
    for kind in (np.int8, np.int16, np.int32):
        if distinct < np.iinfo(kind).max:
            return found.astype(kind, copy=False)
    return found.astype(np.int64, copy=False)


def is_in(series: pd.Series, values: Iterable[object], *, invert: bool = False) -> np.ndarray:
    """Per row: the value is one of ``values`` (or, with ``invert``, present and not one of
    them). Missing values are False either way. Read-only: the answer is kept with the
    column's codes, so asking again costs nothing."""
    found, uniques = codes(series)
    wanted = tuple(str(value) for value in values)
    answers = _answers(series)
    if answers is not None and ("is_in", wanted, invert) in answers:
        return answers["is_in", wanted, invert]
    match = pc.is_in(uniques, value_set=pa.array(wanted, type=_TEXT))
    match = np.flatnonzero(match.to_numpy(zero_copy_only=False))
    if len(match) > 3:  # look each row's answer up
        table = np.zeros(len(uniques) + 1, dtype=bool)
        table[match] = True
        out = table[found]
    else:  # compare with each matching code instead
        out = np.zeros(len(found), dtype=bool)
        for code in match:
            out |= found == code
    if invert:
        out = ~out & (found >= 0)
    return _remember(answers, ("is_in", wanted, invert), out)


def notna(series: pd.Series) -> np.ndarray:
    """Per row: the value is present (read-only)."""
    array = _arrow(series)
    if array is None:
        return series.notna().to_numpy()
    answers = _answers(series)
    if answers is not None and ("notna",) in answers:
        return answers["notna",]
    return _remember(answers, ("notna",), _valid(_piece(series)))


def _valid(array: pa.Array) -> np.ndarray:
    """Arrow's validity bitmap as one bool per value, unpacked by numpy (about ten times
    faster than converting the result of ``pyarrow.compute.is_valid``)."""
    bitmap = array.buffers()[0]
    if bitmap is None:  # no missing values
        return np.ones(len(array), dtype=bool)
    bits = np.frombuffer(bitmap, dtype=np.uint8)
    end = array.offset + len(array)
    return np.unpackbits(bits, count=end, bitorder="little")[array.offset :].view(bool)


def member(values: object, pool: object) -> np.ndarray:
    """Per value: it occurs in ``pool`` (texts compared with Arrow's hash kernels; missing
    values are never members)."""
    values = pa.array(pd.Series(values, dtype="str"), type=pa.large_string())
    pool = pa.array(pd.Series(pool, dtype="str"), type=pa.large_string())
    found = pc.is_in(values, value_set=pool, skip_nulls=True)
    return found.fill_null(False).to_numpy(zero_copy_only=False)


def index_in(series: pd.Series, values: pa.Array) -> np.ndarray:
    """Per row: the position of its value among the distinct text ``values``, -1 where
    absent or missing."""
    found = pc.index_in(_piece(series), value_set=values.cast(_TEXT))
    return found.fill_null(-1).to_numpy(zero_copy_only=False)


def pick(values: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """``values[mask]``, for a one-dimensional array and a boolean mask as long.

    When the mask mixes True and False, numpy's boolean indexing mispredicts a branch at
    nearly every element, and finding the positions first and taking them is several times
    faster; a mask that is nearly all one value is faster the direct way.
    """
    kept = np.count_nonzero(mask)
    if 32 * min(kept, len(mask) - kept) < len(mask):
        return values[mask]
    return np.compress(mask, values)


def flag(series: pd.Series) -> np.ndarray:
    """A yes/no column as a numpy bool array, missing as False."""
    if series.dtype == bool:
        return series.to_numpy()
    return series.fillna(False).astype(bool).to_numpy()


def stamps(series: pd.Series) -> np.ndarray:
    """A date column as a numpy ``datetime64`` array in its own unit (no copy; NaT where
    missing; a time zone is dropped). Add ``np.timedelta64(n, "D")`` to move by days."""
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        series = series.dt.tz_localize(None)
    elif series.dtype.kind != "M":
        series = pd.to_datetime(series, errors="coerce")
    return series.values  # for naive dates, their numpy array (to_numpy() costs 5x the time)


_PER_DAY = {"ns": 86_400_000_000_000, "us": 86_400_000_000, "ms": 86_400_000, "s": 86_400}
_NAT = np.iinfo(np.int64).min


def day_numbers(values: np.ndarray) -> np.ndarray:
    """Days since 1970-01-01 as int64 (times of day dropped; NaT stays the NaT integer)."""
    values = np.asarray(values)
    unit, _ = np.datetime_data(values.dtype)
    if unit == "D":
        return values.view(np.int64)
    if unit not in _PER_DAY:
        return values.astype("datetime64[D]").view(np.int64)
    numbers = values.view(np.int64)
    return np.where(numbers == _NAT, _NAT, numbers // _PER_DAY[unit])


NONE = _NAT  # "no date" among :func:`instants`: below every real one
DAY = _PER_DAY["ns"]


def instants(series: pd.Series) -> np.ndarray:
    """A date column as int64 nanoseconds since 1970 (:data:`NONE` where missing), read-only
    and without a copy when pandas holds it in nanoseconds already.

    Integers compare several times faster than ``datetime64`` values, which check for NaT at
    every step; the price is that :data:`NONE` compares below every date instead of never.
    """
    values = stamps(series)
    if values.dtype != np.dtype("datetime64[ns]"):
        values = values.astype("datetime64[ns]")
    return values.view(np.int64)


_WEEKDAYS = pa.array(["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"], type=_TEXT)
_MONTHS = pa.array(
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    type=_TEXT,
)
_DAYS = pa.array([f"{day:02d}" for day in range(1, 32)], type=_TEXT)


def worded_days(when: np.ndarray) -> tuple[pa.Array, np.ndarray]:
    """The distinct days of ``when`` as "Fri 08 Mar 2024" (the last entry "?" for missing),
    and per value the position of its wording: each distinct day is worded once."""
    numbers = day_numbers(when)
    missing = numbers == _NAT
    if missing.all():
        return pa.array(["?"], type=_TEXT), np.zeros(len(numbers), dtype=np.int64)
    first = numbers[~missing].min()
    offset = np.where(missing, 0, numbers - first)
    seen = np.flatnonzero(np.bincount(offset[~missing]))  # the distinct days, as offsets
    distinct = (seen + first).view("datetime64[D]")
    month_start = distinct.astype("datetime64[M]")
    months = month_start.view(np.int64)
    words = pc.binary_join_element_wise(
        _WEEKDAYS.take(pa.array((seen + first) % 7)),
        _DAYS.take(pa.array((distinct - month_start).view(np.int64))),
        _MONTHS.take(pa.array(months % 12)),
        pa.array(months // 12 + 1970).cast(_TEXT),
        pa.scalar(" ", _TEXT),
    )
    lookup = np.full(int(seen[-1]) + 1, len(words), dtype=np.int64)
    lookup[seen] = np.arange(len(words))
    index = np.where(missing, len(words), lookup[offset])
    return pa.concat_arrays([words, pa.array(["?"], type=_TEXT)]), index


def in_words(when: np.ndarray) -> pa.Array:
    """Days as "Fri 08 Mar 2024" ("?" where missing), each distinct day worded once."""
    words, index = worded_days(when)
    return words.take(pa.array(index))


def day(stamp: pd.Timestamp) -> np.datetime64:
    """A Timestamp as a ``datetime64[D]`` scalar."""
    return np.datetime64(stamp.date(), "D")


def _weekdays_before(day_numbers: np.ndarray) -> np.ndarray:
    """How many Mondays-to-Fridays lie between a fixed Monday and each day (exclusive)."""
    shifted = day_numbers - _MONDAY
    weeks = shifted // 7  # not divmod: floor division by a constant has a fast path
    return weeks * 5 + np.minimum(shifted - weeks * 7, 5)


def day_ints(instants: np.ndarray) -> np.ndarray:
    """Day numbers (days since 1970-01-01) of :func:`instants`; rows that are :data:`NONE`
    get a meaningless number, which callers mask out."""
    return instants // DAY


def months_of(day_ints: np.ndarray) -> np.ndarray:
    """Months since January 1970 of day numbers, by integer civil-calendar arithmetic (numpy's
    ``astype("datetime64[M]")`` is several times slower)."""
    z = day_ints + 719_468  # days since 0000-03-01 of the proleptic Gregorian calendar
    era = z // 146_097
    doe = z - era * 146_097
    yoe = (doe - doe // 1_460 + doe // 36_524 - doe // 146_096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153  # months since March
    year = yoe + era * 400 + (mp >= 10)
    return (year - 1970) * 12 + (mp + 2) % 12


def busdays(start: np.ndarray, end: np.ndarray | int) -> np.ndarray:
    """Business days from day numbers ``start`` to ``end`` as integers, counted like
    :func:`busday_count` (callers mask out missing days)."""
    back = end < start
    if back.any():  # counted over (end, start] then: one day later on both ends
        start, end = start + back, end + back
    return _weekdays_before(end) - _weekdays_before(start)


def busdays_at_most(start: np.ndarray, end: np.ndarray | int, n: int) -> np.ndarray:
    """Per pair of day numbers: ``busdays(start, end) <= n``, for ``n >= 0``.

    Found without counting: for each weekday a start can fall on, the longest span in days
    that holds at most ``n`` business days is worked out once; each pair then needs only its
    start's weekday and its span. With one ``end`` for all, it is a single comparison: the
    count falls as the start moves later, so the answer is "start at or after some day".
    """
    if n < 0:
        raise ValueError("busdays_at_most counts n >= 0 business days")
    reach = np.arange(7 * (n // 5 + 2))  # spans long enough to pass n business days
    if np.ndim(end) == 0:
        starts = int(end) - reach  # from the end backwards: counts rise as the start recedes
        within = starts[busdays(starts, int(end)) <= n]
        return start >= within.min()
    weekdays = np.arange(_MONDAY, _MONDAY + 7)[:, None]  # Monday to Sunday, each a start
    longest = np.where(busdays(weekdays, weekdays + reach) <= n, reach, -1).max(axis=1)
    shifted = start - _MONDAY
    weekday = shifted - shifted // 7 * 7  # not %: numpy's integer modulo is several times slower
    return (end - start) <= longest[weekday]  # a span before the start: <= 0


def busday_count(start: np.ndarray, end: np.ndarray | np.datetime64) -> np.ndarray:
    """Business days from ``start`` to ``end`` as floats, NaN where either is missing.

    Agrees with ``numpy.busday_count``: the count of weekdays in ``[start, end)``; when ``end``
    comes first, minus the count in ``(end, start]``.
    """
    a = day_numbers(start)
    b = np.broadcast_to(day_numbers(np.asarray(end)), a.shape)
    missing = (a == _NAT) | (b == _NAT)
    out = busdays(np.where(missing, 0, a), np.where(missing, 0, b)).astype(float)
    out[missing] = np.nan
    return out


def busday_offset(dates: np.ndarray, n: int) -> np.ndarray:
    """Each day moved to the next weekday if on a weekend, then ``n`` weekdays on (NaT kept).

    Agrees with ``numpy.busday_offset(dates, n, roll="forward")``.
    """
    numbers = day_numbers(dates)
    missing = numbers == _NAT
    rolled = _weekdays_before(numbers) + n  # a weekend day rolls to the Monday
    weeks = rolled // 5
    out = (weeks * 7 + (rolled - weeks * 5) + _MONDAY).view("datetime64[D]")
    out[missing] = np.datetime64("NaT")
    return out


def arrow(series: pd.Series, rows: np.ndarray, *, missing: str | None = None) -> pa.Array:
    """The text of ``series`` at positions ``rows`` as an Arrow large_string array (no pandas copy);
    missing values stay null, or become ``missing`` when given."""
    taken = _piece(series).take(pa.array(np.asarray(rows, dtype=np.int64)))
    if taken.type != pa.large_string():
        taken = taken.cast(pa.large_string())
    return taken if missing is None else taken.fill_null(missing)


def text(values: pa.Array | pa.ChunkedArray) -> pd.api.extensions.ExtensionArray:
    """An Arrow string array as the pandas ``str`` array that wraps it (no copy)."""
    return pd.array(values, dtype=STR)
