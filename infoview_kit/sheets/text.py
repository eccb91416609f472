"""Text files (CSV, TSV, Excel's "Unicode Text"): delimiter, header row, cells.

One way to read them: the header is found in a decoded sample and the body parsed by Arrow's
CSV reader as text; Python's ``csv`` module takes over where that reader refuses a file. Which
encoding the text is in is :mod:`.encodings`' question.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from ..errors import ContactsError
from .encodings import SNIFF_BYTES, checked_text

#: How many records at the top of a file may come before the header (titles, LinkedIn's notes).
HEADER_SCAN_ROWS = 40
DELIMITERS = (",", ";", "\t", "|")
#: A note in a spreadsheet cell can be long; the csv module's default limit (131,072
#: characters) would refuse it. Raised (never lowered) when the kit first reads a sheet.
FIELD_LIMIT = 2**31 - 1
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}

_GUARD = re.compile("'[=+\\-@\t\r\uff1d\uff0b\uff0d\uff20]")  # save_contacts' formula guard
_GUARD_BYTES = re.compile(rb"'(?:[=+\-@\t\r]|\xef\xbc[\x9d\x8b\x8d\xa0])")
_NOT_SPACE = re.compile(rb"\S")
#: Cells beyond this column are not read (no contacts sheet needs them; as in a workbook).
MAX_COLUMNS = 1_000
#: Arrow reads a CSV file in blocks of at most this many bytes.
_BLOCK_BYTES = 64 * 1024 * 1024
_NORMALISE = re.compile(r"[^0-9a-z]+")


def normalise_header(text: object) -> str:
    """Lower-case ``text``, drop accents and everything but letters and digits.

    ``"E-mail "`` -> ``"email"``; ``"Prénom"`` -> ``"prenom"``.
    """
    text = str(text).lower()
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NORMALISE.sub("", text)


def column_letter(index: int) -> str:
    """Spreadsheet letter of a 0-based column index: 0 -> ``A``, 27 -> ``AB``."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class RawTable:
    """A spreadsheet's cells before they are given any meaning.

    Attributes
    ----------
    headers
        The header cells as written (``""`` where a column has data but no header).
    cells
        Data cells under columns ``0..len(headers)-1``: strings from text files, Python values
        (str, numbers, datetimes) from workbooks. Missing cells are NaN or None.
    rows
        For each data row, its row number as shown by a spreadsheet program (1-based).
    header_row
        The header's row number, 1-based.
    """

    headers: list[str]
    cells: pd.DataFrame
    rows: np.ndarray
    header_row: int
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    notes: list[str] = field(default_factory=list)
    #: Whether some cell may carry save_contacts' formula guard (a leading ' before = + - @).
    formula_guarded: bool = True
    #: Whether empty cells are missing (NaN) already, none of them an empty string.
    blanks_missing: bool = False
    #: What the file was: "text" (CSV and the like), "workbook" or "vcard".
    kind: str = "text"
    #: Cells the reader itself has something to say about: (rows, header, values, problem).
    problems: list[tuple[np.ndarray, str, np.ndarray, str]] = field(default_factory=list)


def _sniff(sample: str, is_header) -> tuple[str, int, list[str], int, int]:
    """Find the delimiter and header record in ``sample``.

    Returns the delimiter, the header's record index (0-based; also its row number - 1), the
    header cells, the physical line on which the header ends (1-based) and the header's score.
    """
    best = (",", 0, [], 0, 0, 0)  # delimiter, index, cells, line, score, width
    for delimiter in DELIMITERS:
        if delimiter != "," and delimiter not in sample:
            continue  # its records would be whole lines, as they are for the comma's
        reader = csv.reader(
            io.StringIO(sample, newline=""), delimiter=delimiter, quotechar='"', strict=False
        )
        try:
            for index, record in enumerate(reader):
                if index >= HEADER_SCAN_ROWS:
                    break
                score = is_header(record) if record else 0
                width = sum(1 for cell in record if cell.strip())
                if (score, width) > (best[4], best[5]):
                    best = (delimiter, index, record, reader.line_num, score, width)
        except csv.Error:
            continue
    delimiter, index, cells, line, score, _ = best
    return delimiter, index, cells, line, score


