"""Widgets driven without a browser: set values, assert what changed."""

from __future__ import annotations

import base64
import datetime
import re
import shutil

import pandas as pd
import pytest

from infoview_kit import check_contacts, load_contacts, open_tracker, save_contacts
from infoview_kit import widgets as kit_widgets
from infoview_kit.widgets import (
    FollowUpBoard,
    OutreachDrafter,
    QuestionPlanner,
    ThankYouNote,
    TrackerPanel,
)

from .conftest import FIXTURES, build


def on_screen(board):
    """What the board shows, group by group: {group heading: [row texts]}."""
    return {
        re.sub("<[^>]+>", "", group.heading.value): [
            re.sub("<[^>]+>", "", row.text.value) for row in group.rows.children
        ]
        for group in board.rows.children
    }


def button(board, name, action):
    """The "Mark done" button of the row a person would look for: in the action's group."""
    group = board.groups[action]
    assert group in board.rows.children, f"no {action!r} group on screen"
    [row] = [row for row in group.rows.children if name in row.text.value]
    assert row.button.description == "Mark done"
    return row.button


@pytest.fixture
def contacts():
    return build(
        {
            "name": "Ana Costa",
            "company": "Larkspur Labs",
            "role": "Director",
            "industry": "biotech",
            "seniority": "established",
            "referred_by": "Sam Ortiz",
            "source": "referral",
            "met_on": "2024-03-08",
            "status": "met",
            "contacted_on": "2024-03-01",
            "responded": True,
            "responded_on": "2024-03-02",
        },
        {
            "name": "Bo Chen",
            "company": "Kestrel Games",
            "role": "Analyst",
            "seniority": "emerging",
            "source": "alumni",
            "contacted_on": "2024-03-07",
            "status": "requested",
        },
        {"name": "<script>alert(1)</script>", "company": "Evil & Co", "status": "to-contact"},
        {
            "name": "Sam Ortiz",
            "met_on": "2024-01-05",
            "last_contact_on": "2024-01-05",
            "status": "met",
        },
    )


def test_planner_follows_contact_goal_minutes_and_themes(contacts):
    planner = QuestionPlanner(contacts)
    general = planner.questions.copy()
    assert len(general) == 9 and "general plan" in planner.heading.value
    planner.contact.value = 0
    assert planner.questions["question"].iloc[0].startswith("Sam Ortiz suggested")
    assert not planner.questions.equals(general)
    planner.contact.value = 1
    assert planner.questions["question"].str.contains("first role").any()
    planner.minutes.value = 15
    assert len(planner.questions) == 5
    planner.minutes.value = 60
    assert len(planner.questions) == 15
    planner.goal.value = "research"
    assert planner.questions["question"].str.contains("Kestrel Games").any()
    planner.themes.value = ("skills",)
    assert set(planner.questions["theme"]) == {"skills", "referrals", "reciprocity"}
    assert len(planner.list.children) == len(planner.questions)


def test_replaced_question_rows_are_closed_and_rows_share_their_look(contacts):
    planner = QuestionPlanner(contacts)
    old = planner.list.children
    planner.minutes.value = 15  # a new plan: new rows
    assert all(part.comm is None for row in old for part in (row, *row.children))
    rows = planner.list.children
    assert len(rows) == 5 and all(row.comm is not None for row in rows)
    assert len({id(row.children[0].layout) for row in rows}) == 1  # one model, not five
    assert len({id(button.style) for button in planner.themes.buttons.values()}) == 1


def test_planner_keep_drop_and_save(contacts, tmp_path):
    planner = QuestionPlanner(contacts, me={"name": "Jordan Lee"}, folder=tmp_path)
    planner.contact.value = 0
    dropped = planner.questions["question"].iloc[1]
    planner.list.children[1].children[0].value = False  # untick the second question
    assert dropped not in set(planner.kept["question"])
    markdown = planner.to_markdown()
    assert dropped not in markdown and planner.kept["question"].iloc[0] in markdown
    planner.filename.value = "ana.md"
    planner.save.click()
    assert (tmp_path / "ana.md").read_text(encoding="utf-8") == markdown
    assert "Saved" in planner.saved.value


