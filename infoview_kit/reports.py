"""Reports: papermill runs ``network_report.ipynb`` on a sheet, nbconvert writes offline HTML.

``run_report`` makes one report; ``run_batch`` makes one per sheet, in parallel (a local thread
pool, each report in its own kernel, or a Dask cluster), and writes ``summary.csv`` and
``index.html`` beside the reports. A broken sheet fails alone.

Reports are viewable offline: code hidden, images inline, and no script or stylesheet that
would be fetched from the network.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import functools
import html
import os
import re
import sys
import tempfile
import threading
import time
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .errors import ContactsError, ReportError
from .files import write_atomic

__all__ = ["notebook_path", "run_batch", "run_report", "slugify", "to_html"]

ROOT = Path(__file__).resolve().parent.parent
REPORT_NOTEBOOK = "network_report.ipynb"
SUMMARY_COLUMNS = [
    "input",
    "owner",
    "status",
    "error",
    "html",
    "contacts",
    "contacted",
    "responded",
    "response_rate",
    "met",
    "follow_ups_due",
]
_REMOTE = re.compile(
    r"<script[^>]*\ssrc=[\"']?https?://[^>]*>\s*</script>|<link[^>]*\shref=[\"']?https?://[^>]*>",
    re.IGNORECASE,
)
_KERNEL_START_RETRIES = 3
_EXPORTERS = threading.local()


def notebook_path(name: str) -> Path:
    """The path of one of the kit's notebooks (``notebooks/`` beside the package)."""
    path = ROOT / "notebooks" / name
    if not path.exists():
        raise ReportError(
            f"The notebook {name} was not found in {path.parent}. Reinstall infoview-kit from "
            "its source folder (pip install -e .), which keeps the notebooks beside it."
        )
    return path


