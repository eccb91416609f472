"""The app server's guards that need no browser: settings, kernel limit, process ends, uploads.

The served behaviour (host names, websockets, closed pages, culling, the full page, uploads
in a browser, killing the app) is tested in ``tests/browser/test_app_server.py``.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime
import json
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from types import SimpleNamespace

import psutil
import pytest
from tornado import web
from voila.app import Voila
from voila.tornado.handler import TornadoVoilaHandler

from infoview_kit import load_contacts, server, voila_launch
from infoview_kit.app import UPLOAD_LIMIT, InterviewApp
from infoview_kit.server import VOILA_CONFIG, stop_process, voila_command
from infoview_kit.voila_launch import (
    LIFELINE,
    BoundedKernelManager,
    PageHandler,
    before_page,
    cell_time_limit,
    guard_config,
    guarded_voila,
)
from infoview_kit.widgets import QuestionPlanner

from .conftest import ROOT

SETTINGS = json.loads(VOILA_CONFIG.read_text(encoding="utf-8"))


def run_apart(coroutine):
    """``asyncio.run`` in its own thread (a browser test may have left a loop running here)."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def test_voila_runs_through_the_launcher_tied_to_the_app(tmp_path):
    command = voila_command(tmp_path / "page.ipynb", 8123)
    assert command[1:4] == ["-P", str(Path(voila_launch.__file__)), LIFELINE]
    assert server.LIFELINE == LIFELINE
    assert "--port=8123" in command
    assert "--BoundedKernelManager.max_kernels=6" in command
    # the next page's kernel is started ahead, its imports done
    assert "--VoilaConfiguration.preheat_kernel=True" in command
    assert "--VoilaConfiguration.default_pool_size=1" in command
    assert "--BoundedKernelManager.max_kernels=2" in voila_command(
        tmp_path / "page.ipynb", 8123, max_pages=2
    )
    assert LIFELINE not in voila_command(tmp_path / "page.ipynb", 8123, lifeline=False)
    with pytest.raises(ValueError, match="at least 1"):
        voila_command(tmp_path / "page.ipynb", 8123, max_pages=0)


def test_settings_keep_the_promises(monkeypatch):
    tornado = SETTINGS["Voila"]["tornado_settings"]
    assert tornado["allow_remote_access"] is False
    assert set(tornado["local_hostnames"]) <= {"localhost"}
    culling = SETTINGS["MappingKernelManager"]
    assert culling["cull_idle_timeout"] + culling["cull_interval"] <= 60  # within a minute
    assert culling["cull_connected"] is False  # an open page keeps its kernel
    page = SETTINGS["VoilaConfiguration"]
    assert page["resources"]["upload_limit"] == UPLOAD_LIMIT  # the page and the kernel agree
    assert tornado["websocket_max_message_size"] > UPLOAD_LIMIT + 2**20  # room for the message
    assert page["template"] == "infoview" and page["allow_template_override"] == "NO"
    config = guard_config()
    assert config.VoilaConfiguration.multi_kernel_manager_class is BoundedKernelManager
    assert config.VoilaExecutor.timeout_func is cell_time_limit
    assert "prelaunch_hook" not in config.VoilaConfiguration  # Voila refuses it with preheating
    routes = [("/voila/static/(.*)", web.StaticFileHandler), ("/(.*)", TornadoVoilaHandler, {})]
    monkeypatch.setattr(Voila, "init_handlers", lambda self: routes)
    guarded = guarded_voila()().init_handlers()
    assert guarded == [routes[0], ("/(.*)", PageHandler, {})]  # every page has before_page


def test_only_the_cell_that_waits_for_its_page_has_no_time_limit():
    notebook = json.loads((ROOT / "notebooks" / "prepare_interview.ipynb").read_text("utf-8"))
    limits = [cell_time_limit(c) for c in notebook["cells"] if c["cell_type"] == "code"]
    assert limits == [60, None, 60]  # parameters; imports, then waiting; the app (reads the sheet)
    assert SETTINGS["VoilaExecutor"]["timeout"] == 60


