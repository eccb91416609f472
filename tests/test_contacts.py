"""Reading contacts spreadsheets as people keep them: every format, bad input, no cell lost."""

from __future__ import annotations

import csv
import io
import warnings

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infoview_kit import ContactsError, check_contacts, load_contacts, schema
from infoview_kit.contacts import _check

from .conftest import FIXTURES

T = pd.Timestamp


def test_linkedin_export(fixtures):
    report = check_contacts(fixtures / "linkedin_connections.csv")
    c = report.contacts
    assert report.header_row == 4  # Notes:, the quoted note, a blank line, then the header
    assert report.column_map == {
        "First Name": "name",
        "Last Name": "name",
        "URL": "linkedin_url",
        "Email Address": "email",
        "Company": "company",
        "Position": "role",
        "Connected On": "added_on",
    }
    assert list(c["name"]) == [
        "Ada Okafor",
        "Bruno Salgado",
        "Chloé Martin",
        "Dev Patel",
        "Emeka Abara",
    ]
    assert c.loc[0, "company"] == "Northwind Analytics, Inc."  # quoted comma kept
    assert c.loc[2, "role"] == "Director, Strategy"
    assert c.loc[0, "added_on"] == T("2024-03-12")
    assert c.loc[4, "added_on"] == T("2021-08-15")
    assert c["email"].isna().sum() == 4  # mostly blank e-mails stay missing
    assert pd.isna(c.loc[3, "company"])
    assert list(report.rows) == [5, 6, 7, 8, 9]
    assert report.problems.empty


def test_canonical_columns_and_dtypes(fixtures):
    c = load_contacts(fixtures / "linkedin_connections.csv")
    assert list(c.columns) == list(schema.COLUMNS)
    for column in schema.DATE_COLUMNS:
        assert c[column].dtype == "datetime64[ns]", column
    assert c["responded"].dtype == bool
    for column in schema.TEXT_COLUMNS:
        if column in schema.VOCABULARIES:
            assert list(c[column].cat.categories[: len(schema.VOCABULARIES[column])]) == list(
                schema.VOCABULARIES[column]
            ), column
        else:
            assert pd.api.types.is_string_dtype(c[column].dtype), column


def test_unknown_vocabulary_values_are_kept_as_extra_categories(tmp_path):
    sheet = tmp_path / "tracker.csv"
    sheet.write_text("Name,Source,Status\nAda,Podcast guest,met\nBo,LinkedIn,\n", encoding="utf-8")
    report = check_contacts(sheet)
    c = report.contacts
    assert report.problems["value"].tolist() == ["Podcast guest"]  # unknown: kept and listed
    assert c["source"].tolist() == ["Podcast guest", "linkedin"]
    assert "Podcast guest" in c["source"].cat.categories
    assert c["source"].value_counts()["referral"] == 0  # every word listed, even unused


def test_excel_csv_utf8_with_bom_crlf_and_us_dates(fixtures):
    report = check_contacts(fixtures / "excel_utf8.csv")
    c = report.contacts
    assert report.encoding == "utf-8-sig"
    assert "Name" in report.column_map  # the BOM did not stick to the first header
    assert list(c["contacted_on"]) == [T("2024-03-25"), T("2024-04-02"), T("2024-04-05")]
    assert c.loc[2, "responded_on"] == T("2024-04-15")
    assert list(c["status"]) == ["responded", "requested", "met"]  # Replied, Awaiting reply, Met
    assert list(c["responded"]) == [True, False, True]
    assert report.problems.empty


def test_european_csv_cp1252_semicolons_day_first(fixtures):
    report = check_contacts(fixtures / "excel_european.csv")
    c = report.contacts
    assert report.delimiter == ";"
    assert report.encoding == "cp1252"
    assert list(c["name"]) == ["Zoë Müller", "José Núñez", "François Côté"]
    assert c.loc[0, "notes"] == "Café près du bureau"
    # 22/02/2024 settles the column: day first. 03/04/2024 is therefore 3 April.
    assert list(c["contacted_on"]) == [T("2024-04-03"), T("2024-03-05"), T("2024-02-22")]
    assert c.loc[0, "met_on"] == T("2024-04-15")
    assert report.problems.empty


def test_unicode_text_utf16_tabs(fixtures):
    report = check_contacts(fixtures / "excel_unicode.txt")
    c = report.contacts
    assert report.encoding == "utf-16" and report.delimiter == "\t"
    assert list(c["name"]) == ["Mei Tanaka", "Omar Haddad", "Åsa Lindqvist"]
    assert list(c["channel"]) == ["video", "in-person", "email"]  # Zoom, Coffee, E-mail
    assert c.loc[2, "added_on"] == T("2024-03-12")


