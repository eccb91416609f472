"""The tracker: log what happened, save it into the person's own file, and nothing else changes."""

from __future__ import annotations

import datetime
import errno
import re
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from infoview_kit import TrackerError, check_contacts, open_tracker
from infoview_kit import files as files_module
from infoview_kit import tracker as tracker_module
from infoview_kit.files import backups

FIXTURES = Path(__file__).parent / "fixtures" / "tracker"


@pytest.fixture
def copy(tmp_path):
    """A fresh copy of a fixture, so a test can save into it."""

    def make(name: str) -> Path:
        return Path(shutil.copy(FIXTURES / name, tmp_path / name))

    return make


def lines(data: bytes) -> list[bytes]:
    """Physical lines with their endings, as a text editor would count them."""
    return re.findall(rb"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", data)


def differing(before: list, after: list) -> list[int]:
    assert len(before) == len(after)
    return [i for i, (a, b) in enumerate(zip(before, after)) if a != b]


# ---------------------------------------------------------------------------------------------
# CSV: only the touched line changes
# ---------------------------------------------------------------------------------------------


def test_semicolon_day_first_cp1252_csv_changes_only_the_touched_line(copy):
    path = copy("european.csv")
    original = path.read_bytes()
    tracker = open_tracker(path)
    tracker.log("zoe MULLER", "responded", on="2024-04-05")
    saved = tracker.save()
    after = path.read_bytes()
    assert differing(lines(original), lines(after)) == [1]
    # day-first stays day-first, in Windows-1252, with the file's semicolons and CRLF
    assert lines(after)[
        1
    ] == "Zoë Müller;Bäckerei Groß;Café manager;03/04/2024;05/04/2024;responded\r\n".encode(
        "cp1252"
    )
    assert saved.backup is not None and saved.backup.read_bytes() == original
    reread = check_contacts(path).contacts
    assert reread.loc[0, "responded_on"] == pd.Timestamp("2024-04-05")
    assert reread.loc[0, "status"] == "responded"


def test_bom_crlf_csv_keeps_bom_date_style_and_multiline_cells(copy):
    path = copy("bom_crlf.csv")
    original = path.read_bytes()
    tracker = open_tracker(path)
    tracker.log("Maya Cohen", "met", on="2024-03-20")
    tracker.save()
    after = path.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf")
    # the note over two lines (lines 1 and 2) is untouched; Maya's line is line 4
    assert differing(lines(original), lines(after)) == [4]
    assert lines(after)[4] == b"Maya Cohen,Blue Door,,20 Mar 2024,Met at a meetup\r\n"
    assert check_contacts(path).contacts.loc[2, "met_on"] == pd.Timestamp("2024-03-20")


def test_a_touched_multiline_record_is_written_back_whole(copy):
    path = copy("bom_crlf.csv")
    tracker = open_tracker(path)
    tracker.log("Ana Lima", "met", on="2024-03-21")
    tracker.save()
    reread = check_contacts(path).contacts
    assert reread.loc[0, "notes"] == "Prefers e-mail,\r\nnot LinkedIn"
    assert reread.loc[0, "met_on"] == pd.Timestamp("2024-03-21")
    assert reread.loc[1, "name"] == "Kenji Watanabe"


def test_a_missing_column_is_added_at_the_end_and_the_save_says_so(copy):
    path = copy("european.csv")
    original = lines(path.read_bytes())
    tracker = open_tracker(path)
    tracker.log("François Lefèvre", "met", on="2024-03-25")
    saved = tracker.save()
    assert "Added a column 'Meeting date' at the end." in str(saved)
    after = lines(path.read_bytes())
    assert after[0] == original[0].rstrip(b"\r\n") + b";Meeting date\r\n"
    assert differing(original, after) == [0, 2]
    assert check_contacts(path).contacts.loc[1, "met_on"] == pd.Timestamp("2024-03-25")


