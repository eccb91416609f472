"""The app's widget driven from Python: loading, uploads, about-me, downloads, visible errors."""

from __future__ import annotations

import base64
import datetime
import re
import shutil
import subprocess
import sys

import pandas as pd

from infoview_kit import app as app_module
from infoview_kit import check_contacts
from infoview_kit.app import InterviewApp

from .conftest import FIXTURES, ROOT

SAMPLE = ROOT / "data" / "sample_contacts.csv"


def links(html):
    found = re.findall(r"download='([^']+)' href='data:[^;]+;base64,([^']+)'", html)
    return {name: base64.b64decode(data) for name, data in found}


def upload(app, path):
    data = path.read_bytes()
    app.upload.value = (
        {
            "name": path.name,
            "type": "text/csv",
            "size": len(data),
            "content": memoryview(data),
            "last_modified": datetime.datetime(2026, 11, 1),
        },
    )


def test_starts_on_a_sheet_and_says_what_it_understood():
    app = InterviewApp(SAMPLE, as_of="2026-11-01")
    assert "150 contacts" in app.understood.value and app.error.value == ""
    # each tab's tool (settings too) is made when the tab is first opened: only the questions
    made = [[type(c).__name__ for c in slot.children] for slot in app.tabs.children]
    assert made == [["QuestionPlanner"], [], [], [], [], [], []]
    for index in range(len(app.tabs.children)):
        app.tabs.selected_index = index
    assert [type(slot.children[0]).__name__ for slot in app.tabs.children] == [
        "QuestionPlanner",
        "OutreachDrafter",
        "ThankYouNote",
        "FollowUpBoard",
        "TrackerPanel",
        "WeeklyPlanner",
        "Settings",
    ]
    assert app.error.value == ""
    assert app.record.save.disabled  # the bundled sample is never written into


def test_upload_replaces_the_contacts_and_a_bad_upload_says_why():
    app = InterviewApp(SAMPLE, as_of="2026-11-01")
    upload(app, FIXTURES / "linkedin_connections.csv")
    assert len(app.contacts) == 5 and "linkedin_connections.csv" in app.understood.value
    assert len(app.planner.contact.options) == 6
    upload(app, FIXTURES / "picture.csv")
    assert "could not be read" in app.understood.value
    assert len(app.contacts) == 5  # the previous sheet stays


def test_a_new_sheet_closes_the_previous_sheets_tabs():
    app = InterviewApp(SAMPLE, as_of="2026-11-01")
    old = [app.planner, app.drafter, app.board]
    inside = [*old[0].children, *old[0].list.children]
    upload(app, FIXTURES / "linkedin_connections.csv")
    assert all(tool.comm is None for tool in old)  # gone from the kernel and the page
    assert all(widget.comm is None for widget in inside)
    assert app.planner is not old[0] and app.planner.comm is not None
    assert app.planner.error.value == "" and len(app.planner.list.children) == 9


def test_the_weekly_goal_reaches_the_new_sheets_week_only():
    app = InterviewApp(SAMPLE, as_of="2026-11-01")
    old = app.week
    upload(app, FIXTURES / "linkedin_connections.csv")
    new = app.week
    app.settings.weekly_goal.value = 3
    assert new.weekly_goal.value == 3
    assert old.weekly_goal.value == 5  # the closed week no longer follows, nor plans again


def test_about_me_reaches_the_drafts():
    app = InterviewApp(SAMPLE, as_of="2026-11-01")
    app.your_name.value = "Jordan Lee"
    app.your_interest.value = "careers in public policy"
    assert "careers in public policy" in app.drafter.text.value
    assert app.drafter.text.value.rstrip().endswith("Jordan Lee")


def test_downloads_hold_the_prep_sheet_and_calendar():
    app = InterviewApp(SAMPLE, as_of="2026-11-01")
    app.prepare_downloads.click()
    links = dict(
        re.findall(r"download='([^']+)' href='data:[^;]+;base64,([^']+)'", app.downloads.value)
    )
    assert base64.b64decode(links["prep_sheet.md"]).decode().startswith("# Conversation")
    assert base64.b64decode(links["follow-ups.ics"]).startswith(b"BEGIN:VCALENDAR")


def test_a_failing_action_shows_its_error(monkeypatch):
    app = InterviewApp(SAMPLE, as_of="2026-11-01")

    def broken(*args, **kwargs):
        raise ValueError("calendar could not be made")

    monkeypatch.setattr(app_module, "to_ics", broken)
    app.prepare_downloads.click()
    assert "calendar could not be made" in app.error.value and "role='alert'" in app.error.value


def test_an_uploaded_sheet_gets_a_meeting_logged_and_downloads_with_it(tmp_path):
    app = InterviewApp(SAMPLE, as_of="2026-11-01")
    upload(app, FIXTURES / "tracker" / "bom_crlf.csv")
    record = app.record
    assert record.save.disabled and app.board.save.disabled  # an upload is downloaded
    record.contact.value = 2  # Maya Cohen
    record.event.value = "met"
    record.day.value = datetime.date(2026, 10, 30)
    record.note.value = "talked about product roles"
    record.log_event.click()
    assert app.error.value == "" and record.error.value == ""
    assert "met Maya Cohen on 2026-10-30" in record.history.value
    assert app.contacts.loc[2, "met_on"] == pd.Timestamp("2026-10-30")
    # the other tools follow the record: Maya is now due a thank-you
    assert "Maya Cohen" in set(app.board.due["name"])
    record.prepare.click()
    data = links(record.download.value)["bom_crlf.csv"]
    (tmp_path / "bom_crlf.csv").write_bytes(data)
    downloaded = check_contacts(tmp_path / "bom_crlf.csv").contacts
    assert downloaded.loc[2, "met_on"] == pd.Timestamp("2026-10-30")
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\r\n") == 5
    app.prepare_downloads.click()
    assert "bom_crlf.csv" in links(app.downloads.value)


