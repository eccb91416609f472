"""Hostile files answer within seconds and a bounded amount of memory, with contacts or a
ContactsError naming the file and what to do. Every file is built here, small on disk."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infoview_kit import ContactsError, check_contacts, schema

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

# Reads the file named on the command line in a fresh process and reports the outcome, the
# seconds it took and the growth of its peak resident memory (VmHWM) while reading.
CHILD = """
import json, sys, time, warnings
from infoview_kit import ContactsError, check_contacts

def peak():
    with open("/proc/self/status") as status:
        return next(int(l.split()[1]) * 1024 for l in status if l.startswith("VmHWM:"))

before, start = peak(), time.perf_counter()
try:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        report = check_contacts(sys.argv[1])
    out = {"rows": len(report.contacts), "columns": report.contacts.shape[1],
           "notes": report.notes}
except ContactsError as exc:
    out = {"error": str(exc)}
out.update(seconds=time.perf_counter() - start, grown=peak() - before)
print(json.dumps(out))
"""


def _read_in_child(path: Path, timeout: float = 60) -> dict:
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _replace_part(data: bytes, name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        for item in source.infolist():
            if item.filename != name:
                target.writestr(item.filename, source.read(item.filename))
        target.writestr(name, content)
    return out.getvalue()


def _workbook(*rows) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet(rows: bytes) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'.encode()
        + rows
        + b"</sheetData></worksheet>"
    )


def _answers_quickly(call, seconds: float = 20):
    """``call()``'s result or exception, or a failure when it is still running after
    ``seconds`` (a reader that blocks on a pipe blocks forever)."""
    outcome: dict = {}

    def run():
        try:
            outcome["value"] = call()
        except BaseException as exc:  # handed to the test
            outcome["error"] = exc

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"still reading after {seconds} s"
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


# ---------------------------------------------------------------------------------------------
# Things that are not regular files
# ---------------------------------------------------------------------------------------------


def test_a_named_pipe_is_refused_at_once(tmp_path):
    path = tmp_path / "contacts.csv"
    os.mkfifo(path)
    with pytest.raises(ContactsError) as caught:
        _answers_quickly(lambda: check_contacts(path))
    message = str(caught.value)
    assert str(path) in message and "named pipe" in message and "Save your contacts" in message


def test_a_link_to_dev_zero_is_refused_without_reading(tmp_path):
    path = tmp_path / "contacts.csv"
    path.symlink_to("/dev/zero")
    with pytest.raises(ContactsError, match="is a device") as caught:
        _answers_quickly(lambda: check_contacts(path))
    assert str(path) in str(caught.value)


def test_a_folder_named_like_a_sheet_is_refused(tmp_path):
    path = tmp_path / "contacts.csv"
    path.mkdir()
    with pytest.raises(ContactsError, match="is a folder"):
        check_contacts(path)


# ---------------------------------------------------------------------------------------------
# Workbooks that expand
# ---------------------------------------------------------------------------------------------


def test_one_cell_at_the_last_cell_excel_has(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["Name", "Company"])
    book.active.append(["Ada Okafor", "Larkspur Labs"])
    book.active["XFD1048576"] = "x"
    path = tmp_path / "far.xlsx"
    book.save(path)
    assert path.stat().st_size < 10_000
    result = _read_in_child(path)
    assert result["rows"] == 1
    assert result["grown"] < 300 * 2**20
    assert any("past row 50,000" in note for note in result["notes"])


def test_cells_far_to_the_right_are_left_out_saying_so(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["Name", "Company"])
    book.active.append(["Ada Okafor", "Larkspur Labs"])
    book.active.cell(row=2, column=3000, value="stray")
    path = tmp_path / "wide.xlsx"
    book.save(path)
    report = check_contacts(path)
    assert report.contacts["name"].tolist() == ["Ada Okafor"]
    assert report.contacts.shape[1] < 1_100  # cut at the 1,000th column, not 3,000 wide
    assert any("beyond column ALL" in note for note in report.notes)


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path):
    row = b'<row><c t="inlineStr"><is><t>Ada Okafor</t></is></c></row>'
    sheet = _sheet(b'<row><c t="inlineStr"><is><t>Name</t></is></c></row>' + row * 700_000)
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(_replace_part(_workbook(["Name"]), "xl/worksheets/sheet1.xml", sheet))
    assert path.stat().st_size < 200_000
    result = _read_in_child(path)
    assert "times its packed size" in result["error"] and str(path) in result["error"]
    assert result["grown"] < 100 * 2**20


def test_rows_are_streamed_and_stop_at_the_row_limit(tmp_path):
    rows = b"".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>P{n}</t></is></c></row>'.encode()
        for n in range(2, 60_002)
    )  # no <dimension>: openpyxl would parse it all just to open it
    sheet = _sheet(b'<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c></row>' + rows)
    path = tmp_path / "long.xlsx"
    path.write_bytes(_replace_part(_workbook(["Name"]), "xl/worksheets/sheet1.xml", sheet))
    result = _read_in_child(path)
    assert result["rows"] == 49_999
    assert any("only the first 50,000 rows were read" in n for n in result["notes"])
    assert result["grown"] < 300 * 2**20


def test_a_row_longer_than_excel_allows_is_refused(tmp_path):
    cells = b"".join(f"<c><v>{n * 7919 % 1_000_003}</v></c>".encode() for n in range(200_000))
    sheet = _sheet(b'<row><c t="inlineStr"><is><t>Name</t></is></c>' + cells + b"</row>")
    path = tmp_path / "row.xlsx"
    path.write_bytes(_replace_part(_workbook(["Name"]), "xl/worksheets/sheet1.xml", sheet))
    result = _read_in_child(path)
    assert "more than 16,384 cells" in result["error"]
    assert result["grown"] < 100 * 2**20


def test_a_comment_bomb_is_not_parsed(tmp_path):
    import openpyxl
    from openpyxl.comments import Comment

    book = openpyxl.Workbook()
    book.active.append(["Name"])
    book.active.append(["Ada Okafor"])
    book.active["A2"].comment = Comment("note", "me")
    out = io.BytesIO()
    book.save(out)
    with zipfile.ZipFile(out) as archive:
        name = next(n for n in archive.namelist() if "comments" in n and n.endswith(".xml"))
    runs = b"<r><t>x</t></r>" * 500_000  # 7.5 MB: just under the ratio check
    xml = (
        (
            f'<?xml version="1.0" encoding="UTF-8"?><comments xmlns="{MAIN}"><authors><author>me'
            '</author></authors><commentList><comment ref="A2" authorId="0"><text>'
        ).encode()
        + runs
        + b"</text></comment></commentList></comments>"
    )
    path = tmp_path / "comments.xlsx"
    path.write_bytes(_replace_part(out.getvalue(), name, xml))
    result = _answers_quickly(lambda: check_contacts(path), seconds=8)  # parsed: 16 s
    assert result.contacts["name"].tolist() == ["Ada Okafor"]


def test_a_5000_column_header_reads_the_first_1000_and_says_so(tmp_path):
    header = ["Name"] + [f"Column {n}" for n in range(1, 5000)]
    lines = [",".join(header)] + [",".join([f"Person {r}"] + ["v"] * 4999) for r in range(5)]
    path = tmp_path / "wide.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = _read_in_child(path, timeout=60)  # quadratic in the columns, it took minutes
    assert result["rows"] == 5
    assert 1000 <= result["columns"] < 1100  # the kit's own columns, then the file's first 1,000
    assert any("beyond column ALL (the 1,000th)" in note for note in result["notes"])


def test_one_row_of_200000_cells_is_cut_not_read_whole(tmp_path):
    # Read whole, the row made 200,000 columns of 2,000 rows: minutes and gigabytes.
    lines = ["Name,Company"] + [f"Person {r},Acme" for r in range(2000)]
    lines.append("Wide," + ",".join(["x"] * 200_000))
    path = tmp_path / "wide_row.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = _read_in_child(path, timeout=60)
    assert result["rows"] == 2001 and result["columns"] < 1100
    assert result["grown"] < 1024**3 and result["seconds"] < 30
    assert any("they were not read" in note for note in result["notes"])


# ---------------------------------------------------------------------------------------------
# Fuzzing: workbooks and vCards mutated, files on disk against the same bytes uploaded
# ---------------------------------------------------------------------------------------------

FIXTURES = Path(__file__).parent / "fixtures"
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))


def _read_any(data: bytes, label: str = "fuzz.xlsx") -> None:
    """The inner reader, without check_contacts' last-resort net: a bug here fails the test."""
    from infoview_kit.contacts import _check

    try:
        report = _check(data, label, dayfirst=None, sheet=None, columns=None)
    except ContactsError as exc:
        assert label in str(exc)
        return
    assert list(report.contacts.columns[: len(schema.COLUMNS)]) == list(schema.COLUMNS)
    assert list(report.problems.columns) == ["row", "column", "value", "problem"]
    assert len(report.rows) == len(report.contacts)