def read_utf8(data: bytes, is_header) -> RawTable | None:
    """A UTF-8 file read without decoding it whole: the header is found in a decoded sample and
    the parser reads the file's own bytes (no copy of the text in memory).

    Returns None whenever anything is unusual (another encoding, no header found, text Arrow
    cannot parse): :func:`read_text` decides then. Lines above the header (a LinkedIn export's
    notes, quoted or not) are skipped as the header's search counted them, as there.
    """
    start, encoding = (3, "utf-8-sig") if data[:3] == b"\xef\xbb\xbf" else (0, "utf-8")
    chunk = data[start : start + SNIFF_BYTES]
    if len(data) - start > SNIFF_BYTES:
        chunk = chunk[: chunk.rfind(b"\n") + 1]
    try:
        sample = checked_text(chunk.decode("utf-8"), "")
    except (UnicodeDecodeError, ContactsError):
        return None
    delimiter, header_index, headers, header_line, score = _sniff(sample, is_header)
    offset = _line_offset(data, header_line, start)
    if score == 0 or offset < 0:
        return None
    try:
        cells, cut = _parse_body(data, delimiter, len(headers), skip=header_line, strict=True)
    except (UnicodeDecodeError, ValueError):  # Arrow refuses with ArrowInvalid, a ValueError
        return None
    header_row = header_index + 1
    return RawTable(
        headers=[str(h) for h in headers[:MAX_COLUMNS]],
        cells=cells,
        notes=_cut_notes(headers, cut),
        rows=np.arange(header_row + 1, header_row + 1 + len(cells), dtype=np.int64),
        header_row=header_row,
        encoding=encoding,
        delimiter=delimiter,
        formula_guarded=_guarded(data),
        blanks_missing=True,
    )


def _cut_notes(headers: list, cut: bool) -> list[str]:
    """What the file says when cells beyond :data:`MAX_COLUMNS` (in the header, or in rows
    ``cut`` says were cut) were not read."""
    if len(headers) <= MAX_COLUMNS and not cut:
        return []
    return [
        f"The file has cells beyond column {column_letter(MAX_COLUMNS - 1)} (the "
        f"{MAX_COLUMNS:,}th), which no contacts sheet needs; they were not read."
    ]


def _guarded(data: bytes) -> bool:
    """Whether ``data`` holds a cell :func:`save_contacts` guarded (``'=SUM(A1)``). The pattern
    is searched from the first apostrophe on: a file without one is not searched at all."""
    first = data.find(b"'")
    return first >= 0 and _GUARD_BYTES.search(data, first) is not None


def read_text(text: str, encoding: str, label: str, *, is_header) -> RawTable:
    sample = text[:SNIFF_BYTES]
    if len(text) > SNIFF_BYTES:  # don't score a header cut in half at the end of the sample
        sample = sample[: sample.rfind("\n") + 1] or sample
    delimiter, header_index, headers, header_line, score = _sniff(sample, is_header)
    if score == 0:
        raise ContactsError(
            f"{label}: no header row with a name column was found in its first "
            f"{HEADER_SCAN_ROWS} rows. Add a header such as 'Name' (or 'First Name' and "
            "'Last Name') above your contacts, or tell the kit which column holds the names "
            '(on the command line: --map "Your header=name").'
        )
    body = _after_line(text, header_line)
    cells, cut = _parse_body(body.encode("utf-8"), delimiter, len(headers))
    header_row = header_index + 1
    rows = np.arange(header_row + 1, header_row + 1 + len(cells), dtype=np.int64)
    return RawTable(
        headers=[str(h) for h in headers[:MAX_COLUMNS]],
        cells=cells,
        notes=_cut_notes(headers, cut),
        rows=rows,
        header_row=header_row,
        encoding=encoding,
        delimiter=delimiter,
        formula_guarded=_GUARD.search(text) is not None,
    )


def _after_line(text: str, line: int) -> str:
    """The text after physical line ``line`` (1-based), as csv counts lines."""
    offset = _line_offset(text, line, 0)
    return text[offset:] if offset >= 0 else ""


def _line_offset(text, line: int, position: int):
    """Offset just past physical line ``line`` of ``text`` (str or bytes), or -1."""
    newline, cr = ("\n", "\r") if isinstance(text, str) else (b"\n", b"\r")
    for _ in range(line):
        n = text.find(newline, position)
        r = text.find(cr, position, n if n >= 0 else len(text))
        if r >= 0:  # "\r\n" or a lone "\r" ends this line
            position = r + 2 if text[r + 1 : r + 2] == newline else r + 1
        elif n >= 0:
            position = n + 1
        else:
            return -1
    return position


def _parse_body(
    data: bytes, delimiter: str, width: int, *, skip: int = 0, strict: bool = False
) -> tuple[pd.DataFrame, bool]:
    """Parse the data records (``data`` after ``skip`` lines) as text, one row per record.

    Arrow's CSV reader reads the body with the header's width straight into Arrow text, on
    this thread: an empty cell is missing, anything else (even "NA") is kept as written; a
    blank line is a row of missing cells, a short row is padded with them, and a row wider than
    the header widens the table (its extra cells are kept, up to :data:`MAX_COLUMNS` columns).
    Arrow refuses bytes that are not UTF-8 and text it cannot parse: with ``strict`` the refusal
    is raised; otherwise Python's ``csv`` module reads the body. Returns the cells and whether
    some row's cells beyond :data:`MAX_COLUMNS` were left out.
    """
    width = min(max(width, 1), MAX_COLUMNS)
    start = _offset_after(data, skip)
    if _NOT_SPACE.search(data, start) is None:  # searched, not copied
        return pd.DataFrame({i: pd.Series([], dtype="str") for i in range(width)}), False
    try:
        # Text of ASCII alone is UTF-8 already: Arrow need not check it (a tenth of its time).
        return _read_arrow(pa.py_buffer(data)[start:], delimiter, width, data.isascii())
    except pa.ArrowInvalid:
        if strict:
            raise
    body = data[start:].decode("utf-8")
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter, strict=False)
    records, cut = [], False
    for record in reader:
        cut = cut or len(record) > MAX_COLUMNS
        records.append(record[:MAX_COLUMNS])
    return _records_frame(records, width), cut