def test_a_new_contact_is_appended_and_a_formula_is_written_as_text(copy):
    path = copy("bom_crlf.csv")
    original = lines(path.read_bytes())
    tracker = open_tracker(path)
    tracker.add(name="Sam Reyes", company='=HYPERLINK("http://x")', contacted_on="2024-03-01")
    tracker.save()
    after = lines(path.read_bytes())
    assert after[: len(original)] == original
    assert after[-1] == b'Sam Reyes,"\'=HYPERLINK(""http://x"")",01 Mar 2024,,\r\n'
    new = check_contacts(path).contacts.iloc[-1]
    assert new["company"] == '=HYPERLINK("http://x")'  # the loader takes the guard off again


def test_text_the_file_encoding_cannot_hold_fails_before_anything_is_written(copy):
    path = copy("european.csv")
    original = path.read_bytes()
    tracker = open_tracker(path)
    tracker.add(name="Łukasz Nowak")
    with pytest.raises(TrackerError, match="cp1252"):
        tracker.save()
    assert path.read_bytes() == original
    assert backups(path) == []


# ---------------------------------------------------------------------------------------------
# .xlsx: every other cell, sheet, style, width, formula, comment and validation stays
# ---------------------------------------------------------------------------------------------


def _cell_state(cell) -> tuple:
    return (
        cell.value,
        cell.data_type,
        cell.number_format,
        repr(cell.font),
        repr(cell.fill),
        repr(cell.alignment),
        repr(cell.border),
        cell.comment.text if cell.comment else None,
    )


def _book_state(path: Path) -> dict:
    book = openpyxl.load_workbook(path)
    state = {"sheets": book.sheetnames}
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is None and not cell.has_style:
                    continue  # a cell openpyxl made up while reading, not one in the file
                state[(sheet.title, cell.coordinate)] = _cell_state(cell)
        state[(sheet.title, "widths")] = {
            k: d.width for k, d in sheet.column_dimensions.items() if d.width
        }
        state[(sheet.title, "validation")] = [
            (v.type, v.formula1, str(v.sqref)) for v in sheet.data_validations.dataValidation
        ]
        state[(sheet.title, "freeze")] = sheet.freeze_panes
    return state


def _changed(before: dict, after: dict) -> dict:
    keys = set(before) | set(after)
    return {k: (before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)}


def test_xlsx_changes_only_the_logged_cells(copy):
    path = copy("tracker.xlsx")
    before = _book_state(path)
    tracker = open_tracker(path, sheet="Contacts")
    tracker.log("Ada Okafor", "responded", on="2024-03-10")
    tracker.save()
    after = _book_state(path)
    changed = _changed(before, after)
    assert set(changed) == {("Contacts", "E5"), ("Contacts", "F5")}
    reply = openpyxl.load_workbook(path)["Contacts"]["E5"]
    assert reply.value == pd.Timestamp("2024-03-10").to_pydatetime()
    assert reply.number_format == "dd/mm/yyyy"  # the column's own date format
    assert after[("Contacts", "F5")][0] == "responded"
    assert after[("Contacts", "B2")][0] == "=COUNTA(A5:A200)"  # the formula stays a formula


def test_xlsx_new_column_new_row_styles_and_formula_guard(copy):
    path = copy("tracker.xlsx")
    before = _book_state(path)
    tracker = open_tracker(path, sheet="Contacts")
    tracker.log("Dev Patel", "met", on="2024-03-12")
    tracker.add(name="Sam Reyes", company="+44 7700 (call)", notes="@home =2+2")
    saved = tracker.save()
    assert "Added a column 'Meeting date' at the end of sheet 'Contacts'." in saved.notes
    after = _book_state(path)
    changed = {k for k in _changed(before, after) if k[0] == "Contacts" and k[1] != "widths"}
    # the header gets the new column; Dev's row its status and meeting date; row 9 is new
    assert {k for k in changed if not k[1].endswith("9")} == {
        ("Contacts", c) for c in ("H4", "F8", "H8")
    }
    sheet = openpyxl.load_workbook(path)["Contacts"]
    assert sheet["H4"].value == "Meeting date" and sheet["H4"].font.b  # styled like the header
    assert sheet["H8"].number_format == "dd/mm/yyyy"
    assert sheet["B9"].value == "+44 7700 (call)" and sheet["B9"].data_type == "s"
    assert sheet["G9"].font.i  # the new row takes the previous row's styles
    assert sheet["D9"].number_format == "dd/mm/yyyy"
    for title in ("Instructions", "Archive"):
        assert not [k for k in _changed(before, after) if k[0] == title]
    reread = check_contacts(path, sheet="Contacts").contacts
    assert reread.loc[3, "met_on"] == pd.Timestamp("2024-03-12")
    assert reread.loc[4, "company"] == "+44 7700 (call)"


