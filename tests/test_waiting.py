""" "Is it still worth waiting?": Kaplan-Meier chances worked out by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from infoview_kit.waiting import about, reply_chance, reply_chances, reply_times

from .conftest import ROOT, build

AS_OF = "2026-03-31"


def requests():
    """Five replies after 1, 2, 2, 5 and 8 days; three still waiting, for 3, 6 and 10 days."""
    replied = [("2026-03-02", "A"), ("2026-03-03", "B"), ("2026-03-03", "C")]
    replied += [("2026-03-06", "D"), ("2026-03-09", "E")]
    rows = [
        {"name": name, "contacted_on": "2026-03-01", "responded": True, "responded_on": on}
        for on, name in replied
    ]
    rows += [
        {"name": name, "contacted_on": on}
        for on, name in [("2026-03-28", "F"), ("2026-03-25", "G"), ("2026-03-21", "H")]
    ]
    return build(*rows)


def test_reply_times_count_the_waiting_as_waiting_so_far():
    times = reply_times(requests(), as_of=AS_OF)
    assert dict(zip(times["name"], times["days"], strict=True)) == {
        "A": 1, "B": 2, "C": 2, "D": 5, "E": 8, "F": 3, "G": 6, "H": 10,
    }  # fmt: skip
    assert list(times["replied"]) == [True] * 5 + [False] * 3


def test_after_two_days_the_chance_is_the_product_limit_by_hand():
    # Unanswered after 2 days: D, E (replied 3 and 6 days later) and F, G, H (waited 1, 4, 8
    # more). Product-limit: at 3 days 1 of 4 at risk replies (3/4 still waiting), at 6 days 1 of
    # 2 (3/8 still waiting): 5/8 got a reply. Within 3 more days: 1 - 3/4.
    chance = reply_chance(requests(), 2, as_of=AS_OF)
    assert (chance.unanswered, chance.replied_later) == (5, 2)
    assert chance.chance == pytest.approx(5 / 8)
    assert 0 <= chance.low < 5 / 8 < chance.high <= 1
    assert reply_chance(requests(), 2, 3, as_of=AS_OF).chance == pytest.approx(1 / 4)


def test_small_samples_say_so_in_words():
    words = reply_chance(requests(), 2, as_of=AS_OF).words
    assert words == (
        "Only 5 of your requests went more than 2 days without a reply, too few to tell; "
        "2 of them got a reply later."
    )


def test_no_reply_seen_gives_zero_with_an_honest_upper_bound():
    chance = reply_chance(requests(), 8, as_of=AS_OF)  # only H, still waiting
    assert (chance.unanswered, chance.chance, chance.low) == (1, 0.0, 0.0)
    assert chance.high == pytest.approx(0.95)


def test_replies_after_as_of_have_not_happened_yet():
    times = reply_times(requests(), as_of="2026-03-04")
    # By 4 March: D and E have waited 3 days, C and B replied; F, G, H not asked yet.
    assert dict(zip(times["name"], times["days"], strict=True)) == {
        "A": 1, "B": 2, "C": 2, "D": 3, "E": 3,
    }  # fmt: skip
    assert list(times["replied"]) == [True, True, True, False, False]
    nothing = reply_chance(requests(), 0, as_of="2026-02-01")
    assert nothing.unanswered == 0 and math.isnan(nothing.chance)
    assert "nothing to go on" in nothing.words


def test_a_reply_with_no_date_is_left_out():
    sheet = build(
        {"name": "A", "contacted_on": "2026-03-01", "responded": True},
        {"name": "B", "contacted_on": "2026-03-01"},
    )
    assert list(reply_times(sheet, as_of=AS_OF)["name"]) == ["B"]


def test_enough_requests_are_worded_as_a_share_with_its_range():
    # 30 requests on 1 January: 10 answered on day 2; of the 20 left, 4 answered on day 10.
    rows = [
        {"name": f"P{i}", "contacted_on": "2026-01-01", "responded": True,
         "responded_on": "2026-01-03" if i < 10 else "2026-01-11"}
        for i in range(14)
    ] + [{"name": f"Q{i}", "contacted_on": "2026-01-01"} for i in range(16)]  # fmt: skip
    chance = reply_chance(build(*rows), 7, as_of="2026-03-01")
    assert chance.chance == pytest.approx(4 / 20)
    assert chance.words.startswith(
        "Of your 20 requests unanswered after 7 days, about 1 in 5 still got a reply (likely "
        "between "
    )
    assert chance.low < 0.2 < chance.high


def test_the_chance_falls_as_the_wait_grows_on_the_sample(sample):
    table = reply_chances(sample, as_of="2026-11-01")
    assert list(table["waited"]) == list(range(len(table)))
    assert table["chance"].is_monotonic_decreasing
    assert (table["low"] <= table["chance"]).all() and (table["chance"] <= table["high"]).all()
    assert table["unanswered"].iloc[0] == reply_times(sample, as_of="2026-11-01").shape[0]


@pytest.mark.parametrize(
    ("share", "words"),
    [(0.2, "about 1 in 5"), (0.26, "about 1 in 4"), (0.5, "about half"), (0.34, "about 1 in 3"),
     (0.74, "about 3 in 4"), (0.7, "about 7 in 10"), (0.01, "hardly any"), (0.99, "nearly all")],
)  # fmt: skip
def test_shares_in_words(share, words):
    assert about(share) == words


@pytest.fixture
def sample():
    import warnings

    from infoview_kit import load_contacts

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_contacts(ROOT / "data" / "sample_contacts.csv")


def test_the_chart_draws_the_chances_and_marks_small_samples(sample):
    from infoview_kit.charts import plot_reply_chances

    ax = plot_reply_chances(sample, as_of="2026-11-01")
    table = reply_chances(sample, as_of="2026-11-01")
    drawn = ax.get_lines()[0].get_ydata()
    assert list(drawn) == pytest.approx(list(table["chance"]))
    assert ax.get_title() == "Still worth waiting?"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "95% interval",
        "chance a reply still comes",
    ]
    small = plot_reply_chances(requests(), as_of=AS_OF)
    labels = [t.get_text() for t in small.get_legend().get_texts()]
    assert "fewer than 10 requests waited this long" in labels


def test_the_chart_of_an_empty_sheet_says_so():
    from infoview_kit.charts import plot_reply_chances

    ax = plot_reply_chances(requests(), as_of="2026-01-01")
    assert [t.get_text() for t in ax.texts] == ["No requests sent yet"]


def test_3b7_reasons_say_how_often_a_late_reply_came():
    from infoview_kit.waiting import with_reply_chances

    items = pd.DataFrame(
        {
            "name": ["G", "A"],
            "company": pd.Series([None, None], dtype="str"),
            "action": ["send one polite follow-up", "send a thank-you"],
            "reason": ["No reply yet.", "You spoke on Monday."],
        }
    )
    worded = with_reply_chances(items, requests(), as_of=AS_OF)
    # G has waited 6 days; of the requests unanswered after 6 days (E and H), E replied later.
    assert list(worded["reason"]) == [
        "No reply yet. Only 2 of your requests went more than 6 days without a reply, too few "
        "to tell; 1 of them got a reply later.",
        "You spoke on Monday.",
    ]
    assert list(items["reason"]) == ["No reply yet.", "You spoke on Monday."]  # a copy


@pytest.mark.parametrize("day", ["0026-03-31", "9999-03-31"])
def test_waiting_from_beyond_the_years_a_date_holds_is_refused_in_words(day):
    for ask in (reply_times, reply_chances):
        with pytest.raises(ValueError, match=f"as_of='{day}' is outside the years the kit can"):
            ask(requests(), as_of=day)
