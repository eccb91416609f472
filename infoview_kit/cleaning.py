"""Cleaning a column's cells: blanks, text, yes/no marks, and what the kit derives from them.

Work is done on a column's distinct values where it can be (a tracker repeats its values), and
every problem is collected as a small frame, joined once at the end.
"""

from __future__ import annotations

import re
from collections.abc import Collection

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import schema
from .as_of import STAGES_BY_DATES, stage_by_dates
from .saving import GUARDED
from .sheets import normalise_header

PROBLEM_COLUMNS = ["row", "column", "value", "problem"]
#: Each vocabulary column's categorical when it holds the kit's words alone: made once, as
#: pandas checks a categorical's categories each time one is made from them.
VOCABULARY_DTYPES = {c: pd.CategoricalDtype(words) for c, words in schema.VOCABULARIES.items()}
_NEUTRALISED = GUARDED.pattern  # what save_contacts' formula guard added
_NO_PROBLEMS = pd.DataFrame(
    {c: pd.array([], dtype="Int64" if c == "row" else "str") for c in PROBLEM_COLUMNS}
)


class Problems:
    """Collects problems as small frames (vectorised), joined once at the end."""

    def __init__(self) -> None:
        self.parts: list[pd.DataFrame] = []

    def add(self, rows, column: str, values, problem) -> None:
        rows = np.atleast_1d(np.asarray(rows, dtype="int64"))
        if rows.size == 0:
            return
        values = np.broadcast_to(np.asarray(values, dtype=object), rows.shape)
        problem = np.broadcast_to(np.asarray(problem, dtype=object), rows.shape)
        self.parts.append(
            pd.DataFrame({"row": rows, "column": column, "value": values, "problem": problem})
        )

    def add_column(self, column: str, problem: str, value: str = "") -> None:
        self.parts.append(
            pd.DataFrame(
                {"row": [pd.NA], "column": [column], "value": [value], "problem": [problem]}
            )
        )

    def frame(self) -> pd.DataFrame:
        if not self.parts:
            return _NO_PROBLEMS.copy()
        frame = pd.concat(self.parts, ignore_index=True)
        frame["row"] = frame["row"].astype("Int64")
        for column in ("column", "value", "problem"):
            frame[column] = frame[column].map(text_of).astype("str")
        return frame.sort_values("row", kind="stable", na_position="first").reset_index(drop=True)


def take_text(table: list, codes: np.ndarray) -> pd.Series:
    """``table[codes]`` as a ``str`` column, where code -1 means missing.

    Building a column by taking from its few distinct values is far cheaper than converting
    a million Python strings.
    """
    small = pd.array(list(table) + [np.nan], dtype="str")
    codes = np.where(codes < 0, len(table), codes)
    return pd.Series(small.take(codes), dtype="str")


def missing_text(n: int) -> pd.Series:
    """A ``str`` column of ``n`` missing values."""
    return pd.Series(pd.array(pa.nulls(n, pa.large_string()), dtype="str"))


def text_of(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return str(value)


def blank(series: pd.Series, blanks_missing: bool = False) -> tuple[pd.Series, np.ndarray]:
    """Cells with blanks (empty or white space) made NaN, and the mask of non-blank cells."""
    if series.dtype == object:
        filled = series.map(
            lambda v: np.nan if v is None or (isinstance(v, str) and not v.strip()) else v
        ).astype(object)
        return filled, filled.notna().to_numpy()
    if isinstance(series.dtype, pd.CategoricalDtype):  # decided on the distinct values
        values = pd.Series(np.asarray(series.cat.categories, dtype=object), dtype="str")
        blank = np.append((values.str.strip() == "").to_numpy(dtype=bool), True)
        return series, ~blank[series.cat.codes.to_numpy()]
    # A cell of white space alone is blank too; the cells keep their values (the kit's own
    # columns are stripped later, the rest stay untouched).
    text = series if isinstance(series.dtype, pd.StringDtype) else series.astype("str")
    text = text.array.__arrow_array__()
    blank = pc.utf8_is_space(text)
    if not blanks_missing:  # the reader may have left empty cells as empty strings
        blank = pc.or_(blank, pc.equal(text, ""))
    # Kleene logic: a missing cell (null) is not present, without filling the nulls first.
    present = pc.and_not_kleene(pc.is_valid(text), blank)
    return series, present.to_numpy(zero_copy_only=False)


def unneutralise(series: pd.Series) -> pd.Series:
    """Undo :func:`save_contacts`' formula guard: ``'=SUM(A1)`` reads back as ``=SUM(A1)``."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        codes, values = distinct(series)
        values = unneutralise(pd.Series(values, dtype=object)).tolist()
        return pd.Series(pd.Categorical.from_codes(*merged(codes, values)))
    if series.dtype == object:
        return series.map(
            lambda v: v[1:] if isinstance(v, str) and re.match(_NEUTRALISED, v) else v
        ).astype(object)
    starts = series.str.startswith("'")
    if not starts.fillna(False).any():
        return series
    return series.str.replace(_NEUTRALISED, "", regex=True)


def as_text(series: pd.Series) -> pd.Series:
    """Canonical text: strings, stripped; numbers from workbooks written as a person would."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        codes, texts = text_codes(series)
        return take_text(texts, codes)
    if series.dtype == object:
        series = series.map(cell_text)
    if not isinstance(series.dtype, pd.StringDtype):
        series = series.astype("str")
    text = series.array.__arrow_array__()  # the str dtype holds Arrow text
    del series
    if text.num_chunks > 1:
        # One piece (the reader gives one per block of the file): picking rows from it later
        # is faster. Joined before trimming, while nothing else holds the cells as read, so
        # that they are let go at once and no more than two copies ever exist.
        text = text.combine_chunks()
    text = pc.utf8_trim_whitespace(text)
    empty = pc.equal(pc.binary_length(text), 0)  # cells of white space alone
    if pc.any(empty).as_py():
        text = pc.if_else(empty, pa.scalar(None, text.type), text)
    return pd.Series(pd.array(text, dtype="str"))


def cell_text(value: object) -> object:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return np.nan
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, pd.Timestamp) or hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def distinct(cells: pd.Series) -> tuple[np.ndarray, list]:
    """Codes per cell (-1 where missing) and the distinct values: a categorical's own, or found
    by factorising."""
    if isinstance(cells.dtype, pd.CategoricalDtype):
        return cells.cat.codes.to_numpy(), list(cells.cat.categories)
    codes, uniques = pd.factorize(cells, use_na_sentinel=True)
    return np.asarray(codes), list(uniques)


