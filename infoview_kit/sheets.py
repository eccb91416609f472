"""Reading a spreadsheet file as it is: encoding, delimiter, header row, workbook sheets.

This module turns bytes into a :class:`RawTable`: the header cells as the person wrote them, the
data cells under positional column numbers, and the row number of every data row as the person
sees it in their spreadsheet program. It knows nothing about contacts; :mod:`infoview_kit.contacts`
gives the table its meaning.
"""

from __future__ import annotations

import csv
import io
import mmap
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from .errors import ContactsError

#: How many records at the top of a file may come before the header (titles, LinkedIn's notes).
HEADER_SCAN_ROWS = 40
#: How much of a file is decoded to find its encoding, delimiter and header.
SNIFF_BYTES = 256 * 1024

DELIMITERS = (",", ";", "\t", "|")
#: A note in a spreadsheet cell can be long; the csv module's default limit (131,072
#: characters) would refuse it. Raised (never lowered) when the kit first reads a sheet.
FIELD_LIMIT = 2**31 - 1
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}

_ZIP_MAGIC = b"PK\x03\x04"
_GUARDS = ("'=", "'+", "'-", "'@", "'\t", "'\r")
_GUARD_BYTES = re.compile(rb"'[=+\-@\t\r]")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls and other Office binaries
_NORMALISE = re.compile(r"[^0-9a-z]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


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


# ---------------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------------


def read_raw(
    data: bytes,
    label: str,
    *,
    is_header,
    sheet: str | int | None = None,
    few_values=None,
    path: Path | None = None,
) -> RawTable:
    """Read ``data`` (the whole file) into a :class:`RawTable`.

    ``is_header(cells) -> int`` scores a candidate header row (0: not a header); the row with the
    best score among the first :data:`HEADER_SCAN_ROWS` is the header. ``label`` names the file
    in error messages. ``few_values(headers) -> positions`` names the columns expected to hold
    few distinct values (dates, vocabularies): the fast reader hands those over as categoricals,
    their distinct values found while parsing.
    """
    if csv.field_size_limit() < FIELD_LIMIT:
        csv.field_size_limit(FIELD_LIMIT)
    head = bytes(data[:SNIFF_BYTES])
    if not head.strip() and (len(data) <= SNIFF_BYTES or not bytes(data).strip()):
        raise ContactsError(
            f"{label} is empty. Export your contacts again, with a header row such as "
            "'Name, Company, Role', and point the kit at that file."
        )
    if head.startswith(_ZIP_MAGIC):
        return _read_workbook(bytes(data), label, is_header=is_header, sheet=sheet)
    if head.startswith(_OLE_MAGIC):
        raise ContactsError(
            f"{label} is an old-style Excel (.xls) or other Office binary file, which the kit "
            "cannot read. Open it in Excel or Google Sheets and save it as .xlsx or CSV."
        )
    fast = _read_utf8_fast(data, is_header, few_values, path)
    if fast is not None:
        return fast
    text, encoding = decode(bytes(data), label)
    return _read_text(text, encoding, label, is_header=is_header)


def _read_utf8_fast(data: bytes, is_header, few_values=None, path=None) -> RawTable | None:
    """Well-formed UTF-8: sniff a decoded sample, then read the body with a fast parser: pandas'
    C parser from the file itself when there is one (and nothing quoted before the body, so
    that lines skipped are rows skipped), else pyarrow over the bytes.

    Returns None whenever anything is unusual (another encoding, no header found, a parser
    complaint), and the careful path reads the file instead.
    """
    head = bytes(data[:3])  # ``data`` may be a memory-mapped file: compare a slice
    start, encoding = (3, "utf-8-sig") if head == b"\xef\xbb\xbf" else (0, "utf-8")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    chunk = data[start : start + SNIFF_BYTES]
    if len(data) - start > SNIFF_BYTES:
        chunk = chunk[: chunk.rfind(b"\n") + 1]
    try:
        sample = _checked_text(chunk.decode("utf-8"), "")
    except (UnicodeDecodeError, ContactsError):
        return None
    delimiter, header_index, headers, header_line, score = _sniff(sample, is_header)
    if score == 0:
        return None
    offset = _line_offset(data, header_line, start)
    if offset < 0:
        return None
    cells = None
    if path is not None and data.find(b'"', 0, offset) < 0:  # lines before the body = rows
        cells = _parse_path_c(path, header_line, delimiter, len(headers), encoding)
    if cells is None:
        few = set(few_values(headers)) if few_values is not None else set()
        cells = _parse_body_arrow(memoryview(data)[offset:], delimiter, len(headers), few)
    if cells is None:
        return None
    header_row = header_index + 1
    return RawTable(
        headers=[str(h) for h in headers],
        cells=cells,
        rows=np.arange(header_row + 1, header_row + 1 + len(cells), dtype=np.int64),
        header_row=header_row,
        encoding=encoding,
        delimiter=delimiter,
        formula_guarded=data.find(b"'") >= 0 and bool(_GUARD_BYTES.search(data)),
        blanks_missing=True,
    )


# ---------------------------------------------------------------------------------------------
# Text files
# ---------------------------------------------------------------------------------------------


def decode(data: bytes, label: str) -> tuple[str, str]:
    """Decode ``data`` to text, choosing the encoding a spreadsheet program most likely used.

    A byte-order mark decides first (Excel's "CSV UTF-8" and "Unicode Text"); then strict UTF-8;
    then the best guess of charset-normalizer; then Windows-1252, and Latin-1, which reads any
    byte, so no file is refused for its encoding alone.
    """
    boms = (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    )
    for bom, encoding in boms:
        if data.startswith(bom):
            try:
                return _checked_text(data.decode(encoding), label), encoding
            except UnicodeDecodeError:
                break
    try:
        return _checked_text(data.decode("utf-8"), label), "utf-8"
    except UnicodeDecodeError:
        pass
    if _looks_binary(data[:SNIFF_BYTES]):
        raise _binary_error(label)
    candidates = []
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:SNIFF_BYTES]).best()
        if best is not None:
            candidates.append(best.encoding)
    except Exception:  # a detector failure only means one guess fewer
        pass
    # Excel's plain "CSV" on Western-European Windows is cp1252; prefer it to look-alikes the
    # detector may return for a short file, when it reads the bytes just as well.
    candidates = ["cp1252"] + [c for c in candidates if c not in ("cp1252", "windows-1252")]
    candidates += ["latin-1"]
    for encoding in candidates:
        try:
            return _checked_text(data.decode(encoding), label), encoding
        except (UnicodeDecodeError, LookupError):
            continue
    raise _binary_error(label)  # unreachable: latin-1 decodes any bytes


