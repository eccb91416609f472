"""Hostile files: how long check_contacts takes on each, and its peak memory.

Each file is built here, in a temporary folder, then read by ``check_contacts`` in a fresh
child process (so that one attack's memory does not hide another's), which is killed after
``--timeout`` seconds. The table gives, per attack, the file's size on disk, the wall time,
the child's peak resident memory above what importing the kit took, and the outcome: the
number of contacts read, or the start of the ContactsError message. Target (issue 15): each
answers within seconds and a few hundred MiB.

Baseline: the same child reading a plain 2,000-row tracker (``baseline`` row).

Run: ``python benchmarks/bench_hostile.py [--timeout S]``
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

CHILD = """
import json, sys, time, warnings
import infoview_kit
from infoview_kit import ContactsError, check_contacts

def peak():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0

before = peak()
start = time.perf_counter()
try:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        outcome = f"{len(check_contacts(sys.argv[1]).contacts):,} contacts"
except ContactsError as exc:
    outcome = "ContactsError: " + str(exc).split(": ", 1)[-1][:60]
elapsed = time.perf_counter() - start
print(json.dumps({"seconds": elapsed, "peak": peak() - before, "outcome": outcome}))
"""


def _workbook(rows: list[list]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _replace_part(data: bytes, name: str, content: bytes) -> bytes:
    """The workbook ``data`` with its part ``name`` replaced (or added), deflated hard."""
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


def far_cell(folder: Path) -> Path:
    """One cell at XFD1048576, the last cell Excel has."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Name", "Company"])
    sheet.append(["Ada Okafor", "Larkspur Labs"])
    sheet["XFD1048576"] = "x"
    path = folder / "far_cell.xlsx"
    book.save(path)
    return path


def _sheet_xml(rows: int) -> bytes:
    head = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row><c t="inlineStr"><is><t>Name</t></is></c></row>'
    )
    row = b'<row><c t="inlineStr"><is><t>Ada Okafor</t></is></c></row>'
    return head + row * rows + b"</sheetData></worksheet>"


def zip_bomb(folder: Path) -> Path:
    """A small workbook whose sheet unpacks to hundreds of MiB of identical rows."""
    data = _replace_part(_workbook([["Name"]]), "xl/worksheets/sheet1.xml", _sheet_xml(700_000))
    path = folder / "zip_bomb.xlsx"
    path.write_bytes(data)
    return path


def many_rows(folder: Path) -> Path:
    """1,000,000 distinct rows: packs only about 10 times, so no ratio check stops it."""
    parts = [_sheet_xml(0)[: -len(b"</sheetData></worksheet>")]]
    parts += [
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>Person {n}</t></is></c></row>'.encode()
        for n in range(2, 1_000_002)
    ]
    parts.append(b"</sheetData></worksheet>")
    data = _replace_part(_workbook([["Name"]]), "xl/worksheets/sheet1.xml", b"".join(parts))
    path = folder / "many_rows.xlsx"
    path.write_bytes(data)
    return path


def shared_strings(folder: Path) -> Path:
    """A shared-strings table of 1,500,000 distinct strings (30 MiB), parsed whole on opening."""
    items = b"".join(f"<si><t>{n:x}</t></si>".encode() for n in range(1_500_000))
    xml = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + items
        + b"</sst>"
    )
    data = _replace_part(_workbook([["Name"], ["Ada Okafor"]]), "xl/sharedStrings.xml", xml)
    path = folder / "shared_strings.xlsx"
    path.write_bytes(data)
    return path


def long_row(folder: Path) -> Path:
    """A header row of 1,000,000 cells (Excel stops at 16,384; the XML need not)."""
    cells = b'<c t="inlineStr"><is><t>Name</t></is></c>' + b"".join(
        f"<c><v>{n * 7919 % 1_000_003}</v></c>".encode() for n in range(1_000_000)
    )
    xml = _sheet_xml(0).replace(
        b'<row><c t="inlineStr"><is><t>Name</t></is></c></row>', b"<row>" + cells + b"</row>"
    )
    data = _replace_part(_workbook([["Name"]]), "xl/worksheets/sheet1.xml", xml)
    path = folder / "long_row.xlsx"
    path.write_bytes(data)
    return path