def test_the_prep_sheet_states_the_goal_length_and_when_you_last_spoke(contacts):
    planner = QuestionPlanner(contacts, as_of="2024-06-01")
    planner.contact.value = 0  # Ana Costa, met on 8 March 2024
    planner.goal.value = "research"
    planner.minutes.value = 20
    sheet = planner.to_markdown()
    assert "**Goal:** Learn what it is like to work at Larkspur Labs" in sheet
    assert "**Length:** 20 minutes, as you asked" in sheet
    assert "**Last spoke:** Friday 08 March 2024" in sheet and "**When:**" not in sheet
    planner.as_of = "2024-03-01"  # before the meeting: it is still to come
    assert "**When:** Friday 08 March 2024" in planner.to_markdown()


def test_planner_shows_names_as_text(contacts):
    planner = QuestionPlanner(contacts)
    planner.contact.value = 2
    assert "<script>" not in planner.heading.value
    assert "&lt;script&gt;" in planner.heading.value


def test_a_failing_callback_shows_its_error(contacts, monkeypatch):
    planner = QuestionPlanner(contacts)

    def broken(*args, **kwargs):
        raise RuntimeError("the bank is unreadable")

    monkeypatch.setattr(kit_widgets, "suggest_questions", broken)
    planner.minutes.value = 45
    assert "the bank is unreadable" in planner.error.value
    assert "role='alert'" in planner.error.value
    monkeypatch.undo()
    planner.minutes.value = 30
    assert planner.error.value == ""


def test_drafter_drafts_and_lints_live(contacts):
    drafter = OutreachDrafter(contacts, me={"name": "Jordan Lee", "status": "graduate"})
    drafter.contact.value = 0
    assert drafter.text.value.startswith("Dear Ana,")
    assert drafter.found == [] and "Follows the guides" in drafter.findings.value
    drafter.kind.value = "linkedin"
    assert len(drafter.text.value) <= 300 and drafter.found == []
    drafter.text.value = "Are you hiring? I would love a job at your company."
    rules = {f.rule for f in drafter.found}
    assert {"job-ask", "how-you-found-them", "time-bound"} <= rules
    assert "job" in drafter.findings.value
    drafter.contact.value = 1
    assert drafter.text.value.startswith("Hi Bo!")


def test_board_marks_done_and_saves_back(contacts, tmp_path):
    path = save_contacts(contacts, tmp_path / "sheet.csv")
    board = FollowUpBoard(load_contacts(path), as_of="2024-03-12", path=path)
    actions = set(zip(board.due["name"], board.due["action"]))
    assert ("Ana Costa", "send a thank-you") in actions
    assert ("Ana Costa", "tell the referrer") in actions
    button(board, "Ana Costa", "send a thank-you").click()
    assert ("Ana Costa", "send a thank-you") not in set(zip(board.due["name"], board.due["action"]))
    position = board.due.index[board.due["action"] == "tell the referrer"][0]
    board.mark_done(position)
    assert "tell the referrer" not in set(board.due["action"])
    board.save.click()
    saved = load_contacts(path).set_index("name")
    assert saved.loc["Ana Costa", "thanked_on"] == pd.Timestamp("2024-03-12")
    assert saved.loc["Ana Costa", "status"] == "thanked"
    assert saved.loc["Sam Ortiz", "last_contact_on"] == pd.Timestamp("2024-03-12")
    assert "Saved" in board.saved.value


def test_board_without_a_path_says_it_cannot_save(contacts):
    board = FollowUpBoard(contacts, as_of="2024-03-12")
    assert board.save.disabled
    board._safely(board._save)
    assert "No sheet to save to" in board.error.value


def test_board_mark_done_logs_the_matching_event_and_tells_others(contacts, tmp_path):
    path = save_contacts(contacts, tmp_path / "sheet.csv")
    tracker = open_tracker(path)
    board = FollowUpBoard(as_of="2024-03-12", tracker=tracker)
    seen = []
    board.observe(lambda change: seen.append(change["new"]), names="version")
    button(board, "Ana Costa", "send a thank-you").click()
    assert seen == [1]
    assert tracker.changes == ["thanked Ana Costa on 2024-03-12"]
    assert "Logged: thanked Ana Costa" in board.saved.value
    assert tracker.contacts.loc[0, "status"] == "thanked"


