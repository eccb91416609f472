"""Insights on hand-built frames, with numbers worked out by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from infoview_kit import (
    funnel,
    network_growth,
    referral_edges,
    referral_multiplier,
    response_rates,
    response_time_summary,
    responsiveness,
    time_to_response,
    weekly_outreach,
    wilson_interval,
)
from infoview_kit.insights import as_of_view, as_timestamp, business_days

from .conftest import build

T = pd.Timestamp


@pytest.fixture
def pipeline():
    return build(
        # listed only
        {"name": "Ana", "source": "alumni", "added_on": "2024-03-01", "status": "to-contact"},
        # contacted Friday, replied Monday (1 business day), met, thanked
        {
            "name": "Bo",
            "source": "referral",
            "referred_by": "Cy",
            "contacted_on": "2024-03-01",
            "responded": True,
            "responded_on": "2024-03-04",
            "met_on": "2024-03-08",
            "thanked_on": "2024-03-09",
            "status": "thanked",
            "added_on": "2024-03-01",
        },
        # contacted, replied after 8 days (6 business days), met, not thanked
        {
            "name": "Cy",
            "source": "alumni",
            "contacted_on": "2024-03-04",
            "responded": True,
            "responded_on": "2024-03-12",
            "met_on": "2024-03-15",
            "status": "met",
            "added_on": "2024-03-02",
        },
        # contacted, no reply
        {
            "name": "Di",
            "source": "cold",
            "contacted_on": "2024-03-05",
            "status": "requested",
            "added_on": "2024-03-03",
        },
        # contacted, declined
        {
            "name": "Ed",
            "source": "cold",
            "contacted_on": "2024-03-11",
            "responded": True,
            "responded_on": "2024-03-12",
            "status": "declined",
            "added_on": "2024-03-10",
        },
    )


def test_funnel_counts_each_stage(pipeline):
    stages = funnel(pipeline, as_of="2024-04-01")
    assert stages.to_dict() == {
        "listed": 5,
        "contacted": 4,
        "responded": 3,
        "met": 2,
        "thanked": 1,
        "referrals": 1,
    }


@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    [
        (3, 10, 0.107789, 0.603227),  # worked by hand from the Wilson formula, z = 1.96
        (0, 5, 0.0, 0.434491),  # exactly 0 at no successes
        (5, 5, 0.565509, 1.0),  # exactly 1 at all successes
        (1, 1, 0.206543, 1.0),
    ],
)
def test_wilson_interval_by_hand(k, n, low, high):
    lo, hi = wilson_interval(k, n)
    assert float(lo) == pytest.approx(low, abs=1e-6)
    assert float(hi) == pytest.approx(high, abs=1e-6)


def test_wilson_interval_of_nothing_is_unknown():
    lo, hi = wilson_interval(0, 0)
    assert np.isnan(lo) and np.isnan(hi)


def test_response_rates_overall_and_by_group(pipeline):
    overall = response_rates(pipeline)
    assert list(overall.index) == ["all"]
    assert overall.loc["all", ["contacted", "responded"]].tolist() == [4, 3]
    assert overall.loc["all", "rate"] == 0.75
    by_source = response_rates(pipeline, by="source")
    assert by_source.loc["cold", ["contacted", "responded"]].tolist() == [2, 1]
    assert by_source.loc["alumni", "rate"] == 1.0  # Ana was never contacted: not counted
    assert by_source.loc["alumni", "high"] == 1.0
    low, high = wilson_interval(1, 2)
    assert by_source.loc["cold", "low"] == pytest.approx(float(low))
    assert list(by_source.columns) == ["contacted", "responded", "rate", "low", "high"]
    with pytest.raises(KeyError, match="no column"):
        response_rates(pipeline, by="favourite_colour")


def test_network_growth_is_cumulative(pipeline):
    growth = network_growth(pipeline, freq="D")
    assert growth.loc[T("2024-03-01"), "contacts"] == 2
    assert growth.loc[T("2024-03-03"), "contacts"] == 4
    assert growth["contacts"].iloc[-1] == 5
    assert growth["meetings"].iloc[-1] == 2
    assert growth["contacts"].is_monotonic_increasing
    by_source = network_growth(pipeline, freq="W", by="source")
    assert by_source.iloc[-1].to_dict() == {"alumni": 2, "cold": 2, "referral": 1}
    daily = network_growth(pipeline, freq="D", by="source")
    assert list(daily.index) == list(pd.date_range("2024-03-01", "2024-03-10"))  # quiet days too
    assert daily.loc[T("2024-03-05")].to_dict() == {"alumni": 2, "cold": 1, "referral": 1}
    assert list(daily.columns) == ["alumni", "cold", "referral"]


def test_time_to_response_counts_business_days_across_weekends(pipeline):
    times = time_to_response(pipeline).set_index("name")
    assert times.loc["Bo", "days"] == 3 and times.loc["Bo", "business_days"] == 1
    assert times.loc["Cy", "days"] == 8 and times.loc["Cy", "business_days"] == 6
    assert "Di" not in times.index  # no reply: excluded...
    summary = response_time_summary(pipeline)
    assert summary["no_reply"] == 1  # ...and counted
    assert summary["replied"] == 3 and summary["median_days"] == 3.0


def test_business_days():
    start = pd.Series([T("2024-03-01"), T("2024-03-04"), pd.NaT])  # Fri, Mon
    end = pd.Series([T("2024-03-04"), T("2024-03-11"), T("2024-03-11")])
    assert business_days(start, end).tolist()[:2] == [1.0, 5.0]
    assert np.isnan(business_days(start, end).iloc[2])


def test_responsiveness_labels(pipeline):
    labels = responsiveness(pipeline, as_of="2024-04-01")
    assert labels.tolist()[1:] == ["Booster", "Obligate", "Curmudgeon", "Booster"]
    assert pd.isna(labels.iloc[0])  # not contacted
    assert labels.cat.ordered and list(labels.cat.categories) == [
        "Booster",
        "Obligate",
        "Curmudgeon",
    ]
    assert labels.value_counts(sort=False).tolist() == [2, 1, 1]
    early = responsiveness(pipeline, as_of="2024-03-06")  # Di asked 1 business day ago
    assert pd.isna(early.iloc[3])


def test_referrals(pipeline):
    assert referral_edges(pipeline).to_dict("records") == [{"referrer": "Cy", "name": "Bo"}]
    assert referral_multiplier(pipeline, as_of="2024-04-01") == 0.5  # 1 referral / 2 meetings


def test_weekly_outreach_against_goal(pipeline):
    weeks = weekly_outreach(pipeline, goal=2, as_of="2024-03-20")
    assert list(weeks.index) == [T("2024-02-26"), T("2024-03-04"), T("2024-03-11"), T("2024-03-18")]
    assert weeks["requests"].tolist() == [1, 2, 1, 0]
    assert weeks["met_goal"].tolist() == [False, True, False, False]


def test_as_of_accepts_dates_strings_and_timestamps():
    import datetime as dt

    assert as_timestamp("2024-03-05") == T("2024-03-05")
    assert as_timestamp(dt.date(2024, 3, 5)) == T("2024-03-05")
    assert as_timestamp(T("2024-03-05 14:30")) == T("2024-03-05")
    assert as_timestamp(None) == pd.Timestamp.today().normalize()
    with pytest.raises(ValueError, match="not a date"):
        as_timestamp("next week")


def test_insights_on_empty_frame():
    empty = build()
    assert funnel(empty).sum() == 0
    assert response_rates(empty).empty
    assert network_growth(empty).empty
    assert time_to_response(empty).empty
    assert weekly_outreach(empty).empty


def test_editing_a_result_leaves_the_contacts_alone():
    """Results are built on arrays of their own (without pandas' extra copy): writing into one
    changes neither the contacts nor another result."""
    from infoview_kit import follow_ups
    from infoview_kit.sample import make_contacts

    contacts = make_contacts(300, seed=4, as_of="2026-11-01")
    before = contacts.copy(deep=True)
    results = [
        response_rates(contacts, by="source"),
        network_growth(contacts, freq="W"),
        time_to_response(contacts),
        referral_edges(contacts),
        weekly_outreach(contacts, as_of="2026-11-01"),
        follow_ups(contacts, as_of="2026-11-01"),
    ]
    again = [result.copy(deep=True) for result in results]
    for result in results:
        assert len(result) > 1
        for position in range(result.shape[1]):
            result.iloc[0, position] = result.iloc[-1, position]  # a write into every column
    pd.testing.assert_frame_equal(contacts, before)
    pd.testing.assert_frame_equal(time_to_response(contacts), again[2])
    pd.testing.assert_frame_equal(follow_ups(contacts, as_of="2026-11-01"), again[5])


# As of any day: only what had happened by then counts.


def test_funnel_as_of_past_days_counts_only_what_had_happened(pipeline):
    assert funnel(pipeline, as_of="2024-02-01").sum() == 0  # before anything happened
    assert funnel(pipeline, as_of="2024-03-01").to_dict() == {
        "listed": 2,  # Ana and Bo were added that day
        "contacted": 1,
        "responded": 0,  # Bo replied on the 4th
        "met": 0,
        "thanked": 0,
        "referrals": 1,
    }
    assert funnel(pipeline, as_of="2024-03-08").to_dict() == {
        "listed": 4,  # Ed was added on the 10th
        "contacted": 3,
        "responded": 1,
        "met": 1,  # Cy's meeting on the 15th is still ahead
        "thanked": 0,  # Bo was thanked on the 9th
        "referrals": 1,
    }


def test_the_view_of_a_past_day_derives_status_and_last_contact_for_that_day(pipeline):
    view = as_of_view(pipeline, "2024-03-08").set_index("name")
    assert list(view.index) == ["Ana", "Bo", "Cy", "Di"]
    assert view["status"].to_dict() == {
        "Ana": "to-contact",
        "Bo": "met",  # thanked only the next day
        "Cy": "scheduled",  # a meeting after the day is scheduled, not met
        "Di": "requested",
    }
    assert view.loc["Bo", "last_contact_on"] == T("2024-03-08")
    assert view.loc["Cy", "last_contact_on"] == T("2024-03-04")  # the reply came on the 12th
    assert not view.loc["Cy", "responded"] and pd.isna(view.loc["Cy", "responded_on"])
    assert view.loc["Cy", "met_on"] == T("2024-03-15")  # kept: it is planned
    declined = as_of_view(pipeline, "2024-03-20").set_index("name")
    assert declined.loc["Ed", "status"] == "declined"  # nothing later: the status as given


def test_every_insight_as_of_a_past_day(pipeline):
    day = "2024-03-08"
    rates = response_rates(pipeline, as_of=day)
    assert rates.loc["all", ["contacted", "responded"]].tolist() == [3, 1]
    assert time_to_response(pipeline, as_of=day)["name"].tolist() == ["Bo"]
    summary = response_time_summary(pipeline, as_of=day)
    assert summary["replied"] == 1 and summary["no_reply"] == 2
    labels = responsiveness(pipeline, as_of=day)
    assert list(labels.index) == list(pipeline.index)  # one label per contact, as before
    assert labels.iloc[1] == "Booster"
    assert labels.iloc[2] == "Curmudgeon"  # asked Monday, no reply by Friday
    assert pd.isna(labels.iloc[3]) and pd.isna(labels.iloc[4])  # 3 business days; not yet asked
    assert referral_multiplier(pipeline, as_of=day) == 1.0  # 1 referral, 1 meeting so far
    weeks = weekly_outreach(pipeline, goal=2, as_of=day)
    assert weeks["requests"].tolist() == [1, 2]  # Ed's request on the 11th is not counted
    growth = network_growth(pipeline, freq="D", as_of=day)
    assert growth.index[-1] == T("2024-03-08")
    assert growth.iloc[-1].to_dict() == {"contacts": 4, "meetings": 1}


def test_network_growth_leaves_out_meetings_after_the_day():
    frame = build(
        {"name": "Ana", "added_on": "2024-03-01", "met_on": "2024-03-04"},
        {"name": "Bo", "added_on": "2024-03-02", "met_on": "2024-04-20", "status": "scheduled"},
    )
    growth = network_growth(frame, freq="D", as_of="2024-03-10")
    assert growth["meetings"].iloc[-1] == 1
    assert growth.index[-1] == T("2024-03-04")  # the last day anything happened
    assert funnel(frame, as_of="2024-03-10")["met"] == 1  # the funnel agrees


@pytest.fixture(scope="module")
def sample_sheet():
    from infoview_kit import load_contacts

    from .conftest import ROOT

    return load_contacts(ROOT / "data" / "sample_contacts.csv")


def test_the_sample_before_anything_happened_is_all_zeros(sample_sheet):
    from infoview_kit import follow_ups

    day = "2026-04-01"  # the sample's first contact was added on 5 April 2026
    assert funnel(sample_sheet, as_of=day).sum() == 0
    assert response_rates(sample_sheet, by="source", as_of=day).empty
    assert network_growth(sample_sheet, as_of=day).empty
    assert time_to_response(sample_sheet, as_of=day).empty
    assert response_time_summary(sample_sheet, as_of=day)["replied"] == 0
    assert responsiveness(sample_sheet, as_of=day).isna().all()
    assert np.isnan(referral_multiplier(sample_sheet, as_of=day))
    assert weekly_outreach(sample_sheet, as_of=day).empty
    assert referral_edges(sample_sheet, as_of=day).empty
    assert follow_ups(sample_sheet, as_of=day).empty


@pytest.mark.parametrize("day", ["2026-05-01", "2026-06-15", "2026-08-01", "2026-10-01"])
def test_the_sample_at_past_days(sample_sheet, day):
    """Every request, meeting and thank-you in the sample has its date: as of a day, the
    funnel counts the rows whose date is on or before it."""
    stages = funnel(sample_sheet, as_of=day)
    by_then = {c: (sample_sheet[c] <= day).sum() for c in ("added_on", "met_on", "thanked_on")}
    assert stages["listed"] == by_then["added_on"]
    assert stages["contacted"] == (sample_sheet["contacted_on"] <= day).sum()
    assert stages["met"] == by_then["met_on"]
    assert stages["thanked"] == by_then["thanked_on"]
    assert 0 < stages["met"] < funnel(sample_sheet, as_of="2026-11-01")["met"]
    rates = response_rates(sample_sheet, as_of=day)
    assert rates.loc["all", "contacted"] == stages["contacted"]
    assert rates.loc["all", "responded"] <= stages["contacted"]
    weeks = weekly_outreach(sample_sheet, as_of=day)
    assert weeks["requests"].sum() == stages["contacted"]
    assert weeks.index[-1] <= T(day)
    growth = network_growth(sample_sheet, as_of=day)
    assert growth.iloc[-1].tolist() == [stages["listed"], stages["met"]]
    assert time_to_response(sample_sheet, as_of=day)["responded_on"].max() <= T(day)


def test_the_sample_on_its_day_with_a_meeting_still_to_come(sample_sheet):
    day = "2026-11-01"  # the sample's day; one meeting is set for 5 November
    assert funnel(sample_sheet, as_of=day)["met"] == (sample_sheet["met_on"] <= day).sum()
    assert funnel(sample_sheet, as_of="2026-11-06")["met"] == sample_sheet["met_on"].notna().sum()


def test_vocabulary_columns_as_categoricals_give_the_same_answers(pipeline):
    from infoview_kit import follow_ups

    vocabulary = ["status", "source", "channel", "seniority"]
    categorical = pipeline.astype({column: "category" for column in vocabulary})
    for day in ("2024-03-08", "2024-04-01"):
        pd.testing.assert_series_equal(funnel(categorical, as_of=day), funnel(pipeline, as_of=day))
        pd.testing.assert_frame_equal(
            response_rates(categorical, by="source", as_of=day),
            response_rates(pipeline, by="source", as_of=day),
        )
        pd.testing.assert_frame_equal(
            follow_ups(categorical, as_of=day), follow_ups(pipeline, as_of=day)
        )


def test_referrers_match_whatever_their_case_spacing_or_accents():
    frame = build(
        {"name": "José Díaz", "met_on": "2024-03-01"},
        {"name": "Bo", "referred_by": "  jose   DIAZ "},
        {"name": "Cy", "referred_by": "Prof. Ruiz "},
    )
    assert referral_edges(frame).to_dict("records") == [
        {"referrer": "José Díaz", "name": "Bo"},  # as the list writes them
        {"referrer": "Prof. Ruiz", "name": "Cy"},  # not on the list: as written, trimmed
    ]


@pytest.mark.parametrize("freq", ["D", "W", "W-MON", "MS", "QS", "2W", "14D"])
def test_growth_by_group_adds_up_to_the_whole(freq):
    from infoview_kit.sample import make_contacts

    contacts = make_contacts(400, seed=5, as_of="2026-11-01")
    whole = network_growth(contacts, freq=freq, as_of="2026-11-01")
    parts = network_growth(contacts, freq=freq, by="channel", as_of="2026-11-01")
    assert list(parts.index) == list(whole.index)
    assert parts.sum(axis=1).tolist() == whole["contacts"].tolist()
    assert list(parts.columns) == sorted(parts.columns)


def test_answers_follow_every_edit_of_the_contacts():
    frame = build(
        {"name": "Ana", "status": "met", "source": "alumni"},
        {"name": "Bo", "status": "requested", "source": "cold"},
    )
    assert funnel(frame)["met"] == 1
    frame.loc[1, "status"] = "thanked"
    assert funnel(frame)["met"] == 2
    frame["source"] = frame["source"].str.upper()
    assert list(response_rates(frame, by="source").index) == ["ALUMNI", "COLD"]
    as_object = frame.astype({"status": object})  # columns of Python objects work too
    assert funnel(as_object)["thanked"] == 1


def test_a_loaded_sheet_merges_spellings_and_counts_blanks(tmp_path):
    from infoview_kit import load_contacts

    sheet = tmp_path / "contacts.csv"
    sheet.write_text(
        "Name,Source,Status\nAna,LinkedIn,met\nBo,linkedin,Requested\nCy,,met\nDi,Alumni,thanked\n",
        encoding="utf-8",
    )
    contacts = load_contacts(sheet)
    assert funnel(contacts)["met"] == 3
    assert response_rates(contacts, by="source")["contacted"].to_dict() == {
        "linkedin": 2,
        "alumni": 1,
        "(blank)": 1,
    }


def test_responsiveness_keeps_the_sheets_row_labels_even_repeated(pipeline):
    repeated = pipeline.set_axis([7, 7, 8, 8, 9])  # e.g. two sheets put together
    labels = responsiveness(repeated, as_of="2024-03-08")
    assert list(labels.index) == [7, 7, 8, 8, 9]
    expected = responsiveness(pipeline, as_of="2024-03-08")
    assert labels.tolist()[1:3] == expected.tolist()[1:3] == ["Booster", "Curmudgeon"]
    assert labels.isna().tolist() == [True, False, False, True, True]  # Ed not yet listed


def test_every_insight_takes_a_sheet_with_repeated_row_labels():
    from infoview_kit import follow_ups
    from infoview_kit.sample import make_contacts

    contacts = make_contacts(300, seed=4, as_of="2026-11-01")
    repeated = contacts.set_axis(contacts.index // 2)  # two sheets put together, say
    day = "2026-08-01"
    pd.testing.assert_series_equal(funnel(repeated, as_of=day), funnel(contacts, as_of=day))
    for insight in (response_rates, network_growth, weekly_outreach, referral_edges):
        pd.testing.assert_frame_equal(insight(repeated, as_of=day), insight(contacts, as_of=day))
    pd.testing.assert_frame_equal(
        follow_ups(repeated, as_of=day).reset_index(drop=True),
        follow_ups(contacts, as_of=day).reset_index(drop=True),
    )
    assert time_to_response(repeated, as_of=day)["days"].tolist() == (
        time_to_response(contacts, as_of=day)["days"].tolist()
    )


def test_the_bytes_of_some_text_are_its_values_bytes_only():
    """Whole-column checks (control characters, two spaces, letters beyond ASCII) read these
    bytes: a slice or a column of missing values must not show other bytes."""
    import pyarrow as pa

    from infoview_kit.names import text_bytes

    text = pa.array(["ab", "cd", None, "e\u00e9"], pa.large_string())
    assert bytes(text_bytes(text)) == "abcde\u00e9".encode()
    assert bytes(text_bytes(text.slice(1, 2))) == b"cd"
    assert bytes(text_bytes(pa.array(["xy", "z"]).slice(1))) == b"z"
    assert bytes(text_bytes(pa.nulls(1000, pa.large_string()))) == b""