# ---------------------------------------------------------------------------------------------
# Undo, backups, failures
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["tracker.xlsx", "european.csv", "bom_crlf.csv"])
def test_undo_restores_the_bytes(copy, name):
    path = copy(name)
    original = path.read_bytes()
    options = {"sheet": "Contacts"} if name.endswith(".xlsx") else {}
    tracker = open_tracker(path, **options)
    first = tracker.contacts.loc[0, "name"]
    tracker.log(first, "thanked", on="2024-04-01", note="sent a card")
    tracker.add(name="Sam Reyes")
    tracker.save()
    assert path.read_bytes() != original
    assert tracker.undo() == "added Sam Reyes"
    tracker.undo()
    assert tracker.changes == [] and tracker.contacts.loc[0, "name"] == first
    assert "Sam Reyes" not in set(tracker.contacts["name"])
    tracker.save()
    assert path.read_bytes() == original
    with pytest.raises(TrackerError, match="Nothing to undo"):
        tracker.undo()


@pytest.mark.parametrize("name", ["tracker.xlsx", "bom_crlf.csv"])
def test_a_failed_save_leaves_the_file_and_the_backup_intact(copy, monkeypatch, name):
    path = copy(name)
    original = path.read_bytes()
    options = {"sheet": "Contacts"} if name.endswith(".xlsx") else {}
    tracker = open_tracker(path, **options)
    tracker.log(1, "met", on="2024-03-15")
    real_replace = files_module.os.replace

    def disk_full(source, target):
        if Path(target) == path:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_replace(source, target)

    monkeypatch.setattr(files_module.os, "replace", disk_full)
    with pytest.raises(TrackerError, match="No space left"):
        tracker.save()
    assert path.read_bytes() == original
    [kept] = backups(path)
    assert kept.read_bytes() == original
    assert sorted(p.name for p in path.parent.iterdir()) == sorted([path.name, kept.name])
    monkeypatch.setattr(files_module.os, "replace", real_replace)
    tracker.save()  # and the next try works
    assert check_contacts(path, **options).contacts.loc[1, "met_on"] == pd.Timestamp("2024-03-15")


def test_only_the_last_five_backups_are_kept(copy):
    path = copy("european.csv")
    tracker = open_tracker(path)
    for day in range(1, 8):
        tracker.log("Søren Ødegård", "note", on=f"2024-04-0{day}", note=f"idea {day}")
        tracker.save()
    kept = backups(path)
    assert len(kept) == 5
    assert b"idea 6" in kept[-1].read_bytes() and b"idea 7" not in kept[-1].read_bytes()


def test_a_file_changed_elsewhere_is_not_overwritten(copy):
    path = copy("european.csv")
    tracker = open_tracker(path)
    tracker.log("Zoë Müller", "met", on="2024-04-09")
    path.write_bytes(path.read_bytes() + b"Someone;New;;;;\r\n")
    with pytest.raises(TrackerError, match="changed since it was opened"):
        tracker.save()


def test_to_bytes_is_the_file_in_its_own_format(copy):
    path = copy("bom_crlf.csv")
    tracker = open_tracker(path)
    assert tracker.to_bytes() == path.read_bytes()
    tracker.log("Kenji Watanabe", "thanked", on="2024-02-10")
    data = tracker.to_bytes()
    tracker.save()
    assert data == path.read_bytes()
    assert tracker.download_name == "bom_crlf.csv"


