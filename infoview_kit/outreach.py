"""Requests and thank-yous, written and checked after the guides' rules.

A good request says how you found the person, who you are and what you are exploring, asks for
advice (never a job) and 20 to 30 minutes at their convenience. A thank-you follows every
conversation, names one thing learnt, and the person who introduced you hears how it went.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from .advice import advice_in
from .outreach_lint import LINKEDIN_LIMIT, Finding, lint_outreach

__all__ = [
    "Finding",
    "Me",
    "Outreach",
    "PLACEHOLDER_NAME",
    "Thanks",
    "draft_outreach",
    "draft_thanks",
    "lint_outreach",
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


def field_text(contact, key: str) -> str | None:
    """A contact's field as stripped text; None when missing or blank."""
    if contact is None:
        return None
    value = contact.get(key) if hasattr(contact, "get") else None
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    text = str(value).strip()
    return text or None


def _first(contact) -> str:
    name = field_text(contact, "name") or "there"
    return name.split()[0]


def _how_found(contact, me: Me) -> tuple[str, str]:
    """(sentence for the e-mail, short phrase for the LinkedIn note)."""
    referrer = field_text(contact, "referred_by")
    source = field_text(contact, "source")
    company = field_text(contact, "company")
    industry = field_text(contact, "industry") or "your field"
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
    role = field_text(contact, "role")
    company = field_text(contact, "company")
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
        f" ({field_text(contact, 'referred_by')} suggested I write)"
        if field_text(contact, "referred_by")
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
    referrer = field_text(contact, "referred_by")
    if referrer:
        reminders.append(
            f"Tell {referrer} that you met {field_text(contact, 'name') or first}, "
            "and thank them for the introduction."
        )
    for name in referred:
        reminders.append(
            f"Add {name} to your sheet, referred by {field_text(contact, 'name') or first}."
        )
    if advice:
        reminders.append("In about a month, tell them what you did with their advice.")
    reminders.append("Record the thank-you date in your sheet; keep in touch in a few months.")
    return Thanks(subject="Thank you for your time", text="\n".join(lines), reminders=reminders)