def slugify(text: str, *, default: str = "report") -> str:
    """A safe file name stem: ASCII letters, digits and dashes ("../Ana Díaz" -> "ana-diaz")."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:80].strip("-")
    return slug or default


def _report_exporter():
    """nbconvert's HTML exporter, less its BeautifulSoup pass.

    That pass (a quarter of a report's export time) only adds alt text to images without any
    and makes cells reachable by Tab; :func:`to_html` does both with simple substitutions.
    """
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class ReportExporter(HTMLExporter):
        def from_notebook_node(self, nb, resources=None, **kw):
            language = nb.metadata.get("language_info", {})
            lexer = language.get("pygments_lexer", language.get("name"))
            resources = self._init_resources(resources)
            self.register_filter(
                "highlight_code",
                self.filters.get(
                    "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)
                ),
            )
            self.register_filter(
                "filter_data_type",
                WidgetsDataTypeFilter(
                    notebook_metadata=self._nb_metadata, parent=self, resources=resources
                ),
            )
            return TemplateExporter.from_notebook_node(self, nb, resources, **kw)

    return ReportExporter(
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )


_NO_ALT = re.compile(r"<img(?![^>]*\balt=)", re.IGNORECASE)
_FOCUSABLE = re.compile(
    r'<div class="([^"]*\b(?:jp-OutputArea-output|jp-Cell-inputWrapper)\b[^"]*)"'
)


def to_html(notebook) -> str:
    """Offline HTML of an executed notebook: inputs hidden, images inline, no remote scripts."""
    exporter = getattr(_EXPORTERS, "html", None)
    if exporter is None:  # building one loads its templates: once per thread is enough
        exporter = _EXPORTERS.html = _report_exporter()
    body, _ = exporter.from_notebook_node(notebook)
    body = _NO_ALT.sub('<img alt="A chart; the heading above it says what it shows"', body)
    body = _FOCUSABLE.sub(r'<div tabindex="0" class="\1"', body)
    # The template links require.js and MathJax from a CDN; a report needs neither and must
    # not reach the network when opened.
    return _REMOTE.sub("", body)


#: Run in a warm kernel before each report: nothing of the previous person's may remain.
RESET_CODE = """
%reset -f
import gc as _gc, sys as _sys
_sys.last_type = _sys.last_value = _sys.last_traceback = None
try:
    import matplotlib.pyplot as _plt
    _plt.close("all")
    del _plt
except Exception:
    pass
_gc.collect()
del _gc, _sys
"""
WARM_CODE = """
%matplotlib inline
import matplotlib.pyplot
import infoview_kit
import infoview_kit.views
"""


class ReportKernel:
    """A kernel that runs reports one after another, reset to a clean namespace in between.

    Starting a kernel and importing pandas, matplotlib and the kit costs more than a report
    itself; a batch keeps one warm kernel per worker. Before every report the user namespace,
    output history, last exception and open figures are cleared (``RESET_CODE``); a timeout or
    a dead kernel gets a fresh kernel. Kernels talk over IPC sockets in a private folder: no
    TCP ports to collide on when several start at once (papermill #511), nothing listening on
    the network.
    """

    def __init__(self, kernel_name: str = "python3", *, warm: bool = True):
        self.kernel_name = kernel_name
        self.warm = warm
        self.km = None
        self._sockets = None

    def __enter__(self) -> ReportKernel:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> None:
        # The asynchronous manager: with the blocking one, nbclient's cell timeouts do not fire.
        from jupyter_client import AsyncKernelManager
        from jupyter_core.utils import run_sync

        last = None
        for attempt in range(_KERNEL_START_RETRIES):
            self._sockets = tempfile.TemporaryDirectory(prefix="ivk-kernel-")
            self.km = AsyncKernelManager(
                kernel_name=self.kernel_name,
                transport="ipc",
                ip=str(Path(self._sockets.name) / "kernel"),
            )
            try:
                run_sync(self.km.start_kernel)(cwd=tempfile.gettempdir())
                self.run_code(WARM_CODE if self.warm else "pass")
                return
            except Exception as exc:  # a start that collided or hung: try again
                last = exc
                self.stop()
                time.sleep(0.5 * (attempt + 1))
        raise ReportError(f"The report kernel could not start ({type(last).__name__}: {last}).")

    def stop(self) -> None:
        from jupyter_core.utils import run_sync

        if self.km is not None:
            try:
                if self.km.has_kernel:
                    run_sync(self.km.shutdown_kernel)(now=False)
            except Exception:
                run_sync(self.km.shutdown_kernel)(now=True)
            self.km = None
        if self._sockets is not None:
            self._sockets.cleanup()
            self._sockets = None

    def restart(self) -> None:
        self.stop()
        self.start()

    def run_code(self, code: str, timeout: float = 120) -> dict:
        """Run ``code`` in the kernel through a short-lived client; return the reply content."""
        from jupyter_core.utils import run_sync

        async def run() -> dict:
            client = self.km.client()
            client.start_channels()
            try:
                await client.wait_for_ready(timeout=60)
                return await client.execute_interactive(
                    code, timeout=timeout, store_history=False, output_hook=lambda msg: None
                )
            finally:
                client.stop_channels()

        reply = run_sync(run)()
        if reply["content"]["status"] != "ok":
            content = reply["content"]
            raise ReportError(f"{content.get('ename')}: {content.get('evalue')}")
        return reply["content"]

    def execute(self, notebook, *, timeout: float | None = None, label: str = "report"):
        """Execute ``notebook`` (a parameterized NotebookNode) in this kernel, from a reset."""
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
        from nbformat.v4 import new_code_cell

        reset = new_code_cell(RESET_CODE, metadata={"tags": ["infoview-reset"]})
        notebook.cells.insert(0, reset)
        client = NotebookClient(
            notebook,
            km=self.km,
            kernel_name=self.kernel_name,
            timeout_func=_deadline_timeout(timeout),
            allow_errors=False,
            record_timing=False,
        )
        try:
            client.execute()
        except CellTimeoutError:
            self.restart()  # the cell may still be running: this kernel is not reusable
            raise ReportError(
                f"{label}: the report took longer than {timeout:g} s and was stopped."
            ) from None
        except DeadKernelError:
            self.restart()
            raise ReportError(f"{label}: the report's kernel died; it was restarted.") from None
        except CellExecutionError as exc:
            raise ReportError(f"{label}: the report failed: {exc.ename}: {exc.evalue}") from None
        finally:
            if client.kc is not None:
                client.kc.stop_channels()
            notebook.cells = [c for c in notebook.cells if c is not reset]
        return notebook


@functools.cache
def _report_template():
    """``network_report.ipynb`` as papermill loads it (read once per process)."""
    from papermill.iorw import load_notebook_node

    return load_notebook_node(str(notebook_path(REPORT_NOTEBOOK)))


def parameterized(owner: str, contacts_path: str | Path, as_of: str | None):
    """``network_report.ipynb`` with its parameters injected, as papermill injects them."""
    import copy

    from papermill.parameterize import parameterize_notebook

    notebook = copy.deepcopy(_report_template())
    parameters = {"contacts_path": str(contacts_path), "owner": owner, "as_of": as_of or ""}
    return parameterize_notebook(
        notebook, parameters, report_mode=False, kernel_name="python3", language="python"
    )


def _deadline_timeout(seconds: float | None):
    """nbclient's ``timeout_func``: each cell gets what is left of the report's time."""
    if not seconds:
        return None
    deadline = time.monotonic() + seconds

    def remaining(cell) -> float:
        return max(1.0, deadline - time.monotonic())

    return remaining


def run_report(
    contacts_path: str | os.PathLike,
    output: str | os.PathLike,
    *,
    owner: str | None = None,
    as_of: object = None,
    keep_notebook: bool = False,
    timeout: float | None = None,
    kernel: ReportKernel | None = None,
) -> Path:
    """Run the network report on one sheet and write it as HTML.

    Parameters
    ----------
    contacts_path
        The contacts spreadsheet.
    output
        The HTML file to write (atomically).
    owner, as_of
        The report's parameters (default: the file name, today).
    keep_notebook
        Also keep the executed notebook beside the HTML (same name, .ipynb).
    timeout
        Seconds the whole report may take; a slower one fails with ReportError.
    kernel
        A :class:`ReportKernel` to run in (a batch's warm kernel); default: a fresh one.

    Raises
    ------
    ContactsError
        The sheet cannot be read at all (checked before any kernel starts).
    ReportError
        The notebook failed or timed out; the message says where and why.
    """
    from .contacts import check_contacts

    source = Path(contacts_path).resolve()
    check_contacts(source)  # fail fast, with the loader's own message, before a kernel runs
    return _make_report(
        source,
        Path(output),
        owner=owner,
        as_of=as_of,
        keep_notebook=keep_notebook,
        timeout=timeout,
        kernel=kernel,
    )


def _make_report(
    source: Path, output: Path, *, owner, as_of, keep_notebook, timeout, kernel
) -> Path:
    output.parent.mkdir(parents=True, exist_ok=True)
    notebook = parameterized(
        owner or source.stem.replace("_", " ").title(),
        source,
        None if as_of is None else str(pd.Timestamp(as_of).date()),
    )
    if kernel is None:
        with ReportKernel(warm=False) as fresh:
            executed = fresh.execute(notebook, timeout=timeout, label=source.name)
    else:
        executed = kernel.execute(notebook, timeout=timeout, label=source.name)
    write_atomic(output, to_html(executed).encode("utf-8"))
    if keep_notebook:
        import nbformat

        write_atomic(output.with_suffix(".ipynb"), nbformat.writes(executed).encode("utf-8"))
    return output


# ---------------------------------------------------------------------------------------------
# Batch
# ---------------------------------------------------------------------------------------------


@dataclass
class _Job:
    input: str  # as given
    source: str  # resolved: threads must not depend on the working directory
    output: str
    owner: str
    as_of: str | None
    timeout: float | None


def _run_job(job: _Job, kernel: ReportKernel | None = None) -> dict:
    """Run one report and return its summary row (never raises: failures are rows)."""
    from .contacts import check_contacts
    from .views import headline_figures

    row = {
        "input": job.input,
        "owner": job.owner,
        "status": "ok",
        "error": "",
        "html": Path(job.output).name,
    }
    started = time.perf_counter()
    try:
        contacts = check_contacts(job.source).contacts  # read once: checked and summarised
        _make_report(
            Path(job.source),
            Path(job.output),
            owner=job.owner,
            as_of=job.as_of,
            keep_notebook=False,
            timeout=job.timeout,
            kernel=kernel,
        )
        figures = headline_figures(contacts, as_of=job.as_of)
        row.update({k: figures[k] for k in SUMMARY_COLUMNS if k in figures})
    except (ContactsError, ReportError) as exc:
        row.update(status="failed", error=str(exc), html="")
        Path(job.output).unlink(missing_ok=True)  # a failed input gets no (stale) report
    except Exception as exc:  # an unexpected failure is still this input's alone
        row.update(status="failed", error=f"{type(exc).__name__}: {exc}", html="")
        Path(job.output).unlink(missing_ok=True)
    row["seconds"] = round(time.perf_counter() - started, 2)
    return row


def _plan(files: Sequence[str | os.PathLike], out_dir: Path, as_of, timeout) -> list[_Job]:
    jobs, used = [], set()
    for file in files:
        path = Path(file)
        slug = slugify(path.stem)
        unique, n = slug, 2
        while unique in used or unique == "index":
            unique, n = f"{slug}-{n}", n + 1
        used.add(unique)
        jobs.append(
            _Job(
                input=str(path),
                source=str(path.resolve()),
                output=str((out_dir / f"{unique}.html").resolve()),
                owner=path.stem.replace("_", " ").title(),
                as_of=None if as_of is None else str(pd.Timestamp(as_of).date()),
                timeout=timeout,
            )
        )
    return jobs


def run_batch(
    files: Iterable[str | os.PathLike],
    out_dir: str | os.PathLike,
    *,
    jobs: int | None = None,
    as_of: object = None,
    timeout: float | None = None,
    scheduler: str | None = None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """One report per sheet, in parallel; writes ``summary.csv`` and ``index.html`` too.

    Parameters
    ----------
    files
        The sheets.
    out_dir
        Where ``<name>.html``, ``summary.csv`` and ``index.html`` go.
    jobs
        Reports at a time (default: one per core).
    as_of, timeout
        As for :func:`run_report`.
    scheduler
        A Dask scheduler address (``tcp://host:port``) to run the reports on a cluster.
    progress
        A progress bar (default: when writing to a terminal; otherwise a line per report).

    Returns
    -------
    The summary: one row per input (input, owner, status, error, html and headline figures).
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    planned = _plan(list(files), out, as_of, timeout)
    workers = jobs or os.cpu_count() or 1
    show_bar = sys.stderr.isatty() if progress is None else progress
    rows: list[dict] = []
    positions: dict[object, int] = {}  # future -> position of its input in ``files``

    def report(future) -> None:
        row = {**future.result(), "position": positions[future]}
        rows.append(row)
        if not show_bar:
            mark = "ok    " if row["status"] == "ok" else "FAILED"
            detail = row["html"] or row["error"]
            print(
                f"[{len(rows)}/{len(planned)}] {mark} {Path(row['input']).name}: {detail} "
                f"({row['seconds']:.1f} s)",
                flush=True,
            )

    from tqdm import tqdm

    with tqdm(total=len(planned), disable=not show_bar, unit="report") as bar:
        if scheduler:
            from distributed import Client, as_completed

            with Client(scheduler) as client:
                futures = client.map(_run_job, planned, pure=False)
                positions.update({f: i for i, f in enumerate(futures)})
                for future in as_completed(futures):
                    report(future)
                    bar.update()
        else:
            local, kernels, lock = threading.local(), [], threading.Lock()

            def work(job: _Job) -> dict:
                kernel = getattr(local, "kernel", None)
                if kernel is None:  # one warm kernel per worker, reset between reports
                    kernel = ReportKernel()
                    with lock:
                        kernels.append(kernel)
                    try:
                        kernel.start()
                    except ReportError as exc:
                        return {
                            "input": job.input,
                            "owner": job.owner,
                            "status": "failed",
                            "error": str(exc),
                            "html": "",
                            "seconds": 0.0,
                        }
                    local.kernel = kernel
                return _run_job(job, kernel)

            try:
                with cf.ThreadPoolExecutor(max_workers=min(workers, len(planned)) or 1) as pool:
                    futures = [pool.submit(work, job) for job in planned]
                    positions.update({f: i for i, f in enumerate(futures)})
                    for future in cf.as_completed(futures):
                        report(future)
                        bar.update()
            finally:
                for kernel in kernels:
                    kernel.stop()
    summary = pd.DataFrame(sorted(rows, key=lambda r: r["position"]))
    summary = summary.reindex(columns=SUMMARY_COLUMNS + ["seconds"])
    write_atomic(out / "summary.csv", summary.to_csv(index=False).encode("utf-8"))
    write_atomic(out / "index.html", _index_html(summary).encode("utf-8"))
    return summary


def _index_html(summary: pd.DataFrame) -> str:
    e = html.escape
    ok = summary[summary["status"] == "ok"]
    failed = summary[summary["status"] != "ok"]
    items = "".join(
        f"<li><a href='{e(str(r.html))}'>{e(str(r.owner))}</a> &mdash; {int(r.contacts)} contacts, "
        f"{int(r.met)} conversations, {int(r.follow_ups_due)} follow-ups due</li>"
        for r in ok.itertuples(index=False)
    )
    failures = "".join(
        f"<li><b>{e(Path(str(r.input)).name)}</b>: {e(str(r.error))}</li>"
        for r in failed.itertuples(index=False)
    )
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<title>Networking reports</title></head><body>"
        f"<h1>Networking reports</h1><p>{len(ok)} of {len(summary)} reports made.</p>"
        f"<ul>{items}</ul>"
        + (f"<h2>Failed</h2><ul>{failures}</ul>" if failures else "")
        + "<p><a href='summary.csv'>summary.csv</a></p></body></html>"
    )


# ---------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------


def _report_command(args: argparse.Namespace) -> int:
    path = run_report(
        args.file,
        args.output,
        owner=args.owner,
        as_of=args.as_of,
        keep_notebook=args.keep_notebook,
        timeout=args.timeout,
    )
    print(f"Wrote {path}")
    return 0


def _batch_command(args: argparse.Namespace) -> int:
    summary = run_batch(
        args.files,
        args.output,
        jobs=args.jobs,
        as_of=args.as_of,
        timeout=args.timeout,
        scheduler=args.scheduler,
    )
    failed = int((summary["status"] != "ok").sum())
    print(
        f"{len(summary) - failed} of {len(summary)} reports made; open "
        f"{Path(args.output) / 'index.html'}"
    )
    return 1 if failed else 0


def add_commands(commands) -> None:
    """Add ``report`` and ``batch`` to the ``infoview-kit`` command."""
    report = commands.add_parser(
        "report",
        help="write one person's networking report as HTML",
        description="Run the network report notebook on FILE and write OUT.html (code hidden, "
        "images inline, viewable offline).",
    )
    report.add_argument("file", help="the contacts sheet")
    report.add_argument("-o", "--output", required=True, help="the HTML file to write")
    report.add_argument("--owner", help="whose report it is (default: the file name)")
    report.add_argument("--as-of", dest="as_of", help="the day the report describes (YYYY-MM-DD)")
    report.add_argument(
        "--keep-notebook",
        action="store_true",
        help="also keep the executed notebook beside the HTML",
    )
    report.add_argument("--timeout", type=float, help="seconds the report may take")
    report.set_defaults(run=_report_command)

    batch = commands.add_parser(
        "batch",
        help="write a report per sheet, in parallel, with a summary",
        description="One report per FILE into DIR, plus DIR/summary.csv and DIR/index.html. "
        "A broken sheet fails alone; the exit status is 1 when any failed.",
    )
    batch.add_argument("files", nargs="+", help="contacts sheets")
    batch.add_argument("-o", "--output", required=True, help="the folder to write into")
    batch.add_argument("--jobs", type=int, help="reports at a time (default: one per core)")
    batch.add_argument("--as-of", dest="as_of", help="the day the reports describe (YYYY-MM-DD)")
    batch.add_argument("--timeout", type=float, help="seconds each report may take")
    batch.add_argument("--scheduler", help="a Dask scheduler address, tcp://HOST:PORT")
    batch.set_defaults(run=_batch_command)
