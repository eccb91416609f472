"""The batch on a real Dask cluster whose workers cannot see the coach's folders.

A scheduler and two worker processes run in a folder of their own; every Python process they
start (kernels included) refuses to open anything under the input or output folder and notes
each attempt, so a worker that reached for the coach's disk fails the test.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pandas as pd
import pytest

from infoview_kit import save_contacts
from infoview_kit.reports import run_batch
from infoview_kit.sample import make_contacts

from .conftest import ROOT

distributed = pytest.importorskip("distributed")
pytestmark = pytest.mark.slow

GUARD = """
import os, sys
_forbidden = [p for p in os.environ.get("IVK_FORBIDDEN", "").split(os.pathsep) if p]
_log = os.environ.get("IVK_AUDIT_LOG")

def _guard(event, args):
    if event not in ("open", "os.listdir", "os.scandir") or not args:
        return
    path = args[0]
    if isinstance(path, int) or path is None:
        return
    try:
        path = os.path.abspath(os.fsdecode(path))
    except Exception:
        return
    if any(path == p or path.startswith(p + os.sep) for p in _forbidden):
        with open(_log, "a") as log:
            log.write(f"{os.getpid()} {event} {path}\\n")
        raise PermissionError(f"this worker may not read {path}")

sys.addaudithook(_guard)
"""


@pytest.fixture
def cluster(tmp_path):
    """A scheduler and two single-threaded workers, in their own folder, guarded."""
    home, guard = tmp_path / "worker-home", tmp_path / "guard"
    home.mkdir()
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(GUARD)
    log = tmp_path / "audit.log"
    log.touch()
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(guard), str(ROOT)]),
        "IVK_FORBIDDEN": os.pathsep.join([str(tmp_path / "in"), str(tmp_path / "out")]),
        "IVK_AUDIT_LOG": str(log),
    }
    file = home / "scheduler.json"
    common = {"cwd": home, "env": env, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    scheduler = [sys.executable, "-m", "distributed.cli.dask_scheduler"]
    processes = [
        subprocess.Popen(
            [
                *scheduler,
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--no-dashboard",
                "--scheduler-file",
                str(file),
            ],
            **common,
        )  # fmt: skip
    ]
    try:
        deadline = time.monotonic() + 30
        while not file.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        worker = [sys.executable, "-m", "distributed.cli.dask_worker"]
        for _ in range(2):
            processes.append(
                subprocess.Popen(
                    [
                        *worker,
                        "--scheduler-file",
                        str(file),
                        "--nthreads",
                        "1",
                        "--no-nanny",
                        "--no-dashboard",
                        "--host",
                        "127.0.0.1",
                    ],
                    **common,
                )  # fmt: skip
            )
        with distributed.Client(scheduler_file=str(file), timeout=30) as client:
            client.wait_for_workers(2, timeout=60)
            yield client, log
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()


def test_batch_on_workers_that_cannot_see_the_folders(tmp_path, cluster):
    client, log = cluster
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    canary = make_contacts(30, seed=12)
    canary.loc[0, "name"] = "Quillon Canarywhistle"
    canary.loc[0, ["met_on", "thanked_on", "status"]] = [pd.Timestamp("2026-10-31"), pd.NaT, "met"]
    sheets = [
        save_contacts(make_contacts(25, seed=13), folder / "ana.csv"),
        folder / "broken.csv",
        save_contacts(canary, folder / "canary.csv"),
    ]
    sheets[1].write_bytes(b"\x00\x01 not a sheet \xff" * 40)
    options = {"as_of": "2026-11-01", "progress": False, "dashboard": False}
    summary = run_batch(sheets, out, scheduler=client.scheduler.address, **options)
    assert list(summary["status"]) == ["ok", "failed", "ok"]
    error = summary.loc[1, "error"]
    assert error.startswith("broken.csv does not look like a spreadsheet")  # its own reason
    assert "ivk-sheet" not in error  # nothing of the worker's folders
    page = (out / "canary.html").read_text(encoding="utf-8")  # written on the coach's side
    assert "Quillon Canarywhistle" in page and "You and your cohort" in page
    assert summary.loc[2, "contacts"] == 30
    assert pd.read_csv(out / "summary.csv")["status"].tolist() == ["ok", "failed", "ok"]

    # a Client passed from Python; only the changed sheet's report is made again
    before = {n: (out / n).stat().st_mtime_ns for n in ("ana.html", "canary.html")}
    save_contacts(make_contacts(26, seed=14), folder / "ana.csv")
    again = run_batch(sheets, out, scheduler=client, **options)
    assert list(again["status"]) == ["ok", "failed", "ok"] and again.loc[0, "contacts"] == 26
    assert (out / "ana.html").stat().st_mtime_ns > before["ana.html"]
    assert (out / "canary.html").stat().st_mtime_ns == before["canary.html"]
    assert log.read_text() == ""  # no worker (nor its kernels) opened the coach's files


@pytest.mark.parametrize("losses", [1, 2])
def test_a_report_whose_worker_is_lost_is_sent_again_once(tmp_path, monkeypatch, losses):
    from infoview_kit.reports import runner

    log = tmp_path / "calls"  # the task is pickled: a list in here would be a copy
    log.touch()

    def flaky(task, kernel=None):  # the first call(s) end as a lost worker's task does
        with log.open("a") as calls:
            calls.write(task.name + "\n")
        if len(log.read_text().split()) <= losses:
            raise distributed.comm.core.CommClosedError("the worker went away")
        return {"status": "ok", "error": "", "page": "<html>made</html>", "seconds": 0.1}

    monkeypatch.setattr(runner, "render", flaky)
    sheet = save_contacts(make_contacts(20, seed=1), tmp_path / "ana.csv")
    with distributed.Client(
        processes=False, n_workers=1, threads_per_worker=1, dashboard_address=None
    ) as client:
        summary = run_batch(
            [sheet], tmp_path / "out", scheduler=client, progress=False, dashboard=False
        )
    assert log.read_text().split() == ["ana.csv", "ana.csv"]  # sent again once, not a third time
    if losses == 1:
        assert summary["status"].tolist() == ["ok"]
        assert (tmp_path / "out" / "ana.html").read_text() == "<html>made</html>"
    else:
        assert summary["status"].tolist() == ["failed"]
        assert "lost its worker twice" in summary.loc[0, "error"]


@pytest.mark.parametrize("dashboard", [True, False])
def test_on_dask_the_dashboards_kernel_starts_while_the_reports_are_made(
    tmp_path, monkeypatch, dashboard
):
    """The reports need no kernel on the coach's side; the cohort dashboard does, and it is
    started while the workers make the reports instead of after them (none without it)."""
    from infoview_kit.reports import batch, runner

    log = tmp_path / "events"  # the task is pickled: a list in here would be a copy
    log.touch()

    def note(event: str) -> None:
        with log.open("a") as events:
            events.write(event + "\n")

    class Kernel:
        km = None

        def start(self):
            self.km = "started"
            note("a kernel started here")

        def stop(self, now=False):
            self.km = None

    def render(task, kernel=None):
        time.sleep(0.5)
        note("a report made")
        return {"status": "ok", "error": "", "page": "<html>made</html>", "seconds": 0.5}

    used = []
    monkeypatch.setattr(runner, "ReportKernel", Kernel)
    monkeypatch.setattr(runner, "render", render)
    monkeypatch.setattr(
        batch, "_make_dashboard", lambda out, *, kernel, **options: used.append((kernel, kernel.km))
    )
    sheets = [save_contacts(make_contacts(20, seed=i), tmp_path / f"p{i}.csv") for i in range(2)]
    with distributed.Client(
        processes=False, n_workers=1, threads_per_worker=1, dashboard_address=None
    ) as client:
        summary = run_batch(
            sheets, tmp_path / "out", scheduler=client, progress=False, dashboard=dashboard
        )
    assert summary["status"].tolist() == ["ok", "ok"]
    events = log.read_text().splitlines()
    if not dashboard:
        assert events == ["a report made"] * 2 and used == []
        return
    assert events[0] == "a kernel started here" and events.count("a report made") == 2
    ((kernel, state),) = used
    assert isinstance(kernel, Kernel) and state == "started"  # that one, started already
