"""The contacts as they stood on a given day, when the only later date is a meeting ahead."""

from __future__ import annotations

from infoview_kit import follow_ups, funnel
from infoview_kit.as_of import as_of_view

from .conftest import build

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
