"""What ``infoview-kit app`` runs in its Voilà process: Voilà with the kit's guards.

Run as ``python -P .../voila_launch.py [--stdin-lifeline] NOTEBOOK --port=N ...`` with the
arguments ``python -m voila`` takes (as a script, so the package's heavy ``__init__`` stays
out). The committed ``voila.json`` holds the settings that are plain values (host check,
culling, message sizes); this module adds the ones that need Python:

- :func:`before_kernel`, Voilà's ``prelaunch_hook``: it gives the page its ``_xsrf`` cookie, which
  the page sends back when it closes so that its kernel is shut down at once, and it answers with
  a plain "too many pages open" page instead of starting one kernel too many;
- :class:`BoundedKernelManager`: at most ``max_kernels`` kernels at once, even when pages are
  requested together, and a page's kernel shut down soon after its last connection closes;
- the ``infoview`` page template (``voila_templates/``): Voilà's own page plus a check that
  refuses, with a message, a file over the upload limit before the page sends it;
- ``--stdin-lifeline``: when the app that started this process ends in any way, killed included,
  its end of the standard-input pipe closes, and Voilà stops as if told to (kernels included).
"""

from __future__ import annotations

import asyncio
import html
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

__all__ = ["BoundedKernelManager", "before_kernel", "full_page", "main"]

LIFELINE = "--stdin-lifeline"
TEMPLATES = Path(__file__).with_name("voila_templates")  # the "infoview" page template
FULL_REASON = "Too many app pages open"


class BoundedKernelManager(AsyncMappingKernelManager):
    """A kernel manager for one kernel per open page, and only while the page is open.

    Each open page of the app has its own kernel (and its own copy of the contacts in memory).
    At most ``max_kernels`` run at once (kernels still starting count too), and a kernel whose
    page's last connection closed is shut down ``close_grace`` seconds later unless the page
    reconnects: a tab closed without notice (a crashed or killed browser) frees its place soon.
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
        """Start a kernel unless the limit is reached (then a 503 error)."""
        if kernel_id is not None and kernel_id in self:
            return await super().start_kernel(kernel_id=kernel_id, path=path, **kwargs)
        if self.is_full():  # checked and reserved with no await in between: no race
            raise web.HTTPError(503, reason=FULL_REASON)
        kernel_id = kernel_id or str(uuid.uuid4())
        self._starting.add(kernel_id)
        try:
            return await super().start_kernel(kernel_id=kernel_id, path=path, **kwargs)
        finally:
            self._starting.discard(kernel_id)

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


def before_kernel(handler: web.RequestHandler, notebook, cwd: str):
    """Voilà's ``prelaunch_hook``: runs on each page request before its kernel starts.

    Sets the ``_xsrf`` cookie (Voilà's page posts it back to shut its kernel down when it
    closes; without it that request is refused) and answers 503 with :func:`full_page` when
    the kernel manager is full.
    """
    handler.xsrf_token  # noqa: B018 -- reading it sets the cookie on this response
    manager = handler.kernel_manager
    if getattr(manager, "is_full", None) is not None and manager.is_full():
        handler.set_status(503, reason=FULL_REASON)
        handler.set_header("Content-Type", "text/html; charset=utf-8")
        handler.set_header("Retry-After", "10")
        raise web.Finish(full_page(manager.max_kernels))
    return notebook


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
    config.VoilaConfiguration.prelaunch_hook = before_kernel
    config.VoilaConfiguration.multi_kernel_manager_class = BoundedKernelManager
    return config


def main(argv: list[str] | None = None) -> None:
    """Run Voilà with :func:`guard_config`; ``--stdin-lifeline`` ties it to its parent."""
    from voila.app import Voila

    argv = list(sys.argv[1:] if argv is None else argv)
    # Voilà finds templates on the Jupyter data path; ours goes first.
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        filter(None, [str(TEMPLATES), os.environ.get("JUPYTER_PATH")])
    )
    if LIFELINE in argv:
        argv.remove(LIFELINE)
        stop_when_closed(sys.stdin.buffer)
    Voila.launch_instance(argv, config=guard_config())


if __name__ == "__main__":
    main()