# ---------------------------------------------------------------------------------------------
# Files that are not written into
# ---------------------------------------------------------------------------------------------


def test_a_linkedin_export_is_left_alone_and_the_record_goes_to_a_new_file(copy):
    path = copy("Connections.csv")
    original = path.read_bytes()
    tracker = open_tracker(path)
    tracker.log("Ada Okafor", "requested", on="2024-03-14")
    saved = tracker.save()
    assert path.read_bytes() == original
    assert saved.path == path.with_name("Connections-tracker.xlsx")
    assert "LinkedIn export" in str(saved)
    reread = check_contacts(saved.path).contacts
    assert reread.loc[0, "contacted_on"] == pd.Timestamp("2024-03-14")
    assert tracker.download_name == "Connections-tracker.xlsx"
    assert tracker.to_bytes()[:2] == b"PK"


def _loader(monkeypatch, source, read_instead):
    """The real loader when it reads ``source``; else a stand-in reading equivalent rows.

    The loader is being taught vCards and merging separately; the tracker must only rely on
    check_contacts' contract (.contacts, .column_map), which the stand-in keeps.
    """
    try:
        check_contacts(source)
    except Exception:
        stand_in = read_instead()
        monkeypatch.setattr(tracker_module, "check_contacts", lambda *a, **k: stand_in)


def test_a_vcard_is_saved_to_a_new_file(copy, tmp_path, monkeypatch):
    path = copy("contacts.vcf")
    original = path.read_bytes()
    same_people = tmp_path / "same.csv"
    same_people.write_text("Name,Company\nAda Okafor,Northwind Analytics\nBruno Salgado,Bluefin\n")
    _loader(monkeypatch, path, lambda: check_contacts(same_people))
    tracker = open_tracker(path)
    tracker.log("Ada Okafor", "requested", on="2024-03-14")
    saved = tracker.save()
    assert path.read_bytes() == original
    assert saved.path == path.with_name("contacts-tracker.xlsx") and "vCard" in str(saved)
    assert check_contacts(saved.path).contacts.loc[0, "contacted_on"] == pd.Timestamp("2024-03-14")


def test_several_files_are_saved_to_a_new_file(copy, monkeypatch):
    paths = [copy("european.csv"), copy("bom_crlf.csv")]
    originals = [p.read_bytes() for p in paths]

    def merged():
        reports = [check_contacts(p) for p in paths]
        report = reports[0]
        report.contacts = pd.concat([r.contacts for r in reports], ignore_index=True)
        return report

    _loader(monkeypatch, [str(p) for p in paths], merged)
    tracker = open_tracker(paths)
    tracker.log("Maya Cohen", "met", on="2024-03-20")
    saved = tracker.save()
    assert [p.read_bytes() for p in paths] == originals
    assert saved.path == paths[0].with_name("european-tracker.xlsx") and "merged" in str(saved)
    reread = check_contacts(saved.path).contacts.set_index("name")
    assert reread.loc["Maya Cohen", "met_on"] == pd.Timestamp("2024-03-20")
    saved_again = tracker.save()  # the next save goes to the same new file, after a backup
    assert saved_again.path == saved.path and saved_again.backup is not None


# ---------------------------------------------------------------------------------------------
# The record itself
# ---------------------------------------------------------------------------------------------


def test_names_are_matched_ignoring_case_spacing_and_accents(copy):
    tracker = open_tracker(copy("european.csv"))
    row = tracker.log("  francois   LEFEVRE ", "met", on="2024-03-22")
    assert row["name"] == "François Lefèvre"
    with pytest.raises(TrackerError, match="Zoë Müller"):
        tracker.log("Zoe Muler", "met")  # unknown: the close name is offered
    tracker.add(name="Zoe Muller", company="Elsewhere")
    with pytest.raises(TrackerError, match="2 contacts are called") as error:
        tracker.log("zoë müller", "met")
    assert "Bäckerei Groß" in str(error.value) and "Elsewhere" in str(error.value)
    assert tracker.log("Zoe Muller", "met", on="2024-04-01", company="elsewhere")["company"] == (
        "Elsewhere"
    )


