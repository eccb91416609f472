"""What the notebooks show: small, escaped HTML views over the package's functions.

The notebooks only call these (and the ``plot_*`` functions), so everything they display is
tested here. Every piece of text that comes from a spreadsheet is HTML-escaped: a contact named
``<script>`` shows as text.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from . import insights
from .contacts import ContactsReport, check_contacts
from .followups import follow_ups
from .plan import plan_summary, weekly_plan
from .questions import suggest_questions
from .waiting import reply_chance, reply_times

__all__ = [
    "HTML",
    "NetworkReport",
    "headline_figures",
    "plan_table",
    "table",
]


@dataclass
class HTML:
    """Trusted HTML made by this module (all spreadsheet text inside is escaped)."""

    body: str

    def _repr_html_(self) -> str:
        return self.body

    def __str__(self) -> str:
        return self.body


def table(
    frame: pd.DataFrame,
    *,
    empty: str = "Nothing to show.",
    dates: str = "%d %b %Y",
    max_rows: int = 200,
) -> HTML:
    """An escaped HTML table with dates written for people; ``empty`` when there are no rows."""
    if frame is None or len(frame) == 0:
        return HTML(f"<p><em>{html.escape(empty)}</em></p>")
    shown = frame.head(max_rows).copy()
    for column in shown.columns:
        if pd.api.types.is_datetime64_any_dtype(shown[column]):
            shown[column] = shown[column].dt.strftime(dates).fillna("")
        elif pd.api.types.is_float_dtype(shown[column]):
            shown[column] = shown[column].round(2)
    body = shown.to_html(index=False, escape=True, na_rep="", border=0, classes="ivk-table")
    more = f"<p>... and {len(frame) - max_rows} more.</p>" if len(frame) > max_rows else ""
    return HTML(body + more)


def plan_table(plan: pd.DataFrame) -> HTML:
    """A weekly plan as escaped HTML: what is planned and for how long, a table of the
    blocks, then what did not fit.

    Parameters
    ----------
    plan
        :func:`~infoview_kit.weekly_plan`'s output.

    Returns
    -------
    HTML
        Every name, company and reason from the sheet is escaped.
    """
    summary = f"<p>{html.escape(plan_summary(plan))}</p>"
    shown = plan.rename(columns={"action": "what", "name": "who"})
    # non-breaking spaces keep "Mon 02 Nov" on one line in a narrow column
    day = "%a\u00a0%d\u00a0%b"
    body = table(shown, empty="Nothing to plan this week.", dates=day).body
    left = plan.attrs.get("left_over")
    if left is not None and len(left):
        shown = left.rename(columns={"action": "what", "name": "who"})
        body += f"<h4>Did not fit this week ({len(left)})</h4>" + table(shown, max_rows=10).body
    # sentences read better aligned left than in the numbers' right alignment
    style = "<style>.ivk-plan th, .ivk-plan td {text-align: left !important}</style>"
    return HTML(f"{style}<div class='ivk-plan'>{summary}{body}</div>")


def headline_figures(contacts: pd.DataFrame, *, as_of: object = None) -> dict:
    """The figures a report opens with (also the batch summary's columns)."""
    stages = insights.funnel(contacts, as_of=as_of)
    due = follow_ups(contacts, as_of=as_of)
    rate = stages["responded"] / stages["contacted"] if stages["contacted"] else np.nan
    return {
        "contacts": int(stages["listed"]),
        "contacted": int(stages["contacted"]),
        "responded": int(stages["responded"]),
        "response_rate": float(rate),
        "met": int(stages["met"]),
        "thanked": int(stages["thanked"]),
        "follow_ups_due": int(len(due)),
        "follow_ups_overdue": int(due["overdue"].sum()) if len(due) else 0,
    }


@dataclass
class NetworkReport:
    """One person's network report: the loaded sheet and the views the notebook displays.

    Parameters
    ----------
    contacts_path
        The contacts spreadsheet.
    owner
        Whose report it is (default: the file name).
    as_of
        The day the report describes (default: today).
    read_options
        What else ``check_contacts`` takes (dayfirst, sheet, columns); a list of paths is one
        network.
    """

    contacts_path: str | Path | list
    owner: str = ""
    as_of: object = None
    read_options: dict = field(default_factory=dict)
    report: ContactsReport = field(init=False)

    def __post_init__(self) -> None:
        self.as_of = insights.as_timestamp(self.as_of or None)
        self.report = check_contacts(self.contacts_path, **self.read_options)
        if not self.owner:
            first = self.contacts_path
            if isinstance(first, list | tuple):
                first = first[0]
            self.owner = Path(str(first)).stem.replace("_", " ").title()

    @property
    def contacts(self) -> pd.DataFrame:
        return self.report.contacts

    def headline(self) -> HTML:
        f = headline_figures(self.contacts, as_of=self.as_of)
        rate = "n/a" if np.isnan(f["response_rate"]) else f"{f['response_rate']:.0%}"
        cards = [
            ("contacts in the sheet", f["contacts"]),
            ("asked for a conversation", f["contacted"]),
            ("answered (share of those asked)", f"{f['responded']} ({rate})"),
            ("conversations held", f["met"]),
            ("thank-yous sent", f["thanked"]),
            ("follow-ups due", f"{f['follow_ups_due']} ({f['follow_ups_overdue']} overdue)"),
        ]
        items = "".join(
            f"<div style='display:inline-block;margin:0 1.5em 0.8em 0'><div style='font-size:1.6em;"
            f"font-weight:600'>{html.escape(str(v))}</div><div>{html.escape(k)}</div></div>"
            for k, v in cards
        )
        return HTML(
            f"<h2>Networking report: {html.escape(self.owner)}</h2>"
            f"<p>As of {self.as_of:%A %d %B %Y}, from <code>"
            f"{html.escape(Path(str(self.contacts_path)).name)}</code>.</p><div>{items}</div>"
        )

    def rates(self, by: str) -> HTML:
        rates = insights.response_rates(self.contacts, by=by, as_of=self.as_of).reset_index()
        rates = rates.rename(columns={"low": "low (95%)", "high": "high (95%)"})
        return table(rates, empty="No requests sent yet.")

    def reply_times(self) -> HTML:
        s = insights.response_time_summary(self.contacts, as_of=self.as_of)
        if not s["replied"]:
            return HTML("<p><em>No replies with dates yet.</em></p>")
        return HTML(
            f"<p>{int(s['replied'])} people replied, after a median of {s['median_days']:g} days; "
            f"{s['within_3_business_days']:.0%} within 3 business days. {int(s['no_reply'])} "
            "have not replied.</p>"
        )

    def follow_ups(self) -> HTML:
        due = follow_ups(self.contacts, as_of=self.as_of)
        return table(due, empty="Nothing is due: well done.")

    def week(self, *, minutes: int = 120, weekly_goal: int = 5) -> HTML:
        """The plan for the seven days from ``as_of`` (:func:`~infoview_kit.weekly_plan`)."""
        plan = weekly_plan(
            self.contacts, minutes=minutes, as_of=self.as_of, weekly_goal=weekly_goal
        )
        return plan_table(plan)

    def still_waiting(self, waited: tuple[int, ...] = (3, 7, 14)) -> HTML:
        """ "Is it still worth waiting?" in words, for requests unanswered after each of
        ``waited`` days (:func:`~infoview_kit.reply_chance`)."""
        times = reply_times(self.contacts, as_of=self.as_of)
        words = [reply_chance(self.contacts, days, times=times).words for days in waited]
        items = "".join(f"<li>{html.escape(text)}</li>" for text in words)
        return HTML(f"<ul>{items}</ul>")

    def next_meeting(self) -> HTML:
        """Questions for the next scheduled conversation (after ``as_of``)."""
        met_on = self.contacts["met_on"]
        upcoming = self.contacts[met_on.notna() & (met_on >= self.as_of)].sort_values("met_on")
        if upcoming.empty:
            return HTML("<p><em>No conversation scheduled after this date.</em></p>")
        contact = upcoming.iloc[0]
        plan = suggest_questions(contact, minutes=30)
        items = "".join(f"<li>{html.escape(q)}</li>" for q in plan["question"])
        who = html.escape(str(contact["name"]))
        where = html.escape(str(contact["company"])) if pd.notna(contact["company"]) else ""
        return HTML(
            f"<p>Next: <b>{who}</b>{' at ' + where if where else ''}, on "
            f"{contact['met_on']:%A %d %B %Y}.</p><ol>{items}</ol>"
        )

    def problems(self) -> HTML:
        notes = "".join(f"<li>{html.escape(n)}</li>" for n in self.report.notes)
        note_block = f"<ul>{notes}</ul>" if notes else ""
        return HTML(
            note_block + table(self.report.problems, empty="No problems found in the sheet.").body
        )
