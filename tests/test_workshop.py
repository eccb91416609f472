"""The workshop: a 60-minute agenda, tables people can read, widgets instead of code, and the
notebook running on the sample and on a bare LinkedIn export."""

from __future__ import annotations

import datetime
import json
import re

import nbformat
import papermill as pm
import pytest

from infoview_kit.questions import question_bank, suggest_questions
from infoview_kit.reports import notebook_path
from infoview_kit.workshop import (
    AGENDA,
    agenda_view,
    default_person,
    follow_up_view,
    person_label,
    question_view,
    rates_view,
)
from infoview_kit.workshop_widgets import BAD_REQUEST, Workshop

from .conftest import FIXTURES, ROOT, build

LINKEDIN = FIXTURES / "linkedin_connections.csv"
SAMPLE = ROOT / "data" / "sample_contacts.csv"
BOOLEAN = re.compile(r"\b(True|False)\b")


def test_the_agenda_fills_sixty_minutes_and_the_notebook_keeps_its_times():
    assert sum(part.minutes for part in AGENDA) == 60
    text = str(agenda_view())
    # 7 + 8 + 8 = 23 minutes in, exercise 3 runs 12 minutes, to 0:35
    assert "<b>0:23&ndash;0:35</b> (12 min) Exercise 3: plan the questions" in text
    assert "<b>0:55&ndash;1:00</b> (5 min) Wrap-up" in text and "Total: 60 minutes." in text
    source = (ROOT / "notebooks" / "workshop.py").read_text(encoding="utf-8")
    said = re.findall(r"^# ## .*\((\d:\d\d) to (\d:\d\d)", source, flags=re.M)
    shown = re.findall(r"<b>(\d:\d\d)&ndash;(\d:\d\d)</b>", text)
    assert said == shown
    assert source.count("*Facilitator") >= 6 and "## By the end of the hour you can" in source
    assert ".iloc" not in source  # people pick with the controls, not by editing code


def test_rates_are_whole_percentages_with_their_range_in_words():
    people = [
        {"name": f"R{i}", "source": "referral", "contacted_on": "2026-10-01"} for i in range(4)
    ]
    for person in people[:3]:
        person.update(responded=True, responded_on="2026-10-03")
    text = str(rates_view(build(*people), as_of="2026-11-01"))
    # 3 of 4: Wilson 95% interval by hand, (0.75 + 0.4802 -/+ 0.6408) / 1.9604 = 0.30 to 0.95
    assert (
        "<b>referral</b>: 3 of 4 answered (75%), likely between 30% and 95% "
        "(few requests: a rough guide)" in text
    )
    assert "0.75" not in text and not BOOLEAN.search(text)


def test_a_sheet_with_no_requests_says_so_instead_of_an_empty_list():
    contacts = build({"name": "Ana Díaz", "company": "Northwind", "added_on": "2026-01-05"})
    assert "No requests are recorded" in str(rates_view(contacts))
    assert "No follow-ups are due" in str(follow_up_view(contacts, as_of="2026-02-01"))


def test_follow_ups_say_when_in_words_and_never_true_or_false():
    contacts = build(
        {
            "name": "Ana Díaz",
            "company": "Northwind",
            "contacted_on": "2026-10-20",
            "responded": True,
            "responded_on": "2026-10-22",
            "met_on": "2026-11-02",
            "status": "met",
            "referred_by": "Sam Ortiz",
        }
    )
    text = str(follow_up_view(contacts, as_of="2026-11-05"))
    # met Monday 2 Nov: the thank-you was due the next day, Tuesday 3 Nov
    assert (
        "<b>Ana Díaz</b> (Northwind): send a thank-you, overdue since Tue\u00a003\u00a0Nov" in text
    )
    assert "Let Sam Ortiz know you met Ana Díaz" in text
    assert "2 follow-ups due, 2 of them overdue." in text
    assert not BOOLEAN.search(text)


def test_follow_ups_beyond_the_limit_are_counted_not_cut():
    people = [{"name": f"P{i}", "met_on": "2026-11-02", "status": "met"} for i in range(13)]
    text = str(follow_up_view(build(*people), as_of="2026-11-05", limit=10))
    assert text.count("<li>") == 10 and "... and 3 more." in text


