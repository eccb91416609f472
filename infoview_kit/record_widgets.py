"""Widgets that keep the record: the follow-up board and the tracker panel.

- :class:`FollowUpBoard`: what is due, with "mark done" logging what was done.
- :class:`TrackerPanel`: log a request, reply, meeting, thank-you or note; add a contact; undo;
  save to the person's own sheet or download it updated.

Both only call :class:`infoview_kit.tracker.Tracker`; ``version`` traits tell other widgets
that the record changed.
"""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as w
import pandas as pd
import traitlets

from ._widget_parts import STYLE as _STYLE
from ._widget_parts import WIDE as _WIDE
from ._widget_parts import Guarded as _Guarded
from ._widget_parts import classes as _classes
from ._widget_parts import contact_options, download_link
from ._widget_parts import set_options as _set_options
from .followups import FOLLOW_UP_ACTIONS, follow_ups, mark_done
from .insights import as_timestamp
from .tracker import Tracker, open_tracker

__all__ = ["FollowUpBoard", "TrackerPanel"]


#: Rows a group shows before "show more"; each click on "show more" shows this many again.
GROUP_SIZE = 10
_TEXT = "line-height:1.4;padding:2px 0;overflow-wrap:anywhere"
_TITLE = "line-height:1.3;margin:12px 0 4px"


def _item_html(item, as_of: pd.Timestamp) -> str:
    """One follow-up as text: who (and where), when, and why."""
    company = item.company if isinstance(item.company, str) and item.company else ""
    where = f" <span style='color:#555'>({html.escape(company)})</span>" if company else ""
    if item.overdue:
        when = f"<b style='color:#b00020'>Overdue</b> since {item.due:%a %d %b %Y}"
    elif item.due == as_of:
        when = "<b>Due today</b>"
    else:
        when = f"Due {item.due:%a %d %b %Y}"
    return (
        f"<div class='ivk-board-item' style='{_TEXT}'>"
        f"<b class='ivk-board-name'>{html.escape(str(item.name))}</b>{where}<br>"
        f"{when}. <span style='color:#444'>{html.escape(item.reason)}</span></div>"
    )


class _Row(w.HBox):
    """A follow-up on screen: a "Mark done" button beside its text. Rows are reused: a redraw
    only changes their text and which item they stand for."""

    def __init__(self, on_done):
        self.position = -1  # the item's position in the board's ``due``
        self.button = w.Button(
            description="Mark done", layout=w.Layout(width="110px", flex="0 0 auto")
        )
        self.text = w.HTML(layout=w.Layout(flex="1 1 auto", min_width="0"))
        self.button.on_click(lambda _: on_done(self.position))
        # flex "0 0 auto": a row keeps the height of its text inside the scrolling list
        super().__init__(
            [self.button, self.text], layout=w.Layout(flex="0 0 auto", align_items="flex-start")
        )
        self.add_class("ivk-board-row")

    def show(self, item, as_of: pd.Timestamp) -> None:
        self.position = item.Index
        self.text.value = _item_html(item, as_of)
        self.button.tooltip = f"Mark done: {item.action}, {item.name}"


class _Group(w.VBox):
    """The follow-ups of one action: a heading, the first :data:`GROUP_SIZE` rows, then
    "and N more" with a button that shows more (``on_more`` redraws the board)."""

    def __init__(self, action: str, on_done, on_more):
        self.action = action
        self.limit = GROUP_SIZE
        self._on_done = on_done
        self._rows: list[_Row] = []
        self.heading = w.HTML()
        self.rows = w.VBox(layout=w.Layout(flex="0 0 auto", overflow="visible"))
        self.more = w.HTML()
        self.show_more = w.Button(
            layout=w.Layout(width="auto", flex="0 0 auto"), tooltip=f"Show more: {action}"
        )
        self.footer = w.HBox(
            [self.more, self.show_more], layout=w.Layout(flex="0 0 auto", align_items="center")
        )
        self.show_more.on_click(lambda _: self._more(on_more))
        super().__init__(
            [self.heading, self.rows, self.footer],
            layout=w.Layout(flex="0 0 auto", overflow="visible", margin="0 0 8px 0"),
        )
        _classes(self, "ivk-board-group", more=self.show_more)

    def show(self, first: list, total: int, overdue: int, as_of: pd.Timestamp) -> None:
        """Show the ``first`` items (at most :attr:`limit`) of ``total``, reusing rows."""
        while len(self._rows) < len(first):
            self._rows.append(_Row(self._on_done))
        for row, item in zip(self._rows, first):
            row.show(item, as_of)
        self.rows.children = self._rows[: len(first)]
        hidden = total - len(first)
        self.footer.layout.display = None if hidden else "none"
        self.more.value = f"&hellip; and {hidden} more" if hidden else ""
        self.show_more.description = f"Show {min(hidden, GROUP_SIZE)} more"
        late = f", {overdue} overdue" if overdue else ""
        title = html.escape(self.action.capitalize())
        self.heading.value = (
            f"<h5 style='{_TITLE};font-size:1.05em'>{title} "
            f"<span style='font-weight:normal'>({total}{late})</span></h5>"
        )

    def _more(self, on_more) -> None:
        self.limit += GROUP_SIZE
        on_more()


