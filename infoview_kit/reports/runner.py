"""Where a batch's tasks run: a local pool of threads, each with a warm kernel, or a Dask client.

Locally, kernels start in the background while the sheets are measured, and each thread keeps
one kernel, reset between people. On Dask, the tasks go to the workers with their bytes, and a
task whose worker is lost is sent again once; the one local kernel, for the cohort dashboard,
starts while the workers make the reports.
"""

from __future__ import annotations

import concurrent.futures as cf
import queue
import threading
from collections.abc import Callable

from ..errors import ReportError
from .kernel import ReportKernel
from .tasks import Task, measure, prepare_render, render

__all__ = ["Runner"]


class Runner:
    """Runs tasks on a local thread pool (one warm kernel per thread) or a Dask client."""

    def __init__(self, workers: int, scheduler=None, *, dashboard: bool = False):
        self.workers, self.scheduler = max(1, workers), scheduler
        self.dashboard = dashboard  # a local kernel is wanted for it once the reports are done
        self.client, self.own_client, self.pool = None, False, None
        self.local, self.kernels, self.lock = threading.local(), [], threading.Lock()
        self.ready: queue.Queue = queue.Queue()
        self.starters: list[threading.Thread] = []
        self.stoppers: list[threading.Thread] = []
        self.preparer: threading.Thread | None = None
        self.taken = 0  # kernels started in the background and taken by a thread

    def __enter__(self) -> Runner:
        if self.scheduler is None:
            self.pool = cf.ThreadPoolExecutor(max_workers=self.workers)
        elif isinstance(self.scheduler, str):
            from distributed import Client

            self.client, self.own_client = Client(self.scheduler), True
        else:
            self.client = self.scheduler  # a Client given from Python: not ours to close
        return self

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            # Ctrl-C: start nothing more; the kernels stopped below end the reports under way
            self.pool.shutdown(wait=False, cancel_futures=True)
        for starter in [*self.starters, *filter(None, [self.preparer])]:
            starter.join()
        self._stop(self.kernels)
        for stopper in self.stoppers:
            stopper.join()
        if self.own_client:
            self.client.close()

    def _stop(self, kernels: list[ReportKernel]) -> None:
        """Stop ``kernels`` side by side (each waits about half a second for its kernel)."""
        for kernel in kernels:
            stopper = threading.Thread(target=kernel.stop, daemon=True)
            self.stoppers.append(stopper)
            stopper.start()
        with self.lock:
            self.kernels = [k for k in self.kernels if k not in kernels]

    def warm(self, count: int) -> None:
        """Start up to ``count`` local kernels in the background (while sheets are measured),
        and load what rendering needs here meanwhile. On Dask the reports need no kernel here;
        the dashboard's starts while the workers make the reports."""
        if count == 0:
            return
        wanted = min(count, self.workers) if self.pool is not None else int(self.dashboard)
        if wanted == 0:
            return
        # imported here, once: a package imported by several threads at once can be found
        # half-initialised by one of them ("partially initialized module")
        import jupyter_client  # noqa: F401

        if self.preparer is None:
            self.preparer = threading.Thread(target=prepare_render, daemon=True)
            self.preparer.start()
        for _ in range(wanted - len(self.starters)):
            starter = threading.Thread(target=self._start_kernel, daemon=True)
            self.starters.append(starter)
            starter.start()

    def _start_kernel(self) -> None:
        kernel = ReportKernel()
        with self.lock:
            self.kernels.append(kernel)
        try:
            kernel.start()
        except Exception as exc:  # said in the report's row; a thread waiting must not hang
            if not isinstance(exc, ReportError):
                exc = ReportError(
                    f"The report kernel could not start ({type(exc).__name__}: {exc})."
                )
            self.ready.put(exc)
            return
        self.ready.put(kernel)

    def spare(self) -> ReportKernel | None:
        """A warm local kernel once every report is done (for the cohort dashboard); the
        others are stopped meanwhile."""
        for starter in self.starters:  # a kernel still starting is waited for
            starter.join()
        with self.lock:
            kernel = next((k for k in self.kernels if getattr(k, "km", None)), None)
            others = [k for k in self.kernels if k is not kernel]
        self._stop(others)
        return kernel

    def _render_here(self, task: Task) -> dict:
        kernel = getattr(self.local, "kernel", None)
        if kernel is None:  # one warm kernel per thread, reset between reports
            with self.lock:
                waiting = len(self.starters) > self.taken
                self.taken += waiting
            if not waiting:
                self._start_kernel()
            kernel = self.ready.get()
            if isinstance(kernel, ReportError):
                return {"status": "failed", "error": str(kernel), "seconds": 0.0}
            self.local.kernel = kernel
        return render(task, kernel)

    def map(self, kind: str, tasks: list[Task], done: Callable[[int, dict], None]) -> None:
        """Run every task (``measure`` or ``render``), calling ``done(i, result)`` as each ends."""
        if not tasks:
            return
        if self.client is None:
            run = measure if kind == "measure" else self._render_here
            futures = {self.pool.submit(run, t): i for i, t in enumerate(tasks)}
            for future in cf.as_completed(futures):
                done(futures[future], future.result())
            return
        self._map_dask(kind, tasks, done)

    def _map_dask(self, kind: str, tasks: list[Task], done: Callable) -> None:
        from distributed import as_completed

        function = measure if kind == "measure" else render
        futures = self.client.map(function, tasks, pure=False)
        positions = {f.key: i for i, f in enumerate(futures)}
        tries = dict.fromkeys(positions, 0)
        queue = as_completed(futures)
        for future in queue:
            i = positions[future.key]
            try:
                result = future.result()
            except Exception as exc:  # the worker was lost: retried once
                if tries[future.key] >= 1:
                    result = {"status": "failed", "seconds": 0.0,
                              "error": f"lost its worker twice ({type(exc).__name__})"}  # fmt: skip
                else:
                    again = self.client.submit(function, tasks[i], pure=False)
                    positions[again.key], tries[again.key] = i, tries[future.key] + 1
                    queue.add(again)
                    continue
            done(i, result)
