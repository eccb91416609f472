"""The shared column views behind the insights: business-day arithmetic, dates in words, kept
factorisations that never go stale, and periods that match pandas' resample."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from infoview_kit import _columns as col
from infoview_kit import funnel, load_contacts, response_rates
from infoview_kit.insights import _median, _periods

from .conftest import build

RNG = np.random.default_rng(7)
DAYS = RNG.integers(-3_000, 30_000, 20_000).astype("datetime64[D]")
DAYS[::13] = np.datetime64("NaT")
KNOWN = ~np.isnat(DAYS)


def test_business_day_count_agrees_with_numpy_both_ways():
    ends = DAYS + RNG.integers(-40, 40, DAYS.size)  # weekends, and ends before starts
    mine = col.busday_count(DAYS, ends)
    assert np.isnan(mine[~KNOWN]).all()
    np.testing.assert_array_equal(mine[KNOWN], np.busday_count(DAYS[KNOWN], ends[KNOWN]))
    stamps = DAYS.astype("datetime64[ns]") + np.timedelta64(15, "h")  # times of day are dropped
    np.testing.assert_array_equal(col.busday_count(stamps, ends)[KNOWN], mine[KNOWN])


@pytest.mark.parametrize("n", [0, 1, 3, 7, -2])
def test_business_day_offset_agrees_with_numpy(n):
    mine = col.busday_offset(DAYS, n)
    assert np.isnat(mine[~KNOWN]).all()
    np.testing.assert_array_equal(mine[KNOWN], np.busday_offset(DAYS[KNOWN], n, roll="forward"))


def test_dates_in_words_match_strftime():
    worded = col.in_words(DAYS[:3_000]).to_pylist()
    expected = [
        "?" if np.isnat(day) else pd.Timestamp(day).strftime("%a %d %b %Y") for day in DAYS[:3_000]
    ]
    assert worded == expected
    assert col.in_words(np.array(["NaT"], dtype="datetime64[ns]")).to_pylist() == ["?"]


def test_kept_codes_follow_every_edit_of_the_column():
    frame = build(
        {"name": "Ana", "status": "met", "source": "alumni"},
        {"name": "Bo", "status": "requested", "source": "cold"},
    )
    assert funnel(frame)["met"] == 1
    frame.loc[1, "status"] = "thanked"  # an edit in place gives the column a new array
    assert funnel(frame)["met"] == 2
    frame["source"] = frame["source"].str.upper()
    assert list(response_rates(frame, by="source").index) == ["ALUMNI", "COLD"]
    as_object = frame.astype({"status": object})  # columns without Arrow work too
    assert funnel(as_object)["thanked"] == 1


@pytest.mark.parametrize("freq", ["D", "W", "W-MON", "MS", "QS", "YS", "ME", "2W", "14D"])
def test_periods_match_pandas_resample(freq):
    when = (19_000 + RNG.integers(0, 700, 400)).astype("datetime64[D]")
    labels, where = _periods(when, freq)
    mine = pd.Series(np.bincount(where, minlength=len(labels)), index=labels)
    expected = pd.Series(1, index=pd.DatetimeIndex(when.astype("datetime64[ns]")))
    expected = expected.resample(freq).sum()
    assert list(mine.index) == list(expected.index)
    assert labels.freq == expected.index.freq
    assert mine.tolist() == expected.tolist()


def test_follow_ups_are_the_same_for_text_kept_as_python_objects():
    from infoview_kit import follow_ups
    from infoview_kit.sample import make_contacts

    arrow = make_contacts(400, seed=11, as_of="2026-11-01")
    objects = arrow.astype(
        {column: object for column in arrow.columns if arrow[column].dtype == "str"}
    )
    expected = follow_ups(arrow, as_of="2026-11-01")
    assert len(expected) > 20
    assert set(expected["action"]) >= {"keep in touch", "tell the referrer"}
    pd.testing.assert_frame_equal(follow_ups(objects, as_of="2026-11-01"), expected)


def test_integer_calendar_arithmetic_agrees_with_numpy():
    days = np.arange(-150_000, 150_000)
    months = days.view("datetime64[D]").astype("datetime64[M]").view(np.int64)
    np.testing.assert_array_equal(col.months_of(days), months)
    start = RNG.integers(-3_000, 30_000, 50_000)
    end = start + RNG.integers(-40, 40, start.size)  # ends before starts too
    expected = np.busday_count(start.view("datetime64[D]"), end.view("datetime64[D]"))
    np.testing.assert_array_equal(col.busdays(start, end), expected)
    for stop in (-3_500, 0, 20_000, 31_000):  # one end for every start, either side of them
        expected = np.busday_count(start.view("datetime64[D]"), np.datetime64(stop, "D"))
        np.testing.assert_array_equal(col.busdays(start, stop), expected)


@pytest.mark.parametrize("n", [0, 1, 3, 4, 5, 7, 12])
def test_business_days_at_most_agrees_with_counting(n):
    start = RNG.integers(-3_000, 30_000, 50_000)
    end = start + RNG.integers(-40, 40, start.size)  # ends before starts too
    counted = np.busday_count(start.view("datetime64[D]"), end.view("datetime64[D]"))
    np.testing.assert_array_equal(col.busdays_at_most(start, end, n), counted <= n)
    for stop in (-3_500, 0, 20_000, 20_003, 31_000):  # one end for all, either side of them
        counted = np.busday_count(start.view("datetime64[D]"), np.datetime64(stop, "D"))
        np.testing.assert_array_equal(col.busdays_at_most(start, stop, n), counted <= n)
    close = np.arange(20_000 - 30, 20_010)  # every weekday near one end
    counted = np.busday_count(close.view("datetime64[D]"), np.datetime64(20_003, "D"))
    np.testing.assert_array_equal(col.busdays_at_most(close, 20_003, n), counted <= n)


@pytest.mark.parametrize("share", [0.0, 0.001, 0.02, 0.35, 0.9, 0.99, 1.0])
def test_pick_selects_like_a_boolean_index(share):
    values = RNG.integers(-(2**62), 2**62, DAYS.size)
    mask = RNG.random(values.size) < share  # mixed at random, or nearly all one value
    np.testing.assert_array_equal(col.pick(values, mask), values[mask])
    np.testing.assert_array_equal(col.pick(DAYS, mask), DAYS[mask])  # dates, NaT among them
    assert col.pick(values[:0], mask[:0]).size == 0


def test_notna_reads_the_validity_bitmap_right():
    import pyarrow as pa

    texts = pd.Series(["a", None, "c", None, None] * 2_001, dtype="str")
    expected = texts.notna().to_numpy()
    assert col.notna(texts).tolist() == expected.tolist()
    for start in (1, 3, 7, 9):  # a slice starts inside a byte of the bitmap
        part = texts.iloc[start : start + 1_003]
        assert col.notna(part).tolist() == expected[start : start + 1_003].tolist()
    chunked = pd.Series(
        pd.arrays.ArrowStringArray(pa.chunked_array([["x", None], [None, "y", "z"]])), dtype="str"
    )
    assert col.notna(chunked).tolist() == [True, False, False, True, True]
    assert col.notna(pd.Series(["a", "b"], dtype="str")).all()  # no bitmap at all
    assert not col.notna(pd.Series([None, None], dtype="str")).any()
    assert col.notna(pd.Series(["a", None], dtype=object)).tolist() == [True, False]


@pytest.mark.parametrize("size", [1, 2, 3, 10, 11, 1_000, 1_001])
def test_median_of_day_counts_matches_numpy(size):
    for spread in (5, 60, 100_000):  # narrow ranges are counted; a wide one falls back
        values = RNG.integers(-spread, spread, size)
        assert _median(values) == np.median(values)


def test_the_loader_hands_over_the_vocabulary_codes_it_found(tmp_path):
    sheet = tmp_path / "contacts.csv"
    sheet.write_text(
        "Name,Source,Status\nAna,LinkedIn,met\nBo,linkedin,Requested\nCy,,met\nDi,Alumni,thanked\n",
        encoding="utf-8",
    )
    col.forget_all()
    contacts = load_contacts(sheet)
    for column in ("source", "status"):
        assert col._entry(col._arrow(contacts[column])) is not None  # nothing left to factorise
        handed = col.codes(contacts[column])
        col.forget_all()  # now factorise the loaded column afresh
        found, uniques = col.codes(contacts[column])
        np.testing.assert_array_equal(handed[0], found)
        assert handed[1].to_pylist() == uniques.to_pylist()
        contacts = load_contacts(sheet)
    assert col.codes(contacts["source"])[0].tolist() == [0, 0, -1, 1]  # spellings merged
    assert funnel(contacts)["met"] == 3
    assert response_rates(contacts, by="source")["contacted"].to_dict() == {
        "linkedin": 2,
        "alumni": 1,
        "(blank)": 1,
    }


def test_answers_kept_with_the_codes_cannot_be_changed_by_callers():
    frame = build({"name": "Ana", "status": "met"}, {"name": "Bo", "status": "requested"})
    first = col.is_in(frame["status"], ["met"])
    assert col.is_in(frame["status"], ["met"]) is first  # asked again: the kept answer
    with pytest.raises(ValueError):
        first[1] = True
    assert col.is_in(frame["status"], ["met"], invert=True).tolist() == [False, True]
