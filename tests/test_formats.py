"""The exports people have, read cell by cell: contacts apps, vCards, workspaces, trackers.

Fixtures are written by tests/fixtures/make_exports.py from each format's documented header;
README.md beside them names the sources.
"""

from __future__ import annotations

import pandas as pd
import pytest

from infoview_kit import check_contacts, schema

T = pd.Timestamp
CELLS = ["name", "company", "role", "email", "linkedin_url"]


def cells(report, columns=CELLS) -> list[list]:
    """The contacts' cells as plain values (None where missing), row by row."""
    frame = report.contacts[columns].astype(object)
    return frame.where(frame.notna(), None).values.tolist()


def dates(report, column) -> list:
    return [None if pd.isna(v) else v for v in report.contacts[column]]


def problems(report) -> list[str]:
    return list(report.problems["problem"])


def test_google_contacts_csv_labels_do_not_become_emails(fixtures):
    report = check_contacts(fixtures / "google_contacts.csv")
    assert cells(report) == [
        ["Ada Okafor", "Northwind Analytics", "Data Scientist", "ada@northwind.example",
         "https://www.linkedin.com/in/ada-okafor-1a2b"],
        ["Bruno A. Salgado", "Bluefin Health", "Product Manager", "bruno@bluefin.example", None],
        ["Chloé Martin", "Cobalt & Finch", "Director, Strategy", "chloe@cobalt.example", None],
    ]  # fmt: skip
    assert report.column_map["Organization Title"] == "role"
    assert "E-mail 1 - Label" not in report.column_map
    assert report.contacts.loc[1, "E-mail 2 - Value"] == "b.salgado@work.example"  # kept
    assert report.contacts["added_on"].isna().all()  # a birthday is not a date added
    assert problems(report) == [
        "'E-mail 2 - Value' also looks like the e-mail column; 'E-mail 1 - Value' is used for "
        "it and 'E-mail 2 - Value' is kept as it is"
    ]


def test_google_legacy_csv_in_utf16(fixtures):
    report = check_contacts(fixtures / "google_legacy.csv")
    assert report.encoding == "utf-16"
    assert cells(report) == [
        ["Dara Novak", "Saltmarsh Robotics", "Engineer", "dara.novak@saltmarsh.example",
         "https://www.linkedin.com/in/dara-novak"],
        ["Elif Yılmaz", "Mosaic Design Studio", "Designer", "elif@mosaic.example", None],
    ]  # fmt: skip
    assert report.column_map["Organization 1 - Title"] == "role"  # not the empty Occupation
    assert report.problems.empty


@pytest.mark.parametrize("name", ["google_outlook.csv", "outlook_desktop.csv", "outlook_com.csv"])
def test_outlook_headers_title_phone_and_web_page(fixtures, name):
    report = check_contacts(fixtures / name)
    expected = {
        "google_outlook.csv": [
            ["Felix Becker", "Atlas Freight Co.", "Logistics Lead", "felix@atlas.example", None],
            ["Grace Mensah", "Harbor Lane Bank", "Analyst", "grace@harbor.example", None],
        ],
        "outlook_desktop.csv": [
            ["Hugo Moreau", "Greenleaf Energy", "Engineer", "hugo@greenleaf.example", None],
            ["Imani Park", "Quillstone Publishing", "Editor", "imani@quillstone.example", None],
        ],
        "outlook_com.csv": [
            ["Jamal Haddad", "Larkspur Labs", "Research Associate", "jamal@larkspur.example",
             None],
            ["Kavya Singh", "Juniper City Council", "Policy Analyst", "kavya@juniper.example",
             None],
        ],
    }  # fmt: skip
    assert cells(report) == expected[name]
    assert report.column_map["Job Title"] == "role"
    assert report.column_map["Company"] == "company"  # not "Company Main Phone"
    assert "Personal Web Page" not in report.column_map
    assert (
        "'Title' holds courtesy titles such as Mr. or Dr., so 'Job Title' is the role; "
        "'Title' is kept as it is"
    ) in problems(report)
    assert "Title" in report.contacts.columns  # Mr./Dr. kept as written


def test_outlook_desktop_extras(fixtures):
    report = check_contacts(fixtures / "outlook_desktop.csv")
    c = report.contacts
    assert report.encoding == "cp1252"
    assert list(c["referred_by"]) == ["Zoë Müller", None] or c.loc[0, "referred_by"] == "Zoë Müller"
    assert c.loc[0, "location"] == "Lyon"  # Business City, as Location is empty
    assert c.loc[0, "notes"] == "Café près du bureau"
    assert c.loc[0, "Company Main Phone"] == "+33 4 00 00 00 00"


