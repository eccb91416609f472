"""Reports: papermill runs ``network_report.ipynb`` on a sheet, nbconvert writes offline HTML.

One module per concern: :mod:`.report` runs one report, :mod:`.kernel` keeps a warm kernel for
it, :mod:`.batch` makes one per sheet in parallel, :mod:`.export` writes the HTML and
:mod:`.index` the coach's index page.
"""

from __future__ import annotations

from ..resources import notebook_path
from .batch import run_batch, slugify
from .export import to_html
from .index import index_html
from .kernel import RESET_CODE, ReportKernel
from .report import run_report

__all__ = [
    "RESET_CODE",
    "ReportKernel",
    "index_html",
    "notebook_path",
    "run_batch",
    "run_report",
    "slugify",
    "to_html",
]
