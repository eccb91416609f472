"""Follow-ups and weekly plans as iCalendar (RFC 5545): a file to import, or bytes to serve.

>>> write_ics(follow_ups(contacts), "follow-ups.ics")    # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path

import pandas as pd

from .files import write_atomic

__all__ = ["to_ics", "write_ics"]


def write_ics(follow_ups: pd.DataFrame, path: str | os.PathLike) -> Path:
    """Write follow-ups or a weekly plan as an iCalendar file (RFC 5545), atomically.

    When ``path`` already holds an earlier export, the new file carries the calendar forward
    (see :func:`to_ics`): re-importing it updates moved items and clears the ones that were
    done or dropped.
    """
    path = Path(path)
    previous = path.read_bytes() if path.is_file() and not path.is_symlink() else None
    return write_atomic(path, to_ics(follow_ups, previous=previous))


def to_ics(follow_ups: pd.DataFrame, *, previous: bytes | None = None) -> bytes:
    """Follow-ups (all-day events) or a weekly plan (timed blocks) as iCalendar bytes.

    An item with an ``end`` (a block of the weekly plan) becomes a timed, busy event; a
    follow-up becomes a free all-day event on its due day. Each event's UID is derived from
    the person and the action, not the date, so importing a newer export updates the events
    instead of duplicating them; repeats of one person and action (a duplicate row) are
    numbered, so every UID is unique.

    ``previous`` is an earlier export of the same calendar: an event whose day, time or text
    changed since gets a higher SEQUENCE, and an event of the earlier export that is no longer
    due (done or dropped) is repeated with STATUS:CANCELLED, so a calendar that imports the
    new file updates and clears them.
    """
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", "-//infoview-kit//follow-ups//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    stamp = pd.Timestamp.now(tz="UTC").to_pydatetime().replace(microsecond=0)
    earlier = _earlier_events(previous)
    items = follow_ups[follow_ups["due"].notna()]
    for item, uid in zip(items.itertuples(index=False), _uids(items), strict=True):
        event = _event(item, uid, stamp)
        before = earlier.pop(uid, None)
        sequence = 0
        if before is not None:
            sequence = int(before.get("sequence", 0))
            if _content(before) != _content(event) or before.get("status") == "CANCELLED":
                sequence += 1
        event.add("sequence", sequence)
        calendar.add_component(event)
    for event in earlier.values():  # no longer due: done or dropped since the earlier export
        if event.get("status") != "CANCELLED":
            sequence = int(event.get("sequence", 0)) + 1
            event.pop("sequence", None)
            event.add("sequence", sequence)
            event.pop("status", None)
            event.add("status", "CANCELLED")
            event.pop("dtstamp", None)
            event.add("dtstamp", stamp)
        calendar.add_component(event)
    return calendar.to_ical()


def _earlier_events(previous: bytes | None) -> dict:
    """The events of an earlier export, by UID (none when it cannot be read as one)."""
    if not previous:
        return {}
    from icalendar import Calendar

    try:
        events = Calendar.from_ical(previous).walk("VEVENT")
    except ValueError:  # not a calendar: start afresh rather than fail the export
        return {}
    return {str(e["uid"]): e for e in events if "uid" in e}


def _content(event) -> tuple:
    """What a person sees of an event: its times and its words."""
    return tuple(
        event[key].to_ical() if key in event else b""
        for key in ("dtstart", "dtend", "summary", "description")
    )


def _uids(items: pd.DataFrame) -> list[str]:
    """A UID per item from its name, company and action; the n-th repeat gets "|n"."""
    keys = (
        items["name"].fillna("").astype("str")
        + "|"
        + items["company"].fillna("").astype("str")
        + "|"
        + items["action"].astype("str")
    )
    repeat = keys.groupby(keys, sort=False).cumcount()
    keys = keys.where(repeat == 0, keys + "|" + repeat.astype("str"))
    return [hashlib.sha1(key.encode("utf-8")).hexdigest() + "@infoview-kit" for key in keys]


def _event(item, uid: str, stamp: dt.datetime):
    """One event: a timed block when the item has an end (the weekly plan), else all day."""
    from icalendar import Event

    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    end = getattr(item, "end", None)
    if end is not None and not pd.isna(end):
        event.add("dtstart", pd.Timestamp(item.due).to_pydatetime())
        event.add("dtend", pd.Timestamp(end).to_pydatetime())
        event.add("transp", "OPAQUE")
    else:
        start = pd.Timestamp(item.due).date()
        event.add("dtstart", start)
        event.add("dtend", start + dt.timedelta(days=1))
        event.add("transp", "TRANSPARENT")
    event.add("summary", f"{str(item.action).capitalize()}: {item.name}")
    event.add("description", str(item.reason))
    return event
