"""One file's cells become the canonical frame, in named steps.

Find the cells (blanks are missing, empty rows go), map the columns (header and cells together,
see :mod:`~infoview_kit.matching`), clean the names, texts and dates, derive status and last
contact, check the dates against each other, then list likely duplicates. Every step adds what
it could not place to the problems; no value is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import cleaning, matching, merging, schema
from .cleaning import text_codes as _text_codes
from .dates import DateColumn
from .names import arrow_text, plain_or_ruled
from .report import ContactsReport
from .sheets import RawTable, column_letter, normalise_header

__all__ = ["UPLOADED", "canonical"]

#: How a file given as bytes or an upload, with no name, is named in messages and sources.
UPLOADED = "the uploaded file"


@dataclass
class _Cells:
    """A file's cells after blanks are found: one series per non-empty column."""

    headers: list[str]
    columns: dict[int, pd.Series]
    present: dict[int, np.ndarray]
    rows: np.ndarray
    width: int


def _find_cells(raw: RawTable) -> _Cells:
    """Blank cells become missing; rows with nothing in them and empty header-less columns go."""
    cells = raw.cells
    headers = [str(h).strip() for h in raw.headers] + [""] * (cells.shape[1] - len(raw.headers))
    columns, present = {}, {}
    for position in cells.columns:
        columns[position], present[position] = cleaning.blank(cells[position], raw.blanks_missing)
    raw.cells = cells = None  # from here each column lives in ``columns`` only
    keep = np.zeros(len(raw.rows), dtype=bool)
    for filled in present.values():
        keep |= filled
    every_row = bool(keep.all())
    rows = raw.rows if every_row else raw.rows[keep]
    for position in list(columns):
        filled = present[position] if every_row else present[position][keep]
        if not filled.any() and not headers[position]:
            del columns[position], present[position]  # Google Sheets' trailing empty columns
            continue
        series = columns[position] if every_row else columns[position][keep]
        series = series.reset_index(drop=True)
        columns[position] = cleaning.unneutralise(series) if raw.formula_guarded else series
        present[position] = filled
    return _Cells(headers, columns, present, rows, len(raw.headers))


@dataclass
class _Mapped:
    taken: dict[str, int]
    column_map: dict[str, str]
    extras: dict[str, pd.Series]


def _map_columns(cells: _Cells, overrides, problems: cleaning.Problems) -> _Mapped:
    """Which column feeds which kit column (header and cells together), and the rest kept."""
    headers, columns = cells.headers, cells.columns
    # Blank cells need no masking: the profile leaves out values that are blank once stripped.
    # A column with no cell in it (most of an address book's) has nothing to look at.
    profiles = {
        p: matching.profile(s.head(_PROFILE_ROWS), _lookup)
        if cells.present[p].any()
        else matching.Profile()
        for p, s in columns.items()
    }
    found = matching.assign(headers, profiles, overrides)
    for position, problem in found.close_calls:
        problems.add_column(headers[position], problem)
    taken = {**found.taken, **found.parts}
    column_map: dict[str, str] = {}
    extras: dict[str, pd.Series] = {}
    used_names, seen = set(schema.COLUMNS), set()
    for position, series in columns.items():
        header = headers[position]
        shown = header or f"column {column_letter(position)}"
        if header and header in seen:
            shown = cleaning.unique(header, used_names | seen)
            problems.add_column(
                header, f"the header '{header}' appears twice; the second is kept as '{shown}'"
            )
        seen.add(header)
        if position in found.why:
            choice = found.why[position]
            column_map[shown] = (
                matching.Choice("status", choice.why) if choice == "thanked" else choice
            )
            continue
        _report_headerless(cells, position, shown, problems)
        shown = cleaning.unique(shown, used_names)
        used_names.add(shown)
        extras[shown] = cleaning.extra(_blanks_missing(series, cells.present[position]))
    return _Mapped(taken, column_map, extras)


def _blanks_missing(series: pd.Series, present: np.ndarray) -> pd.Series:
    """``series`` with its blank cells (empty, or white space alone) missing; as it is when
    they are missing already (an export's empty columns: nothing to copy)."""
    if present.all() or not (series.notna().to_numpy() & ~present).any():
        return series
    return series.where(present)


def _report_headerless(cells: _Cells, position: int, shown: str, problems) -> None:
    if cells.headers[position]:
        return
    if position >= cells.width:
        filled = cells.present[position]
        problems.add(
            cells.rows[filled],
            shown,
            cells.columns[position][filled].map(cleaning.text_of).to_numpy(dtype=object),
            f"this row has more cells than the header; the extra cell is kept as '{shown}'",
        )
    else:
        problems.add_column(shown, f"this column has no header; it is kept as '{shown}'")


