"""Excel workbooks (.xlsx): the sheet that holds contacts, its header row and cells."""

from __future__ import annotations

import contextlib
import io
import re
import threading
import zipfile
from dataclasses import dataclass

import numpy as np

from .. import schema
from ..errors import ContactsError
from .text import (
    HEADER_SCAN_ROWS,
    MAX_COLUMNS,
    RawTable,
    _records_frame,
    _short,
    column_letter,
    normalise_header,
)

#: Limits no person's contacts workbook reaches; a file beyond them is refused or cut, saying so.
MAX_UNPACKED_BYTES = 256 * 1024 * 1024  # everything in the zip, as its directory declares it
#: Parts openpyxl parses whole when it opens a workbook (shared strings, styles...) are
#: smaller still: their size bounds the time opening takes.
MAX_STRINGS_BYTES = 32 * 1024 * 1024
MAX_PART_BYTES = 16 * 1024 * 1024
_HEAD_BYTES = 64 * 1024
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*?\bref=\"([A-Za-z0-9:$]+)\"")
MAX_RATIO = 200  # a part over 8 MiB that unpacks to more than this many times its packed size
_RATIO_FROM = 8 * 1024 * 1024
MAX_PARTS = 10_000
MAX_ROWS = 50_000  # LinkedIn caps a network at 30,000 connections
MAX_CELLS = 5_000_000  # rows x columns of the sheet read, empty cells included
MAX_PARSED = 20_000_000  # cells openpyxl hands over, those beyond MAX_COLUMNS included
EXCEL_COLUMNS = 16_384  # a row with more cells than Excel has columns is not from a spreadsheet
_SCAN_FROM = 1024 * 1024  # smaller sheets cannot hold a row long enough to matter
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


@dataclass
class _Sheet:
    """A sheet's non-empty rows: their numbers as shown in Excel and their values."""

    worksheet: object
    numbers: list[int]
    records: list[list]
    notes: list[str]


def read_workbook(data: bytes, label: str, *, is_header, sheet) -> RawTable:
    """Read the contacts sheet of an .xlsx workbook: ``sheet`` when given, else the one that
    looks most like contacts (never an instructions, lists or archive sheet when another will do).

    The zip's declared sizes are checked before anything is unpacked, and rows are streamed
    (openpyxl's read-only mode) up to :data:`MAX_ROWS` rows and :data:`MAX_COLUMNS` columns.
    """
    book = _open(data, label)
    try:
        names = list(book.sheetnames)
        if sheet is not None:
            read = _read_sheet(_named_sheet(book, names, sheet, label), label)
            header_index, score = _header(read.records, is_header)
        else:
            read, header_index, score = _best_sheet(book, is_header, label)
    except ContactsError:
        raise
    except Exception as exc:  # rows are parsed as they are read: a damaged sheet shows here
        raise ContactsError(
            f"{label} is an Excel workbook with a damaged sheet ({_short(exc)}). Open it in "
            "Excel or Google Sheets, save it again as .xlsx (or CSV), and retry."
        ) from None
    finally:
        book.close()
    title = read.worksheet.title
    if score == 0:
        raise ContactsError(
            f"{label}, sheet '{title}': no header row with a name column was found in "
            f"its first {HEADER_SCAN_ROWS} rows. Add a header such as 'Name' above your "
            'contacts, choose another sheet (on the command line: --sheet "Sheet name"), or '
            'tell the kit which column holds the names (--map "Your header=name").'
        )
    header = read.records[header_index] if read.records else []
    cells = _records_frame(read.records[header_index + 1 :], len(header))
    headers = ["" if v is None else str(v).strip() for v in header]
    headers += [""] * (cells.shape[1] - len(headers))
    header_row = read.numbers[header_index] if read.numbers else 1
    notes = list(read.notes)
    if len(names) > 1 and sheet is None:
        others = ", ".join(f"'{n}'" for n in names if n != title)
        notes.append(
            f"The workbook has {len(names)} sheets; the contacts were read from "
            f"'{title}' (the others: {others}). To read another, name it "
            '(on the command line: --sheet "Sheet name").'
        )
    return RawTable(
        headers=headers,
        cells=cells,
        rows=np.asarray(read.numbers[header_index + 1 :], dtype=np.int64),
        header_row=header_row,
        sheet=title,
        notes=notes,
        kind="workbook",
    )


