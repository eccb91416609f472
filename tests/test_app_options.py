"""The app reads a sheet with the options given on the command line (--sheet, --map, --dayfirst)."""

from __future__ import annotations

import nbformat

from infoview_kit.app import InterviewApp
from infoview_kit.server import app_notebook


def _sheet(tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text(
        "Person spoken to,Employer\nAda Lovelace,Analytical Engines\nBo Chen,Harbor Lane\n",
        encoding="utf-8",
    )
    return path


def test_the_app_uses_the_columns_the_person_mapped(tmp_path):
    path = _sheet(tmp_path)
    assert InterviewApp(path, as_of="2026-11-01").contacts["company"].iloc[0] == (
        "Analytical Engines"
    )
    app = InterviewApp(path, as_of="2026-11-01", read_options={"columns": {"Employer": "industry"}})
    assert app.error.value == ""
    assert app.contacts["industry"].tolist() == ["Analytical Engines", "Harbor Lane"]
    assert app.contacts["company"].isna().all()


def test_the_served_page_is_given_the_reading_options(tmp_path):
    path = _sheet(tmp_path)
    options = {"columns": {"Employer": "industry"}}
    notebook = nbformat.read(app_notebook(path, tmp_path, **options), as_version=4)
    injected = next(
        c for c in notebook.cells if "injected-parameters" in c.metadata.get("tags", [])
    )
    assert 'read_options = {"columns": {"Employer": "industry"}}' in injected.source
