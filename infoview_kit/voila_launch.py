"""What ``infoview-kit app`` runs in its Voilà process: Voilà with the kit's guards.

Run as ``python -P .../voila_launch.py [--stdin-lifeline] NOTEBOOK --port=N ...`` with the
arguments ``python -m voila`` takes (as a script, so the package's heavy ``__init__`` stays
out). The committed ``voila.json`` holds the settings that are plain values (host check,
culling, message sizes, one page's kernel started ahead: ``preheat_kernel``); this module adds
the ones that need Python:

- :class:`PageHandler`, Voilà's page handler with :func:`before_page` run first: it gives the
  page its ``_xsrf`` cookie, which the page sends back when it closes so that its kernel is shut
  down at once, and it answers with a plain "too many pages open" page instead of starting one
  kernel too many;
- :class:`BoundedKernelManager`: at most ``max_kernels`` kernels at once (the one started ahead
  included), even when pages are requested together, and a page's kernel shut down soon after
  its last connection closes;
- :func:`cell_time_limit`: the cell time limit, except for the cell tagged ``waits-for-page``,
  where a kernel started ahead waits (with its imports done) until a page is opened;
- the ``infoview`` page template (``voila_templates/``): Voilà's own page plus a check that
  refuses, with a message, a file over the upload limit before the page sends it;
- ``--stdin-lifeline``: when the app that started this process ends in any way, killed included,
  its end of the standard-input pipe closes, and Voilà stops as if told to (kernels included).
"""

from __future__ import annotations

import asyncio
import html
import json
import os
import signal
import sys
import threading
import uuid
from pathlib import Path
from typing import IO

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado import web
from traitlets import Integer
from traitlets.config import Config
from voila.tornado.handler import TornadoVoilaHandler

__all__ = [
    "BoundedKernelManager",
    "PageHandler",
    "before_page",
    "cell_time_limit",
    "full_page",
    "main",
]

LIFELINE = "--stdin-lifeline"
TEMPLATES = Path(__file__).with_name("voila_templates")  # the "infoview" page template
SETTINGS = json.loads(Path(__file__).with_name("voila.json").read_text(encoding="utf-8"))
FULL_REASON = "Too many app pages open"
#: A page's kernel keeps no IPython history, as a report's does
#: (``infoview_kit.reports.kernel.PRIVATE_KERNEL``; not imported: this script keeps the
#: package's ``__init__`` out).
PRIVATE_KERNEL = ("--HistoryManager.enabled=False",)
#: The tag of the notebook cell where a kernel started ahead waits for its page.
WAITS_FOR_PAGE = "waits-for-page"


class BoundedKernelManager(AsyncMappingKernelManager):
    """A kernel manager for one kernel per open page, and only while the page is open.

    Each open page of the app has its own kernel (and its own copy of the contacts in memory).
    At most ``max_kernels`` run at once (kernels still starting count too, and so does the one
    Voilà starts ahead for the next page), and a kernel whose page's last connection closed is
    shut down ``close_grace`` seconds later unless the page reconnects: a tab closed without
    notice (a crashed or killed browser) frees its place soon.
    """

    max_kernels = Integer(
        6, config=True, help="How many app pages (one kernel each) may be open at once."
    )
    close_grace = Integer(
        10,
        config=True,
        help="Seconds a kernel outlives its page's last connection (-1: leave it to culling).",
    )

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._starting: set[str] = set()

    def is_full(self) -> bool:
        """Whether starting one more kernel would go over ``max_kernels``."""
        return len(set(self.list_kernel_ids()) | self._starting) >= self.max_kernels

    async def start_kernel(self, *, kernel_id: str | None = None, path=None, **kwargs) -> str:
        """Start a kernel unless the limit is reached (then a 503 error).

        The kernel keeps no IPython history (``~/.ipython``'s ``history.sqlite`` would keep
        every cell it runs, the path of the person's sheet among them)."""
        kwargs.setdefault("extra_arguments", list(PRIVATE_KERNEL))
        if kernel_id is not None and kernel_id in self:
            return await super().start_kernel(kernel_id=kernel_id, path=path, **kwargs)
        if self.is_full():  # checked and reserved with no await in between: no race
            # a kernel refused to Voila's pool leaves a failed entry there: drop it once done
            asyncio.get_running_loop().call_soon(self._drop_failed_starts)
            raise web.HTTPError(503, reason=FULL_REASON)
        kernel_id = kernel_id or str(uuid.uuid4())
        self._starting.add(kernel_id)
        try:
            return await super().start_kernel(kernel_id=kernel_id, path=path, **kwargs)
        finally:
            self._starting.discard(kernel_id)

    def has_room_for(self, notebook: str) -> bool:
        """Whether a page of ``notebook`` can have a kernel now.

        With kernels started ahead (Voilà's ``preheat_kernel``), the page takes the waiting
        one; one that could not start (the limit was reached) is dropped, and an empty pool
        is filled again here once there is room, so a page always waits for one kernel at most.
        """
        pool = getattr(self, "_pools", {}).get(notebook)
        if pool is None:  # no kernels started ahead
            return not self.is_full()
        self._drop_failed_starts()
        if not pool and not self.is_full():
            self.fill_if_needed(delay=0, notebook_name=notebook)
        return bool(pool)

    async def next_kernel_started(self, notebook: str) -> None:
        """Wait until the kernel started ahead for the next page of ``notebook`` is running.

        Voilà hands a page that kernel only once it runs: a page opened while it is starting
        (just after the app starts) would otherwise start a second kernel beside it.
        """
        pool = getattr(self, "_pools", {}).get(notebook)
        if pool and not pool[0].done():
            await asyncio.wait([pool[0]])  # neither cancels it nor raises its error

    def _drop_failed_starts(self) -> None:
        """Forget kernels started ahead that could not start (Voila would hand them out)."""
        for pool in getattr(self, "_pools", {}).values():
            pool[:] = [t for t in pool if not (t.done() and (t.cancelled() or t.exception()))]

    def notify_disconnect(self, kernel_id: str) -> None:
        """Count a closed connection; with none left, plan the kernel's shutdown."""
        super().notify_disconnect(kernel_id)
        if self.close_grace >= 0 and self._kernel_connections.get(kernel_id) == 0:
            asyncio.get_running_loop().call_later(
                self.close_grace,
                lambda: asyncio.ensure_future(self._shut_down_if_unwatched(kernel_id)),
            )

    async def _shut_down_if_unwatched(self, kernel_id: str) -> None:
        if kernel_id in self and self._kernel_connections.get(kernel_id) == 0:
            self.log.info("Shutting down kernel %s: its page has closed", kernel_id)
            await self.shutdown_kernel(kernel_id)