def test_the_kernel_limit_holds_even_for_pages_requested_together(tmp_path):
    async def scenario() -> tuple[list, list]:
        manager = BoundedKernelManager(max_kernels=1, root_dir=str(tmp_path))
        try:
            together = await asyncio.gather(
                manager.start_kernel(), manager.start_kernel(), return_exceptions=True
            )
            started = [r for r in together if isinstance(r, str)]
            refused = [r for r in together if isinstance(r, web.HTTPError)]
            assert len(manager.list_kernel_ids()) == 1 and manager.is_full()
            await manager.shutdown_kernel(started[0])
            assert not manager.is_full()
            again = await manager.start_kernel()
            return started + [again], refused
        finally:
            await manager.shutdown_all()

    started, refused = run_apart(scenario())
    assert len(started) == 2 and len(refused) == 1
    assert refused[0].status_code == 503


def test_app_kernels_keep_no_history_of_what_they_ran(tmp_path, monkeypatch):
    home = tmp_path / "ipython"  # where IPython would keep every cell a kernel runs
    monkeypatch.setenv("IPYTHONDIR", str(home))

    async def scenario() -> str:
        manager = BoundedKernelManager(max_kernels=1, root_dir=str(tmp_path))
        try:
            kernel = manager.get_kernel(await manager.start_kernel())
            client = kernel.client()
            client.start_channels()
            try:
                await client.wait_for_ready(timeout=60)
                seen = []
                code = 'contacts_path = "/home/someone/Ana Diaz contacts.csv"; print("ran")'
                await client.execute_interactive(code, output_hook=seen.append, timeout=60)
            finally:
                client.stop_channels()
            return "".join(m["content"].get("text", "") for m in seen)
        finally:
            await manager.shutdown_all()

    assert "ran" in run_apart(scenario())
    assert not list(home.rglob("history.sqlite"))


def test_a_kernel_refused_to_the_pool_of_kernels_started_ahead_is_not_handed_to_a_page(tmp_path):
    async def scenario() -> tuple[bool, bool]:
        manager = BoundedKernelManager(max_kernels=1, root_dir=str(tmp_path))
        manager._pools = {"page.ipynb": []}  # what Voila's preheat_kernel adds
        try:
            await manager.start_kernel()  # the only place is taken
            refill = asyncio.ensure_future(manager.start_kernel())  # as Voila refills its pool
            manager._pools["page.ipynb"].append(refill)
            await asyncio.gather(refill, return_exceptions=True)
            await asyncio.sleep(0)
            dropped = manager._pools["page.ipynb"] == []  # before any page asks
            return dropped, manager.has_room_for("page.ipynb")
        finally:
            await manager.shutdown_all()

    dropped, room = run_apart(scenario())
    assert dropped and room is False  # the page is told the app is full


def test_a_kernel_goes_soon_after_its_page_disconnects_unless_the_page_comes_back(tmp_path):
    async def scenario() -> tuple[bool, bool]:
        manager = BoundedKernelManager(close_grace=1, root_dir=str(tmp_path))
        try:
            left, back = await manager.start_kernel(), await manager.start_kernel()
            for kernel in (left, back):
                manager.notify_connect(kernel)
                manager.notify_disconnect(kernel)  # e.g. the tab was closed, or a blip
            manager.notify_connect(back)  # ...this page reconnects within the grace
            # Shutting a kernel down waits for it to answer; on a busy machine that can take a
            # while after the grace, so wait for it (within 30 s) rather than a fixed time.
            deadline = asyncio.get_running_loop().time() + 30
            while left in manager and asyncio.get_running_loop().time() < deadline:
                await asyncio.sleep(0.2)
            await asyncio.sleep(1.5)  # the reconnected page's grace is long over too
            return left in manager, back in manager
        finally:
            await manager.shutdown_all()

    left_kept, back_kept = run_apart(scenario())
    assert not left_kept and back_kept