def test_tracker_panel_logs_adds_undoes_saves_and_downloads(tmp_path):
    path = shutil.copy(FIXTURES / "tracker" / "european.csv", tmp_path / "mine.csv")
    original = path.read_bytes()
    panel = TrackerPanel(open_tracker(path), as_of="2024-04-10")
    panel.contact.value = 2
    panel.event.value = "note"
    panel.log_event.click()  # a note without text: said, not logged
    assert "A note needs its text" in panel.error.value and panel.undo.disabled
    panel.event.value = "met"
    panel.note.value = "coffee at the station"
    panel.log_event.click()
    assert panel.error.value == "" and panel.note.value == ""
    assert "1 change(s)" in panel.history.value and not panel.undo.disabled
    panel.new["name"].value = "Sam Reyes"
    panel.add.click()
    assert (
        panel.contact.label == "Sam Reyes · not asked yet"
        and "Added Sam Reyes" in panel.status.value
    )
    panel.undo.click()
    assert "Undone: added Sam Reyes" in panel.status.value
    assert "Sam Reyes" not in [label for label, _ in panel.contact.options]
    panel.prepare.click()
    [(name, data)] = re.findall(
        r"download='([^']+)' href='data:text/csv;base64,([^']+)'", panel.download.value
    )
    assert name == "mine.csv"
    panel.save.click()
    assert "Saved mine.csv" in panel.status.value and path.read_bytes() != original
    assert base64.b64decode(data) == path.read_bytes()
    saved = check_contacts(path).contacts
    assert saved.loc[2, "met_on"] == pd.Timestamp("2024-04-10")
    assert saved.loc[2, "notes"] == "2024-04-10 met: coffee at the station"


def busy_sheet():
    """25 conversations waiting for a thank-you (met 1 to 9 March), 12 unanswered requests."""
    met = [
        {"name": f"Met {i:02d}", "company": "Acme", "met_on": f"2024-03-{1 + i % 9:02d}"}
        for i in range(24)
    ]
    met.append({"name": "<img src=x onerror=alert(1)>", "met_on": "2024-03-09"})
    asked = [
        {"name": f"Asked {i}", "company": "Birch", "contacted_on": "2024-02-20"} for i in range(12)
    ]
    return build(*met, *asked)


def test_board_groups_by_what_to_do_thank_yous_first():
    board = FollowUpBoard(busy_sheet(), as_of="2024-03-12")
    screen = on_screen(board)
    assert list(screen) == [
        "Send a thank-you (25, 25 overdue)",
        "Try someone else at the employer (12, 12 overdue)",
        "Send one polite follow-up (12, 12 overdue)",
    ]
    thanks = screen["Send a thank-you (25, 25 overdue)"]
    assert len(thanks) == 10  # the rest folded away
    # earliest first: the people met on 1 March, due on the 2nd, then those met on the 2nd
    assert thanks[0].startswith("Met 00 (Acme)Overdue since Sat 02 Mar 2024.")
    assert "You spoke on Fri 01 Mar 2024" in thanks[0]
    assert [t.split(" (")[0] for t in thanks[:4]] == ["Met 00", "Met 09", "Met 18", "Met 01"]
    assert all(
        row.button.description == "Mark done"
        for row in board.groups["send a thank-you"].rows.children
    )
    assert screen["Try someone else at the employer (12, 12 overdue)"][0].startswith(
        "Asked 0 (Birch)"
    )
    assert "24 follow-ups" not in board.heading.value and "49 follow-ups" in board.heading.value


