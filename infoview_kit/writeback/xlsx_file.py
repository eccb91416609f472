"""Changed cells back into an .xlsx workbook, edited in place with openpyxl.

The workbook is loaded as it is (formulas as formulas, not their cached values), once for finding
the rows and making the first edit, and saved with only the changed cells set: other sheets,
title rows, the header, styles, number formats, column widths, formulas, comments and data
validation are what openpyxl read. openpyxl does not keep images, charts, pivot tables or form
controls; :func:`infoview_kit.tracker.open_tracker` says so.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from copy import copy

import pandas as pd

from ..saving import xlsx_text
from .common import (
    PLAIN_HEADERS,
    TrackerError,
    as_text,
    blank,
    guarded,
    learn_date_format,
    learn_yes_no,
    missing_columns,
    pick_rows,
    positions,
    split_name,
)

_ISO = "yyyy-mm-dd"


def _filled_width(values: list) -> int:
    return max((i + 1 for i, v in enumerate(values) if not blank([v])), default=0)


def _is_date(values: pd.Series) -> bool:
    return pd.api.types.is_datetime64_any_dtype(values.dtype)


def _load(data: bytes):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(data))


class XlsxSheet:
    """Where the header and each contact are in a workbook, and how its cells are written.

    Parameters
    ----------
    data
        The workbook's bytes.
    column_map, original
        The loader's header map and canonical frame for the same bytes.
    sheet
        The sheet the person named; else each sheet is tried in order.
    """

    kind = "xlsx"

    def __init__(self, data: bytes, column_map, original: pd.DataFrame, *, sheet=None):
        self.data = data
        self.original = original
        book = _load(data)
        self._find(book, column_map, sheet)
        self._fresh = book  # the first write edits this one instead of loading it again

    def _find(self, book, column_map, sheet) -> None:
        names = book.sheetnames
        if isinstance(sheet, int) and -len(names) <= sheet < len(names):
            names = [names[sheet]]
        elif sheet in names:
            names = [sheet]
        problem = None
        for name in names:
            cells = [tuple(r) for r in book[name].iter_rows(min_row=1)]
            records = [[c.value for c in r] for r in cells]
            for index, header in enumerate(records[:50]):
                found = positions(header, column_map)
                if found is None:
                    continue
                body = [(n + 1, r) for n, r in enumerate(records) if n > index]
                try:
                    rows = pick_rows(body, found.get("name", []), len(self.original))
                except TrackerError as exc:
                    problem = exc
                    break
                self._settle(name, index + 1, found, rows, cells)
                return
        raise problem or TrackerError(
            "the header row the contacts were read under was not found in the workbook, so "
            "the kit cannot write into it. Save to a new file with save_as()."
        )

    def _settle(self, title: str, header_row: int, columns, rows: list[int], cells) -> None:
        self.title = title
        self.header_row = header_row
        self.columns = columns
        self.rows = rows
        header = [c.value for c in cells[header_row - 1]]
        self.width = _filled_width(header)
        # added columns go after every column in use, labelled or not
        self.end = max(
            [self.width, *(_filled_width([c.value for c in cells[r - 1]]) for r in rows)]
        )
        self.date_format, self.yes_no, self.number_format = {}, {}, {}
        for column, (at, *_) in columns.items():
            values = self.original.get(column)
            if values is None or not (_is_date(values) or values.dtype == bool):
                continue
            column_cells = [cells[r - 1][at] if at < len(cells[r - 1]) else None for r in rows]
            present = [c.value if c is not None else None for c in column_cells]
            if values.dtype == bool:
                self.yes_no[column] = learn_yes_no(present, values)
                continue
            formats = [
                c.number_format
                for c in column_cells[:2000]
                if isinstance(c and c.value, dt.datetime)
            ]
            if formats:
                self.number_format[column] = max(set(formats), key=formats.count)
            texts = [v if isinstance(v, str) else None for v in present]
            self.date_format[column] = learn_date_format(texts, values)
        formats = list(self.number_format.values())
        self.default_number_format = max(set(formats), key=formats.count) if formats else _ISO

    def _put(self, cell, column: str, value: object) -> None:
        if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
            cell.value = None
        elif isinstance(value, pd.Timestamp) and self.date_format.get(column):
            cell.value = value.strftime(self.date_format[column])  # the column keeps text dates
        elif isinstance(value, pd.Timestamp):
            cell.value = value.to_pydatetime()
            cell.number_format = self.number_format.get(column, self.default_number_format)
        elif isinstance(value, bool):
            cell.value = self.yes_no.get(column, {True: True, False: False})[value]
        else:
            text = as_text(value, "%Y-%m-%d", {})
            if text.startswith("'") and guarded(text):
                text = "'" + text  # the loader takes one ' off text that looks guarded
            cell.value = xlsx_text(text)  # a CR or control character as Excel escapes it
            if guarded(text) or cell.data_type == "f":
                cell.data_type = "s"  # written as text: never a live formula

    def write(self, edits: Mapping[int, Mapping[str, object]]) -> tuple[bytes, list[str]]:
        """The workbook with ``edits`` made (position -> canonical column -> value), and notes.

        Positions past the sheet's contacts are new contacts, on the rows below the last one,
        styled like the row above.
        """
        book, self._fresh = self._fresh or _load(self.data), None
        sheet = book[self.title]
        added = missing_columns(edits, self.columns)
        columns = {c: [self.end + i] for i, c in enumerate(added)}
        for column, (at,) in columns.items():
            cell = sheet.cell(row=self.header_row, column=at + 1, value=PLAIN_HEADERS[column])
            if self.width:
                cell._style = copy(sheet.cell(row=self.header_row, column=self.width)._style)
            letter = cell.column_letter
            sheet.column_dimensions[letter].width = max(12, len(PLAIN_HEADERS[column]) + 4)
        last = self.rows[-1] if self.rows else self.header_row
        used = [at for ats in (*self.columns.values(), *columns.values()) for at in ats]
        for position, changes in sorted(edits.items()):
            if position < len(self.rows):
                row = self.rows[position]
            else:
                row = last + 1 + position - len(self.rows)
                self._new_row(sheet, row, self.end + len(added), used)
            for column, value in changes.items():
                at = self.columns.get(column) or columns.get(column)
                if at is None:
                    continue
                parts = split_name(str(value), len(at)) if column == "name" else [value]
                for index, part in zip(at, parts):
                    self._put(sheet.cell(row=row, column=index + 1), column, part)
        grown = max(edits) + 1 - len(self.rows) if edits else 0
        if grown > 0:
            _grow_tables(sheet, last, last + grown)
        out = io.BytesIO()
        book.save(out)
        notes = [
            f"Added a column '{PLAIN_HEADERS[c]}' at the end of sheet '{self.title}'."
            for c in added
        ]
        return out.getvalue(), notes

    @staticmethod
    def _new_row(sheet, row: int, width: int, used: list[int]) -> None:
        """Ready a row for a new contact, styled like the row above where it has no style.

        The row must be empty in the contacts' columns; formulas filled down in other columns
        (a common way to prepare a tracker) stay and now count for the new contact.
        """
        cells = [sheet.cell(row=row, column=c) for c in range(1, max(width, 1) + 1)]
        if not blank([cells[at].value for at in used if at < len(cells)]):
            raise TrackerError(
                f"row {row} of sheet '{sheet.title}', where the new contact would go, is not "
                "empty. Make room below your contacts, or save to a new file with save_as()."
            )
        for cell in cells:
            above = sheet.cell(row=row - 1, column=cell.column)
            if above.has_style and not cell.has_style:
                cell._style = copy(above._style)
        height = sheet.row_dimensions[row - 1].height
        if height is not None:
            sheet.row_dimensions[row].height = height


def _grow_tables(sheet, last: int, new_last: int) -> None:
    """Excel tables (Format as Table) that end on the last contact take in the new rows."""
    from openpyxl.utils import get_column_letter, range_boundaries

    for table in sheet.tables.values():
        low_col, low_row, high_col, high_row = range_boundaries(table.ref)
        if high_row != last:
            continue
        ref = f"{get_column_letter(low_col)}{low_row}:{get_column_letter(high_col)}{new_last}"
        table.ref = ref
        if table.autoFilter is not None:
            table.autoFilter.ref = ref
