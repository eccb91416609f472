"""Widgets that keep the record: the follow-up board and the tracker panel.

- :class:`FollowUpBoard` (in :mod:`infoview_kit.followup_board`): what is due, grouped by what
  to do, with "mark done" logging what was done.
- :class:`TrackerPanel`: log a request, reply, meeting, thank-you or note; add a contact; undo;
  save to the person's own sheet or download it updated.

Both only call :class:`infoview_kit.tracker.Tracker`; ``version`` traits tell other widgets
that the record changed.
"""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as w
import traitlets

from ._widget_parts import STYLE as _STYLE
from ._widget_parts import WIDE as _WIDE
from ._widget_parts import ContactFinder, contact_options, download_link
from ._widget_parts import Guarded as _Guarded
from ._widget_parts import classes as _classes
from .followup_board import FollowUpBoard
from .insights import as_timestamp
from .tracker import Tracker

__all__ = ["FollowUpBoard", "TrackerPanel"]


_EVENT_LABELS = {
    "requested": "I sent a request",
    "responded": "They replied",
    "declined": "They said no",
    "scheduled": "We set a meeting (date of the meeting)",
    "met": "We met",
    "thanked": "I sent a thank-you",
    "note": "A note",
}
_MIME = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".csv": "text/csv",
    ".tsv": "text/tab-separated-values",
}


class TrackerPanel(_Guarded):
    """Keep the record: log an event for a person, add a contact, undo, save or download.

    Parameters
    ----------
    tracker
        The :class:`~infoview_kit.tracker.Tracker` to log into.
    as_of
        The day the date picker starts on (default today).
    """

    #: Grows with every change logged, added or undone, for other widgets to follow.
    version = traitlets.Int(0)

    def __init__(self, tracker: Tracker, *, as_of: object = None):
        self.tracker = tracker
        self._init_error()
        self.finder = ContactFinder("Contact")
        self.contact = self.finder.dropdown
        self.event = w.Dropdown(
            options=[(label, event) for event, label in _EVENT_LABELS.items()],
            description="What happened",
            style=_STYLE,
            layout=_WIDE,
        )
        self.day = w.DatePicker(value=as_timestamp(as_of).date(), description="On", style=_STYLE)
        self.note = w.Text(description="Note", style=_STYLE, layout=_WIDE)
        self.log_event = w.Button(description="Log it", icon="check", button_style="primary")
        fields = (("name", "Name"), ("company", "Company"), ("role", "Role"), ("email", "E-mail"))
        self.new = {field: w.Text(description=label, style=_STYLE) for field, label in fields}
        self.add = w.Button(description="Add contact", icon="user-plus")
        self.undo = w.Button(description="Undo", icon="undo", disabled=True)
        self.save = w.Button(
            description="Save to my sheet",
            icon="save",
            disabled=not tracker.can_save,
            layout=w.Layout(width="auto"),
        )
        self.prepare = w.Button(
            description="Download your updated sheet",
            icon="download",
            layout=w.Layout(width="auto"),
        )
        self.download = w.HTML()
        self.status = w.HTML()
        self.history = w.HTML()
        self.log_event.on_click(lambda _: self._safely(self._log))
        self.add.on_click(lambda _: self._safely(self._add))
        self.undo.on_click(lambda _: self._safely(self._undo))
        self.save.on_click(lambda _: self._safely(self._save))
        self.prepare.on_click(lambda _: self._safely(self._download))
        super().__init__(
            children=[
                w.HTML("<b>Log what happened</b>"),
                self.finder,
                self.event,
                self.day,
                self.note,
                self.log_event,
                w.HTML("<b>Add a contact</b>"),
                *self.new.values(),
                self.add,
                w.HBox([self.undo, self.save, self.prepare], layout=w.Layout(flex_flow="row wrap")),
                self.download,
                self.status,
                self.history,
                self.error,
            ]
        )
        _classes(
            self,
            "ivk-tracker",
            contact=self.contact,
            event=self.event,
            log=self.log_event,
            add=self.add,
            undo=self.undo,
            save=self.save,
            prepare=self.prepare,
            status=self.status,
        )
        self.refresh()
        notes = " ".join(tracker.notes)
        self.status.value = f"<p>{html.escape(notes)}</p>" if notes else ""

    def refresh(self) -> None:
        """Show the contacts and the changes as they are in the tracker now."""
        self.finder.set_options(contact_options(self.tracker.contacts))
        changes = self.tracker.changes
        self.undo.disabled = not changes
        items = "".join(f"<li>{html.escape(c)}</li>" for c in reversed(changes[-5:]))
        self.history.value = (
            f"<p>{len(changes)} change(s) not saved or downloaded yet:</p><ul>{items}</ul>"
            if changes
            else ""
        )

    def _changed(self, message: str) -> None:
        self.download.value = ""  # a link made before the change would be out of date
        self.refresh()
        self.status.value = f"<p>{html.escape(message)}</p>"
        self.version += 1

    def _log(self) -> None:
        if self.contact.value is None:
            raise ValueError("Choose a contact first.")
        note = self.note.value.strip() or None
        day = as_timestamp(self.day.value, name=None)  # a day picked, named as such if refused
        self.tracker.log(self.contact.value, self.event.value, on=day, note=note)
        self.note.value = ""
        self._changed(f"Logged: {self.tracker.changes[-1]}.")

    def _add(self) -> None:
        fields = {k: box.value.strip() for k, box in self.new.items() if box.value.strip()}
        label = self.tracker.add(**fields)
        for box in self.new.values():
            box.value = ""
        self._changed(f"Added {fields['name']}.")
        self.contact.value = label

    def _undo(self) -> None:
        self._changed(f"Undone: {self.tracker.undo()}.")

    def _save(self) -> None:
        self.status.value = f"<p>{html.escape(str(self.tracker.save()))}</p>"

    def _download(self) -> None:
        name = self.tracker.download_name
        mime = _MIME.get(Path(name).suffix.lower(), "application/octet-stream")
        label = f"Download your updated sheet ({name})"
        self.download.value = download_link(self.tracker.to_bytes(), name, label, mime)
