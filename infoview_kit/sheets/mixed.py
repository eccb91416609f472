"""A text file that mixes UTF-8 and Windows-1252 (cp1252), read cell by cell as each reads right."""

from __future__ import annotations

import numpy as np

from .encodings import cell_decoded
from .text import RawTable, column_letter, read_text

__all__ = ["read_mixed"]


def read_mixed(data: bytes, label: str, *, is_header) -> RawTable:
    """A file that mixes UTF-8 and cp1252, decoded cell by cell as each reads right.

    The table is parsed from the bytes read as Latin-1 (every delimiter, quote and line break
    is ASCII, so the cells are the same), then each cell is decoded on its own; every cell
    written in the file's less common encoding is listed as a problem, so that no cell read one
    way or the other passes unseen.
    """
    text = data[3:].decode("latin-1") if data[:3] == b"\xef\xbb\xbf" else data.decode("latin-1")
    table = read_text(
        text,
        "latin-1",
        label,
        is_header=lambda cells: is_header([cell_decoded(c)[0] for c in cells]),
    )
    table.headers = [cell_decoded(h)[0] for h in table.headers]
    found: dict[int, dict[str, list]] = {}
    counts = {"utf-8": 0, "cp1252": 0}
    for position in table.cells.columns:
        column = table.cells[position]
        values = column.dropna()
        values = values[~values.str.isascii()]
        if values.empty:
            continue
        decoded = {i: cell_decoded(v) for i, v in values.items()}
        fixed = column.astype(object)
        for i, (value, other) in decoded.items():
            fixed.at[i] = value
            kind = "cp1252" if other else "utf-8"
            counts[kind] += 1
            found.setdefault(position, {"utf-8": [], "cp1252": []})[kind].append(i)
        table.cells[position] = fixed.astype("str")
    usual = "cp1252" if counts["cp1252"] > counts["utf-8"] else "utf-8"
    rare = "utf-8" if usual == "cp1252" else "cp1252"
    for position, kinds in found.items():
        at = np.asarray(kinds[rare], dtype=np.int64)
        if not len(at):
            continue
        header = table.headers[position] if position < len(table.headers) else ""
        table.problems.append(
            (
                table.rows[at],
                header or f"column {column_letter(position)}",
                table.cells[position].to_numpy(dtype=object)[at],
                f"this cell is written in {_NAMES[rare]} while most of the file is in "
                f"{_NAMES[usual]}; it was read as {_NAMES[rare]}: check that it reads right, "
                "and save the file again as CSV UTF-8",
            )
        )
    table.encoding = usual
    table.formula_guarded = True
    if counts[rare]:
        table.notes.append(
            f"The file mixes encodings: most of it is {_NAMES[usual]}, but {counts[rare]} "
            f"cell(s) are {_NAMES[rare]}; each cell was read in its own encoding, and those "
            "cells are listed as problems."
        )
    return table


_NAMES = {"utf-8": "UTF-8", "cp1252": "Windows-1252 (cp1252)"}