def test_status_and_last_contact_follow_the_events(copy):
    tracker = open_tracker(copy("european.csv"))
    name = "Søren Ødegård"
    steps = [
        ("requested", "2024-03-01", "requested", "contacted_on"),
        ("responded", "2024-03-03", "responded", "responded_on"),
        ("met", "2024-03-10", "met", "met_on"),
        ("thanked", "2024-03-11", "thanked", "thanked_on"),
    ]
    for event, day, status, column in steps:
        row = tracker.log(name, event, on=day)
        assert (row["status"], row[column], row["last_contact_on"]) == (
            status,
            pd.Timestamp(day),
            pd.Timestamp(day),
        )
    row = tracker.log(name, "requested", on="2024-03-20")  # a later nudge: not a step back
    assert row["status"] == "thanked" and row["contacted_on"] == pd.Timestamp("2024-03-01")
    assert row["last_contact_on"] == pd.Timestamp("2024-03-20")
    row = tracker.log(name, "note", on="2024-03-21", note="asked about =SUM")
    assert row["notes"] == "2024-03-21: asked about =SUM"
    assert tracker.changes[0] == f"requested {name} on 2024-03-01"
    with pytest.raises(TrackerError, match="not an event"):
        tracker.log(name, "lunch")


def test_a_tab_separated_quote_all_file_keeps_its_delimiter_and_quotes(tmp_path):
    path = tmp_path / "tracker.tsv"
    rows = [
        ["Name", "Company", "Date of initial contact", "Response? (Y/N)"],
        ["Ana Lima", "Blue Door", "2024-03-01", "N"],
        ["Kenji Watanabe", "Sakura Systems", "2024-03-02", "Y"],
    ]
    text = "".join("\t".join(f'"{c}"' for c in row) + "\n" for row in rows)
    path.write_text(text, encoding="utf-8")
    original = lines(path.read_bytes())
    tracker = open_tracker(path)
    tracker.log("Ana Lima", "responded", on="2024-03-05")
    tracker.save()
    after = lines(path.read_bytes())
    assert differing(original, after) == [0, 1]
    # yes/no written as the column writes it; the reply date goes in a new column at the end
    assert after[0] == original[0][:-1] + b'\t"Reply date"\n'
    assert after[1] == b'"Ana Lima"\t"Blue Door"\t"2024-03-01"\t"Y"\t"2024-03-05"\n'
    reread = check_contacts(path).contacts
    assert bool(reread.loc[0, "responded"]) and reread.loc[0, "responded_on"] == pd.Timestamp(
        "2024-03-05"
    )


def test_vocabularies_as_categoricals_take_new_values(copy):
    tracker = open_tracker(copy("european.csv"))
    frame = tracker.contacts.copy()
    frame["status"] = frame["status"].astype("category")
    tracker._contacts = frame  # what a loader with categorical vocabularies hands over
    tracker.log("Zoë Müller", "declined", on="2024-04-02")
    tracker.add(name="Sam Reyes", status="scheduled")
    assert list(tracker.contacts["status"].astype(str)) == [
        "declined",
        "responded",
        "to-contact",
        "scheduled",
    ]


