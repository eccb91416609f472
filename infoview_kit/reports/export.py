"""HTML export: an executed notebook as an offline page, through nbconvert's public API.

Code is hidden, images are inline, and nothing is fetched from the network when the page is
opened (the template's links to require.js and MathJax on a CDN are removed: a report needs
neither).
"""

from __future__ import annotations

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
_EXPORTERS = threading.local()
# nbconvert logs a warning per report about those images; the alt text is set here instead.
_LOG = logging.getLogger("infoview_kit.reports.export")
_LOG.setLevel(logging.ERROR)


def _exporter():
    exporter = getattr(_EXPORTERS, "html", None)
    if exporter is None:  # building one loads its templates: once per thread is enough
        from nbconvert import HTMLExporter

        exporter = _EXPORTERS.html = HTMLExporter(
            exclude_input=True,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
            embed_images=True,
            log=_LOG,
        )
    return exporter


def to_html(notebook) -> str:
    """Offline HTML of an executed notebook: inputs hidden, images inline, no remote scripts.

    Parameters
    ----------
    notebook
        An executed ``nbformat.NotebookNode``.

    Returns
    -------
    The page, as text. Outputs are reachable by keyboard and every image has alt text
    (nbconvert adds both).
    """
    body, _ = _exporter().from_notebook_node(notebook)
    return _REMOTE.sub("", body.replace(_GENERIC_ALT, _ALT))
