"""Where one batch report's CPU time goes, in steady state (one warm kernel, already used).

Not a benchmark against a baseline (``make bench`` leaves it out): a table to find what to cut.
For each report, as ``run_batch`` makes it with the cohort section, CPU milliseconds of this
process (reading the sheet for the cohort, injecting the parameters, nbclient, the HTML export)
and of the kernel (the reset, the chart cells, the other cells, and what the kernel does between
cells: messages, serialising outputs). Cells are timed inside the kernel by IPython's
``pre_run_cell``/``post_run_cell`` events; one kernel runs at a time.

Run: ``python benchmarks/profile_report.py [--reports N]``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
from pathlib import Path

import psutil

from infoview_kit.cohort import cohort_figures
from infoview_kit.contacts import save_contacts
from infoview_kit.reports.export import to_html
from infoview_kit.reports.kernel import ReportKernel
from infoview_kit.reports.report import parameterized
from infoview_kit.reports.tasks import Task, measure
from infoview_kit.sample import COHORT, make_contacts

# Installed once in the kernel. The hooks keep what they need in default arguments: the reset
# before each report empties the namespace they were defined in.
CELL_CLOCK = """
import sys as _sys, time as _time
_sys.ivk_cells = []
def _ivk_pre(info, _cells=_sys.ivk_cells, _clock=_time.process_time):
    _cells.append([info.raw_cell, -_clock()])
def _ivk_post(result, _cells=_sys.ivk_cells, _clock=_time.process_time):
    _cells[-1][1] += _clock()
get_ipython().events.register("pre_run_cell", _ivk_pre)
get_ipython().events.register("post_run_cell", _ivk_post)
"""
STAGES = [
    "parent: the sheet's figures (measure)",
    "parent: parameters injected",
    "parent: nbclient",
    "kernel: reset cell",
    "kernel: chart cells",
    "kernel: other cells",
    "kernel: between cells",
    "parent: HTML export",
]


def cpu(process: psutil.Process) -> float:
    times = process.cpu_times()
    return (times.user + times.system) * 1000


def cell_times(kernel: ReportKernel, folder: Path) -> list[tuple[str, float]]:
    """The report's cells and their CPU ms, as the kernel clocked them (then forgotten)."""
    path = folder / "cells.json"
    kernel.run_code(
        f"import sys, json; json.dump(sys.ivk_cells, open({str(path)!r}, 'w'));"
        " sys.ivk_cells.clear()"
    )
    cells = json.loads(path.read_text())[:-1]  # not this last run_code
    return [(source, seconds * 1000) for source, seconds in cells]


def one_report(kernel: ReportKernel, task: Task, folder: Path) -> dict[str, float]:
    me, child = psutil.Process(), psutil.Process(kernel.km.provisioner.process.pid)
    sheet = folder / task.name
    sheet.write_bytes(task.data)
    start = cpu(me)
    measure(task)
    measured = cpu(me)
    notebook = parameterized(task.owner, str(sheet), task.as_of, {}, task.cohort)
    injected, kernel_before = cpu(me), cpu(child)
    executed = kernel.execute(notebook, label=task.name)
    ran, kernel_after = cpu(me), cpu(child)
    to_html(executed)
    exported = cpu(me)
    cells = cell_times(kernel, folder)
    reset = sum(ms for source, ms in cells if source.lstrip().startswith("%reset"))
    charts = sum(ms for source, ms in cells if "plt.show()" in source)
    other = sum(ms for _, ms in cells) - reset - charts
    return dict(
        zip(
            STAGES,
            [
                measured - start,
                injected - measured,
                ran - injected,
                reset,
                charts,
                other,
                kernel_after - kernel_before - reset - charts - other,
                exported - ran,
            ],
            strict=True,
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=10, help="reports timed (after 2 more)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        tasks = []
        for i, (who, habits) in enumerate(COHORT.items()):
            sheet = save_contacts(make_contacts(120, seed=i, habits=habits), folder / f"{who}.csv")
            tasks.append(Task(sheet.name, sheet.read_bytes(), who, "2026-11-01", None))
        cohort = cohort_figures([measure(task) for task in tasks])
        for task in tasks:
            task.cohort = cohort
        rows = []
        with ReportKernel() as kernel:
            kernel.run_code(CELL_CLOCK)
            for n in range(args.reports + 2):
                row = one_report(kernel, tasks[n % len(tasks)], folder)
                if n >= 2:  # the first reports warm caches
                    rows.append(row)
    print(f"CPU ms per report, median of {len(rows)} (min-max)")
    for stage in STAGES:
        values = [row[stage] for row in rows]
        median = statistics.median(values)
        print(f"{stage:40s} {median:6.0f}  ({min(values):.0f}-{max(values):.0f})")
    total = statistics.median(sum(row.values()) for row in rows)
    print(f"{'total':40s} {total:6.0f}")


if __name__ == "__main__":
    main()
