"""The "This week" widget, driven from Python: time and goal, the escaped list, the downloads."""

from __future__ import annotations

import base64
import re

from infoview_kit import plan as plan_module
from infoview_kit.app import InterviewApp
from infoview_kit.plan_widgets import WeeklyPlanner

from .conftest import ROOT, build

SAMPLE = ROOT / "data" / "sample_contacts.csv"


def links(html: str) -> dict[str, bytes]:
    found = re.findall(r"download='([^']+)' href='data:[^;]+;base64,([^']+)'", html)
    return {name: base64.b64decode(data) for name, data in found}


def week_sheet():
    """Two conversations on Saturday with no thank-you yet; three people not yet asked."""
    met = {"met_on": "2026-10-31", "contacted_on": "2026-10-20", "responded": True}
    return build(
        {"name": "<b>Ann</b>", "company": "Acme", **met, "responded_on": "2026-10-21"},
        {"name": "Bo", "company": "Beta", **met, "responded_on": "2026-10-21"},
        {"name": "Cy", "company": "Cat"},
        {"name": "Di", "company": "Dog"},
        {"name": "Ed", "company": "Eel"},
    )


def test_the_minutes_box_fits_the_plan_to_the_time():
    week = WeeklyPlanner(week_sheet(), as_of="2026-11-02")
    # 120 minutes: both thank-yous (10 each) on Monday, three requests (15 each) after
    assert list(week.plan["name"]) == ["<b>Ann</b>", "Bo", "Cy", "Di", "Ed"]
    assert "65 of 120 minutes planned" in week.table.value
    week.minutes.value = 15  # room for one thank-you only
    assert list(week.plan["name"]) == ["<b>Ann</b>"]
    assert "10 of 15 minutes planned" in week.table.value
    assert "Did not fit this week (4)" in week.table.value and "more." not in week.table.value
    assert week.error.value == ""


def test_the_weekly_goal_sets_how_many_new_requests():
    week = WeeklyPlanner(week_sheet(), as_of="2026-11-02")
    week.weekly_goal.value = 1
    asks = week.plan[week.plan["action"] == "ask for a conversation"]
    assert list(asks["name"]) == ["Cy"]
    week.weekly_goal.value = 0
    assert list(week.plan["action"]) == ["send a thank-you", "send a thank-you"]
    assert "toward your goal of 0" in week.table.value


def test_the_table_escapes_names_from_the_sheet():
    week = WeeklyPlanner(week_sheet(), as_of="2026-11-02")
    assert "&lt;b&gt;Ann&lt;/b&gt;" in week.table.value
    assert "<b>Ann</b>" not in week.table.value
    assert "Monday\u00a002\u00a0Nov" in week.table.value  # one day, one heading


def test_downloads_hold_the_plan_as_markdown_and_calendar_blocks():
    week = WeeklyPlanner(week_sheet(), as_of="2026-11-02")
    week.minutes.value = 30
    files = links(week.downloads.value)
    assert set(files) == {"weekly_plan.md", "weekly_plan.ics"}
    page = files["weekly_plan.md"].decode("utf-8")
    assert page.startswith("# Your plan for the week of Monday 2 November 2026")
    assert "| 09:00 | 10 | Send a thank-you | Bo (Beta) |" in page
    calendar = files["weekly_plan.ics"].decode("utf-8")
    assert calendar.count("BEGIN:VEVENT") == 2  # the two thank-yous that fit in 30 minutes
    assert "DTSTART:20261102T090000" in calendar and "DTEND:20261102T091000" in calendar


def test_a_failing_plan_shows_its_error(monkeypatch):
    week = WeeklyPlanner(week_sheet(), as_of="2026-11-02")

    def broken(*args, **kwargs):
        raise ValueError("no plan today")

    monkeypatch.setattr("infoview_kit.plan_widgets.weekly_plan", broken)
    week.minutes.value = 60
    assert "no plan today" in week.error.value and "role='alert'" in week.error.value
    assert plan_module.weekly_plan is not broken


def test_the_app_has_a_this_week_tab_that_follows_the_record():
    app = InterviewApp(SAMPLE, as_of="2026-11-01")
    titles = [app.tabs.get_title(i) for i in range(len(app.tabs.children))]
    week = app.week  # made when first asked for, and put in its tab
    assert app.tabs.children[titles.index("This week")].children == (week,)
    thanks = app.week.plan[app.week.plan["action"] == "send a thank-you"]
    first = thanks["name"].iloc[0]
    app.tracker.log(first, "thanked", on="2026-11-01")
    app._record_changed()  # what a change logged in the Record tab calls
    thanks = app.week.plan[app.week.plan["action"] == "send a thank-you"]
    assert first not in set(thanks["name"])
    assert app.error.value == ""


def test_a_long_left_over_list_is_cut_to_ten_rows():
    many = [{"name": f"Person {i}", "company": f"Firm {i}"} for i in range(15)]
    week = WeeklyPlanner(build(*many), as_of="2026-11-02", minutes=15, weekly_goal=15)
    assert len(week.plan) == 1 and len(week.plan.attrs["left_over"]) == 14
    assert "Did not fit this week (14)" in week.table.value
    assert "... and 4 more." in week.table.value


def test_the_request_tab_starts_on_the_person_the_plan_would_ask_first():
    from infoview_kit._widget_parts import next_to_ask

    people = build(
        {"name": "Met Already", "source": "referral", "met_on": "2026-10-01", "status": "met"},
        {"name": "Said No", "source": "referral", "status": "declined"},
        {"name": "Cold High", "source": "cold", "priority": "high", "status": "to-contact"},
        {"name": "Alumna Low", "source": "alumni", "priority": "low", "status": "to-contact"},
        {"name": "Alumnus High", "source": "alumni", "priority": "High", "status": "to-contact"},
        {
            "name": "Asked",
            "source": "referral",
            "contacted_on": "2026-11-01",
            "status": "requested",
        },
    )
    assert people.loc[next_to_ask(people), "name"] == "Alumnus High"
    asking = people.iloc[:5]  # with nobody waiting for a reply, the week's one new request:
    plan = plan_module.weekly_plan(asking, minutes=60, as_of="2026-11-02", weekly_goal=1)
    assert plan.loc[plan["action"] == "ask for a conversation", "name"].tolist() == ["Alumnus High"]
    assert next_to_ask(people.iloc[[0, 1, 5]]) is None  # everyone asked, met or declined
