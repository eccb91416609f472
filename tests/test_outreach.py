"""Outreach drafts, the lint rules, thank-yous and prep sheets."""

from __future__ import annotations

import pytest

from infoview_kit.outreach import (
    Me,
    draft_outreach,
    draft_thanks,
    lint_outreach,
)
from infoview_kit.outreach_lint import durations
from infoview_kit.prep import prep_sheet
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


def test_a_draft_without_your_name_leaves_a_visible_blank_the_checker_flags():
    ana = people().iloc[0]
    drafted = draft_outreach(ana)  # nobody said who is asking
    assert "I am [your name]," in drafted.email and drafted.email.endswith("[your name]")
    assert "I'm [your name]," in drafted.linkedin and "Your Name" not in drafted.email
    for text, kind in ((drafted.email, "email"), (drafted.linkedin, "linkedin")):
        rules = [f.rule for f in lint_outreach(text, contact=ana, kind=kind)]
        assert rules == ["blank-to-fill"]
    named = draft_outreach(ana, me=ME)
    assert lint_outreach(named.email, contact=ana) == []


def test_alumni_drafts_read_well_with_and_without_a_school():
    alumnus = {"name": "Lee Park", "source": "alumni"}
    without = draft_outreach(alumnus, me={"name": "Jordan Lee"})
    assert "through our school's alumni network" in without.email
    assert "the our" not in without.email + without.linkedin
    assert "via our alumni network" in without.linkedin
    with_school = draft_outreach(alumnus, me=ME)
    assert "through the Lakeside University alumni network" in with_school.email


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


# ---------------------------------------------------------------------------------------------
# The linter's verdicts, draft by draft (rules: found = how-you-found-them, job = job-ask,
# long = too-long, time = time-bound, flex = flexibility, self = self-introduction,
# them = about-them). Every rule not listed for a draft must pass it.
# ---------------------------------------------------------------------------------------------

HI = "Dear Ana,\n\n"
FOUND = "I found your name through the Lakeside alumni network."
SELF = (
    "I am Jordan, a final-year economics student exploring public policy, and your work on "
    "transport planning is what I would most like to learn about."
)
ASK = "Would you have 20 to 30 minutes to share your advice?"
FLEX = "I am happy to talk in person, by phone or by video, at a time that suits you."
BYE = "\n\nThank you,\nJordan"


def mail(found=FOUND, me=SELF, ask=ASK, flex=FLEX, extra=""):
    """An e-mail made of its parts, each replaceable."""
    return HI + " ".join(p for p in (found, me, ask, flex, extra) if p) + BYE


NOTE_FOUND = "Hi Ana! I found you via Lakeside alumni."
NOTE_SELF = "I'm Jordan, a student exploring policy."
NOTE_ASK = "Could you spare 20-30 minutes, whenever suits you, to share your advice?"


def note(found=NOTE_FOUND, me=NOTE_SELF, ask=NOTE_ASK, extra=""):
    """A LinkedIn note made of its parts."""
    return " ".join(p for p in (found, me, ask, extra, "Thank you! Jordan") if p)


