"""Load the contacts files people have into the canonical frame, and save it back.

>>> report = check_contacts("Connections.csv")      # doctest: +SKIP
>>> report.contacts                                  # the canonical frame
>>> report.problems                                  # what could not be placed, as written
>>> print(report.summary())                          # what the kit understood, in plain words

:mod:`infoview_kit.sheets` reads cells from bytes (encoding, delimiter, header row, workbook
sheets, vCards); this module reads one file in named steps (find the cells, map the columns,
clean the values, derive the rest), with :mod:`~infoview_kit.matching` deciding which column is
which and :mod:`~infoview_kit.merging` joining several files into one network.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import numpy as np
import pandas as pd

from . import cleaning, matching, merging, saving, schema
from .cleaning import text_codes as _text_codes
from .dates import DateColumn
from .errors import ContactsError
from .files import write_atomic
from .report import ContactsReport
from .sheets import RawTable, column_letter, normalise_header, read_bytes, read_raw

__all__ = [
    "ContactsError",
    "ContactsReport",
    "check_contacts",
    "load_contacts",
    "save_contacts",
]

Source = str | os.PathLike | bytes | IO[bytes]
Sources = Source | Sequence[Source]

PROBLEM_COLUMNS = cleaning.PROBLEM_COLUMNS


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------


def check_contacts(
    source: Sources,
    *,
    dayfirst: bool | None = None,
    sheet: str | int | None = None,
    columns: Mapping[str, str | None] | None = None,
) -> ContactsReport:
    """Read a contacts spreadsheet and say what was understood and what was not.

    Parameters
    ----------
    source
        A path to a .csv/.tsv/.txt, .xlsx or .vcf file, the file's bytes, or a binary file
        object (an upload); or a list of those, read as one network: the same person in
        several files (the same LinkedIn URL, e-mail, or name and company) becomes one row
        whose ``sources`` column names every file and row. The format is recognised from the
        content, not the name.
    dayfirst
        How to read numeric dates that could be either way (``03/04/2024``) in a column that
        does not settle it itself. ``None``: use the other date columns of the file, else
        day-first for semicolon-separated files and month-first otherwise, and report it.
    sheet
        The workbook sheet to read, by name or 0-based position (default: the sheet that
        holds contacts, which the report's notes name).
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
    if isinstance(source, (list, tuple)):
        if len(source) == 1:
            source = source[0]
        else:
            options = dict(dayfirst=dayfirst, sheet=sheet, columns=columns)
            return merging.combine([check_contacts(s, **options) for s in source])
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
    source: Sources,
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
            "The kit's check lists them (on the command line: infoview-kit check).",
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
    safe = saving.neutralise(contacts)
    if suffix == ".csv":
        text = saving.dates_as_text(safe)
        write_atomic(path, lambda temporary: saving.write_csv(text, temporary))
    else:
        write_atomic(path, lambda temporary: saving.write_xlsx(safe, temporary))
    return path


# ---------------------------------------------------------------------------------------------
# Reading one file: find the cells, map the columns, clean the values, derive the rest
# ---------------------------------------------------------------------------------------------


def _label(source: Source) -> str:
    if isinstance(source, (str, os.PathLike)):
        return str(source)
    name = getattr(source, "name", None)
    return str(name) if isinstance(name, str) and name else "the uploaded file"


def _overrides(columns: Mapping[str, str | None] | None) -> dict[str, str | None]:
    valid = set(schema.COLUMNS) | set(schema.NAME_PARTS)
    for header, column in (columns or {}).items():
        if column is not None and column not in valid:
            raise ContactsError(
                f"The column map '{header}={column}' names '{column}', which is not a column of "
                f"the kit. Use one of: {', '.join(schema.COLUMNS)}."
            )
    return dict(columns or {})


def _header_scorer(overrides: dict[str, str | None]):
    """Scores a candidate header row; headers the person mapped count as what they said."""
    said = {matching.words(h): t for h, t in overrides.items()}
    if not said:  # nothing mapped by the person: each candidate row is scored as it is
        return matching.header_row_score

    def score(cells: list) -> int:
        named = [said.get(matching.words(c)) for c in cells if isinstance(c, str)]
        if any(t in ("name", *schema.NAME_PARTS) for t in named):
            return matching.header_row_score(cells) or len(cells) + 5
        return matching.header_row_score(cells)

    return score


def _check(source, label, *, dayfirst, sheet, columns) -> ContactsReport:
    """Read one file (see :func:`check_contacts`)."""
    overrides = _overrides(columns)
    data = read_bytes(source, label)
    raw = read_raw(data, label, is_header=_header_scorer(overrides), sheet=sheet)
    del data  # parsed: let the bytes go before the columns are built
    return _canonical(raw, label, overrides, dayfirst)


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
    profiles = {p: matching.profile(s.head(_PROFILE_ROWS), _lookup) for p, s in columns.items()}
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
        extras[shown] = cleaning.extra(series.where(cells.present[position]))
    return _Mapped(taken, column_map, extras)


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
        joined = parts[0].fillna("")
        for part in parts[1:]:
            joined = joined + " " + part.fillna("")
        joined = joined.str.replace(r"\s+", " ", regex=True).str.strip()
        name = joined.where(joined != "")
    nameless = name.isna().to_numpy()
    if nameless.any():
        header = next((h for h, c in mapped.column_map.items() if c == "name"), "name")
        problems.add(cells.rows[nameless], header, "", "no name on this row; the row is kept")
    return name


def _clean_texts(cells: _Cells, mapped: _Mapped, problems, frame: dict) -> None:
    """Text and vocabulary columns, each let go as read as soon as its clean copy exists."""
    n = len(cells.rows)
    for column in schema.TEXT_COLUMNS:
        if column == "name":
            continue
        if column not in mapped.taken:
            frame[column] = cleaning.missing_text(n)
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
            frame[column] = pd.Series(
                pd.NaT, index=range(len(cells.rows)), dtype=schema.DATETIME_DTYPE
            )
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


def _derive(cells: _Cells, mapped: _Mapped, problems, frame: dict) -> None:
    """responded, status and the last contact: as given, completed from the other columns."""
    n, taken = len(cells.rows), mapped.taken
    flags = {}
    for flag in ("responded", "thanked"):
        if flag in taken:
            position = taken[flag]
            flags[flag] = cleaning.yes_no(
                cells.columns.pop(position), cells.rows, cells.headers[position], problems
            )
        else:
            flags[flag] = pd.Series(pd.NA, index=range(n), dtype="boolean")
    frame["status"] = cleaning.derive_status(frame, flags["responded"], flags["thanked"])
    answered = frame["status"].isin(schema.ANSWERED_STATUSES)
    frame["responded"] = (
        flags["responded"].fillna(False).astype(bool)
        | frame["responded_on"].notna()
        | frame["met_on"].notna()
        | answered
    ).astype(bool)
    frame["last_contact_on"] = cleaning.derive_last_contact(frame)


def _sources(label: str, rows: np.ndarray, given: pd.Series) -> pd.Series:
    """Which file and row each contact came from; a saved kit file keeps its own."""
    name = Path(label).name if label != "the uploaded file" else label
    made = f"{name} row " + pd.Series(rows).astype("str")
    if given.isna().all():  # the usual case: a file the kit did not write
        return made
    return given.fillna(made).astype("str")


def _canonical(raw: RawTable, label: str, overrides, dayfirst) -> ContactsReport:
    problems = cleaning.Problems()
    for rows, header, values, problem in raw.problems:  # what the reader found (encodings)
        problems.add(rows, header, values, problem)
    notes = list(raw.notes)
    cells = _find_cells(raw)
    mapped = _map_columns(cells, overrides, problems)
    frame: dict[str, pd.Series] = {"name": _clean_names(cells, mapped, problems)}
    _clean_texts(cells, mapped, problems, frame)
    written = _clean_dates(cells, mapped, problems, notes, dayfirst, raw.delimiter, frame)
    _derive(cells, mapped, problems, frame)
    cleaning.check_dates(frame, written, cells.rows, cells.headers, mapped.taken, problems)
    frame["sources"] = _sources(label, cells.rows, frame["sources"])
    contacts = pd.DataFrame({c: frame.pop(c) for c in schema.COLUMNS}, copy=False)
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
    categories = pd.Index([*schema.VOCABULARIES[column], *unknown])
    where = np.append(categories.get_indexer([m or u for m, u in zip(mapped, uniques)]), -1)
    out = pd.Series(pd.Categorical.from_codes(where[codes], categories=categories))
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
