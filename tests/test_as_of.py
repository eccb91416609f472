"""The contacts as they stood on a given day, when the only later date is a meeting ahead."""

from __future__ import annotations

import datetime

import pytest

from infoview_kit import follow_ups, funnel
from infoview_kit.as_of import as_of_view

from .conftest import ROOT, build

ASKED = {"contacted_on": "2024-05-01", "responded": True, "responded_on": "2024-05-02"}


def test_a_meeting_ahead_written_as_met_reads_scheduled():
    # Saved after the meeting: the sheet says "met"; on 5 May the meeting was still ahead.
    contacts = build({"name": "Ana", "met_on": "2024-05-10", "status": "met", **ASKED})
    view = as_of_view(contacts, "2024-05-05")
    assert view["status"].tolist() == ["scheduled"]
    assert funnel(contacts, as_of="2024-05-05")["met"] == 0
    assert funnel(contacts, as_of="2024-05-10")["met"] == 1


def test_a_meeting_ahead_already_scheduled_is_left_as_written():
    contacts = build(
        {"name": "Ana", "met_on": "2024-05-10", "status": "scheduled", **ASKED},
        {"name": "Bo", "met_on": "2024-05-06", "status": "scheduled", **ASKED},
    )
    view = as_of_view(contacts, "2024-05-05")
    assert view["status"].tolist() == ["scheduled", "scheduled"]
    assert funnel(contacts, as_of="2024-05-05")["met"] == 0
    due = follow_ups(contacts, as_of="2024-05-05")
    assert due["action"].astype("str").tolist() == ["prepare for the conversation"]
    assert due["name"].tolist() == ["Bo"]


def test_the_loader_and_the_view_of_today_derive_the_same_status(tmp_path):
    """A status left blank is derived on loading as the view of today works it out again
    for a row with a later date: a meeting today is held, a reply dated ahead is not an
    answer yet, a meeting set for a request not yet made is not scheduled."""
    import pandas as pd

    from infoview_kit import check_contacts

    today = pd.Timestamp.today().normalize()

    def day(offset: int) -> str:
        return (today + pd.Timedelta(days=offset)).strftime("%Y-%m-%d")

    rows = [  # name, asked, replied (Y/N), reply date, meeting, thank-you, status as written
        ("Ana", day(-10), "", "", day(0), "", ""),
        ("Bo", day(-10), "", "", day(3), "", ""),
        ("Cy", day(-10), "Y", day(2), "", "", ""),
        ("Di", day(-10), "Y", day(-5), "", "", "declined"),
        ("Ed", day(1), "", "", day(5), "", ""),
        ("Flo", "", "", "", "", day(-1), ""),
        ("Gus", day(-3), "", "", "", "", ""),
    ]
    header = "Name,Date contacted,Responded,Response date,Meeting date,Thank you sent,Status"
    header += ",Date added"

    def sheet(name: str, written: str) -> pd.DataFrame:
        lines = [header] + [",".join(r[:6] + (r[6] or written, day(-20))) for r in rows]
        path = tmp_path / name
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return check_contacts(path).contacts

    derived = sheet("blank.csv", "")["status"].astype("str").tolist()
    # Written as a bare request, with a last contact ahead: every row holds a later date, so
    # the view of today works each status out again from the dates.
    written = sheet("written.csv", "requested").assign(
        last_contact_on=today + pd.Timedelta(days=30)
    )
    seen = as_of_view(written, today)["status"].astype("str").tolist()
    assert derived == [
        "met",
        "scheduled",
        "requested",
        "declined",
        "to-contact",
        "thanked",
        "requested",
    ]
    assert seen == derived


DAYS_OUT_OF_REACH = [
    ("0024-09-10", "as_of='0024-09-10'"),  # typed for 2024
    ("9999-09-10", "as_of='9999-09-10'"),
    (datetime.date(1, 1, 1), "as_of=0001-01-01"),
    (datetime.datetime(9999, 12, 31), "as_of=9999-12-31"),
]


@pytest.mark.parametrize(("day", "named"), DAYS_OUT_OF_REACH)
def test_a_day_to_look_from_beyond_the_years_a_date_holds_is_refused_in_words(day, named):
    """Such a day used to wrap around (9999 read as 1815) and every figure came out 0."""
    from infoview_kit import views

    contacts = build({"name": "Ana", "added_on": "2024-05-01", **ASKED})
    calls = [
        lambda: views.headline_figures(contacts, as_of=day),
        lambda: follow_ups(contacts, as_of=day),
        lambda: funnel(contacts, as_of=day),
        lambda: as_of_view(contacts, day),
        lambda: views.NetworkReport(ROOT / "data" / "sample_contacts.csv", as_of=day),
    ]
    for call in calls:
        with pytest.raises(ValueError) as refused:
            call()
        said = str(refused.value)
        assert said.startswith(named), said
        assert "outside the years the kit can read (1900 to 2099)" in said
        assert said.endswith("write it like 2024-03-12.")


def test_the_first_and_last_days_the_kit_reads_count_as_usual():
    contacts = build({"name": "Ana", "added_on": "2024-05-01", **ASKED})
    assert funnel(contacts, as_of="2099-12-31")["responded"] == 1
    assert funnel(contacts, as_of="1900-01-01")["listed"] == 0
