"""The prep sheet: the goal, the length, what you asked last time, the questions by TIARA part,
and a past meeting never presented as the next one."""

from __future__ import annotations

import pandas as pd
import pytest

from infoview_kit.prep import prep_sheet
from infoview_kit.questions import asked_before, question_bank, suggest_questions

from .conftest import build

TODAY = "2026-12-03"


def ana(**fields):
    record = {
        "name": "Ana Díaz",
        "role": "Data Scientist",
        "company": "Northwind",
        "industry": "logistics",
        "referred_by": "Sam Ortiz",
    }
    return build({**record, **fields}).iloc[0]


def plan(*rows: tuple[str, str, str, str]) -> pd.DataFrame:
    """A hand-written plan: (id, question, theme, tiara) per row, in the order given."""
    return pd.DataFrame(rows, columns=["id", "question", "theme", "tiara"])


HAND_PLAN = plan(
    ("q900", "What advice would you give me?", "advice", "advice"),
    ("q901", "Where is logistics heading?", "industry-trends", "trends"),
    ("q902", "How did you start?", "career-path", "insights"),
    ("q903", "What will the field need next?", "industry-trends", "trends"),
    ("q904", "Who else should I speak with?", "referrals", "assignments"),
    ("q905", "How can I help you?", "reciprocity", "assignments"),
)


def section(text: str, heading: str) -> str:
    """The lines under ``heading`` up to the next heading of the same level."""
    level = heading.split(" ")[0]
    after = text.split(heading + "\n", 1)[1]
    return after.split("\n" + level + " ", 1)[0]


def test_it_states_the_goal_and_the_length_asked_for():
    text = prep_sheet(ana(), HAND_PLAN, goal="research", as_of=TODAY)
    assert (
        "**Goal:** Learn what it is like to work at Northwind, beyond what its website says."
        in text
    )
    assert "**Length:** 20 to 30 minutes, as you asked" in text
    explore = prep_sheet(ana(), HAND_PLAN, minutes=25, as_of=TODAY)
    assert "**Goal:** Find out whether work in logistics suits you" in explore
    assert "**Length:** 25 minutes, as you asked" in explore
    with pytest.raises(ValueError, match="goal must be one of"):
        prep_sheet(ana(), HAND_PLAN, goal="get-hired")


def test_questions_are_grouped_by_tiara_part_in_tiara_order_and_numbered_through():
    text = prep_sheet(ana(), HAND_PLAN, as_of=TODAY)
    questions = section(text, "## Questions, in order (you may only reach a few)")
    headings = [line for line in questions.splitlines() if line.startswith("### ")]
    assert headings == [
        "### Trends: where the field is heading",
        "### Insights: their own work and path",
        "### Advice: what they would do in your place",
    ]
    numbered = [line for line in questions.splitlines() if line[:1].isdigit()]
    assert numbered == [
        "1. Where is logistics heading?",
        "2. What will the field need next?",
        "3. How did you start?",
        "4. What advice would you give me?",
    ]
    closing = section(text, "## Closing asks")
    assert "- Who else should I speak with?" in closing and "- How can I help you?" in closing
    assert "Who else" not in questions


def test_the_introduction_question_opens_before_the_tiara_parts():
    contact = ana()
    questions = suggest_questions(contact, minutes=30)
    text = prep_sheet(contact, questions, as_of=TODAY)
    first = section(text, "## Questions, in order (you may only reach a few)")
    assert first.lstrip().startswith(
        "### To open\n\n1. Sam Ortiz suggested I speak with you. How do you two know each other?"
    )
    bank = question_bank().set_index("id")["tiara"]
    assert set(questions["tiara"]) <= set(bank)


def test_a_past_meeting_is_when_you_last_spoke_never_when():
    five_months_ago = ana(met_on="2026-07-07", status="met")
    text = prep_sheet(five_months_ago, HAND_PLAN, as_of=TODAY)
    assert "**When:**" not in text
    assert "**Last spoke:** Tuesday 07 July 2026" in text
    coming = prep_sheet(ana(met_on="2026-12-10", status="scheduled"), HAND_PLAN, as_of=TODAY)
    assert "**When:** Thursday 10 December 2026" in coming and "Last spoke" not in coming
    today = prep_sheet(ana(met_on=TODAY, status="scheduled"), HAND_PLAN, as_of=TODAY)
    assert "**When:** Thursday 03 December 2026" in today


def test_a_meeting_in_the_past_of_the_real_today_is_not_upcoming():
    text = prep_sheet(ana(met_on="2026-01-05"), HAND_PLAN)  # as_of defaults to today
    assert "**When:**" not in text and "**Last spoke:** Monday 05 January 2026" in text


def test_what_you_asked_last_time_comes_from_the_notes_and_the_ids_given():
    notes = (
        "2026-07-07: Asked: What surprised you in your first year? Who hires graduates?\n"
        "Advice: read the annual report first\n"
        "2026-07-08 note: asked q002\n"
        "What tools does the team use?"
    )
    contact = ana(notes=notes)
    # q002 reads "How did you come to be a {role}? ...", filled in for this person
    expected = [
        "How do you two know each other, really?",
        "What surprised you in your first year?",
        "Who hires graduates?",
        "How did you come to be a Data Scientist? What was the path that led you here?",
        "What tools does the team use?",
    ]
    assert asked_before(contact, ["How do you two know each other, really?"]) == expected
    text = prep_sheet(
        contact, HAND_PLAN, asked=["How do you two know each other, really?"], as_of=TODAY
    )
    last_time = section(text, "## What you asked last time")
    assert [line[2:] for line in last_time.splitlines() if line.startswith("- ")] == expected
    assert "Advice: read the annual report" not in last_time


def test_no_earlier_questions_no_section():
    text = prep_sheet(ana(notes="Prefers calls"), HAND_PLAN, as_of=TODAY)
    assert "What you asked last time" not in text


def test_a_plan_without_a_tiara_column_is_grouped_from_the_bank():
    questions = suggest_questions(None, minutes=30).drop(columns="tiara")
    text = prep_sheet(ana(referred_by=None), questions, as_of=TODAY)
    assert "### Insights: their own work and path" in text and "More questions" not in text
    assert text.count("Notes:") == len(questions) - 2  # two closing asks


def test_a_today_beyond_the_years_a_date_holds_is_refused_in_words():
    """9999 used to be taken as a day after the meeting: its "When:" line was left out."""
    contact = ana(met_on="2026-12-10")
    questions = plan(("q1", "What surprised you?", "trends", "trends"))
    assert "**When:**" in prep_sheet(contact, questions, as_of=TODAY)
    with pytest.raises(ValueError, match=r"as_of='9999-12-03' is outside .* like 2024-03-12"):
        prep_sheet(contact, questions, as_of="9999-12-03")
