"""What logging an event changes in a contact's row, and which event a done follow-up is.

Plain functions on the canonical frame, used by :class:`infoview_kit.tracker.Tracker`.
"""

from __future__ import annotations

import pandas as pd

from . import schema
from .insights import as_timestamp
from .names import name_text_key

__all__ = [
    "EVENTS",
    "FOLLOW_UP_EVENTS",
    "canonical_value",
    "describe",
    "event_changes",
    "name_key",
    "set_cell",
    "stage",
]

#: Each event: the date column it sets and the status it moves the contact to.
EVENTS: dict[str, tuple[str | None, str | None]] = {
    "requested": ("contacted_on", "requested"),
    "responded": ("responded_on", "responded"),
    "declined": ("responded_on", "declined"),
    "scheduled": ("met_on", "scheduled"),
    "met": ("met_on", "met"),
    "thanked": ("thanked_on", "thanked"),
    "note": (None, None),
}
_ANSWERED = {"responded", "declined", "scheduled", "met", "thanked"}


def name_key(text: object) -> str:
    """A name ignoring case, spacing and accents: the rule of
    :func:`infoview_kit.names.name_key`, for one value."""
    return name_text_key(text)


def describe(frame: pd.DataFrame, label: object) -> str:
    """A contact as a person tells them apart: "Ana Lima, Blue Door (row 3)"."""
    company = frame.at[label, "company"]
    at = f", {company}" if isinstance(company, str) and company else ""
    return f"{frame.at[label, 'name']}{at} (row {label})"


def canonical_value(column: str, value: object) -> object:
    """A value given for a canonical column, in the column's type."""
    if column in schema.DATE_COLUMNS:
        return as_timestamp(value, name=column)
    if column in schema.BOOL_COLUMNS:
        return bool(value)
    return str(value).strip()


def event_changes(row: pd.Series, event: str, day: pd.Timestamp) -> dict[str, object]:
    """The cells an event changes: its date, the status and the last contact."""
    column, status = EVENTS[event]
    changes: dict[str, object] = {}
    if column == "contacted_on" and pd.notna(row["contacted_on"]):
        column = None  # a second request: the first contact's date stays
    if column is not None:
        changes[column] = day
    if event in _ANSWERED and not bool(row["responded"]):
        changes["responded"] = True
    if status is not None and stage(status) > stage(row["status"]):
        changes["status"] = status  # the furthest stage reached
    latest = row["last_contact_on"]
    today = pd.Timestamp.today().normalize()
    if event != "note" and day <= today and (pd.isna(latest) or day > latest):
        changes["last_contact_on"] = day
    return changes


def stage(status: object) -> int:
    """How far along the pipeline a status is (-1 for a status the kit does not know)."""
    return schema.STATUSES.index(status) if status in schema.STATUSES else -1


def set_cell(frame: pd.DataFrame, label: object, column: str, value: object) -> None:
    """Set one cell in place, adding the value to a categorical column's categories first."""
    series = frame[column]
    categories = getattr(series.dtype, "categories", None)
    if categories is not None and not pd.isna(value) and value not in categories:
        frame[column] = series.cat.add_categories([value])
    frame.loc[label, column] = value


#: What marking a follow-up done records: (event, whose row, note). "referrer" means the
#: person who introduced them; actions missing here leave nothing to record.
FOLLOW_UP_EVENTS: dict[str, tuple[str, str, str]] = {
    "send a thank-you": ("thanked", "self", ""),
    "send one polite follow-up": ("requested", "self", "followed up"),
    "keep in touch": ("requested", "self", "kept in touch"),
    "tell the referrer": ("requested", "referrer", "told them how it went with {name}"),
}
