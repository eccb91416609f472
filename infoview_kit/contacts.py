"""Load any contacts spreadsheet into the canonical frame, and save it back.

>>> report = check_contacts("Connections.csv")      # doctest: +SKIP
>>> report.contacts                                  # the canonical frame
>>> report.problems                                  # what could not be placed, as written
>>> print(report.summary())                          # what the kit understood, in plain words

The work is split in two: :mod:`infoview_kit.sheets` reads cells from bytes (encoding, delimiter,
header row, workbook sheets); this module maps headers to canonical columns, values to the
vocabularies and text to dates, column by column and vectorised over distinct values.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import html
import os
import re
import warnings
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import schema
from .dates import DateColumn, parse_texts
from .errors import ContactsError
from .files import write_atomic
from .sheets import (
    DELIMITER_NAMES,
    RawTable,
    column_letter,
    normalise_header,
    read_bytes,
    read_raw,
)

__all__ = [
    "ContactsError",
    "ContactsReport",
    "check_contacts",
    "load_contacts",
    "save_contacts",
]

Source = str | os.PathLike | bytes | IO[bytes]

PROBLEM_COLUMNS = ["row", "column", "value", "problem"]
_NAME_PARTS = ("first_name", "last_name")
#: Columns with few distinct values, which the reader dictionary-encodes as it parses.
_FEW_VALUES = frozenset([*schema.VOCABULARIES, *schema.DATE_COLUMNS, "responded"])
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")
_NEUTRALISED = r"^'(?=[=+\-@\t\r])"


@dataclass
class ContactsReport:
    """What the kit read from one spreadsheet.

    Attributes
    ----------
    contacts
        The canonical frame: :data:`infoview_kit.schema.COLUMNS` in order, then every input
        column that maps to none of them under its own header, values untouched.
    problems
        One row per thing the kit could not place: ``row`` (as the spreadsheet shows it),
        ``column`` (the person's header), ``value`` (as written) and ``problem`` (plain words).
    column_map
        The person's header -> canonical column, for every header the kit understood.
    notes
        Assumptions the kit made that are not problems (an encoding, a sheet, a date order).
    rows
        For each contact, the row number its spreadsheet shows it on.
    """

    contacts: pd.DataFrame
    problems: pd.DataFrame
    column_map: dict[str, str]
    source: str = ""
    rows: pd.Series = field(default_factory=lambda: pd.Series([], dtype="int64"))
    notes: list[str] = field(default_factory=list)
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    header_row: int = 1

    @property
    def extra_columns(self) -> list[str]:
        """Input columns kept as they are, under their own headers."""
        return [c for c in self.contacts.columns if c not in schema.COLUMNS]

    def summary(self) -> str:
        """What the kit understood, in plain words (what ``infoview-kit check`` prints)."""
        lines = [f"Read {self.source}: {_how_read(self)}; {len(self.contacts)} contacts."]
        lines.append("Columns understood (your header -> the kit's column):")
        width = max((len(h) for h in self.column_map), default=0)
        for header, column in self.column_map.items():
            lines.append(f"  {header:<{width}}  -> {column}")
        if self.extra_columns:
            lines.append("Kept as they are: " + ", ".join(self.extra_columns))
        for note in self.notes:
            lines.append(f"Note: {note}")
        if len(self.problems):
            lines.append(f"Problems: {len(self.problems)} (each listed with its row and text).")
        else:
            lines.append("No problems found.")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        escape = html.escape
        items = "".join(
            f"<li><b>{escape(h)}</b> &rarr; {escape(c)}</li>" for h, c in self.column_map.items()
        )
        notes = "".join(f"<li>{escape(n)}</li>" for n in self.notes)
        problems = (
            self.problems.head(50).to_html(index=False, escape=True)
            if len(self.problems)
            else "<p>No problems found.</p>"
        )
        more = f"<p>... and {len(self.problems) - 50} more.</p>" if len(self.problems) > 50 else ""
        return (
            f"<p>Read <b>{escape(self.source)}</b>: {escape(_how_read(self))}; "
            f"{len(self.contacts)} contacts.</p><p>Columns understood:</p><ul>{items}</ul>"
            + (f"<p>Notes:</p><ul>{notes}</ul>" if notes else "")
            + problems
            + more
        )


def _how_read(report: ContactsReport) -> str:
    if report.sheet is not None:
        return f"sheet '{report.sheet}', header on row {report.header_row}"
    delimiter = DELIMITER_NAMES.get(report.delimiter or ",", repr(report.delimiter))
    return f"{report.encoding} text, {delimiter}-separated, header on row {report.header_row}"


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------


def check_contacts(
    source: Source,
    *,
    dayfirst: bool | None = None,
    sheet: str | int | None = None,
    columns: Mapping[str, str | None] | None = None,
) -> ContactsReport:
    """Read a contacts spreadsheet and say what was understood and what was not.

    Parameters
    ----------
    source
        A path to a .csv/.tsv/.txt or .xlsx file, the file's bytes, or a binary file object
        (an upload). The format is recognised from the content, not the name.
    dayfirst
        How to read numeric dates that could be either way (``03/04/2024``) in a column that
        does not settle it itself. ``None``: use the other date columns of the file, else
        day-first for semicolon-separated files and month-first otherwise, and report it.
    sheet
        The workbook sheet to read, by name or 0-based position (default: the first).
    columns
        Overrides of the header mapping: ``{"Their header": "canonical column"}``; map a header
        to ``None`` to keep it as it is.

    Returns
    -------
    ContactsReport

    Raises
    ------
    ContactsError
        The input cannot be read as contacts at all; the message says why and what to do.
    """
    label = _label(source)
    try:
        return _check(source, label, dayfirst=dayfirst, sheet=sheet, columns=columns)
    except ContactsError:
        raise
    except MemoryError:
        raise ContactsError(
            f"{label} is too large to read in this computer's memory. Split it into smaller "
            "files, or remove columns the kit does not need."
        ) from None
    except Exception as exc:  # the promise: no traceback for any input
        raise ContactsError(
            f"{label} could not be read ({type(exc).__name__}: {exc}). This is a bug in "
            "infoview-kit: please report it with a copy of the file with personal details "
            "removed. Saving the sheet again as CSV UTF-8 may work around it."
        ) from None


def load_contacts(
    source: Source,
    *,
    dayfirst: bool | None = None,
    sheet: str | int | None = None,
    columns: Mapping[str, str | None] | None = None,
) -> pd.DataFrame:
    """Read a contacts spreadsheet into the canonical frame.

    Same parameters as :func:`check_contacts`; warns once (``UserWarning``) when the sheet has
    problems, which :func:`check_contacts` lists.
    """
    report = check_contacts(source, dayfirst=dayfirst, sheet=sheet, columns=columns)
    if len(report.problems):
        warnings.warn(
            f"{report.source}: {len(report.problems)} problem(s) found; every value is kept. "
            "Run check_contacts() or `infoview-kit check` on the file to list them.",
            UserWarning,
            stacklevel=2,
        )
    return report.contacts


def save_contacts(contacts: pd.DataFrame, path: str | os.PathLike) -> Path:
    """Write ``contacts`` to ``path`` (.csv or .xlsx, by suffix), atomically.

    The file is written beside the target and moved over it only when complete, so a failure
    leaves any previous file intact. Cells that a spreadsheet would run as a formula (starting
    with ``= + - @``, a tab or a carriage return, other than plain numbers) are prefixed with
    ``'``; :func:`load_contacts` removes that prefix again, so
    ``load_contacts(save_contacts(x, p))`` equals ``x``.

    Returns
    -------
    pathlib.Path
        The path written.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ValueError(f"save_contacts writes .csv or .xlsx, not {path.name!r}.")
    safe = _neutralise(contacts)
    if suffix == ".csv":
        text = _dates_as_text(safe)
        write_atomic(
            path,
            lambda temporary: text.to_csv(
                temporary, index=False, encoding="utf-8", lineterminator="\n"
            ),
        )
    else:
        write_atomic(path, lambda temporary: _write_xlsx(safe, temporary))
    return path


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------


def _label(source: Source) -> str:
    if isinstance(source, (str, os.PathLike)):
        return str(source)
    name = getattr(source, "name", None)
    return str(name) if isinstance(name, str) and name else "the uploaded file"


class _HeaderMapper:
    """Decides which canonical column a header stands for."""

    def __init__(self, overrides: Mapping[str, str | None] | None):
        self.overrides: dict[str, str | None] = {}
        valid = set(schema.COLUMNS) | set(_NAME_PARTS)
        for header, column in (overrides or {}).items():
            if column is not None and column not in valid:
                raise ContactsError(
                    f"columns= maps {header!r} to {column!r}, which is not a column of the kit. "
                    f"Use one of: {', '.join(schema.COLUMNS)} (or None to keep it as it is)."
                )
            self.overrides[normalise_header(header)] = column
        self._cache: dict[str, str | None] = {}

    def target(self, header: str) -> str | None:
        key = normalise_header(header)
        if key not in self._cache:
            self._cache[key] = self._target(key)
        return self._cache[key]

    def _target(self, key: str) -> str | None:
        if key in self.overrides:
            return self.overrides[key]
        if not key:
            return None
        if key in schema.HEADER_SYNONYMS:
            return schema.HEADER_SYNONYMS[key]
        # "Email address (work)", "Date of first contact": the longest known header inside it.
        inside = [s for s in schema.HEADER_SYNONYMS if len(s) >= 5 and s in key]
        if inside:
            return schema.HEADER_SYNONYMS[max(inside, key=len)]
        return None

    def few_values(self, headers: list[str]) -> set[int]:
        """Positions of the headers whose columns hold few distinct values (dates, yes/no and
        vocabulary columns): the reader finds those values while it parses."""
        return {
            position
            for position, header in enumerate(headers)
            if isinstance(header, str) and self.target(header) in _FEW_VALUES
        }

    def score(self, cells: list[str]) -> int:
        targets = {self.target(c) for c in cells if isinstance(c, str) and c.strip()}
        targets.discard(None)
        if not targets & {"name", *_NAME_PARTS}:
            return 0
        return len(targets) + 5


class _Problems:
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
            frame = pd.DataFrame({c: pd.Series([], dtype="str") for c in PROBLEM_COLUMNS})
            frame["row"] = pd.Series([], dtype="Int64")
            return frame
        frame = pd.concat(self.parts, ignore_index=True)
        frame["row"] = frame["row"].astype("Int64")
        for column in ("column", "value", "problem"):
            frame[column] = frame[column].map(_text_of).astype("str")
        return frame.sort_values("row", kind="stable", na_position="first").reset_index(drop=True)


def _take_text(table: list, codes: np.ndarray) -> pd.Series:
    """``table[codes]`` as a ``str`` column, where code -1 means missing.

    Building a column by taking from its few distinct values is far cheaper than converting
    a million Python strings.
    """
    small = pd.array(list(table) + [np.nan], dtype="str")
    codes = np.where(codes < 0, len(table), codes)
    return pd.Series(small.take(codes), dtype="str")


def _missing_text(n: int) -> pd.Series:
    return _take_text([], np.full(n, -1, dtype=np.intp))


def _text_of(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return str(value)


def _check(source, label, *, dayfirst, sheet, columns) -> ContactsReport:
    mapper = _HeaderMapper(columns)
    data = read_bytes(source, label)
    path = Path(source) if isinstance(source, (str, os.PathLike)) else None
    raw = read_raw(
        data, label, is_header=mapper.score, sheet=sheet, few_values=mapper.few_values, path=path
    )
    del data  # the file's bytes are parsed: free them before the columns are built
    _release_scratch(len(raw.rows))
    return _canonical(raw, label, mapper, dayfirst)


def _blank(series: pd.Series, blanks_missing: bool = False) -> tuple[pd.Series, np.ndarray]:
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
    text = series.astype("str").array.__arrow_array__()
    blank = pc.utf8_is_space(text)
    if not blanks_missing:  # the reader may have left empty cells as empty strings
        blank = pc.or_(blank, pc.equal(text, ""))
    return series, ~blank.fill_null(True).to_numpy(zero_copy_only=False)


def _unneutralise(series: pd.Series) -> pd.Series:
    """Undo :func:`save_contacts`' formula guard: ``'=SUM(A1)`` reads back as ``=SUM(A1)``."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        codes, values = _distinct(series)
        values = _unneutralise(pd.Series(values, dtype=object)).tolist()
        return pd.Series(pd.Categorical.from_codes(*_merged(codes, values)))
    if series.dtype == object:
        return series.map(
            lambda v: v[1:] if isinstance(v, str) and re.match(_NEUTRALISED, v) else v
        ).astype(object)
    starts = series.str.startswith("'")
    if not starts.fillna(False).any():
        return series
    return series.str.replace(_NEUTRALISED, "", regex=True)


def _as_text(series: pd.Series) -> pd.Series:
    """Canonical text: strings, stripped; numbers from workbooks written as a person would."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        codes, texts = _text_codes(series)
        return _take_text(texts, codes)
    if series.dtype == object:
        series = series.map(_cell_text)
    text = series.astype("str").array.__arrow_array__()  # the str dtype holds Arrow text
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


def _cell_text(value: object) -> object:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return np.nan
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, pd.Timestamp) or hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _distinct(cells: pd.Series) -> tuple[np.ndarray, list]:
    """Codes per cell (-1 where missing) and the distinct values: a categorical's own, or found
    by factorising."""
    if isinstance(cells.dtype, pd.CategoricalDtype):
        return cells.cat.codes.to_numpy(), list(cells.cat.categories)
    codes, uniques = pd.factorize(cells, use_na_sentinel=True)
    return np.asarray(codes), list(uniques)


def _merged(codes: np.ndarray, values: list) -> tuple[np.ndarray, list]:
    """``codes`` into ``values`` with missing values (NaN, None) and repeated values merged:
    codes into a list of distinct, present values."""
    again, distinct = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    again = np.append(np.asarray(again), -1)  # code -1 stays missing
    return again[codes], list(distinct)


def _text_codes(cells: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Codes per cell and the distinct canonical texts (stripped; blank means missing), each
    value cleaned once however often it occurs."""
    codes, values = _distinct(cells)
    texts = [_cell_text(v) for v in values]
    texts = [(t.strip() or None) if isinstance(t, str) else None for t in texts]
    return _merged(codes, texts)


def _canonical(raw: RawTable, label: str, mapper: _HeaderMapper, dayfirst) -> ContactsReport:
    problems = _Problems()
    notes = list(raw.notes)
    cells = raw.cells
    header_width = len(raw.headers)
    headers = [str(h).strip() for h in raw.headers] + [""] * (cells.shape[1] - header_width)

    # Blank cells become NaN; rows and header-less columns with nothing in them go.
    columns: dict[int, pd.Series] = {}
    present: dict[int, np.ndarray] = {}
    positions = list(cells.columns)
    with _pool(len(cells)) as run:
        blanks = run(lambda position: _blank(cells[position], raw.blanks_missing), positions)
    for position, (values, filled) in zip(positions, blanks):
        columns[position], present[position] = values, filled
    raw.cells = cells = blanks = values = None  # from here each column lives in ``columns`` only
    any_present = np.zeros(len(raw.rows), dtype=bool)
    for filled in present.values():
        any_present |= filled
    keep = any_present
    every_row = bool(keep.all())  # the common case: nothing to drop, nothing to copy
    rows = raw.rows if every_row else raw.rows[keep]
    for position in list(columns):
        filled = present[position] if every_row else present[position][keep]
        if not filled.any() and not headers[position]:
            del columns[position]  # trailing empty columns of a Google Sheets export
            continue
        series = columns[position]
        if not every_row:
            series = series[keep].reset_index(drop=True)
        columns[position] = _unneutralise(series) if raw.formula_guarded else series
        present[position] = filled

    # Which header feeds which canonical column.
    taken: dict[str, int] = {}
    column_map: dict[str, str] = {}
    extras: dict[str, pd.Series] = {}
    used_names = set(schema.COLUMNS)
    seen_headers: set[str] = set()
    for position, series in columns.items():
        header = headers[position]
        target = mapper.target(header) if header else None
        shown = header or f"column {column_letter(position)}"
        repeated = bool(header) and header in seen_headers
        if repeated:
            shown = _unique(header, used_names | seen_headers)
            problems.add_column(
                header, f"the header '{header}' appears twice; the second is kept as '{shown}'"
            )
        seen_headers.add(header)
        if target is not None and target not in taken:
            taken[target] = position
            column_map[shown] = "name" if target in _NAME_PARTS else target
            continue
        if target is not None and not repeated:
            first = headers[taken[target]]
            problems.add_column(
                shown,
                f"'{shown}' also looks like the {target.replace('_', ' ')} column; '{first}' "
                f"is used for it and '{shown}' is kept as it is",
            )
        if not header:
            if position >= header_width:
                filled = present[position]
                problems.add(
                    rows[filled],
                    shown,
                    series[filled].map(_text_of).to_numpy(dtype=object),
                    f"this row has more cells than the header; the extra cell is kept as '{shown}'",
                )
            else:
                problems.add_column(shown, f"this column has no header; it is kept as '{shown}'")
        shown = _unique(shown, used_names)
        used_names.add(shown)
        extras[shown] = _extra(series.where(present[position]))

    frame: dict[str, pd.Series] = {}

    # name (required)
    if "name" in taken:
        frame["name"] = _as_text(columns.pop(taken["name"]))
    else:
        parts = [_as_text(columns.pop(taken[p])) for p in _NAME_PARTS if p in taken]
        joined = parts[0].fillna("")
        for part in parts[1:]:
            joined = joined + " " + part.fillna("")
        joined = joined.str.strip()
        frame["name"] = joined.where(joined != "")
    nameless = frame["name"].isna().to_numpy()
    if nameless.any():
        name_header = next(h for h, c in column_map.items() if c == "name")
        problems.add(rows[nameless], name_header, "", "no name on this row; the row is kept")

    # Text columns are cleaned and date columns classified independently of each other; on a
    # large sheet a few threads share the work (pyarrow and pandas release the GIL there).
    text_columns = [c for c in schema.TEXT_COLUMNS if c != "name" and c in taken]
    date_names = [c for c in schema.DATE_COLUMNS if c in taken]

    # Each column's cells as read are let go as soon as its clean copy exists, so that a large
    # sheet never holds two full copies of itself.
    def clean(column: str) -> tuple[pd.Series, np.ndarray | None]:
        if column in schema.VOCABULARIES:
            return _vocabulary(columns.pop(taken[column]), column)
        return _as_text(columns.pop(taken[column])), None  # held by _as_text alone

    with _pool(len(rows)) as run:
        cleaned = run(clean, text_columns)
        date_columns = dict(
            zip(date_names, run(lambda c: DateColumn.from_cells(columns[taken[c]]), date_names))
        )
    _release_scratch(len(rows))

    # text and vocabulary columns (problems recorded in column order)
    for column in schema.TEXT_COLUMNS:
        if column == "name":
            continue
        if column not in taken:
            frame[column] = _missing_text(len(rows))
            continue
        text, unknown = cleaned[text_columns.index(column)]
        if unknown is not None and unknown.any():
            allowed = ", ".join(schema.VOCABULARIES[column])
            problems.add(
                rows[unknown],
                headers[taken[column]],
                text[unknown].to_numpy(dtype=object),
                f"not a {column} the kit knows ({allowed}); kept as written",
            )
        frame[column] = text

    file_vote = sum(d.day_first_votes for d in date_columns.values()) - sum(
        d.month_first_votes for d in date_columns.values()
    )
    orders: dict[str, bool] = {}
    for column in schema.DATE_COLUMNS:
        if column not in date_columns:
            continue
        parsed = date_columns[column]
        header = headers[taken[column]]
        order = parsed.decided
        if parsed.mixed:
            problems.add_column(
                header,
                f"this column mixes day-first and month-first dates; dates that could be either "
                f"way were read {'day' if order else 'month'}-first",
            )
        if order is None and parsed.ambiguous:
            order, why = _settle_order(dayfirst, file_vote, raw.delimiter)
            text = (
                f"every date here could be read either way (such as {parsed.example}); read "
                f"{'day' if order else 'month'}-first because {why}"
            )
            if dayfirst is None:
                problems.add_column(header, text + ". Pass dayfirst=True or False to choose.")
            else:
                notes.append(f"'{header}': {text}.")
        orders[column] = bool(order)
    # The same dates recur across columns (added, contacted, replied...): parse each once.
    shared = {}
    for order in set(orders.values()):
        texts = [date_columns[c].texts() for c in orders if orders[c] == order]
        shared[order] = parse_texts(pd.concat(texts), order) if texts else None
    with _pool(len(rows)) as run:
        parsed = dict(
            zip(
                date_columns,
                run(
                    lambda c: date_columns[c].parse(orders[c], shared.get(orders[c])), date_columns
                ),
            )
        )
    date_columns.clear()
    for column in schema.DATE_COLUMNS:
        if column not in parsed:
            frame[column] = pd.Series(pd.NaT, index=range(len(rows)), dtype=schema.DATETIME_DTYPE)
            continue
        values, bad = parsed.pop(column)
        cells = columns.pop(taken[column])
        if bad.any():
            header = headers[taken[column]]
            problems.add(
                rows[bad],
                header,
                cells[bad].map(_text_of).to_numpy(dtype=object),
                "not a date the kit can read; write it like 2024-03-12",
            )
        frame[column] = values

    # responded, status and last contact: as given, completed from the other columns
    if "responded" in taken:
        said = _yes_no(columns[taken["responded"]], rows, headers[taken["responded"]], problems)
    else:
        said = pd.Series(pd.NA, index=range(len(rows)), dtype="boolean")
    frame["status"] = _derive_status(frame, said)
    answered = frame["status"].isin(schema.ANSWERED_STATUSES)
    frame["responded"] = (
        said.fillna(False).astype(bool)
        | frame["responded_on"].notna()
        | frame["met_on"].notna()
        | answered
    ).astype(bool)
    frame["last_contact_on"] = _derive_last_contact(frame)

    contacts = pd.DataFrame(
        {c: frame[c].reset_index(drop=True) for c in schema.COLUMNS}, copy=False
    )
    for name, series in extras.items():
        contacts[name] = series.reset_index(drop=True)
    if raw.encoding and raw.encoding not in ("utf-8", "utf-8-sig"):
        notes.append(f"The file is not UTF-8; it was read as {raw.encoding}.")
    return ContactsReport(
        contacts=contacts,
        problems=problems.frame(),
        column_map=column_map,
        source=label,
        rows=pd.Series(rows, name="row"),
        notes=notes,
        encoding=raw.encoding,
        delimiter=raw.delimiter,
        sheet=raw.sheet,
        header_row=raw.header_row,
    )


def _release_scratch(rows: int) -> None:
    """On a large sheet, hand the memory the reading phases freed back to the system.

    Allocators keep freed blocks for reuse (pyarrow's pool, and the C library's per-thread
    arenas); after a phase that replaced whole columns that can be hundreds of megabytes the
    notebook would otherwise go on holding.
    """
    if rows >= _PARALLEL_ROWS:
        pa.default_memory_pool().release_unused()
        trim = _malloc_trim()
        if trim is not None:
            trim(0)


@functools.cache
def _malloc_trim():
    """glibc's ``malloc_trim``, or None on systems without it (looked up on first use)."""
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (AttributeError, OSError):  # not glibc: macOS, Windows, musl
        return None


#: Sheets with more rows than this clean their columns on a thread pool.
_PARALLEL_ROWS = 50_000


@contextlib.contextmanager
def _pool(rows: int):
    """``run(function, items) -> list``: in order, on threads for large sheets."""
    if rows < _PARALLEL_ROWS:
        yield lambda function, items: [function(item) for item in items]
        return
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as executor:
        yield lambda function, items: list(executor.map(function, items))


def _unique(name: str, used: set[str]) -> str:
    if name not in used:
        return name
    n = 2
    while f"{name} ({n})" in used:
        n += 1
    return f"{name} ({n})"


def _extra(series: pd.Series) -> pd.Series:
    """An input column the kit does not use: values as they were (blanks become missing)."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        return series.astype("str")
    if series.dtype != object:
        return series
    values = series.dropna()
    if values.map(lambda v: isinstance(v, str)).all():
        return series.astype("str")
    return series.infer_objects()


def _settle_order(dayfirst, file_vote: int, delimiter) -> tuple[bool, str]:
    if dayfirst is not None:
        return bool(dayfirst), f"dayfirst={bool(dayfirst)} was given"
    if file_vote:
        return file_vote > 0, "the file's other date columns are written that way"
    if delimiter == ";":
        return (
            True,
            "the file is semicolon-separated, as spreadsheets that write dates day-first save CSV",
        )
    return False, "month-first is the default"


def _vocabulary(cells: pd.Series, column: str) -> tuple[pd.Series, np.ndarray]:
    """Map values to the column's vocabulary; unknown values stay as written (stripped).

    Returns the mapped column and the mask of cells whose value the kit does not know.
    """
    codes, uniques = _text_codes(cells)
    mapped = [_lookup(column, value) for value in uniques]
    known = np.array([m is not None for m in mapped] + [True])
    values = [m if m is not None else u for m, u in zip(mapped, uniques)]
    final = codes
    if len(set(values)) < len(values):  # mapped alike ("LinkedIn", "linkedin"): one code
        final, values = _merged(codes, values)  # still numbered in order of appearance
    out = _take_text(values, final)
    return out, ~known[codes]


def _lookup(column: str, value: str) -> str | None:
    key = normalise_header(value)
    if value in schema.VOCABULARIES[column]:
        return value
    exact = schema.VALUE_SYNONYMS[column].get(key)
    if exact is not None:
        return exact
    for keyword, target in schema.VALUE_KEYWORDS[column]:
        if keyword in key:
            return target
    return None


def _yes_no(cells, rows, header, problems) -> pd.Series:
    codes, uniques = _text_codes(cells)
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


def _derive_status(frame: dict, said: pd.Series) -> pd.Series:
    """The status as written, or, where it is blank, the furthest stage the dates show."""
    given = frame.get("status")
    if given is not None and not given.isna().any():
        return given  # every row says it: nothing to derive
    today = pd.Timestamp.today().normalize()
    met = frame["met_on"]
    stages = ["thanked", "met", "scheduled", "responded", "requested", "to-contact"]
    codes = np.select(
        [
            frame["thanked_on"].notna().to_numpy(),
            (met.notna() & (met <= today)).to_numpy(),
            met.notna().to_numpy(),
            (said.fillna(False).astype(bool) | frame["responded_on"].notna()).to_numpy(),
            frame["contacted_on"].notna().to_numpy(),
        ],
        [0, 1, 2, 3, 4],
        default=5,
    )
    derived = _take_text(stages, codes)
    if given is None:
        return derived
    return given.fillna(derived).astype("str")


def _derive_last_contact(frame: dict) -> pd.Series:
    """Latest past interaction, where the sheet does not give it."""
    tomorrow = (pd.Timestamp.today().normalize() + pd.Timedelta(days=1)).to_datetime64()
    latest = None
    for column in schema.INTERACTION_COLUMNS:
        values = frame[column].to_numpy(dtype="datetime64[ns]")
        values = np.where(values < tomorrow, values, np.datetime64("NaT"))  # NaT compares False
        latest = values if latest is None else np.fmax(latest, values)  # fmax skips NaT
    derived = pd.Series(latest, dtype=schema.DATETIME_DTYPE)
    return frame["last_contact_on"].fillna(derived).astype(schema.DATETIME_DTYPE)


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------


def _neutralise(contacts: pd.DataFrame) -> pd.DataFrame:
    """Prefix ``'`` to text a spreadsheet would run as a formula (OWASP CSV injection)."""
    out = contacts.copy()
    for column in out.columns:
        series = out[column]
        if series.dtype == object:
            is_text = series.map(lambda v: isinstance(v, str)).astype(bool)
        elif pd.api.types.is_string_dtype(series.dtype):
            is_text = series.notna()
        else:
            continue
        text = series.where(is_text).astype("str")
        risky = (
            is_text
            & text.str.startswith(_FORMULA_START).fillna(False).astype(bool)
            & ~text.str.match(_PLAIN_NUMBER.pattern).fillna(False).astype(bool)
        )
        if risky.any():
            out[column] = series.where(~risky, "'" + text)
    return out


def _dates_as_text(contacts: pd.DataFrame) -> pd.DataFrame:
    """Dates as ISO text (no time part when every time is midnight); booleans as yes/no."""
    out = contacts.copy()
    for column in out.columns:
        series = out[column]
        if pd.api.types.is_datetime64_any_dtype(series.dtype):
            has_time = (series.dropna() != series.dropna().dt.normalize()).any()
            fmt = "%Y-%m-%d %H:%M:%S" if has_time else "%Y-%m-%d"
            out[column] = series.dt.strftime(fmt)
        elif series.dtype == bool:
            out[column] = np.where(series, "yes", "no")
    return out


def _write_xlsx(contacts: pd.DataFrame, path: str) -> None:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    out = contacts.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column].dtype):
            out[column] = out[column].map(
                lambda v: ILLEGAL_CHARACTERS_RE.sub("\ufffd", v) if isinstance(v, str) else v
            )
    out.to_excel(path, index=False, engine="openpyxl", sheet_name="Contacts")