def _looks_binary(sample: bytes) -> bool:
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    control = sum(sample.count(bytes([b])) for b in range(32) if b not in (9, 10, 12, 13))
    return control / len(sample) > 0.05


def _checked_text(text: str, label: str) -> str:
    sample = text[:SNIFF_BYTES]
    if "\x00" in sample:
        raise _binary_error(label)
    control = len(_CONTROL.findall(sample))
    if sample and control / len(sample) > 0.05:
        raise _binary_error(label)
    return text


def _binary_error(label: str) -> ContactsError:
    return ContactsError(
        f"{label} does not look like a spreadsheet: it holds binary data, not text or an .xlsx "
        "workbook. Export your contacts as CSV or .xlsx and try that file."
    )


def _sniff(sample: str, is_header) -> tuple[str, int, list[str], int, int]:
    """Find the delimiter and header record in ``sample``.

    Returns the delimiter, the header's record index (0-based; also its row number - 1), the
    header cells, the physical line on which the header ends (1-based) and the header's score.
    """
    best = (",", 0, [], 0, 0, 0)  # delimiter, index, cells, line, score, width
    for delimiter in DELIMITERS:
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


def _read_text(text: str, encoding: str, label: str, *, is_header) -> RawTable:
    sample = text[:SNIFF_BYTES]
    if len(text) > SNIFF_BYTES:  # don't score a header cut in half at the end of the sample
        sample = sample[: sample.rfind("\n") + 1] or sample
    delimiter, header_index, headers, header_line, score = _sniff(sample, is_header)
    if score == 0:
        raise ContactsError(
            f"{label}: no header row with a name column was found in its first "
            f"{HEADER_SCAN_ROWS} rows. Add a header such as 'Name' (or 'First Name' and "
            "'Last Name') above your contacts, or tell the kit which column holds names with "
            "columns={'Your header': 'name'}."
        )
    body = _after_line(text, header_line)
    cells = _parse_body(body, delimiter, len(headers), label)
    header_row = header_index + 1
    rows = np.arange(header_row + 1, header_row + 1 + len(cells), dtype=np.int64)
    headers = [str(h) for h in headers]
    return RawTable(
        headers=headers,
        cells=cells,
        rows=rows,
        header_row=header_row,
        encoding=encoding,
        delimiter=delimiter,
        formula_guarded=any(guard in text for guard in _GUARDS),
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


def _parse_body(body: str, delimiter: str, width: int, label: str) -> pd.DataFrame:
    """Parse the data records under the header as strings, keeping blank lines as rows.

    pandas' C parser is tried first with the header's width; a row wider than the header (a
    "ragged" row) makes it fail, and the body is then read again as wide as its widest row, so
    that the extra cells are kept rather than dropped.
    """
    width = max(width, 1)
    if not body.strip():
        return pd.DataFrame({i: pd.Series([], dtype="str") for i in range(width)})
    fast = _parse_body_arrow(body.encode("utf-8"), delimiter, width)
    if fast is not None:
        return fast
    options = dict(
        sep=delimiter,
        header=None,
        dtype="str",
        na_filter=False,
        skip_blank_lines=False,
        quotechar='"',
        doublequote=True,
        index_col=False,
        engine="c",
    )
    try:
        with warnings.catch_warnings():
            # pandas warns, and drops cells, when a row is wider than ``names``: read it again.
            warnings.simplefilter("error", pd.errors.ParserWarning)
            return pd.read_csv(io.StringIO(body, newline=""), names=range(width), **options)
    except (pd.errors.ParserError, pd.errors.ParserWarning, ValueError):
        pass
    try:
        rows = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter, strict=False)
        widest = max((len(r) for r in rows), default=1)
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)
            return pd.read_csv(
                io.StringIO(body, newline=""), names=range(max(width, widest)), **options
            )
    except (pd.errors.ParserError, pd.errors.ParserWarning, ValueError, csv.Error):
        # The C parser refuses what Python's csv module accepts (a stray quote mid-field):
        # fall back to the forgiving reader; such files are small.
        reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter, strict=False)
        return _records_frame(list(reader), width)


