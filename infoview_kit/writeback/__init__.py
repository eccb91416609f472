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

import io
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .common import PLAIN_HEADERS, TrackerError, guarded, normalise
from .csv_file import CsvSheet
from .xlsx_file import XlsxSheet

__all__ = [
    "PLAIN_HEADERS",
    "CsvSheet",
    "Saved",
    "TrackerError",
    "XlsxSheet",
    "guarded",
    "locate",
    "normalise",
    "not_in_place",
]

_LINKEDIN = {"firstname", "lastname", "connectedon"}
_NOT_KEPT = {"xl/media/": "images", "xl/charts/": "charts", "xl/pivotTables/": "pivot tables",
             "xl/ctrlProps/": "form controls"}  # fmt: skip


@dataclass
class Saved:
    """What a save did: the file written, the backup kept and notes in plain words."""

    path: Path
    backup: Path | None = None
    notes: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        lines = [f"Saved {self.path.name}."]
        if self.backup is not None:
            lines.append(f"The previous version is kept as {self.backup.name}.")
        return " ".join(lines + self.notes)


def not_in_place(
    paths: Sequence[Path], data: bytes, column_map: Mapping[str, str]
) -> tuple[str | None, list[str]]:
    """Why the record cannot be written into the file itself (or None), and what saving
    into it would lose.

    Several files merged, a vCard and a LinkedIn export (which LinkedIn's next export replaces)
    are never written into. A workbook with images, charts, pivot tables or form controls is,
    but openpyxl drops those, which the second item says.
    """
    name = Path(paths[0]).name
    if len(paths) > 1:
        return "Several files are merged into one network, so none is written into.", []
    if data.lstrip()[:11].upper() == b"BEGIN:VCARD":
        return f"{name} is a vCard file: it has no columns to log into.", []
    if {normalise(h) for h in column_map} >= _LINKEDIN:
        return (
            f"{name} is a LinkedIn export, which the next export replaces, so it is left as it is."
        ), []
    if data[:2] != b"PK":
        return None, []
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        lost = {w for p, w in _NOT_KEPT.items() for n in book.namelist() if n.startswith(p)}
    if not lost:
        return None, []
    return None, [
        f"{name} has {' and '.join(sorted(lost))}, which saving drops: keep a copy, or save "
        "to a new file with save_as()."
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