MY_STORY = " ".join(["I did my thesis and I led my team and I enjoyed my work."] * 3)
REFERRED = {"name": "Ana Costa", "referred_by": "Sam Ortiz"}
DRAFTS = [
    # id, kind, text, contact, rules it breaks
    ("good e-mail", "email", mail(), None, ""),
    ("half an hour", "email", mail(ask="Could you spare half an hour for your advice?"), None, ""),
    (
        "a quarter of an hour",
        "email",
        mail(ask="Could you spare a quarter of an hour for your advice?"),
        None,
        "",
    ),
    ("ten minutes", "email", mail(ask="Could you spare ten minutes for your advice?"), None, ""),
    (
        "twenty to thirty minutes",
        "email",
        mail(ask="Would you have twenty to thirty minutes for your advice?"),
        None,
        "",
    ),
    ("fifteen minutes", "email", mail(ask="Might we talk for fifteen minutes?"), None, ""),
    ("ten to 15 minutes", "email", mail(ask="Might we talk for ten to 15 minutes?"), None, ""),
    (
        "not asking for a job",
        "email",
        mail(extra="I'm not asking for a job; your advice is what would help."),
        None,
        "",
    ),
    ("not a job request", "email", mail(extra="This is not a job request."), None, ""),
    (
        "referral named",
        "email",
        mail(found="Sam Ortiz suggested I get in touch with you."),
        REFERRED,
        "",
    ),
    ("no how-found", "email", mail(found=""), None, "found"),
    (
        "referral not named",
        "email",
        mail(found="A friend suggested I get in touch with you."),
        REFERRED,
        "found",
    ),
    (
        "recruiting or roles",
        "email",
        mail(extra="Is your team recruiting, or are there any roles?"),
        None,
        "job",
    ),
    (
        "pass my CV",
        "email",
        mail(extra="Could you pass my CV to your hiring manager?"),
        None,
        "job",
    ),
    ("refer me", "email", mail(extra="Would you refer me for the analyst position?"), None, "job"),
    ("openings", "email", mail(extra="Are there any openings at your company?"), None, "job"),
    ("apply", "email", mail(extra="I hope to apply for a role on your team."), None, "job"),
    ("not sure if hiring", "email", mail(extra="I'm not sure if you are hiring."), None, "job"),
    (
        "denial then a job ask",
        "email",
        mail(extra="I'm not looking for a job, but is your team hiring?"),
        None,
        "job",
    ),
    ("an hour", "email", mail(ask="Would you have an hour to share your advice?"), None, "time"),
    (
        "forty-five minutes",
        "email",
        mail(ask="Might we talk for forty-five minutes?"),
        None,
        "time",
    ),
    ("sixty minutes", "email", mail(ask="Might we talk for sixty minutes?"), None, "time"),
    ("hour and a half", "email", mail(ask="Might we talk for an hour and a half?"), None, "time"),
    (
        "three quarters of an hour",
        "email",
        mail(ask="Might we talk for three quarters of an hour?"),
        None,
        "time",
    ),
    ("over lunch", "email", mail(ask="Might I take you out for lunch?"), None, "time"),
    ("no length", "email", mail(ask="Would you be willing to share your advice?"), None, "time"),
    (
        "a fixed time",
        "email",
        mail(flex="Shall we speak on Tuesday at 9, by phone?"),
        None,
        "flex",
    ),
    (
        "no introduction",
        "email",
        mail(me="Your work on transport planning interests me."),
        None,
        "self",
    ),
    ("all about me", "email", mail(extra=MY_STORY), None, "them"),
    ("too many words", "email", mail(extra=" ".join(["word"] * 120)), None, "long"),
    (
        "several at once",
        "email",
        mail(found="", ask="Do you have an hour? Is your team hiring?"),
        None,
        "found job time",
    ),
    ("good note", "linkedin", note(), None, ""),
    (
        "note: half an hour",
        "linkedin",
        note(ask="Could you spare half an hour, whenever suits you?"),
        None,
        "",
    ),
    (
        "note: ten minutes",
        "linkedin",
        note(ask="Could you spare ten minutes, whenever suits you?"),
        None,
        "",
    ),
    (
        "note: a quarter of an hour",
        "linkedin",
        note(ask="Could you spare a quarter of an hour at your convenience?"),
        None,
        "",
    ),
    (
        "note: not asking for a job",
        "linkedin",
        note(extra="I'm not asking for a job, only your advice."),
        None,
        "",
    ),
    (
        "note: referral",
        "linkedin",
        note(found="Hi Ana! Sam Ortiz suggested I reach out."),
        REFERRED,
        "",
    ),
    ("note: hiring", "linkedin", note(extra="Is your team hiring?"), None, "job"),
    (
        "note: refer me",
        "linkedin",
        note(extra="Could you refer me for the analyst position?"),
        None,
        "job",
    ),
    ("note: pass my resume", "linkedin", note(extra="Please pass my resume on."), None, "job"),
    ("note: too long", "linkedin", note(extra="x" * 160), None, "long"),
    ("note: no length", "linkedin", note(ask="Could we talk, whenever suits you?"), None, "time"),
    (
        "note: an hour",
        "linkedin",
        note(ask="Could we talk for an hour, whenever suits you?"),
        None,
        "time",
    ),
    ("note: no how-found", "linkedin", note(found="Hi Ana!"), None, "found"),
    (
        "note: fixed time",
        "linkedin",
        note(ask="Could we talk for 20 minutes on Friday?"),
        None,
        "flex",
    ),
    ("note: no introduction", "linkedin", note(me=""), None, "self"),
    (
        "name left blank",
        "email",
        mail(me=SELF.replace("Jordan", "[your name]")).replace("\nJordan", "\n[your name]"),
        None,
        "blank",
    ),
    ("note: name left blank", "linkedin", note(me="I'm [your name], a student."), None, "blank"),
    ("template field", "email", mail(extra="I admire {company}."), None, "blank"),
    (
        "a template's Your Name",
        "email",
        mail(me=SELF.replace("Jordan", "Your Name")),
        None,
        "blank",
    ),
]
RULES = {
    "blank": "blank-to-fill",
    "found": "how-you-found-them",
    "job": "job-ask",
    "long": "too-long",
    "time": "time-bound",
    "flex": "flexibility",
    "self": "self-introduction",
    "them": "about-them",
}


@pytest.mark.parametrize(
    ("kind", "text", "contact", "broken"),
    [pytest.param(*row[1:], id=row[0]) for row in DRAFTS],
)
def test_the_verdict_of_every_rule_on_each_draft(kind, text, contact, broken):
    if kind == "linkedin":
        assert len(text) <= 300 or "long" in broken
    findings = lint_outreach(text, contact=contact, kind=kind)
    verdicts = {rule: rule in [f.rule for f in findings] for rule in RULES.values()}
    assert verdicts == {RULES[short]: short in broken.split() for short in RULES}


def test_the_table_covers_every_rule_both_ways_and_both_kinds():
    assert len(DRAFTS) >= 40
    for short in RULES:
        assert any(short in row[4].split() for row in DRAFTS)
    assert {row[1] for row in DRAFTS} == {"email", "linkedin"}
    assert sum(row[4] == "" for row in DRAFTS) >= 12


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("twenty-five minutes", [25]),
        ("20 to 30 minutes, or half an hour", [30, 30]),
        ("a quarter of an hour", [15]),
        ("three quarters of an hour", [45]),
        ("an hour and a half", [90]),
        ("two hours", [120]),
        ("ten mins", [10]),
        ("a few words, no time", []),
    ],
)
def test_durations_read_digits_and_words(text, minutes):
    assert durations(text) == minutes
