"""A report shows a person's text as written: no mathtext, no Markdown, no HTML, no templates.

The sheet puts ``$``, ``\\``, ``_``, ``<script>`` and ``{{ }}`` in every text column (and in the
owner's name and the file's name), the real report runs on it, and the page is read back.
"""

from __future__ import annotations

import re

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from infoview_kit import plot_referral_tree, plot_response_rates, save_contacts
from infoview_kit.reports import run_report
from infoview_kit.sample import make_contacts

#: Each piece would be read as something else by one of matplotlib, Markdown, HTML or Jinja.
HOSTILE = r"Ca$$h $x^2$ \alpha a_b_ **bold** <script>alert(1)</script> {{ owner }}"
ESCAPED = r"Ca$$h $x^2$ \alpha a_b_ **bold** &lt;script&gt;alert(1)&lt;/script&gt; {{ owner }}"


def hostile_sheet(size: int = 40) -> pd.DataFrame:
    """A sample network where every text column holds the hostile text, and so do some
    sources and channels."""
    contacts = make_contacts(size, seed=5)
    text = [c for c in contacts.columns if c != "sources" and _is_text(contacts[c])]
    assert {"name", "company", "role", "notes", "referred_by"} <= set(text)
    renamed = {old: f"{HOSTILE} {i}" for i, old in enumerate(contacts["name"])}
    for column in text:
        if column == "name" or column == "referred_by":
            continue
        contacts[column] = [f"{HOSTILE} {i}" for i in range(size)]
    contacts["referred_by"] = (
        contacts["referred_by"]
        .map(renamed)
        .where(contacts["referred_by"].notna(), contacts["referred_by"])
    )
    contacts["name"] = contacts["name"].map(renamed)
    for column in ("source", "channel"):
        values = contacts[column].astype("object")
        values[::3] = HOSTILE
        contacts[column] = pd.Categorical(values)
    contacts[f"{HOSTILE} (their own column)"] = [HOSTILE] * size
    return contacts


def _is_text(values: pd.Series) -> bool:
    return pd.api.types.is_string_dtype(values) or isinstance(values.dtype, pd.CategoricalDtype)


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    contacts = hostile_sheet()
    assert contacts["referred_by"].str.startswith("Ca$$h", na=False).any()
    # a meeting after the report's date, with a hostile person: the questions section shows it
    upcoming = contacts.index[contacts["met_on"].isna()][0]
    contacts.loc[upcoming, ["met_on", "status"]] = [pd.Timestamp("2026-11-04"), "scheduled"]
    path = save_contacts(contacts, folder / "Ca$$h_a_b_{{ x }}.csv")
    out = run_report(path, folder / "report.html", owner=HOSTILE, as_of="2026-11-01")
    return out.read_text(encoding="utf-8")


def test_no_persons_markup_runs_in_the_report(page):
    assert "<script>alert(1)</script>" not in page
    assert "alert(1)</script>" not in page
    assert "<strong>bold</strong>" not in page and "a<em>b</em>" not in page


def test_every_section_shows_the_text_as_written(page):
    body = page.split("<body")[1]
    shown = body.count(ESCAPED)
    # the title, the follow-ups, the rates by source and by channel, the next meeting at least
    assert shown >= 5, shown
    assert f"<title>Networking report: {ESCAPED}</title>" in page
    assert f'<h1 class="ivk-title">Networking report: {ESCAPED}</h1>' in body
    assert f"<b>{ESCAPED}</b>: " in body  # rates in words, and follow-ups
    assert "Ca$$h_a_b_{{ x }}.csv</code>" in body  # the file's name
    assert "{{ owner }}" in body  # no template filled it in


def test_every_chart_of_the_report_was_drawn(page):
    # mathtext would have failed the whole report on "Ca$$h"; every chart is an image
    assert len(re.findall(r"<img[^>]+src=\"data:image/png;base64,", page)) >= 8
    assert "Traceback" not in page


@pytest.mark.parametrize("chart", [plot_referral_tree, plot_response_rates])
def test_charts_write_the_text_itself(tmp_path, chart):
    """In an SVG with text kept as text, the names are there letter for letter: mathtext
    would have drawn ``$x^2$`` as a formula, glyph by glyph."""
    contacts = hostile_sheet()
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        fig, ax = plt.subplots(figsize=(7, 12))
        chart(contacts, ax=ax, as_of="2026-11-01")
        fig.savefig(tmp_path / "chart.svg")
    svg = (tmp_path / "chart.svg").read_text()
    literal = HOSTILE.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert literal in svg


def test_a_page_without_a_report_title_is_still_not_called_notebook():
    import nbformat

    from infoview_kit.reports.export import to_html

    notebook = nbformat.v4.new_notebook()
    notebook.cells.append(nbformat.v4.new_markdown_cell("Hello"))
    assert "<title>Networking report</title>" in to_html(notebook)
    assert "title" not in notebook.metadata  # the caller's notebook is left as it was
