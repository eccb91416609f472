"""Check a request for an informational interview against the guides' rules.

A good request says how you found the person and who you are, asks for advice (never a job),
for a bounded 20 to 30 minutes, at a time and in a form that suits them, and is more about
them than about you. ``lint_outreach`` returns one :class:`Finding` per rule it breaks.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

__all__ = ["EMAIL_WORD_LIMIT", "LINKEDIN_LIMIT", "Finding", "durations", "lint_outreach"]

LINKEDIN_LIMIT = 300  # characters in a LinkedIn connection note
EMAIL_WORD_LIMIT = 150
LONGEST_ASK = 30  # minutes


@dataclass(frozen=True)
class Finding:
    """One way a request falls short of the guides, and how to mend it."""

    rule: str
    message: str
    suggestion: str


_HOW_FOUND = re.compile(
    r"suggested|recommended|referred|mentioned|gave me your|introduc|passed (on )?your|"
    r"found (your|you)|came across|saw your|read your|heard (you|your)|alumn|fellow|we met|"
    r"met (you|briefly)|your (talk|article|post|panel|presentation)|mutual",
    re.IGNORECASE,
)
_JOB_ASK = re.compile(
    r"\b(hiring|hire me|recruit(ing|ment)?|openings?|vacanc(y|ies)|job offers?|a job\b|"
    r"any jobs?|jobs? (at|with|in) your|positions? (at|with|on|in)|open (roles?|positions?)|"
    r"any (roles?|positions?)|roles? (open|available|going)|refer(ral)? (me|for)|employ me|"
    r"internship (at|with) your|apply(ing)? (for|to) (a|an|the|your)|"
    r"(pass|forward|send|share|give) (on |along )?(it |them )?(my|our) "
    r"(cv|c\.v\.|resume|résumé|application))",
    re.IGNORECASE,
)
# A job named only to say it is not the ask: "I'm not asking for a job", "not a job request".
_DENIAL = re.compile(
    r"(\b(not|never)\s+(asking|looking|expecting|seeking|requesting|hoping)\b(\s+\S+){0,3}"
    r"|\b(rather than|instead of|no|not)\b(\s+\S+){0,1})\s*$",
    re.IGNORECASE,
)
_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "ninety": 90,
}
_WORD_NUMBER = re.compile(
    r"\b("
    + "|".join(_NUMBER_WORDS)
    + r")(?:[- ](one|two|three|four|five|six|seven|eight|nine))?\b",
    re.IGNORECASE,
)
# Durations, longest phrases first: each part of the text is read once.
_DURATION = re.compile(
    r"(?P<hour_half>\b(?:an|one|1) hour and a half\b|\b1\.5 hours?\b)"
    r"|(?P<three_quarters>\b(?:three|3)[- ]quarters of an hour\b)"
    r"|(?P<half>\bhalf (?:an|of an) hour\b|\bhalf[- ]hour\b)"
    r"|(?P<quarter>\b(?:a )?quarter of an hour\b|\bquarter[- ]hour\b)"
    r"|(?P<range>\b(?P<low>\d+)\s*(?:-|–|—|to|or)\s*(?P<high>\d+)\s*(?:minutes?|mins?)\b)"
    r"|(?P<minutes>\b(?P<count>\d+)\s*(?:minutes?|mins?)\b)"
    r"|(?P<hours>\b(?P<nhours>an|one|a couple of|\d+) hours?\b)"
    r"|(?P<long>\blunch\b|\ball (?:day|afternoon|morning)\b)",
    re.IGNORECASE,
)
_FLEXIBLE = re.compile(
    r"convenien|suits you|suit you|works (best )?for you|your schedule|fits your|flexible|"
    r"whenever|any time|at a time that|your availability|when you have time|if you have time",
    re.IGNORECASE,
)
# Who you are: "my name is", "I am/I'm" followed by a name or a description ("a student",
# "currently"), or "I study/graduated/work as". "I am happy to meet" is not an introduction.
_SELF = re.compile(
    r"(?i:\bmy name is\b)"
    r"|\b(?i:I am|I'm)\s+(?:(?i:a|an|the|currently|studying|completing|finishing|in my|"
    r"exploring|graduating|based|working)\b|[A-Z][a-z]+|\[)"
    r"|\b(?i:I (?:study|studied|graduated|recently graduated|work as|work at|have been working|"
    r"am exploring|'m exploring))\b"
)
# A blank left to fill: "[your name]", "[Company]", "<name>", or a template's "Your Name".
_BLANK = re.compile(r"\[[^\[\]\n]{1,40}\]|<[a-z ]{1,30}>|\{[^{}\n]{1,40}\}|\bYour Name\b")
_FIRST_PERSON = re.compile(r"\b(i|me|my|mine|myself|i'm|i've|i'd|i'll)\b", re.IGNORECASE)
_SECOND_PERSON = re.compile(r"\b(you|your|yours|yourself|you're|you've|you'd)\b", re.IGNORECASE)


_FIXED_MINUTES = {"hour_half": 90, "three_quarters": 45, "half": 30, "quarter": 15, "long": 60}


def _digits(text: str) -> str:
    """Numbers written as words in digits: "twenty-five minutes" -> "25 minutes"."""

    def number(match: re.Match) -> str:
        value = _NUMBER_WORDS[match.group(1).lower()]
        if match.group(2) and value >= 20:
            value += _NUMBER_WORDS[match.group(2).lower()]
        elif match.group(2):  # "ten one": two numbers, not one
            return f"{value} {_NUMBER_WORDS[match.group(2).lower()]}"
        return str(value)

    return _WORD_NUMBER.sub(number, text)


def durations(text: str) -> list[int]:
    """The lengths of time a text asks for, in minutes, in the order written.

    Numbers may be digits or words; "half an hour" is 30, "a quarter of an hour" 15, "an
    hour" 60, a range "20 to 30 minutes" counts its upper end, and lunch or "all afternoon"
    count as 60.

    >>> durations("Could you spare twenty to thirty minutes, or half an hour?")
    [30, 30]
    """
    found = []
    for match in _DURATION.finditer(_digits(text or "")):
        kind = match.lastgroup  # the outer group: Python reports the last to close
        if kind == "range":
            found.append(max(int(match.group("low")), int(match.group("high"))))
        elif kind == "minutes":
            found.append(int(match.group("count")))
        elif kind == "hours":
            n = match.group("nhours").lower()
            found.append(60 * (1 if n in ("an", "one") else 2 if "couple" in n else int(n)))
        else:
            found.append(_FIXED_MINUTES[kind])
    return found


def _job_ask(text: str) -> str | None:
    """The first phrase that asks about a job, unless it is only said not to be the ask."""
    for match in _JOB_ASK.finditer(text):
        if not _DENIAL.search(text[max(0, match.start() - 60) : match.start()]):
            return match.group(0)
    return None


def _referrer(contact) -> str | None:
    value = contact.get("referred_by") if hasattr(contact, "get") else None
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return str(value).strip() or None


def lint_outreach(
    text: str, *, contact: Mapping | pd.Series | None = None, kind: str = "email"
) -> list[Finding]:
    """Check a request against the guides' rules; a good request gets no findings.

    Parameters
    ----------
    text
        The request as you would send it.
    contact
        The person it is for: a referral should then name the referrer.
    kind
        "email" (at most 150 words) or "linkedin" (a note of at most 300 characters).

    Returns
    -------
    list of Finding(rule, message, suggestion), in the order: blank-to-fill,
    how-you-found-them, job-ask, too-long, time-bound, flexibility, self-introduction,
    about-them.

    Examples
    --------
    >>> [f.rule for f in lint_outreach("Is your team recruiting? Could we talk for an hour?")]
    ['how-you-found-them', 'job-ask', 'time-bound', 'flexibility', 'self-introduction']
    """
    body = text or ""
    findings = [
        *_blanks(body),
        *_how_found(body, _referrer(contact)),
        *_asks_for_a_job(body),
        *_length(body, kind),
        *_time(body),
    ]
    if not _FLEXIBLE.search(body):
        findings.append(
            Finding(
                "flexibility",
                "It does not leave the time and format to them.",
                "Add 'at a time that suits you, in person, by phone or by video'.",
            )
        )
    if not _SELF.search(body):
        findings.append(
            Finding(
                "self-introduction",
                "It does not say who you are.",
                "Add one sentence: who you are and what you are exploring.",
            )
        )
    findings += _about_them(body)
    return findings


def _blanks(body: str) -> list[Finding]:
    blanks = list(dict.fromkeys(m.group(0) for m in _BLANK.finditer(body)))
    if not blanks:
        return []
    return [
        Finding(
            "blank-to-fill",
            f"It still has {', '.join(blanks)} to fill in.",
            "Write your own words there before you send it.",
        )
    ]


def _how_found(body: str, referrer: str | None) -> list[Finding]:
    if not _HOW_FOUND.search(body):
        return [
            Finding(
                "how-you-found-them",
                "It does not say how you found them.",
                f"Open with it: '{referrer} suggested I get in touch.'"
                if referrer
                else "Open with how you got their name: a referral, your alumni network, an event.",
            )
        ]
    if referrer and referrer.split()[0].lower() not in body.lower():
        return [
            Finding(
                "how-you-found-them",
                f"{referrer} introduced you, but the request does not say so.",
                f"Name {referrer} in the first sentence: a referral is the strongest opening.",
            )
        ]
    return []


def _asks_for_a_job(body: str) -> list[Finding]:
    phrase = _job_ask(body)
    if phrase is None:
        return []
    return [
        Finding(
            "job-ask",
            f"It asks about a job ('{phrase}'); this request is for advice only.",
            "Ask for their advice and experience; jobs come up later, if at all, from them.",
        )
    ]


def _length(body: str, kind: str) -> list[Finding]:
    words = len(re.findall(r"\S+", body))
    if kind == "linkedin" and len(body) > LINKEDIN_LIMIT:
        return [
            Finding(
                "too-long",
                f"{len(body)} characters: a LinkedIn note holds at most {LINKEDIN_LIMIT}.",
                "Keep how you found them, one line about you, and the ask.",
            )
        ]
    if kind != "linkedin" and words > EMAIL_WORD_LIMIT:
        return [
            Finding(
                "too-long",
                f"{words} words: busy people answer short requests "
                f"({EMAIL_WORD_LIMIT} words at most).",
                "Cut your background to one sentence; they can ask for more.",
            )
        ]
    return []


def _time(body: str) -> list[Finding]:
    asked = durations(body)
    if asked and max(asked) > LONGEST_ASK:
        return [
            Finding(
                "time-bound",
                f"It asks for more than {LONGEST_ASK} minutes ({max(asked)}).",
                "Ask for 20 to 30 minutes; if the talk goes well they will offer more.",
            )
        ]
    if not asked:
        return [
            Finding(
                "time-bound",
                "It does not say how long the conversation would take.",
                "Ask for a bounded 20 to 30 minutes: it is easier to say yes to.",
            )
        ]
    return []


def _about_them(body: str) -> list[Finding]:
    me_words = len(_FIRST_PERSON.findall(body))
    them_words = len(_SECOND_PERSON.findall(body))
    if me_words > them_words + 2 and me_words > 1.5 * max(them_words, 1):
        return [
            Finding(
                "about-them",
                f"It is more about you ({me_words} I/me/my) than about them "
                f"({them_words} you/your).",
                "Say what draws you to their work and experience; keep your story to one sentence.",
            )
        ]
    return []
