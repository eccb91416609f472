"""Widgets that write to people: :class:`OutreachDrafter` (a request, checked as you edit
it against the guides' rules) and :class:`ThankYouNote` (a thank-you and its reminders).

Both keep your edits, per person (and kind of message), until you ask for a fresh draft.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

import ipywidgets as w
import pandas as pd

from ._widget_parts import STYLE as _STYLE
from ._widget_parts import WIDE as _WIDE
from ._widget_parts import ContactFinder, contact_options, next_to_ask
from ._widget_parts import Guarded as _Guarded
from ._widget_parts import classes as _classes
from .outreach import Me, draft_outreach, draft_thanks, lint_outreach

__all__ = ["OutreachDrafter", "ThankYouNote"]


def _findings_html(found: list, size: str) -> str:
    if not found:
        return f"<p style='color:#00734d'>&#10003; Follows the guides ({size}).</p>"
    items = "".join(
        f"<li><b>{html.escape(f.message)}</b> {html.escape(f.suggestion)}</li>" for f in found
    )
    return f"<p>{len(found)} thing(s) to mend ({size}):</p><ul>{items}</ul>"


class _Editable(_Guarded):
    """A drafted text the person may edit: edits are kept, per person and kind, until they
    ask for a fresh draft; new details (their name, another kind) only redraw what they
    have not touched."""

    def _init_text(self, description: str, fresh: str) -> None:
        self._edits: dict[tuple, str] = {}
        self._drafted = ""
        self.text = w.Textarea(
            description=description,
            rows=12,
            style=_STYLE,
            layout=w.Layout(width="100%", max_width="720px"),
        )
        self.fresh = w.Button(
            description=fresh,
            icon="refresh",
            tooltip="Throw away your edits and draft again",
            layout=w.Layout(width="auto"),
        )
        self.kept_note = w.HTML()
        self.fresh.on_click(lambda _: self._safely(self._fresh))

    def _key(self) -> tuple:
        raise NotImplementedError

    def _write(self) -> str:
        raise NotImplementedError

    def _checked(self) -> None:
        """What follows a change of the text (checks, counts)."""

    def _draft(self) -> None:
        """Show the draft for the person and kind on show, or the edits made to it."""
        self._drafted = self._write()
        text = self._edits.get(self._key(), self._drafted)
        if self.text.value == text:
            self._edited()
        self.text.value = text

    def _edited(self) -> None:
        if self.text.value != self._drafted:
            self._edits[self._key()] = self.text.value
        else:
            self._edits.pop(self._key(), None)
        edited = self._key() in self._edits
        self.kept_note.value = (
            "<p style='color:#555'>Your edits are kept; "
            f"&ldquo;{html.escape(self.fresh.description)}&rdquo; starts again.</p>"
            if edited
            else ""
        )
        self._checked()

    def _fresh(self) -> None:
        self._edits.pop(self._key(), None)
        self._draft()


class OutreachDrafter(_Editable):
    """Draft a request and see, as you edit it, how it fares against the guides' rules.

    It starts on the next person to ask (see :func:`~infoview_kit._widget_parts.next_to_ask`).
    Your edits are kept, per person and per kind of message, until you press "Fresh draft".
    """

    def __init__(self, contacts: pd.DataFrame, me: Me | Mapping | None = None):
        self.contacts = contacts
        self._me = Me.of(me)
        self._init_error()
        self.finder = ContactFinder("Contact")
        self.finder.set_options(contact_options(contacts), default=next_to_ask(contacts))
        self.contact = self.finder.dropdown
        self.kind = w.ToggleButtons(
            options=[("E-mail", "email"), ("LinkedIn note", "linkedin")],
            value="email",
            description="Form",
            style=_STYLE,
        )
        self._init_text("Request", "Fresh draft")
        self.findings = w.HTML()
        self.found: list = []
        self._on(self.contact, self._draft)
        self._on(self.kind, self._draft)
        self._on(self.text, self._edited)
        super().__init__(
            children=[
                self.finder,
                self.kind,
                self.text,
                w.HBox([self.fresh, self.kept_note], layout=w.Layout(flex_flow="row wrap")),
                self.findings,
                self.error,
            ]
        )
        _classes(
            self,
            "ivk-drafter",
            contact=self.contact,
            find=self.finder.find,
            kind=self.kind,
            text=self.text,
            fresh=self.fresh,
            findings=self.findings,
        )
        if len(contacts):
            self._safely(self._draft)

    @property
    def me(self) -> Me:
        return self._me

    @me.setter
    def me(self, me: Me | Mapping | None) -> None:
        """New details about you redraw the drafts you have not edited."""
        self._me = Me.of(me)
        if len(self.contacts):
            self._safely(self._draft)

    def set_contacts(self, contacts: pd.DataFrame) -> None:
        """Show another version of the contacts (after a change was logged or undone)."""
        self.contacts = contacts
        self.finder.set_options(contact_options(contacts), default=next_to_ask(contacts))

    @property
    def selected(self) -> pd.Series | None:
        return None if self.contact.value is None else self.contacts.loc[self.contact.value]

    def _key(self) -> tuple:
        return (self.contact.value, self.kind.value)

    def _write(self) -> str:
        drafted = draft_outreach(self.selected, me=self._me)
        return drafted.email if self.kind.value == "email" else drafted.linkedin

    def _checked(self) -> None:
        self.found = lint_outreach(self.text.value, contact=self.selected, kind=self.kind.value)
        size = (
            f"{len(self.text.value)} characters"
            if self.kind.value == "linkedin"
            else f"{len(self.text.value.split())} words"
        )
        self.findings.value = _findings_html(self.found, size)


def _last_met(contacts: pd.DataFrame):
    """Whom to thank: the latest conversation not thanked yet, else the latest one."""
    met = contacts[contacts["met_on"].notna()]
    if not len(met):
        return None
    waiting = met[met["thanked_on"].isna()]
    chosen = waiting if len(waiting) else met
    return chosen["met_on"].idxmax()


class ThankYouNote(_Editable):
    """A thank-you after a conversation: what you learnt, their advice and the people they
    suggested go into the note; the reminders that go with it are listed below.

    It starts on the latest conversation without a thank-you; edits are kept, per person,
    until you press "Fresh note".
    """

    def __init__(self, contacts: pd.DataFrame, me: Me | Mapping | None = None):
        self.contacts = contacts
        self._me = Me.of(me)
        self._init_error()
        self.finder = ContactFinder("Who you met")
        self.finder.set_options(contact_options(contacts), default=_last_met(contacts))
        self.contact = self.finder.dropdown
        self.takeaway = w.Text(
            description="You learnt",
            placeholder="one thing you will take away",
            style=_STYLE,
            layout=_WIDE,
            continuous_update=False,
        )
        self.advice = w.Text(
            description="Their advice",
            placeholder="default: advice in your notes on them",
            style=_STYLE,
            layout=_WIDE,
            continuous_update=False,
        )
        self.referrals = w.Text(
            description="They suggested",
            placeholder="names, separated by commas",
            style=_STYLE,
            layout=_WIDE,
            continuous_update=False,
        )
        self._init_text("Thank-you", "Fresh note")
        self.reminders = w.HTML()
        for control in (self.contact, self.takeaway, self.advice, self.referrals):
            self._on(control, self._draft)
        self._on(self.text, self._edited)
        super().__init__(
            children=[
                self.finder,
                self.takeaway,
                self.advice,
                self.referrals,
                self.text,
                w.HBox([self.fresh, self.kept_note], layout=w.Layout(flex_flow="row wrap")),
                self.reminders,
                self.error,
            ]
        )
        _classes(self, "ivk-thanks", contact=self.contact, text=self.text, fresh=self.fresh)
        if len(contacts):
            self._safely(self._draft)

    me = OutreachDrafter.me
    selected = OutreachDrafter.selected

    def set_contacts(self, contacts: pd.DataFrame) -> None:
        """Show another version of the contacts (after a change was logged or undone)."""
        self.contacts = contacts
        self.finder.set_options(contact_options(contacts), default=_last_met(contacts))

    def _key(self) -> tuple:
        return (self.contact.value,)

    def _thanks(self):
        names = [n.strip() for n in self.referrals.value.split(",") if n.strip()]
        return draft_thanks(
            self.selected,
            takeaways=self.takeaway.value,
            me=self._me,
            referrals=names,
            advice=self.advice.value.strip() or None,
        )

    def _write(self) -> str:
        thanks = self._thanks()
        items = "".join(f"<li>{html.escape(r)}</li>" for r in thanks.reminders)
        self.reminders.value = f"<p><b>Then:</b></p><ul>{items}</ul>"
        return thanks.text