def _parse_path_c(
    path: Path, skip: int, delimiter: str, width: int, encoding: str
) -> pd.DataFrame | None:
    """The fastest path, for a UTF-8 file on disk: pandas' C parser reading the file itself.

    Every column comes back as text: pandas infers text columns straight into Arrow strings,
    and the few columns it took for numbers or flags are read again as text, so that "007"
    stays "007". Returns None when the parser complains (a row wider than the header, bytes
    that are not UTF-8); the other readers then decide.
    """
    options = dict(
        sep=delimiter,
        header=None,
        names=range(width + 1),  # one more than the header: a wider row shows there
        index_col=False,  # never take a wider first row's cells for an index
        skiprows=skip,
        quotechar='"',
        doublequote=True,
        keep_default_na=False,
        na_values=[""],
        skip_blank_lines=False,
        encoding=encoding,
        encoding_errors="strict",
        engine="c",
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # mixed types are read again below...
            warnings.simplefilter("error", pd.errors.ParserWarning)  # ...but no cell dropped
            cells = pd.read_csv(path, **options)
            if cells[width].notna().any():  # a row wider than the header: the others decide
                return None
            cells = cells.drop(columns=width)
            other = [i for i in range(width) if not _is_text(cells[i]) and cells[i].notna().any()]
            if other:
                again = pd.read_csv(
                    path, usecols=other, dtype=pd.ArrowDtype(pa.large_string()), **options
                )
                for i in other:
                    cells[i] = again[i].astype("str")
    except Exception:  # any complaint: the other readers decide
        return None
    for i in range(width):
        if not _is_text(cells[i]):  # nothing but empty cells
            cells[i] = pd.Series(np.nan, index=cells.index, dtype="str")
    return cells


def _is_text(series: pd.Series) -> bool:
    return isinstance(series.dtype, pd.StringDtype)


def _parse_body_arrow(
    body, delimiter: str, width: int, few: set[int] = frozenset()
) -> pd.DataFrame | None:
    """The fast path: pyarrow's multithreaded CSV reader, for well-formed UTF-8 files.

    ``body`` is bytes or a memoryview (no copy is made). Columns at the positions in ``few``
    come back as categoricals (dictionary-encoded while parsing); the rest as ``str``. Returns
    None, and the careful parser takes over, when pyarrow complains: a row wider or narrower
    than the header, or a blank line (kept as a row, so that row numbers stay those of the
    spreadsheet).
    """
    from pyarrow import csv as pa_csv

    names = [str(i) for i in range(width)]
    # Blocks of the file are parsed in parallel. Cut at line ends, they parse fastest; a quoted
    # value spanning lines can then leave a block ending inside quotes, which pyarrow reports
    # (a short row, or its parser out of step with the cut), and the file is read again with
    # cuts that respect quotes.
    for newlines_in_values in (False, True):
        try:
            table = pa_csv.read_csv(
                pa.BufferReader(pa.py_buffer(body)),
                read_options=pa_csv.ReadOptions(
                    column_names=names, use_threads=True, block_size=BLOCK_BYTES
                ),
                parse_options=pa_csv.ParseOptions(
                    delimiter=delimiter,
                    quote_char='"',
                    double_quote=True,
                    newlines_in_values=newlines_in_values,
                    ignore_empty_lines=False,
                ),
                convert_options=pa_csv.ConvertOptions(
                    column_types={
                        name: pa.dictionary(pa.int32(), pa.string())
                        if i in few
                        else pa.large_string()  # as pandas holds text: no conversion
                        for i, name in enumerate(names)
                    },
                    null_values=[""],  # an empty cell is missing, quoted or not
                    strings_can_be_null=True,
                    quoted_strings_can_be_null=True,
                ),
            )
            break
        except Exception:  # a complaint about quoted values: let the careful parser decide
            if newlines_in_values:
                return None
    return pd.DataFrame(
        {
            i: table.column(i).to_pandas() if i in few else pd.Series(table.column(i), dtype="str")
            for i in range(width)
        },
        copy=False,
    )


def _records_frame(records: list[list], width: int) -> pd.DataFrame:
    width = max([width] + [len(r) for r in records])
    padded = [list(r) + [None] * (width - len(r)) for r in records]
    frame = pd.DataFrame(padded, columns=range(width), dtype=object)
    return frame


# ---------------------------------------------------------------------------------------------
# Workbooks
# ---------------------------------------------------------------------------------------------


def _read_workbook(data: bytes, label: str, *, is_header, sheet) -> RawTable:
    try:
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
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
    names = list(book.sheetnames)
    worksheet = _pick_sheet(book, names, sheet, label)
    records = [list(r) for r in worksheet.iter_rows(min_row=1, values_only=True)]
    best = (0, 0, -1)  # score, width, index
    for index, record in enumerate(records[:HEADER_SCAN_ROWS]):
        texts = ["" if v is None else str(v) for v in record]
        score = is_header(texts)
        width = sum(1 for t in texts if t.strip())
        if (score, width) > best[:2]:
            best = (score, width, index)
    if best[0] == 0:
        raise ContactsError(
            f"{label}, sheet '{worksheet.title}': no header row with a name column was found in "
            f"its first {HEADER_SCAN_ROWS} rows. Add a header such as 'Name' above your "
            "contacts, choose another sheet with sheet=..., or map a column with "
            "columns={'Your header': 'name'}."
        )
    header_index = best[2]
    header = records[header_index]
    body = records[header_index + 1 :]
    cells = _records_frame(body, len(header))
    headers = ["" if v is None else str(v).strip() for v in header]
    headers += [""] * (cells.shape[1] - len(headers))
    header_row = header_index + 1
    rows = np.arange(header_row + 1, header_row + 1 + len(cells), dtype=np.int64)
    notes = []
    if len(names) > 1 and sheet is None:
        others = ", ".join(f"'{n}'" for n in names if n != worksheet.title)
        notes.append(
            f"The workbook has {len(names)} sheets; read the first, '{worksheet.title}' "
            f"(others: {others}; choose one with sheet=...)."
        )
    return RawTable(
        headers=headers,
        cells=cells,
        rows=rows,
        header_row=header_row,
        sheet=worksheet.title,
        notes=notes,
    )


def _pick_sheet(book, names: list[str], sheet, label: str):
    if sheet is None:
        return book.worksheets[0]
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
        f"{label} has no sheet {sheet!r}. Its sheets are {listed}: pass one of those names (or "
        "its position, 0 for the first) as sheet=."
    )