@st.composite
def _mutated_bytes(draw, seed: bytes) -> bytes:
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 6))):
        action = draw(st.sampled_from(["flip", "insert", "delete"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if action == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=6))
        elif data:
            del data[at : at + draw(st.integers(1, 12))]
    return bytes(data)


_BOOK = (FIXTURES / "tracker.xlsx").read_bytes()
with zipfile.ZipFile(io.BytesIO(_BOOK)) as _archive:
    _XML_PARTS = sorted(n for n in _archive.namelist() if n.endswith(".xml"))
    _PART_BYTES = {n: _archive.read(n) for n in _XML_PARTS}


@st.composite
def _mutated_workbook(draw) -> bytes:
    """A real workbook with one of its XML parts mutated inside a valid zip (the zip itself
    mutated is mostly a damaged zip, which is tried too)."""
    if draw(st.booleans()):
        return draw(_mutated_bytes(_BOOK))
    name = draw(st.sampled_from(_XML_PARTS))
    return _replace_part(_BOOK, name, draw(_mutated_bytes(_PART_BYTES[name])))


@FUZZ
@given(_mutated_workbook())
def test_fuzz_mutated_workbooks(data):
    _read_any(data, "fuzz.xlsx")


_CARDS = [(FIXTURES / n).read_bytes() for n in ("icloud.vcf", "google_contacts.vcf", "monica.vcf")]


@FUZZ
@given(st.sampled_from(_CARDS).flatmap(_mutated_bytes))
def test_fuzz_mutated_vcards(data):
    _read_any(data, "fuzz.vcf")


@FUZZ
@given(
    st.lists(st.lists(st.text(max_size=10), max_size=6), max_size=8),
    st.sampled_from([",", ";", "\t"]),
    st.sampled_from(["", "Exported contacts\r", "Title\r\rNotes\r\n", "\r", "Export\n\r\n"]),
    st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_fuzz_a_file_on_disk_reads_as_the_same_bytes_uploaded(rows, delimiter, preamble, end):
    """A path and an upload (bytes, a file object) of the same file give the same contacts and
    problems, whatever the line endings, a preamble with lone CRs included."""
    import csv
    import tempfile

    import pandas as pd

    from infoview_kit.contacts import _check

    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=end)
    writer.writerow(["Name", "Company", "Date Contacted", "Source", "Code"])
    writer.writerows(rows)
    try:
        data = (preamble + out.getvalue()).encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: not text any program writes
        return
    options = dict(dayfirst=None, sheet=None, columns=None)
    try:
        uploaded = _check(io.BytesIO(data), "fuzz.csv", **options)
    except ContactsError as exc:
        with pytest.raises(ContactsError) as again, tempfile.TemporaryDirectory() as folder:
            (Path(folder) / "fuzz.csv").write_bytes(data)
            _check(Path(folder) / "fuzz.csv", "fuzz.csv", **options)
        assert str(again.value) == str(exc)
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.csv"
        path.write_bytes(data)
        on_disk = _check(path, "fuzz.csv", **options)
    as_bytes = _check(data, "fuzz.csv", **options)
    for other in (on_disk, as_bytes):
        pd.testing.assert_frame_equal(other.contacts, uploaded.contacts)
        pd.testing.assert_frame_equal(other.problems, uploaded.problems)
        assert list(other.rows) == list(uploaded.rows)
        assert other.header_row == uploaded.header_row


def test_workbooks_opened_in_several_threads_at_once_leave_openpyxl_as_it_was():
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    original = ReadOnlyWorksheet._get_size
    data = (FIXTURES / "tracker.xlsx").read_bytes()
    expected = check_contacts(data).contacts
    failures = []

    def load_many() -> None:
        for _ in range(10):
            if not check_contacts(data).contacts.equals(expected):
                failures.append("a workbook read differently in a thread")

    threads = [threading.Thread(target=load_many) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert ReadOnlyWorksheet._get_size is original


@pytest.mark.parametrize("share, refused", [(0.04, False), (0.06, True)])
def test_text_with_control_characters_is_refused_only_when_they_are_many(share, refused):
    """A file is binary, not a sheet, when over 5% of its characters are control characters
    (vertical tabs and NULs count; tabs, line breaks and form feeds do not, however many)."""
    from infoview_kit.sheets.encodings import checked_text

    plain = "Name,Company\tNotes\f\r\n" * 50
    control = int(len(plain) * share / (1 - share)) + 1
    text = plain + ("\x0b\x00" * control)[:control]
    if refused:
        with pytest.raises(ContactsError, match="holds binary data"):
            checked_text(text, "odd.csv")
    else:
        assert checked_text(text, "odd.csv") == text
