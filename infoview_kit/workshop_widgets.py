"""The workshop's widgets: the sheet and the person are picked with the mouse, never by editing
code, and every exercise redraws when either changes.

>>> ws = Workshop("data/sample_contacts.csv")    # doctest: +SKIP
>>> ws.questions()                                # doctest: +SKIP
"""

from __future__ import annotations

import base64
import html
import io
from pathlib import Path

import ipywidgets as w
import pandas as pd
import traitlets
from matplotlib.figure import Figure

from ._widget_parts import UPLOAD_LIMIT, Guarded
from .charts import plot_funnel
from .contacts import check_contacts
from .insights import funnel
from .outreach import draft_outreach, lint_outreach
from .plan_widgets import WeeklyPlanner
from .questions import asked_before, suggest_questions
from .waiting import reply_chance
from .workshop import (
    default_person,
    follow_up_view,
    person_label,
    question_view,
    rates_view,
)

__all__ = [
    "BAD_REQUEST",
    "ExerciseView",
    "QuestionExercise",
    "RequestExercise",
    "SheetPicker",
    "WeekExercise",
    "Workshop",
]

BAD_REQUEST = (
    "Hello, I am looking for a job in data science. Are you hiring?\n"
    "Could we meet for an hour next Tuesday at 9? I have a degree in statistics and I have "
    "done many projects and I think my experience would be a great fit."
)


def _full() -> w.Layout:
    # no width: 100%, which with a widget's margins is wider than its box
    return w.Layout(max_width="1000px")


def _wrap() -> w.Layout:
    return w.Layout(flex_flow="row wrap", width="100%", max_width="1000px")


_STYLE = {"description_width": "initial"}


def _funnel_image(contacts: pd.DataFrame) -> str:
    """The funnel chart as an <img> with a text alternative (no pyplot state is touched)."""
    figure = Figure(figsize=(7, 3.5))
    plot_funnel(contacts, ax=figure.subplots())
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=96, bbox_inches="tight")
    stages = ", ".join(f"{k}: {int(v)}" for k, v in funnel(contacts).items())
    alt = f"Funnel chart of this sheet. {stages}" if stages else "Funnel chart of this sheet."
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return (
        f"<img alt='{html.escape(alt)}' src='data:image/png;base64,{data}' "
        "style='max-width:100%;height:auto'>"
    )


class Workshop(traitlets.HasTraits):
    """The sheet the group works on and the person picked, shared by every exercise.

    Parameters
    ----------
    contacts_path
        The sheet to start with (any file the loader reads); participants may upload their own.
    **check_options
        As for :func:`~infoview_kit.check_contacts`.
    """

    contacts = traitlets.Instance(pd.DataFrame)
    person = traitlets.Any(None, allow_none=True)
    source = traitlets.Unicode("")

    def __init__(self, contacts_path: object, **check_options):
        report = check_contacts(contacts_path, **check_options)
        super().__init__(contacts=report.contacts, source=_first_line(report))
        self.person = default_person(self.contacts)

    def use(self, data: bytes, filename: str) -> None:
        """Work on an uploaded sheet from now on; the person is picked afresh."""
        upload = io.BytesIO(data)
        upload.name = filename
        report = check_contacts(upload)
        self.person = None
        self.source = _first_line(report)
        self.contacts = report.contacts
        self.person = default_person(self.contacts)

    @property
    def contact(self) -> pd.Series | None:
        """The picked person's row, or None."""
        if self.person is None or self.person not in self.contacts.index:
            return None
        return self.contacts.loc[self.person]

    def sheet_picker(self) -> SheetPicker:
        return SheetPicker(self)

    def funnel(self) -> ExerciseView:
        return ExerciseView(
            self,
            lambda ws: _funnel_image(ws.contacts) + str(rates_view(ws.contacts)),
            for_person=False,
        )

    def follow_ups(self) -> ExerciseView:
        return ExerciseView(self, lambda ws: str(follow_up_view(ws.contacts)), for_person=False)

    def questions(self) -> QuestionExercise:
        return QuestionExercise(self)

    def request(self) -> RequestExercise:
        return RequestExercise(self)

    def week(self) -> WeekExercise:
        return WeekExercise(self)


