"""The app's widget driven from Python: loading, uploads, about-me, downloads, visible errors."""

from __future__ import annotations

import base64
import datetime
import re

from infoview_kit import app as app_module
from infoview_kit.app import InterviewApp

from .conftest import FIXTURES, ROOT

SAMPLE = ROOT / "data" / "sample_contacts.csv"


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
    assert [type(t).__name__ for t in app.tabs.children] == [
        "QuestionPlanner",
        "OutreachDrafter",
        "FollowUpBoard",
    ]


def test_upload_replaces_the_contacts_and_a_bad_upload_says_why():
    app = InterviewApp(SAMPLE, as_of="2026-11-01")
    upload(app, FIXTURES / "linkedin_connections.csv")
    assert len(app.contacts) == 5 and "linkedin_connections.csv" in app.understood.value
    assert len(app.planner.contact.options) == 6
    upload(app, FIXTURES / "picture.csv")
    assert "could not be read" in app.understood.value
    assert len(app.contacts) == 5  # the previous sheet stays


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
        raise OSError("disk full")

    monkeypatch.setattr(app_module, "write_ics", broken)
    app.prepare_downloads.click()
    assert "disk full" in app.error.value and "role='alert'" in app.error.value
