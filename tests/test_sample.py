"""The synthetic data: realistic, seeded, and what the bundled files hold."""

from __future__ import annotations

import pandas as pd

from infoview_kit import check_contacts, schema
from infoview_kit.sample import COHORT, make_cohort, make_contacts

from .conftest import ROOT


def test_same_seed_same_frame_other_seed_other_frame():
    pd.testing.assert_frame_equal(make_contacts(80, seed=5), make_contacts(80, seed=5))
    assert not make_contacts(80, seed=5).equals(make_contacts(80, seed=6))


def test_every_canonical_column_is_filled_somewhere():
    frame = make_contacts(150, seed=0)
    assert list(frame.columns) == list(schema.COLUMNS)
    for column in schema.COLUMNS:
        assert frame[column].notna().any(), column
    assert set(frame["seniority"]) == set(schema.SENIORITY)
    assert set(frame["status"]) <= set(schema.STATUSES)
    assert frame["source"].nunique() >= 6 and frame["channel"].nunique() >= 4


def test_pipeline_dates_are_in_order():
    f = make_contacts(500, seed=2)
    for earlier, later in [
        ("added_on", "contacted_on"),
        ("contacted_on", "responded_on"),
        ("responded_on", "met_on"),
        ("met_on", "thanked_on"),
    ]:
        both = f[earlier].notna() & f[later].notna()
        assert (f.loc[both, earlier] <= f.loc[both, later]).all(), (earlier, later)
    assert (f["responded"] == f["responded_on"].notna()).all()


def test_referral_chains_point_at_people_met_earlier():
    f = make_contacts(300, seed=4)
    names = list(f["name"])
    referred = f[f["referred_by"].isin(names)]
    assert len(referred) >= 10
    for index, referrer in referred["referred_by"].items():
        position = names.index(referrer)
        assert position < index and pd.notna(f.loc[position, "met_on"])


def test_cohort_participants_differ_in_habits():
    cohort = make_cohort(seed=0)
    assert list(cohort) == list(COHORT)
    thank_rates = {
        who: (f["thanked_on"].notna().sum() / max(f["met_on"].notna().sum(), 1))
        for who, f in cohort.items()
    }
    assert thank_rates["kavya_singh"] > thank_rates["hugo_moreau"] + 0.3


def test_bundled_data_is_current_and_reads_cleanly():
    sample = check_contacts(ROOT / "data" / "sample_contacts.csv")
    assert sample.problems.empty and len(sample.contacts) == 150
    pd.testing.assert_frame_equal(sample.contacts, make_contacts(150, seed=0))
    files = sorted((ROOT / "data" / "cohort").glob("*.csv"))
    assert len(files) == 12
    for path in files:
        assert check_contacts(path).problems.empty, path.name
