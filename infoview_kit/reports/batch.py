"""The batch: one report per sheet, in parallel, with ``summary.csv`` and ``index.html``.

Reports run on a local thread pool (each worker keeps one warm kernel, reset between people)
or on a Dask cluster. A broken sheet fails alone: its row in the summary says why.
"""

from __future__ import annotations

import concurrent.futures as cf
import os
import re
import sys
import threading
import time
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import ContactsError, ReportError
from ..files import write_atomic
from .index import SUMMARY_COLUMNS, index_html
from .kernel import ReportKernel
from .report import make_report

__all__ = ["run_batch", "slugify"]


def slugify(text: str, *, default: str = "report") -> str:
    """A safe file name stem: ASCII letters, digits and dashes ("../Ana Díaz" -> "ana-diaz")."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:80].strip("-")
    return slug or default


@dataclass
class _Job:
    input: str  # as given
    source: str  # resolved: threads must not depend on the working directory
    output: str
    owner: str
    as_of: str | None
    timeout: float | None
    read_options: Mapping = field(default_factory=dict)


def _failed(job: _Job, error: str) -> dict:
    return {"input": job.input, "owner": job.owner, "status": "failed", "error": error, "html": ""}


def _run_job(job: _Job, kernel: ReportKernel | None = None) -> dict:
    """Run one report and return its summary row (never raises: failures are rows)."""
    from ..contacts import check_contacts
    from ..views import headline_figures

    row = {"input": job.input, "owner": job.owner, "status": "ok", "error": ""}
    row["html"] = Path(job.output).name
    started = time.perf_counter()
    try:
        contacts = check_contacts(job.source, **job.read_options).contacts  # read once
        make_report(
            job.source,
            Path(job.output),
            owner=job.owner,
            as_of=job.as_of,
            timeout=job.timeout,
            kernel=kernel,
            read_options=job.read_options,
        )
        figures = headline_figures(contacts, as_of=job.as_of)
        row.update({k: figures[k] for k in SUMMARY_COLUMNS if k in figures})
    except (ContactsError, ReportError) as exc:
        row = _failed(job, str(exc))
        _remove_stale(Path(job.output))
    except Exception as exc:  # an unexpected failure is still this input's alone
        row = _failed(job, f"{type(exc).__name__}: {exc}")
        _remove_stale(Path(job.output))
    row["seconds"] = round(time.perf_counter() - started, 2)
    return row


def _remove_stale(output: Path) -> None:
    """A failed input gets no (stale) report: remove an earlier run's file, but never follow
    or remove a link someone put in its place (its target is not ours to delete)."""
    if output.is_file() and not output.is_symlink():
        output.unlink(missing_ok=True)


def _plan(files: Sequence, out_dir: Path, as_of, timeout, read_options) -> list[_Job]:
    jobs, used = [], set()
    day = None if as_of is None else str(pd.Timestamp(as_of).date())
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
                # the folder is resolved, never the file: a link planted at <name>.html is
                # replaced by the report (os.replace), its target left alone
                output=str(out_dir.resolve() / f"{unique}.html"),
                owner=path.stem.replace("_", " ").title(),
                as_of=day,
                timeout=timeout,
                read_options=read_options,
            )
        )
    return jobs


def _check_folder(out: Path, force: bool) -> None:
    """Refuse a folder that holds other things than an earlier batch, unless forced."""
    if out.exists() and not out.is_dir():
        raise ReportError(f"{out} is a file; give a folder for the reports.")
    if force or not out.is_dir() or (out / "summary.csv").exists():
        return
    if any(out.iterdir()):
        raise ReportError(
            f"{out} already holds files that are not an earlier batch's reports. Choose an "
            "empty or new folder, or add --force to write there anyway."
        )


def _run_local(planned: list[_Job], workers: int, done: Callable) -> None:
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
                return {**_failed(job, str(exc)), "seconds": 0.0}
            local.kernel = kernel
        return _run_job(job, kernel)

    pool = cf.ThreadPoolExecutor(max_workers=min(workers, len(planned)) or 1)
    try:
        futures = {pool.submit(work, job): i for i, job in enumerate(planned)}
        for future in cf.as_completed(futures):
            done(futures[future], future.result())
    finally:
        # Ctrl-C: start nothing more; the kernels stopped below end the reports under way
        pool.shutdown(wait=False, cancel_futures=True)
        for kernel in kernels:
            kernel.stop()


def _run_dask(planned: list[_Job], scheduler: str, done: Callable) -> None:
    from distributed import Client, as_completed

    with Client(scheduler) as client:
        futures = client.map(_run_job, planned, pure=False)
        positions = {f.key: i for i, f in enumerate(futures)}
        for future in as_completed(futures):
            done(positions[future.key], future.result())


def run_batch(
    files: Iterable[str | os.PathLike],
    out_dir: str | os.PathLike,
    *,
    jobs: int | None = None,
    as_of: object = None,
    timeout: float | None = None,
    scheduler: str | None = None,
    progress: bool | None = None,
    force: bool = False,
    **read_options,
) -> pd.DataFrame:
    """One report per sheet, in parallel; writes ``summary.csv`` and ``index.html`` too.

    Parameters
    ----------
    files
        The sheets, one per person.
    out_dir
        Where ``<name>.html``, ``summary.csv`` and ``index.html`` go.
    jobs
        Reports at a time (default: one per core).
    as_of, timeout
        As for :func:`~infoview_kit.reports.run_report`.
    scheduler
        A Dask scheduler address (``tcp://host:port``) to run the reports on a cluster.
    progress
        A progress bar (default: when writing to a terminal; otherwise a line per report).
    force
        Write into ``out_dir`` even when it holds files that are not an earlier batch's.
    **read_options
        ``dayfirst``, ``sheet``, ``columns`` for every sheet, as ``check_contacts`` takes them.

    Returns
    -------
    The summary: one row per input (input, owner, status, error, html and headline figures).
    """
    out = Path(out_dir)
    _check_folder(out, force)
    out.mkdir(parents=True, exist_ok=True)
    options = {k: v for k, v in read_options.items() if v is not None}
    planned = _plan(list(files), out, as_of, timeout, options)
    show_bar = sys.stderr.isatty() if progress is None else progress
    rows: list[dict] = []

    from tqdm import tqdm

    with tqdm(total=len(planned), disable=not show_bar, unit="report") as bar:

        def done(position: int, row: dict) -> None:
            rows.append({**row, "position": position})
            bar.update()
            if not show_bar:
                mark = "ok    " if row["status"] == "ok" else "FAILED"
                print(
                    f"[{len(rows)}/{len(planned)}] {mark} {Path(row['input']).name}: "
                    f"{row['html'] or row['error']} ({row['seconds']:.1f} s)",
                    flush=True,
                )

        try:
            if scheduler:
                _run_dask(planned, scheduler, done)
            else:
                _run_local(planned, jobs or os.cpu_count() or 1, done)
        except KeyboardInterrupt:
            _write_summary(out, planned, rows)  # what finished, the rest marked "stopped"
            raise
    return _write_summary(out, planned, rows)


def _write_summary(out: Path, planned: list[_Job], rows: list[dict]) -> pd.DataFrame:
    finished = {row["position"] for row in rows}
    stopped = [
        {**_failed(job, "stopped before it finished"), "status": "stopped", "position": i}
        for i, job in enumerate(planned)
        if i not in finished
    ]
    summary = pd.DataFrame(sorted(rows + stopped, key=lambda r: r["position"]))
    summary = summary.reindex(columns=SUMMARY_COLUMNS + ["seconds"])
    write_atomic(out / "summary.csv", summary.to_csv(index=False).encode("utf-8"))
    write_atomic(out / "index.html", index_html(summary).encode("utf-8"))
    return summary