def test_long_groups_fold_and_show_more_unfolds_them():
    board = FollowUpBoard(busy_sheet(), as_of="2024-03-12")
    thanks = board.groups["send a thank-you"]
    assert "and 15 more" in thanks.more.value and thanks.footer.layout.display != "none"
    assert thanks.show_more.description == "Show 10 more"
    thanks.show_more.click()
    assert len(thanks.rows.children) == 20 and "and 5 more" in thanks.more.value
    assert thanks.show_more.description == "Show 5 more"
    thanks.show_more.click()
    assert len(thanks.rows.children) == 25 and thanks.footer.layout.display == "none"
    texts = [row.text.value for row in thanks.rows.children]
    assert sum("&lt;img src=x" in t for t in texts) == 1 and "<img" not in "".join(texts)
    polite = board.groups["send one polite follow-up"]
    assert len(polite.rows.children) == 10 and "and 2 more" in polite.more.value  # still folded
    polite.show_more.click()
    assert len(polite.rows.children) == 12 and polite.footer.layout.display == "none"


def test_mark_done_takes_the_row_away_and_logs_it(tmp_path):
    path = save_contacts(busy_sheet(), tmp_path / "sheet.csv")
    tracker = open_tracker(path)
    board = FollowUpBoard(as_of="2024-03-12", tracker=tracker)
    thanks = board.groups["send a thank-you"]
    eleventh = board.due.iloc[10]["name"]
    assert not any(eleventh in row.text.value for row in thanks.rows.children)
    button(board, "Met 09", "send a thank-you").click()
    assert tracker.changes == ["thanked Met 09 on 2024-03-12"]
    assert "Logged: thanked Met 09" in board.saved.value
    texts = [row.text.value for row in thanks.rows.children]
    assert not any("Met 09" in t for t in texts)
    assert len(texts) == 10 and eleventh in texts[-1]  # the next one moves up into view
    assert "(24, 24 overdue)" in thanks.heading.value and "and 14 more" in thanks.more.value
    button(board, "Asked 1", "send one polite follow-up").click()
    assert tracker.changes[-1] == "requested Asked 1 on 2024-03-12"
    polite = board.groups["send one polite follow-up"]
    assert "(11, 11 overdue)" in polite.heading.value and "and 1 more" in polite.more.value
    # looking for someone else is nothing to record, but once done it leaves the list
    button(board, "Asked 3", "try someone else at the employer").click()
    others = board.groups["try someone else at the employer"]
    assert len(tracker.changes) == 2 and "(11, 11 overdue)" in others.heading.value
    assert not any("Asked 3" in row.text.value for row in others.rows.children)
    assert "Asked 3" in set(board.due["name"])  # its polite follow-up is still to do


def test_a_board_with_nothing_due_says_so():
    board = FollowUpBoard(build({"name": "Ada Lee", "status": "to-contact"}), as_of="2024-03-12")
    assert board.error.value == "" and board.rows.children == ()
    assert "Nothing to follow up as of 12 Mar 2024" in board.heading.value


def test_drafter_keeps_edits_until_a_fresh_draft(contacts):
    drafter = OutreachDrafter(contacts)
    drafter.contact.value = 1  # Bo
    assert "[your name]" in drafter.text.value
    assert [f.rule for f in drafter.found] == ["blank-to-fill"]
    edited = drafter.text.value.replace("[your name]", "Jordan") + "\nPS: I loved your talk."
    drafter.text.value = edited
    drafter.me = {"name": "Jordan Lee"}  # typing your name does not wipe the edits
    assert drafter.text.value == edited and "edits are kept" in drafter.kept_note.value
    drafter.kind.value = "linkedin"  # the note was not edited: drafted with the new name
    assert drafter.text.value.startswith("Hi Bo!") and "Jordan" in drafter.text.value
    drafter.kind.value = "email"  # back to the e-mail: the edits are still there
    assert drafter.text.value == edited
    drafter.fresh.click()
    assert drafter.text.value != edited and drafter.text.value.rstrip().endswith("Jordan Lee")
    assert drafter.kept_note.value == "" and drafter.found == []