def test_a_new_contact_joins_an_excel_table_and_keeps_filled_down_formulas(tmp_path):
    from openpyxl import Workbook
    from openpyxl.worksheet.table import Table

    path = tmp_path / "table.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.title = "People"
    sheet.append(["Name", "Company", "Date contacted", "Days waiting"])
    sheet.append(["Ana Lima", "Blue Door", pd.Timestamp("2024-03-01").to_pydatetime()])
    sheet.append(["Kenji Watanabe", "Sakura Systems", None])
    for row in range(2, 8):  # prepared for rows still to come
        sheet[f"D{row}"] = f'=IF(C{row}="","",TODAY()-C{row})'
    sheet["C2"].number_format = "d mmm yyyy"
    sheet.add_table(Table(displayName="People", ref="A1:D3"))
    book.save(path)
    tracker = open_tracker(path)
    tracker.add(name="Sam Reyes", company="Orbit Labs", contacted_on="2024-03-04")
    tracker.save()
    sheet = openpyxl.load_workbook(path)["People"]
    assert [c.value for c in sheet[4]] == [
        "Sam Reyes",
        "Orbit Labs",
        pd.Timestamp("2024-03-04").to_pydatetime(),
        '=IF(C4="","",TODAY()-C4)',
    ]
    assert sheet["C4"].number_format == "d mmm yyyy"
    assert sheet.tables["People"].ref == "A1:D4"
    assert check_contacts(path).contacts["name"].tolist()[-1] == "Sam Reyes"


