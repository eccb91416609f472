"""What the served app guards: host names, websocket origins, kernels, uploads, its own end.

Each test starts the app the way ``infoview-kit app`` does (``server.serve`` in its own
process) and talks to it over HTTP, a raw websocket handshake or headless Chromium.
"""

from __future__ import annotations

import base64
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from email.message import Message

import psutil
import pytest

from infoview_kit import save_contacts
from infoview_kit.app import UPLOAD_LIMIT
from infoview_kit.sample import make_contacts
from infoview_kit.server import free_port, stop_process

from .conftest import serve_app
from .test_app import open_app, upload

pytestmark = pytest.mark.browser


def serve_in_child(tmp_path_factory, max_pages: int | None = None):
    """``serve()`` in a child process, as ``infoview-kit app`` runs it; (process, url).

    The server's output goes to a file (a pipe nobody reads would fill up and stall it). The
    start-up probe opens one page, which takes the kernel started ahead; this returns once the
    next page's kernel is started too (when there is room for it).
    """
    port = free_port()
    code = f"from infoview_kit.server import serve; serve(None, port={port}, max_pages={max_pages})"
    url = f"http://127.0.0.1:{port}/"
    folder = tmp_path_factory.mktemp("served")
    with (folder / "server.log").open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-c", code], cwd=folder, stdout=log, stderr=subprocess.STDOUT
        )
    deadline = time.monotonic() + 90
    while get(url, timeout=5)[0] != 200:
        if process.poll() is not None or time.monotonic() > deadline:
            stop_process(process)
            raise RuntimeError((folder / "server.log").read_text())
        time.sleep(0.5)
    while len(kernels_of(process)) < min(2, max_pages or 6) and time.monotonic() < deadline:
        time.sleep(0.5)
    return process, url


def voila_of(app: subprocess.Popen) -> psutil.Process:
    (voila,) = [p for p in psutil.Process(app.pid).children() if "voila" in " ".join(p.cmdline())]
    return voila


def kernels_of(app, wait_for: int | None = None, seconds: float = 30) -> list[psutil.Process]:
    """The kernels the app's Voilà runs; with ``wait_for``, wait until there are that many."""
    deadline = time.monotonic() + seconds
    while True:
        kernels = [p for p in voila_of(app).children() if "ipykernel" in command_line(p)]
        if wait_for is None or len(kernels) == wait_for or time.monotonic() > deadline:
            return kernels
        time.sleep(0.5)


def command_line(process: psutil.Process) -> str:
    """``process``'s command line; empty once it has ended (a kernel just shut down)."""
    try:
        return " ".join(process.cmdline()) if process.is_running() else ""
    except psutil.Error:  # gone, or a zombie not yet reaped
        return ""


def kernel_of(app, page_html: str) -> psutil.Process:
    """The kernel process of the page whose HTML is ``page_html``."""
    connection = f"kernel-{kernel_id(page_html)}.json"  # the kernel's connection file
    (kernel,) = [k for k in kernels_of(app) if connection in command_line(k)]
    return kernel


def get(url: str, host: str | None = None, timeout: float = 90) -> tuple[int, Message, str]:
    """Status, headers and text of a GET (0 when nothing answers)."""
    request = urllib.request.Request(url)
    if host:
        request.add_header("Host", host)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode("utf-8", "replace")
    except OSError:
        return 0, Message(), ""


def retry_while_full(url: str, seconds: float = 15) -> tuple[int, Message, str]:
    """GET ``url`` again while it answers 503 (a kernel's process ends a moment before the
    server has finished shutting it down)."""
    deadline = time.monotonic() + seconds
    while True:
        answer = get(url)
        if answer[0] != 503 or time.monotonic() > deadline:
            return answer
        time.sleep(0.5)


def kernel_id(page_html: str) -> str:
    return page_html.split('"kernelId": "', 1)[1].split('"', 1)[0]


