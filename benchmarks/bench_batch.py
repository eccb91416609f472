"""Batch reports: ``run_batch`` with 2 jobs against the loop a coach would write by hand.

Baseline (named "hand loop"): for each sheet, the papermill command line, then
``jupyter nbconvert --to html --no-input``, one sheet after another. Measured in the same run on
the same 8 sheets. Also prints the time per report against its floor: starting a bare kernel
and running ``import infoview_kit`` in it.

Run: ``python benchmarks/bench_batch.py [--sheets N] [--jobs J]``.
"""

from __future__ import annotations

import argparse
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


def floor() -> float:
    """A bare kernel start plus ``import infoview_kit`` in it, then shutdown."""
    from jupyter_client.manager import start_new_kernel

    start = time.perf_counter()
    manager, client = start_new_kernel(kernel_name="python3")
    client.execute_interactive("import infoview_kit", timeout=60)
    elapsed = time.perf_counter() - start
    client.stop_channels()
    manager.shutdown_kernel(now=True)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sheets", type=int, default=8)
    parser.add_argument("--jobs", type=int, default=2)
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
    n = len(sheets)
    print(f"{n} sheets")
    print(
        f"hand loop (papermill CLI + nbconvert CLI, one by one): {baseline:.1f} s "
        f"({baseline / n:.2f} s per report)"
    )
    print(f"infoview-kit batch --jobs {args.jobs}: {ours:.1f} s ({ours / n:.2f} s per report)")
    print(f"speed-up: {baseline / ours:.1f}x (target >= 4x)")
    print(
        f"floor per report (bare kernel start + import infoview_kit): {bare:.2f} s; "
        f"batch time per report / floor: {ours / n / bare:.2f}x"
    )


if __name__ == "__main__":
    main()
