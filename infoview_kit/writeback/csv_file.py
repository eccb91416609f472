"""Changed cells back into a CSV or TSV file: every untouched line stays byte for byte."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Mapping
from itertools import islice

import pandas as pd

from .common import (
    PLAIN_HEADERS,
    TrackerError,
    as_text,
    guarded,
    learn_date_format,
    learn_yes_no,
    missing_columns,
    pick_rows,
    positions,
    split_name,
)

_DELIMITERS = (",", ";", "\t", "|")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _decode(data: bytes) -> tuple[bytes, str, str]:
    """(byte order mark, encoding, text): UTF-8 when it decodes, else Windows-1252, else Latin-1."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return bom, encoding, data[len(bom) :].decode(encoding)
    for encoding in ("utf-8", "cp1252", "latin-1"):
        try:
            return b"", encoding, data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes any bytes")  # pragma: no cover


def _ending(line: str) -> str:
    return line[len(line.rstrip("\r\n")) :]


class CsvSheet:
    """Where the header and each contact are in a CSV file, and how it writes its cells.

    Parameters
    ----------
    data
        The file's bytes.
    column_map, original
        The loader's header map and canonical frame for the same bytes.
    """

    kind = "csv"

    def __init__(self, data: bytes, column_map: Mapping[str, str], original: pd.DataFrame):
        self.bom, self.encoding, text = _decode(data)
        self.lines: list[str] = _LINE.findall(text)
        self.original = original
        for delimiter in _DELIMITERS:
            for index, (_, _, cells) in enumerate(self._records(delimiter, limit=50)):
                found = positions(cells, column_map)
                if found is not None:
                    self._settle(delimiter, self._records(delimiter), index, found)
                    return
        raise TrackerError(
            "the header row the contacts were read under was not found in the file, so the "
            "kit cannot write into it. Save to a new file with save_as()."
        )

    def _records(self, delimiter: str, limit: int | None = None) -> list[tuple[int, int, list]]:
        """Each record as (first line, line after its last, cells): quoted cells span lines."""
        reader = csv.reader(iter(self.lines), delimiter=delimiter, quotechar='"', strict=False)
        out, start = [], 0
        try:
            for cells in islice(reader, limit):
                out.append((start, reader.line_num, cells))
                start = reader.line_num
        except csv.Error:
            return []
        return out

    def _settle(self, delimiter, records, header: int, columns: dict[str, list[int]]) -> None:
        self.delimiter = delimiter
        self.records = records
        self.header = header
        self.columns = columns
        body = [(n, cells) for n, (_, _, cells) in enumerate(records) if n > header]
        self.rows = pick_rows(body, columns.get("name", []), len(self.original))
        first = self.lines[records[header][0]]
        self.quote_all = first.startswith('"') and first.count('"') >= 2 * len(records[header][2])
        self.newline = _ending(first) or "\n"
        self.width = len(records[header][2])
        # added columns go after every column in use, labelled or not
        filled = (
            max((i + 1 for i, c in enumerate(records[n][2]) if c.strip()), default=0)
            for n in self.rows
        )
        self.end = max([self.width, *filled])
        self.date_format, self.yes_no = {}, {}
        for column, (at, *_) in columns.items():
            texts = (self._cell(n, at) for n in self.rows)  # read only as far as needed
            values = self.original[column] if column in self.original else pd.Series([])
            if pd.api.types.is_datetime64_any_dtype(values.dtype):
                self.date_format[column] = learn_date_format(texts, values)
            elif values.dtype == bool:
                self.yes_no[column] = learn_yes_no(texts, values)
        learned = [f for f in self.date_format.values() if f]
        self.default_date = max(set(learned), key=learned.count) if learned else "%Y-%m-%d"

    def _cell(self, record: int, at: int) -> str:
        cells = self.records[record][2]
        return cells[at] if at < len(cells) else ""

    def _text(self, column: str, value: object) -> str:
        fmt = self.date_format.get(column) or self.default_date
        text = as_text(value, fmt, self.yes_no.get(column, {True: "yes", False: "no"}))
        return "'" + text if guarded(text) else text

    def _line(self, cells: list[str], newline: str) -> str:
        out = io.StringIO()
        quoting = csv.QUOTE_ALL if self.quote_all else csv.QUOTE_MINIMAL
        # The csv writer quotes a cell holding a character of its line terminator: with CR LF
        # a lone CR in a note is quoted too, whatever the file's own line ending.
        csv.writer(
            out, delimiter=self.delimiter, quotechar='"', quoting=quoting, lineterminator="\r\n"
        ).writerow(cells)
        return out.getvalue()[:-2] + newline

    def _fill(self, cells: list[str], changes: Mapping[str, object], columns) -> list[str]:
        cells = cells + [""] * (self.end + len(columns) - len(cells))
        for column, value in changes.items():
            at = self.columns.get(column) or columns.get(column)
            if at is None:
                continue
            if column == "name" and len(at) > 1:
                for index, part in zip(at, split_name(str(value), len(at))):
                    cells[index] = self._text(column, part)
                continue
            cells[at[0]] = self._text(column, value)
        return cells

    def write(self, edits: Mapping[int, Mapping[str, object]]) -> tuple[bytes, list[str]]:
        """The file with ``edits`` made (position -> canonical column -> value), and notes.

        Positions past the file's contacts are new contacts, added after the last one.
        """
        added = missing_columns(edits, self.columns)
        columns = {c: [self.end + i] for i, c in enumerate(added)}
        lines = list(self.lines)
        replace: dict[int, tuple[int, str]] = {}
        if added:
            start, end, cells = self.records[self.header]
            header = cells + [""] * (self.end - len(cells)) + [PLAIN_HEADERS[c] for c in added]
            replace[start] = (end, self._line(header, _ending(lines[end - 1])))
        new = []
        for position, changes in sorted(edits.items()):
            if position >= len(self.rows):
                new.append(self._line(self._fill([], changes, columns), self.newline))
                continue
            start, end, cells = self.records[self.rows[position]]
            ending = _ending(lines[end - 1]) or self.newline
            replace[start] = (end, self._line(self._fill(list(cells), changes, columns), ending))
        for start in sorted(replace, reverse=True):
            end, line = replace[start]
            lines[start:end] = [line]
        if new:
            last = self.records[self.rows[-1]][1] if self.rows else self.records[self.header][1]
            last -= sum(end - start - 1 for start, (end, _) in replace.items() if start < last)
            if not _ending(lines[last - 1]):
                lines[last - 1] += self.newline
            lines[last:last] = new
        try:
            data = self.bom + "".join(lines).encode(self.encoding)
        except UnicodeEncodeError as exc:
            raise TrackerError(
                f"{exc.object[exc.start : exc.end]!r} cannot be written in this file's "
                f"encoding ({self.encoding}). Save to a new .xlsx file with save_as()."
            ) from None
        notes = [f"Added a column '{PLAIN_HEADERS[c]}' at the end." for c in added]
        return data, notes