def _first_line(report) -> str:
    """ "sample_contacts.csv (150 contacts)": which sheet, in a few words."""
    sources = report.source if isinstance(report.source, (list, tuple)) else [report.source]
    names = ", ".join(Path(str(source)).name for source in sources)
    return f"{names} ({len(report.contacts)} contacts)"


class ExerciseView(Guarded):
    """An HTML view redrawn whenever the sheet (or one of ``inputs``) changes, and the person
    too when ``for_person``: a view of the whole sheet is not redrawn for each pick."""

    def __init__(
        self, ws: Workshop, render, inputs: tuple[w.Widget, ...] = (), top=(), for_person=True
    ):
        self._init_error()
        self.ws, self.render = ws, render
        self.view = w.HTML(layout=_full())
        watched = ["contacts", "person"] if for_person else ["contacts"]
        ws.observe(lambda change: self._safely(self.redraw), names=watched)
        for widget in inputs:
            self._on(widget, self.redraw)
        super().__init__(children=[*top, self.error, self.view], layout=_full())
        self.add_class("ivk-workshop")
        self._safely(self.redraw)

    def redraw(self) -> None:
        self.view.value = self.render(self.ws)


class SheetPicker(Guarded):
    """Which sheet the exercises use, and a button to upload your own."""

    def __init__(self, ws: Workshop):
        self._init_error()
        self.ws = ws
        self.status = w.HTML(layout=_full())
        self.upload = w.FileUpload(
            accept=".csv,.tsv,.txt,.xlsx,.xls,.ods,.vcf", description="Use my own sheet"
        )
        self.upload.layout = w.Layout(width="auto", align_self="flex-start")
        self._on(self.upload, self._uploaded)
        ws.observe(lambda change: self._show(), names="source")
        self._show()
        super().__init__(children=[self.status, self.upload, self.error], layout=_full())
        self.add_class("ivk-workshop")

    def _show(self) -> None:
        self.status.value = f"<p><b>Working with:</b> {html.escape(self.ws.source)}</p>"

    def _uploaded(self) -> None:
        if not self.upload.value:
            return
        item = self.upload.value[0]
        if item["size"] > UPLOAD_LIMIT:
            raise ValueError(f"{item['name']} is over 50 MB; export fewer columns or rows.")
        self.ws.use(bytes(item["content"]), item["name"])


def _picker_options(contacts: pd.DataFrame) -> dict[str, object]:
    """Label -> row, one label per person (a repeated label gets the row number); the labels
    read as :func:`~infoview_kit.workshop.person_label` writes them, built column-wise since
    a LinkedIn export may hold 30,000 people."""

    def text(column: str) -> pd.Series:
        values = contacts[column].astype("object")
        return values.where(values.map(lambda v: isinstance(v, str) and v != ""), None)

    name, role, company, status = (text(c) for c in ("name", "role", "company", "status"))
    comma = pd.Series(", ", index=contacts.index).where(role.notna() & company.notna(), "")
    detail = role.fillna("") + comma + company.fillna("")
    labels = name.fillna("(no name)") + (": " + detail).where(detail != "", "")
    labels += (" (" + status + ")").fillna("")
    repeated = labels.duplicated()
    labels = labels.where(~repeated, labels + " [row " + contacts.index.astype(str) + "]")
    return dict(zip(labels, contacts.index))


