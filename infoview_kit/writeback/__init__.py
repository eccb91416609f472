"""Writing changed cells back into a person's own spreadsheet, and nothing else.

:mod:`infoview_kit.tracker` keeps the canonical frame and what was changed in it. This package
finds, in the original file, the header row and the row each contact came from (matching the
loader's ``column_map`` to the header cells), and writes only the changed cells:

- .xlsx (:mod:`.xlsx_file`): the workbook is opened with openpyxl and saved with only those cells
  edited, so other sheets, title rows, styles, number formats, widths, formulas, comments and data
  validation stay.
- CSV/TSV (:mod:`.csv_file`): untouched lines are kept byte for byte; a touched line is written
  again with the file's encoding, delimiter, quoting and line ending, and dates in the column's
  own style.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from .common import PLAIN_HEADERS, TrackerError, guarded, normalise
from .csv_file import CsvSheet
from .xlsx_file import XlsxSheet

__all__ = [
    "PLAIN_HEADERS",
    "CsvSheet",
    "TrackerError",
    "XlsxSheet",
    "guarded",
    "locate",
    "normalise",
]


def locate(
    data: bytes,
    column_map: Mapping[str, str],
    original: pd.DataFrame,
    *,
    sheet: str | int | None = None,
) -> CsvSheet | XlsxSheet:
    """The layout of the file ``data``: where its header is and which row is each contact's.

    Parameters
    ----------
    data
        The file's bytes, as opened.
    column_map
        The loader's map of the file's headers to canonical columns.
    original
        The canonical frame the loader read from ``data``, rows in the file's order.
    sheet
        The workbook sheet, when the person named one (else every sheet is tried).

    Raises
    ------
    TrackerError
        The header or the contacts' rows cannot be found in the file.
    """
    if data[:2] == b"PK":
        return XlsxSheet(data, column_map, original, sheet=sheet)
    return CsvSheet(data, column_map, original)
