"""The question bank and suggest_questions."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from infoview_kit.questions import (
    GOALS,
    THEME_LABELS,
    THEMES,
    TIARA,
    TIARA_LABELS,
    question_bank,
    question_count,
    suggest_questions,
)
from infoview_kit.schema import SENIORITY

from .conftest import build

JOB_ASK = re.compile(
    r"\b(?:hire|hiring|job opening|vacanc|position available|get me a job|"
    r"refer me for|openings)\b",
    re.IGNORECASE,
)


def test_bank_is_valid():
    bank = question_bank()
    usable = bank[~bank["online"]]
    assert len(usable) >= 80
    assert bank["id"].is_unique and bank["question"].is_unique
    assert set(bank["theme"]) == set(THEMES)
    assert set(bank["tiara"]) <= set(TIARA) and set(bank["tiara"]) == set(TIARA)
    assert all(set(g) <= set(GOALS) and g for g in bank["goals"])
    assert all(set(s) <= set(SENIORITY) | {"any"} for s in bank["seniority"])
    assert set(bank["priority"]) == {1, 2, 3}
    for needs in bank["needs"]:
        assert set(needs) <= {"company", "role", "industry", "referred_by"}
    assert not bank["question"].str.contains(JOB_ASK).any()
    assert bank["question"].str.endswith("?").all()  # open questions, asked as questions
    assert not bank["question"].str.match(r"^(Do|Did|Is|Are|Was|Can|Could|Would) ").all()


@pytest.mark.parametrize(
    ("minutes", "low", "high"), [(15, 4, 6), (30, 8, 10), (45, 11, 13), (60, 1, 15), (120, 1, 15)]
)
def test_about_one_question_per_three_minutes(minutes, low, high):
    assert low <= question_count(minutes) <= high
    plan = suggest_questions(None, minutes=minutes)
    assert low <= len(plan) <= high


def test_closes_with_referrals_then_reciprocity_and_never_online_or_job_asks():
    for goal in GOALS:
        for minutes in (15, 30, 60):
            plan = suggest_questions(None, goal=goal, minutes=minutes)
            assert plan["theme"].tolist()[-2:] == ["referrals", "reciprocity"]
            assert (plan["theme"].isin(["referrals", "reciprocity"])).sum() == 2
            online = set(question_bank().loc[question_bank()["online"], "id"])
            assert not set(plan["id"]) & online
            assert not plan["question"].str.contains(JOB_ASK).any()
            assert list(plan.columns) == ["id", "question", "theme", "tiara", "priority", "reason"]


def test_main_questions_in_priority_order():
    plan = suggest_questions(None, minutes=45)
    main = plan[~plan["theme"].isin(["referrals", "reciprocity"])]
    assert main["priority"].is_monotonic_increasing


def test_tailored_to_the_contact():
    established = build(
        {
            "name": "Ana Costa",
            "company": "Larkspur Labs",
            "role": "Director",
            "industry": "biotech",
            "seniority": "established",
            "referred_by": "Sam Ortiz",
        }
    ).iloc[0]
    plan = suggest_questions(established, minutes=30)
    first = plan["question"].iloc[0]
    assert first.startswith("Sam Ortiz suggested I speak with you")  # the referrer opens
    assert "introduced you" in plan["reason"].iloc[0]
    assert plan["question"].str.contains("where do you see biotech heading", case=False).any()
    assert not plan["question"].str.contains(r"\{").any()  # every template filled
    assert not plan["question"].str.contains("first role after").any()

    emerging = build(
        {"name": "Bo", "company": "Kestrel Games", "role": "Analyst", "seniority": "emerging"}
    ).iloc[0]
    plan = suggest_questions(emerging, goal="job-search", minutes=30)
    assert plan["question"].str.contains("land your first role").any()
    assert not plan["question"].str.contains("suggested I speak").any()  # no referrer
    assert plan["question"].str.contains("Analyst|Kestrel Games").any()


def test_without_a_contact_templates_read_naturally():
    plan = suggest_questions(None, goal="research", minutes=60)
    assert not plan["question"].str.contains(r"\{|None|nan").any()


def test_deterministic_and_exclude_gives_new_questions():
    contact = build({"name": "Cy", "company": "Bluefin Health", "seniority": "mid-career"}).iloc[0]
    first = suggest_questions(contact, minutes=30)
    pd.testing.assert_frame_equal(first, suggest_questions(contact, minutes=30))
    main = first[~first["theme"].isin(["referrals", "reciprocity"])]
    second = suggest_questions(contact, minutes=30, exclude=main["id"])
    assert not set(second["id"]) & set(main["id"])
    assert len(second) == len(first)
    by_text = suggest_questions(contact, minutes=30, exclude=main["question"])
    assert not set(by_text["question"]) & set(main["question"])


def test_unknown_goal_is_refused():
    with pytest.raises(ValueError, match="goal must be one of"):
        suggest_questions(None, goal="get-hired")


def _published() -> pd.DataFrame:
    from importlib import resources

    ledger = resources.files("infoview_kit").joinpath("data", "published_question_ids.csv")
    with ledger.open(encoding="utf-8") as f:
        return pd.read_csv(f, dtype="str", keep_default_na=False)


def test_published_ids_keep_their_meaning_and_never_disappear():
    """People keep the ids of questions they asked (``exclude=``): an id is a promise."""
    bank = question_bank().set_index("id")["question"]
    for row in _published().itertuples(index=False):
        assert row.id in bank.index, f"published question {row.id} was removed"
        assert bank[row.id] == row.question, f"{row.id} now asks something else"


def test_every_question_in_the_bank_is_recorded_as_published():
    # A new question gets the next free id and a line in the ledger in the same change.
    assert set(question_bank()["id"]) == set(_published()["id"])


def test_a_bank_with_a_repeated_id_is_refused(monkeypatch, tmp_path):
    from infoview_kit import questions

    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "questions.csv").write_text(
        "id,question\nq001,One?\nq001,Two?\n", encoding="utf-8"
    )
    monkeypatch.setattr(questions.resources, "files", lambda package: tmp_path)
    with pytest.raises(ValueError, match="q001"):
        questions._read_bank("questions.csv")


def test_every_tiara_part_and_theme_is_said_in_plain_words():
    bank = question_bank()
    assert set(bank["tiara"]) <= set(TIARA) == set(TIARA_LABELS)
    assert set(bank["theme"]) <= set(THEMES) == set(THEME_LABELS)
    for words in [*TIARA_LABELS.values(), *THEME_LABELS.values()]:
        assert "-" not in words.split(":")[0] and words[0].isupper()
    assert TIARA_LABELS["trends"].startswith("Trends")


def test_each_suggestion_carries_its_tiara_part_from_the_bank():
    plan = suggest_questions(None, minutes=30)
    parts = question_bank().set_index("id")["tiara"]
    assert plan["tiara"].tolist() == parts.loc[plan["id"]].tolist()
    # q002 ("How did you come to be a {role}?") is about their own path: an insight
    assert parts["q002"] == "insights"
