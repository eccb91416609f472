"""The coach-led workshop: its agenda, and what each exercise shows for any sheet.

The widgets the session is run with are in :mod:`infoview_kit.workshop_widgets`.

The workshop notebook only calls these. Every table is escaped HTML written for people: rates
as whole percentages with the range they are likely in, dates in words, no ``True``/``False``,
and questions shown in full (a question cut at fifty characters is no use in an exercise about
questions). Everything works on a sheet with no outreach yet, such as a bare LinkedIn export.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

from .followups import follow_ups
from .insights import response_rates
from .questions import TIARA_WORDS
from .views import HTML

__all__ = [
    "AGENDA",
    "Part",
    "agenda_table",
    "default_person",
    "follow_up_table",
    "person_label",
    "question_table",
    "rates_table",
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


def agenda_table(agenda: tuple[Part, ...] = AGENDA) -> HTML:
    """The agenda as a table: start and end time, minutes, part and how the group works."""
    rows, start = [], 0
    for part in agenda:
        end = start + part.minutes
        rows.append(
            f"<tr><td>{_clock(start)}&ndash;{_clock(end)}</td><td>{part.minutes} min</td>"
            f"<td>{html.escape(part.title)}</td><td>{html.escape(part.format)}</td></tr>"
        )
        start = end
    head = "<tr><th>When</th><th>Length</th><th>Part</th><th>How</th></tr>"
    foot = f"<p>Total: {start} minutes.</p>"
    return HTML(_table(head, rows, "ivk-agenda") + foot)


_CELL = (
    "text-align:left;vertical-align:top;white-space:normal;overflow-wrap:anywhere;padding:4px 8px"
)


def _table(head: str, rows: list[str], css_class: str) -> str:
    """A left-aligned table whose cells wrap: nothing is cut off, even 400 pixels wide."""
    style = (
        f"<style>.{css_class} th, .{css_class} td {{{_CELL}}} "
        f".{css_class} {{border-collapse:collapse;max-width:100%;table-layout:auto;margin:0}} "
        f".{css_class} tr {{border-bottom:1px solid #ddd}}</style>"
    )
    return (
        f"{style}<table class='{css_class}'><thead>{head}</thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _percent(value: float) -> str:
    return f"{round(100 * value)}%"


def rates_table(contacts: pd.DataFrame, by: str = "source", *, as_of: object = None) -> HTML:
    """Who answers: per ``by`` group, requests, answers and the answer rate as a percentage,
    with the range it is likely in (95%) said in words."""
    rates = response_rates(contacts, by=by, as_of=as_of)
    rates = rates[rates["contacted"] > 0]
    if rates.empty:
        return HTML(
            "<p><em>No requests are recorded in this sheet yet, so there is no answer rate to "
            "read. Pair up with someone whose sheet has some, or use the sample.</em></p>"
        )
    rows = []
    for group, row in rates.sort_values("rate", ascending=False).iterrows():
        asked, answered = int(row["contacted"]), int(row["responded"])
        few = " (few requests: a rough guide)" if asked < 10 else ""
        rows.append(
            f"<tr><td>{html.escape(str(group))}</td><td>{asked}</td><td>{answered}</td>"
            f"<td>{_percent(row['rate'])}</td><td>likely between {_percent(row['low'])} and "
            f"{_percent(row['high'])}{few}</td></tr>"
        )
    head = (
        f"<tr><th>{html.escape(by.replace('_', ' ').capitalize())}</th><th>Asked</th>"
        "<th>Answered</th><th>Answer rate</th><th>Range</th></tr>"
    )
    return HTML(_table(head, rows, "ivk-rates"))


def _day(value: object) -> str:
    return "" if pd.isna(value) else pd.Timestamp(value).strftime("%a\u00a0%d\u00a0%b")


def follow_up_table(contacts: pd.DataFrame, *, as_of: object = None, limit: int = 10) -> HTML:
    """The follow-ups due, most urgent first: who, what to do, when (overdue said in words)
    and why; a long list ends with "and N more"."""
    due = follow_ups(contacts, as_of=as_of)
    if due.empty:
        return HTML(
            "<p><em>No follow-ups are due: this sheet records no requests or meetings waiting "
            "for a next step.</em></p>"
        )
    today = pd.Timestamp.now() if as_of is None else pd.Timestamp(as_of)
    rows = []
    for item in due.head(limit).itertuples(index=False):
        late = (today.normalize() - pd.Timestamp(item.due).normalize()).days
        when = f"overdue since {_day(item.due)}" if late > 0 else f"due {_day(item.due)}"
        company = "" if pd.isna(item.company) else str(item.company)
        rows.append(
            f"<tr><td>{html.escape(str(item.name))}</td><td>{html.escape(company)}</td>"
            f"<td>{html.escape(str(item.action))}</td><td>{when}</td>"
            f"<td>{html.escape(str(item.reason))}</td></tr>"
        )
    head = "<tr><th>Who</th><th>Company</th><th>What to do</th><th>When</th><th>Why</th></tr>"
    more = f"<p>... and {len(due) - limit} more.</p>" if len(due) > limit else ""
    overdue = int(due["overdue"].sum())
    lead = f"<p>{len(due)} follow-ups due, {overdue} of them overdue.</p>"
    return HTML(lead + _table(head, rows, "ivk-followups") + more)


def question_table(questions: pd.DataFrame) -> HTML:
    """The questions in full, numbered in the order to ask them, with their TIARA part in
    plain words and why each was chosen."""
    if questions.empty:
        return HTML("<p><em>No questions left to suggest.</em></p>")
    rows = []
    for number, item in enumerate(questions.itertuples(index=False), start=1):
        part = TIARA_WORDS.get(str(getattr(item, "tiara", "")), "")
        rows.append(
            f"<tr><td>{number}</td><td>{html.escape(str(item.question))}</td>"
            f"<td>{html.escape(part)}</td><td>{html.escape(str(item.reason))}</td></tr>"
        )
    head = "<tr><th>#</th><th>Question</th><th>Kind</th><th>Why this one</th></tr>"
    return HTML(_table(head, rows, "ivk-questions"))


def person_label(contact: pd.Series) -> str:
    """ "Ana Díaz: Analyst, Northwind (met)": how a person shows in the picker."""
    name = contact.get("name")
    label = str(name) if isinstance(name, str) and name else "(no name)"
    detail = ", ".join(
        str(contact.get(k)) for k in ("role", "company") if isinstance(contact.get(k), str)
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