def test_adding_a_contact_reaches_every_tool_and_undo_takes_it_back():
    app = InterviewApp(SAMPLE, as_of="2026-11-01")
    before = len(app.planner.contact.options)
    app.record.new["name"].value = "Sam Reyes"
    app.record.new["company"].value = "Orbit Labs"
    app.record.add.click()
    assert len(app.planner.contact.options) == before + 1
    assert "Sam Reyes · not asked yet (Orbit Labs)" in [
        label for label, _ in app.drafter.contact.options
    ]
    assert app.record.contact.label.startswith("Sam Reyes")
    app.record.undo.click()
    assert len(app.planner.contact.options) == before and app.record.undo.disabled


def test_started_on_a_file_it_saves_into_it(tmp_path):
    path = shutil.copy(FIXTURES / "tracker" / "european.csv", tmp_path / "mine.csv")
    app = InterviewApp(path, as_of="2024-04-20")
    assert not app.record.save.disabled and not app.board.save.disabled
    app.record.contact.value = 0
    app.record.event.value = "responded"
    app.record.log_event.click()
    app.record.save.click()
    assert "Saved mine.csv" in app.record.status.value
    assert check_contacts(path).contacts.loc[0, "responded_on"] == pd.Timestamp("2024-04-20")


def test_undoing_a_done_follow_up_brings_it_back(tmp_path):
    app = InterviewApp(SAMPLE, as_of="2026-11-01")
    group = app.board.groups["send a thank-you"]
    row = group.rows.children[0]
    first = app.board.due.iloc[row.position]
    assert first["name"] in row.text.value
    row.button.click()
    key = (first["name"], first["action"])
    assert key not in set(zip(app.board.due["name"], app.board.due["action"]))
    assert not app.record.undo.disabled  # the record panel follows the board
    app.record.undo.click()
    assert key in set(zip(app.board.due["name"], app.board.due["action"]))


def test_settings_move_the_day_the_goal_and_the_follow_up_rules():
    app = InterviewApp(SAMPLE, as_of="2026-11-01")
    thanks = app.board.due[app.board.due["action"] == "send a thank-you"]
    assert thanks["overdue"].any()
    app.settings.as_of.value = datetime.date(2026, 11, 9)
    assert app.board.as_of == pd.Timestamp("2026-11-09") and app.error.value == ""
    assert app.week.plan["day"].min() >= pd.Timestamp("2026-11-09")
    assert app.record.day.value == datetime.date(2026, 11, 9)
    app.settings.weekly_goal.value = 0
    assert app.week.weekly_goal.value == 0
    assert "ask for a conversation" not in set(app.week.plan["action"])
    assert "send one polite follow-up" in set(app.board.due["action"])
    app.settings.rule_fields["let_rest_days"].value = 10  # let requests rest sooner
    assert app.board.rules.let_rest_days == 10
    assert "send one polite follow-up" not in set(app.board.due["action"])


def test_a_day_picked_beyond_the_years_a_date_holds_is_refused_in_words():
    """0024-11-09 typed in the picker for 2024 failed with OutOfBoundsDatetime; the board
    and the week silently went on with the wrapped-around day."""
    app = InterviewApp(SAMPLE, as_of="2026-11-01")
    due, plan = app.board.due, app.week.plan
    app.settings.as_of.value = datetime.date(24, 11, 9)
    error = re.sub("<[^>]+>", "", app.error.value)
    assert error == (
        "Something went wrong: The day 0024-11-09 is outside the years the kit can read "
        "(1900 to 2099); write it like 2024-03-12."
    )
    assert app.board.as_of == pd.Timestamp("2026-11-01") and app.board.due is due
    assert app.week.plan is plan
    app.settings.as_of.value = datetime.date(2026, 11, 9)  # the day meant
    assert app.error.value == "" and app.board.as_of == pd.Timestamp("2026-11-09")


def test_typing_your_name_keeps_the_edits_made_to_a_request():
    app = InterviewApp(SAMPLE, as_of="2026-11-01")
    assert "[your name]" in app.drafter.text.value and "Your Name" not in app.drafter.text.value
    app.drafter.text.value = "Dear Mira, my own words. [your name]"
    app.your_name.value = "Jordan Lee"
    assert app.drafter.text.value == "Dear Mira, my own words. [your name]"
    app.drafter.fresh.click()
    assert app.drafter.text.value.rstrip().endswith("Jordan Lee")


def test_opening_the_app_does_not_load_the_charting_library():
    """Matplotlib takes a quarter of a second to import and the app draws no chart: a page
    opens that much sooner without it."""
    probe = (
        "import sys\n"
        "from infoview_kit.app import InterviewApp\n"
        "from infoview_kit.resources import sample_path\n"
        "InterviewApp(str(sample_path()))\n"
        "print('LOADED', sorted(m for m in ('matplotlib', 'papermill') if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "LOADED []"
