"""Outreach drafts, the lint rules, thank-yous and prep sheets."""

from __future__ import annotations

import pytest

from infoview_kit.outreach import (
    Me,
    draft_outreach,
    draft_thanks,
    lint_outreach,
    prep_sheet,
)
from infoview_kit.questions import suggest_questions

from .conftest import build

ME = {
    "name": "Jordan Lee",
    "school": "Lakeside University",
    "field": "economics",
    "graduation_year": 2026,
    "status": "final-year student",
    "interest": "careers in public policy",
}
GOOD = (
    "Dear Ana,\n\nSam Ortiz suggested I get in touch with you. I am Jordan, a final-year "
    "economics student exploring public policy, and your work on transport planning is what "
    "I would most like to learn about.\n\nWould you have 20 to 30 minutes to share your "
    "advice? I am happy to meet in person, by phone or by video, at a time that suits you.\n\n"
    "Thank you,\nJordan"
)


def people():
    return build(
        {
            "name": "Ana Costa",
            "company": "Meridian Transit Authority",
            "role": "Planner",
            "referred_by": "Sam Ortiz",
            "source": "referral",
        },
        {"name": "Bo Chen", "company": "Kestrel Games", "role": "Producer", "source": "alumni"},
        {"name": "Cy Park", "company": "Bluefin Health", "source": "event"},
        {"name": "Di Rossi", "company": "Larkspur Labs", "source": "cold", "industry": "biotech"},
        {"name": "Ed Wang", "source": "personal"},
        {
            "name": "Fay Long-Name-Hyphenated",
            "company": "Redwood & Pine Architects",
            "role": "Principal Architect",
            "source": "linkedin",
        },
    )


@pytest.mark.parametrize("row", range(6))
def test_drafts_follow_every_rule(row):
    contact = people().iloc[row]
    drafted = draft_outreach(contact, me=ME)
    assert lint_outreach(drafted.email, contact=contact) == []
    assert lint_outreach(drafted.linkedin, contact=contact, kind="linkedin") == []
    assert len(drafted.linkedin) <= 300
    assert len(drafted.email.split()) <= 150
    assert drafted.email.startswith(f"Dear {contact['name'].split()[0]},")
    for text in (drafted.email, drafted.linkedin):
        assert "20" in text and "30" in text


def test_referral_is_named_first():
    drafted = draft_outreach(people().iloc[0], me=ME)
    opening = drafted.email.split("\n\n")[1]
    assert opening.startswith("Sam Ortiz suggested")
    assert "Sam Ortiz" in drafted.subject


def test_a_very_long_introduction_still_fits_a_linkedin_note():
    me = dict(
        ME,
        school="The University of Somewhere With A Very Long Official Name",
        interest="careers in sustainable infrastructure finance and public-private "
        "partnerships across several regions",
    )
    note = draft_outreach(people().iloc[5], me=me).linkedin
    assert len(note) <= 300


def test_a_good_request_gets_no_findings():
    assert lint_outreach(GOOD, contact=people().iloc[0]) == []


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        (GOOD.replace("Sam Ortiz suggested I get in touch with you. ", ""), "how-you-found-them"),
        (GOOD.replace("Sam Ortiz suggested", "A friend suggested"), "how-you-found-them"),
        (GOOD + "\nAlso, is your team hiring?", "job-ask"),
        (GOOD + "\nAre there any openings at your company?", "job-ask"),
        (GOOD.replace("20 to 30 minutes", "an hour"), "time-bound"),
        (GOOD.replace("20 to 30 minutes", "45 minutes"), "time-bound"),
        (GOOD.replace("Would you have 20 to 30 minutes", "Would you be willing"), "time-bound"),
        (GOOD.replace(", at a time that suits you", ", on Tuesday at 9"), "flexibility"),
        (
            GOOD.replace(
                "I am Jordan, a final-year economics student exploring public policy, and your",
                "Your",
            ),
            "self-introduction",
        ),
        (
            GOOD + " " + " ".join(["I did my thesis and I led my team and I enjoyed my work."] * 3),
            "about-them",
        ),
        (GOOD + " " + " ".join(["word"] * 120), "too-long"),
    ],
)
def test_each_rule_fires(text, rule):
    findings = lint_outreach(text, contact=people().iloc[0])
    assert rule in [f.rule for f in findings]
    for finding in findings:
        assert finding.message and finding.suggestion


def test_linkedin_length_is_in_characters():
    note = (
        "Hi Ana! Sam Ortiz suggested I reach out. I'm Jordan, a student exploring policy. "
        "Could you spare 20 minutes, whenever suits you? " + "x" * 200
    )
    assert [f.rule for f in lint_outreach(note, contact=people().iloc[0], kind="linkedin")] == [
        "too-long"
    ]


def test_thank_you_is_specific_and_reminds_to_tell_the_referrer():
    thanks = draft_thanks(
        people().iloc[0],
        takeaways=["budgets drive the planning cycle"],
        me=ME,
        referrals=["Lee Kim"],
    )
    assert "budgets drive the planning cycle" in thanks.text
    assert "Lee Kim" in thanks.text
    assert len(thanks.text.split()) < 120
    assert any(r.startswith("Tell Sam Ortiz") for r in thanks.reminders)
    assert not any("Tell" in r for r in draft_thanks(people().iloc[1], me=ME).reminders)


def test_prep_sheet_sections_questions_and_file(tmp_path):
    contact = people().iloc[0]
    questions = suggest_questions(contact, minutes=30)
    target = tmp_path / "prep.md"
    text = prep_sheet(contact, questions, me=Me(**ME), path=target)
    assert target.read_text(encoding="utf-8") == text
    for heading in (
        "## Research first",
        "## Your 30-second introduction",
        "## Questions, in order",
        "## Closing asks",
        "## Follow-up plan",
    ):
        assert heading in text
    main = questions[~questions["theme"].isin(["referrals", "reciprocity"])]
    assert text.count("Notes:") == len(main)
    assert "Tell Sam Ortiz how the conversation went." in text


def test_prep_sheet_escapes_what_a_contact_field_holds():
    contact = build({"name": "<script>alert(1)</script>", "company": "[click](javascript:x)"}).iloc[
        0
    ]
    text = prep_sheet(contact, suggest_questions(contact), me=ME)
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "[click](" not in text
