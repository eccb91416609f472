"""Several files as one network, likely duplicates, date checks and messages for people."""

from __future__ import annotations

import io
import zipfile

import pandas as pd
import pytest

from infoview_kit import ContactsError, check_contacts, load_contacts

T = pd.Timestamp


def test_two_files_merge_the_same_people(fixtures):
    report = check_contacts([fixtures / "linkedin_connections.csv", fixtures / "merge_tracker.csv"])
    c = report.contacts.set_index("name")
    assert len(c) == 7  # 5 + 5 rows, 3 people in both
    # LinkedIn URL (written without www and with a slash), e-mail in capitals, then name and
    # company without the accent and in lower case.
    assert c.loc["Ada Okafor", "sources"] == (
        "linkedin_connections.csv row 5; merge_tracker.csv row 2"
    )
    assert c.loc["Bruno Salgado", "sources"] == (
        "linkedin_connections.csv row 6; merge_tracker.csv row 3"
    )
    assert c.loc["Chloé Martin", "sources"] == (
        "linkedin_connections.csv row 7; merge_tracker.csv row 4"
    )
    # fields combine: the export's company and date added, the tracker's dates and status
    assert c.loc["Ada Okafor", "company"] == "Northwind Analytics, Inc."
    assert c.loc["Ada Okafor", "added_on"] == T("2024-03-12")
    assert c.loc["Ada Okafor", "contacted_on"] == T("2024-04-02")
    assert c.loc["Ada Okafor", "status"] == "met"
    assert c.loc["Ada Okafor", "notes"] == "Coffee chat"
    assert c.loc["Chloé Martin", "status"] == "responded"
    assert bool(c.loc["Chloé Martin", "responded"])


def test_duplicates_within_one_file_are_kept_and_listed(fixtures):
    report = check_contacts(fixtures / "merge_tracker.csv")
    assert list(report.contacts["name"]).count("Zoe New") == 2
    (problem,) = report.problems.itertuples()
    assert problem.row == 6
    assert problem.problem == (
        "looks like the same person as row 5 (the same name and company); both rows are kept"
    )


def test_a_merged_report_names_each_file_in_its_problems(fixtures):
    report = check_contacts([fixtures / "merge_tracker.csv", fixtures / "linkedin_connections.csv"])
    assert list(report.problems["file"]) == [str(fixtures / "merge_tracker.csv")]
    assert "several files" in report.summary()
    with pytest.warns(UserWarning):
        frame = load_contacts([fixtures / "merge_tracker.csv", fixtures / "google_contacts.csv"])
    assert "sources" in frame.columns and frame["sources"].notna().all()


def test_one_file_in_a_list_reads_as_that_file(fixtures):
    one = check_contacts([fixtures / "linkedin_connections.csv"])
    assert one.header_row == 4 and one.kind == "text"
    assert one.contacts.loc[0, "sources"] == "linkedin_connections.csv row 5"


def test_dates_out_of_order_and_in_the_future_are_reported_not_changed():
    data = (
        b"Name,Date contacted,Reply date,Meeting date,Thank-you sent,Status\n"
        b"Ana,2024-03-10,2024-03-08,2024-03-20,2024-03-21,Met\n"
        b"Ben,2024-03-10,2024-03-12,2099-01-05,,Met\n"
        b"Cai,2099-02-01,,,,\n"
    )
    report = check_contacts(data)
    found = {(r.row, r.column): r.problem for r in report.problems.itertuples()}
    assert found[(2, "Reply date")] == (
        "the reply is dated before the request (contacted on 2024-03-10); kept as written"
    )
    assert found[(3, "Meeting date")].startswith("marked as met, but the meeting is dated in")
    assert found[(4, "Date contacted")] == "this date is in the future; kept as written"
    assert len(found) == 3
    assert report.contacts.loc[0, "responded_on"] == T("2024-03-08")  # unchanged


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "is a PDF document"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "is a JPEG photo"),
    ],
)
def test_documents_and_photos_say_what_they_are(data, words):
    with pytest.raises(ContactsError, match=words) as caught:
        check_contacts(io.BytesIO(data))
    assert "Export" in str(caught.value)


