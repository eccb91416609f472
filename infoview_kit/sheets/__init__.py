"""Reading a file as it is: CSV and other text tables, Excel workbooks, vCards.

This package turns bytes into a :class:`RawTable`: the header cells as the person wrote them, the
data cells under positional column numbers, and the row number of every data row as the person
sees it. It knows nothing about contacts; :mod:`infoview_kit.contacts` gives the table its
meaning. Files that are not tables (a PDF, a picture, a zip archive) are named for what they
are, with what to export instead.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

from ..errors import ContactsError
from ..saving import GUARDED
from .encodings import SNIFF_BYTES, decode, mixes_encodings
from .mixed import read_mixed
from .text import (
    DELIMITER_NAMES,
    FIELD_LIMIT,
    HEADER_SCAN_ROWS,
    RawTable,
    column_letter,
    normalise_header,
    read_bytes,
    read_text,
    read_utf8,
)
from .vcard import is_vcard, read_vcards
from .workbook import read_workbook

__all__ = [
    "DELIMITER_NAMES",
    "HEADER_SCAN_ROWS",
    "RawTable",
    "column_letter",
    "normalise_header",
    "read_bytes",
    "read_raw",
]

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls and other Office binaries
_PICTURES = (
    (b"\x89PNG", "a PNG picture"),
    (b"\xff\xd8\xff", "a JPEG photo"),
    (b"GIF8", "a GIF picture"),
    (b"II*\x00", "a TIFF picture"),
    (b"MM\x00*", "a TIFF picture"),
)


def read_raw(
    data: bytes, label: str, *, is_header, sheet: str | int | None = None, path: Path | None = None
) -> RawTable:
    """Read ``data`` (the whole file) into a :class:`RawTable`.

    ``is_header(cells) -> int`` scores a candidate header row (0: not a header); the row with the
    best score among the first :data:`HEADER_SCAN_ROWS` is the header. ``label`` names the file
    in messages. The format is recognised from the content, not the file's name.
    """
    if csv.field_size_limit() < FIELD_LIMIT:
        csv.field_size_limit(FIELD_LIMIT)
    head = bytes(data[:SNIFF_BYTES])
    if not head.strip():
        raise ContactsError(
            f"{label} is empty. Export your contacts again, with a header row such as "
            "'Name, Company, Role', and point the kit at that file."
        )
    if head.startswith(_ZIP_MAGIC):
        _refuse_other_zips(data, label)
        return _unguarded(read_workbook(bytes(data), label, is_header=is_header, sheet=sheet))
    _refuse_non_tables(head, label)
    if head.lstrip(b"\xef\xbb\xbf \t\r\n")[:11].upper() != b"BEGIN:VCARD":
        fast = read_utf8(data, is_header)  # the usual case: no copy of the file as text
        if fast is not None:
            return _unguarded(fast)
    if not _valid_utf8(data) and mixes_encodings(data):  # the search is the slow test
        return _unguarded(read_mixed(bytes(data), label, is_header=is_header))
    text, encoding = decode(bytes(data), label)
    if is_vcard(text):
        return read_vcards(text, encoding, label)
    return _unguarded(read_text(text, encoding, label, is_header=is_header))


def _valid_utf8(data: bytes) -> bool:
    if data.isascii():
        return True
    try:
        bytes(data).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _unguarded(table: RawTable) -> RawTable:
    """Headers without save_contacts' formula guard (cells lose theirs in the loader)."""
    if table.formula_guarded:
        table.headers = [GUARDED.sub("", h, count=1) for h in table.headers]
    return table


def _refuse_non_tables(head: bytes, label: str) -> None:
    if head.startswith(_OLE_MAGIC):
        raise ContactsError(
            f"{label} is an old-style Excel (.xls) or other Office binary file, which the kit "
            "cannot read. Open it in Excel or Google Sheets and save it as .xlsx or CSV."
        )
    if head.startswith(b"%PDF"):
        raise ContactsError(
            f"{label} is a PDF document, which holds pages rather than a table. Export your "
            "contacts from the program that made it as CSV or .xlsx (LinkedIn, Google Contacts "
            "and Outlook all offer CSV), and point the kit at that file."
        )
    picture = next((kind for magic, kind in _PICTURES if head.startswith(magic)), None)
    if picture is None and head[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1"):
        picture = "a HEIC photo"
    if picture is not None:
        raise ContactsError(
            f"{label} is {picture}: it does not look like a spreadsheet. Export your contacts "
            "themselves as CSV "
            "or .xlsx (or as a vCard .vcf from your phone) and point the kit at that file."
        )


def _refuse_other_zips(data: bytes, label: str) -> None:
    """A zip that is not an .xlsx workbook: an export archive, or another program's format."""
    try:
        names = zipfile.ZipFile(io.BytesIO(bytes(data))).namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # a damaged workbook: the workbook reader explains
    if any(n.startswith("xl/") for n in names) or "[Content_Types].xml" in names:
        return
    if "mimetype" in names and any(n == "content.xml" for n in names):
        raise ContactsError(
            f"{label} is an OpenDocument spreadsheet (.ods). Open it and save it as .xlsx or "
            "CSV, then point the kit at that file."
        )
    tables = [n for n in names if n.lower().endswith((".csv", ".vcf", ".xlsx"))]
    inside = ", ".join(tables[:5]) if tables else "no spreadsheet"
    raise ContactsError(
        f"{label} is a zip archive (it holds {inside}). Unzip it and point the kit at the "
        "contacts file inside (in a LinkedIn data export, that is Connections.csv)."
    )