class QuestionExercise(ExerciseView):
    """Exercise 3: type to find a person, choose the length and the goal, see the questions."""

    def __init__(self, ws: Workshop):
        self.ws = ws
        self.picker = w.Combobox(
            placeholder="Type a name or a company",
            description="Person",
            ensure_option=True,
            style=_STYLE,
            layout=w.Layout(width="95%", max_width="700px"),  # room for the label
        )
        self.minutes = w.Dropdown(
            options=[("15 minutes", 15), ("20 minutes", 20), ("30 minutes", 30), ("45", 45)],
            value=30,
            description="Meeting length",
            style=_STYLE,
        )
        self.goal = w.Dropdown(
            options=[
                ("Explore a field", "explore"),
                ("Research an employer", "research"),
                ("Look for openings (later)", "job-search"),
            ],
            value="explore",
            description="Your goal",
            style=_STYLE,
        )
        self._labels: dict[str, object] = {}
        ws.observe(lambda change: self._fill_picker(), names=["contacts", "person"])
        self.picker.observe(lambda change: self._picked(), names="value")
        self._fill_picker()
        top = (self.picker, w.HBox([self.minutes, self.goal], layout=_wrap()))
        super().__init__(ws, self._render, inputs=(self.minutes, self.goal), top=top)

    def _fill_picker(self) -> None:
        self._labels = _picker_options(self.ws.contacts)
        self.picker.options = tuple(self._labels)
        current = next((k for k, v in self._labels.items() if v == self.ws.person), "")
        if self.picker.value != current:
            self.picker.value = current

    def _picked(self) -> None:
        if self.picker.value in self._labels:
            self.ws.person = self._labels[self.picker.value]

    def _render(self, ws: Workshop) -> str:
        contact = ws.contact
        plan = suggest_questions(
            contact,
            goal=self.goal.value,
            minutes=self.minutes.value,
            exclude=asked_before(contact) if contact is not None else (),  # a second talk
        )
        who = "a general plan" if contact is None else person_label(contact)
        lead = f"<h4>{len(plan)} questions for {html.escape(who)}</h4>"
        return lead + str(question_view(plan))


class RequestExercise(ExerciseView):
    """Exercise 4: edit a weak request and see the checker's findings; the kit's draft for the
    person picked in exercise 3 to compare."""

    def __init__(self, ws: Workshop):
        self.draft = w.Textarea(
            value=BAD_REQUEST, description="Your draft", style=_STYLE, layout=_full(), rows=6
        )
        self.me = w.Text(
            placeholder="e.g. Jordan Lee", description="Your name", style=_STYLE, layout=_full()
        )
        top = (self.draft, self.me)
        super().__init__(ws, self._render, inputs=(self.draft, self.me), top=top)

    def _render(self, ws: Workshop) -> str:
        contact = ws.contact
        findings = lint_outreach(self.draft.value, contact=contact)
        if findings:
            items = "".join(
                f"<li>{html.escape(f.message)} {html.escape(f.suggestion)}</li>" for f in findings
            )
            checked = f"<p><b>The checker found {len(findings)}:</b></p><ul>{items}</ul>"
        else:
            checked = "<p><b>The checker found nothing to change.</b></p>"
        if contact is None:
            return checked
        me = {"name": self.me.value.strip(), "status": "final-year student"}
        ours = draft_outreach(contact, me=me).email
        return (
            checked + f"<p><b>The kit's draft to {html.escape(str(contact['name']))}:</b></p>"
            "<div style='white-space:pre-line;overflow-wrap:anywhere;border-left:3px solid #ccc;"
            f"padding-left:8px'>{html.escape(ours)}</div>"
        )


class WeekExercise(Guarded):
    """Exercise 5: the app's weekly planner on the workshop's sheet (the time you have and your
    weekly goal in, next week's plan and its downloads out), and whether waiting still pays."""

    def __init__(self, ws: Workshop):
        self._init_error()
        self.ws = ws
        self.planner = WeeklyPlanner(ws.contacts, minutes=90, weekly_goal=3)
        self.planner.table.layout = _full()  # the notebook's margins, as every exercise's view
        self.chance = w.HTML(layout=_full())
        ws.observe(lambda change: self._safely(self.redraw), names="contacts")
        super().__init__(children=[self.planner, self.chance, self.error], layout=_full())
        self.add_class("ivk-workshop")
        self._safely(self._show_chance)

    def redraw(self) -> None:
        self.planner.set_contacts(self.ws.contacts)
        self._show_chance()

    def _show_chance(self) -> None:
        words = reply_chance(self.ws.contacts, waited=7).words
        self.chance.value = f"<p><b>Still worth waiting?</b> {html.escape(words)}</p>"
