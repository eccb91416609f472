"""What runs one report, wherever it runs: a sheet's bytes in, its figures or its page out.

A task carries the sheet's bytes and the report's parameters, never a path of the coach's, so
the same functions run on a local thread (with a warm kernel) or on a Dask worker that sees
none of the coach's folders. They never raise: a failure is that sheet's alone, and its message
names the sheet as the coach knows it, not the worker's private folder.
"""

from __future__ import annotations

import os
import tempfile
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ContactsError, ReportError
from .kernel import ReportKernel

__all__ = ["Task", "measure", "prepare_render", "render"]


@dataclass
class Task:
    """What a worker gets for one report: bytes and parameters, no path of the coach's."""

    name: str  # the file name the worker gives the bytes (a pseudonym's when anonymised)
    data: bytes
    owner: str
    as_of: str | None
    timeout: float | None
    read_options: Mapping = field(default_factory=dict)
    cohort: Mapping | None = None


def _sheet_file(task: Task, folder: str) -> str:
    path = Path(folder) / Path(task.name).name
    path.write_bytes(task.data)
    return str(path)


def _here(text: str, folder: str) -> str:
    """A worker's message without its private folder: the sheet is named as the coach knows it."""
    return text.replace(str(Path(folder)) + os.sep, "")


def measure(task: Task) -> dict:
    """On a worker: the sheet's figures (for the cohort and the index), or its error."""
    from ..cohort import participant_figures
    from ..contacts import check_contacts

    with tempfile.TemporaryDirectory(prefix="ivk-sheet-") as folder:
        try:
            report = check_contacts(_sheet_file(task, folder), **task.read_options)
        except ContactsError as exc:
            return {"status": "failed", "error": _here(str(exc), folder)}
        except Exception as exc:  # an unexpected failure is still this input's alone
            return {"status": "failed", "error": _here(f"{type(exc).__name__}: {exc}", folder)}
    figures = participant_figures(report.contacts, as_of=task.as_of)
    return {"status": "ok", "error": "", **figures, "problems": len(report.problems)}


_KERNELS = threading.local()


def _warm_kernel() -> ReportKernel:
    """This thread's warm kernel (started on first use, stopped when the process ends)."""
    kernel = getattr(_KERNELS, "kernel", None)
    if kernel is None:
        import atexit

        kernel = ReportKernel()
        kernel.start()
        atexit.register(kernel.stop)
        _KERNELS.kernel = kernel
    return kernel


def render(task: Task, kernel: ReportKernel | None = None) -> dict:
    """On a worker: run the report from the bytes; return its HTML (or the error and the
    notebook as far as it ran). Never raises: a failure is this report's alone."""
    from .export import to_html
    from .report import execute_report

    started = time.perf_counter()
    result = {"status": "ok", "error": "", "page": "", "notebook": ""}
    with tempfile.TemporaryDirectory(prefix="ivk-sheet-") as folder:
        try:
            executed = execute_report(
                _sheet_file(task, folder),
                owner=task.owner,
                as_of=task.as_of,
                timeout=task.timeout,
                kernel=kernel if kernel is not None else _warm_kernel(),
                read_options=task.read_options,
                cohort_figures=task.cohort,
            )
            result["page"] = to_html(executed)
        except ReportError as exc:
            result.update(status="failed", error=_here(str(exc), folder))
            ran = getattr(exc, "notebook", None)
            if ran is not None:
                import nbformat

                result["notebook"] = _here(nbformat.writes(ran), folder)
        except Exception as exc:
            result.update(status="failed", error=_here(f"{type(exc).__name__}: {exc}", folder))
    result["seconds"] = round(time.perf_counter() - started, 2)
    return result


def prepare_render() -> None:
    """Load what running and exporting a report needs in this process (papermill and the report
    template, nbclient, the HTML exporter and its templates) and what the index's charts need
    (matplotlib's figure): a batch does it while its kernels start, so that neither the first
    reports nor the index wait for it. A failure here shows in the reports."""
    from contextlib import suppress

    with suppress(Exception):
        import nbclient  # noqa: F401

        from . import export, report

        report.prepare()
        export.prepare()
        import matplotlib.figure  # noqa: F401
