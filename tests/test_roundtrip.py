"""load_contacts(save_contacts(x)) equals x for any text, in .csv and .xlsx alike."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from infoview_kit import check_contacts, load_contacts, matching, save_contacts, schema
from infoview_kit.sample import make_contacts

#: Free-text columns of the kit: the loader keeps what they say (stripped, blank is missing).
FREE_TEXT = ("name", "company", "role", "industry", "location", "referred_by", "notes")
#: Text a spreadsheet would take for a formula, or that looks like the kit's guard against it.
TRICKY = [
    '=HYPERLINK("http://attacker.example","click")',
    "'=x",
    "'-5",
    "'+1 from Sam",
    "''=SUM(A1)",
    "-5",
    "+1 555 0100",
    "@risk",
    "\uff1d1+1",  # full-width =
    "\uff0bcall",
    "\uff0d3",
    "\uff20home",
    "line one\rline two",
    "line one\r\nline two",
    "tab\there",
    "nul\x00inside",
    "_x000D_ as typed",
    "_x005F_x000D_",
    "\x01\x1f controls",
    "'",
    "''",
    '"quoted", with a comma; and a semicolon',
    "Jos\u00e9 M\u00fcller \u4e2d\u6587 \U0001f600",
]

TEXT = st.one_of(
    st.sampled_from(TRICKY),
    st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=16),
)


def _base(rows: int) -> pd.DataFrame:
    return make_contacts(rows, seed=11)


def _kit_text(value: str) -> object:
    value = value.strip()
    return value or np.nan


def _extra_cell(value: str) -> object:
    return value if value.strip() else np.nan


def _is_extra_header(header: str) -> bool:
    """A header the loader keeps as an extra column rather than taking for a kit column."""
    stripped = header.strip()
    if not stripped or stripped != header or stripped in schema.COLUMNS:
        return False
    if matching.header_scores(stripped) or not matching.words(stripped):
        return False
    return not stripped.lower().startswith("column ")


def _frame(texts: list[str], headers: list[str]) -> pd.DataFrame:
    frame = _base(len(texts) // len(FREE_TEXT))
    n = len(frame)
    for index, column in enumerate(FREE_TEXT):
        values = [_kit_text(t) for t in texts[index * n : (index + 1) * n]]
        frame[column] = pd.Series(values, dtype="str")
    for position, header in enumerate(headers):
        values = [_extra_cell(t) for t in texts[position::2][:n]]
        frame[header] = pd.Series(values, dtype="str")
    return frame


def _round_trip(frame: pd.DataFrame, path) -> pd.DataFrame:
    save_contacts(frame, path)
    # The loader judges a column by its cells as well as its header ("notes" full of phone
    # numbers is not taken for notes): the columns are pinned so that this is about text.
    pinned = {c: c for c in FREE_TEXT} | {c: None for c in frame.columns[len(schema.COLUMNS) :]}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # problems (duplicates...) are listed
        return load_contacts(path, columns=pinned)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_tricky_text_round_trips(tmp_path, suffix):
    texts = (TRICKY * 2)[: 3 * len(FREE_TEXT)]
    frame = _frame(texts, ['=HYPERLINK("http://x.example","h")', "'-5 header"])
    back = _round_trip(frame, tmp_path / f"c{suffix}")
    pd.testing.assert_frame_equal(back, frame)


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.integers(1, 2).flatmap(lambda n: st.lists(TEXT, min_size=n * 7, max_size=n * 7)),
    st.lists(TEXT, min_size=2, max_size=2, unique=True),
    st.sampled_from([".csv", ".xlsx"]),
)
def test_any_text_round_trips(tmp_path_factory, texts, headers, suffix):
    assume(all(_is_extra_header(h) for h in headers))
    frame = _frame(texts, headers)
    back = _round_trip(frame, tmp_path_factory.mktemp("rt") / f"c{suffix}")
    pd.testing.assert_frame_equal(back, frame)


def test_xlsx_cells_are_text_even_for_formula_like_headers(tmp_path):
    import openpyxl

    frame = _frame(TRICKY[:7], ['=HYPERLINK("http://x.example","h")', "plain"])
    path = save_contacts(frame, tmp_path / "c.xlsx")
    sheet = openpyxl.load_workbook(path).active
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type in ("s", "n", "d", "b"), (cell.coordinate, cell.value)
            assert not (isinstance(cell.value, str) and cell.value.startswith("="))
    assert check_contacts(path).contacts.columns[-1] == "plain"
    assert '=HYPERLINK("http://x.example","h")' in check_contacts(path).contacts.columns