@pytest.mark.parametrize(
    ("name", "expected", "notes"),
    [
        (
            "icloud.vcf",
            [
                ["Lena Fischer", "Orchard Street Schools", "Head of Department",
                 "lena.fischer@orchard.example", "https://www.linkedin.com/in/lena-fischer-0a1b"],
                ["Tomas Varga", "Orchard Street Schools", "Teacher", "tomas@orchard.example",
                 None],
            ],
            "Met at the alumni evening, very open.\nAsk about the STEM programme.",
        ),
        (
            "google_contacts.vcf",
            [["Mei Tanaka", "Quillstone Publishing", "Editor", "mei@quill.example",
              "https://www.linkedin.com/in/mei-tanaka"]],
            None,
        ),
        (
            "monica.vcf",
            [["Omar Haddad", "Greenleaf Energy", "Analyst", "omar@greenleaf.example",
              "https://www.linkedin.com/in/omar-haddad"]],
            "Introduced by Hugo Moreau",
        ),
    ],
)  # fmt: skip
def test_vcards(fixtures, name, expected, notes):
    report = check_contacts(fixtures / name)
    assert report.kind == "vcard"
    assert cells(report) == expected
    note = report.contacts.loc[0, "notes"]  # NOTE, with its escaped line breaks read back
    assert (None if pd.isna(note) else note) == notes
    assert "vCard" in report.summary()


def test_icloud_vcard_second_email_and_org_unit_are_kept(fixtures):
    c = check_contacts(fixtures / "icloud.vcf").contacts
    assert c.loc[0, "Email 2"] == "lena@home.example"
    assert c.loc[0, "Department"] == "Mathematics"
    assert pd.isna(c.loc[1, "Email 2"])


def test_notion_export(fixtures):
    report = check_contacts(fixtures / "notion.csv")
    assert cells(report) == [
        ["Pia Lindqvist", "Saltmarsh Robotics", "Recruiter", "pia@saltmarsh.example",
         "https://www.linkedin.com/in/pia-lindqvist"],
        ["Quentin Roy", "Atlas Freight Co.", "Analyst", None, None],
    ]  # fmt: skip
    assert dates(report, "added_on") == [T("2024-03-10 15:45"), T("2024-03-30 09:05")]
    assert dates(report, "contacted_on") == [T("2024-03-12"), T("2024-04-02")]
    assert list(report.contacts["responded"]) == [True, False]
    assert list(report.contacts["status"]) == ["responded", "requested"]
    assert report.problems.empty


def test_airtable_export(fixtures):
    report = check_contacts(fixtures / "airtable.csv")
    assert cells(report) == [
        ["Rosa Silva", "Bluefin Health", "Nurse Manager", "rosa@bluefin.example", None],
        ["Sami Rahman", "Juniper City Council", "Policy Analyst", None, None],
    ]  # fmt: skip
    assert list(report.contacts["responded"]) == [True, False]  # "checked" and empty
    assert dates(report, "contacted_on") == [T("2024-03-05"), T("2024-03-07")]
    assert dates(report, "met_on") == [T("2024-03-20"), None]
    assert dates(report, "added_on") == [T("2024-03-01 09:00"), T("2024-03-02 10:30")]


def test_trello_export(fixtures):
    report = check_contacts(fixtures / "trello.csv")
    c = report.contacts
    assert list(c["name"]) == ["Uma Reddy", "Victor Lund"]
    assert list(c["status"]) == ["met", "to-contact"]  # the list a card is in
    assert dates(report, "next_follow_up_on") == [T("2024-03-19 16:00"), None]
    assert c.loc[0, "notes"].startswith("Mosaic Design Studio")
    assert c["linkedin_url"].isna().all()  # a Trello card's address is not a profile
    assert c.loc[0, "Card URL"] == "https://trello.com/c/AbCdEf12/1-uma-reddy"


def test_job_tracker_export(fixtures):
    report = check_contacts(fixtures / "job_tracker.csv")
    assert cells(report) == [
        ["Wen Zhao", "Northwind Analytics", "Hiring Manager", "wen@northwind.example",
         "linkedin.com/in/wenzhao"],
        ["Xavier Diaz", "Cobalt & Finch", "Consultant", None, None],
    ]  # fmt: skip
    assert dates(report, "last_contact_on") == [T("2024-05-02"), T("2024-05-03")]
    assert dates(report, "next_follow_up_on") == [T("2024-05-16"), None]
    assert dates(report, "added_on") == [T("2024-04-28 08:00"), T("2024-05-01 08:00")]
    assert list(report.contacts["status"]) == ["requested", "requested"]


