"""save_contacts: round trips, atomic writes, formula neutralisation."""

from __future__ import annotations

import pandas as pd
import pytest

from infoview_kit import check_contacts, load_contacts, save_contacts
from infoview_kit.sample import make_contacts


@pytest.fixture
def contacts() -> pd.DataFrame:
    frame = make_contacts(60, seed=3)
    frame.loc[0, "notes"] = '=HYPERLINK("http://attacker.example","click")'
    frame.loc[1, "notes"] = "+1 555 0100"
    frame.loc[2, "company"] = "@risk analytics"
    frame.loc[3, "notes"] = "-5"  # a plain number is not a formula: left alone
    frame.loc[4, "notes"] = "Line one\nline two, with a comma"
    frame["Phone"] = pd.Series(["555-0100"] * 60, dtype="str").where(frame.index % 2 == 0)
    return frame


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_round_trip(tmp_path, contacts, suffix):
    path = save_contacts(contacts, tmp_path / f"contacts{suffix}")
    assert path.exists()
    pd.testing.assert_frame_equal(load_contacts(path), contacts)


def test_csv_cells_that_would_run_as_formulas_are_neutralised(tmp_path, contacts):
    text = save_contacts(contacts, tmp_path / "c.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK" in text and "'+1 555 0100" in text and "'@risk analytics" in text
    assert ",=HYPERLINK" not in text and "\n=" not in text
    assert ",-5," in text or ",-5\n" in text


def test_xlsx_cells_are_text_not_formulas(tmp_path, contacts):
    import openpyxl

    path = save_contacts(contacts, tmp_path / "c.xlsx")
    sheet = openpyxl.load_workbook(path).active
    header = [c.value for c in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("notes") + 1)
    assert cell.data_type == "s" and cell.value.startswith("'=")
    date_cell = sheet.cell(row=2, column=header.index("added_on") + 1)
    assert date_cell.is_date  # dates stay real date cells


def test_a_failed_write_leaves_the_old_file_intact(tmp_path, contacts, monkeypatch):
    path = save_contacts(contacts, tmp_path / "c.csv")
    before = path.read_bytes()
    original = pd.DataFrame.to_csv

    def half_then_fail(self, target, *args, **kwargs):
        original(self.head(5), target, *args, **kwargs)  # something written...
        raise OSError("disk full")  # ...then the disk fills up

    monkeypatch.setattr(pd.DataFrame, "to_csv", half_then_fail)
    with pytest.raises(OSError, match="disk full"):
        save_contacts(contacts.head(3), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["c.csv"]  # no temporary file left


def test_unknown_suffix_is_refused(tmp_path, contacts):
    with pytest.raises(ValueError, match=r"\.csv or \.xlsx"):
        save_contacts(contacts, tmp_path / "c.json")


def test_loaded_sheet_round_trips_with_its_own_columns(tmp_path, fixtures):
    original = check_contacts(fixtures / "messy.csv").contacts
    path = save_contacts(original, tmp_path / "messy_again.csv")
    pd.testing.assert_frame_equal(check_contacts(path).contacts, original)


# A child process that starts saving over an existing file and is killed (SIGKILL) halfway
# through writing, as by a power cut or the out-of-memory killer: nothing can tidy up.
KILLED_SAVE = """
import os, signal, sys
import pandas as pd
from infoview_kit import saving, save_contacts
from infoview_kit.sample import make_contacts

def half_then_killed(contacts, path, *args, **kwargs):
    with open(path, "wb") as out:
        out.write(b"name,company\\nhalf a file")
        out.flush()
    os.kill(os.getpid(), signal.SIGKILL)

saving.write_csv = saving.write_xlsx = half_then_killed
save_contacts(make_contacts(5, seed=1), sys.argv[1])
"""


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_killed_save_keeps_the_old_file_and_the_next_save_clears_its_litter(
    tmp_path, contacts, suffix
):
    import os
    import signal
    import subprocess
    import sys
    from pathlib import Path

    path = save_contacts(contacts, tmp_path / f"c{suffix}")
    before = path.read_bytes()
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    done = subprocess.run([sys.executable, "-c", KILLED_SAVE, str(path)], env=env, timeout=120)
    assert done.returncode == -signal.SIGKILL
    assert path.read_bytes() == before  # the old file, whole
    litter = [p.name for p in tmp_path.iterdir() if p.name != path.name]
    assert len(litter) == 1 and litter[0].startswith(".c.tmp-")  # what the kill left
    save_contacts(contacts.head(3), path)
    assert [p.name for p in tmp_path.iterdir()] == [path.name]
    assert len(check_contacts(path).contacts) == 3


def test_a_save_in_progress_keeps_its_temporary_file(tmp_path, contacts):
    """Another save to the same file, still writing, is not mistaken for a killed one."""
    import fcntl
    import os

    from infoview_kit.files import write_atomic

    live = tmp_path / ".c.tmp-live.csv"
    handle = os.open(live, os.O_CREAT | os.O_WRONLY)
    fcntl.flock(handle, fcntl.LOCK_EX)
    try:
        write_atomic(tmp_path / "c.csv", b"name\nAda\n")
        assert live.exists()
    finally:
        os.close(handle)
    write_atomic(tmp_path / "c.csv", b"name\nAda\n")
    assert not live.exists()


def test_a_note_with_a_lone_cr_stays_in_its_row(tmp_path, contacts):
    contacts.loc[5, "notes"] = "first\rsecond"
    for suffix in (".csv", ".xlsx"):
        back = load_contacts(save_contacts(contacts, tmp_path / f"cr{suffix}"))
        assert len(back) == len(contacts)
        assert back.loc[5, "notes"] == "first\rsecond", suffix


def test_a_note_with_a_lone_cr_logged_into_a_csv_stays_in_its_row(tmp_path):
    from infoview_kit.tracker import open_tracker

    path = tmp_path / "tracker.csv"
    path.write_bytes(b"Name,Company,Notes\nAda Okafor,Larkspur Labs,\nBo Chen,Kestrel Games,\n")
    tracker = open_tracker(path)
    tracker.log("Ada Okafor", "met", on="2024-03-20", note="first\rsecond")
    tracker.save()
    reread = check_contacts(path).contacts
    assert reread["name"].tolist() == ["Ada Okafor", "Bo Chen"]
    assert "first\rsecond" in reread.loc[0, "notes"]