def _offset_after(data: bytes, lines: int) -> int:
    return max(_line_offset(data, lines, 0), 0) if lines else 0


def _read_arrow(
    body: pa.Buffer, delimiter: str, width: int, ascii: bool = False
) -> tuple[pd.DataFrame, bool]:
    names = [str(i) for i in range(width)]
    refused: list[tuple[int, str, int]] = []  # (record number, text, cells): rows left out

    def put_aside(row) -> str:
        if row.number is None:
            return "error"
        refused.append((row.number, row.text, row.actual_columns))
        return "skip"

    table = pa_csv.read_csv(
        pa.BufferReader(body),
        # One block per column for files up to _BLOCK_BYTES: each column is one piece of text,
        # which later steps use as it is instead of joining pieces first.
        read_options=pa_csv.ReadOptions(
            column_names=names, use_threads=False, block_size=min(body.size + 1, _BLOCK_BYTES)
        ),
        parse_options=pa_csv.ParseOptions(
            delimiter=delimiter,
            newlines_in_values=True,
            ignore_empty_lines=False,  # a blank line is a row of missing cells
            invalid_row_handler=put_aside,
        ),
        convert_options=pa_csv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.large_string()),
            null_values=[""],
            strings_can_be_null=True,
            check_utf8=not ascii,
        ),
    )
    widest = min(max((cells for _, _, cells in refused), default=0), MAX_COLUMNS)
    wide = sum(cells > width for _, _, cells in refused)
    if widest > width and 2 * wide > table.num_rows + len(refused):
        # most rows are wider than the header (a comma at the end of each): read at their width
        return _read_arrow(body, delimiter, widest, ascii)
    rows, pieces = table.num_rows, table.columns
    del table  # a file of several blocks: each column is joined, then its pieces let go
    columns = []
    for i in range(width):
        columns.append(pieces[i].combine_chunks())
        pieces[i] = None
    columns += [pa.nulls(rows, pa.large_string())] * max(widest - width, 0)
    if refused:
        columns = _put_back(columns, [(n, text) for n, text, _ in refused], delimiter)
    frame = pd.DataFrame(
        {i: pd.array(column, dtype="str") for i, column in enumerate(columns)}, copy=False
    )
    return frame, any(cells > MAX_COLUMNS for _, _, cells in refused)


def _put_back(columns: list[pa.Array], rows: list, delimiter: str) -> list[pa.Array]:
    """Put back the rows Arrow left out for their width, each at its place: a short row's
    missing cells are empty (as a spreadsheet shows them), a wide row's cells beyond the table
    are not read. ``rows`` holds each row's record number (1 for the first) and text, in the
    file's order."""
    total = len(columns[0]) + len(rows)
    put = np.zeros(total, dtype=bool)
    put[[number - 1 for number, _ in rows]] = True
    order = np.empty(total, dtype=np.int64)
    order[~put] = np.arange(total - len(rows))
    order[put] = np.arange(total - len(rows), total)
    cells = [
        next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), []) for _, text in rows
    ]
    return [
        pa.concat_arrays(
            [
                column,
                pa.array(
                    [(r[i] or None) if i < len(r) else None for r in cells],
                    type=pa.large_string(),
                ),
            ]
        ).take(order)
        for i, column in enumerate(columns)
    ]


def _records_frame(records: list[list], width: int) -> pd.DataFrame:
    width = max([width] + [len(r) for r in records])
    padded = [list(r) + [None] * (width - len(r)) for r in records]
    frame = pd.DataFrame(padded, columns=range(width), dtype=object)
    return frame


def read_bytes(source, label: str):
    """The bytes of ``source``: a path, ``bytes``, or a binary file-like object."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source)
    if hasattr(source, "read"):
        from ..files import MAX_FILE_BYTES, _too_large

        # In pieces: asking for the whole cap at once would allocate that much first.
        pieces, size = [], 0
        while size <= MAX_FILE_BYTES:
            piece = source.read(2**20)
            if not piece:
                break
            pieces.append(piece)
            size += len(piece)
        if size > MAX_FILE_BYTES:
            raise _too_large(label)
        data = (pieces[0][:0] if pieces else b"").join(pieces)
        if isinstance(data, str):
            return data.encode("utf-8")
        return bytes(data)
    from ..files import read_regular

    return read_regular(source, label)


def _short(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) < 120 else text[:117] + "..."