def close_page(url: str, headers: Message, body: str) -> int:
    """Do what a page does when it closes: ask for its kernel's shutdown (with its _xsrf)."""
    (cookie,) = [c for c in headers.get_all("Set-Cookie") if c.startswith("_xsrf=")]
    xsrf = cookie.split("=", 1)[1].split(";", 1)[0]
    request = urllib.request.Request(
        f"{url}voila/api/shutdown/{kernel_id(body)}",
        data=f"_xsrf={xsrf}".encode(),
        headers={"Cookie": f"_xsrf={xsrf}"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status


def handshake(url: str, path: str, *, host: str, origin: str) -> str:
    """The status line a websocket handshake to ``path`` gets."""
    port = int(url.rsplit(":", 1)[1].strip("/"))
    key = base64.b64encode(os.urandom(16)).decode("ascii")
    request = (
        f"GET {path} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\nOrigin: {origin}\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
        connection.sendall(request.encode("ascii"))
        return connection.recv(4096).decode("latin-1").split("\r\n", 1)[0]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    process, url = serve_in_child(tmp_path_factory, max_pages=6)
    yield process, url
    stop_process(process)


def test_only_loopback_host_names_are_served(served):
    process, url = served
    port = url.rsplit(":", 1)[1].strip("/")
    _, headers, body = get(url)
    kernel = f"{url}api/kernels/{kernel_id(body)}"
    assert get(kernel)[0] == 200
    for host in (f"evil.example:{port}", "evil.example", f"192.168.1.20:{port}"):
        status, _, text = get(url, host=host)
        assert status == 403 and "kernelId" not in text, host
        assert get(kernel, host=host)[0] == 403  # nor what the kernels hold
    close_page(url, headers, body)
    status, headers, body = get(url, host=f"localhost:{port}")
    assert status == 200 and "kernelId" in body
    close_page(url, headers, body)


def test_websockets_need_a_loopback_host_and_the_pages_own_origin(served):
    process, url = served
    port = url.rsplit(":", 1)[1].strip("/")
    _, headers, body = get(url)
    channels = f"/api/kernels/{kernel_id(body)}/channels"
    here = f"127.0.0.1:{port}"
    assert " 101 " in handshake(url, channels, host=here, origin=f"http://{here}")
    assert " 403 " in handshake(url, channels, host=here, origin="http://evil.example")
    rebound = f"evil.example:{port}"  # a DNS-rebinding page: its own origin, a foreign host
    assert " 403 " in handshake(url, channels, host=rebound, origin=f"http://{rebound}")
    close_page(url, headers, body)


def test_a_closed_page_shuts_its_kernel_down_at_once(served, page):
    process, url = served
    open_app(page, url)
    mine = kernel_of(process, page.content())
    page.goto("about:blank")  # leaving the page: it asks for its kernel's shutdown
    gone, alive = psutil.wait_procs([mine], timeout=8)  # other ways take 10 s or more
    assert alive == []


def test_a_page_closed_without_notice_frees_its_kernel_within_seconds(served, browser):
    process, url = served
    context = browser.new_context()
    page = context.new_page()
    open_app(page, url)
    mine = kernel_of(process, page.content())
    context.close()  # like a crashed browser: no goodbye, the connection just drops
    gone, alive = psutil.wait_procs([mine], timeout=25)  # culling alone: 30 s or more
    assert alive == []


def test_an_abandoned_page_has_its_kernel_culled_within_a_minute(served):
    process, url = served
    served_at = time.monotonic()
    status, headers, body = get(url)  # a page never displayed: no websocket, no shutdown request
    mine = kernel_of(process, body)
    gone, alive = psutil.wait_procs([mine], timeout=60 - (time.monotonic() - served_at))
    assert alive == []


def test_a_full_app_says_so_and_makes_room_when_a_page_closes(tmp_path_factory):
    process, url = serve_in_child(tmp_path_factory, max_pages=1)
    try:
        # the start-up probe's page took the kernel started ahead: the only place
        (probe,) = kernels_of(process)
        status, headers, body = get(url)
        assert status == 503
        assert "too many pages" in body and "Close a tab" in body
        assert len(kernels_of(process)) == 1
        psutil.wait_procs([probe], timeout=60)  # culled: room again, once it is forgotten
        status, headers, body = retry_while_full(url)
        assert status == 200 and "kernelId" in body
        assert close_page(url, headers, body) == 204  # the page's own request is accepted
        assert kernels_of(process, wait_for=0, seconds=10) == []
        assert retry_while_full(url)[0] == 200
    finally:
        stop_process(process)


def test_a_page_takes_the_kernel_started_ahead_and_reads_the_sheet_when_opened(
    tmp_path_factory, page, tmp_path
):
    sheet = save_contacts(make_contacts(20, seed=3), tmp_path / "mine.csv")
    process, url = serve_app(tmp_path_factory, sheet)
    try:
        ahead = kernels_of(process, wait_for=2)  # the probe's page's, and the next page's
        time.sleep(8)  # the next page's kernel has done its imports and waits for its page
        save_contacts(make_contacts(25, seed=3), sheet)  # e.g. a change saved into the sheet
        open_app(page, url)
        assert kernel_of(process, page.content()).pid in {k.pid for k in ahead}
        understood = page.locator(".ivk-understood").inner_text()
        assert "mine.csv" in understood and "25 contacts" in understood
        assert page.errors == []
    finally:
        stop_process(process)


def test_an_upload_of_45_mb_reaches_the_app(served, page, tmp_path):
    sheet = tmp_path / "big.csv"
    rows = ["Name,Company,Notes"] + [f"Person {i},Acme {i},{'x' * 9_000_000}" for i in range(5)]
    sheet.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert 40 * 2**20 < sheet.stat().st_size < UPLOAD_LIMIT
    process, url = served
    open_app(page, url)
    upload(page, sheet)
    page.wait_for_function(
        "() => document.querySelector('.ivk-understood').innerText.includes('big.csv')",
        timeout=90_000,
    )
    assert page.locator(".ivk-upload-too-big").count() == 0
    assert page.errors == []


def test_a_larger_upload_gets_a_message_and_the_page_keeps_working(served, page, tmp_path):
    sheet = tmp_path / "huge.csv"
    with sheet.open("wb") as out:  # sparse: 80 MB to the browser, nothing on disk
        out.truncate(80 * 2**20)
    process, url = served
    open_app(page, url)
    upload(page, sheet)
    alert = page.locator(".ivk-upload-too-big")
    alert.wait_for(state="visible", timeout=10_000)
    assert "huge.csv" in alert.inner_text() and "50.0 MB" in alert.inner_text()
    before = [t.strip() for t in page.locator(".ivk-planner-list .widget-hbox").all_inner_texts()]
    page.select_option(".ivk-planner-contact select", index=3)  # the kernel still answers
    page.wait_for_function(
        "(n) => document.querySelector('.ivk-planner h4').innerText.length > 0 && "
        "Array.from(document.querySelectorAll('.ivk-planner-list .widget-hbox'))"
        ".map(e => e.innerText.trim()).join('|') !== n",
        arg="|".join(before),
        timeout=20_000,
    )


@pytest.mark.parametrize("ending", ["SIGKILL", "SIGHUP", "SIGTERM"])
def test_ending_the_app_in_any_way_stops_voila_and_its_kernels(tmp_path_factory, ending):
    process, url = serve_in_child(tmp_path_factory)
    voila = voila_of(process)
    folder = voila.cwd()  # the app's private copy of the notebook
    kernels = kernels_of(process)
    assert kernels
    os.kill(process.pid, getattr(signal, ending))
    process.wait(timeout=30)
    gone, alive = psutil.wait_procs([voila, *kernels], timeout=30)
    assert alive == []
    with pytest.raises(OSError):
        urllib.request.urlopen(url, timeout=5)
    shutil.rmtree(folder, ignore_errors=True)  # left behind by SIGKILL only (no clean-up runs)
