"""HTML export: an executed notebook as an offline page, through nbconvert's public API.

Code is hidden, images are inline, and nothing is fetched from the network when the page is
opened (the template's links to require.js and MathJax on a CDN are removed: a report needs
neither).
"""

from __future__ import annotations

import copy
import html
import logging
import re
import threading

__all__ = ["to_html"]

_REMOTE = re.compile(
    r"<script[^>]*\ssrc=[\"']?https?://[^>]*>\s*</script>|<link[^>]*\shref=[\"']?https?://[^>]*>",
    re.IGNORECASE,
)
#: What nbconvert writes on an image without alt text; ours says where to look instead.
_GENERIC_ALT = 'alt="No description has been provided for this image"'
_ALT = 'alt="A chart; the heading above it says what it shows"'
#: The report's title, as :meth:`~infoview_kit.views.NetworkReport.headline` writes it.
_TITLE = re.compile(r"""<h1 class=["']ivk-title["']>(.*?)</h1>""", re.DOTALL)
_HEADING = re.compile(r"^# (.+)$", re.MULTILINE)  # a Markdown cell's top heading
_EXPORTER = None
#: One exporter, used by one thread at a time: building it loads and compiles its templates
#: (about a second), rendering a report takes a tenth of that.
_EXPORTER_LOCK = threading.Lock()
# nbconvert logs a warning per report about those images; the alt text is set here instead.
_LOG = logging.getLogger("infoview_kit.reports.export")
_LOG.setLevel(logging.ERROR)


def _exporter():
    """The HTML exporter (built on first use); call it with ``_EXPORTER_LOCK`` held."""
    global _EXPORTER
    if _EXPORTER is None:
        from nbconvert import HTMLExporter

        _EXPORTER = HTMLExporter(
            exclude_input=True,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
            embed_images=True,
            # nbformat's schema check once, after the last preprocessor, not after each of the
            # dozen (all but two do nothing here): a fifth of the export's time
            optimistic_validation=True,
            log=_LOG,
        )
    return _EXPORTER


def prepare() -> None:
    """Build the exporter and compile its templates now (a batch does it while its kernels
    start), so that the first report's export does not wait for them."""
    import nbformat

    to_html(nbformat.v4.new_notebook())


def to_html(notebook) -> str:
    """Offline HTML of an executed notebook: inputs hidden, images inline, no remote scripts.

    Parameters
    ----------
    notebook
        An executed ``nbformat.NotebookNode``.

    Returns
    -------
    The page, as text. Outputs are reachable by keyboard and every image has alt text
    (nbconvert adds both). The page's title (the browser tab's) is the report's own title,
    with the owner's name; for another notebook, its first Markdown heading.
    """
    notebook = _titled(notebook)
    with _EXPORTER_LOCK:
        body, _ = _exporter().from_notebook_node(notebook)
    return _REMOTE.sub("", body.replace(_GENERIC_ALT, _ALT))


def _title(notebook) -> str:
    """The first report title among the notebook's HTML outputs, as plain text; else the
    notebook's first Markdown heading (the cohort dashboard's), else "Networking report"."""
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            found = _TITLE.search(str(output.get("data", {}).get("text/html", "")))
            if found:
                return html.unescape(found.group(1))
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            found = _HEADING.search(cell.source)
            if found:
                return found.group(1).strip()
    return "Networking report"


def _titled(notebook):
    """The notebook with its ``title`` metadata set (nbconvert's template escapes it)."""
    if notebook.metadata.get("title"):
        return notebook
    notebook = copy.copy(notebook)
    notebook.metadata = copy.deepcopy(notebook.metadata)
    notebook.metadata["title"] = _title(notebook)
    return notebook
