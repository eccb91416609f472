"""Load the contacts files people have into the canonical frame, and save it back.

>>> report = check_contacts("Connections.csv")      # doctest: +SKIP
>>> report.contacts                                  # the canonical frame
>>> report.problems                                  # what could not be placed, as written
>>> print(report.summary())                          # what the kit understood, in plain words

:mod:`infoview_kit.sheets` reads cells from bytes (encoding, delimiter, header row, workbook
sheets, vCards); :mod:`~infoview_kit.canonical` turns one file's cells into the canonical frame
in named steps (find the cells, map the columns, clean the values, derive the rest), with
:mod:`~infoview_kit.matching` deciding which column is which; :mod:`~infoview_kit.merging` joins
several files into one network.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO

import pandas as pd

from . import cleaning, matching, merging, saving, schema
from .canonical import UPLOADED, canonical
from .errors import ContactsError
from .files import write_atomic
from .report import ContactsReport
from .sheets import read_bytes, read_raw

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
# Reading one file (its cells become the canonical frame in :mod:`~infoview_kit.canonical`)
# ---------------------------------------------------------------------------------------------


def _label(source: Source) -> str:
    if isinstance(source, (str, os.PathLike)):
        return str(source)
    name = getattr(source, "name", None)
    return str(name) if isinstance(name, str) and name else UPLOADED


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
    return canonical(raw, label, overrides, dayfirst)
