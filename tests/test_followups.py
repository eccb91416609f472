"""Follow-up rules, each firing and not firing, and the calendar export."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from infoview_kit import FollowUpRules, follow_ups, mark_done, match_targets, write_ics
from infoview_kit.followups import FOLLOW_UP_ACTIONS

from .conftest import build

T = pd.Timestamp


def actions(frame, as_of, **rules):
    due = follow_ups(frame, as_of=as_of, rules=FollowUpRules(**rules) if rules else None)
    return {(r.name, r.action): r for r in due.itertuples(index=False)}


def test_thank_you_due_the_day_after_a_meeting():
    met = build(
        {
            "name": "Bo",
            "contacted_on": "2024-03-01",
            "responded": True,
            "met_on": "2024-03-08",
            "status": "met",
        }
    )
    item = actions(met, "2024-03-08")[("Bo", "send a thank-you")]
    assert item.due == T("2024-03-09") and not item.overdue
    assert actions(met, "2024-03-12")[("Bo", "send a thank-you")].overdue
    thanked = met.assign(thanked_on=T("2024-03-08"), status="thanked")
    assert ("Bo", "send a thank-you") not in actions(thanked, "2024-03-12")
    future = met.assign(met_on=T("2024-03-20"), status="scheduled")
    assert ("Bo", "send a thank-you") not in actions(future, "2024-03-12")


def test_a_thank_you_owed_for_weeks_is_worded_as_a_late_note():
    met = build({"name": "Bo", "met_on": "2024-03-08", "status": "met"})
    # due Saturday 9 March; late once more than 14 days past that, from Sunday 24 March
    fresh = actions(met, "2024-03-23")[("Bo", "send a thank-you")].reason
    assert fresh == (
        "You spoke on Fri 08 Mar 2024; a short thank-you within a day, with one thing you learnt."
    )
    late = actions(met, "2024-03-24")[("Bo", "send a thank-you")].reason
    assert late == (
        "You spoke on Fri 08 Mar 2024 and no thank-you is noted: a short, late note still "
        "helps (say one thing you acted on since)."
    )


def test_3b7_counts_business_days_and_names_someone_else():
    frame = build(
        # asked on Thursday 7 March; +3 business days is Tuesday 12, +7 is Monday 18
        {
            "name": "Di",
            "company": "Larkspur Labs",
            "contacted_on": "2024-03-07",
            "last_contact_on": "2024-03-07",
            "status": "requested",
        },
        {"name": "Eve", "company": "Larkspur Labs", "status": "to-contact"},
    )
    found = actions(frame, "2024-03-13")
    other = found[("Di", "try someone else at the employer")]
    assert other.due == T("2024-03-12") and other.overdue
    assert "Eve" in other.reason
    nudge = found[("Di", "send one polite follow-up")]
    assert nudge.due == T("2024-03-18") and not nudge.overdue
    # not before its horizon...
    assert ("Di", "send one polite follow-up") not in actions(frame, "2024-03-08", horizon_days=3)
    # ...not once they replied, nor once declined
    replied = frame.assign(responded=[True, False], responded_on=[T("2024-03-08"), pd.NaT])
    assert not any(name == "Di" for name, _ in actions(replied, "2024-03-13"))
    declined = frame.assign(status=["declined", "to-contact"])
    assert not any(name == "Di" for name, _ in actions(declined, "2024-03-13"))
    # one follow-up only: a later interaction means it was sent
    nudged = frame.assign(last_contact_on=[T("2024-03-18"), pd.NaT])
    assert ("Di", "send one polite follow-up") not in actions(nudged, "2024-03-19")
    # and after the rest period, let it go
    assert not any(name == "Di" for name, _ in actions(frame, "2024-05-01"))


def test_3b7_without_anyone_else_at_the_employer_says_to_look_for_one():
    frame = build(
        {"name": "Di", "company": "Larkspur Labs", "contacted_on": "2024-03-07"},
        {"name": "Eve", "company": "Larkspur Labs", "contacted_on": "2024-03-07"},
        {"name": "Fay", "contacted_on": "2024-03-07"},  # no employer on the list
    )
    found = actions(frame, "2024-03-13")
    for name in ("Di", "Eve", "Fay"):
        reason = found[(name, "try someone else at the employer")].reason
        assert reason.endswith("Look for someone else at the same employer.")
        assert "Thu 07 Mar 2024" in reason


def test_keep_in_touch_counts_from_the_latest_interaction():
    frame = build(
        {
            "name": "Cy",
            "met_on": "2024-01-10",
            "thanked_on": "2024-01-11",
            "last_contact_on": "2024-02-01",
            "status": "thanked",
        }
    )
    item = actions(frame, "2024-05-10")[("Cy", "keep in touch")]
    assert item.due == T("2024-02-01") + pd.Timedelta(days=90) and item.overdue
    assert ("Cy", "keep in touch") not in actions(frame, "2024-03-01")  # not yet within horizon
    short = actions(frame, "2024-03-01", keep_in_touch_days=30)
    assert short[("Cy", "keep in touch")].due == T("2024-03-02")
    planned = frame.assign(next_follow_up_on=T("2024-03-05"))
    assert actions(planned, "2024-03-01")[("Cy", "keep in touch")].due == T("2024-03-05")


def test_tell_the_referrer_until_you_have_been_in_touch():
    frame = build(
        {"name": "Bo", "referred_by": "Cy", "met_on": "2024-03-08", "status": "met"},
        {"name": "Cy", "met_on": "2024-01-10", "last_contact_on": "2024-01-10", "status": "met"},
    )
    item = actions(frame, "2024-03-10")[("Bo", "tell the referrer")]
    assert item.due == T("2024-03-09") and "Let Cy know you met Bo" in item.reason
    told = frame.assign(last_contact_on=[pd.NaT, T("2024-03-09")])
    assert ("Bo", "tell the referrer") not in actions(told, "2024-03-10")
    not_met = frame.assign(met_on=[pd.NaT, T("2024-01-10")], status=["requested", "met"])
    assert ("Bo", "tell the referrer") not in actions(not_met, "2024-03-10")


def test_prepare_for_upcoming_meetings():
    frame = build({"name": "Fay", "met_on": "2024-03-14", "status": "scheduled"})
    assert actions(frame, "2024-03-12")[("Fay", "prepare for the conversation")].due == T(
        "2024-03-13"
    )
    assert ("Fay", "prepare for the conversation") not in actions(frame, "2024-03-01")


def test_follow_ups_columns_sorted_and_as_of_forms():
    frame = build(
        {"name": "Bo", "met_on": "2024-03-08", "status": "met"},
        {"name": "Di", "contacted_on": "2024-03-01", "status": "requested"},
    )
    due = follow_ups(frame, as_of="2024-03-12")
    assert list(due.columns) == ["name", "company", "action", "due", "reason", "overdue"]
    assert due["due"].is_monotonic_increasing
    for as_of in (dt.date(2024, 3, 12), T("2024-03-12"), "2024-03-12"):
        pd.testing.assert_frame_equal(follow_ups(frame, as_of=as_of), due)
    # The action is a categorical in the rules' order: counts list every action, zeros too.
    counts = due["action"].value_counts(sort=False)
    assert list(counts.index) == list(FOLLOW_UP_ACTIONS.categories)
    assert counts["send a thank-you"] == 1 and counts["prepare for the conversation"] == 0
    assert due["action"].min() == "send a thank-you"  # ordered: the first rule is the least
    none = follow_ups(build(), as_of="2024-03-12")
    assert none.empty
    pd.testing.assert_series_equal(none.dtypes, due.dtypes)  # same types with nothing due


def test_ics_round_trip_with_stable_uids(tmp_path):
    from icalendar import Calendar

    frame = build(
        {"name": "Bo <b>", "company": "Larkspur Labs", "met_on": "2024-03-08", "status": "met"},
        {"name": "Di", "contacted_on": "2024-03-07", "status": "requested"},
    )
    due = follow_ups(frame, as_of="2024-03-12")
    path = write_ics(due, tmp_path / "follow-ups.ics")
    events = Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    assert len(events) == len(due)
    first = events[0]
    assert first.decoded("dtstart") == due["due"].iloc[0].date()
    assert str(first["summary"]).endswith(due["name"].iloc[0])
    uids = [str(e["uid"]) for e in events]
    assert len(set(uids)) == len(uids)
    later = follow_ups(frame, as_of="2024-03-14")  # dates shift, identities do not
    again = Calendar.from_ical(write_ics(later, tmp_path / "again.ics").read_bytes())
    assert set(uids) & {str(e["uid"]) for e in again.walk("VEVENT")}


def test_match_targets_finds_people_by_fuzzy_employer():
    contacts = build(
        {"name": "Ada", "company": "Stripe", "status": "met"},
        {"name": "Bo", "company": "Northwind Analytics", "status": "to-contact"},
        {"name": "Cy", "company": "Bluefin Health", "status": "requested"},
    )
    targets = pd.DataFrame(
        {
            "Employer": [
                "Stripe, Inc.",
                "The Northwind Analytics Co.",
                "Bluefin Health",
                "Acme Widgets",
                "Zephyr Labs",
            ],
            "Alumni": ["yes", "no", "", "yes", "no"],
            "Motivation": [3, 2, 1, 3, 1],
            "Posting": ["y", "n", "n", "y", "n"],
        }
    )
    out = match_targets(contacts, targets).set_index("employer")
    assert out.loc["Stripe, Inc.", "contacts"] == "Ada (met)"
    assert out.loc["Stripe, Inc.", "next_step"].startswith("Ask Ada who else")
    assert out.loc["The Northwind Analytics Co.", "next_step"] == (
        "Request a conversation with Bo."
    )
    assert "Waiting on Cy" in out.loc["Bluefin Health", "next_step"]
    assert out.loc["Acme Widgets", "n_contacts"] == 0
    assert "alumni" in out.loc["Acme Widgets", "next_step"]
    assert out.loc["Zephyr Labs", "next_step"].startswith("Find a first contact")
    assert list(out.columns[:3]) == ["alumni", "motivation", "posting"]
    with pytest.raises(ValueError, match="Employer"):
        match_targets(contacts, pd.DataFrame({"Name": ["x"]}))


def test_follow_ups_on_one_day_come_in_the_rules_order_then_the_sheets():
    met = {"met_on": "2024-03-08", "status": "met", "referred_by": "Ann"}
    frame = build(
        {"name": "Zoe", **met},
        {"name": "Bo", **met},
        {**met},  # a row without a name keeps its place too
        {"name": "Bo", **met, "company": "Second Bo"},
        {"name": "Ann", "last_contact_on": "2024-01-01", "status": "met"},
    )
    due = follow_ups(frame, as_of="2024-03-12")
    same_day = due[due["due"] == T("2024-03-09")]
    assert same_day["name"].fillna("-").tolist() == ["Zoe", "Bo", "-", "Bo"] * 2  # sheet order
    assert same_day["action"].tolist() == ["send a thank-you"] * 4 + ["tell the referrer"] * 4
    assert same_day["company"].fillna("-").tolist()[:4] == ["-", "-", "-", "Second Bo"]
    assert due["due"].is_monotonic_increasing


def test_follow_ups_keep_the_time_of_day_a_meeting_was_written_with():
    frame = build(
        {"name": "Al", "met_on": "2024-03-08 15:30", "status": "met"},
        {"name": "Bo", "met_on": "2024-03-08 09:00", "status": "met"},
    )
    thanks = follow_ups(frame, as_of="2024-03-12")
    thanks = thanks[thanks["action"] == "send a thank-you"]
    assert thanks["name"].tolist() == ["Bo", "Al"]  # earlier in the day first
    assert thanks["due"].tolist() == [T("2024-03-09 09:00"), T("2024-03-09 15:30")]


def test_the_sample_lists_each_day_by_rule_then_sheet_order():
    """On a realistic sheet (some names missing, some times of day), items due on one day come
    rule by rule, and those of one rule in the sheet's order."""
    from infoview_kit.sample import make_contacts

    contacts = make_contacts(2_000, seed=8, as_of="2026-11-01")  # names distinct up to ~2,900
    assert contacts["name"].is_unique
    contacts.loc[contacts.index % 17 == 0, "name"] = None
    named = contacts["name"].notna().to_numpy()
    position = pd.Series(np.flatnonzero(named), index=contacts["name"][named])  # sheet order
    for hours in (False, True):
        if hours:
            contacts["met_on"] = contacts["met_on"] + pd.to_timedelta(contacts.index % 24, "h")
        due = follow_ups(contacts, as_of="2026-11-01")
        assert due["due"].is_monotonic_increasing
        rank = due["action"].cat.codes  # the rules' order (FOLLOW_UP_ACTIONS)
        checked = 0
        for _, day in due.assign(rank=rank).groupby("due", sort=False):
            assert day["rank"].is_monotonic_increasing
            for _, one in day.dropna(subset=["name"]).groupby("rank"):
                assert position[one["name"]].is_monotonic_increasing
                checked += len(one) > 1
        assert checked > 20


