"""The cohort: keyed pseudonyms, the cohort table, and "You and your cohort" with k >= 5."""

from __future__ import annotations

import hashlib
import os

import numpy as np
import pytest

from infoview_kit import follow_ups, funnel, save_contacts, wilson_interval
from infoview_kit.cohort import (
    MIN_GROUP,
    SECRET_FILE,
    cohort_figures,
    cohort_secret,
    cohort_table,
    participant_figures,
    pseudonym,
    pseudonyms,
    you_and_your_cohort,
)
from infoview_kit.sample import make_contacts


def test_cohort_table_with_keyed_pseudonyms_and_a_broken_sheet(tmp_path):
    a = make_contacts(60, seed=1)
    save_contacts(a, tmp_path / "ana_lopez.csv")
    save_contacts(make_contacts(30, seed=2), tmp_path / "bo_chen.csv")
    (tmp_path / "secret_person.csv").write_bytes(b"")
    (tmp_path / "notes.md").write_text("not a sheet")  # ignored: not a spreadsheet suffix
    cohort = cohort_table(tmp_path, as_of="2026-11-01")
    secret = (tmp_path / SECRET_FILE).read_bytes().strip()  # made on first use
    assert os.stat(tmp_path / SECRET_FILE).st_mode & 0o077 == 0  # private to its owner
    labels = pseudonyms(["ana_lopez", "bo_chen", "secret_person"], secret)
    assert list(cohort["participant"]) == list(labels.values())
    text = cohort.to_csv()
    for name in ("ana", "lopez", "bo_chen", "secret_person", "Secret Person", ".csv"):
        assert name.lower() not in text.lower()  # no name, not even in the error column
    row = cohort.set_index("participant").loc[labels["ana_lopez"]]
    stages = funnel(a, as_of="2026-11-01")
    assert row["contacted"] == stages["contacted"] and row["met"] == stages["met"]
    low, high = wilson_interval(stages["responded"], stages["contacted"])
    assert row["low"] == pytest.approx(float(low)) and row["high"] == pytest.approx(float(high))
    broken = cohort.set_index("participant").loc[labels["secret_person"]]
    assert "is empty" in broken["error"] and np.isnan(broken["contacted"])
    again = cohort_table(tmp_path, as_of="2026-11-01")  # same secret: same labels
    assert list(again["participant"]) == list(cohort["participant"])
    named = cohort_table(tmp_path, as_of="2026-11-01", anonymize=False)
    assert "Ana Lopez" in set(named["participant"])


def test_pseudonyms_need_the_secret_and_never_repeat():
    secret, other = b"a" * 64, b"b" * 64
    assert pseudonym("ana_lopez", secret) == pseudonym("ana_lopez", secret)
    assert pseudonym("ana_lopez", secret) != pseudonym("ana_lopez", other)
    unkeyed = hashlib.sha256(b"ana_lopez").hexdigest()[:6].upper()
    assert unkeyed not in pseudonym("ana_lopez", secret)  # a list of names does not undo it
    names = [f"person_{i}" for i in range(5000)]
    labels = pseudonyms(names, secret)
    assert len(set(labels.values())) == len(names)
    assert all(v.startswith("Participant ") for v in labels.values())
    # 5,000 labels of 6 hex digits collide with a chance of about half: those lengthen
    assert {len(v) for v in labels.values()} <= {18, 19, 20}


def test_a_given_secret_file_is_used_and_made_when_missing(tmp_path):
    given = tmp_path / "keys" / "cohort.key"
    given.parent.mkdir()
    made = cohort_secret(tmp_path / "out", given)
    assert given.read_bytes().strip() == made and cohort_secret(tmp_path, given) == made
    link = tmp_path / "link.key"
    link.symlink_to(tmp_path / "elsewhere.key")
    with pytest.raises(OSError):
        cohort_secret(tmp_path, link)  # never written through a planted link
    assert not (tmp_path / "elsewhere.key").exists()


def _people(n):
    return [participant_figures(make_contacts(40, seed=s), as_of="2026-11-01") for s in range(n)]


def test_you_and_your_cohort_in_plain_words():
    people = _people(6)
    figures = cohort_figures(people)
    assert figures["people"] == 6
    rates = sorted(p["response_rate"] for p in people)
    assert figures["figures"]["response_rate"]["median"] == pytest.approx(np.median(rates))
    me = make_contacts(40, seed=0)
    shown = str(you_and_your_cohort(me, figures, as_of="2026-11-01"))
    # the report passes the follow-ups it already worked out: the same page
    due = follow_ups(me, as_of="2026-11-01")
    assert str(you_and_your_cohort(me, figures, as_of="2026-11-01", due=due)) == shown
    assert "You and your cohort" in shown and "Middle half of your group" in shown
    assert "Share of requests answered" in shown and "likely between" in shown
    mine = people[0]["response_rate"]
    assert f"{mine:.0%}" in shown


def test_groups_under_five_are_never_shown():
    small = cohort_figures(_people(MIN_GROUP - 1))
    assert all(v is None for v in small["figures"].values())
    shown = str(you_and_your_cohort(make_contacts(40, seed=0), small, as_of="2026-11-01"))
    assert "too small" in shown and "Typical" not in shown
    # five people, but only four held a conversation: the thank-you figure is left out
    people = _people(5)
    people[0]["thank_you_rate"] = float("nan")
    partial = cohort_figures(people)
    assert partial["figures"]["thank_you_rate"] is None
    shown = str(you_and_your_cohort(make_contacts(40, seed=0), partial, as_of="2026-11-01"))
    assert "thank-you" not in shown.split("left out")[0] and "1 figure(s) left out" in shown


def test_a_read_only_cohort_folder_keeps_its_secret_in_the_users_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    folder = tmp_path / "sample"
    folder.mkdir()
    save_contacts(make_contacts(20, seed=1), folder / "ana_lopez.csv")
    real_open = os.open

    def read_only(path, *args, **kwargs):  # like an installed package's data (even for root)
        if str(path).startswith(str(folder)) and args and args[0] & os.O_CREAT:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only)
    first = cohort_table(folder, as_of="2026-11-01")
    again = cohort_table(folder, as_of="2026-11-01")
    assert not (folder / SECRET_FILE).exists()
    assert list(first["participant"]) == list(again["participant"])
    assert first["participant"].iloc[0].startswith("Participant ")
    assert len(list((tmp_path / "home" / ".infoview-kit" / "cohort-secrets").iterdir())) == 1