def merged(codes: np.ndarray, values: list) -> tuple[np.ndarray, list]:
    """``codes`` into ``values`` with missing values (NaN, None) and repeated values merged:
    codes into a list of distinct, present values."""
    again, distinct = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    again = np.append(np.asarray(again), -1)  # code -1 stays missing
    return again[codes], list(distinct)


def text_codes(cells: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Codes per cell and the distinct canonical texts (stripped; blank means missing), each
    value cleaned once however often it occurs."""
    codes, values = distinct(cells)
    texts = [cell_text(v) for v in values]
    texts = [(t.strip() or None) if isinstance(t, str) else None for t in texts]
    return merged(codes, texts)


def unique(name: str, used: set[str]) -> str:
    if name not in used:
        return name
    n = 2
    while f"{name} ({n})" in used:
        n += 1
    return f"{name} ({n})"


def extra(series: pd.Series) -> pd.Series:
    """An input column the kit does not use: values as they were (blanks become missing)."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        return series.astype("str")
    if series.dtype != object:
        return series
    values = series.dropna()
    if values.map(lambda v: isinstance(v, str)).all():
        return series.astype("str")
    return series.infer_objects()


def settle_order(dayfirst, file_vote: int, delimiter) -> tuple[bool, str]:
    if dayfirst is not None:
        return bool(dayfirst), f"you said dates are {'day' if dayfirst else 'month'}-first"
    if file_vote:
        return file_vote > 0, "the file's other date columns are written that way"
    if delimiter == ";":
        return (
            True,
            "the file is semicolon-separated, as spreadsheets that write dates day-first save CSV",
        )
    return False, "month-first is the default"


def yes_no(cells, rows, header, problems) -> pd.Series:
    codes, uniques = text_codes(cells)
    answers = []
    for value in uniques:
        token = normalise_header(value) or value.strip()
        answers.append(
            True if token in schema.TRUE_WORDS else False if token in schema.FALSE_WORDS else None
        )
    table = pd.array(answers + [None], dtype="boolean")
    out = pd.Series(table[codes], dtype="boolean")
    unknown = np.array([a is None for a in answers] + [False])[codes]
    if unknown.any():
        problems.add(
            rows[unknown],
            header,
            np.asarray(uniques, dtype=object)[codes[unknown]],
            "not a yes or no; write Y or N (the row's other columns still count)",
        )
    return out


def derive_status(
    given: pd.Series, dates: dict[str, np.ndarray], said: np.ndarray, thanked: np.ndarray
) -> pd.Series:
    """The status as written, or, where it is blank, the furthest stage the dates (and the
    yes/no marks ``said``, who responded, and ``thanked``) show today
    (:func:`~infoview_kit.as_of.stage_by_dates`, the rule any other day is seen by).

    ``given`` is the loader's categorical (the kit's statuses, then the sheet's own words); so
    is the result, with the derived stages filled in where it is blank. ``dates``: the
    interaction dates and ``last_contact_on`` as ``datetime64[ns]`` arrays.
    """
    codes = given.cat.codes.to_numpy()
    blank = codes < 0
    if not blank.any():
        return given  # every row says it: nothing to derive
    stage, _ = stage_by_dates(dates, None, said, thanked=thanked)
    categories = given.cat.categories
    derived = categories.get_indexer(list(STAGES_BY_DATES))[stage]
    return pd.Series(pd.Categorical.from_codes(np.where(blank, derived, codes), dtype=given.dtype))


def derive_last_contact(dates: dict[str, np.ndarray], written: Collection[str]) -> pd.Series:
    """Latest past interaction, where the sheet does not give it (``dates`` as for
    :func:`derive_status`; ``written``: the date columns the sheet has, as for
    :func:`check_dates`, the others being missing throughout)."""
    tomorrow = (pd.Timestamp.today().normalize() + pd.Timedelta(days=1)).to_datetime64()
    latest = None
    for column in schema.INTERACTION_COLUMNS:
        if column not in written:
            continue  # nothing to add
        values = dates[column]
        values = np.where(values < tomorrow, values, np.datetime64("NaT", "ns"))  # NaT: not after
        latest = values if latest is None else np.fmax(latest, values)  # fmax skips NaT
    given = dates["last_contact_on"]
    if latest is not None:
        given = np.where(np.isnat(given), latest, given)
    return pd.Series(given, dtype=schema.DATETIME_DTYPE)


# ---------------------------------------------------------------------------------------------
# Checks a person would want: dates out of order, meetings marked met before they happen
# ---------------------------------------------------------------------------------------------

#: (later column, earlier column, what it means) for dates that must not come before another.
_ORDER = (
    ("responded_on", "contacted_on", "the reply is dated before the request"),
    ("met_on", "contacted_on", "the meeting is dated before the request"),
    ("thanked_on", "contacted_on", "the thank-you is dated before the request"),
    ("thanked_on", "met_on", "the thank-you is dated before the meeting"),
)
#: Dates that record something already done, so cannot be in the future.
_PAST = ("added_on", "contacted_on", "responded_on", "thanked_on", "last_contact_on")


def check_dates(frame: dict, written: dict, rows, headers, taken, problems: Problems) -> None:
    """Report dates a person would want to look at again; nothing is changed."""
    dates = {c: frame[c].to_numpy(dtype="datetime64[ns]") for c in schema.DATE_COLUMNS}
    tomorrow = (pd.Timestamp.today().normalize() + pd.Timedelta(days=1)).to_datetime64()

    def report(column: str, mask: np.ndarray, problem) -> None:
        if column in written and mask.any():  # a missing date (NaT) compares False
            cells = written[column][mask].map(text_of).to_numpy(dtype=object)
            problem = problem[mask] if isinstance(problem, np.ndarray) else problem
            problems.add(rows[mask], headers[taken[column]], cells, problem)

    for later, earlier, what in _ORDER:
        if later not in written or earlier not in written:
            continue  # a column the sheet lacks is missing throughout: nothing to compare
        before = dates[later] < dates[earlier]
        if before.any():
            when = np.datetime_as_string(dates[earlier], unit="D").astype(object)
            said = np.array(
                [f"{what} ({earlier.replace('_on', '')} on {w}); kept as written" for w in when],
                dtype=object,
            )
            report(later, before, said)
    for column in _PAST:
        if column in written:
            report(column, dates[column] > tomorrow, "this date is in the future; kept as written")
    if "met_on" not in written:
        return
    met_marked = frame["status"].isin(["met", "thanked"]).to_numpy(dtype=bool)
    report(
        "met_on",
        met_marked & (dates["met_on"] > tomorrow),
        "marked as met, but the meeting is dated in the future; kept as written",
    )


def as_categories(contacts: pd.DataFrame) -> pd.DataFrame:
    """The vocabulary columns (status, source, channel, seniority) as pandas categoricals.

    The categories are the kit's words in their documented order, then any value the sheet
    uses that the kit does not know, as written, in order of first appearance: nothing is
    bucketed as "other", and a count of a column lists every word even when it is unused.
    """
    columns = {}
    for column, words in schema.VOCABULARIES.items():
        if column not in contacts:
            continue
        values = contacts[column]
        if isinstance(values.dtype, pd.CategoricalDtype):
            if list(values.cat.categories[: len(words)]) == list(words):
                continue  # made so by the loader already
            values = values.astype("str")
        # Coded through the distinct values (a handful), not by looking up every cell.
        codes, uniques = pd.factorize(values)
        categories = pd.Index([*words, *(v for v in uniques if v not in words)])
        where = np.append(categories.get_indexer(uniques), -1)  # code -1 (missing) stays -1
        columns[column] = pd.Categorical.from_codes(where[codes], categories=categories)
    return contacts.assign(**columns) if columns else contacts
