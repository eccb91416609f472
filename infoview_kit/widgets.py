"""Small ipywidgets UIs over the package's functions: no logic of their own.

- :class:`QuestionPlanner`: pick a contact, goal and meeting length; keep or drop questions;
  save a prep sheet.
- :class:`OutreachDrafter`: a drafted request beside live findings from the guides' rules.
- :class:`FollowUpBoard`: what is due, with "mark done" logging what was done.
- :class:`TrackerPanel`: log a request, reply, meeting, thank-you or note; add a contact; undo;
  save to the person's own sheet or download it updated.

Each is an ``ipywidgets.VBox``; a failing callback shows its error in the widget itself.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from pathlib import Path

import ipywidgets as w
import pandas as pd

from ._widget_parts import STYLE as _STYLE
from ._widget_parts import WIDE as _WIDE
from ._widget_parts import Guarded as _Guarded
from ._widget_parts import classes as _classes
from ._widget_parts import contact_options, download_link
from ._widget_parts import set_options as _set_options
from .outreach import Me, draft_outreach, lint_outreach, prep_sheet
from .questions import CLOSING_THEMES, THEMES, suggest_questions
from .record_widgets import FollowUpBoard, TrackerPanel

__all__ = [
    "FollowUpBoard",
    "OutreachDrafter",
    "QuestionPlanner",
    "TrackerPanel",
    "contact_options",
    "download_link",
]

_GOAL_LABELS = {
    "explore": "Explore a field",
    "research": "Research an organisation",
    "job-search": "Job search",
}


class QuestionPlanner(_Guarded):
    """Plan the questions for the next conversation.

    Parameters
    ----------
    contacts
        The canonical frame.
    me
        Who is asking (for the prep sheet's introduction): a :class:`~infoview_kit.outreach.Me`
        or a dict with name, school, field, graduation_year, status, interest.
    folder
        Where "Save prep sheet" writes; ``None`` hides saving (the app offers downloads).

    Attributes
    ----------
    contact, goal, minutes, themes
        The controls (Dropdown, Dropdown, IntSlider, SelectMultiple).
    questions
        The DataFrame of questions on show.
    """

    def __init__(
        self,
        contacts: pd.DataFrame,
        *,
        me: Me | Mapping | None = None,
        folder: str | Path | None = ".",
    ):
        self.contacts = contacts
        self.me = Me.of(me)
        self.folder = None if folder is None else Path(folder)
        self._init_error()
        self.contact = w.Dropdown(
            options=[("(no one in particular: a general plan)", None)] + contact_options(contacts),
            description="Contact",
            style=_STYLE,
            layout=_WIDE,
        )
        self.goal = w.Dropdown(
            options=[(label, goal) for goal, label in _GOAL_LABELS.items()],
            value="explore",
            description="Goal",
            style=_STYLE,
        )
        self.minutes = w.IntSlider(
            value=30,
            min=15,
            max=60,
            step=5,
            description="Minutes",
            style=_STYLE,
            continuous_update=False,
        )
        main_themes = [t for t in THEMES if t not in CLOSING_THEMES]
        self.themes = w.SelectMultiple(
            options=main_themes,
            value=tuple(main_themes),
            rows=5,
            description="Themes",
            style=_STYLE,
        )
        self.heading = w.HTML()
        self.list = w.VBox(layout=w.Layout(max_height="420px", overflow="auto", width="100%"))
        self.filename = w.Text(value="prep_sheet.md", description="Save as", style=_STYLE)
        self.save = w.Button(description="Save prep sheet", icon="save")
        self.saved = w.HTML()
        self._checks: list[w.Checkbox] = []
        self._suggested = pd.DataFrame()
        self.questions = pd.DataFrame()
        for control in (self.contact, self.goal, self.minutes):
            self._on(control, self._suggest)
        self._on(self.themes, self._show)
        self.save.on_click(lambda _: self._safely(self._save))
        _classes(
            self,
            "ivk-planner",
            contact=self.contact,
            goal=self.goal,
            minutes=self.minutes,
            themes=self.themes,
            list=self.list,
            save=self.save,
        )
        super().__init__(
            children=[
                self.contact,
                self.goal,
                self.minutes,
                self.themes,
                self.heading,
                self.list,
                w.HBox(
                    [self.filename, self.save],
                    layout=w.Layout(display="none" if self.folder is None else None),
                ),
                self.saved,
                self.error,
            ]
        )
        self._safely(self._suggest)

    def set_contacts(self, contacts: pd.DataFrame) -> None:
        """Show another version of the contacts (after a change was logged or undone)."""
        self.contacts = contacts
        general = [("(no one in particular: a general plan)", None)]
        _set_options(self.contact, general + contact_options(contacts))

    @property
    def selected(self) -> pd.Series | None:
        """The chosen contact's row, or None for a general plan."""
        return None if self.contact.value is None else self.contacts.loc[self.contact.value]

    @property
    def kept(self) -> pd.DataFrame:
        """The questions on show whose box is ticked."""
        keep = [box.value for box in self._checks]
        return self.questions[keep] if len(keep) == len(self.questions) else self.questions

    def to_markdown(self) -> str:
        """The prep sheet for the kept questions, as Markdown."""
        return prep_sheet(self.selected, self.kept, me=self.me)

    def _suggest(self) -> None:
        self._suggested = suggest_questions(
            self.selected, goal=self.goal.value, minutes=self.minutes.value
        )
        self._show()

    def _show(self) -> None:
        allowed = set(self.themes.value) | set(CLOSING_THEMES)
        self.questions = self._suggested[self._suggested["theme"].isin(allowed)].reset_index(
            drop=True
        )
        self._checks = []
        rows = []
        for number, item in enumerate(self.questions.itertuples(index=False), start=1):
            box = w.Checkbox(
                value=True,
                indent=False,
                layout=w.Layout(width="72px"),
                description="keep",
                tooltip=f"keep question {number}",
            )
            self._checks.append(box)
            text = w.HTML(
                f"<b>{number}.</b> {html.escape(item.question)} "
                f"<span style='color:#666'>[{html.escape(item.theme)}]</span>",
                layout=w.Layout(width="100%"),
            )
            rows.append(w.HBox([box, text]))
        self.list.children = rows
        who = self.selected["name"] if self.selected is not None else "a general plan"
        self.heading.value = (
            f"<h4>{len(self.questions)} questions for {html.escape(str(who))}, "
            f"{self.minutes.value} minutes</h4>"
        )

    def _save(self) -> None:
        path = self.folder / Path(self.filename.value or "prep_sheet.md").name
        path.write_text(self.to_markdown(), encoding="utf-8")
        self.saved.value = f"Saved {html.escape(str(path))}"


class OutreachDrafter(_Guarded):
    """Draft a request and see, as you edit it, how it fares against the guides' rules."""

    def __init__(self, contacts: pd.DataFrame, me: Me | Mapping | None = None):
        self.contacts = contacts
        self.me = Me.of(me)
        self._init_error()
        self.contact = w.Dropdown(
            options=contact_options(contacts), description="Contact", style=_STYLE, layout=_WIDE
        )
        self.kind = w.ToggleButtons(
            options=[("E-mail", "email"), ("LinkedIn note", "linkedin")],
            value="email",
            description="Form",
            style=_STYLE,
        )
        self.text = w.Textarea(
            description="Request",
            rows=12,
            style=_STYLE,
            layout=w.Layout(width="100%", max_width="720px"),
        )
        self.findings = w.HTML()
        self.found: list = []
        self._on(self.contact, self._draft)
        self._on(self.kind, self._draft)
        self._on(self.text, self._lint)
        super().__init__(children=[self.contact, self.kind, self.text, self.findings, self.error])
        _classes(
            self,
            "ivk-drafter",
            contact=self.contact,
            kind=self.kind,
            text=self.text,
            findings=self.findings,
        )
        if len(contacts):
            self._safely(self._draft)

    def set_contacts(self, contacts: pd.DataFrame) -> None:
        """Show another version of the contacts (after a change was logged or undone)."""
        self.contacts = contacts
        _set_options(self.contact, contact_options(contacts))

    @property
    def selected(self) -> pd.Series | None:
        return None if self.contact.value is None else self.contacts.loc[self.contact.value]

    def _draft(self) -> None:
        drafted = draft_outreach(self.selected, me=self.me)
        self.text.value = drafted.email if self.kind.value == "email" else drafted.linkedin
        self._lint()

    def _lint(self) -> None:
        self.found = lint_outreach(self.text.value, contact=self.selected, kind=self.kind.value)
        size = (
            f"{len(self.text.value)} characters"
            if self.kind.value == "linkedin"
            else f"{len(self.text.value.split())} words"
        )
        if not self.found:
            self.findings.value = (
                f"<p style='color:#00734d'>&#10003; Follows the guides ({size}).</p>"
            )
            return
        items = "".join(
            f"<li><b>{html.escape(f.message)}</b> {html.escape(f.suggestion)}</li>"
            for f in self.found
        )
        self.findings.value = f"<p>{len(self.found)} thing(s) to mend ({size}):</p><ul>{items}</ul>"