def comment_bomb(folder: Path) -> Path:
    """A comment of 500,000 formatted runs (quadratic to join for a reader that parses it)."""
    import openpyxl
    from openpyxl.comments import Comment

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Name"])
    sheet.append(["Ada Okafor"])
    sheet["A2"].comment = Comment("note", "me")
    out = io.BytesIO()
    book.save(out)
    with zipfile.ZipFile(out) as archive:
        name = next(n for n in archive.namelist() if "comments" in n and n.endswith(".xml"))
    runs = b"<r><t>x</t></r>" * 500_000  # 7.5 MB: just under the ratio check
    xml = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<authors><author>me</author></authors><commentList>"
        b'<comment ref="A2" authorId="0"><text>' + runs + b"</text></comment>"
        b"</commentList></comments>"
    )
    path = folder / "comment_bomb.xlsx"
    path.write_bytes(_replace_part(out.getvalue(), name, xml))
    return path


def wide_csv(folder: Path) -> Path:
    """A header of 5,000 columns over 20 rows."""
    header = ["Name"] + [f"Column {n}" for n in range(1, 5000)]
    lines = [",".join(header)] + [",".join([f"Person {r}"] + ["v"] * 4999) for r in range(20)]
    path = folder / "wide.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def wide_xlsx(folder: Path) -> Path:
    """The same 5,000 columns in a workbook."""
    header = ["Name"] + [f"Column {n}" for n in range(1, 5000)]
    rows = [header] + [[f"Person {r}"] + ["v"] * 4999 for r in range(20)]
    path = folder / "wide.xlsx"
    path.write_bytes(_workbook(rows))
    return path


def fifo(folder: Path) -> Path:
    """A named pipe nobody writes to: opening it for reading would wait forever."""
    path = folder / "contacts_pipe.csv"
    os.mkfifo(path)
    return path


def dev_zero(folder: Path) -> Path:
    """A link to /dev/zero: endless zero bytes."""
    path = folder / "zero.csv"
    path.symlink_to("/dev/zero")
    return path


def directory(folder: Path) -> Path:
    path = folder / "contacts.csv"
    path.mkdir()
    return path


def baseline(folder: Path) -> Path:
    from infoview_kit import save_contacts
    from infoview_kit.sample import make_contacts

    return save_contacts(make_contacts(2000, seed=1), folder / "tracker.csv")


ATTACKS = {
    "baseline (2,000-row tracker)": baseline,
    "one cell at XFD1048576": far_cell,
    "zip bomb (700,000 equal rows)": zip_bomb,
    "1,000,000 distinct rows": many_rows,
    "comment bomb (500,000 runs)": comment_bomb,
    "1,500,000 shared strings": shared_strings,
    "a row of 1,000,000 cells": long_row,
    "5,000-column header, CSV": wide_csv,
    "5,000-column header, .xlsx": wide_xlsx,
    "named pipe (FIFO)": fifo,
    "symlink to /dev/zero": dev_zero,
    "a folder": directory,
}


def measure(path: Path, timeout: float) -> dict:
    start = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(path)],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return {"seconds": time.perf_counter() - start, "peak": 0, "outcome": "TIMED OUT"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=120.0)
    options = parser.parse_args()
    print(f"{'attack':34} {'on disk':>10} {'seconds':>8} {'peak MiB':>9}  outcome")
    with tempfile.TemporaryDirectory() as folder:
        for number, (name, build) in enumerate(ATTACKS.items()):
            place = Path(folder) / str(number)
            place.mkdir()
            path = build(place)
            size = path.lstat().st_size if path.is_file() and not path.is_symlink() else 0
            result = measure(path, options.timeout)
            print(
                f"{name:34} {size / 1024:>8,.1f}KB {result['seconds']:>8.2f} "
                f"{result['peak'] / 2**20:>9.0f}  {result['outcome']}"
            )


if __name__ == "__main__":
    main()
