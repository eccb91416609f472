"""Small ipywidgets UIs over the package's functions: no logic of their own.

- :class:`QuestionPlanner`: pick a contact, goal and meeting length; keep or drop questions;
  save a prep sheet.
- :class:`OutreachDrafter`: a drafted request beside live findings from the guides' rules.
- :class:`ThankYouNote`: a thank-you after a conversation, with the reminders that go with it.
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
import traitlets
from ipywidgets.widgets.widget_bool import CheckboxStyle, ToggleButtonStyle  # not exported
from ipywidgets.widgets.widget_string import HTMLStyle

from ._widget_parts import STYLE as _STYLE
from ._widget_parts import ContactFinder, close_tree, contact_options, download_link
from ._widget_parts import Guarded as _Guarded
from ._widget_parts import classes as _classes
from .outreach import Me
from .outreach_widgets import OutreachDrafter, ThankYouNote
from .prep import prep_sheet
from .questions import (
    CLOSING_THEMES,
    THEME_LABELS,
    THEMES,
    TIARA_LABELS,
    question_bank,
    suggest_questions,
)
from .record_widgets import FollowUpBoard, TrackerPanel

__all__ = [
    "FollowUpBoard",
    "OutreachDrafter",
    "QuestionPlanner",
    "ThankYouNote",
    "ThemeToggles",
    "TrackerPanel",
    "contact_options",
    "download_link",
]

#: The planner's choice for "no one in particular" (None would show as no choice at all).
GENERAL = "general"
#: The meeting lengths offered, in minutes.
MEETING_MINUTES = (15, 20, 30, 45, 60)
_GOAL_LABELS = {
    "explore": "Explore a field",
    "research": "Research an organisation",
    "job-search": "Job search",
}


class ThemeToggles(w.HBox):
    """One labelled toggle per theme, in plain words; ``value`` is the tuple of themes on.

    Parameters
    ----------
    themes
        The theme codes, in the order shown.
    """

    value = traitlets.Tuple()

    def __init__(self, themes: tuple[str, ...] | list[str]):
        self._syncing = False
        # One layout and one style for every button: each widget model is a message to the
        # page and an object in it, and the page opens sooner with fewer.
        layout = w.Layout(width="auto", flex="0 0 auto")
        style = ToggleButtonStyle()
        self.buttons = {
            theme: w.ToggleButton(
                value=True,
                description=THEME_LABELS.get(theme, theme),
                tooltip=f"Ask about: {THEME_LABELS.get(theme, theme).lower()}",
                icon="check",
                layout=layout,
                style=style,
            )
            for theme in themes
        }
        for button in self.buttons.values():
            button.add_class("ivk-theme")
            button.observe(lambda change: self._toggled(), names="value")
        super().__init__(
            list(self.buttons.values()), layout=w.Layout(flex_flow="row wrap", width="100%")
        )
        self.value = tuple(themes)
        self.observe(lambda change: self._show(), names="value")

    def _toggled(self) -> None:
        if not self._syncing:
            self.value = tuple(t for t, b in self.buttons.items() if b.value)

    def _show(self) -> None:
        self._syncing = True  # the buttons follow the value, not the other way round
        try:
            for theme, button in self.buttons.items():
                button.value = theme in self.value
                button.icon = "check" if button.value else ""
        finally:
            self._syncing = False


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
    as_of
        Today (default: the real today): the prep sheet tells a meeting to come ("When:") from
        one already held ("Last spoke:").

    Attributes
    ----------
    contact, goal, minutes, themes
        The controls (Dropdown, Dropdown, ToggleButtons, :class:`ThemeToggles`). A theme turned off
        makes room for questions from the others: the plan keeps its length.
    questions
        The DataFrame of questions on show.
    """

    def __init__(
        self,
        contacts: pd.DataFrame,
        *,
        me: Me | Mapping | None = None,
        folder: str | Path | None = ".",
        as_of: object = None,
    ):
        self.contacts = contacts
        self.me = Me.of(me)
        self.as_of = as_of
        self.folder = None if folder is None else Path(folder)
        self._init_error()
        self.finder = ContactFinder(
            "Contact", general=[("(no one in particular: a general plan)", GENERAL)]
        )
        self.finder.set_options(contact_options(contacts), default=GENERAL)
        self.contact = self.finder.dropdown
        self.goal = w.Dropdown(
            options=[(label, goal) for goal, label in _GOAL_LABELS.items()],
            value="explore",
            description="Goal",
            style=_STYLE,
        )
        self.minutes = w.ToggleButtons(
            options=[(f"{m} min", m) for m in MEETING_MINUTES],
            value=30,
            description="Meeting",
            tooltips=[f"a {m}-minute conversation" for m in MEETING_MINUTES],
            style=_STYLE,
        )
        self.themes = ThemeToggles([t for t in THEMES if t not in CLOSING_THEMES])
        self.heading = w.HTML()
        self.list = w.VBox(layout=w.Layout(max_height="70vh", overflow="auto", width="100%"))
        self.filename = w.Text(value="prep_sheet.md", description="Save as", style=_STYLE)
        self.save = w.Button(description="Save prep sheet", icon="save")
        self.saved = w.HTML()
        self._checks: list[w.Checkbox] = []
        self.questions = pd.DataFrame()
        for control in (self.contact, self.goal, self.minutes, self.themes):
            self._on(control, self._suggest)
        self.save.on_click(lambda _: self._safely(self._save))
        _classes(
            self,
            "ivk-planner",
            contact=self.contact,
            find=self.finder.find,
            goal=self.goal,
            minutes=self.minutes,
            themes=self.themes,
            list=self.list,
            save=self.save,
        )
        super().__init__(
            children=[
                self.finder,
                self.goal,
                self.minutes,
                w.HTML("<b>Ask about</b> (click a theme to leave it out)"),
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
        self.finder.set_options(contact_options(contacts), default=GENERAL)

    @property
    def selected(self) -> pd.Series | None:
        """The chosen contact's row, or None for a general plan."""
        value = self.contact.value
        return None if value is None or value == GENERAL else self.contacts.loc[value]

    @property
    def kept(self) -> pd.DataFrame:
        """The questions on show whose box is ticked."""
        keep = [box.value for box in self._checks]
        return self.questions[keep] if len(keep) == len(self.questions) else self.questions

    def to_markdown(self) -> str:
        """The prep sheet for the kept questions, with the goal and length chosen, as Markdown."""
        return prep_sheet(
            self.selected,
            self.kept,
            me=self.me,
            goal=self.goal.value,
            minutes=self.minutes.value,
            as_of=self.as_of,
        )

    def _suggest(self) -> None:
        bank = question_bank()
        off = bank["id"][~bank["theme"].isin(set(self.themes.value) | set(CLOSING_THEMES))]
        self.questions = suggest_questions(
            self.selected, goal=self.goal.value, minutes=self.minutes.value, exclude=off
        )
        self._show()

    def _show(self) -> None:
        if not hasattr(self, "_row_look"):  # shared by every row, made once
            self._row_look = {
                "check": w.Layout(width="72px", flex="0 0 auto"),
                "check_style": CheckboxStyle(),
                "text": w.Layout(flex="1 1 auto", min_width="0"),
                "text_style": HTMLStyle(),
                "row": w.Layout(flex="0 0 auto"),
            }
        look = self._row_look
        old = self.list.children
        self._checks = []
        rows = []
        for number, item in enumerate(self.questions.itertuples(index=False), start=1):
            box = w.Checkbox(
                value=True,
                indent=False,
                layout=look["check"],
                style=look["check_style"],
                description="keep",
                tooltip=f"keep question {number}",
            )
            self._checks.append(box)
            part = TIARA_LABELS.get(str(item.tiara), "").split(":")[0]
            about = THEME_LABELS.get(item.theme, item.theme) + (f" · {part}" if part else "")
            text = w.HTML(
                f"<div class='ivk-question'><b>{number}.</b> {html.escape(item.question)} "
                f"<span style='color:#555'>({html.escape(about)})</span></div>",
                layout=look["text"],
                style=look["text_style"],
            )
            rows.append(w.HBox([box, text], layout=look["row"]))
        who = self.selected["name"] if self.selected is not None else "a general plan"
        self.heading.value = (
            f"<h4>{len(self.questions)} questions for {html.escape(str(who))}, "
            f"{self.minutes.value} minutes</h4>"
        )
        self.list.children = rows
        for row in old:  # the rows replaced leave the page, and the kernel, for good
            close_tree(row)

    def _save(self) -> None:
        path = self.folder / Path(self.filename.value or "prep_sheet.md").name
        path.write_text(self.to_markdown(), encoding="utf-8")
        self.saved.value = f"Saved {html.escape(str(path))}"
