"""The batch: one report per sheet, in parallel, with ``summary.csv`` and ``index.html``.

The coach's machine reads every sheet and writes every output; what runs a report only gets
the sheet's bytes and gives back the HTML and the figures. So the same task runs on a local
thread pool (each thread keeps one warm kernel, reset between people) or on a Dask cluster
whose workers see none of the coach's folders. A broken sheet fails alone: its row in the
summary says why. Two passes: first each changed sheet's figures (for the cohort's spread),
then its report with "You and your cohort". A re-run skips reports whose sheet, parameters and
kit version are unchanged (their hashes are kept in ``.batch-state.json``).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import sys
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import __version__
from ..as_of import as_timestamp
from ..errors import ContactsError, ReportError
from ..files import write_atomic
from .index import DASHBOARD, SUMMARY_COLUMNS, attention, index_html
from .kernel import ReportKernel
from .runner import Runner
from .tasks import Task

__all__ = ["run_batch", "slugify"]

STATE_FILE = ".batch-state.json"


def slugify(text: str, *, default: str = "report") -> str:
    """A safe file name stem: ASCII letters, digits and dashes ("../Ana Díaz" -> "ana-diaz")."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:80].strip("-")
    return slug or default


@dataclass
class _Job:
    input: str  # as given
    source: str  # resolved
    output: str
    owner: str
    as_of: str | None
    timeout: float | None
    read_options: Mapping = field(default_factory=dict)
    hidden: tuple[str, ...] = ()  # what must not appear in an anonymised output
    data: bytes | None = None
    digest: str = ""

    def task(self, cohort: Mapping | None = None) -> Task:
        name = Path(self.input).name if not self.hidden else Path(self.output).stem
        if self.hidden:
            name += Path(self.input).suffix.lower()
        return Task(name, self.data or b"", self.owner, self.as_of, self.timeout,
                    dict(self.read_options), cohort)  # fmt: skip


def _failed(job: _Job, error: str) -> dict:
    return {"input": job.input, "owner": job.owner, "status": "failed", "error": error, "html": ""}


def _plan(files: Sequence, out_dir: Path, as_of, timeout, read_options, labels) -> list[_Job]:
    jobs, used = [], set()
    day = None if as_of is None else str(pd.Timestamp(as_of).date())
    for file in files:
        path = Path(file)
        label = labels.get(path.stem) if labels else None
        slug = slugify(label or path.stem)
        unique, n = slug, 2
        while unique in used or unique == "index":
            unique, n = f"{slug}-{n}", n + 1
        used.add(unique)
        resolved = path.resolve()
        jobs.append(
            _Job(
                input=label or str(path),
                source=str(resolved),
                # the folder is resolved, never the file: a link planted at <name>.html is
                # replaced by the report (os.replace), its target left alone
                output=str(out_dir.resolve() / f"{unique}.html"),
                owner=label or path.stem.replace("_", " ").title(),
                as_of=day,
                timeout=timeout,
                read_options=read_options,
                hidden=(str(path), str(resolved), path.name, path.stem, path.stem.replace("_", " "))
                if label
                else (),
            )  # fmt: skip
        )
    return jobs


def _check_folder(out: Path, force: bool) -> None:
    """Refuse a folder that holds other things than an earlier batch, unless forced."""
    if out.exists() and not out.is_dir():
        raise ReportError(f"{out} is a file; give a folder for the reports.")
    if force or not out.is_dir() or (out / "summary.csv").exists():
        return
    from ..cohort import SECRET_FILE

    if any(p.name not in (STATE_FILE, SECRET_FILE) for p in out.iterdir()):
        raise ReportError(
            f"{out} already holds files that are not an earlier batch's reports. Choose an "
            "empty or new folder, or add --force to write there anyway."
        )


def _read(job: _Job) -> None:
    """The sheet's bytes and the hash of everything its report depends on."""
    from ..sheets.text import read_bytes

    path = Path(job.source)
    try:
        regular = stat.S_ISREG(path.stat().st_mode)
    except OSError:
        regular = True  # the reader says what is wrong
    if not regular:  # a FIFO would block the batch, a device would never end
        raise ContactsError(f"{path.name} is not a regular file: give the spreadsheet itself.")
    job.data = read_bytes(path, path.name)
    parameters = [job.owner, job.as_of, sorted(job.read_options.items()), __version__,
                  Path(job.output).name]  # fmt: skip
    digest = hashlib.sha256(job.data)
    digest.update(json.dumps(parameters, default=str).encode())
    digest.update(_template_digest().encode())
    job.digest = digest.hexdigest()


def _template_digest() -> str:
    from ..resources import notebook_path
    from .report import REPORT_NOTEBOOK

    return hashlib.sha256(notebook_path(REPORT_NOTEBOOK).read_bytes()).hexdigest()


