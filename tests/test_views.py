"""What the notebooks display: headline figures, escaped tables, the cohort view and its charts."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from infoview_kit import follow_ups, funnel, save_contacts
from infoview_kit.charts import plot_cohort_activity, plot_cohort_rates
from infoview_kit.cohort import cohort_table
from infoview_kit.sample import make_contacts
from infoview_kit.views import NetworkReport, headline_figures, table

from .conftest import build


def test_headline_figures_agree_with_the_insights():
    contacts = make_contacts(80, seed=3)
    figures = headline_figures(contacts, as_of="2026-11-01")
    stages = funnel(contacts, as_of="2026-11-01")
    due = follow_ups(contacts, as_of="2026-11-01")
    assert figures["contacts"] == 80 and figures["met"] == stages["met"]
    assert figures["response_rate"] == pytest.approx(stages["responded"] / stages["contacted"])
    assert figures["follow_ups_due"] == len(due)
    assert figures["follow_ups_overdue"] == int(due["overdue"].sum())


def test_table_escapes_and_writes_dates_for_people():
    frame = build({"name": "<b>Ann</b>", "met_on": "2024-03-08"})[["name", "met_on"]]
    html = str(table(frame))
    assert "&lt;b&gt;Ann&lt;/b&gt;" in html and "<b>Ann</b>" not in html
    assert "08 Mar 2024" in html
    assert "Nothing due" in str(table(frame.iloc[0:0], empty="Nothing due"))


def test_network_report_views_escape_contact_text(tmp_path):
    contacts = make_contacts(20, seed=4)
    later = contacts["met_on"] >= np.datetime64("2026-11-01")
    contacts.loc[later, "met_on"] = np.datetime64("NaT", "ns")  # the hostile meeting is next
    contacts.loc[0, ["name", "met_on", "thanked_on", "status"]] = [
        "<script>x()</script>",
        np.datetime64("2026-11-05"),
        np.datetime64("NaT", "ns"),
        "scheduled",
    ]
    path = save_contacts(contacts, tmp_path / "sheet.csv")
    report = NetworkReport(path, owner="<i>me</i>", as_of="2026-11-01")
    for view in (
        report.headline(),
        report.next_meeting(),
        report.follow_ups(),
        report.rates("source"),
        report.problems(),
    ):
        assert "<script>" not in str(view) and "<i>me</i>" not in str(view)
    assert "&lt;script&gt;x()&lt;/script&gt;" in str(report.next_meeting())


def test_cohort_charts_draw_the_table(tmp_path):
    for i in range(3):
        save_contacts(make_contacts(40, seed=i), tmp_path / f"p{i}.csv")
    cohort = cohort_table(tmp_path, as_of="2026-11-01")
    fig, (top, bottom) = plt.subplots(2, 1)
    plot_cohort_activity(cohort, ax=top)
    assert sorted(p.get_height() for p in top.patches[:3]) == sorted(cohort["contacted"])
    plot_cohort_rates(cohort, ax=bottom)
    np.testing.assert_allclose([p.get_height() for p in bottom.patches], cohort["rate"])
    empty = cohort.iloc[0:0]
    fig, ax = plt.subplots()
    assert plot_cohort_rates(empty, ax=ax).texts  # says why it is empty


def test_report_views_count_only_what_had_happened_by_as_of(tmp_path):
    asked = {"contacted_on": "2026-10-01", "source": "alumni"}
    contacts = build(
        {"name": "Ann", **asked, "responded": True, "responded_on": "2026-10-05"},
        {"name": "Bo", **asked, "responded": True, "responded_on": "2026-10-20"},
        {"name": "Cy", **asked},
    )
    path = save_contacts(contacts, tmp_path / "sheet.csv")
    early = NetworkReport(path, as_of="2026-10-10")
    # on 10 October only Ann had replied: 1 of 3, after 4 days; Bo and Cy still waiting
    assert "<td>alumni</td>\n      <td>3</td>\n      <td>1</td>" in str(early.rates("source"))
    assert str(early.reply_times()).startswith("<p>1 people replied, after a median of 4 days")
    late = NetworkReport(path, as_of="2026-11-01")
    assert "<td>alumni</td>\n      <td>3</td>\n      <td>2</td>" in str(late.rates("source"))


def test_the_week_and_still_waiting_views(tmp_path):
    met = {"met_on": "2026-10-31", "contacted_on": "2026-10-20", "responded": True}
    contacts = build(
        {"name": "<i>Ann</i>", "company": "Acme", **met, "responded_on": "2026-10-21"},
        {"name": "Cy", "company": "Cat"},
    )
    path = save_contacts(contacts, tmp_path / "sheet.csv")
    report = NetworkReport(path, as_of="2026-11-02")
    week = str(report.week(minutes=20, weekly_goal=1))
    assert "<p>10 of 20 minutes planned; new requests: 0 planned toward" in week
    assert "&lt;i&gt;Ann&lt;/i&gt;" in week and "<i>Ann</i>" not in week
    assert "Did not fit this week (1)" in week and "<td>ask for a conversation</td>" in week
    waiting = str(report.still_waiting(waited=(0, 30)))
    # one request, answered after a day: too few to tell after 0 days, nothing after 30
    assert "Only 1 of your requests went more than 0 days without a reply" in waiting
    assert "None of your requests has gone more than 30 days without a reply" in waiting


def test_plan_table_of_an_empty_week():
    from infoview_kit import weekly_plan
    from infoview_kit.views import plan_table

    empty = build({"name": "Ann", "company": "Acme", "status": "declined"})
    body = str(plan_table(weekly_plan(empty, as_of="2026-11-02", weekly_goal=0)))
    assert "Nothing to plan this week." in body and "0 of 120 minutes planned" in body