def _short(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) < 120 else text[:117] + "..."


#: How much of a file each parsing thread takes at a time (pyarrow's default is 1 MiB; larger
#: blocks mean fewer chunks per column to stitch together afterwards).
BLOCK_BYTES = 4 << 20

#: Files larger than this are memory-mapped rather than read: the fast path parses them in
#: place, with no copy of the whole file in memory.
MAP_BYTES = 4 * 1024 * 1024


def read_bytes(source, label: str):
    """The bytes of ``source``: a path, ``bytes``, or a binary file-like object.

    A large file is returned memory-mapped (an ``mmap``: sliceable and searchable like bytes).
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source)
    if hasattr(source, "read"):
        data = source.read()
        if isinstance(data, str):
            return data.encode("utf-8")
        return bytes(data)
    path = Path(source)
    try:
        if path.is_file() and path.stat().st_size > MAP_BYTES:
            with path.open("rb") as handle:
                return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        return path.read_bytes()
    except FileNotFoundError:
        raise ContactsError(
            f"{label} was not found. Check the path (it is read relative to {Path.cwd()})."
        ) from None
    except IsADirectoryError:
        raise ContactsError(
            f"{label} is a folder, not a spreadsheet. Point the kit at a .csv or .xlsx file."
        ) from None
    except PermissionError:
        raise ContactsError(
            f"{label} cannot be read: permission denied. Close it in other programs or copy it "
            "somewhere you can read, then retry."
        ) from None
    except OSError as exc:
        raise ContactsError(f"{label} cannot be read ({_short(exc)}).") from None
