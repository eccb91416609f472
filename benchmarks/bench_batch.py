"""Batch reports: ``run_batch`` with 2 jobs against the loop a coach would write by hand.

Baseline (named "hand loop"): for each sheet, the papermill command line, then
``jupyter nbconvert --to html --no-input``, one sheet after another. Measured in the same run on
the same 8 sheets. Also prints the time per report against its floor: starting a bare kernel
and running the report's imports in it (matplotlib, pandas and the kit's views); a local Dask
cluster of 2 workers against the local pool on the same sheets; a re-run with one changed sheet
against one report; and how busy the cores are on a bigger cohort (CPU time of the batch and
its kernels / (wall time x cores)).

Run: ``python benchmarks/bench_batch.py [--sheets N] [--jobs J] [--cohort M]``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from infoview_kit.contacts import save_contacts
from infoview_kit.reports import notebook_path, run_batch
from infoview_kit.sample import COHORT, make_contacts

BIN = Path(sys.executable).parent


def hand_loop(sheets: list[Path], out: Path) -> float:
    start = time.perf_counter()
    for sheet in sheets:
        executed = out / f"{sheet.stem}.ipynb"
        subprocess.run(
            [
                str(BIN / "papermill"),
                str(notebook_path("network_report.ipynb")),
                str(executed),
                "-p",
                "contacts_path",
                str(sheet),
                "-p",
                "as_of",
                "2026-11-01",
                "--no-progress-bar",
                "--log-level",
                "ERROR",
            ],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)],
            check=True,
            capture_output=True,
        )
    return time.perf_counter() - start


# The report notebook's own imports (its second cell, before it reads the sheet).
REPORT_IMPORTS = """
%matplotlib inline
import matplotlib.pyplot as plt
import infoview_kit as kit
from infoview_kit.charts import READABLE
from infoview_kit.views import NetworkReport
"""


def floor() -> float:
    """A bare kernel start plus the report's imports in it, then shutdown."""
    from jupyter_client.manager import start_new_kernel

    start = time.perf_counter()
    manager, client = start_new_kernel(kernel_name="python3")
    client.execute_interactive(REPORT_IMPORTS, timeout=60)
    elapsed = time.perf_counter() - start
    client.stop_channels()
    manager.shutdown_kernel(now=True)
    return elapsed


def cpu_seconds() -> float:
    """CPU time of this process and every process under it (the report kernels)."""
    import psutil

    me = psutil.Process()
    total = sum(me.cpu_times()[:2])
    for child in me.children(recursive=True):
        with contextlib.suppress(psutil.Error):
            total += sum(child.cpu_times()[:2])
    return total + sum(os.times()[2:4])  # children already waited for


def timed(function, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - start, result


def on_dask(sheets: list[Path], out: Path, jobs: int) -> float:
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, dashboard_address=None)
    with cluster, Client(cluster) as client:
        client.run(lambda: None)  # workers up before the clock starts, as a pool's threads
        seconds, summary = timed(
            run_batch, sheets, out, scheduler=client, as_of="2026-11-01", progress=False
        )
    assert (summary["status"] == "ok").all(), summary["error"].tolist()
    return seconds


def busy(root: Path, n: int, jobs: int) -> tuple[float, float]:
    """Wall time and CPU use of a batch of ``n`` sheets."""
    habits = list(COHORT.values())
    folder = root / f"cohort-{n}"
    folder.mkdir()
    sheets = [
        save_contacts(
            make_contacts(60, seed=i, habits=habits[i % len(habits)]), folder / f"p{i}.csv"
        )
        for i in range(n)
    ]
    cpu = cpu_seconds()
    seconds, summary = timed(
        run_batch, sheets, root / f"out-{n}", jobs=jobs, as_of="2026-11-01", progress=False
    )
    assert (summary["status"] == "ok").all()
    return seconds, (cpu_seconds() - cpu) / (seconds * jobs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sheets", type=int, default=8)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--cohort", type=int, default=40, help="sheets for the CPU-use run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        sheets = []
        for i, (who, habits) in enumerate(list(COHORT.items())[: args.sheets]):
            sheets.append(
                save_contacts(make_contacts(120, seed=i, habits=habits), root / f"{who}.csv")
            )
        (root / "hand").mkdir()
        baseline = hand_loop(sheets, root / "hand")
        start = time.perf_counter()
        summary = run_batch(
            sheets, root / "batch", jobs=args.jobs, as_of="2026-11-01", progress=False
        )
        ours = time.perf_counter() - start
        assert (summary["status"] == "ok").all(), summary["error"].tolist()
        bare = min(floor() for _ in range(2))
        save_contacts(make_contacts(121, seed=99), sheets[0])  # one sheet changes
        rerun, summary = timed(
            run_batch, sheets, root / "batch", jobs=args.jobs, as_of="2026-11-01", progress=False
        )
        one, _ = timed(
            run_batch, sheets[:1], root / "one", jobs=1, as_of="2026-11-01", progress=False
        )
        dask = on_dask(sheets, root / "dask", args.jobs)
        big, cpu_use = busy(root, args.cohort, args.jobs)
    n = len(sheets)
    print(f"{n} sheets")
    print(
        f"hand loop (papermill CLI + nbconvert CLI, one by one): {baseline:.1f} s "
        f"({baseline / n:.2f} s per report)"
    )
    print(f"infoview-kit batch --jobs {args.jobs}: {ours:.1f} s ({ours / n:.2f} s per report)")
    print(f"speed-up: {baseline / ours:.1f}x (target >= 10x)")
    print(
        f"floor per report (bare kernel start + the report's imports): {bare:.2f} s; "
        f"batch time per report / floor: {ours / n / bare:.2f}x (target <= 1.2x)"
    )
    print(
        f"local Dask cluster, {args.jobs} workers: {dask:.1f} s, "
        f"{dask / ours:.2f}x the local pool (target <= 1.15x)"
    )
    print(
        f"re-run with one changed sheet: {rerun:.1f} s; a batch of that one sheet alone: "
        f"{one:.1f} s ({rerun / one:.2f}x)"
    )
    print(
        f"{args.cohort}-sheet cohort, --jobs {args.jobs}: {big:.1f} s "
        f"({big / args.cohort:.2f} s per report); CPU use {cpu_use:.0%} of {args.jobs} cores"
    )


if __name__ == "__main__":
    main()