def test_3b7_skips_holidays_from_a_list_or_a_country():
    frame = build({"name": "Di", "contacted_on": "2024-03-27", "status": "requested"})
    # asked Wednesday 27 March 2024; Good Friday (the 29th) is a holiday across the UK
    plain = actions(frame, "2024-04-01")
    assert plain[("Di", "try someone else at the employer")].due == T("2024-04-01")
    assert plain[("Di", "send one polite follow-up")].due == T("2024-04-05")
    uk = actions(frame, "2024-04-01", holidays="GB")
    assert uk[("Di", "try someone else at the employer")].due == T("2024-04-02")
    assert uk[("Di", "send one polite follow-up")].due == T("2024-04-08")
    listed = actions(frame, "2024-04-01", holidays=["2024-03-29", "2024-04-01"])
    assert listed[("Di", "try someone else at the employer")].due == T("2024-04-03")
    with pytest.raises(ValueError, match="holidays"):
        follow_ups(frame, as_of="2024-04-01", rules=FollowUpRules(holidays="Atlantis"))


def test_follow_ups_as_of_a_past_day():
    frame = build(
        {
            "name": "Bo",
            "contacted_on": "2024-03-01",
            "responded": True,
            "responded_on": "2024-03-04",
            "met_on": "2024-03-08",
            "thanked_on": "2024-03-09",
            "last_contact_on": "2024-03-09",
            "status": "thanked",
        },
        {"name": "Cy", "added_on": "2024-03-20", "contacted_on": "2024-03-20"},
    )
    before = actions(frame, "2024-03-08")  # the thank-you had not been sent yet
    assert before[("Bo", "send a thank-you")].due == T("2024-03-09")
    assert ("Bo", "keep in touch") not in before
    assert not any(name == "Cy" for name, _ in before)  # not on the list yet
    ahead = actions(frame, "2024-03-06")  # the meeting is two days away
    assert ahead[("Bo", "prepare for the conversation")].due == T("2024-03-07")
    assert ("Bo", "send a thank-you") not in ahead
    asked = actions(frame, "2024-03-02")  # asked the day before, no reply yet
    assert asked[("Bo", "try someone else at the employer")].due == T("2024-03-06")
    assert ("Bo", "send a thank-you") not in actions(frame, "2024-03-10")
    assert follow_ups(frame, as_of="2024-02-01").empty