def test_google_sheets_trailing_empties_and_multiline_notes(fixtures):
    report = check_contacts(fixtures / "google_sheets.csv")
    c = report.contacts
    assert len(c) == 3  # trailing empty rows dropped
    assert list(c.columns) == list(schema.COLUMNS)  # trailing empty columns dropped
    assert c.loc[0, "notes"] == (
        'Met at reunion.\nSaid to mention "the river project" when writing.'
    )
    assert c.loc[2, "notes"] == "Line one\nline two\nline three"
    assert list(c["source"]) == ["alumni", "referral", "cold"]
    # rows as the spreadsheet shows them: a multi-line record is one row
    assert list(report.rows) == [2, 3, 4]
    assert report.problems.empty


def test_workbook_title_rows_date_cells_and_sheets(fixtures):
    report = check_contacts(fixtures / "tracker.xlsx")
    c = report.contacts
    assert report.sheet == "Tracker" and report.header_row == 4
    assert list(c["name"]) == ["Kai Nakamura", "Leila Rossi", "Mateo Garcia"]
    assert c.loc[0, "met_on"] == T("2024-06-14 15:30")
    assert c.loc[1, "contacted_on"] == T("2024-06-05")  # a date cell (no time)
    assert c.loc[2, "contacted_on"] == T("2024-06-11")  # an Excel serial number, 45454
    assert list(c["seniority"]) == ["mid-career", "established", "emerging"]
    assert list(c["priority"]) == ["1", "2", "3"]
    assert any("3 sheets" in note for note in report.notes)
    archive = check_contacts(fixtures / "tracker.xlsx", sheet="archive")
    assert list(archive.contacts["name"]) == ["Nadia Eriksen"]
    assert list(check_contacts(fixtures / "tracker.xlsx", sheet=2).contacts["name"]) == [
        "Nadia Eriksen"
    ]


def test_missing_sheet_names_the_sheets(fixtures):
    with pytest.raises(ContactsError, match="'Tracker', 'Targets', 'Archive'"):
        check_contacts(fixtures / "tracker.xlsx", sheet="Contacts 2025")


def test_career_centre_tracker(fixtures):
    report = check_contacts(fixtures / "career_centre.csv")
    c = report.contacts
    assert report.column_map["How I found them"] == "source"
    assert report.column_map["Response? (Y/N)"] == "responded"
    assert report.column_map["Thank you note sent"] == "thanked_on"
    assert report.column_map["Date of outreach"] == "contacted_on"
    assert report.column_map["Next follow-up"] == "next_follow_up_on"
    assert list(c["source"]) == ["referral", "alumni", "event", "referral"]
    assert list(c["channel"]) == ["email", "linkedin", "phone", "in-person"]
    assert list(c["responded"]) == [True, False, True, True]  # Y, N, yes, ✓
    assert list(c["status"]) == ["thanked", "requested", "responded", "met"]  # derived
    assert list(c["last_contact_on"]) == [
        T("2024-09-11"),
        T("2024-09-03"),
        T("2024-09-05"),
        T("2024-09-20"),
    ]
    assert report.problems.empty


def test_messy_sheet_loads_and_reports_each_problem(fixtures):
    report = check_contacts(fixtures / "messy.csv")
    c, p = report.contacts, report.problems
    assert len(c) == 5
    assert list(p.columns) == ["row", "column", "value", "problem"]
    found = {
        (row, column, value)
        for row, column, value in p[["row", "column", "value"]]
        .astype(object)
        .itertuples(index=False)
        if not pd.isna(row)
    }
    assert (3, "Source", "Twitter") in found
    assert (3, "Date Contacted", "next Tuesday") in found
    assert (6, "Date Contacted", "31/02/2024") in found  # not a real date
    assert (6, "Source", "Podcast guest") in found
    assert (4, "column G", "EXTRA CELL") in found  # ragged row: extra cells kept
    assert (5, "Name", "") in found  # nameless row kept and reported
    # unknown values stay as written, never bucketed as "other"
    assert c.loc[1, "source"] == "Twitter" and c.loc[4, "source"] == "Podcast guest"
    assert c.loc[2, "column G"] == "EXTRA CELL" and c.loc[2, "column H"] == "another"
    assert c.loc[0, "Notes (2)"] == "second note"  # duplicated header kept, renamed
    assert p["problem"].str.contains("appears twice").sum() == 1
    assert p["problem"].str.len().min() > 10  # plain words, not codes


