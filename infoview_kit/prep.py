"""A one-page plan for a conversation, in Markdown: its goal and length, what to research first,
your 30-second introduction, the questions in the order of the conversation, the closing asks
and the follow-up plan.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd

from .as_of import as_timestamp
from .outreach import Me, field_text
from .questions import CLOSING_THEMES, TIARA, TIARA_LABELS, asked_before, question_bank

__all__ = ["md_escape", "prep_sheet"]


_MD_SPECIAL = re.compile(r"([\\`*_\[\]|])")  # emphasis, code, links and tables


def md_escape(value: object) -> str:
    """Text safe inside Markdown: no HTML tags, Markdown punctuation backslash-escaped."""
    text = "" if value is None or (isinstance(value, float) and value != value) else str(value)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return text.replace("<", "&lt;").replace(">", "&gt;")


_GOALS = {
    "explore": "find out whether {field} suits you, from someone who does the work",
    "research": "learn what it is like to work at {company}, beyond what its website says",
    "job-search": (
        "get advice on moving into {field} and who else to speak to (advice, never a job)"
    ),
}


def _goal_line(contact, goal: str) -> str:
    """The goal of the conversation in one sentence, for this person."""
    if goal not in _GOALS:
        raise ValueError(f"goal must be one of {', '.join(_GOALS)}, not {goal!r}.")
    industry, company = field_text(contact, "industry"), field_text(contact, "company")
    field = f"work in {industry}" if industry else "their line of work"
    text = _GOALS[goal].format(field=field, company=company or "their organisation")
    return text[0].upper() + text[1:] + "."


def _length_line(minutes: int | None) -> str:
    if minutes is None:
        return "20 to 30 minutes, as you asked: keep to it, and offer to stop on time."
    return f"{int(minutes)} minutes, as you asked: keep to it, and offer to stop on time."


def _dates(contact, today: pd.Timestamp) -> list[str]:
    """ "When:" only for a meeting still to come; a past meeting is when you last spoke."""
    when = contact.get("met_on") if hasattr(contact, "get") else None
    if when is None or pd.isna(when):
        return []
    when = pd.Timestamp(when)
    if when.normalize() >= today:
        return [f"**When:** {when:%A %d %B %Y}", ""]
    return [f"**Last spoke:** {when:%A %d %B %Y}", ""]


def _tiara_groups(questions: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """The questions grouped by TIARA part, in TIARA order, the plan's order kept within a
    part; a question that opens with the person who introduced you comes first, alone."""
    bank = question_bank().set_index("id")
    ids = questions["id"] if "id" in questions else pd.Series("", index=questions.index)
    parts = questions.get("tiara")
    if parts is None:
        parts = ids.map(bank["tiara"])
    parts = parts.fillna("").astype("str")
    opener = ids.map(bank["question"]).fillna("").str.contains("{referred_by}", regex=False)
    groups = [("To open", questions[opener])] if opener.any() else []
    groups += [
        (TIARA_LABELS[p], questions[(parts == p) & ~opener]) for p in TIARA if (parts == p).any()
    ]
    rest = questions[~parts.isin(TIARA) & ~opener]
    groups += [("More questions", rest)] if len(rest) else []
    return [(title, group) for title, group in groups if len(group)]


def prep_sheet(
    contact,
    questions: pd.DataFrame,
    *,
    me: Me | Mapping | None = None,
    path: str | Path | None = None,
    goal: str = "explore",
    minutes: int | None = None,
    asked: Iterable[str] = (),
    as_of: object = None,
) -> str:
    """A one-page Markdown plan for the conversation; written to ``path`` when given.

    It states the goal and the length of the meeting, then covers what to research first,
    your 30-second introduction, what you asked last time (if anything), the questions grouped
    by part of the conversation (trends, insights, advice, resources, assignments) with room
    for notes, the closing asks and the follow-up plan.

    Parameters
    ----------
    contact
        A row of the contacts frame.
    questions
        :func:`~infoview_kit.suggest_questions`' output (or any frame with ``question``,
        ``theme`` and ``id`` or ``tiara`` columns).
    goal
        "explore", "research" or "job-search", as for ``suggest_questions``.
    minutes
        The length agreed; None states the 20 to 30 minutes a request asks for.
    asked
        Questions asked in an earlier conversation (bank ids or text); the contact's notes
        are read too, see :func:`~infoview_kit.questions.asked_before`.
    as_of
        Today (default: the real today): a meeting before it is never shown as "When:".
    """
    me = Me.of(me)
    today = as_timestamp(as_of)
    name = field_text(contact, "name") or "your contact"
    role, company = field_text(contact, "role"), field_text(contact, "company")
    referrer = field_text(contact, "referred_by")
    e = md_escape
    title = e(name) + (f", {e(role)}" if role else "") + (f" at {e(company)}" if company else "")
    lines = [f"# Conversation with {title}", ""]
    lines += [f"**Goal:** {e(_goal_line(contact, goal))}", ""]
    lines += [f"**Length:** {_length_line(minutes)}", ""]
    lines += _dates(contact, today)
    lines += _research(contact)
    lines += ["## Your 30-second introduction", ""]
    intro = f"I'm {me.name}, {me.introduction()}, exploring {me.interest}."
    if referrer:
        intro = f"{referrer} suggested we speak. " + intro
    lines += [
        f"> {e(intro)} I'd love to hear how you see the field and what you would advise "
        "someone in my position.",
        "",
    ]
    before = asked_before(contact, asked)
    if before:
        lines += ["## What you asked last time", ""]
        lines += [f"- {e(question)}" for question in before]
        lines += ["", "Build on their answers; do not ask these again.", ""]
    lines += ["## Questions, in order (you may only reach a few)", ""]
    closing = questions["theme"].isin(CLOSING_THEMES)
    number = 0
    for part, group in _tiara_groups(questions[~closing]):
        lines += [f"### {e(part)}", ""]
        for question in group["question"]:
            number += 1
            lines += [f"{number}. {e(question)}", "", "   Notes:", ""]
    lines += ["## Closing asks", ""]
    lines += [f"- {e(question)}" for question in questions[closing]["question"]]
    lines += ["- Thank them for their time; keep to the time you asked for.", ""]
    lines += _follow_up_plan(referrer)
    text = "\n".join(lines)
    if path is not None:
        Path(path).write_text(text, encoding="utf-8")
    return text


def _research(contact) -> list[str]:
    company, industry = field_text(contact, "company"), field_text(contact, "industry")
    e = md_escape
    lines = ["## Research first", ""]
    lines.append("- Their profile: career so far, what they have written or said publicly.")
    if company:
        lines.append(f"- {e(company)}: what it does, recent news, how your interests connect.")
    lines.append(
        f"- The field{(': ' + e(industry)) if industry else ''}: current trends and "
        "vocabulary, so your questions go beyond what is online."
    )
    return lines + [""]


def _follow_up_plan(referrer: str | None) -> list[str]:
    lines = ["## Follow-up plan", ""]
    lines.append("- Send a thank-you within a day, naming one thing you learnt.")
    if referrer:
        lines.append(f"- Tell {md_escape(referrer)} how the conversation went.")
    return lines + [
        "- Contact the people they suggest, mentioning their name.",
        "- Record the meeting and thank-you dates in your sheet.",
        "- Keep in touch every few months with news or something useful.",
        "",
    ]