def test_a_done_follow_up_logs_the_event_it_stands_for(tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_text(
        "Name,Company,Date contacted,Meeting date,Next follow-up,Referred by,Last contact\n"
        "Ana Costa,Larkspur Labs,2024-03-01,2024-03-08,,Sam Ortiz,2024-03-08\n"
        "Bo Chen,Kestrel Games,2024-03-01,,2024-03-14,,2024-03-01\n"
        "Sam Ortiz,,,2024-01-05,,,2024-01-05\n",
        encoding="utf-8",
    )
    tracker = open_tracker(path)
    thanks = {"name": "Ana Costa", "company": "Larkspur Labs", "action": "send a thank-you"}
    assert tracker.mark_done(thanks, on="2024-03-12") == "thanked Ana Costa on 2024-03-12"
    nudge = {"name": "Bo Chen", "company": "Kestrel Games", "action": "send one polite follow-up"}
    tracker.mark_done(nudge, on="2024-03-12")
    told = {"name": "Ana Costa", "company": "Larkspur Labs", "action": "tell the referrer"}
    assert tracker.mark_done(told, on="2024-03-12") == "requested Sam Ortiz on 2024-03-12"
    other = {
        "name": "Bo Chen",
        "company": "Kestrel Games",
        "action": "try someone else at the employer",
    }
    assert tracker.mark_done(other, on="2024-03-12") is None
    tracker.save()
    saved = check_contacts(path).contacts.set_index("name")
    assert saved.loc["Ana Costa", "thanked_on"] == pd.Timestamp("2024-03-12")
    assert saved.loc["Ana Costa", "status"] == "thanked"
    assert pd.isna(saved.loc["Bo Chen", "next_follow_up_on"])  # the planned nudge is done
    assert saved.loc["Bo Chen", "contacted_on"] == pd.Timestamp("2024-03-01")
    assert saved.loc["Bo Chen", "last_contact_on"] == pd.Timestamp("2024-03-12")
    assert saved.loc["Sam Ortiz", "last_contact_on"] == pd.Timestamp("2024-03-12")
    assert (
        saved.loc["Sam Ortiz", "notes"]
        == "2024-03-12 requested: told them how it went with Ana Costa"
    )


def test_the_headers_of_added_columns_are_read_back_as_the_same_columns(tmp_path):
    from infoview_kit.writeback import PLAIN_HEADERS

    path = tmp_path / "headers.csv"
    path.write_text("Name," + ",".join(PLAIN_HEADERS.values()) + "\nAna Lima\n", encoding="utf-8")
    column_map = check_contacts(path).column_map
    assert {h: column_map.get(h) for h in PLAIN_HEADERS.values()} == {
        h: c for c, h in PLAIN_HEADERS.items()
    }


def test_a_file_whose_rows_cannot_be_found_is_not_written_into(copy, monkeypatch):
    path = copy("european.csv")
    original = path.read_bytes()
    report = check_contacts(path)
    report.column_map = {"Full name": "name"}  # a header the file does not have
    monkeypatch.setattr(tracker_module, "check_contacts", lambda *a, **k: report)
    tracker = open_tracker(path)
    tracker.log("Zoë Müller", "met", on="2024-04-10")
    saved = tracker.save()
    assert path.read_bytes() == original
    assert saved.path.name == "european-tracker.xlsx"
    assert "header row" in str(saved) and "european-tracker.xlsx" in str(saved)
    assert check_contacts(saved.path).contacts.loc[0, "met_on"] == pd.Timestamp("2024-04-10")


def test_a_utf16_tab_separated_export_stays_utf16(tmp_path):
    path = tmp_path / "google.csv"
    text = (
        "Name\tE-mail 1 - Value\tNotes\r\n"
        "Ana Lima\tana@x.example\t\r\n"
        "Bo Chen\tbo@y.example\tfriend\r\n"
    )
    path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    tracker = open_tracker(path)
    tracker.log("bo chen", "note", on="2024-01-02", note="called")
    tracker.save()
    expected = text.replace("friend\r\n", "friend; 2024-01-02: called\r\n")
    assert path.read_bytes() == b"\xff\xfe" + expected.encode("utf-16-le")


def test_an_added_column_goes_after_unlabelled_cells_in_use(tmp_path):
    from openpyxl import Workbook

    csv_path = tmp_path / "stray.csv"
    csv_path.write_text("Name,Company\nAna Lima,Blue Door,call back\nBo Chen,Kestrel\n")
    book = Workbook()
    book.active.append(["Name", "Company"])
    book.active.append(["Ana Lima", "Blue Door", "call back"])
    book.active.append(["Bo Chen", "Kestrel"])
    xlsx_path = tmp_path / "stray.xlsx"
    book.save(xlsx_path)
    for path in (csv_path, xlsx_path):
        tracker = open_tracker(path)
        tracker.log("Bo Chen", "met", on="2024-05-02")
        tracker.save()
    assert csv_path.read_text().splitlines() == [
        "Name,Company,,Meeting date",
        "Ana Lima,Blue Door,call back",
        "Bo Chen,Kestrel,,2024-05-02",
    ]
    sheet = openpyxl.load_workbook(xlsx_path).active
    assert [c.value for c in sheet[1]] == ["Name", "Company", None, "Meeting date"]
    assert sheet["C2"].value == "call back" and sheet["D3"].value.day == 2


@pytest.mark.parametrize(
    ("day", "shown"),
    [("0024-09-10", "'0024-09-10'"), (datetime.date(9999, 12, 31), "9999-12-31")],
)
@pytest.mark.parametrize("name", ["european.csv", "tracker.xlsx"])
def test_a_day_logged_beyond_the_years_a_date_holds_is_refused_and_nothing_changes(
    copy, name, day, shown
):
    """0024-09-10 typed for 2024 used to fail with OutOfBoundsDatetime."""
    path = copy(name)
    original = path.read_bytes()
    tracker = open_tracker(path)
    who = tracker.contacts["name"].iloc[0]
    before = tracker.contacts.copy()
    attempts = {
        "on": [
            lambda: tracker.log(who, "met", on=day),
            lambda: tracker.mark_done({"action": "send a thank-you", "name": who}, on=day),
        ],
        "met_on": [lambda: tracker.add(name="Sam Reyes", met_on=day)],
    }
    for named, calls in attempts.items():
        for call in calls:
            with pytest.raises(ValueError) as refused:
                call()
            assert str(refused.value) == (
                f"{named}={shown} is outside the years the kit can read (1900 to 2099); "
                "write it like 2024-03-12."
            )
    assert tracker.changes == []
    pd.testing.assert_frame_equal(tracker.contacts, before)
    tracker.log(who, "met", on="2024-09-10")  # the day meant is logged as usual
    tracker.save()
    assert check_contacts(path).contacts.loc[0, "met_on"] == pd.Timestamp("2024-09-10")
    assert path.read_bytes() != original