class FakePageRequest:
    """What :func:`before_page` uses of a page request: its xsrf token, status, headers."""

    notebook_path = "prepare_interview.ipynb"

    def __init__(self, full: bool) -> None:
        self.kernel_manager = SimpleNamespace(has_room_for=lambda nb: not full, max_kernels=3)
        self.cookie = False
        self.status = None
        self.headers = {}

    @property
    def xsrf_token(self) -> bytes:
        self.cookie = True  # tornado sets the _xsrf cookie when the token is first read
        return b"token"

    def set_status(self, code: int, reason: str | None = None) -> None:
        self.status = code

    def set_header(self, name: str, value: str) -> None:
        self.headers[name] = value


def test_each_page_gets_its_xsrf_cookie_and_a_full_app_answers_with_a_plain_page():
    open_page = FakePageRequest(full=False)
    assert before_page(open_page) is None
    assert open_page.cookie and open_page.status is None
    full = FakePageRequest(full=True)
    with pytest.raises(web.Finish) as finish:
        before_page(full)
    assert full.cookie and full.status == 503 and full.headers["Retry-After"]
    assert "3 pages at once" in finish.value.args[0] and "Close a tab" in finish.value.args[0]


def child(code: str, **popen) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, text=True, **popen
    )


def test_a_process_on_a_lifeline_stops_when_its_parent_goes():
    watched = child(
        """
        import sys, time
        from infoview_kit.voila_launch import stop_when_closed
        stop_when_closed(sys.stdin.buffer)
        print("ready", flush=True)
        time.sleep(60)
        """,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert watched.stdout.readline().strip() == "ready"
    time.sleep(0.5)
    assert watched.poll() is None  # alive while the pipe is open
    watched.stdin.close()  # what the kernel does when the parent dies, even by SIGKILL
    assert watched.wait(timeout=10) == -signal.SIGTERM


def test_stopping_a_group_leader_stops_the_whole_group():
    leader = child(
        """
        import subprocess, sys, time
        helper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
        print(helper.pid, flush=True)
        time.sleep(60)
        """,
        stdout=subprocess.PIPE,
        start_new_session=True,
    )
    helper = psutil.Process(int(leader.stdout.readline()))
    leader.stdout.close()
    stop_process(leader, timeout=5)
    gone, alive = psutil.wait_procs([helper], timeout=10)
    assert alive == []


def test_a_process_that_ignores_the_request_is_killed():
    stubborn = child(
        """
        import signal, time
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        print("ready", flush=True)
        time.sleep(60)
        """,
        stdout=subprocess.PIPE,
    )
    assert stubborn.stdout.readline().strip() == "ready"
    started = time.monotonic()
    stop_process(stubborn, timeout=1)
    assert stubborn.returncode == -signal.SIGKILL and time.monotonic() - started < 10
    stubborn.stdout.close()


def test_an_upload_over_the_limit_is_refused_with_a_message():
    app = InterviewApp(ROOT / "data" / "sample_contacts.csv")
    before = app.contacts
    data = b"Name,Company\n" + b"x" * UPLOAD_LIMIT
    app.upload.value = (
        {
            "name": "everything.csv",
            "type": "text/csv",
            "size": len(data),
            "content": memoryview(data),
            "last_modified": datetime.datetime(2026, 11, 1),
        },
    )
    assert "too large" in app.understood.value and "everything.csv" in app.understood.value
    assert "50 MB" in app.understood.value
    assert app.contacts is before


def test_a_planner_without_a_folder_offers_no_saving_to_disk(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # where a shared file would land
    contacts = load_contacts(ROOT / "data" / "sample_contacts.csv")
    planner = QuestionPlanner(contacts, folder=None)
    (row,) = [c for c in planner.children if planner.save in getattr(c, "children", ())]
    assert row.layout.display == "none"
    planner.save.click()
    assert list(tmp_path.iterdir()) == []
    assert planner.to_markdown().startswith("# Conversation")  # what the app's download holds
    saving = QuestionPlanner(contacts, folder=tmp_path)
    (shown,) = [c for c in saving.children if saving.save in getattr(c, "children", ())]
    assert shown.layout.display is None
