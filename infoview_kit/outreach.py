"""Requests, thank-yous and prep sheets, written and checked after the guides' rules.

A good request says how you found the person, who you are and what you are exploring, asks for
advice (never a job) and 20 to 30 minutes at their convenience. A thank-you follows every
conversation, names one thing learnt, and the person who introduced you hears how it went.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .advice import advice_in
from .as_of import as_timestamp
from .outreach_lint import LINKEDIN_LIMIT, Finding, lint_outreach
from .questions import CLOSING_THEMES, TIARA, TIARA_LABELS, asked_before, question_bank

__all__ = [
    "Finding",
    "Me",
    "Outreach",
    "PLACEHOLDER_NAME",
    "Thanks",
    "draft_outreach",
    "draft_thanks",
    "lint_outreach",
    "md_escape",
    "prep_sheet",
]


#: What a draft says where your name goes until you give it: visible, and flagged by the checker.
PLACEHOLDER_NAME = "[your name]"


@dataclass(frozen=True)
class Me:
    """Who is asking: used to write the introduction."""

    name: str = PLACEHOLDER_NAME
    school: str | None = None
    field: str | None = None
    graduation_year: int | str | None = None
    status: str = "recent graduate"
    interest: str = "careers in this field"

    @classmethod
    def of(cls, me: Me | Mapping | None) -> Me:
        if me is None:
            return cls()
        if isinstance(me, Me):
            return me
        known = {k: v for k, v in dict(me).items() if k in cls.__dataclass_fields__ and v}
        return cls(**known)

    @property
    def first_name(self) -> str:
        """The first word of the name; a blank still to fill ("[your name]") stays whole."""
        if not self.name.strip() or self.name.strip().startswith("["):
            return self.name.strip() or PLACEHOLDER_NAME
        return self.name.split()[0]

    def introduction(self) -> str:
        """ "a final-year economics student at Lakeside University (class of 2026)"."""
        text = self.status
        if self.field and self.field.lower() not in text.lower():
            text += f" in {self.field}"
        if self.school:
            text += f" at {self.school}"
        if self.graduation_year:
            text += f" (class of {self.graduation_year})"
        article = "an" if text[:1].lower() in "aeiou" else "a"
        return f"{article} {text}"


@dataclass(frozen=True)
class Outreach:
    """A request in two forms: an e-mail and a LinkedIn note (at most 300 characters)."""

    subject: str
    email: str
    linkedin: str


@dataclass(frozen=True)
class Thanks:
    """A thank-you note and the reminders that go with it."""

    subject: str
    text: str
    reminders: list[str] = field(default_factory=list)


def _value(contact, key: str) -> str | None:
    if contact is None:
        return None
    value = contact.get(key) if hasattr(contact, "get") else None
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    text = str(value).strip()
    return text or None


def _first(contact) -> str:
    name = _value(contact, "name") or "there"
    return name.split()[0]


def _how_found(contact, me: Me) -> tuple[str, str]:
    """(sentence for the e-mail, short phrase for the LinkedIn note)."""
    referrer = _value(contact, "referred_by")
    source = _value(contact, "source")
    company = _value(contact, "company")
    industry = _value(contact, "industry") or "your field"
    if referrer:
        return (
            f"{referrer} suggested I get in touch with you.",
            f"{referrer} suggested I reach out.",
        )
    if source == "alumni":
        if me.school:
            return (
                f"I found your name through the {me.school} alumni network.",
                f"I found you via {me.school} alumni.",
            )
        return (
            "I found your name through our school's alumni network.",
            "I found you via our alumni network.",
        )
    if source == "event":
        return (
            "We met briefly at a recent event, and I enjoyed hearing about your work.",
            "We met at a recent event.",
        )
    if source == "personal":
        return ("A mutual friend mentioned your work to me.", "A friend mentioned your work.")
    where = f" at {company}" if company else ""
    return (
        f"I came across your profile while reading about {industry}, and your work{where} "
        "stood out.",
        f"I came across your work{where}.",
    )


def draft_outreach(contact, *, me: Me | Mapping | None = None) -> Outreach:
    """Write a request for an informational interview with ``contact``.

    It opens with how you found them, says who you are and what you are exploring, and asks
    for 20 to 30 minutes of advice at their convenience, in person, by phone or by video.
    """
    me = Me.of(me)
    first = _first(contact)
    role = _value(contact, "role")
    company = _value(contact, "company")
    found, found_short = _how_found(contact, me)
    their_work = " as " + role if role else ""
    their_work += f" at {company}" if company else ""
    email = (
        f"Dear {first},\n\n"
        f"{found} I am {me.name}, {me.introduction()}, exploring {me.interest}. Your experience"
        f"{their_work} is the kind of perspective that would help me most.\n\n"
        "Would you be willing to share your advice in a 20 to 30 minute conversation? "
        "In person, by phone or by video, at a time that suits you best.\n\n"
        "Thank you for considering it; I know your time is valuable.\n\n"
        f"Best regards,\n{me.name}"
    )
    subject = f"Advice on {me.interest}" + (
        f" ({_value(contact, 'referred_by')} suggested I write)"
        if _value(contact, "referred_by")
        else ""
    )
    linkedin = _linkedin_note(first, found_short, me)
    return Outreach(subject=subject, email=email, linkedin=linkedin)


def _linkedin_note(first: str, found: str, me: Me) -> str:
    parts = [
        f"Hi {first}! {found} I'm {me.first_name}, {me.introduction()}, exploring {me.interest}.",
        "Could you spare 20-30 minutes for a call, whenever suits you, to share your advice?",
        f"Thank you! {me.first_name}",
    ]
    note = " ".join(parts)
    if len(note) > LINKEDIN_LIMIT:  # long names or interests: drop the school and year
        short = Me(name=me.name, status=me.status, interest=me.interest)
        parts[0] = (
            f"Hi {first}! {found} I'm {me.first_name}, {short.introduction()}, "
            f"exploring {me.interest}."
        )
        note = " ".join(parts)
    if len(note) > LINKEDIN_LIMIT:
        parts[0] = f"Hi {first}! {found} I'm {me.first_name}, exploring {me.interest}."
        note = " ".join(parts)
    return note[:LINKEDIN_LIMIT]


# ---------------------------------------------------------------------------------------------
# Thank-you and prep sheet
# ---------------------------------------------------------------------------------------------


def _advice_of(contact, advice: str | None) -> str | None:
    """The advice to quote: as given, else the first advice line of the contact's notes."""
    if advice is None:
        noted = advice_in(contact.get("notes") if hasattr(contact, "get") else None)
        advice = noted[0] if noted else None
    return advice.strip().rstrip(".") if advice and advice.strip() else None


