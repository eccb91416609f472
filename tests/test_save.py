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