def test_questions_are_shown_in_full_with_their_tiara_part_in_words():
    plan = suggest_questions(None, minutes=45)
    text = str(question_view(plan))
    long = [q for q in plan["question"] if len(q) > 60]
    assert long, "the test needs questions longer than pandas' 50-character cut"
    for question in plan["question"]:
        assert question.replace("'", "&#x27;") in text
    assert "Trends: where the field is heading" in text or "Insights: their own" in text
    assert "industry-trends" not in text and "..." not in text
    last = text.split("<li>")[-1]
    assert last.startswith(plan["question"].iloc[-1]) and "<i>To close</i>. Closing:" in last


def test_a_question_with_markup_is_escaped():
    plan = suggest_questions({"company": "<b>Bold</b>"}, goal="research", minutes=30)
    text = str(question_view(plan))
    if plan["question"].str.contains("<b>").any():
        assert "&lt;b&gt;Bold&lt;/b&gt;" in text and "<b>Bold" not in text
    assert set(plan["tiara"]) <= set(question_bank()["tiara"])


def test_the_default_person_is_someone_introduced_you_have_not_met():
    contacts = build(
        {"name": "Met Already", "referred_by": "Sam", "met_on": "2026-10-01"},
        {"name": "No Intro", "company": "Acme"},
        {"name": "To Prepare", "referred_by": "Sam", "company": "Acme"},
    )
    assert default_person(contacts) == 2
    assert default_person(contacts.iloc[[0, 1]]) == 0  # introduced beats a company alone
    assert default_person(contacts.iloc[[1]]) == 1
    assert default_person(contacts.iloc[[]]) is None
    assert person_label(contacts.loc[2]) == "To Prepare: Acme"
    blank_role = contacts.loc[2].copy()
    blank_role["role"] = ""  # as a sheet with an empty cell gives it
    assert person_label(blank_role) == "To Prepare: Acme"  # as the picker shows it


def test_picking_a_person_with_the_picker_redraws_the_questions():
    ws = Workshop(LINKEDIN)
    exercise = ws.questions()
    assert len(exercise.picker.options) == 5
    assert exercise.picker.value.startswith("Ada Okafor: Data Scientist")
    other = next(o for o in exercise.picker.options if o.startswith("Chloé Martin"))
    exercise.picker.value = other
    assert ws.contact["name"] == "Chloé Martin"
    assert "questions for Chloé Martin: Director, Strategy, Cobalt &amp; Finch" in (
        exercise.view.value
    )
    exercise.minutes.value = 15
    assert exercise.view.value.startswith("<h4>5 questions for Chloé Martin")
    assert exercise.error.value == ""


def test_uploading_a_sheet_switches_every_exercise_to_it():
    ws = Workshop(LINKEDIN)
    questions, follow, picker = ws.questions(), ws.follow_ups(), ws.sheet_picker()
    assert "No follow-ups are due" in follow.view.value
    assert "linkedin_connections.csv (5 contacts)" in picker.status.value
    ws.use(SAMPLE.read_bytes(), "my sheet.csv")
    assert "my sheet.csv (150 contacts)" in picker.status.value
    assert len(questions.picker.options) == 150
    assert "follow-ups due" in follow.view.value and follow.error.value == ""


def test_picking_a_person_redraws_only_the_exercises_about_that_person():
    ws = Workshop(SAMPLE)
    views = {"funnel": ws.funnel(), "follow-ups": ws.follow_ups()}
    views.update(questions=ws.questions(), request=ws.request())
    drawn = dict.fromkeys(views, 0)

    def counted(name, render):
        def render_and_count(ws):
            drawn[name] += 1
            return render(ws)

        return render_and_count

    for name, view in views.items():
        view.render = counted(name, view.render)
    ws.person = next(i for i in ws.contacts.index if i != ws.person)
    assert drawn == {"funnel": 0, "follow-ups": 0, "questions": 1, "request": 1}
    ws.use(LINKEDIN.read_bytes(), "linkedin.csv")  # a new sheet redraws every one
    assert all(drawn[name] >= 1 + (name in ("questions", "request")) for name in views)
    assert "this sheet. listed: 5, contacted: 0" in views["funnel"].view.value


def test_the_request_checker_follows_the_draft_as_it_is_edited():
    ws = Workshop(SAMPLE)
    exercise = ws.request()
    assert exercise.draft.value == BAD_REQUEST
    before = int(re.search(r"The checker found (\d+)", exercise.view.value).group(1))
    assert before >= 3
    exercise.draft.value = (
        "Dear Felix,\n\nSami Patel suggested I get in touch with you. I am Jordan, a "
        "final-year statistics student exploring careers in consulting, and your work at "
        "Cobalt & Finch is what I would most like to learn about. Would you have 20 to 30 "
        "minutes to share your advice? I am happy to talk in person, by phone or by video, "
        "at a time that suits you.\n\nBest regards,\nJordan"
    )
    assert "The checker found nothing to change." in exercise.view.value
    assert "The kit's draft to Felix Zielinski:" in exercise.view.value
    exercise.me.value = "Jordan Lee"
    assert "Best regards,\nJordan Lee</div>" in exercise.view.value


