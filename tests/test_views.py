"""What the notebooks display: headline figures, escaped tables, the cohort view and its charts."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from infoview_kit import follow_ups, funnel, response_rates, save_contacts, wilson_interval
from infoview_kit.charts import plot_cohort_activity, plot_cohort_rates, plot_funnel
from infoview_kit.cohort import cohort_table
from infoview_kit.sample import make_contacts
from infoview_kit.views import (
    NetworkReport,
    follow_up_list,
    headline_figures,
    rates_in_words,
    table,
)

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
    # the report passes the funnel and follow-ups it worked out already: the same figures
    given = headline_figures(contacts, as_of="2026-11-01", due=due, stages=stages)
    assert given == pytest.approx(figures, nan_ok=True)


def test_the_headline_and_the_follow_up_list_count_the_same_actions(tmp_path, monkeypatch):
    import infoview_kit.views as views

    path = save_contacts(make_contacts(60, seed=5), tmp_path / "sheet.csv")
    report = NetworkReport(path, as_of="2026-11-01")
    calls = []

    def counted(*args, **kwargs):
        calls.append(kwargs.get("as_of"))
        return follow_ups(*args, **kwargs)

    monkeypatch.setattr(views, "follow_ups", counted)
    headline, listed = str(report.headline()), str(report.follow_ups(first=100, shown=100))
    due = follow_ups(report.contacts, as_of="2026-11-01")
    assert f"<div class='ivk-figure'>{len(due)}</div><div>follow-ups due</div>" in headline
    assert len(due) > 0 and all(str(name) in listed for name in due["name"].head(3))
    assert calls == [report.as_of]  # worked out once for both


def test_table_escapes_and_writes_dates_for_people():
    frame = build({"name": "<b>Ann</b>", "met_on": "2024-03-08"})[["name", "met_on"]]
    html = str(table(frame))
    assert "&lt;b&gt;Ann&lt;/b&gt;" in html and "<b>Ann</b>" not in html
    assert "08 Mar 2024" in html
    # each cell names its column, so a narrow page can show a row as "column: value" lines
    assert '<td data-label="name">&lt;b&gt;Ann&lt;/b&gt;</td>' in html
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
    assert "<b>alumni</b>: 1 of 3 answered (33%), likely between 6% and 79% (few requests" in str(
        early.rates("source")
    )
    assert str(early.reply_times()) == (
        "<p>1 person replied, after a median of 4 days; 100% of them within 3 business days. "
        "2 people have not replied.</p>"
    )
    late = NetworkReport(path, as_of="2026-11-01")
    assert "<b>alumni</b>: 2 of 3 answered (67%)" in str(late.rates("source"))


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
    assert "Did not fit this week (1)" in week and ">ask for a conversation</td>" in week
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


def test_table_writes_yes_no_and_blanks_not_true_false_or_nan():
    frame = pd.DataFrame({"done": [True, False], "share": [0.333333, np.nan], "who": ["A", None]})
    html = str(table(frame))
    assert ">yes</td>" in html and ">no</td>" in html
    assert ">0.33</td>" in html
    assert "True" not in html and "False" not in html and "nan" not in html.lower()


def test_every_percentage_in_the_headline_says_what_it_is_a_share_of(tmp_path):
    contacts = make_contacts(80, seed=3)
    path = save_contacts(contacts, tmp_path / "ana_lopez.csv")
    report = NetworkReport(path, owner="Ana López", as_of="2026-11-01")
    headline = str(report.headline())
    stages = funnel(report.contacts, as_of="2026-11-01")
    answered = stages["responded"] / stages["contacted"]
    # the same share, in the same words, as the funnel chart's label for that bar
    assert f"{answered:.0%} of those you asked" in headline
    assert f"{stages['contacted'] / stages['listed']:.0%} of your list" in headline
    fig, ax = plt.subplots()
    plot_funnel(report.contacts, ax=ax, as_of="2026-11-01")
    labels = [t.get_text() for t in ax.texts]
    assert f"{stages['responded']}: {answered:.0%} of those you asked" in labels
    # one title, with the owner's name
    assert headline.count("<h1") == 1 and "Networking report: Ana López</h1>" in headline


def test_follow_ups_first_the_most_urgent_then_by_action_folded_after_five():
    thank = {"met_on": "2026-10-20", "contacted_on": "2026-10-01", "responded": True}
    asked = {"contacted_on": "2026-10-15"}
    contacts = build(
        *({"name": f"Asked {i}", "company": f"Co {i}", **asked} for i in range(8)),
        {"name": "<b>Thea</b>", "company": "Acme", **thank},
    )
    due = follow_ups(contacts, as_of="2026-11-01")
    assert len(due) == 17 and due["overdue"].all()  # 3B7: two actions per request
    html = str(follow_up_list(due))
    box, rest = html.split("</ol></div>")
    # the box holds five, the overdue thank-you first
    assert box.count("<li>") == 5
    assert box.index("Send a thank-you: <b>&lt;b&gt;Thea&lt;/b&gt;</b> (Acme)") < box.index("Asked")
    assert "<h3>Send a thank-you (1, 1 overdue)</h3>" in rest
    assert "<h3>Try someone else at the employer (8, 8 overdue)</h3>" in rest
    assert "<h3>Send one polite follow-up (8, 8 overdue)</h3>" in rest
    assert rest.index("thank-you (1") < rest.index("employer (8") < rest.index("follow-up (8")
    # five shown, the other three folded
    follow = rest.split("follow-up (8, 8 overdue)</h3>")[1]
    shown, folded = follow.split("<details>")
    assert shown.count("<li>") == 5
    assert "<summary>and 3 more</summary>" in folded and folded.count("<li>") == 3
    assert "overdue since" in html and "True" not in html and "False" not in html
    assert "Nothing is due" in str(follow_up_list(due.iloc[0:0]))


def test_rates_in_words_show_percentages_and_a_range_even_at_zero():
    contacts = build(
        *({"name": f"P{i}", "source": "cold", "contacted_on": "2026-10-01"} for i in range(4))
    )
    rates = response_rates(contacts, by="source", as_of="2026-11-01")
    words = str(rates_in_words(rates))
    low, high = wilson_interval(0, 4)
    assert (
        f"<b>cold</b>: 0 of 4 answered (0%), likely between 0% and {float(high):.0%} "
        "(few requests: a rough guide)." in words
    )
    assert "0.0" not in words


def test_a_report_on_two_sheets_names_both(tmp_path):
    first = save_contacts(make_contacts(10, seed=1), tmp_path / "linkedin.csv")
    second = save_contacts(make_contacts(10, seed=2), tmp_path / "<b>tracker.csv")
    headline = str(NetworkReport([first, second], as_of="2026-11-01").headline())
    assert "from <code>linkedin.csv</code>, <code>&lt;b&gt;tracker.csv</code>." in headline


def test_rates_in_words_put_the_best_first_and_leave_out_groups_never_asked():
    people = [
        {"name": f"A{i}", "source": "alumni", "contacted_on": "2026-10-01"} for i in range(12)
    ]
    for person in people[:3]:
        person.update(responded=True, responded_on="2026-10-03")
    people += [
        {"name": "R1", "source": "referral", "contacted_on": "2026-10-01", "responded": True},
        {"name": "E1", "source": "event"},  # on the list, never asked
    ]
    rates = response_rates(build(*people), by="source", as_of="2026-11-01")
    words = str(rates_in_words(rates))
    assert words.index("<b>referral</b>: 1 of 1") < words.index("<b>alumni</b>: 3 of 12")
    assert "3 of 12 answered (25%), likely between 9% and 53%.</li>" in words  # 12: no caveat
    assert "<b>event</b>" not in words