def _clean_names(cells: _Cells, mapped: _Mapped, problems) -> pd.Series:
    taken, columns = mapped.taken, cells.columns
    if "name" in taken:
        name = cleaning.as_text(columns.pop(taken["name"]))
    else:
        parts = [cleaning.as_text(columns.pop(taken[p])) for p in schema.NAME_PARTS if p in taken]
        if not parts:  # the header promised names the cells do not hold: rows kept, nameless
            parts = [cleaning.missing_text(len(cells.rows))]
        name = _joined(parts)
    nameless = name.isna().to_numpy()
    if nameless.any():
        header = next((h for h, c in mapped.column_map.items() if c == "name"), "name")
        problems.add(cells.rows[nameless], header, "", "no name on this row; the row is kept")
    return name


def _joined(parts: list[pd.Series]) -> pd.Series:
    """First, middle and last names as one name, white space collapsed; missing where every
    part is. Names of plain ASCII (nearly all) are joined in Arrow; the others are collapsed
    one by one, as Python splits on white space."""
    texts = [arrow_text(p).cast(pa.large_string()) for p in parts]
    space = pa.scalar(" ", pa.large_string())
    # A missing part is empty (Arrow's "skip" loses rows where every part is missing), and the
    # spaces it leaves (an export's empty middle names) are taken out in Arrow too.
    joined = pc.binary_join_element_wise(*texts, space, null_handling="replace")
    if any(text.null_count for text in texts):
        joined = pc.replace_substring(pc.utf8_trim(joined, " "), "  ", " ")
    joined = plain_or_ruled(joined, joined, lambda name: " ".join(name.split()))
    joined = pc.if_else(pc.equal(joined, ""), pa.scalar(None, joined.type), joined)
    return pd.Series(pd.array(joined, dtype="str"))


def _clean_texts(cells: _Cells, mapped: _Mapped, problems, frame: dict) -> None:
    """Text and vocabulary columns, each let go as read as soon as its clean copy exists."""
    n = len(cells.rows)
    for column in schema.TEXT_COLUMNS:
        if column == "name":
            continue
        if column not in mapped.taken:  # a vocabulary's is its categorical already
            vocabulary = column in schema.VOCABULARIES
            frame[column] = _nothing_of(column, n) if vocabulary else cleaning.missing_text(n)
            continue
        position = mapped.taken[column]
        if column not in schema.VOCABULARIES:
            frame[column] = cleaning.as_text(cells.columns.pop(position))
            continue
        text, unknown = _vocabulary(cells.columns.pop(position), column)
        if unknown.any():
            problems.add(
                cells.rows[unknown],
                cells.headers[position],
                text[unknown].to_numpy(dtype=object),
                f"not a {column} the kit knows ({', '.join(schema.VOCABULARIES[column])}); "
                "kept as written",
            )
        frame[column] = text


def _nothing_of(column: str, n: int) -> pd.Series:
    """A vocabulary column the file does not have: ``n`` missing values of its categorical."""
    dtype = cleaning.VOCABULARY_DTYPES[column]
    return pd.Series(pd.Categorical.from_codes(np.full(n, -1, dtype=np.int8), dtype=dtype))


def _clean_dates(cells: _Cells, mapped: _Mapped, problems, notes, dayfirst, delimiter, frame):
    """Date columns: each column's order settled, each distinct date text of the file parsed
    once (see :meth:`DateColumn.several`)."""
    taken, headers = mapped.taken, cells.headers
    names = [c for c in schema.DATE_COLUMNS if c in taken]
    found = dict(zip(names, DateColumn.several([cells.columns[taken[c]] for c in names])))
    vote = sum(d.day_first_votes - d.month_first_votes for d in found.values())
    orders = {}
    for column, parsed in found.items():
        header, order = headers[taken[column]], parsed.decided
        if parsed.mixed:
            problems.add_column(
                header,
                "this column mixes day-first and month-first dates; dates that could be either "
                f"way were read {'day' if order else 'month'}-first",
            )
        if order is None and parsed.ambiguous:
            order, why = cleaning.settle_order(dayfirst, vote, delimiter)
            text = (
                f"every date here could be read either way (such as {parsed.example}); read "
                f"{'day' if order else 'month'}-first because {why}"
            )
            if dayfirst is None:
                problems.add_column(
                    header,
                    text + ". Say which is right (on the command line: --dayfirst or "
                    "--monthfirst).",
                )
            else:
                notes.append(f"'{header}': {text}.")
        orders[column] = bool(order)
    written = {}
    for column in schema.DATE_COLUMNS:
        if column not in found:
            missing = np.full(len(cells.rows), np.datetime64("NaT", "ns"))
            frame[column] = pd.Series(missing, copy=False)
            continue
        values, bad = found.pop(column).parse(orders[column])
        written[column] = raw = cells.columns.pop(taken[column])
        if bad.any():
            problems.add(
                cells.rows[bad],
                headers[taken[column]],
                raw[bad].map(cleaning.text_of).to_numpy(dtype=object),
                "not a date the kit can read; write it like 2024-03-12",
            )
        frame[column] = values
    return written