def test_university_tracker(fixtures):
    report = check_contacts(fixtures / "university_tracker.csv")
    c = report.contacts
    assert cells(report, ["name", "company", "role", "source", "channel"]) == [
        ["Yara Haddad", "Juniper City Council", "Planner", "alumni", "email"],
        ["Zane Brooks", "Atlas Freight Co.", "Operations Manager", "personal", "phone"],
        ["Abel Osei", "Harbor Lane Bank", "Analyst", "event", "in-person"],
    ]
    assert dates(report, "contacted_on") == [T("2024-09-02"), T("2024-09-04"), T("2024-09-05")]
    assert dates(report, "met_on") == [T("2024-09-12"), None, T("2024-09-15")]
    assert dates(report, "next_follow_up_on") == [T("2024-09-30"), T("2024-09-18"), None]
    assert list(c["status"]) == ["thanked", "requested", "thanked"]  # Y, N, ☑
    assert c.loc[0, "Follow-Up Notes"] == "Send the report she mentioned"  # not a date
    assert report.column_map["Date of Initial Contact"] == "contacted_on"  # not a name
    assert "yes/no" in report.column_map["Thank you sent"].why


def test_reply_received_dates_are_reply_dates(fixtures):
    report = check_contacts(fixtures / "european_tracker.csv")
    assert report.column_map["Reply received"] == "responded_on"
    assert "holds dates" in report.column_map["Reply received"].why
    assert dates(report, "responded_on") == [T("2024-04-08"), None, T("2024-03-25")]
    assert list(report.contacts["responded"]) == [True, False, True]
    assert dates(report, "met_on") == [T("2024-04-15"), None, None]
    assert not any("yes or no" in p for p in problems(report))


def test_workbook_uses_the_contacts_sheet_and_names_the_others(fixtures):
    report = check_contacts(fixtures / "instructions_first.xlsx")
    assert report.sheet == "Contacts"
    assert list(report.contacts["name"]) == ["Eva Horvat", "Femi Bello"]
    (note,) = report.notes
    assert "'Instructions'" in note and "'Archive'" in note and "--sheet" in note
    archive = check_contacts(fixtures / "instructions_first.xlsx", sheet="Archive")
    assert list(archive.contacts["name"]) == ["Old Contact"]


def test_every_format_keeps_the_canonical_columns_first(fixtures):
    for name in ("google_contacts.csv", "icloud.vcf", "trello.csv", "instructions_first.xlsx"):
        columns = list(check_contacts(fixtures / name).contacts.columns)
        assert columns[: len(schema.COLUMNS)] == list(schema.COLUMNS)
        assert columns[len(schema.COLUMNS) - 1] == "sources"


# ---------------------------------------------------------------------------------------------
# Files that mix encodings
# ---------------------------------------------------------------------------------------------


def test_mostly_utf8_with_cp1252_lines_reads_each_cell_right_and_lists_the_others():
    data = (
        "Name,Company,Notes\nJosé Müller,Café Zürich,ok\nAna Ruiz,Señor Co,fine\n".encode()
        + "Zoë Brontë,Acme,ça va\n".encode("cp1252")
        + "Bo Chen,Straße AG,plain\n".encode()
    )
    report = check_contacts(data)
    assert report.contacts["name"].tolist() == ["José Müller", "Ana Ruiz", "Zoë Brontë", "Bo Chen"]
    assert report.contacts["company"].tolist()[3] == "Straße AG"
    assert report.contacts["notes"].tolist()[2] == "ça va"
    listed = report.problems[["row", "column", "value"]].values.tolist()
    assert listed == [[4, "Name", "Zoë Brontë"], [4, "Notes", "ça va"]]
    assert all("cp1252" in p and "most of the file is in UTF-8" in p for p in problems(report))
    assert not any("Ã" in str(v) for v in report.contacts.astype(str).values.ravel())


def test_mostly_cp1252_with_a_utf8_cell_is_the_reverse():
    data = "Name,Company\nJosé,Café\nZoë,Élan\n".encode("cp1252") + "Renée,Straße\n".encode()
    report = check_contacts(data)
    assert report.contacts["name"].tolist() == ["José", "Zoë", "Renée"]
    assert report.contacts["company"].tolist() == ["Café", "Élan", "Straße"]
    listed = report.problems[["row", "column", "value"]].values.tolist()
    assert listed == [[4, "Name", "Renée"], [4, "Company", "Straße"]]
    assert report.encoding == "cp1252"


def test_a_cp1252_file_alone_is_not_called_mixed():
    report = check_contacts("Name,Company\nJosé,Café\nZoë,Élan\n".encode("cp1252"))
    assert report.contacts["name"].tolist() == ["José", "Zoë"]
    assert report.problems.empty
