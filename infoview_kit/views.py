"""What the notebooks show: small, escaped HTML views over the package's functions.

The notebooks only call these (and the ``plot_*`` functions), so everything they display is
tested here. Every piece of text that comes from a spreadsheet is HTML-escaped: a contact named
``<script>`` shows as text.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from functools import cached_property
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
    "follow_up_list",
    "headline_figures",
    "plan_table",
    "rates_in_words",
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
    """An escaped HTML table written for people; ``empty`` when there are no rows.

    Dates are written like "08 Mar 2024", numbers rounded, yes/no for true/false and blanks
    for missing values. Each cell carries its column's name (``data-label``), so on a narrow
    page a report shows each row as a small card of "column: value" lines.
    """
    if frame is None or len(frame) == 0:
        return HTML(f"<p><em>{html.escape(empty)}</em></p>")
    shown = frame.head(max_rows)
    columns = {}
    for column in shown.columns:
        values = shown[column]
        if pd.api.types.is_datetime64_any_dtype(values):
            values = values.dt.strftime(dates)
        elif pd.api.types.is_bool_dtype(values):
            values = values.map({True: "yes", False: "no"})
        elif pd.api.types.is_float_dtype(values):
            values = values.round(2).map(lambda v: f"{v:g}", na_action="ignore")
        columns[str(column)] = [
            "" if _missing(v) else html.escape(str(v)) for v in values.astype(object)
        ]
    head = "".join(f"<th scope='col'>{html.escape(c)}</th>" for c in columns)
    labels = [html.escape(c, quote=True) for c in columns]
    rows = "".join(
        "<tr>"
        + "".join(f'<td data-label="{label}">{cell}</td>' for label, cell in zip(labels, cells))
        + "</tr>"
        for cells in zip(*columns.values())
    )
    more = f"<p>... and {len(frame) - max_rows} more.</p>" if len(frame) > max_rows else ""
    return HTML(
        f"<table class='ivk-table'><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
        + more
    )


def _missing(value: object) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # a list or an array in a cell is a value
        return False


#: Styles every report page shares: figures side by side that wrap on a phone, tables that
#: wrap their text instead of running off a narrow page, and the "Do these first" box.
REPORT_STYLE = """<style>
.ivk-cards {display: flex; flex-wrap: wrap; gap: 0.4em 1.6em; margin: 0.6em 0}
.ivk-card {min-width: 9em; max-width: 16em}
.ivk-figure {font-size: 1.6em; font-weight: 600}
.ivk-share {color: #444}
.ivk-first {border: 2px solid #0072B2; border-radius: 6px; padding: 0.3em 1em; margin: 0.8em 0}
.ivk-first h3 {margin-top: 0.4em}
.ivk-when {white-space: nowrap}
.ivk-overdue {color: #A03000; font-weight: 600}
.ivk-table th, .ivk-table td {text-align: left !important; vertical-align: top;
  overflow-wrap: break-word}
details summary {cursor: pointer; color: #005A8C}
@media (max-width: 640px) {
  .ivk-table, .ivk-table tbody, .ivk-table tr, .ivk-table td {display: block; width: 100%}
  .ivk-table thead {display: none}
  .ivk-table tr {border-bottom: 1px solid #bbb; padding: 0.3em 0}
  .ivk-table td {padding: 0.1em 0.2em !important}
  .ivk-table td:empty {display: none}
  .ivk-table td::before {content: attr(data-label) ": "; font-weight: 600}
  .ivk-table td[data-label=""]::before {content: none}
  .ivk-table td[data-label=""] {font-weight: 600}
}
</style>"""
_DAY = "%d\u00a0%b\u00a0%Y"


def rates_in_words(rates: pd.DataFrame, *, empty: str = "No requests sent yet.") -> HTML:
    """Response rates as sentences, best first: "alumni: 23 of 31 answered (74%), likely
    between 57% and 86%." The range is the 95% Wilson interval
    (:func:`~infoview_kit.response_rates`); a group asked fewer than 10 times says its rate is
    a rough guide, and a group never asked is left out.

    Parameters
    ----------
    rates
        :func:`~infoview_kit.response_rates` by a column (its index names the groups).
    empty
        What to say when nobody has been asked.

    Returns
    -------
    HTML
        A list; each group's name is escaped.
    """
    if rates is not None and len(rates):
        rates = rates[rates["contacted"] > 0].sort_values("rate", ascending=False, kind="stable")
    if rates is None or len(rates) == 0:
        return HTML(f"<p><em>{html.escape(empty)}</em></p>")
    items = "".join(
        f"<li><b>{html.escape(str(group).replace('-', ' '))}</b>: {int(row.responded)} of "
        f"{int(row.contacted)} answered ({row.rate:.0%}), likely between {row.low:.0%} and "
        f"{row.high:.0%}{' (few requests: a rough guide)' if row.contacted < 10 else ''}.</li>"
        for group, row in zip(rates.index, rates.itertuples(index=False))
    )
    return HTML(
        "<p>Each share is of the people you asked. \u201cLikely between\u201d is the range "
        "the true share plausibly lies in (95%): with few requests it is wide.</p>"
        f"<ul class='ivk-list ivk-rates'>{items}</ul>"
    )


def _follow_up_item(item) -> str:
    company = f" ({html.escape(str(item.company))})" if pd.notna(item.company) else ""
    when = f"{item.due:{_DAY}}" if pd.notna(item.due) else ""
    if item.overdue:
        when = (
            f"<span class='ivk-overdue'>overdue since <span class='ivk-when'>{when}</span></span>"
        )
    else:
        when = f"due <span class='ivk-when'>{when}</span>"
    reason = html.escape(str(item.reason)) if pd.notna(item.reason) else ""
    return f"<li><b>{html.escape(str(item.name))}</b>{company}: {when}. {reason}</li>"


def follow_up_list(due: pd.DataFrame, *, first: int = 5, shown: int = 5) -> HTML:
    """Follow-ups as people read them: a "Do these first" box, then every item by action.

    Parameters
    ----------
    due
        :func:`~infoview_kit.follow_ups`'s output.
    first
        How many of the most urgent items the box holds: overdue ones first, then by the
        action's order (thank-yous first) and by date.
    shown
        How many items each action lists before folding the rest under "and N more".

    Returns
    -------
    HTML
        Every name, company and reason is escaped.
    """
    if due is None or len(due) == 0:
        return HTML("<p><em>Nothing is due: well done.</em></p>")
    due = due.assign(_late=~due["overdue"].astype(bool))
    urgent = due.sort_values(["_late", "action", "due"], kind="stable").head(first)
    top = "".join(
        _follow_up_item(item).replace("<li>", f"<li>{html.escape(_sentence(item.action))}: ", 1)
        for item in urgent.itertuples(index=False)
    )
    body = (
        "<div class='ivk-first' role='region' aria-label='Do these first'>"
        f"<h3>Do these first</h3><ol>{top}</ol></div>"
    )
    for action, group in due.groupby("action", observed=True, sort=True):
        group = group.sort_values(["_late", "due"], kind="stable")
        late = int(group["overdue"].sum())
        count = f"{len(group)}" + (f", {late} overdue" if late else "")
        items = [_follow_up_item(item) for item in group.itertuples(index=False)]
        body += (
            f"<h3>{html.escape(_sentence(action))} ({count})</h3><ul>{''.join(items[:shown])}</ul>"
        )
        if len(items) > shown:
            body += (
                f"<details><summary>and {len(items) - shown} more</summary>"
                f"<ul>{''.join(items[shown:])}</ul></details>"
            )
    return HTML(f"<div class='ivk-follow-ups'>{body}</div>")


def _people(count: int) -> str:
    return f"{count} {'person' if count == 1 else 'people'}"


def _sentence(text: object) -> str:
    text = str(text)
    return text[:1].upper() + text[1:]


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


def headline_figures(
    contacts: pd.DataFrame,
    *,
    as_of: object = None,
    due: pd.DataFrame | None = None,
    stages: pd.Series | None = None,
) -> dict:
    """The figures a report opens with (also the batch summary's columns); ``due`` and
    ``stages`` are :func:`~infoview_kit.follow_ups` and :func:`~infoview_kit.funnel` as of the
    same day, when already worked out."""
    if stages is None:
        stages = insights.funnel(contacts, as_of=as_of)
    if due is None:
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

    @cached_property
    def due(self) -> pd.DataFrame:
        """What is due as of the report's day (:func:`~infoview_kit.follow_ups`), worked out
        once for the headline and the list."""
        return follow_ups(self.contacts, as_of=self.as_of)

    @property
    def title(self) -> str:
        """The page's title: whose report it is."""
        return f"Networking report: {self.owner}"

    def headline(self) -> HTML:
        """The report's title (the owner's name), what it reads, and the figures it opens
        with; each percentage says what it is a share of, as the funnel chart does."""
        stages = insights.funnel(self.contacts, as_of=self.as_of)
        f = headline_figures(self.contacts, as_of=self.as_of, due=self.due, stages=stages)

        def share(stage: str) -> tuple[str, str]:
            words = insights.funnel_share(stages, stage)
            return f"{stages[stage]}", words

        cards = [
            ("contacts in your sheet", f"{f['contacts']}", ""),
            ("asked for a conversation", *share("contacted")),
            ("answered", *share("responded")),
            ("conversations held", *share("met")),
            ("thank-yous sent", *share("thanked")),
            ("follow-ups due", f"{f['follow_ups_due']}", f"{f['follow_ups_overdue']} overdue"),
        ]
        items = "".join(
            f"<div class='ivk-card'><div class='ivk-figure'>{html.escape(value)}</div>"
            f"<div>{html.escape(label)}</div><div class='ivk-share'>{html.escape(note)}</div>"
            "</div>"
            for label, value, note in cards
        )
        paths = self.contacts_path
        paths = paths if isinstance(paths, list | tuple) else [paths]
        name = "</code>, <code>".join(html.escape(Path(str(p)).name) for p in paths)
        return HTML(
            f'{REPORT_STYLE}<h1 class="ivk-title">{html.escape(self.title)}</h1>'
            f"<p>As of {self.as_of:%A %d %B %Y}, from <code>{name}</code>. This report shows "
            "how your informational interviews are going: who you reached, who answered, how "
            "your network grows through introductions, and what to do next. Nothing leaves "
            f"your computer.</p><div class='ivk-cards'>{items}</div>"
        )

    def rates(self, by: str) -> HTML:
        """Who answers, by ``by``, in sentences (:func:`rates_in_words`)."""
        rates = insights.response_rates(self.contacts, by=by, as_of=self.as_of)
        return rates_in_words(rates)

    def reply_times(self) -> HTML:
        s = insights.response_time_summary(self.contacts, as_of=self.as_of)
        if not s["replied"]:
            return HTML("<p><em>No replies with dates yet.</em></p>")
        replied, waiting = int(s["replied"]), int(s["no_reply"])
        return HTML(
            f"<p>{_people(replied)} replied, after a median of {s['median_days']:g} days; "
            f"{s['within_3_business_days']:.0%} of them within 3 business days. "
            f"{_people(waiting)} {'has' if waiting == 1 else 'have'} not replied.</p>"
        )

    def follow_ups(self, *, first: int = 5, shown: int = 5) -> HTML:
        """What to do next: the most urgent actions, then all of them grouped by action
        (:func:`follow_up_list`)."""
        return follow_up_list(self.due, first=first, shown=shown)

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