def _open(data: bytes, label: str):
    try:
        import openpyxl

        _check_zip(data, label)
        with _dimension_from_head():
            return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except ContactsError:
        raise
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


def _check_zip(data: bytes, label: str) -> None:
    """Refuse a workbook that would unpack to far more than any contacts sheet (a zip bomb).

    The sizes are the zip directory's own: Python's zipfile never unpacks more than a part
    declares, so checking them bounds what reading can take.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = archive.infolist()
    total = sum(p.file_size for p in parts)
    swollen = next(
        (
            p
            for p in parts
            if p.file_size > _RATIO_FROM and p.file_size > MAX_RATIO * max(p.compress_size, 1)
        ),
        None,
    )
    large = next((p for p in parts if p.file_size > _part_limit(p.filename)), None)
    if len(parts) <= MAX_PARTS and total <= MAX_UNPACKED_BYTES and not (swollen or large):
        return
    why = f"it holds {len(parts):,} parts that unpack to {total / 2**20:,.0f} MiB"
    if swollen is not None:
        ratio = swollen.file_size // max(swollen.compress_size, 1)
        why += f"; its part {swollen.filename} unpacks to {ratio:,} times its packed size"
    elif large is not None:
        why += f"; its part {large.filename} alone is {large.file_size / 2**20:,.0f} MiB"
    raise ContactsError(
        f"{label} is not opened: {why}, far more than any contacts workbook (a file built to "
        "exhaust memory looks like this). If it is yours, open it in Excel, delete the unused "
        "rows and columns, save it again as .xlsx or CSV, and retry."
    )


def _part_limit(name: str) -> int:
    if name.startswith("xl/worksheets/") or not name.endswith((".xml", ".rels")):
        return MAX_UNPACKED_BYTES  # sheets are streamed; pictures are never parsed
    return MAX_STRINGS_BYTES if name == "xl/sharedStrings.xml" else MAX_PART_BYTES


#: Held while openpyxl's size reader is swapped: two threads opening workbooks at once would
#: otherwise each keep the other's swap as "the original", and leave it in place for good.
_SWAPPED = threading.Lock()


@contextlib.contextmanager
def _dimension_from_head():
    """Open read-only sheets reading their declared dimension from the first bytes only.

    openpyxl looks for a sheet's ``<dimension>`` by parsing until it finds one: in a sheet
    that has none, that is the whole sheet, before a single row is asked for.
    """
    from openpyxl.utils.cell import range_boundaries
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    def head_size(worksheet) -> None:
        with worksheet._get_source() as source:
            found = _DIMENSION.search(source.read(_HEAD_BYTES))
        if found is not None:
            try:
                bounds = range_boundaries(found.group(1).decode("ascii").replace("$", ""))
            except (ValueError, TypeError):
                return
            if None not in bounds:
                worksheet._min_column, worksheet._min_row = bounds[0], bounds[1]
                worksheet._max_column, worksheet._max_row = bounds[2], bounds[3]

    with _SWAPPED:
        original = ReadOnlyWorksheet._get_size
        ReadOnlyWorksheet._get_size = head_size
        try:
            yield
        finally:
            ReadOnlyWorksheet._get_size = original


def _read_sheet(worksheet, label: str) -> _Sheet:
    """Stream a sheet's rows, within :data:`MAX_ROWS` and :data:`MAX_COLUMNS`.

    The sheet's declared dimension is only reported, never trusted: a dimension of
    ``A1:XFD1048576`` must not make every empty cell real. Empty rows are skipped (their
    numbers are kept for the rest).
    """
    declared = (worksheet.max_row or 0, worksheet.max_column or 0)
    worksheet.reset_dimensions()
    _refuse_endless_rows(worksheet, label)
    numbers, records, notes = [], [], []
    width, cut, seen = 0, False, 0
    for number, row in enumerate(worksheet.iter_rows(values_only=True), start=1):
        if number > MAX_ROWS:
            notes.append(_row_limit_note(worksheet.title, declared))
            break
        seen += len(row)
        if seen > MAX_PARSED:
            raise _too_many_cells(label, worksheet.title, number)
        if len(row) > MAX_COLUMNS:
            row, cut = row[:MAX_COLUMNS], True
        values = [_unescape(v) for v in row]
        while values and (values[-1] is None or values[-1] == ""):
            values.pop()
        if not values:
            continue
        width = max(width, len(values))
        if width * (len(records) + 1) > MAX_CELLS:
            raise _too_many_cells(label, worksheet.title, number)
        numbers.append(number)
        records.append(values)
    if cut:
        notes.append(
            f"Sheet '{worksheet.title}' has cells beyond column {column_letter(MAX_COLUMNS - 1)} "
            f"(the {MAX_COLUMNS:,}th), which no contacts sheet needs; they were not read."
        )
    return _Sheet(worksheet, numbers, records, notes)


def _too_many_cells(label: str, title: str, number: int) -> ContactsError:
    return ContactsError(
        f"{label}, sheet '{title}': more than {MAX_CELLS:,} cells by row {number:,}, far more "
        "than a contacts sheet. Delete unused rows and columns (a stray value far to the right "
        "or below widens the sheet), or save the contacts as CSV, and retry."
    )


def _refuse_endless_rows(worksheet, label: str) -> None:
    """Refuse a sheet with a row of more cells than Excel has columns, before openpyxl builds
    that row whole in memory. Only the sheet's bytes are scanned, in pieces."""
    part = worksheet.parent._archive.getinfo(worksheet._worksheet_path)
    if part.file_size < _SCAN_FROM:
        return
    cells, carry = 0, b""
    with worksheet._get_source() as source:
        while chunk := source.read(1024 * 1024):
            data = carry + chunk
            cut = data.rfind(b"<", len(data) - 4)  # a tag cut in two waits for the next piece
            cut = len(data) if cut < 0 else cut
            data, carry = data[:cut], data[cut:]
            for index, piece in enumerate(data.split(b"<row")):
                cells = cells if index == 0 else 0  # each piece after the first starts a row
                cells += piece.count(b"<c ") + piece.count(b"<c>") + piece.count(b"<c/")
                if cells > EXCEL_COLUMNS:
                    raise ContactsError(
                        f"{label}, sheet '{worksheet.title}': a row holds more than "
                        f"{EXCEL_COLUMNS:,} cells, more than Excel itself allows, so the "
                        "workbook was not made by a spreadsheet program. Open it in one, save "
                        "it again as .xlsx or CSV, and retry."
                    )


