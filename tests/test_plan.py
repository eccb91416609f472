"""The weekly plan, its Markdown and calendar, and the advice loop, worked out by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from infoview_kit import write_ics
from infoview_kit.advice import advice_follow_ups, noted_advice
from infoview_kit.outreach import draft_thanks
from infoview_kit.plan import PlanMinutes, plan_calendar_items, plan_markdown, weekly_plan

from .conftest import build

MONDAY = "2026-03-02"
TARGETS = pd.DataFrame({"Employer": ["Orchard Street Schools", "Northwind", "Zephyr Tools"]})


def sheet():
    """A week starting Monday 2 March 2026 (see each row's comment)."""
    return build(
        # Met on Sunday, not thanked: a thank-you due Monday.
        {"name": "Ana Abe", "company": "Atlas Freight", "met_on": "2026-03-01"},
        # Meets on Thursday: prepare by then.
        {"name": "Bo Berg", "company": "Cobalt", "met_on": "2026-03-05"},
        # Asked Monday 23 February, no reply: 3 business days on 26 Feb (overdue), 7 on 4 March.
        {"name": "Cy Cole", "company": "Kestrel Games", "contacted_on": "2026-02-23"},
        # Nobody asked yet at Kestrel Games: the "someone else" to ask.
        {"name": "Di Diaz", "company": "Kestrel Games", "source": "alumni"},
        # Bluefin: Ed is waiting, but Fay there answered, so Bluefin is not chased.
        {"name": "Ed Eko", "company": "Bluefin Health", "contacted_on": "2026-02-23"},
        {
            "name": "Fay Fox",
            "company": "Bluefin Health",
            "contacted_on": "2026-02-20",
            "responded": True,
            "responded_on": "2026-02-24",
        },
        # Long answered, after 15 days: the only request to learn late replies from.
        {
            "name": "Jo Jung",
            "company": "Atlas Freight",
            "contacted_on": "2026-01-05",
            "responded": True,
            "responded_on": "2026-01-20",
        },
        # Never asked: a referral (warm) and, at a target employer, a cold contact.
        {
            "name": "Gil Gray",
            "company": "Larkspur Labs",
            "source": "referral",
            "referred_by": "Hal",
        },
        {"name": "Hu Hill", "company": "Orchard Street Schools", "source": "cold"},
        # An alum at Northwind Analytics you have met: could introduce you at "Northwind".
        {
            "name": "Ivy Ito",
            "company": "Northwind Analytics",
            "source": "alumni",
            "met_on": "2026-01-10",
            "thanked_on": "2026-01-11",
            "last_contact_on": "2026-02-20",
        },
    )


def plain(plan):
    return [
        (f"{day:%a}", start, minutes, action, None if pd.isna(name) else name)
        for day, start, minutes, action, name in zip(
            plan["day"], plan["start"], plan["minutes"], plan["action"], plan["name"], strict=True
        )
    ]


def test_the_week_in_priority_order_fitted_to_the_days():
    # 120 minutes over Mon-Fri: 25 a day, raised to 30 for the 30-minute preparation.
    plan = weekly_plan(sheet(), as_of=MONDAY, targets=TARGETS)
    assert list(plan.columns) == ["day", "start", "minutes", "action", "name", "company", "why"]
    assert plain(plan) == [
        ("Mon", "09:00", 10, "send a thank-you", "Ana Abe"),
        ("Mon", "09:10", 15, "ask for a conversation", "Di Diaz"),  # 3B7: someone else
        ("Tue", "09:00", 30, "prepare for the conversation", "Bo Berg"),
        ("Wed", "09:00", 5, "send one polite follow-up", "Cy Cole"),  # due Wednesday
        ("Wed", "09:05", 15, "ask for a conversation", "Hu Hill"),  # target employer first
        ("Thu", "09:00", 15, "ask for an introduction", "Ivy Ito"),  # Northwind: nobody yet
        ("Thu", "09:15", 15, "find a first contact", None),  # Zephyr Tools: nobody near
        ("Fri", "09:00", 15, "ask for a conversation", "Gil Gray"),  # then the warmest
    ]
    assert plan["minutes"].sum() == 120
    assert "Ed Eko" not in set(plan["name"])  # someone at Bluefin answered
    assert plan.attrs["left_over"].empty


def test_the_reasons_say_why():
    plan = weekly_plan(sheet(), as_of=MONDAY, targets=TARGETS).set_index("action")
    assert plan.loc["ask for an introduction", "why"] == (
        "Nobody at Northwind on your list yet; Ivy Ito (a fellow alum, at Northwind Analytics) "
        "could introduce you: ask who they would suggest there."
    )
    chase = plan[plan["name"] == "Di Diaz"]["why"].iloc[0]
    assert chase.startswith(
        "No reply from Cy Cole after 3 business days (3B7): ask someone else at Kestrel Games. "
    )
    # Few requests: the chance of a late reply says the sample is too small.
    assert "too few to tell" in chase
    follow_up = plan.loc["send one polite follow-up", "why"]
    assert follow_up.endswith(
        "Only 1 of your requests went more than 7 days without a reply, too few to tell; "
        "1 of them got a reply later."
    )
    assert plan[plan["name"] == "Gil Gray"]["why"].iloc[0].startswith("Hal introduced you.")


def test_people_asked_with_no_employer_are_chased_each_on_their_own():
    # Asked Monday 23 February, no reply by Monday 2 March, and no company in the sheet.
    people = build(
        {"name": "Nia Noor", "contacted_on": "2026-02-23", "status": "requested"},
        {"name": "Oto Ode", "contacted_on": "2026-02-23", "status": "requested"},
    )
    plan = weekly_plan(people, as_of=MONDAY, minutes=120)
    chased = plan[plan["action"] == "try someone else at the employer"]
    assert chased["name"].tolist() == ["Nia Noor", "Oto Ode"]
    for why in chased["why"]:
        assert "find another person in the same field (alumni search, LinkedIn)." in why
        assert "nan" not in why


def test_what_does_not_fit_the_minutes_is_left_over():
    plan = weekly_plan(sheet(), as_of=MONDAY, targets=TARGETS, minutes=60)
    assert [name for *_, name in plain(plan)] == ["Ana Abe", "Di Diaz", "Bo Berg", "Cy Cole"]
    left = plan.attrs["left_over"]
    assert list(left["action"]) == [
        "ask for a conversation",
        "ask for an introduction",
        "find a first contact",
        "ask for a conversation",
    ]
    text = plan_markdown(plan)
    assert "## Did not fit this week" in text
    assert (
        "60 of 60 minutes planned; new requests: 1 planned toward your goal of 5 (4 did not fit)."
        in text
    )


def test_the_weekly_goal_counts_the_requests_planned():
    plan = weekly_plan(sheet(), as_of=MONDAY, targets=TARGETS, weekly_goal=2)
    asks = plan[plan["minutes"] == 15]
    assert list(asks["name"]) == ["Di Diaz", "Hu Hill"]


def test_estimates_and_days_are_the_persons_to_change():
    plan = weekly_plan(
        sheet(),
        as_of=MONDAY,
        estimates={"request": 20, "thank_you": 5},
        weekmask="Mon Wed Fri",
        weekly_goal=1,
    )
    # 120 minutes over three days: 40 a day.
    assert plain(plan) == [
        ("Mon", "09:00", 5, "send a thank-you", "Ana Abe"),
        ("Mon", "09:05", 30, "prepare for the conversation", "Bo Berg"),
        ("Wed", "09:00", 20, "ask for a conversation", "Di Diaz"),
        ("Wed", "09:20", 5, "send one polite follow-up", "Cy Cole"),
    ]
    with pytest.raises(ValueError, match="coffee"):
        PlanMinutes.of({"coffee": 5})


def test_without_targets_the_warmest_come_first():
    plan = weekly_plan(sheet(), as_of=MONDAY)
    asks = plan[plan["action"] == "ask for a conversation"]
    assert list(asks["name"]) == ["Di Diaz", "Gil Gray", "Hu Hill"]  # referral before cold


def test_markdown_has_a_table_per_day_and_escapes_names(tmp_path):
    contacts = sheet()
    contacts.loc[0, "name"] = "Ana <b>Abe</b> | [x](y)"
    target = tmp_path / "plan.md"
    text = plan_markdown(weekly_plan(contacts, as_of=MONDAY), target)
    assert target.read_text(encoding="utf-8") == text
    assert text.startswith("# Your plan for the week of Monday 2 March 2026\n")
    assert "## Monday 2 March 2026" in text and "## Tuesday 3 March 2026" in text
    assert "| 09:00 | 10 | Send a thank-you | Ana &lt;b&gt;Abe&lt;/b&gt; \\| \\[x\\](y)" in text
    assert "<b>" not in text


def test_the_calendar_gets_timed_blocks(tmp_path):
    plan = weekly_plan(sheet(), as_of=MONDAY, targets=TARGETS)
    items = plan_calendar_items(plan)
    first = items.iloc[0]
    assert first["due"] == pd.Timestamp("2026-03-02 09:00")
    assert first["end"] == pd.Timestamp("2026-03-02 09:10")
    assert first["reason"] == plan["why"].iloc[0]
    found = items[items["action"] == "find a first contact"]
    assert list(found["name"]) == ["Zephyr Tools"]  # no person: the employer
    from icalendar import Calendar

    path = write_ics(items, tmp_path / "plan.ics")
    events = Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    assert len(events) == len(plan)
    assert {str(e["summary"]) for e in events} >= {"Send a thank-you: Ana Abe"}


# ---------------------------------------------------------------------------------------------
# The advice loop
# ---------------------------------------------------------------------------------------------


def advised():
    return build(
        {"name": "Ana Abe", "company": "Atlas", "met_on": "2026-03-01",
         "notes": "Prefers morning calls\nAdvice: read the annual report first"},
        {"name": "Bo Berg", "company": "Cobalt", "met_on": "2026-03-10",
         "notes": "2026-03-12: Suggested I join the planners' network"},
        {"name": "Cy Cole", "company": "Kestrel", "notes": "Suggested reading: a newsletter"},
        {"name": "Di Diaz", "company": "Larkspur", "met_on": "2026-03-01",
         "notes": "Knows the hiring team, but ask for advice only"},
    )  # fmt: skip


def test_advice_is_what_was_noted_after_a_conversation():
    advice = noted_advice(advised(), as_of="2026-03-31")
    assert list(advice["name"]) == ["Ana Abe", "Bo Berg"]  # Cy has not met; Di's is no advice
    assert list(advice["noted_on"]) == [pd.Timestamp("2026-03-01"), pd.Timestamp("2026-03-12")]
    assert list(advice["advice"]) == [
        "Advice: read the annual report first",
        "Suggested I join the planners' network",
    ]
    assert noted_advice(advised(), as_of="2026-03-11")["name"].tolist() == ["Ana Abe"]


def test_advice_comes_back_a_month_later():
    due = advice_follow_ups(advised(), as_of="2026-03-28")  # shows what is due within 7 days
    assert list(due.columns) == ["name", "company", "action", "due", "reason", "overdue"]
    assert list(due["name"]) == ["Ana Abe"]
    assert due["due"].iloc[0] == pd.Timestamp("2026-03-31")
    assert due["reason"].iloc[0] == (
        'On 1 March you noted their advice: "Advice: read the annual report first". '
        "Tell them what you did with it, and thank them again."
    )
    later = advice_follow_ups(advised(), as_of="2026-04-13")
    assert list(later["name"]) == ["Ana Abe", "Bo Berg"]
    assert list(later["overdue"]) == [True, True]


def test_advice_followed_up_is_done_and_note_events_count():
    contacts = advised()
    contacts.loc[0, "last_contact_on"] = pd.Timestamp("2026-03-20")
    assert advice_follow_ups(contacts, as_of="2026-03-31").empty
    events = pd.DataFrame(
        {"name": ["cy  COLE", "Bo Berg"], "event": ["met", "note"],
         "on": ["2026-03-02", "2026-03-11"], "note": [None, "Try the city's data portal"]}
    )  # fmt: skip
    advice = noted_advice(contacts, as_of="2026-03-31", events=events)
    assert ("Bo Berg", "Try the city's data portal") in set(
        zip(advice["name"], advice["advice"], strict=True)
    )


def test_the_thank_you_quotes_the_advice():
    thanks = draft_thanks(advised().iloc[0])
    assert 'Your advice, "Advice: read the annual report first", is the first thing' in thanks.text
    assert any("tell them what you did with their advice" in r for r in thanks.reminders)
    told = draft_thanks(advised().iloc[3], advice="Talk to the data team.")
    assert 'Your advice, "Talk to the data team", is' in told.text
    assert "Your advice" not in draft_thanks(advised().iloc[3]).text


def test_an_empty_sheet_plans_only_a_first_contact_at_each_target():
    empty = sheet().iloc[:0]
    plan = weekly_plan(empty, as_of=MONDAY)
    assert plan.empty and list(plan.columns)[:3] == ["day", "start", "minutes"]
    assert "Nothing planned." in plan_markdown(plan)
    aimed = weekly_plan(empty, as_of=MONDAY, targets=TARGETS)
    assert list(aimed["action"]) == ["find a first contact"] * 3
    assert list(aimed["company"]) == list(TARGETS["Employer"])


def test_calendar_blocks_are_timed(tmp_path):
    from icalendar import Calendar

    items = plan_calendar_items(weekly_plan(sheet(), as_of=MONDAY, targets=TARGETS))
    path = write_ics(items, tmp_path / "plan.ics")
    first = Calendar.from_ical(path.read_bytes()).walk("VEVENT")[0]
    assert first.decoded("dtstart") == items["due"].iloc[0].to_pydatetime()
    assert first.decoded("dtend") == items["end"].iloc[0].to_pydatetime()


def backlog():
    """Monday 2 March 2026: eight people overdue for keeping in touch (the oldest first in
    the sheet's last rows), a conversation from January never thanked, and two never asked."""
    quiet = [
        {
            "name": f"Quiet {i}",
            "company": f"Firm {i}",
            "contacted_on": "2025-10-01",
            "responded": True,
            "responded_on": "2025-10-02",
            "met_on": "2025-10-10",
            "thanked_on": "2025-10-10",
            "last_contact_on": "2025-10-10",
            "status": "met",
            "next_follow_up_on": f"2026-02-{20 - i:02d}",
        }
        for i in range(8)
    ]
    return build(
        *quiet,
        {"name": "Old Meet", "company": "Atlas Freight", "met_on": "2026-01-12"},
        {"name": "New One", "company": "Larkspur Labs", "source": "referral"},
        {"name": "New Two", "company": "Kestrel Games", "source": "cold"},
    )


def test_a_backlog_of_upkeep_leaves_room_for_new_requests():
    plan = weekly_plan(backlog(), as_of=MONDAY, weekly_goal=2)
    kept = plan[plan["action"] == "keep in touch"]
    # Five a week, most overdue first (Quiet 7's date is the oldest); three wait.
    assert list(kept["name"]) == ["Quiet 7", "Quiet 6", "Quiet 5", "Quiet 4", "Quiet 3"]
    left = plan.attrs["left_over"]
    assert list(left.loc[left["action"] == "keep in touch", "name"]) == [
        "Quiet 2",
        "Quiet 1",
        "Quiet 0",
    ]
    # With room for everything, the thank-you seven weeks late is planned too...
    assert list(plan["action"]).count("ask for a conversation") == 2
    late = plan[plan["action"] == "send a thank-you"]
    assert list(late["name"]) == ["Old Meet"]
    assert late["why"].iloc[0] == (
        "You spoke on Mon 12 Jan 2026 and no thank-you is noted: a short, late note still "
        "helps (say one thing you acted on since)."
    )
    assert "new requests: 2 planned toward your goal of 2." in plan_markdown(plan)
    # ...but when time is short, the new requests come before it.
    short = weekly_plan(backlog(), as_of=MONDAY, weekly_goal=2, minutes=55)
    assert list(short["action"]).count("ask for a conversation") == 2
    assert "Old Meet" in set(short.attrs["left_over"]["name"])


def test_a_thank_you_within_two_weeks_still_comes_first():
    sheet = backlog()
    sheet.loc[sheet["name"] == "Old Meet", "met_on"] = pd.Timestamp("2026-02-20")
    plan = weekly_plan(sheet, as_of=MONDAY, weekly_goal=2)
    assert plan["action"].iloc[0] == "send a thank-you"
    assert "within a day" in plan["why"].iloc[0]


@pytest.mark.parametrize("day", ["0024-03-02", "9999-03-02", "2262-04-11"])
def test_a_week_from_beyond_the_years_a_date_holds_is_refused_in_words(day):
    # 2262-04-11 is the last day a date holds: its week ran past it
    for plan_it in (weekly_plan, advice_follow_ups):
        with pytest.raises(ValueError) as refused:
            plan_it(sheet(), as_of=day)
        assert str(refused.value) == (
            f"as_of='{day}' is outside the years the kit can read (1900 to 2099); "
            "write it like 2024-03-12."
        )


def test_advice_noted_on_a_day_beyond_the_years_a_date_holds_is_kept_as_written(tmp_path):
    """A note dated 0024-09-10 (for 2024) made the advice, the weekly plan and the report
    fail with OutOfBoundsDatetime, though the sheet loaded."""
    from infoview_kit import load_contacts
    from infoview_kit.views import NetworkReport

    sheet = tmp_path / "tracker.csv"
    sheet.write_text(
        "Name,Company,Meeting date,Notes\n"
        "Sami Rahman,Acme,2024-09-05,0024-09-10: suggested the trade newsletter\n",
        encoding="utf-8",
    )
    contacts = load_contacts(sheet)
    events = pd.DataFrame(
        {"name": ["Sami Rahman"], "event": ["note"], "on": ["9999-09-12"],
         "note": ["Recommended a book"]}
    )  # fmt: skip
    advice = noted_advice(contacts, as_of="2024-09-20", events=events)
    # the line whole, its day as written, counted from the meeting like an undated note
    assert advice[["noted_on", "advice"]].values.tolist() == [
        [pd.Timestamp("2024-09-05"), "0024-09-10: suggested the trade newsletter"],
        [pd.Timestamp("2024-09-05"), "Recommended a book"],
    ]
    due = advice_follow_ups(contacts, as_of="2024-10-01", events=events)
    assert due["due"].tolist() == [pd.Timestamp("2024-10-05")] * 2
    assert len(weekly_plan(contacts, as_of="2024-09-20", events=events))
    assert "Sami Rahman" in NetworkReport(sheet, as_of="2024-09-20").week().body