def _derive(cells: _Cells, mapped: _Mapped, problems, frame: dict, written: dict) -> None:
    """responded, status and the last contact: as given, completed from the other columns."""
    n, taken = len(cells.rows), mapped.taken
    said = {}
    for flag in ("responded", "thanked"):
        said[flag] = np.zeros(n, dtype=bool)
        if flag in taken:
            position = taken[flag]
            marks = cleaning.yes_no(
                cells.columns.pop(position), cells.rows, cells.headers[position], problems
            )
            said[flag] = marks.fillna(False).to_numpy(dtype=bool)
    dates = {
        c: frame[c].to_numpy(dtype="datetime64[ns]")
        for c in (*schema.INTERACTION_COLUMNS, "last_contact_on")
    }
    status = cleaning.derive_status(frame["status"], dates, said["responded"], said["thanked"])
    answered = status.isin(schema.ANSWERED_STATUSES).to_numpy(dtype=bool)
    frame["status"] = status
    frame["responded"] = pd.Series(
        said["responded"] | ~np.isnat(dates["responded_on"]) | ~np.isnat(dates["met_on"]) | answered
    )
    frame["last_contact_on"] = cleaning.derive_last_contact(dates, written)


def _sources(label: str, rows: np.ndarray, given: pd.Series) -> pd.Series:
    """Which file and row each contact came from; a saved kit file keeps its own."""
    name = Path(label).name if label != UPLOADED else label
    numbers = pc.cast(pa.array(rows), pa.large_string())
    made = pc.binary_replace_slice(numbers, 0, 0, f"{name} row ")  # put before each number
    made = pd.Series(pd.array(made, dtype="str"))
    if given.isna().all():  # the usual case: a file the kit did not write
        return made
    return given.fillna(made).astype("str")


def canonical(raw: RawTable, label: str, overrides, dayfirst) -> ContactsReport:
    """The canonical frame of one file's cells, with its problems, column map and notes.

    ``overrides`` is the person's column map (``{"Their header": "kit column"}``, checked
    already); ``dayfirst`` as :func:`~infoview_kit.check_contacts` takes it.
    """
    problems = cleaning.Problems()
    for rows, header, values, problem in raw.problems:  # what the reader found (encodings)
        problems.add(rows, header, values, problem)
    notes = list(raw.notes)
    cells = _find_cells(raw)
    mapped = _map_columns(cells, overrides, problems)
    frame: dict[str, pd.Series] = {"name": _clean_names(cells, mapped, problems)}
    _clean_texts(cells, mapped, problems, frame)
    written = _clean_dates(cells, mapped, problems, notes, dayfirst, raw.delimiter, frame)
    _derive(cells, mapped, problems, frame, written)
    cleaning.check_dates(frame, written, cells.rows, cells.headers, mapped.taken, problems)
    frame["sources"] = _sources(label, cells.rows, frame["sources"])
    # Every column is one value per row, in order: joined as they are, not aligned by label.
    contacts = pd.DataFrame({c: frame.pop(c).array for c in schema.COLUMNS}, copy=False)
    if mapped.extras:  # joined at once: adding them one by one is quadratic in their number
        extras = {name: s.reset_index(drop=True) for name, s in mapped.extras.items()}
        contacts = pd.concat([contacts, pd.DataFrame(extras, copy=False)], axis=1)
    merging.report_duplicates(contacts, cells.rows, problems)
    contacts = cleaning.as_categories(contacts)
    if raw.encoding and raw.encoding not in ("utf-8", "utf-8-sig"):
        notes.append(f"The file is not UTF-8; it was read as {raw.encoding}.")
    return ContactsReport(
        contacts=contacts,
        problems=problems.frame(),
        column_map=mapped.column_map,
        source=label,
        rows=pd.Series(cells.rows, name="row"),
        notes=notes,
        encoding=raw.encoding,
        delimiter=raw.delimiter,
        sheet=raw.sheet,
        header_row=raw.header_row,
        kind=raw.kind,
    )


#: How many rows of a column are looked at to judge what it holds.
_PROFILE_ROWS = 1_000


def _vocabulary(cells: pd.Series, column: str) -> tuple[pd.Series, np.ndarray]:
    """Map values to the column's vocabulary; unknown values stay as written (stripped).

    Returns the mapped column, already the categorical that :func:`~infoview_kit.cleaning.
    as_categories` makes (the kit's words, then unknown values in order of appearance), and
    the mask of cells whose value the kit does not know.
    """
    codes, uniques = _text_codes(cells)
    mapped = [_lookup(column, value) for value in uniques]
    known = np.array([m is not None for m in mapped] + [True])
    unknown = dict.fromkeys(u for m, u in zip(mapped, uniques) if m is None)
    dtype = cleaning.VOCABULARY_DTYPES[column]
    if unknown:  # the sheet's own words follow the kit's
        dtype = pd.CategoricalDtype([*schema.VOCABULARIES[column], *unknown])
    where = np.append(dtype.categories.get_indexer([m or u for m, u in zip(mapped, uniques)]), -1)
    out = pd.Series(pd.Categorical.from_codes(where[codes], dtype=dtype))
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
