"""One report: papermill's parameters injected into ``network_report.ipynb``, run, exported.

A report that fails keeps its executed notebook beside the output (``NAME.failed.ipynb``) and
the error names the cell that failed, so the person can open it and see.
"""

from __future__ import annotations

import copy
import functools
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from ..errors import ReportError
from ..files import write_atomic
from ..resources import notebook_path
from .export import to_html
from .kernel import ReportKernel

__all__ = ["REPORT_NOTEBOOK", "execute_report", "parameterized", "prepare", "run_report"]

REPORT_NOTEBOOK = "network_report.ipynb"
Sources = str | os.PathLike | Sequence[str | os.PathLike]


@functools.cache
def _report_template():
    """``network_report.ipynb`` as papermill loads it (read once per process)."""
    from papermill.iorw import load_notebook_node

    return load_notebook_node(str(notebook_path(REPORT_NOTEBOOK)))


def prepare() -> None:
    """Read the report notebook and load papermill's parameters code now (a batch does it while
    its kernels start), so that the first report does not wait for them."""
    from papermill.parameterize import parameterize_notebook  # noqa: F401

    _report_template()


def _resolved(contacts_path: Sources) -> str | list[str]:
    """Absolute paths (kernels do not share our working folder): one string or a list."""
    if isinstance(contacts_path, str | os.PathLike):
        return str(Path(contacts_path).resolve())
    return [str(Path(p).resolve()) for p in contacts_path]


def _default_owner(source: str | list[str]) -> str:
    first = source if isinstance(source, str) else source[0]
    return Path(first).stem.replace("_", " ").title()


def _day(as_of: object) -> str:
    if as_of is None or as_of == "":
        return ""
    from ..as_of import as_timestamp

    return str(as_timestamp(as_of).date())


def parameterized(
    owner: str,
    contacts_path: Sources,
    as_of: object,
    read_options: Mapping | None = None,
    cohort_figures: Mapping | None = None,
):
    """``network_report.ipynb`` with its parameters injected, as papermill injects them.

    ``contacts_path`` is one path or a list (one network); ``read_options`` holds what
    ``check_contacts`` takes besides the paths (dayfirst, sheet, columns), unset ones left out;
    ``cohort_figures`` (:func:`~infoview_kit.cohort.cohort_figures`) adds "You and your cohort".
    """
    from papermill.parameterize import parameterize_notebook

    notebook = copy.deepcopy(_report_template())
    parameters = {
        "contacts_path": _resolved(contacts_path),
        "owner": owner,
        "as_of": _day(as_of),
        "read_options": {k: v for k, v in (read_options or {}).items() if v is not None},
    }
    if cohort_figures is not None:
        parameters["cohort_figures"] = dict(cohort_figures)
    return parameterize_notebook(
        notebook, parameters, report_mode=False, kernel_name="python3", language="python"
    )


def run_report(
    contacts_path: Sources,
    output: str | os.PathLike,
    *,
    owner: str | None = None,
    as_of: object = None,
    keep_notebook: bool = False,
    timeout: float | None = None,
    kernel: ReportKernel | None = None,
    **read_options,
) -> Path:
    """Run the network report on a sheet (or several, one network) and write it as HTML.

    Parameters
    ----------
    contacts_path
        The contacts spreadsheet, or a list of them.
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
    **read_options
        ``dayfirst``, ``sheet``, ``columns`` as :func:`~infoview_kit.check_contacts` takes them.

    Returns
    -------
    The path of the HTML report.

    Raises
    ------
    ContactsError
        The sheet cannot be read at all (checked before any kernel starts).
    ValueError
        ``as_of`` is not a day the kit can read (checked first).
    ReportError
        The notebook failed or timed out; the message names the cell and where the executed
        notebook was kept.
    """
    from ..contacts import check_contacts

    as_of = _day(as_of)  # a day the kit cannot read fails here, not in the notebook
    source = _resolved(contacts_path)
    # Fail fast, with the loader's own message, before a kernel starts.
    check_contacts(source, **{k: v for k, v in read_options.items() if v is not None})
    return make_report(
        source,
        Path(output),
        owner=owner or _default_owner(source),
        as_of=as_of,
        keep_notebook=keep_notebook,
        timeout=timeout,
        kernel=kernel,
        read_options=read_options,
    )


def make_report(
    source: str | list[str],
    output: Path,
    *,
    owner: str,
    as_of: object,
    timeout: float | None,
    kernel: ReportKernel | None,
    keep_notebook: bool = False,
    read_options: Mapping | None = None,
) -> Path:
    """Run and export one report, the sheet already checked; see :func:`run_report`."""
    output.parent.mkdir(parents=True, exist_ok=True)
    kept = output.with_name(f"{output.stem}.failed.ipynb")
    try:
        executed = execute_report(
            source,
            owner=owner,
            as_of=as_of,
            timeout=timeout,
            kernel=kernel,
            read_options=read_options,
        )
    except ReportError as exc:
        ran = getattr(exc, "notebook", None)
        if ran is None:
            raise
        _write_notebook(kept, ran)
        raise ReportError(f"{exc} The executed notebook is kept in {kept}.") from None
    kept.unlink(missing_ok=True)  # a report that now works leaves no stale failure behind
    write_atomic(output, to_html(executed).encode("utf-8"))
    if keep_notebook:
        _write_notebook(output.with_suffix(".ipynb"), executed)
    return output


def execute_report(
    source: str | list[str],
    *,
    owner: str,
    as_of: object,
    timeout: float | None,
    kernel: ReportKernel | None,
    read_options: Mapping | None = None,
    cohort_figures: Mapping | None = None,
):
    """The executed report notebook (nothing written); a failure is a ReportError whose
    ``notebook`` holds the notebook as far as it ran."""
    notebook = parameterized(owner, source, as_of, read_options, cohort_figures)
    label = Path(source if isinstance(source, str) else source[0]).name
    if kernel is None:
        with ReportKernel(warm=False) as fresh:
            return fresh.execute(notebook, timeout=timeout, label=label)
    return kernel.execute(notebook, timeout=timeout, label=label)


def _write_notebook(path: Path, notebook) -> None:
    import nbformat

    write_atomic(path, nbformat.writes(notebook).encode("utf-8"))