def _row_limit_note(title: str, declared: tuple[int, int]) -> str:
    return (
        f"Sheet '{title}' goes on past row {MAX_ROWS:,} (it declares {declared[0]:,} rows); only "
        f"the first {MAX_ROWS:,} rows were read, far more than any person's contacts. If yours "
        "really go further, split them into several files."
    )


def _unescape(value):
    """Excel's escapes for characters XML cannot hold (``_x000D_`` is a carriage return)."""
    if isinstance(value, str) and "_x" in value:
        return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), value)
    return value


def _header(records: list[list], is_header) -> tuple[int, int]:
    """The header's index among the first rows and its score (0: none found)."""
    best = (0, 0, -1)  # score, width, index
    for index, record in enumerate(records[:HEADER_SCAN_ROWS]):
        texts = ["" if v is None else str(v) for v in record]
        score = is_header(texts)
        width = sum(1 for t in texts if t.strip())
        if (score, width) > best[:2]:
            best = (score, width, index)
    return max(best[2], 0), best[0]


def _best_sheet(book, is_header, label: str):
    """The sheet that looks most like contacts: a header with a name column, then not named
    like instructions or an archive, then the most rows; the first sheet on a tie."""
    best = None
    for position, worksheet in enumerate(book.worksheets):
        read = _read_sheet(worksheet, label)
        index, score = _header(read.records, is_header)
        aside = normalise_header(worksheet.title) in schema.NOT_CONTACT_SHEETS
        filled = sum(1 for r in read.records[index + 1 :] if any(v not in (None, "") for v in r))
        rank = (score > 0, not aside, filled > 0, score, filled, -position)
        if best is None or rank > best[0]:
            best = (rank, read, index, score)
    _, read, index, score = best
    return read, index, score


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