def test_a_zip_archive_names_the_file_to_use():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("Connections.csv", "First Name,Last Name\nAda,Okafor\n")
        archive.writestr("Messages.csv", "FROM,TO\n")
    with pytest.raises(ContactsError) as caught:
        check_contacts(buffer.getvalue())
    message = str(caught.value)
    assert "zip archive" in message and "Connections.csv" in message and "Unzip" in message


def test_messages_hold_no_code(fixtures):
    """A person reads these: no Python (no columns={...}, no dayfirst=True) anywhere."""
    texts = []
    for call in (
        lambda: check_contacts(fixtures / "no_name.csv"),
        lambda: check_contacts(fixtures / "tracker.xlsx", sheet="Nope"),
        lambda: check_contacts(fixtures / "no_name.csv", columns={"Role": "job_title"}),
    ):
        with pytest.raises(ContactsError) as caught:
            call()
        texts.append(str(caught.value))
    report = check_contacts(fixtures / "ambiguous_dates.csv")
    texts += list(report.problems["problem"]) + report.notes
    for text in texts:
        assert "={" not in text and "=True" not in text and "sheet=" not in text, text
    assert '--map "Your header=name"' in texts[0]
    assert "--sheet" in texts[1]
    assert "--dayfirst" in texts[3]


def test_column_map_explains_every_choice(fixtures):
    report = check_contacts(fixtures / "career_centre.csv")
    for header, column in report.column_map.items():
        assert column.why and header in column.why, (header, column.why)
    assert report.column_map["Contact Name"] == "name"
    assert "Contact Name" in report.summary() and "usual header" in report.summary()


# One rule for "the same name": the merge across files, the referral look-up and the tracker's
# search by name all compare names alike.
SAME_NAMES = [
    ("Jürgen Straße", "JURGEN STRASSE"),  # ß folds to ss (lower case alone keeps ß)
    ("Chloé  Martin", "chloe martin"),  # accents and doubled spaces
    ("  Ana\tLima ", "ana lima"),  # tabs and spaces around
    ("ÅSA Ñúñez", "asa nunez"),
]


@pytest.mark.parametrize(("written", "other"), SAME_NAMES)
def test_one_name_rule_for_a_column_and_for_one_name(written, other):
    from infoview_kit.events import name_key as one_name
    from infoview_kit.names import name_key as column_of_names

    keys = column_of_names(pd.Series([written, other, None], dtype="str"))
    assert keys[0] == keys[1] == one_name(written) == one_name(other)
    assert pd.isna(keys[2])


def test_a_column_of_names_is_keyed_as_each_name_alone():
    from infoview_kit.events import name_key as one_name
    from infoview_kit.names import name_key as column_of_names

    # ASCII names take a quicker path: white space Arrow's patterns do not know as such
    # (vertical tab, file separators, no-break space) must still be read as a space.
    names = ["a\tb", "a\x0bb", "a\x1fb", " a", "a  b", "A B", "a\u00a0b", "Zoë", "ẞ"]
    keys = column_of_names(pd.Series(names, dtype="str")).tolist()
    assert keys == [one_name(n) for n in names]
    assert keys == ["a b", "a b", "a b", "a", "a b", "a b", "a b", "zoe", "ss"]


@pytest.mark.parametrize(
    "other", ["a\tb", "a\x0bb", "a\x1fb", " a", "a ", "a  b", "a\u00a0b", "Zoë", "ẞ", "A B"]
)
def test_one_unusual_name_among_plain_ones_is_keyed_by_the_rule(other):
    from infoview_kit.events import name_key as one_name
    from infoview_kit.names import name_key as column_of_names

    # The quicker path is chosen for a whole column at once: one name of another kind must
    # still get the rule.
    names = ["Ana Lima", other, "Bo Chen"]
    keys = column_of_names(pd.Series(names, dtype="str")).tolist()
    assert keys == [one_name(n) for n in names]