def full_page(limit: int) -> str:
    """The page shown when ``limit`` app pages are already open."""
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<title>Too many pages open</title></head>"
        "<body style='font-family:sans-serif;max-width:40em;margin:3em auto'>"
        "<h1>The planner is already open in too many pages</h1>"
        f"<p>This app allows {html.escape(str(limit))} pages at once, each with its own copy of "
        "your sheet in memory. Close a tab where the planner is open, wait a few seconds, "
        "then reload this page.</p></body></html>"
    )


def before_page(handler: web.RequestHandler) -> None:
    """Runs on each page request before the page takes its kernel.

    Sets the ``_xsrf`` cookie (Voilà's page posts it back to shut its kernel down when it
    closes; without it that request is refused) and answers 503 with :func:`full_page` when
    the kernel manager has no room for one more page.
    """
    handler.xsrf_token  # noqa: B018 -- reading it sets the cookie on this response
    manager = handler.kernel_manager
    if not manager.has_room_for(handler.notebook_path):
        refuse(handler, manager.max_kernels)


def refuse(handler: web.RequestHandler, limit: int) -> None:
    """Answer 503 with :func:`full_page`."""
    handler.set_status(503, reason=FULL_REASON)
    handler.set_header("Content-Type", "text/html; charset=utf-8")
    handler.set_header("Retry-After", "10")
    raise web.Finish(full_page(limit))


class PageHandler(TornadoVoilaHandler):
    """Voilà's page, with :func:`before_page` first, then the kernel started ahead for it;
    a 503 (no room) is :func:`full_page`."""

    async def get(self, path=None):
        before_page(self)
        await self.kernel_manager.next_kernel_started(self.notebook_path)
        await super().get(path)

    def write_error(self, status_code: int, **kwargs) -> None:
        if status_code != 503:
            return super().write_error(status_code, **kwargs)
        try:
            refuse(self, self.kernel_manager.max_kernels)
        except web.Finish as finish:
            self.finish(*finish.args)


def cell_time_limit(cell) -> int | None:
    """Voilà's cell time limit (``VoilaExecutor.timeout`` in ``voila.json``), except for the cell
    tagged ``waits-for-page``: a kernel started ahead waits there until a page is opened."""
    if WAITS_FOR_PAGE in cell.get("metadata", {}).get("tags", []):
        return None
    return SETTINGS["VoilaExecutor"]["timeout"]


def stop_when_closed(stream: IO[bytes]) -> threading.Thread:
    """Send this process SIGTERM once ``stream`` reaches its end (the parent has gone)."""

    def watch() -> None:
        while stream.read(65536):
            pass
        os.kill(os.getpid(), signal.SIGTERM)  # Voilà's own handler: stop, shut kernels down

    thread = threading.Thread(target=watch, name="infoview-lifeline", daemon=True)
    thread.start()
    return thread


def guard_config() -> Config:
    """The Voilà configuration that needs Python objects (the file holds the rest)."""
    config = Config()
    config.VoilaConfiguration.multi_kernel_manager_class = BoundedKernelManager
    config.VoilaExecutor.timeout_func = cell_time_limit
    return config


def guarded_voila():
    """Voilà's application with :class:`PageHandler` serving the page."""
    from voila.app import Voila

    class GuardedVoila(Voila):
        def init_handlers(self) -> list:
            return [
                (h[0], PageHandler, *h[2:]) if h[1] is TornadoVoilaHandler else h
                for h in super().init_handlers()
            ]

    return GuardedVoila


def main(argv: list[str] | None = None) -> None:
    """Run Voilà with :func:`guard_config`; ``--stdin-lifeline`` ties it to its parent."""
    argv = list(sys.argv[1:] if argv is None else argv)
    # Voilà finds templates on the Jupyter data path; ours goes first.
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        filter(None, [str(TEMPLATES), os.environ.get("JUPYTER_PATH")])
    )
    if LIFELINE in argv:
        argv.remove(LIFELINE)
        stop_when_closed(sys.stdin.buffer)
    guarded_voila().launch_instance(argv, config=guard_config())


if __name__ == "__main__":
    main()
