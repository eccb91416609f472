"""Writing contacts back to a spreadsheet losslessly: formulas neutralised, dates as text in
CSV and as dates in .xlsx, every other cell as text.

The formula guard (OWASP "CSV injection") prefixes ``'`` to text a spreadsheet would run as a
formula, and to text that already looks guarded, so that the loader, which removes one ``'``
from both, gives back exactly what was saved: ``"=x"`` is saved as ``"'=x"``, ``"'=x"`` as
``"''=x"``.
"""

from __future__ import annotations

import csv
import re

import numpy as np
import pandas as pd

#: First characters that make a spreadsheet read a cell as a formula: ``= + - @``, a tab, a
#: carriage return, and their full-width look-alikes, which some programs convert.
FORMULA_CHARS = "=+-@\t\r\uff1d\uff0b\uff0d\uff20"
FORMULA_START = tuple(FORMULA_CHARS)
_CLASS = "[" + re.escape(FORMULA_CHARS) + "]"
#: What the loader reads as guarded: one ``'`` is removed from text matching this.
GUARDED = re.compile("^'(?='*" + _CLASS + ")")
_LOOKS_GUARDED = "^'+" + _CLASS
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")
#: Characters XML 1.0 cannot hold, and the carriage return, which XML readers turn into a line
#: feed: written as Excel writes them, ``_x000D_``. A ``_x`` that would read as such an escape
#: is escaped itself (``_x005F_``), as Excel does.
_XML_ESCAPE = re.compile(r"[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")


def needs_guard(text: str) -> bool:
    """Whether ``text`` is saved with a ``'`` in front (see the module's description)."""
    if not text:
        return False
    if text.startswith(FORMULA_START) and not _PLAIN_NUMBER.match(text):
        return True
    return text[0] == "'" and re.match(_LOOKS_GUARDED, text) is not None


def neutralise(contacts: pd.DataFrame) -> pd.DataFrame:
    """Prefix ``'`` to text a spreadsheet would run as a formula, in cells and headers alike."""
    out = contacts.copy()
    for column in out.columns:
        series = out[column]
        if series.dtype == object:
            is_text = series.map(lambda v: isinstance(v, str)).astype(bool)
        elif pd.api.types.is_string_dtype(series.dtype) or isinstance(
            series.dtype, pd.CategoricalDtype
        ):
            is_text = series.notna()
            series = (
                series.astype("str") if isinstance(series.dtype, pd.CategoricalDtype) else series
            )
        else:
            continue
        text = series.where(is_text).astype("str")
        formula = text.str.startswith(FORMULA_START).fillna(False).astype(bool) & ~text.str.match(
            _PLAIN_NUMBER.pattern
        ).fillna(False).astype(bool)
        risky = is_text & (formula | text.str.match(_LOOKS_GUARDED).fillna(False).astype(bool))
        if risky.any():
            out[column] = series.where(~risky, "'" + text)
    out.columns = ["'" + c if isinstance(c, str) and needs_guard(c) else c for c in out.columns]
    return out


def dates_as_text(contacts: pd.DataFrame) -> pd.DataFrame:
    """Dates as ISO text (no time part when every time is midnight); booleans as yes/no."""
    out = contacts.copy()
    for column in out.columns:
        series = out[column]
        if pd.api.types.is_datetime64_any_dtype(series.dtype):
            out[column] = series.dt.strftime(_date_format(series))
        elif series.dtype == bool:
            out[column] = np.where(series, "yes", "no")
    return out


def _date_format(series: pd.Series) -> str:
    present = series.dropna()
    return "%Y-%m-%d %H:%M:%S" if (present != present.dt.normalize()).any() else "%Y-%m-%d"


def write_csv(contacts: pd.DataFrame, path: str) -> None:
    """UTF-8 CSV; a cell holding a line break of any kind (even a lone CR) is quoted.

    Python's csv writer quotes a cell containing a character of the line terminator, so lines
    end in CR LF (as Excel writes them): a lone CR in a note no longer splits its row.
    """
    contacts.to_csv(
        path, index=False, encoding="utf-8", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL
    )


def xlsx_text(text: str) -> str:
    """``text`` as an .xlsx cell holds it (see ``_XML_ESCAPE``); the loader undoes this."""
    return _XML_ESCAPE.sub(lambda m: f"_x{ord(m.group(0)):04X}_", text)


def write_xlsx(contacts: pd.DataFrame, path: str) -> None:
    """One sheet, "Contacts": text cells always typed as text (never a formula, whatever they
    start with), dates as dates, numbers and flags as they are."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Contacts")

    def text_cell(value: str):
        value = xlsx_text(value)
        if not value.startswith("="):  # openpyxl types other text as text already
            return value
        cell = WriteOnlyCell(sheet)
        cell.value = value
        cell.data_type = "s"  # set after the value: openpyxl took it for a formula
        return cell

    sheet.append([text_cell(str(c)) for c in contacts.columns])
    columns = [_column_cells(contacts[c], text_cell, sheet) for c in contacts.columns]
    for row in zip(*columns):
        sheet.append(row)
    book.save(path)


def _column_cells(series: pd.Series, text_cell, sheet) -> list:
    from openpyxl.cell import WriteOnlyCell

    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        fmt = "yyyy-mm-dd hh:mm:ss" if "%H" in _date_format(series) else "yyyy-mm-dd"
        out = []
        for value in series.dt.to_pydatetime() if len(series) else []:
            cell = WriteOnlyCell(sheet, value=None if pd.isna(value) else value)
            cell.number_format = fmt
            out.append(cell)
        return out
    values = series.astype(object).where(series.notna(), None).tolist()
    return [text_cell(v) if isinstance(v, str) else v for v in values]