def run_batch(
    files: Iterable[str | os.PathLike],
    out_dir: str | os.PathLike,
    *,
    jobs: int | None = None,
    as_of: object = None,
    timeout: float | None = None,
    scheduler: object = None,
    progress: bool | None = None,
    force: bool = False,
    anonymize: bool = False,
    secret_file: str | os.PathLike | None = None,
    dashboard: bool = True,
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
        A Dask scheduler address (``tcp://host:port``) or a ``distributed.Client``: the
        reports run on the cluster's workers, which need not see any of these folders.
    progress
        A progress bar (default: when writing to a terminal; otherwise a line per report).
    force
        Redo every report, even those whose sheet and parameters are unchanged, and write into
        ``out_dir`` even when it holds files that are not an earlier batch's.
    anonymize
        Name participants by keyed pseudonyms in every file name, the summary and the index;
        no name or file name appears there, errors included.
    secret_file
        The pseudonyms' secret (default: ``out_dir/.cohort-secret``, made on first use).
    dashboard
        Also run the cohort dashboard on the batch (``DIR/cohort_dashboard.html``, linked from
        the index).
    **read_options
        ``dayfirst``, ``sheet``, ``columns`` for every sheet, as ``check_contacts`` takes them.

    Returns
    -------
    The summary: one row per input (input, owner, status, error, html and headline figures).
    """
    if as_of is not None:  # a day the kit cannot read fails before any folder is made
        as_of = as_timestamp(as_of)
    out = Path(out_dir)
    _check_folder(out, force)
    out.mkdir(parents=True, exist_ok=True)
    files = list(files)
    labels = None
    if anonymize:
        from ..cohort import cohort_secret, pseudonyms

        labels = pseudonyms([Path(f).stem for f in files], cohort_secret(out, secret_file))
    options = {k: v for k, v in read_options.items() if v is not None}
    planned = _plan(files, out, as_of, timeout, options, labels)
    show_bar = sys.stderr.isatty() if progress is None else progress
    state = {} if force else _load_state(out)
    rows: list[dict] = []
    from tqdm import tqdm

    board = out / DASHBOARD
    with tqdm(total=len(planned), disable=not show_bar, unit="report") as bar:
        batch = _Batch(out, planned, state, rows, bar, show_bar)
        summary = None
        try:
            with Runner(jobs or os.cpu_count() or 1, scheduler, dashboard=dashboard) as runner:
                batch.run(runner)
                summary = batch.finish(index=False)  # written once the dashboard is known
                if dashboard and (batch.made or not _is_ours(board)):
                    _make_dashboard(
                        out, anonymize=anonymize, timeout=timeout, kernel=runner.spare()
                    )
        except KeyboardInterrupt:
            summary = None
            batch.finish()  # what finished, the rest marked "stopped"
            raise
        finally:
            if summary is not None:
                page = index_html(summary, dashboard=dashboard and _is_ours(board))
                write_atomic(out / "index.html", page.encode("utf-8"))
    return summary


def _make_dashboard(
    out: Path, *, anonymize: bool, timeout: float | None, kernel: ReportKernel | None
) -> None:
    """``cohort_dashboard.ipynb`` run on this batch's summary, as ``DIR/cohort_dashboard.html``.
    Without it the index simply has no link: a failure here costs no report."""
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    from ..resources import notebook_path
    from .export import to_html

    notebook = parameterize_notebook(
        load_notebook_node(str(notebook_path("cohort_dashboard.ipynb"))),
        {"cohort_dir": str(out.resolve()), "as_of": "", "anonymize": anonymize},
        report_mode=False,
        kernel_name="python3",
        language="python",
    )
    try:
        if kernel is not None:  # a warm one the reports used
            executed = kernel.execute(notebook, timeout=timeout, label="the cohort dashboard")
        else:
            with ReportKernel(warm=False) as fresh:
                executed = fresh.execute(notebook, timeout=timeout, label="the cohort dashboard")
    except ReportError:
        return
    write_atomic(out / DASHBOARD, to_html(executed).encode("utf-8"))


class _Batch:
    """One batch's bookkeeping: reading, skipping unchanged reports, writing what comes back."""

    def __init__(self, out, planned, state, rows, bar, show_bar):
        self.out, self.planned, self.state, self.rows = out, planned, state, rows
        self.bar, self.show_bar = bar, show_bar
        self.figures: dict[int, dict] = {}
        self.made = 0  # reports made in this run

    def run(self, runner: Runner) -> None:
        fresh = []
        for i, job in enumerate(self.planned):
            try:
                _read(job)
            except ContactsError as exc:
                self.done(i, {**_failed(job, self._clean(job, str(exc))), "seconds": 0.0})
                continue
            kept = self.state.get(Path(job.output).name)
            if kept and kept["digest"] == job.digest and _is_ours(Path(job.output)):
                self.figures[i] = kept["figures"]
            else:
                fresh.append(i)
        runner.warm(len(fresh))  # kernels start while the sheets are measured
        runner.map("measure", [self.planned[i].task() for i in fresh], self._measured(fresh))
        cohort = self._cohort()
        todo = [i for i in fresh if self.figures.get(i, {}).get("status") == "ok"]
        runner.map("render", [self.planned[i].task(cohort) for i in todo], self._rendered(todo))
        for i, figures in self.figures.items():  # unchanged reports
            if not any(r["position"] == i for r in self.rows):
                self.done(i, {**self._row(i, figures), "seconds": 0.0, "skipped": True})

    def _measured(self, positions: list[int]) -> Callable:
        def measured(k: int, result: dict) -> None:
            i = positions[k]
            self.figures[i] = result
            if result["status"] != "ok":
                job = self.planned[i]
                _remove_stale(Path(job.output))
                self.done(i, {**_failed(job, self._clean(job, result["error"])), "seconds": 0.0})

        return measured

    def _rendered(self, positions: list[int]) -> Callable:
        def rendered(k: int, result: dict) -> None:
            i = positions[k]
            job, output = self.planned[i], Path(self.planned[i].output)
            kept = output.with_name(f"{output.stem}.failed.ipynb")
            if result["status"] == "ok":
                kept.unlink(missing_ok=True)
                write_atomic(output, result["page"].encode("utf-8"))
                self.made += 1
                row = self._row(i, self.figures[i])
            else:
                _remove_stale(output)
                error = result["error"]
                if result.get("notebook"):
                    write_atomic(kept, self._clean(job, result["notebook"]).encode("utf-8"))
                    error += f" The executed notebook is kept in {kept.name}."
                row = _failed(job, self._clean(job, error))
            self.done(i, {**row, "seconds": result.get("seconds", 0.0)})

        return rendered

    def _row(self, i: int, figures: Mapping) -> dict:
        job = self.planned[i]
        row = {"input": job.input, "owner": job.owner, "status": "ok", "error": ""}
        return {**row, "html": Path(job.output).name, **figures, "status": "ok"}

    @staticmethod
    def _clean(job: _Job, text: str) -> str:
        from ..cohort import scrub

        return scrub(text, job.hidden, job.owner) if job.hidden else text

    def _cohort(self) -> dict:
        from ..cohort import cohort_figures

        return cohort_figures(f for f in self.figures.values() if f.get("status") == "ok")

    def done(self, position: int, row: dict) -> None:
        self.rows.append({**row, "position": position})
        self.bar.update()
        if not self.show_bar:
            mark = {"ok": "ok    "}.get(row["status"], "FAILED")
            if row.get("skipped"):
                mark = "same  "
            print(
                f"[{len(self.rows)}/{len(self.planned)}] {mark} {Path(row['input']).name}: "
                f"{row['html'] or row['error']} ({row['seconds']:.1f} s)",
                flush=True,
            )

    def finish(self, *, index: bool = True) -> pd.DataFrame:
        summary = _write_summary(self.out, self.planned, self.rows, index=index)
        state = {}
        for row in self.rows:
            job = self.planned[row["position"]]
            if row["status"] == "ok" and job.digest:
                figures = self.figures.get(row["position"], {})
                state[Path(job.output).name] = {"digest": job.digest, "figures": figures}
        write_atomic(self.out / STATE_FILE, json.dumps(state).encode("utf-8"))
        return summary


def _load_state(out: Path) -> dict:
    try:
        return json.loads((out / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _is_ours(path: Path) -> bool:
    return path.is_file() and not path.is_symlink()


def _remove_stale(output: Path) -> None:
    """A failed input gets no (stale) report: remove an earlier run's file, but never follow
    or remove a link someone put in its place (its target is not ours to delete)."""
    if _is_ours(output):
        output.unlink(missing_ok=True)


def _write_summary(
    out: Path, planned: list[_Job], rows: list[dict], *, index: bool = True
) -> pd.DataFrame:
    finished = {row["position"] for row in rows}
    stopped = [
        {**_failed(job, "stopped before it finished"), "status": "stopped", "position": i}
        for i, job in enumerate(planned)
        if i not in finished
    ]
    summary = pd.DataFrame(sorted(rows + stopped, key=lambda r: r["position"]))
    summary = summary.reindex(columns=SUMMARY_COLUMNS + ["seconds"])
    summary["needs_attention"] = [attention(r) for r in summary.to_dict("records")]
    write_atomic(out / "summary.csv", summary.to_csv(index=False).encode("utf-8"))
    if index:
        write_atomic(out / "index.html", index_html(summary).encode("utf-8"))
    return summary