def test_ambiguous_dates_reported_and_settled_by_dayfirst(fixtures):
    path = fixtures / "ambiguous_dates.csv"
    default = check_contacts(path)
    assert default.contacts.loc[0, "contacted_on"] == T("2024-03-04")
    (problem,) = default.problems["problem"]
    assert "either way" in problem and "dayfirst" in problem
    settled = check_contacts(path, dayfirst=True)
    assert settled.contacts.loc[0, "contacted_on"] == T("2024-04-03")
    assert settled.problems.empty
    assert any("you said dates are day-first" in note for note in settled.notes)


def test_column_override(fixtures):
    report = check_contacts(fixtures / "no_name.csv", columns={"Role": "name", "Company": None})
    assert list(report.contacts["name"]) == ["Scientist"]
    assert report.contacts.loc[0, "Company"] == "Larkspur Labs"
    with pytest.raises(ContactsError, match="not a column of the kit"):
        check_contacts(fixtures / "no_name.csv", columns={"Role": "job_title"})


def test_uploads_as_bytes_and_file_objects(fixtures):
    data = (fixtures / "career_centre.csv").read_bytes()
    assert len(check_contacts(data).contacts) == 4
    upload = io.BytesIO(data)
    upload.name = "my tracker.csv"
    assert check_contacts(upload).source == "my tracker.csv"


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("empty.csv", "is empty"),
        ("blank_lines.csv", "is empty"),
        ("picture.csv", "is a PNG picture: it does not look like a spreadsheet"),
        ("no_name.csv", "no header row with a name column"),
        ("broken.xlsx", "could not be opened"),
        ("old_excel.xls", "save it as .xlsx or CSV"),
        ("missing.csv", "was not found"),
    ],
)
def test_unreadable_input_names_the_file_and_the_fix(fixtures, name, words):
    with pytest.raises(ContactsError) as caught:
        check_contacts(fixtures / name)
    message = str(caught.value)
    assert name in message and words in message
    assert any(verb in message for verb in ("Export", "Add", "Open", "Check", "save"))


def test_folder_is_not_a_spreadsheet(tmp_path):
    with pytest.raises(ContactsError, match="is a folder"):
        check_contacts(tmp_path)


def test_load_contacts_warns_once_when_there_are_problems(fixtures):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        load_contacts(fixtures / "messy.csv")
        load_contacts(fixtures / "career_centre.csv")
    assert len(caught) == 1 and "problem" in str(caught[0].message)


# ---------------------------------------------------------------------------------------------
# No cell lost: every non-blank input cell is in the frame or named in .problems
# ---------------------------------------------------------------------------------------------


def _cell_is_kept(cell: str, target: str | None, row: pd.Series, problems: set) -> bool:
    text = cell.strip()
    if any(isinstance(v, str) and text in v for v in row.to_numpy()):
        return True
    if target in schema.DATE_COLUMNS:
        return not pd.isna(row[target])
    if target in schema.VOCABULARIES:
        return row[target] in schema.VOCABULARIES[target]
    if target == "responded":
        return text.lower() in schema.TRUE_WORDS | schema.FALSE_WORDS
    return False


@pytest.mark.parametrize(
    "name",
    [
        "linkedin_connections.csv",
        "excel_utf8.csv",
        "excel_european.csv",
        "excel_unicode.txt",
        "google_sheets.csv",
        "career_centre.csv",
        "messy.csv",
        "ambiguous_dates.csv",
    ],
)
def test_no_cell_is_lost(name):
    report = check_contacts(FIXTURES / name)
    text = (FIXTURES / name).read_bytes().decode(report.encoding)
    records = list(csv.reader(io.StringIO(text), delimiter=report.delimiter))
    header = records[report.header_row - 1]
    position = {row: i for i, row in enumerate(report.rows)}
    problems = {
        (r, v.strip())
        for r, v in zip(report.problems["row"], report.problems["value"])
        if not pd.isna(r)
    }
    mapper_targets = {h: report.column_map.get(h) for h in header}
    checked = 0
    for number, record in enumerate(records[report.header_row :], start=report.header_row + 1):
        for index, cell in enumerate(record):
            if not cell.strip():
                continue
            checked += 1
            assert number in position, f"{name}: row {number} was dropped"
            if (number, cell.strip()) in problems:
                continue
            row = report.contacts.iloc[position[number]]
            target = mapper_targets.get(header[index]) if index < len(header) else None
            assert _cell_is_kept(cell, target, row, problems), (name, number, cell)
    assert checked > 0


def test_no_cell_is_lost_from_a_workbook(fixtures):
    import openpyxl

    report = check_contacts(fixtures / "tracker.xlsx")
    sheet = openpyxl.load_workbook(fixtures / "tracker.xlsx").active
    position = {row: i for i, row in enumerate(report.rows)}
    header = [c.value for c in sheet[report.header_row]]
    for cells in sheet.iter_rows(min_row=report.header_row + 1):
        for index, cell in enumerate(cells):
            if cell.value is None:
                continue
            row = report.contacts.iloc[position[cell.row]]
            target = report.column_map.get(header[index])
            assert _cell_is_kept(str(cell.value), target, row, set()), (cell.row, cell.value)


