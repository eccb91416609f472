"""The follow-up board: what is due, grouped by what to do, with "mark done" on every row.

:class:`FollowUpBoard` only calls :func:`~infoview_kit.followups.follow_ups` and the
:class:`~infoview_kit.tracker.Tracker`; its ``version`` trait tells other widgets that the
record changed. Each group shows its first rows and folds the rest behind "and N more"; the
rows on show are made once and reused, so a "mark done" redraws text, not widgets.
"""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as w
import numpy as np
import pandas as pd
import traitlets

from ._widget_parts import Guarded as _Guarded
from ._widget_parts import classes as _classes
from .followups import FOLLOW_UP_ACTIONS, FollowUpRules, follow_ups, mark_done
from .insights import as_timestamp
from .tracker import Tracker, open_tracker

__all__ = ["GROUP_SIZE", "FollowUpBoard"]

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
    rules
        When each follow-up falls due (:class:`~infoview_kit.followups.FollowUpRules`);
        set :attr:`rules` or :attr:`as_of` and call :meth:`refresh` to list again.

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
        rules: FollowUpRules | None = None,
    ):
        self.rules = rules or FollowUpRules()
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
            layout=w.Layout(width="auto", flex="0 0 auto", align_self="flex-start"),
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
        if self._drawn[0] is contacts and self._drawn[1] == (self.as_of, self.rules):
            return  # the record has not changed since the rows were drawn
        now = self._changes()
        self._done = {key: count for key, count in self._done.items() if count <= now}
        due = follow_ups(contacts, as_of=self.as_of, rules=self.rules)
        keys = zip(due["name"], due["action"])
        due = due[
            np.array([k not in self._done for k in keys], dtype=bool)
        ]  # [] would pick columns
        self.due = due.sort_values("action", kind="stable", ignore_index=True)
        self._draw()
        self._drawn = (contacts, (self.as_of, self.rules))

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
