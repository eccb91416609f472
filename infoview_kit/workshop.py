"""The coach-led workshop: its agenda, and what each exercise shows for any sheet.

The widgets the session is run with are in :mod:`infoview_kit.workshop_widgets`.

The workshop notebook only calls these. Every view is escaped HTML written for people: rates
as whole percentages with the range they are likely in, dates in words, no ``True``/``False``,
and questions shown in full (a question cut at fifty characters is no use in an exercise about
questions). Views are lists rather than wide tables, so they read as well on a phone as on a
projector. Everything works on a sheet with no outreach yet, such as a bare LinkedIn export.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

from .followups import follow_ups
from .insights import response_rates
from .questions import CLOSING_THEMES, TIARA_LABELS
from .views import HTML, rates_in_words

__all__ = [
    "AGENDA",
    "Part",
    "agenda_view",
    "default_person",
    "follow_up_view",
    "person_label",
    "question_view",
    "rates_view",
]


@dataclass(frozen=True)
class Part:
    """One part of the session: what happens, for how long, and how the group works."""

    title: str
    minutes: int
    format: str


AGENDA: tuple[Part, ...] = (
    Part("Welcome, goals and what an informational interview is", 7, "whole group"),
    Part("Exercise 1: read the funnel", 8, "pairs, then share"),
    Part("Exercise 2: who needs a follow-up?", 8, "pairs"),
    Part("Exercise 3: plan the questions for one person", 12, "pairs, role-play"),
    Part("Exercise 4: check a request", 10, "pairs, swap drafts"),
    Part("Exercise 5: plan your week", 10, "on your own, then pairs"),
    Part("Wrap-up: one commitment each", 5, "whole group"),
)


def _clock(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


_E = html.escape
# lists that wrap at any width; a notebook's own styles otherwise right-align or indent them
_STYLE = (
    "<style>.ivk-list {padding-left:1.4em !important;margin:0.4em 0 !important;"
    "overflow-wrap:break-word;max-width:100%} .ivk-list li {margin:0 0 0.5em !important;"
    "text-align:left !important} .ivk-list .ivk-why {color:#444;display:block}</style>"
)


def _list(items: list[str], css_class: str, *, numbered: bool = False) -> str:
    tag = "ol" if numbered else "ul"
    body = "".join(f"<li>{item}</li>" for item in items)
    return f"{_STYLE}<{tag} class='ivk-list {css_class}'>{body}</{tag}>"


def agenda_view(agenda: tuple[Part, ...] = AGENDA) -> HTML:
    """The agenda: each part with its start and end time, its minutes and how the group works."""
    items, start = [], 0
    for part in agenda:
        end = start + part.minutes
        items.append(
            f"<b>{_clock(start)}&ndash;{_clock(end)}</b> ({part.minutes} min) "
            f"{_E(part.title)} <span class='ivk-why'>{_E(part.format)}</span>"
        )
        start = end
    return HTML(_list(items, "ivk-agenda") + f"<p>Total: {start} minutes.</p>")


def rates_view(contacts: pd.DataFrame, by: str = "source", *, as_of: object = None) -> HTML:
    """Who answers, per ``by`` group, as the report says it (:func:`~infoview_kit.views.
    rates_in_words`): "23 of 27 answered (85%), likely between 68% and 94%", best first."""
    rates = response_rates(contacts, by=by, as_of=as_of)
    lead = f"<p>How often people answered, by {_E(by.replace('_', ' '))}:</p>"
    words = rates_in_words(
        rates,
        empty="No requests are recorded in this sheet yet, so there is no answer rate to read. "
        "Pair up with someone whose sheet has some, or use the sample.",
    )
    return HTML(_STYLE + lead + str(words))


def _day(value: object) -> str:
    return "" if pd.isna(value) else pd.Timestamp(value).strftime("%a\u00a0%d\u00a0%b")


def _text(value: object) -> str:
    return "" if value is None or pd.isna(value) else str(value)


def follow_up_view(contacts: pd.DataFrame, *, as_of: object = None, limit: int = 10) -> HTML:
    """The follow-ups due, most urgent first: who, what to do, when (overdue said in words)
    and why; a long list ends with "and N more"."""
    due = follow_ups(contacts, as_of=as_of)
    if due.empty:
        return HTML(
            "<p><em>No follow-ups are due: this sheet records no requests or meetings waiting "
            "for a next step.</em></p>"
        )
    today = (pd.Timestamp.now() if as_of is None else pd.Timestamp(as_of)).normalize()
    items = []
    for item in due.head(limit).itertuples(index=False):
        late = (today - pd.Timestamp(item.due).normalize()).days
        when = f"overdue since {_day(item.due)}" if late > 0 else f"due {_day(item.due)}"
        company = f" ({_E(_text(item.company))})" if _text(item.company) else ""
        items.append(
            f"<b>{_E(_text(item.name))}</b>{company}: {_E(_text(item.action))}, {when}"
            f"<span class='ivk-why'>{_E(_text(item.reason))}</span>"
        )
    more = f"<p>... and {len(due) - limit} more.</p>" if len(due) > limit else ""
    overdue = int(due["overdue"].sum())
    lead = f"<p>{len(due)} follow-ups due, {overdue} of them overdue.</p>"
    return HTML(lead + _list(items, "ivk-followups") + more)


def question_view(questions: pd.DataFrame) -> HTML:
    """The questions in full, numbered in the order to ask them, each with its TIARA part in
    plain words and why it was chosen."""
    if questions.empty:
        return HTML("<p><em>No questions left to suggest.</em></p>")
    items = []
    for item in questions.itertuples(index=False):
        part = TIARA_LABELS.get(str(getattr(item, "tiara", "")), "")
        if item.theme in CLOSING_THEMES:  # the reason says what the closing asks are for
            part = "To close"
        items.append(
            f"{_E(str(item.question))}<span class='ivk-why'><i>{_E(part)}</i>. "
            f"{_E(str(item.reason))}</span>"
        )
    return HTML(_list(items, "ivk-questions", numbered=True))


def person_label(contact: pd.Series) -> str:
    """ "Ana Díaz: Analyst, Northwind (met)": how a person shows in the picker."""
    name = contact.get("name")
    label = str(name) if isinstance(name, str) and name else "(no name)"
    detail = ", ".join(
        str(contact.get(k))
        for k in ("role", "company")
        if isinstance(contact.get(k), str) and contact.get(k)
    )
    status = contact.get("status")
    label += f": {detail}" if detail else ""
    return label + (f" ({status})" if isinstance(status, str) and status else "")


def default_person(contacts: pd.DataFrame) -> object | None:
    """The row label of a good person to prepare for: someone introduced to you who has not
    met you yet, else anyone introduced, else anyone with a company; None for an empty sheet."""
    if contacts.empty:
        return None
    introduced = contacts["referred_by"].notna()
    not_met = contacts["met_on"].isna()
    for wanted in (introduced & not_met, introduced, contacts["company"].notna()):
        if wanted.any():
            return contacts.index[wanted.to_numpy()][0]
    return contacts.index[0]