# ---------------------------------------------------------------------------------------------
# Property-based: no exception but ContactsError escapes, for any bytes
# ---------------------------------------------------------------------------------------------

SEEDS = [
    (FIXTURES / name).read_bytes()
    for name in (
        "linkedin_connections.csv",
        "excel_european.csv",
        "excel_unicode.txt",
        "google_sheets.csv",
        "career_centre.csv",
        "messy.csv",
        "tracker.xlsx",
    )
]


def _read_any(data: bytes) -> None:
    # The inner reader, without check_contacts' last-resort net: a bug here fails the test.
    try:
        report = _check(data, "fuzz.csv", dayfirst=None, sheet=None, columns=None)
    except ContactsError as exc:
        assert "fuzz.csv" in str(exc) or "uploaded" in str(exc)
        return
    assert list(report.contacts.columns[: len(schema.COLUMNS)]) == list(schema.COLUMNS)
    assert list(report.problems.columns) == ["row", "column", "value", "problem"]
    assert len(report.rows) == len(report.contacts)


@st.composite
def mutated(draw):
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 8))):
        action = draw(st.sampled_from(["flip", "insert", "delete", "truncate"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if action == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=6))
        elif action == "delete" and data:
            del data[at : at + draw(st.integers(1, 12))]
        elif action == "truncate":
            data = data[:at]
    return bytes(data)


FUZZ = settings(max_examples=250, deadline=None, suppress_health_check=list(HealthCheck))


@FUZZ
@given(mutated())
def test_fuzz_mutated_spreadsheets(data):
    _read_any(data)


@FUZZ
@given(st.binary(max_size=3000))
def test_fuzz_random_bytes(data):
    _read_any(data)


@FUZZ
@given(
    st.lists(
        st.lists(st.text(max_size=12), max_size=8),
        max_size=12,
    ),
    st.sampled_from([",", ";", "\t", "|"]),
    st.sampled_from(["Name", "First Name", "Contact", "Organisation"]),
)
def test_fuzz_random_text_tables(rows, delimiter, first_header):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow([first_header, "Company", "Date Contacted", "Source", "Response? (Y/N)"])
    writer.writerows(rows)
    for encoding in ("utf-8", "utf-16"):
        try:
            data = out.getvalue().encode(encoding)
        except UnicodeEncodeError:  # lone surrogates: not text any program writes
            continue
        _read_any(data)


def test_first_data_row_wider_than_header_keeps_every_cell():
    data = b"Name,Company\nAda Okafor,Larkspur Labs,extra one,extra two\nBo Chen,Kestrel Games\n"
    report = check_contacts(data)
    assert report.contacts.loc[0, "column C"] == "extra one"
    assert report.contacts.loc[0, "column D"] == "extra two"
    assert set(report.problems["value"]) == {"extra one", "extra two"}


def test_lone_carriage_returns_and_very_long_notes():
    data = b"Name\x01\x01,Role\n\rAda Okafor,Analyst\rBo Chen,Editor\n"
    report = check_contacts(data)
    assert "Ada Okafor" in set(report.contacts["name"])
    long_note = "x" * 200_000
    report = check_contacts(f'Name,Notes\nAda,"{long_note}"\n'.encode())
    assert report.contacts.loc[0, "notes"] == long_note


def test_a_large_generated_sheet_round_trips(tmp_path):
    from infoview_kit import save_contacts
    from infoview_kit.sample import make_contacts

    big = make_contacts(60_000, seed=21)
    path = save_contacts(big, tmp_path / "big.csv")
    report = check_contacts(path)
    # The generator repeats name pairs at this size: those rows are listed, and kept.
    assert report.problems["problem"].str.contains("looks like the same person").all()
    pd.testing.assert_frame_equal(report.contacts, big)


@pytest.mark.parametrize("kind", ["cp1252", "blank line", "workbook-sized utf-8"])
def test_large_files_are_read_in_full(tmp_path, kind):
    row = "Zoë Müller;Saltmarsh Robotics;03/04/2024;Café près du bureau\r\n"
    count = 70_000  # about 4 MB
    header = "Name;Company;Date Contacted;Notes\r\n"
    if kind == "cp1252":
        data = (header + row * count).encode("cp1252")
    elif kind == "blank line":  # a blank line sends a mapped file down the careful path
        data = (header + row * (count // 2) + "\r\n" + row * (count // 2)).encode("utf-8")
        count = count // 2 * 2
    else:
        data = (header + row * count).encode("utf-8")
    path = tmp_path / "large.csv"
    path.write_bytes(data)
    report = check_contacts(path)
    assert len(report.contacts) == count
    assert report.contacts["name"].eq("Zoë Müller").all()
    assert report.contacts["notes"].iloc[-1] == "Café près du bureau"
    assert report.rows.iloc[-1] == count + 1 + (kind == "blank line")


def test_line_breaks_in_quoted_notes_of_a_large_file(tmp_path):
    """A note spanning lines in a large file stays one cell, and one spreadsheet row."""
    count = 40_000  # about 2 MB
    lines = [f'Person {i},"first line {i}\nsecond, line {i}",{i % 7}\n' for i in range(count)]
    path = tmp_path / "notes.csv"
    path.write_text("Name,Notes,Priority\n" + "".join(lines), encoding="utf-8")

    report = check_contacts(path)
    c = report.contacts
    assert len(c) == count
    assert c["notes"].iloc[12_345] == "first line 12345\nsecond, line 12345"
    assert c["priority"].iloc[-1] == str((count - 1) % 7)
    assert list(report.rows.iloc[[0, -1]]) == [2, count + 1]  # one spreadsheet row per person


def test_numbers_and_flags_in_a_sheet_on_disk_stay_as_written(tmp_path):
    """The fastest reader lets pandas infer types; whatever it took for a number or a flag is
    read again as text, so nothing is rounded, padded or renamed."""
    count = 120_000  # enough for pandas to read the file in several chunks
    lines = [
        f"Person {i},{i:07d},{'A-12' if i == count - 1 else i % 3},{'TRUE' if i % 2 else 'FALSE'},,"
        f"{1.50 + i}\n"
        for i in range(count)
    ]
    path = tmp_path / "numbers.csv"
    path.write_text("Name,Phone,Code,Flag,Empty,Score\n" + "".join(lines), encoding="utf-8")
    c = check_contacts(path).contacts
    assert len(c) == count
    assert c["Phone"].iloc[7] == "0000007"  # leading zeros kept
    assert c["Code"].iloc[-1] == "A-12" and c["Code"].iloc[5] == "2"  # numbers then text
    assert c["Flag"].iloc[1] == "TRUE"
    assert c["Score"].iloc[0] == "1.5"  # as written: the file says 1.5
    assert c["Empty"].isna().all()
    for column in ("Phone", "Code", "Flag", "Score"):
        assert c[column].dtype == "str", column


@FUZZ
@given(
    st.lists(st.lists(st.text(max_size=12), max_size=8), max_size=12),
    st.sampled_from([",", ";", "\t"]),
    st.sampled_from(["", "Exported contacts\n\n"]),
)
def test_fuzz_a_file_on_disk_reads_as_its_bytes_do(rows, delimiter, preamble):
    """Files on disk take the fastest reader; bytes (an upload) take the others. Both must
    give the same contacts and the same problems."""
    import tempfile
    from pathlib import Path

    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(["Name", "Company", "Date Contacted", "Source", "Response? (Y/N)", "Code"])
    writer.writerows(rows)
    try:
        data = (preamble + out.getvalue()).encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: not text any program writes
        return
    try:
        from_bytes = _check(data, "fuzz.csv", dayfirst=None, sheet=None, columns=None)
    except ContactsError:
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.csv"
        path.write_bytes(data)
        from_file = _check(path, "fuzz.csv", dayfirst=None, sheet=None, columns=None)
    pd.testing.assert_frame_equal(from_file.contacts, from_bytes.contacts)
    pd.testing.assert_frame_equal(from_file.problems, from_bytes.problems)
    assert list(from_file.rows) == list(from_bytes.rows)


def test_dates_typed_with_spaces_read_and_blank_cells_left_empty():
    data = (
        b"Name,Date Contacted,Source\n"
        b"Ana Silva, 2024-03-12 ,Alumni network\n"
        b"Bo Chen,   ,LinkedIn\n"
        b"Cy Diaz,13/04/2024 ,Coffee chat\n"
    )
    report = check_contacts(data)
    dates = report.contacts["contacted_on"]
    assert dates.iloc[0] == pd.Timestamp("2024-03-12")
    assert pd.isna(dates.iloc[1])
    assert dates.iloc[2] == pd.Timestamp("2024-04-13")
    assert not report.problems["column"].eq("Date Contacted").any()
    assert list(report.contacts["source"].cat.categories[:2]) == ["referral", "alumni"]
    assert report.contacts["source"].iloc[:2].tolist() == ["alumni", "linkedin"]


def test_rows_of_other_widths_keep_their_row_numbers(tmp_path):
    # A blank line is a row of empty cells, a short row is padded, a wide row's extra cell is
    # kept; a note over two lines is one row. Every row keeps the number a spreadsheet shows.
    sheet = tmp_path / "tracker.csv"
    sheet.write_text(
        "Name,Company,Notes\n"
        'Ana Lima,Acme,"first\nsecond"\n'
        "\n"
        'Bo Chen,"Beta\nLabs"\n'
        "Cy Diaz,Core,n,extra\n"
        "Di Egan\n",
        encoding="utf-8",
    )
    report = check_contacts(sheet)
    assert report.contacts["name"].tolist() == ["Ana Lima", "Bo Chen", "Cy Diaz", "Di Egan"]
    assert report.contacts["company"].fillna("").tolist() == ["Acme", "Beta\nLabs", "Core", ""]
    assert report.contacts["notes"].fillna("").tolist() == ["first\nsecond", "", "n", ""]
    assert report.rows.tolist() == [2, 4, 5, 6]
    (problem,) = report.problems.itertuples()
    assert (problem.row, problem.value) == (5, "extra")


@pytest.mark.parametrize(
    "day",
    ["0024-09-10", "9999-09-10", "1024-09-10", "10 Sep 9999", "10 Sep 0024", "9999-09-10 10:00"],
)
def test_a_day_beyond_the_years_a_date_can_hold_is_reported_not_a_crash(tmp_path, day):
    sheet = tmp_path / "tracker.csv"
    sheet.write_text(
        f"Name,Date of outreach\nSami Rahman,{day}\nTomas Varga,2024-09-03\n", encoding="utf-8"
    )
    report = check_contacts(sheet)
    assert report.contacts["contacted_on"].tolist()[1] == pd.Timestamp("2024-09-03")
    assert pd.isna(report.contacts["contacted_on"].iloc[0])
    (problem,) = report.problems.itertuples()
    assert (problem.row, problem.column, problem.value) == (2, "Date of outreach", day)
    assert problem.problem.startswith("not a date the kit can read")


@pytest.mark.parametrize("day", ["1678-01-01", "2261-12-31", "01/01/1899", "2100-01-01"])
def test_a_day_outside_1900_to_2099_is_reported_and_the_kit_runs_on_the_rest(tmp_path, day):
    """1678 and 2024 in one sheet are more than 292 years apart: the days waited for a reply
    overflowed, and the weekly plan and the report failed."""
    from infoview_kit import reply_chances, weekly_plan

    sheet = tmp_path / "tracker.csv"
    sheet.write_text(
        f"Name,Date of outreach,Replied on\nSami Rahman,{day},\n"
        "Tomas Varga,2024-09-03,2024-09-05\nAna Lima,2024-09-04,\n",
        encoding="utf-8",
    )
    report = check_contacts(sheet)
    (problem,) = report.problems.itertuples()
    assert (problem.row, problem.column, problem.value) == (2, "Date of outreach", day)
    assert problem.problem.startswith("not a date the kit can read")
    assert report.contacts["contacted_on"].tolist()[1:] == [
        pd.Timestamp("2024-09-03"),
        pd.Timestamp("2024-09-04"),
    ]
    chances = reply_chances(report.contacts, as_of="2024-09-20")
    assert chances["unanswered"].iloc[0] == 2 and chances["replied_later"].iloc[0] == 1
    assert len(weekly_plan(report.contacts, as_of="2024-09-20"))


def test_workbook_date_cells_outside_1900_to_2099_are_reported_and_the_rest_loads(tmp_path):
    import datetime

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Name", "Date contacted", "Meeting date"])
    far = [datetime.datetime(9999, 12, 31), datetime.datetime(1, 1, 1)]
    far += [datetime.datetime(1678, 1, 1), datetime.datetime(24, 9, 10, 10, 30)]
    for number, day in enumerate(far):
        sheet.append([f"Person {number}", day, datetime.datetime(2024, 9, 12)])
    sheet.append(["Tomas Varga", datetime.datetime(2024, 9, 3), None])
    book.save(tmp_path / "tracker.xlsx")
    report = check_contacts(tmp_path / "tracker.xlsx")
    contacts = report.contacts
    assert contacts["contacted_on"].isna().tolist() == [True] * 4 + [False]
    assert contacts["contacted_on"].iloc[4] == pd.Timestamp("2024-09-03")
    assert (contacts["met_on"].iloc[:4] == pd.Timestamp("2024-09-12")).all()
    assert report.problems["row"].tolist() == [2, 3, 4, 5]
    assert set(report.problems["column"]) == {"Date contacted"}
    assert (
        report.problems["value"].str.startswith(("9999-12-31", "0001-01-01", "1678", "0024")).all()
    )
    assert report.problems["problem"].str.startswith("not a date the kit can read").all()


def test_names_from_parts_are_joined_with_white_space_collapsed():
    data = (
        "First Name,Middle Name,Last Name,Company\n"
        "Ana,,Lima,Northwind\n"
        "  Mary  Ann ,,  O'Neil,Bluefin\n"
        "José\u00a0Luis,,Díaz\tPérez,Cobalt\n"
        ",,Solo,Kestrel\n"
        "Cher,,,Tidewater\n"
        ",,,Nameless Ltd\n"
        "Bo,Q.,Chen,Lumen\n"
        "Eva   Maria,,Lind,Orchard\n"
        ",Jo,,Kite\n"
    ).encode()
    report = check_contacts(data)
    names = report.contacts["name"]
    assert names.iloc[:5].tolist() == [
        "Ana Lima",
        "Mary Ann O'Neil",
        "José Luis Díaz Pérez",
        "Solo",
        "Cher",
    ]
    assert pd.isna(names.iloc[5])
    assert names.iloc[6:].tolist() == ["Bo Q. Chen", "Eva Maria Lind", "Jo"]
    assert report.contacts["company"].iloc[5] == "Nameless Ltd"  # the row is kept
    nameless = report.problems[report.problems["problem"].str.startswith("no name")]
    assert nameless["row"].tolist() == [7]
    # Every part present (no empty part to take out): odd spaces are still collapsed.
    whole = check_contacts(b"First Name,Last Name\nEva   Maria,Lind\nBo,Chen\nZo\xc3\xab,Ng \n")
    assert whole.contacts["name"].tolist() == ["Eva Maria Lind", "Bo Chen", "Zo\u00eb Ng"]


def test_dates_in_every_written_shape_read_as_python_reads_them():
    """ISO days, "12 Mar 2024" (LinkedIn) and "Mar 12, 2024", with times (an hour past 23 runs
    into the next day), against Python's own dates; a day that does not exist is unread."""
    import datetime as dt
    import random

    rng = random.Random(7)
    months = {"Jan": 1, "February": 2, "mar": 3, "Sept": 9, "Dec": 12, "Foo": None}
    texts, expected = [], []
    for _ in range(600):
        day, month, year = rng.randint(0, 32), rng.randint(0, 13), rng.choice([1899, 2024, 2099])
        hour = rng.choice([None, 0, 13, 23, 25])
        time = "" if hour is None else f" {hour}:05"
        name = rng.choice(list(months))
        shape = rng.randrange(3)
        if shape == 0:
            texts.append(f"{year}-{month:02d}-{day:02d}{time}")
        else:
            month = months[name] or 0
            texts.append(
                f"{day} {name} {year}{time}" if shape == 1 else f"{name} {day}, {year}{time}"
            )
        try:
            stamp = dt.datetime(year, month, day)
        except ValueError:
            expected.append(pd.NaT)
            continue
        stamp += dt.timedelta(hours=hour, minutes=5) if hour is not None else dt.timedelta()
        expected.append(pd.Timestamp(stamp) if 1900 <= stamp.year <= 2099 else pd.NaT)
    rows = "".join(f'Person {i},"{text}"\n' for i, text in enumerate(texts))
    report = check_contacts(("Name,Date Contacted\n" + rows).encode())
    read = report.contacts["contacted_on"]
    assert read.notna().sum() > 200 and read.isna().sum() > 100  # both kinds were tried
    for text, got, want in zip(texts, read, expected):
        assert (pd.isna(got) and pd.isna(want)) or got == want, (text, got, want)
    problems = report.problems[report.problems["column"] == "Date Contacted"]
    unread = problems[problems["problem"].str.startswith("not a date")]["value"]
    assert sorted(unread) == sorted(t for t, w in zip(texts, expected) if pd.isna(w))


_ABOVE_HEADER = [
    "Notes:\n",
    '"When exporting your connection data, you may notice"\n',
    "\n",
    '"a note\non two lines"\n',
    '"x",y\n',
    'My "list\n',
    '"q ""in"" q"\r\n',
    "Title\r",
    '"a\r\nb",c\r\n',
]


@FUZZ
@given(
    st.lists(st.sampled_from(_ABOVE_HEADER), max_size=4),
    st.lists(st.lists(st.text(alphabet='ab ,;"\n\ré', max_size=6), max_size=5), max_size=6),
    st.sampled_from([",", ";"]),
)
def test_fuzz_lines_above_the_header_are_skipped_by_both_readers_alike(above, rows, delimiter):
    """A UTF-8 file is parsed from its bytes, other text once decoded: whatever stands above
    the header (LinkedIn's quoted notes, line breaks inside quotes), both give the same cells
    and row numbers."""
    from infoview_kit.contacts import _header_scorer
    from infoview_kit.sheets.text import read_text, read_utf8

    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerow(["Name", "Company", "Date Contacted"])
    csv.writer(out, delimiter=delimiter).writerows(rows)
    text = "".join(above) + out.getvalue()
    score = _header_scorer({})
    fast = read_utf8(text.encode("utf-8"), score)
    if fast is None:  # no header found, or text Arrow refuses: the decoded reader decides
        return
    slow = read_text(text, "utf-8", "fuzz.csv", is_header=score)
    assert (fast.headers, fast.header_row) == (slow.headers, slow.header_row)
    assert list(fast.rows) == list(slow.rows)
    cells = [
        t.cells.astype(object).where(t.cells.notna() & t.cells.ne(""), None) for t in (fast, slow)
    ]
    assert cells[0].to_numpy().tolist() == cells[1].to_numpy().tolist()


def test_notes_with_line_breaks_read_alike_in_one_block_or_several(monkeypatch):
    """A file larger than one of Arrow's blocks is read in several; a note with line breaks
    inside quotes may then straddle two blocks, and Arrow still reads it as one cell of one
    row (it does not hand the file to the slower reader)."""
    from infoview_kit.contacts import _header_scorer
    from infoview_kit.sheets import text as reader

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["Name", "Company", "Notes"])
    note = 'met at a fair\nsaid: "call me"\r\n'
    for i in range(40):
        writer.writerow([f"Person {i}", f"Firm, {i}", note * (i % 3)])
    data = out.getvalue().encode("utf-8")
    whole = reader.read_utf8(data, _header_scorer({}))
    monkeypatch.setattr(reader, "_BLOCK_BYTES", 1000)  # the file is 2.5 kB: three blocks
    pieces = reader.read_utf8(data, _header_scorer({}))
    assert whole is not None and pieces is not None  # neither left to the slower reader
    pd.testing.assert_frame_equal(whole.cells, pieces.cells)
    assert pieces.cells[2].isna()[0] and pieces.cells[2].tolist()[1:3] == [note, note * 2]
    notes = check_contacts(data).contacts["notes"]
    assert notes.tolist()[1:3] == [note.strip(), (note * 2).strip()]


@FUZZ
@given(
    st.binary(max_size=16)
    | st.lists(
        st.sampled_from([0x41, 0x80, 0xBF, 0xC2, 0xDF, 0xE0, 0xE9, 0xEF, 0xF0, 0xF4, 0xF5]),
        max_size=10,
    ).map(bytes)
)
def test_a_utf8_sequence_is_found_wherever_it_is(data):
    """A file of two encodings is told by its well-formed UTF-8 sequences (two to four bytes);
    the kit finds them where a pattern over every byte would."""
    import re

    from infoview_kit.sheets.encodings import _has_utf8_sequence

    pattern = rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
    assert _has_utf8_sequence(data) == (re.search(pattern, data) is not None)


def test_date_columns_read_together_read_as_each_alone():
    """A sheet's date columns share one table of their distinct texts: each column's votes,
    example, dates and unreadable cells are what it gives read on its own. Texts recur across
    columns, with spaces around them, blanks, both orders and text that is no date; one column
    comes in two pieces, as the reader gives a large file."""
    import random

    import pyarrow as pa

    from infoview_kit.dates import DateColumn

    rng = random.Random(3)
    shapes = ["03/04/2024", "13/04/2024", "04/13/2024", " 05/06/24 ", "2024-02-30", "12 Mar 2024"]
    shapes += ["", "  ", "soon", "Mar 12, 2024", "05/06/24", "2024-01-02 ", "45363", "1/2/2023"]
    columns = []
    for number in range(4):
        texts = [rng.choice(shapes[: 6 + 2 * number]) for _ in range(40)]
        cells = pa.array([t if rng.random() > 0.2 else None for t in texts], pa.large_string())
        if number == 1:
            cells = pa.chunked_array([cells[:15], cells[15:]])
        columns.append(pd.Series(pd.array(cells, dtype="str")))
    columns.append(pd.Series(pd.array([None] * 40, dtype="str")))  # an empty column
    together = DateColumn.several(columns)
    for cells, shared in zip(columns, together):
        alone = DateColumn.from_cells(cells)
        seen = ("day_first_votes", "month_first_votes", "ambiguous", "example")
        assert [getattr(shared, a) for a in seen] == [getattr(alone, a) for a in seen]
        for dayfirst in (True, False):
            (dates, bad), (want, want_bad) = shared.parse(dayfirst), alone.parse(dayfirst)
            pd.testing.assert_series_equal(dates, want)
            assert bad.tolist() == want_bad.tolist()
    assert sum(c.ambiguous for c in together) and sum(c.day_first_votes for c in together)
