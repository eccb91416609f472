"""The question bank and the questions for the next conversation.

The bank (``infoview_kit/data/questions.csv``, edited directly) holds open questions tagged
by theme, by part of the TIARA framework (trends, insights, advice, resources, assignments),
by the goals they serve, the seniority they suit and a priority. Questions whose answer is on
the web are marked and never suggested: a conversation is for what only the person can tell you.

Every question has an explicit id (``q001``...), written in the file, never derived from its
position: people keep the ids of questions they asked. A new question takes the next free id;
an id, once published, keeps its meaning and is never reused or removed
(``infoview_kit/data/published_question_ids.csv`` records them and a test holds the bank to it).

>>> plan = suggest_questions(contact, goal="explore", minutes=30)    # doctest: +SKIP
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from importlib import resources

import numpy as np
import pandas as pd

__all__ = [
    "GOALS",
    "THEMES",
    "THEME_LABELS",
    "TIARA",
    "TIARA_LABELS",
    "asked_before",
    "question_bank",
    "question_count",
    "suggest_questions",
]

GOALS = ("explore", "research", "job-search")
THEMES = (
    "career-path",
    "day-to-day",
    "industry-trends",
    "skills",
    "advice",
    "resources",
    "company-culture",
    "challenges",
    "education",
    "resume",
    "referrals",
    "reciprocity",
)
TIARA = ("trends", "insights", "advice", "resources", "assignments")
# The parts of a conversation in plain words, for people who have not met the acronym.
TIARA_LABELS = {
    "trends": "Trends: where the field is heading",
    "insights": "Insights: their own work and path",
    "advice": "Advice: what they would do in your place",
    "resources": "Resources: what to read, join or follow",
    "assignments": "Assignments: something to try, someone to meet",
}
THEME_LABELS = {
    "career-path": "Their career path",
    "day-to-day": "A day in the job",
    "industry-trends": "Where the field is going",
    "skills": "Skills that matter",
    "advice": "Advice for you",
    "resources": "What to read and follow",
    "company-culture": "What it is like to work there",
    "challenges": "The hard parts",
    "education": "Studies and training",
    "resume": "Your CV",
    "referrals": "Who else to talk to",
    "reciprocity": "How you can help them",
}
CLOSING_THEMES = ("referrals", "reciprocity")
PLACEHOLDERS = ("company", "role", "industry", "referred_by")
_FALLBACK = {
    "company": "your organisation",
    "role": "professional in your area",
    "industry": "your field",
}
SUGGESTION_COLUMNS = ["id", "question", "theme", "tiara", "priority", "reason"]


_ID = r"q\d{3,}"


def _read_bank(name: str) -> pd.DataFrame:
    with resources.files("infoview_kit").joinpath("data", name).open(encoding="utf-8") as f:
        bank = pd.read_csv(f, dtype="str", keep_default_na=False)
    ids = bank["id"].str.strip()
    wrong = ids[~ids.str.fullmatch(_ID) | ids.duplicated(keep=False)]
    if len(wrong):
        raise ValueError(
            f"{name}: every question needs its own id like q090; check {', '.join(wrong)}."
        )
    return bank.assign(id=ids)


@functools.cache
def question_bank() -> pd.DataFrame:
    """The whole bank as a DataFrame (a cached copy: do not modify it in place).

    Returns
    -------
    DataFrame with columns id, question, theme, tiara, goals (list), seniority (list),
    priority (int), online (bool) and needs (the contact fields the question names).

    Raises
    ------
    ValueError
        An id is missing, malformed or used twice in the data file.
    """
    bank = _read_bank("questions.csv")
    bank["priority"] = bank["priority"].astype("int64")
    bank["online"] = bank["online"].eq("yes")
    bank["goals"] = bank["goals"].str.split(";")
    bank["seniority"] = bank["seniority"].str.split(";")
    bank["needs"] = bank["question"].str.findall(r"\{(\w+)\}")
    return bank


def question_count(minutes: int) -> int:
    """How many questions to prepare, closers included: about one per three to four minutes.

    15 minutes -> 5, 30 -> 9, 45 -> 12, 60 or more -> 15 (never more): more than you will get
    to, in priority order, since a good conversation wanders.
    """
    return int(round(np.interp(minutes, [10, 15, 30, 45, 60], [3, 5, 9, 12, 15])))


def _field(contact: Mapping | pd.Series | None, key: str) -> str | None:
    if contact is None:
        return None
    value = contact.get(key) if hasattr(contact, "get") else None
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return None
    text = str(value).strip()
    return text or None


def suggest_questions(
    contact: Mapping | pd.Series | None = None,
    *,
    goal: str = "explore",
    minutes: int = 30,
    exclude: Iterable[str] = (),
) -> pd.DataFrame:
    """The prioritised questions for a conversation with ``contact``.

    Parameters
    ----------
    contact
        A row of the contacts frame (or a dict) with company, role, industry, seniority and
        referred_by; None for a general plan.
    goal
        "explore" (is this field for me?), "research" (this organisation) or "job-search".
    minutes
        Length of the meeting; about one question per three to four minutes (see
        :func:`question_count`), never more than 15.
    exclude
        Questions already asked (ids such as ``"q012"`` or the question text): a second
        conversation gets new ones.

    Returns
    -------
    DataFrame with columns id, question, theme, tiara (its part of the conversation, see
    :data:`TIARA_LABELS`), priority, reason: the main questions in the order to ask them, then
    one "referrals" and one "reciprocity" question to close.
    """
    if goal not in GOALS:
        raise ValueError(f"goal must be one of {', '.join(GOALS)}, not {goal!r}.")
    bank = question_bank()
    values = {key: _field(contact, key) for key in PLACEHOLDERS}
    seniority = _field(contact, "seniority")
    excluded = {str(e).strip() for e in exclude}

    usable = ~bank["online"] & bank["goals"].map(lambda goals: goal in goals)
    usable &= bank["needs"].map(
        lambda needs: "referred_by" not in needs or bool(values["referred_by"])
    )
    if seniority:
        usable &= bank["seniority"].map(lambda s: "any" in s or seniority in s)
    text = bank["question"].map(lambda q: _fill(q, values))
    usable &= ~(bank["id"].isin(excluded) | text.isin(excluded) | bank["question"].isin(excluded))
    candidates = bank[usable].assign(question=text[usable])

    # Score: priority first; then what fits this person; the bank's order breaks ties.
    fitted = candidates["needs"].map(
        lambda needs: sum(1 for n in needs if n != "referred_by" and values.get(n))
    )
    suited = candidates["seniority"].map(lambda s: bool(seniority) and "any" not in s)
    opener = candidates["needs"].map(lambda needs: "referred_by" in needs)
    specific = candidates["goals"].map(len) < len(GOALS)  # written for this kind of goal
    candidates = candidates.assign(
        score=candidates["priority"]
        - 0.4 * suited
        - 0.3 * specific
        - 0.2 * fitted.clip(upper=1)
        - 5 * opener,
        order=np.arange(len(candidates)),
    )
    closers = [
        candidates[candidates["theme"] == theme].sort_values(["score", "order"]).head(1)
        for theme in CLOSING_THEMES
    ]
    body = candidates[~candidates["theme"].isin(CLOSING_THEMES)].sort_values(["score", "order"])
    wanted = max(question_count(minutes) - sum(len(c) for c in closers), 1)
    chosen = _spread_over_themes(body, wanted)
    plan = pd.concat([chosen, *closers])
    reasons = [
        _reason(row, seniority, values, closing=row.theme in CLOSING_THEMES)
        for row in plan.itertuples(index=False)
    ]
    out = plan.assign(reason=reasons)[SUGGESTION_COLUMNS].reset_index(drop=True)
    for column in ("id", "question", "theme", "tiara", "reason"):
        out[column] = out[column].astype("str")
    return out


def _spread_over_themes(body: pd.DataFrame, wanted: int) -> pd.DataFrame:
    """Best-scored questions, at most two per theme until every theme has had its turn."""
    picked: list[int] = []
    per_theme: dict[str, int] = {}
    for cap in (2, 4, 99):
        for index, theme in zip(body.index, body["theme"]):
            if len(picked) >= wanted:
                break
            if index in picked or per_theme.get(theme, 0) >= cap:
                continue
            picked.append(index)
            per_theme[theme] = per_theme.get(theme, 0) + 1
    chosen = body.loc[picked]
    return chosen.sort_values(["score", "order"], kind="stable")


def _fill(template: str, values: Mapping[str, str | None]) -> str:
    filled = template
    for key in PLACEHOLDERS:
        token = "{" + key + "}"
        if token in filled:
            filled = filled.replace(token, values.get(key) or _FALLBACK.get(key, "them"))
    return filled


def _reason(row, seniority: str | None, values, *, closing: bool) -> str:
    if closing and row.theme == "referrals":
        return "Closing: ask who else to speak to; this is how the network grows."
    if closing:
        return "Closing: offer something back; it keeps the relationship two-way."
    parts = []
    if "referred_by" in row.needs:
        parts.append(f"opens with {values['referred_by']}, who introduced you")
    if seniority and "any" not in row.seniority:
        article = "an" if seniority[0] in "aeiou" else "a"
        parts.append(f"suits {article} {seniority} professional")
    filled = [n for n in row.needs if n != "referred_by" and values.get(n)]
    if filled:
        parts.append("about their " + " and ".join(n.replace("_", " ") for n in filled))
    parts.append({1: "high priority", 2: "worth asking", 3: "if time allows"}[int(row.priority)])
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


_DATED = re.compile(r"^\s*\[?\d{4}-\d{2}-\d{2}\]?(?:\s+[\w-]+)?\s*[:\-\u2013]?\s*")
_ASKED = re.compile(r"^(?:asked|questions? asked|q)\s*:\s*", re.IGNORECASE)


def asked_before(contact: Mapping | pd.Series | None, asked: Iterable[str] = ()) -> list[str]:
    r"""The questions already put to ``contact``, as they were asked, first asked first.

    Two sources, in this order: ``asked`` (bank ids such as ``"q002"``, filled in for this
    person, or question text), then the contact's notes, one note a line, optionally dated as
    a tracker writes them: a line starting "Asked:" or "Q:" (several questions may follow), a
    line naming bank ids, or a line that is itself a question.

    >>> asked_before({"notes": "2026-07-07: Asked: What changed lately? Who hires juniors?"})
    ['What changed lately?', 'Who hires juniors?']
    """
    bank = question_bank().set_index("id")["question"]
    values = {key: _field(contact, key) for key in PLACEHOLDERS}
    found: list[str] = []

    def add(text: str) -> None:
        text = text.strip()
        if re.fullmatch(_ID, text) and text in bank.index:
            text = _fill(bank[text], values)
        if text and text not in found:
            found.append(text)

    for item in asked:
        add(str(item))
    for line in str(_field(contact, "notes") or "").splitlines():
        text = _DATED.sub("", line, count=1).strip()
        ids = re.findall(_ID, text)
        if ids and all(i in bank.index for i in ids):
            for i in ids:
                add(i)
        elif _ASKED.match(text):
            for question in re.findall(r"[^?]+\?", _ASKED.sub("", text, count=1)):
                add(question)
        elif text.endswith("?"):
            add(text)
    return found
