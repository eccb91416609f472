"""Reading the dates people type into spreadsheets, one column at a time.

A column is parsed through its *distinct* values (a tracker has far fewer distinct dates than
rows), with vectorised regular expressions, so a million rows cost little more than their
distinct dates. Accepted: ISO (``2024-03-12``, with or without a time), numeric dates with ``/``,
``.`` or ``-`` in either order (``03/12/2024``, ``12.03.24``), month names (``12 Mar 2024``,
``March 12, 2024``, ``12-Mar-24``), Excel serial numbers (``45363``) and real date cells.

Whether ``03/04/2024`` is March or April is decided for the whole column from its unambiguous
values (``13/04/2024`` can only be day-first); a column with none is decided by the caller.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .as_of import FIRST_DAY, LAST_DAY
from .names import arrow_text
from .schema import DATETIME_DTYPE

_TIME = (
    r"(?:[T ,]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?\s*(?P<p>[AaPp]\.?[Mm]\.?)?)?"
)
_ZONE = r"(?:\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2}))?"
_PATTERNS = {
    "iso": r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})" + _TIME + _ZONE + "$",
    "numeric": r"^(?P<a>\d{1,2})[-/.](?P<b>\d{1,2})[-/.](?P<y>\d{4}|\d{2})" + _TIME + "$",
    "day_name": (
        r"^(?:[A-Za-z]+\.?,?\s+)?(?P<d>\d{1,2})(?:st|nd|rd|th)?[\s\-/.]+(?P<mon>[A-Za-z]{3,9})"
        r"\.?,?[\s\-/.]+(?P<y>\d{4}|\d{2})" + _TIME + "$"
    ),
    "name_day": (
        r"^(?:[A-Za-z]+\.?,?\s+)?(?P<mon>[A-Za-z]{3,9})\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+"
        r"(?P<y>\d{4})" + _TIME + "$"
    ),
    "serial": r"^(?P<serial>\d{5}(?:\.\d+)?)$",
}
#: Days written exactly so are read in Arrow, all at once, before the patterns are tried: ISO
#: days (what the kit and most apps write) and LinkedIn's "12 Mar 2024". A text that does not
#: fit goes on to the patterns.
_EXACT = (
    r"^(?P<y>[0-9]{4})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})$",
    r"^(?P<d>[0-9]{1,2}) (?P<mon>[A-Za-z]{3}) (?P<y>[0-9]{4})$",
)
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
#: Excel serial numbers accepted as dates: 1950-01-01 .. 2099-12-31.
_SERIAL_RANGE = (18264.0, 73050.0)
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")
#: The dates a cell may hold: the years the kit reads (1900 to 2099), so that the time between
#: any two of them, and the weeks counted from them, stay within what a date can hold.
_FIRST, _END = pd.Timestamp(FIRST_DAY), pd.Timestamp(LAST_DAY) + pd.Timedelta(days=1)
_FIRST64, _END64 = _FIRST.to_datetime64(), _END.to_datetime64()


@dataclass
class DateColumn:
    """One column of date cells, classified and ready to be parsed in either order.

    Parameters
    ----------
    raw
        The cells: strings (empty or NaN for missing) or Python values from a workbook.
    """

    codes: np.ndarray
    uniques: pd.Series
    day_first_votes: int
    month_first_votes: int
    ambiguous: int
    example: str | None
    _text_cache: pd.Series | None = field(default=None, repr=False)
    _text_only: bool = field(default=False, repr=False)  # every value is text or missing
    #: Columns read together share one table of distinct texts, parsed once per order.
    _parsed: dict[bool, np.ndarray] = field(default_factory=dict, repr=False)
    #: For a column read with others: the table's texts, and which of them this column holds.
    _shared: tuple[pd.Series, np.ndarray] | None = field(default=None, repr=False)

    @classmethod
    def from_cells(cls, raw: pd.Series) -> DateColumn:
        if raw.dtype == object:
            raw = _blank_to_na(raw)
        # Blanks are found among the distinct values, not by a pass over every cell.
        if isinstance(raw.dtype, pd.StringDtype):  # text as read from a CSV file
            return cls._from_text(raw)._counted()
        if isinstance(raw.dtype, pd.CategoricalDtype):  # the reader found them already
            codes, uniques = raw.cat.codes.to_numpy(), raw.cat.categories
        else:
            codes, uniques = pd.factorize(raw, use_na_sentinel=True)
        uniques = pd.Series(np.asarray(uniques, dtype=object), dtype=object)
        uniques = uniques.map(lambda v: v.strip() if isinstance(v, str) else v).astype(object)
        blank = uniques.map(lambda v: v is None or v == "").to_numpy(dtype=bool)
        if blank.any():
            codes = np.where(np.append(blank, True)[codes], -1, codes)
            uniques = uniques.where(~blank, None)
        return cls(codes, uniques, 0, 0, 0, None)._counted()

    @classmethod
    def several(cls, raws: list[pd.Series]) -> list[DateColumn]:
        """Several columns of one file. Columns of text (as read from a CSV file) share their
        distinct texts: the same dates recur across a sheet's date columns, so each distinct
        text is stripped, classified and parsed once for them all."""
        if len(raws) < 2 or not all(isinstance(r.dtype, pd.StringDtype) for r in raws):
            return [cls.from_cells(raw) for raw in raws]
        codes, table = _encoded(raws)  # one pass over every cell of every column
        union = cls._from_text(table)  # one code per distinct text of every column
        parts = union._numeric_parts()  # read once, counted per column
        parsed: dict[bool, np.ndarray] = {}
        columns = []
        for column_codes in codes:
            into = np.append(union.codes, -1)[column_codes]  # this column's texts, shared
            column = cls(
                into,
                union.uniques,
                0,
                0,
                0,
                None,
                _text_only=True,
                _parsed=parsed,
                _shared=(union._texts(), into),
            )
            columns.append(column._counted(parts))
        return columns

    @classmethod
    def _from_text(cls, raw: pd.Series) -> DateColumn:
        """A column of text: its distinct values stripped and tested as text, all at once."""
        codes, uniques = pd.factorize(raw, use_na_sentinel=True)
        texts = pd.Series(uniques, dtype="str").str.strip()
        blank = (texts == "").to_numpy(dtype=bool)
        if blank.any():
            codes = np.where(np.append(blank, True)[codes], -1, codes)
        uniques = texts.mask(blank) if blank.any() else texts
        return cls(codes, uniques, 0, 0, 0, None, _text_cache=texts[~blank], _text_only=True)

    def _counted(self, parts: tuple | None = None) -> DateColumn:
        """Count the votes for each order among the numeric dates (03/04/2024 and the like);
        ``parts``: the numbers of the texts this column shares with others, read already."""
        if parts is None:
            a, b = self._numeric_parts()
        elif parts[0] is None:
            a = b = None
        else:  # this column's own texts, in the order they appear in it
            a = parts[0].reindex(self._texts().index).dropna().astype(int)
            b = parts[1].reindex(a.index).astype(int)
        if a is not None and len(a):
            unequal = a != b
            self.day_first_votes = int(((a > 12) & (b <= 12)).sum())
            self.month_first_votes = int(((b > 12) & (a <= 12)).sum())
            ambiguous = (a <= 12) & (b <= 12) & unequal
            self.ambiguous = int(ambiguous.sum())
            if self.ambiguous:
                self.example = str(self._texts()[ambiguous.index[ambiguous]].iloc[0])
        return self

    @property
    def decided(self) -> bool | None:
        """True for day-first, False for month-first, None when the column cannot tell."""
        if self.day_first_votes > self.month_first_votes:
            return True
        if self.month_first_votes > self.day_first_votes:
            return False
        return None

    @property
    def mixed(self) -> bool:
        """Both orders occur: some values only make sense day-first, others month-first."""
        return bool(self.day_first_votes and self.month_first_votes)

    def parse(self, dayfirst: bool) -> tuple[pd.Series, np.ndarray]:
        """Parse every cell; ambiguous numeric dates are read day-first when ``dayfirst``.

        Returns the dates (``datetime64[ns]``, NaT where empty or unreadable) and a boolean mask
        of the cells that held something but could not be read as a date.
        """
        if dayfirst not in self._parsed:  # shared by the columns read together
            found = self._parse_uniques(dayfirst)
            self._parsed[dayfirst] = np.append(found, np.datetime64("NaT", "ns"))
        table = self._parsed[dayfirst]
        values = table[self.codes]  # code -1 picks the NaT appended last
        bad = np.isnat(values) & (self.codes >= 0)  # blank cells have code -1
        return pd.Series(values, copy=False), bad  # taken just now: nothing else holds it

    # -- internals ----------------------------------------------------------------------------

    def _texts(self) -> pd.Series:
        if self._text_cache is None and self._shared is not None:  # only when asked for
            texts, into = self._shared  # the column's texts, in the order they appear in it
            self._text_cache = texts.reindex(pd.unique(into[into >= 0]))
        if self._text_cache is None:  # asked for by the vote and by the parse: worked out once
            is_text = self.uniques.map(lambda v: isinstance(v, str)).astype(bool)
            self._text_cache = self.uniques[is_text].astype(str).str.strip()
        return self._text_cache

    def _numeric_parts(self) -> tuple[pd.Series | None, pd.Series | None]:
        texts = self._texts()
        if texts.empty:
            return None, None
        # A numeric date starts with a day or month and a separator: that test runs in Arrow
        # and usually rules out every value (ISO dates) before the full pattern is tried.
        starts = pc.match_substring_regex(arrow_text(texts), r"^\d{1,2}[-/.]")
        texts = texts[starts.to_numpy(zero_copy_only=False)]
        if texts.empty:
            return None, None
        texts = texts[_matches(texts, "numeric")]  # a quick test first: extracting costs more
        if texts.empty:
            return None, None
        found = texts.str.extract(_PATTERNS["numeric"]).dropna(subset=["a", "b"])
        if found.empty:
            return None, None
        return found["a"].astype(int), found["b"].astype(int)

    def _parse_uniques(self, dayfirst: bool) -> np.ndarray:
        """The date (``datetime64[ns]``, NaT if none) of each distinct value, by position."""
        out = np.full(len(self.uniques), np.datetime64("NaT", "ns"))
        if self.uniques.empty:
            return out
        if self._text_only:  # read from a CSV file: stripped already, blanks are missing
            texts = self.uniques.dropna()
        else:  # a workbook's cells: date cells, numbers (Excel's serial days) and text
            kinds = self.uniques.map(_kind)
            stamps = (kinds == "datetime").to_numpy()
            if stamps.any():
                found = pd.to_datetime(self.uniques[stamps].map(_as_datetime), errors="coerce")
                out[stamps] = held(found).to_numpy()
            numbers = (kinds == "number").to_numpy()
            if numbers.any():
                out[numbers] = _from_serial(self.uniques[numbers].astype(float)).to_numpy()
            texts = self.uniques[kinds == "text"].astype("str").str.strip()
        # The usual dates, in one vectorised call each; the shape the first text has is tried
        # first, as a column is nearly always written one way (the shapes never overlap).
        first = texts.iloc[0] if len(texts) else ""
        for shape in sorted(_EXACT, key=lambda shape: re.match(shape, first) is None):
            if texts.empty:
                break
            days, fits = _exact_days(texts, shape)
            if fits.any():
                inside = (days >= _FIRST64) & (days < _END64)  # see held()
                out[texts.index[fits]] = np.where(inside, days, np.datetime64("NaT", "ns"))[fits]
                texts = texts[~fits]
        for name, pattern in _PATTERNS.items():
            if texts.empty:
                break
            hit = _matches(texts, name)
            if not hit.any():
                continue
            found = texts[hit].str.extract(pattern)
            if name == "serial":
                read = _from_serial(found["serial"].astype(float))
            else:
                read = _assemble(found, name, dayfirst)
            out[found.index] = read.to_numpy(dtype="datetime64[ns]")
            texts = texts[~hit]
        return out


def _encoded(raws: list[pd.Series]) -> tuple[list[np.ndarray], pd.Series]:
    """Columns of text coded into one table of their distinct texts: a code per cell (-1 where
    missing) for each column, and the table."""
    pieces = [arrow_text(raw) for raw in raws]
    # Encoded as one chunked array, the columns share one table: Arrow gives its chunks one
    # dictionary, and unifying them (a check, 0.1 ms) makes sure of it.
    encoded = pc.dictionary_encode(pa.chunked_array(pieces, pieces[0].type))
    chunks = encoded.unify_dictionaries().chunks
    table = chunks[-1].dictionary if chunks else pa.array([], pa.large_string())
    indices = pa.chunked_array([c.indices for c in chunks], pa.int32())
    codes = pc.fill_null(indices, -1).to_numpy()
    ends = np.cumsum([len(raw) for raw in raws])[:-1]
    return np.split(codes, ends), pd.Series(pd.array(table, dtype="str"))


def held(stamps: pd.Series) -> pd.Series:
    """``stamps`` as the kit's dates (``datetime64[ns]``); a day outside the years the kit reads
    (before 1900 or after 2099, such as 0024-09-10 typed for 2024) is missing, so that its cell
    is reported unreadable."""
    inside = (stamps >= _FIRST) & (stamps < _END)
    return stamps.where(inside).astype(DATETIME_DTYPE)


def _matches(texts: pd.Series, name: str) -> pd.Series:
    """Which texts a pattern matches, tested on Arrow text (no groups extracted)."""
    return texts.astype("str").str.match(_PATTERNS[name]).fillna(False).astype(bool)


def _blank_to_na(raw: pd.Series) -> pd.Series:
    if raw.dtype == object:
        raw = raw.map(lambda v: v.strip() if isinstance(v, str) else v).astype(object)
        return raw.where(raw.map(lambda v: v is not None and v != "").astype(bool), None)
    return raw.where(raw != "")  # the loader already made blank cells missing


def _kind(value: object) -> str:
    if isinstance(value, str):
        return "text"
    if isinstance(value, (_dt.datetime, _dt.date, pd.Timestamp, np.datetime64)):
        return "datetime"
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        return "number" if np.isfinite(value) else "other"
    return "other"


def _as_datetime(value: object) -> object:
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return _dt.datetime(value.year, value.month, value.day)
    return value


def _from_serial(serials: pd.Series) -> pd.Series:
    ok = serials.between(*_SERIAL_RANGE)
    days = serials.where(ok)
    stamps = _EXCEL_EPOCH + pd.to_timedelta(days, unit="D")
    return stamps.dt.round("s").astype(DATETIME_DTYPE)


def _assemble(found: pd.DataFrame, kind: str, dayfirst: bool) -> pd.Series:
    year = found["y"].astype(float)
    year = year.where(year >= 100, np.where(year < 70, year + 2000, year + 1900))
    if kind == "iso":
        month, day = found["m"].astype(float), found["d"].astype(float)
    elif kind == "numeric":
        a, b = found["a"].astype(float), found["b"].astype(float)
        first = np.where(a > 12, True, np.where(b > 12, False, dayfirst))
        day = pd.Series(np.where(first, a, b), index=found.index)
        month = pd.Series(np.where(first, b, a), index=found.index)
    else:
        month = found["mon"].str.lower().map(_MONTHS).astype(float)
        day = found["d"].astype(float)
    hour = found["H"].astype(float).fillna(0)
    if "p" in found:
        pm = found["p"].fillna("").str.lower().str.startswith("p")
        am = found["p"].fillna("").str.lower().str.startswith("a")
        hour = hour.where(~(pm & (hour < 12)), hour + 12).where(~(am & (hour == 12)), 0)
    minute, second = found["M"].astype(float).fillna(0), found["S"].astype(float).fillna(0)
    seconds = (hour * 3600 + minute * 60 + second).to_numpy()
    days = _days(year.to_numpy(), np.asarray(month, dtype=float), np.asarray(day, dtype=float))
    stamps = days + (seconds * 1e9).astype("timedelta64[ns]")
    return held(pd.Series(stamps, index=found.index))


def _exact_days(texts: pd.Series, shape: str) -> tuple[np.ndarray, np.ndarray]:
    """The days of ``texts`` written exactly in ``shape`` (a pattern of :data:`_EXACT`), found
    by Arrow's regular expressions, and which texts fit it. NaT for a text that fits but names
    no day (31 Feb, "12 Foo 2024", a year outside the kit's)."""
    text = arrow_text(texts)
    found = pc.extract_regex(text, shape)  # null where the text does not fit

    def part(name: str) -> pa.Array:
        return pc.struct_field(found, name)

    if "mon" in found.type.names:
        month = pc.add(pc.index_in(pc.ascii_lower(part("mon")), _ABBREVIATIONS), 1)
    else:
        month = part("m")
    year, month, day = (
        pc.cast(p, pa.float64()).fill_null(np.nan).to_numpy(zero_copy_only=False)
        for p in (part("y"), month, part("d"))
    )
    return _days(year, month, day), found.is_valid().to_numpy(zero_copy_only=False)


def _days(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    """The days (``datetime64[ns]``) of these years, months and days; NaT where a part is
    missing or the day does not exist (31 April, 29 February 2023). Years far outside the kit's
    (see :func:`held`) are NaT too, before they could overflow."""
    ok = (year >= 1800) & (year < 2300) & (month >= 1) & (month <= 12) & (day >= 1) & (day <= 31)
    y, m, d = (np.where(ok, part, 1).astype(np.int64) for part in (year, month, day))
    months = ((y - 1970) * 12 + m - 1).astype("datetime64[M]")
    days = months.astype("datetime64[D]") + (d - 1).astype("timedelta64[D]")
    ok &= days.astype("datetime64[M]") == months  # not rolled into the next month
    return np.where(ok, days.astype("datetime64[ns]"), np.datetime64("NaT", "ns"))


def looks_like_date(texts) -> list[bool]:
    """Whether each text is written like a date the kit reads (a bare number is not)."""
    return [_looks_like_date(str(text).strip()) for text in texts]


def _looks_like_date(text: str) -> bool:
    for pattern in _COMPILED:
        found = pattern.match(text)
        if found is not None:
            month = found.groupdict().get("mon")
            return month is None or month.lower() in _MONTHS
    return False


#: The months' first three letters, as a month written so is found among them.
_ABBREVIATIONS = pa.array(sorted((m for m in _MONTHS if len(m) == 3), key=_MONTHS.get))
_COMPILED = [re.compile(p) for name, p in _PATTERNS.items() if name != "serial"]