def test_people_written_differently_in_two_files_are_one_contact(tmp_path):
    export = tmp_path / "export.csv"
    export.write_text(
        "First Name,Last Name,Company\nJürgen,Straße,Blue Door\nChloé,Martin,Acme\n",
        encoding="utf-8",
    )
    tracker = tmp_path / "tracker.csv"
    tracker.write_text(
        "Name,Company,Status\nJURGEN  STRASSE,blue door,met\nchloe martin,ACME,requested\n",
        encoding="utf-8",
    )
    report = check_contacts([export, tracker])
    c = report.contacts.set_index("name")
    assert len(c) == 2
    assert c.loc["Jürgen Straße", "status"] == "met"
    assert c.loc["Jürgen Straße", "sources"] == "export.csv row 2; tracker.csv row 2"
    assert c.loc["Chloé Martin", "status"] == "requested"


def test_one_profile_written_with_a_slash_or_a_tracking_code_is_one_person(tmp_path):
    # An export writes every address alike; the profile name ends at a slash, ? or #.
    sheet = tmp_path / "export.csv"
    sheet.write_text(
        "Name,URL\n"
        "Ana Lima,https://www.linkedin.com/in/ana-lima-1/\n"
        "Bo Chen,https://www.linkedin.com/in/bo-chen\n"
        "Ana L.,https://www.linkedin.com/in/ANA-LIMA-1?trk=people\n"
        "Cy Diaz,https://www.linkedin.com/in/cy-diaz#about\n",
        encoding="utf-8",
    )
    report = check_contacts(sheet)
    assert len(report.contacts) == 4  # kept, and listed
    (problem,) = report.problems.itertuples()
    assert (problem.row, problem.value) == (4, "Ana L.")
    assert problem.problem == (
        "looks like the same person as row 2 (the same LinkedIn profile); both rows are kept"
    )


def test_a_profile_name_beyond_ascii_is_one_profile_whatever_its_case(tmp_path):
    # LinkedIn keeps accented profile names; a tracker may have the address typed in capitals.
    sheet = tmp_path / "export.csv"
    sheet.write_text(
        "Name,URL\n"
        "Jürgen Straße,https://www.linkedin.com/in/jürgen-straße\n"
        "Bo Chen,https://www.linkedin.com/in/bo-chen\n"
        "J. Straße,HTTPS://WWW.LINKEDIN.COM/IN/JÜRGEN-STRASSE\n"
        "Jürgen S.,https://www.LinkedIn.com/in/JÜRGEN-STRAßE/\n",
        encoding="utf-8",
    )
    problems = check_contacts(sheet).problems
    # lower case keeps ß (it is not SS): only row 5 is the same profile as row 2
    assert problems["row"].tolist() == [5]
    assert problems["value"].tolist() == ["Jürgen S."]
    assert "row 2 (the same LinkedIn profile)" in problems["problem"].iloc[0]


@pytest.mark.parametrize("end", ["/", "?trk=people", "#about", "/?trk=a#b"])
def test_a_profile_address_with_one_kind_of_ending_is_the_same_profile(tmp_path, end):
    sheet = tmp_path / "export.csv"
    sheet.write_text(
        "Name,URL\n"
        "Ana Lima,https://www.linkedin.com/in/ana-lima-1\n"
        "Bo Chen,https://www.linkedin.com/in/bo-chen\n"
        f"Ana L.,https://www.linkedin.com/in/ana-lima-1{end}\n",
        encoding="utf-8",
    )
    (problem,) = check_contacts(sheet).problems.itertuples()
    assert (problem.row, problem.value) == (4, "Ana L.")
    assert "(the same LinkedIn profile)" in problem.problem
