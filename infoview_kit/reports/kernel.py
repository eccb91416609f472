"""A warm, reusable kernel for reports, reset to a clean namespace between people."""

from __future__ import annotations

import asyncio
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from ..errors import ReportError

__all__ = ["PRIVATE_KERNEL", "RESET_CODE", "ReportKernel"]

_KERNEL_START_RETRIES = 3

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
#: IPython keeps every cell a kernel runs in ``~/.ipython/profile_default/history.sqlite``;
#: a report's cells name the person and their sheet, so report kernels keep no history.
PRIVATE_KERNEL = ("--HistoryManager.enabled=False",)
#: Run once when a warm kernel starts: what every report imports, so that no report waits for
#: it (scipy.stats is the reply chances' Kaplan-Meier, imported by the package on first use).
#: Then ``gc.freeze()``: the modules just imported live as long as the kernel, and a full
#: collection (three per reset: two in ``%reset``, one after closing the figures) no longer
#: walks their objects, only what the reports made (about 100 ms each otherwise).
WARM_CODE = """
%matplotlib inline
import matplotlib.pyplot
import infoview_kit
import infoview_kit.charts
import infoview_kit.cohort
import infoview_kit.views
import scipy.stats
import gc
gc.collect()
gc.freeze()
del gc
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
        self.kc = None  # the reports' client, kept between them (see _client)
        self._kc_thread: int | None = None

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
                # its own log stays out of the batch's output (a killed kernel's last words)
                run_sync(self.km.start_kernel)(
                    cwd=tempfile.gettempdir(),
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    extra_arguments=list(PRIVATE_KERNEL),
                )
                self.run_code(WARM_CODE if self.warm else "pass")
                return
            except Exception as exc:  # a start that collided or hung: try again
                last = exc
                self.stop()
                time.sleep(0.5 * (attempt + 1))
        raise ReportError(f"The report kernel could not start ({type(last).__name__}: {last}).")

    def stop(self, *, now: bool = False) -> None:
        """Stop the kernel (``now``: kill it, for a kernel still busy with a stopped report)."""
        from jupyter_core.utils import run_sync

        self._drop_client()
        if self.km is not None:
            try:
                if self.km.has_kernel:
                    run_sync(self.km.shutdown_kernel)(now=now)
            except Exception:
                run_sync(self.km.shutdown_kernel)(now=True)
            self.km = None
        if self._sockets is not None:
            self._sockets.cleanup()
            self._sockets = None

    def restart(self) -> None:
        self.stop(now=True)  # only ever after a timeout or a death: nothing to wait for
        self.start()

    def _client(self):
        """The client the reports run through, started once and kept: a new client waits about
        0.2 s for its channels to connect before each report. A client belongs to the thread
        that made it (to its event loop); another thread gets one of its own."""
        from jupyter_core.utils import run_sync

        if self.kc is not None and self._kc_thread != threading.get_ident():
            self._drop_client()
        if self.kc is None:

            async def start():
                client = self.km.client()
                client.start_channels()
                try:
                    await client.wait_for_ready(timeout=60)
                except BaseException:
                    client.stop_channels()
                    raise
                client.allow_stdin = False
                return client

            self.kc, self._kc_thread = run_sync(start)(), threading.get_ident()
        return self.kc

    def _drop_client(self) -> None:
        if self.kc is not None:
            self.kc.stop_channels()
            self.kc = self._kc_thread = None

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
        """Execute ``notebook`` (a parameterized NotebookNode) in this kernel, from a reset.

        Raises
        ------
        ReportError
            A cell failed or the time ran out. The message names the cell (numbered as in the
            notebook) and ``error.notebook`` holds the notebook as far as it ran.
        """
        from jupyter_core.utils import run_sync
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
        from nbformat.v4 import new_code_cell

        if not run_sync(self.km.is_alive)():  # it died between reports (killed for memory)
            self.restart()
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
        failure = None
        try:
            client.kc = self._client()
            run_sync(_tidy(client.async_execute))()
        except CellTimeoutError:
            self.restart()  # the cell may still be running: this kernel is not reusable
            failure = f"the report took longer than {timeout:g} s and was stopped"
        except DeadKernelError:
            self.restart()
            failure = "the report's kernel died; it was restarted"
        except CellExecutionError as exc:
            failure = f"the report failed: {exc.ename}: {exc.evalue}"
        finally:
            notebook.cells = [c for c in notebook.cells if c is not reset]
        if failure is not None:
            error = ReportError(f"{label}: {failure} (in {_failed_cell(notebook)})")
            error.notebook = notebook  # the executed notebook, kept for inspection
            raise error
        return notebook


def _tidy(run):
    """``run`` (a coroutine function) that, however it ends, cancels the tasks it left behind:
    after a cell's timeout nbclient leaves its output poller pending, and Python would print
    "Task was destroyed but it is pending!" at exit."""

    async def tidy():
        before = asyncio.all_tasks()
        try:
            return await run()
        finally:
            left = asyncio.all_tasks() - before - {asyncio.current_task()}
            for task in left:
                task.cancel()
            await asyncio.gather(*left, return_exceptions=True)

    return tidy


def _deadline_timeout(seconds: float | None):
    """nbclient's ``timeout_func``: each cell gets what is left of the report's time."""
    if not seconds:
        return None
    deadline = time.monotonic() + seconds

    def remaining(cell) -> float:
        return max(1.0, deadline - time.monotonic())

    return remaining


def _failed_cell(notebook) -> str:
    """Which cell failed, as a person finds it in the kept notebook: "cell 4 (heading ...)"."""
    cells = [c for c in notebook.cells if "infoview-reset" not in c.metadata.get("tags", [])]
    for number, cell in enumerate(cells, start=1):
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            first = next((line for line in cell.source.splitlines() if line.strip()), "")
            return f"cell {number} ({first.strip()[:60]!r})"
    return "a cell"
