"""Excel workbooks (.xlsx): the sheet that holds contacts, its header row and cells."""

from __future__ import annotations

import io
import zipfile

import numpy as np

from .. import schema
from ..errors import ContactsError
from .text import HEADER_SCAN_ROWS, RawTable, _records_frame, _short, normalise_header


def read_workbook(data: bytes, label: str, *, is_header, sheet) -> RawTable:
    """Read the contacts sheet of an .xlsx workbook: ``sheet`` when given, else the one that
    looks most like contacts (never an instructions, lists or archive sheet when another will do).
    """
    book = _open(data, label)
    names = list(book.sheetnames)
    if sheet is not None:
        worksheet = _named_sheet(book, names, sheet, label)
        records = _records(worksheet)
        header_index, score = _header(records, is_header)
    else:
        worksheet, records, header_index, score = _best_sheet(book, is_header)
    if score == 0:
        raise ContactsError(
            f"{label}, sheet '{worksheet.title}': no header row with a name column was found in "
            f"its first {HEADER_SCAN_ROWS} rows. Add a header such as 'Name' above your "
            'contacts, choose another sheet (on the command line: --sheet "Sheet name"), or '
            'tell the kit which column holds the names (--map "Your header=name").'
        )
    header = records[header_index]
    cells = _records_frame(records[header_index + 1 :], len(header))
    headers = ["" if v is None else str(v).strip() for v in header]
    headers += [""] * (cells.shape[1] - len(headers))
    header_row = header_index + 1
    notes = []
    if len(names) > 1 and sheet is None:
        others = ", ".join(f"'{n}'" for n in names if n != worksheet.title)
        notes.append(
            f"The workbook has {len(names)} sheets; the contacts were read from "
            f"'{worksheet.title}' (the others: {others}). To read another, name it "
            '(on the command line: --sheet "Sheet name").'
        )
    return RawTable(
        headers=headers,
        cells=cells,
        rows=np.arange(header_row + 1, header_row + 1 + len(cells), dtype=np.int64),
        header_row=header_row,
        sheet=worksheet.title,
        notes=notes,
        kind="workbook",
    )


def _open(data: bytes, label: str):
    try:
        import openpyxl

        return openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, EOFError) as exc:
        raise ContactsError(
            f"{label} looks like an Excel workbook but could not be opened ({_short(exc)}). "
            "Open it in Excel or Google Sheets, save it again as .xlsx (or CSV), and retry."
        ) from None
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise ContactsError(
            f"{label} could not be opened as an Excel workbook ({_short(exc)}). Save it again "
            "as .xlsx or CSV and retry."
        ) from None


def _records(worksheet) -> list[list]:
    return [list(r) for r in worksheet.iter_rows(min_row=1, values_only=True)]


def _header(records: list[list], is_header) -> tuple[int, int]:
    """The header's index among the first rows and its score (0: none found)."""
    best = (0, 0, -1)  # score, width, index
    for index, record in enumerate(records[:HEADER_SCAN_ROWS]):
        texts = ["" if v is None else str(v) for v in record]
        score = is_header(texts)
        width = sum(1 for t in texts if t.strip())
        if (score, width) > best[:2]:
            best = (score, width, index)
    return best[2], best[0]


def _best_sheet(book, is_header):
    """The sheet that looks most like contacts: a header with a name column, then not named
    like instructions or an archive, then the most rows; the first sheet on a tie."""
    best = None
    for position, worksheet in enumerate(book.worksheets):
        records = _records(worksheet)
        index, score = _header(records, is_header)
        aside = normalise_header(worksheet.title) in schema.NOT_CONTACT_SHEETS
        filled = sum(1 for r in records[index + 1 :] if any(v not in (None, "") for v in r))
        rank = (score > 0, not aside, filled > 0, score, filled, -position)
        if best is None or rank > best[0]:
            best = (rank, worksheet, records, index, score)
    _, worksheet, records, index, score = best
    return worksheet, records, index, score


def _named_sheet(book, names: list[str], sheet, label: str):
    if isinstance(sheet, int) and not isinstance(sheet, bool):
        if 0 <= sheet < len(names):
            return book.worksheets[sheet]
    else:
        wanted = str(sheet).strip().lower()
        for name in names:
            if name.strip().lower() == wanted:
                return book[name]
    listed = ", ".join(f"'{n}'" for n in names)
    raise ContactsError(
        f"{label} has no sheet '{sheet}'. Its sheets are {listed}: name one of those "
        '(on the command line: --sheet "Sheet name").'
    )