def test_the_week_exercise_is_the_apps_planner_on_the_workshops_sheet():
    ws = Workshop(LINKEDIN)
    week = ws.week()
    assert "download='weekly_plan.md'" in week.planner.downloads.value
    assert "download='weekly_plan.ics'" in week.planner.downloads.value
    assert "Still worth waiting?" in week.chance.value
    assert week.planner.minutes.value == 90 and week.planner.weekly_goal.value == 3
    before = week.planner.plan
    ws.use(SAMPLE.read_bytes(), "sample.csv")  # a new sheet is planned again
    assert week.planner.plan is not before and week.error.value == ""
    assert "Ask for a conversation" in week.planner.table.value


def _run(tmp_path, **parameters):
    out = tmp_path / "workshop.ipynb"
    pm.execute_notebook(
        str(notebook_path("workshop.ipynb")),
        str(out),
        parameters=parameters,
        cwd=str(notebook_path("workshop.ipynb").parent),
        progress_bar=False,
        kernel_name="python3",
    )
    executed = nbformat.read(out, as_version=4)
    outputs = [o for c in executed.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    return executed, json.dumps(executed.metadata.get("widgets", {}))


@pytest.mark.slow
def test_the_workshop_runs_on_the_sample(tmp_path):
    executed, widgets = _run(tmp_path)
    assert "sample_contacts.csv (150 contacts)" in widgets
    assert "questions for Felix Zielinski" in widgets  # introduced by Sami Patel, not met yet
    assert "Who else would you suggest I speak with to learn more about this?" in widgets
    assert "follow-ups due" in widgets and "likely between" in widgets


@pytest.mark.slow
def test_the_workshop_runs_on_a_linkedin_export(tmp_path):
    executed, widgets = _run(tmp_path, contacts_path=str(LINKEDIN))
    injected = [c for c in executed.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and "linkedin_connections.csv" in injected[0].source
    assert "linkedin_connections.csv (5 contacts)" in widgets
    assert "questions for Ada Okafor" in widgets
    assert "No follow-ups are due" in widgets and "No requests are recorded" in widgets


def test_a_second_conversation_gets_new_questions():
    ws = Workshop(LINKEDIN)
    exercise = ws.questions()
    first = suggest_questions(ws.contact, minutes=30)["question"].iloc[0]
    assert first in exercise.view.value
    notes = ws.contacts["notes"].astype("object")
    notes.loc[ws.person] = f"2026-07-07: Asked: {first}"
    ws.contacts = ws.contacts.assign(notes=notes)
    assert first not in exercise.view.value


def _upload(picker, name: str, data: bytes, size: int | None = None) -> None:
    picker.upload.value = (
        {
            "name": name,
            "type": "text/csv",
            "size": len(data) if size is None else size,
            "content": memoryview(data),
            "last_modified": datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC),
        },
    )


def test_the_upload_button_switches_the_sheet_and_says_what_went_wrong():
    ws = Workshop(SAMPLE)
    picker, week = ws.sheet_picker(), ws.week()
    _upload(picker, "connections.csv", LINKEDIN.read_bytes())
    assert "connections.csv (5 contacts)" in picker.status.value and picker.error.value == ""
    assert "Chloé Martin" in week.planner.table.value  # the plan asks people from the new sheet
    _upload(picker, "huge.csv", b"name\nAna\n", size=60 * 2**20)
    assert "huge.csv is over 50 MB" in picker.error.value
    assert "connections.csv (5 contacts)" in picker.status.value  # the sheet in use is kept


def test_two_people_with_the_same_label_can_both_be_picked():
    from infoview_kit.workshop_widgets import _picker_options

    contacts = build(
        {"name": "Sam Lee", "company": "Acme", "status": "met"},
        {"name": "Sam Lee", "company": "Acme", "status": "met"},
        {"name": "Kim Ng", "role": "Analyst"},
    )
    assert _picker_options(contacts) == {
        "Sam Lee: Acme (met)": 0,
        "Sam Lee: Acme (met) [row 1]": 1,
        "Kim Ng: Analyst": 2,
    }