def test_pickers_search_show_status_and_start_on_the_next_person_to_ask(contacts, tmp_path):
    drafter = OutreachDrafter(contacts)
    labels = [label for label, _ in drafter.contact.options]
    assert labels[0] == "Ana Costa · met (Director, Larkspur Labs)"
    assert drafter.contact.value == 2  # never asked; Ana met, Bo asked, Sam met
    drafter.finder.find.value = "asked, no reply"
    assert [v for _, v in drafter.contact.options] == [1] and drafter.contact.value == 1
    drafter.finder.find.value = "nobody by this name"
    assert drafter.contact.options[0][0].startswith("(nobody matches")
    drafter.finder.find.value = ""
    assert len(drafter.contact.options) == len(contacts)
    panel = TrackerPanel(open_tracker(save_contacts(contacts, tmp_path / "sheet.csv")))
    assert panel.contact.value == 0 and panel.contact.label.startswith("Ana Costa")  # not blank
    panel.finder.find.value = "kestrel"
    assert panel.contact.value == 1
    planner = QuestionPlanner(contacts)
    assert planner.contact.label.startswith("(no one in particular")  # shown, not blank
    planner.set_contacts(contacts)
    assert planner.contact.label.startswith("(no one in particular")


def test_themes_are_plain_word_toggles_and_the_plan_keeps_its_length(contacts):
    planner = QuestionPlanner(contacts)
    buttons = planner.themes.buttons
    assert buttons["career-path"].description == "Their career path"
    assert all("-" not in b.description for b in buttons.values())
    buttons["career-path"].value = False  # one click leaves one theme out, not all but one
    assert "career-path" not in planner.themes.value and len(planner.themes.value) == 9
    assert len(planner.questions) == 9 and "career-path" not in set(planner.questions["theme"])
    shown = planner.list.children[0].children[1].value
    assert "(" in shown and any(p in shown for p in ("Trends", "Insights", "Advice"))
    assert not any(code in shown for code in ("career-path", "day-to-day", "industry-trends"))


def test_thank_you_note_starts_on_the_latest_meeting_and_quotes_what_you_learnt(contacts):
    note = ThankYouNote(contacts, me={"name": "Jordan Lee"})
    assert note.contact.value == 0  # Ana: met on 8 March, no thank-you yet
    note.takeaway.value = "start with the data team"
    assert "One thing I will take away: start with the data team." in note.text.value
    assert "Tell Sam Ortiz that you met Ana Costa" in note.reminders.value
    note.text.value += "\nPS: see you at the conference."
    note.referrals.value = "Lee Park"  # new details keep your edits
    assert note.text.value.endswith("conference.")
    note.fresh.click()
    assert "Lee Park" in note.text.value and note.text.value.rstrip().endswith("Jordan Lee")


def test_the_thank_you_tab_picks_the_latest_conversation_still_owed_a_thank_you():
    from infoview_kit.outreach_widgets import _last_met

    people = build(
        {"name": "Old Unthanked", "met_on": "2026-01-10"},
        {"name": "New Thanked", "met_on": "2026-03-01", "thanked_on": "2026-03-02"},
        {"name": "Mid Unthanked", "met_on": "2026-02-10"},
        {"name": "Never Met", "contacted_on": "2026-02-20"},
    )
    assert people.loc[_last_met(people), "name"] == "Mid Unthanked"
    everyone_thanked = people.iloc[[1, 3]]  # then the latest conversation, to thank again
    assert people.loc[_last_met(everyone_thanked), "name"] == "New Thanked"
    assert _last_met(people.iloc[[3]]) is None


def test_tracker_panel_refuses_a_day_beyond_the_years_a_date_holds(tmp_path):
    """A meeting picked on 0024-04-10 (for 2024) failed with OutOfBoundsDatetime."""
    path = shutil.copy(FIXTURES / "tracker" / "european.csv", tmp_path / "mine.csv")
    panel = TrackerPanel(open_tracker(path), as_of="2024-04-10")
    panel.contact.value = 2
    panel.event.value = "met"
    panel.day.value = datetime.date(24, 4, 10)
    panel.log_event.click()
    assert re.sub("<[^>]+>", "", panel.error.value) == (
        "Something went wrong: The day 0024-04-10 is outside the years the kit can read "
        "(1900 to 2099); write it like 2024-03-12."
    )
    assert panel.tracker.changes == [] and panel.undo.disabled
    panel.day.value = datetime.date(2024, 4, 10)
    panel.log_event.click()
    assert panel.error.value == "" and panel.tracker.changes[-1].endswith("on 2024-04-10")