def draft_thanks(
    contact,
    *,
    takeaways: str | Iterable[str] = (),
    me: Me | Mapping | None = None,
    referrals: Iterable[str] = (),
    advice: str | None = None,
) -> Thanks:
    """A short, specific thank-you: one thing learnt, their advice, any introduction offered,
    and reminders.

    Parameters
    ----------
    takeaways
        What you learnt (the first is quoted in the note).
    referrals
        People they suggested you speak to.
    advice
        Advice they gave, quoted in the note (default: the first line of the contact's notes
        that reads as advice, see :func:`infoview_kit.advice.advice_in`). A reminder says to
        tell them in about a month what you did with it.
    """
    me = Me.of(me)
    first = _first(contact)
    learnt = [takeaways] if isinstance(takeaways, str) else list(takeaways)
    learnt = [t.strip().rstrip(".") for t in learnt if t and t.strip()]
    referred = [r for r in referrals if r and str(r).strip()]
    lines = [f"Dear {first},", "", "Thank you for taking the time to speak with me."]
    if learnt:
        lines[-1] += f" One thing I will take away: {learnt[0]}."
    else:
        lines[-1] += " Your perspective gave me a much clearer picture of the field."
    advice = _advice_of(contact, advice)
    if advice:
        lines.append(f'Your advice, "{advice}", is the first thing I will act on.')
    if referred:
        names = " and ".join(referred)
        lines.append(
            f"Thank you too for suggesting I speak with {names}; I will reach out, "
            "mentioning you if that is all right."
        )
    lines += [
        "I will keep you posted on how things go, and please let me know if I can ever "
        "return the favour.",
        "",
        f"With thanks,\n{me.name}",
    ]
    reminders = []
    referrer = _value(contact, "referred_by")
    if referrer:
        reminders.append(
            f"Tell {referrer} that you met {_value(contact, 'name') or first}, "
            "and thank them for the introduction."
        )
    for name in referred:
        reminders.append(
            f"Add {name} to your sheet, referred by {_value(contact, 'name') or first}."
        )
    if advice:
        reminders.append("In about a month, tell them what you did with their advice.")
    reminders.append("Record the thank-you date in your sheet; keep in touch in a few months.")
    return Thanks(subject="Thank you for your time", text="\n".join(lines), reminders=reminders)


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
    industry, company = _value(contact, "industry"), _value(contact, "company")
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
    name = _value(contact, "name") or "your contact"
    role, company = _value(contact, "role"), _value(contact, "company")
    referrer = _value(contact, "referred_by")
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
    company, industry = _value(contact, "company"), _value(contact, "industry")
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