def test_tell_the_referrer_finds_them_whatever_the_spelling():
    frame = build(
        {"name": "Bo", "referred_by": " jose  DIAZ", "met_on": "2024-03-08", "status": "met"},
        {"name": "José Díaz", "met_on": "2024-01-10", "last_contact_on": "2024-01-10"},
    )
    item = actions(frame, "2024-03-10")[("Bo", "tell the referrer")]
    done, recorded = mark_done(frame, item._asdict(), on="2024-03-10")
    assert recorded and done.loc[1, "last_contact_on"] == T("2024-03-10")
    assert ("Bo", "tell the referrer") not in actions(done, "2024-03-10")


def test_mark_done_on_a_categorical_status():
    frame = build({"name": "Bo", "met_on": "2024-03-08", "status": "met"})
    frame["status"] = frame["status"].astype("category")  # as the loader gives it
    item = actions(frame, "2024-03-10")[("Bo", "send a thank-you")]
    done, recorded = mark_done(frame, item._asdict(), on="2024-03-10")
    assert recorded and done.loc[0, "status"] == "thanked"
    assert done.loc[0, "thanked_on"] == T("2024-03-10")
    assert ("Bo", "send a thank-you") not in actions(done, "2024-03-10")


def test_ics_uids_stay_unique_with_duplicate_rows(tmp_path):
    from icalendar import Calendar

    row = {"name": "Bo", "company": "Larkspur Labs", "met_on": "2024-03-08", "status": "met"}
    due = follow_ups(build(row, row, row), as_of="2024-03-12")
    assert due["name"].tolist() == ["Bo"] * 3  # the same thank-you, three times
    path = write_ics(due, tmp_path / "follow-ups.ics")
    uids = [str(e["uid"]) for e in Calendar.from_ical(path.read_bytes()).walk("VEVENT")]
    assert len(uids) == 3 and len(set(uids)) == 3
    again = write_ics(due, tmp_path / "again.ics").read_bytes()
    assert [str(e["uid"]) for e in Calendar.from_ical(again).walk("VEVENT")] == uids  # stable


