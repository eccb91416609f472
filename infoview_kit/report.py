"""The report of a read: the contacts, the problems, and what the kit understood."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import pandas as pd

from . import schema
from .sheets import DELIMITER_NAMES


@dataclass
class ContactsReport:
    """What the kit read from one file, or from several merged into one network.

    Attributes
    ----------
    contacts
        The canonical frame: :data:`infoview_kit.schema.COLUMNS` in order, then every input
        column that maps to none of them under its own header, values untouched.
    problems
        One row per thing the kit could not place: ``row`` (as the spreadsheet shows it),
        ``column`` (the person's header), ``value`` (as written) and ``problem`` (plain words).
    column_map
        The person's header -> canonical column, for every header the kit understood. Each
        value compares equal to the column's name and says why in ``.why``.
    notes
        Assumptions the kit made that are not problems (an encoding, a sheet, a date order).
    rows
        For each contact, the row number its spreadsheet shows it on.
    """

    contacts: pd.DataFrame
    problems: pd.DataFrame
    column_map: dict[str, str]
    source: str = ""
    rows: pd.Series = field(default_factory=lambda: pd.Series([], dtype="int64"))
    notes: list[str] = field(default_factory=list)
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    header_row: int = 1
    kind: str = "text"

    @property
    def extra_columns(self) -> list[str]:
        """Input columns kept as they are, under their own headers."""
        return [c for c in self.contacts.columns if c not in schema.COLUMNS]

    def summary(self) -> str:
        """What the kit understood, in plain words (what ``infoview-kit check`` prints)."""
        lines = [f"Read {self.source}: {_how_read(self)}; {len(self.contacts)} contacts."]
        lines.append("Columns understood (your header -> the kit's column):")
        width = max((len(h) for h in self.column_map), default=0)
        for header, column in self.column_map.items():
            why = getattr(column, "why", "")
            lines.append(f"  {header:<{width}}  -> {column}" + (f"  ({why})" if why else ""))
        if self.extra_columns:
            lines.append("Kept as they are: " + ", ".join(self.extra_columns))
        for note in self.notes:
            lines.append(f"Note: {note}")
        if len(self.problems):
            lines.append(f"Problems: {len(self.problems)} (each listed with its row and text).")
        else:
            lines.append("No problems found.")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        escape = html.escape
        items = "".join(
            f"<li><b>{escape(h)}</b> &rarr; {escape(c)}</li>" for h, c in self.column_map.items()
        )
        notes = "".join(f"<li>{escape(n)}</li>" for n in self.notes)
        problems = (
            self.problems.head(50).to_html(index=False, escape=True)
            if len(self.problems)
            else "<p>No problems found.</p>"
        )
        more = f"<p>... and {len(self.problems) - 50} more.</p>" if len(self.problems) > 50 else ""
        return (
            f"<p>Read <b>{escape(self.source)}</b>: {escape(_how_read(self))}; "
            f"{len(self.contacts)} contacts.</p><p>Columns understood:</p><ul>{items}</ul>"
            + (f"<p>Notes:</p><ul>{notes}</ul>" if notes else "")
            + problems
            + more
        )


def _how_read(report: ContactsReport) -> str:
    if report.kind == "several":
        return "several files merged into one network"
    if report.kind == "vcard":
        return "a vCard file, one contact per card"
    if report.sheet is not None:
        return f"sheet '{report.sheet}', header on row {report.header_row}"
    delimiter = DELIMITER_NAMES.get(report.delimiter or ",", repr(report.delimiter))
    return f"{report.encoding} text, {delimiter}-separated, header on row {report.header_row}"