class FollowUpBoard(_Guarded):
    """What is due, grouped by what to do (thank-yous first), earliest first in each group;
    "mark done" logs what was done in the tracker.

    Each group shows its first :data:`GROUP_SIZE` items and "and N more" with a button to show
    more. Only the rows on show are built, and a redraw reuses them.

    Parameters
    ----------
    contacts
        The canonical frame (ignored when a ``tracker`` or ``path`` is given).
    as_of
        The day things are due from and done on (default today).
    path
        A sheet to open a :class:`~infoview_kit.tracker.Tracker` on, to save into.
    tracker
        The tracker to log into; without one (and without ``path``) nothing can be saved.

    Attributes
    ----------
    due
        The follow-ups not done yet, in the order they are shown: by group, then by due day.
    groups
        One widget per action, in the order of
        :data:`~infoview_kit.followups.FOLLOW_UP_ACTIONS`; a group with nothing due is hidden.
    """

    #: Grows each time the board records something, for other widgets to follow.
    version = traitlets.Int(0)

    def __init__(
        self,
        contacts: pd.DataFrame | None = None,
        as_of: object = None,
        *,
        path: str | Path | None = None,
        tracker: Tracker | None = None,
    ):
        self.tracker = open_tracker(path) if tracker is None and path else tracker
        self._contacts = contacts
        self.as_of = as_timestamp(as_of)
        # (name, action) -> how many changes the tracker had once it was done: an undo past
        # that brings the item back
        self._done: dict[tuple, int] = {}
        self._drawn: tuple = (None, None)  # the contacts and day the rows show
        self._init_error()
        self.heading = w.HTML()
        self.groups = {
            action: _Group(
                action, lambda p: self._safely(self.mark_done, p), lambda: self._safely(self._draw)
            )
            for action in FOLLOW_UP_ACTIONS.categories
        }
        # the list scrolls inside the tab; its groups and rows keep their height
        self.rows = w.VBox(layout=w.Layout(max_height="70vh", overflow="auto", width="100%"))
        can_save = self.tracker is not None and self.tracker.can_save
        self.save = w.Button(
            description="Save to my sheet",
            icon="save",
            disabled=not can_save,
            layout=w.Layout(width="auto", flex="0 0 auto"),
        )
        self.saved = w.HTML()
        self.due = pd.DataFrame()
        self.save.on_click(lambda _: self._safely(self._save))
        super().__init__(children=[self.heading, self.rows, self.save, self.saved, self.error])
        _classes(self, "ivk-board", rows=self.rows, save=self.save)
        self._safely(self.refresh)

    @property
    def contacts(self) -> pd.DataFrame:
        return self.tracker.contacts if self.tracker is not None else self._contacts

    def _changes(self) -> int:
        return len(self.tracker.changes) if self.tracker is not None else 0

    def mark_done(self, position: int) -> None:
        """Mark the item at ``position`` in :attr:`due` as done (what the buttons call)."""
        item = self.due.iloc[position]
        if self.tracker is not None:
            logged = self.tracker.mark_done(item, on=self.as_of)
            self.saved.value = f"Logged: {html.escape(logged)}" if logged else ""
        else:
            self._contacts, _ = mark_done(self._contacts, item, on=self.as_of)
        self._done[(item["name"], item["action"])] = self._changes()
        self._drawn = (None, None)  # done without a change to the record: draw again anyway
        self.refresh()
        self.version += 1

    def refresh(self) -> None:
        """List what is due in the contacts as they are now (nothing to do if unchanged)."""
        contacts = self.contacts
        if self._drawn[0] is contacts and self._drawn[1] == self.as_of:
            return  # the record has not changed since the rows were drawn
        now = self._changes()
        self._done = {key: count for key, count in self._done.items() if count <= now}
        due = follow_ups(contacts, as_of=self.as_of)
        keys = list(zip(due["name"], due["action"]))
        due = due[[k not in self._done for k in keys]]
        self.due = due.sort_values("action", kind="stable", ignore_index=True)
        self._draw()
        self._drawn = (contacts, self.as_of)

    def _draw(self) -> None:
        """Show :attr:`due`: only the rows each group has room for are made into text."""
        due = self.due
        counts = due.groupby("action", observed=False)["overdue"].agg(["size", "sum"])
        longest = max(group.limit for group in self.groups.values())
        first: dict[str, list] = {action: [] for action in self.groups}
        for item in due.groupby("action", observed=True).head(longest).itertuples():
            first[item.action].append(item)
        for action, group in self.groups.items():
            total, overdue = (int(n) for n in counts.loc[action])
            group.show(first[action][: group.limit], total, overdue, self.as_of)
        self.rows.children = [self.groups[a] for a in self.groups if counts.at[a, "size"]]
        overdue = int(counts["sum"].sum())
        self.heading.value = (
            f"<h4 style='{_TITLE}'>{len(due)} follow-ups as of {self.as_of:%d %b %Y} "
            f"({overdue} overdue)</h4>"
            if len(due)
            else f"<h4 style='{_TITLE}'>Nothing to follow up as of {self.as_of:%d %b %Y}.</h4>"
        )

    _refresh = refresh  # the name it had before it was public

    def _save(self) -> None:
        if self.tracker is None or not self.tracker.can_save:
            raise ValueError("No sheet to save to: open the board with path=your file.")
        self.saved.value = html.escape(str(self.tracker.save()))


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
        self.contact = w.Dropdown(description="Contact", style=_STYLE, layout=_WIDE)
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
            description="Save to my sheet", icon="save", disabled=not tracker.can_save
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
                self.contact,
                self.event,
                self.day,
                self.note,
                self.log_event,
                w.HTML("<b>Add a contact</b>"),
                *self.new.values(),
                self.add,
                w.HBox([self.undo, self.save, self.prepare]),
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
        _set_options(self.contact, contact_options(self.tracker.contacts))
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
        self.tracker.log(self.contact.value, self.event.value, on=self.day.value, note=note)
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