def test_follow_ups_are_the_same_for_text_kept_as_python_objects():
    from infoview_kit.sample import make_contacts

    arrow = make_contacts(400, seed=11, as_of="2026-11-01")
    objects = arrow.astype(
        {column: object for column in arrow.columns if arrow[column].dtype == "str"}
    )
    expected = follow_ups(arrow, as_of="2026-11-01")
    assert len(expected) > 20
    assert set(expected["action"]) >= {"keep in touch", "tell the referrer"}
    pd.testing.assert_frame_equal(follow_ups(objects, as_of="2026-11-01"), expected)


def test_a_new_export_updates_moved_events_and_cancels_done_ones(tmp_path):
    from icalendar import Calendar

    met = {"met_on": "2024-03-08", "status": "met"}
    contacts = build(
        {"name": "Ada", "company": "Larkspur Labs", **met},
        {"name": "Bo", "company": "Northwind", **met},
        {"name": "Cy", "company": "Harbor Lane", **met},
    )
    path = tmp_path / "follow-ups.ics"
    write_ics(follow_ups(contacts, as_of="2024-03-12"), path)

    def events():
        return {
            str(e["summary"]): (int(e["sequence"]), str(e.get("status", "")), e["dtstart"].dt)
            for e in Calendar.from_ical(path.read_bytes()).walk("VEVENT")
        }

    first = events()
    assert {seq for seq, _, _ in first.values()} == {0}
    contacts, _ = mark_done(
        contacts, follow_ups(contacts, as_of="2024-03-12").iloc[0], on="2024-03-12"
    )
    moved = contacts["name"] == "Bo"
    contacts.loc[moved, "met_on"] = pd.Timestamp("2024-03-11")  # the meeting was later
    write_ics(follow_ups(contacts, as_of="2024-03-12"), path)
    second = events()
    assert second["Send a thank-you: Ada"][:2] == (1, "CANCELLED")  # done: cleared on import
    assert second["Send a thank-you: Bo"][0] == 1  # moved to another day: updated
    assert second["Send a thank-you: Bo"][2] != first["Send a thank-you: Bo"][2]
    assert second["Send a thank-you: Cy"][:2] == (0, "")  # unchanged
    write_ics(follow_ups(contacts, as_of="2024-03-12"), path)
    assert events()["Send a thank-you: Ada"][:2] == (1, "CANCELLED")  # stays cleared
