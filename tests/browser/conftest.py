"""Real-browser fixtures: the app served on a free loopback port, headless Debian Chromium.

Chromium is the system's (``/usr/bin/chromium``, Debian's package, installed by ``.ci/run``);
no browser is downloaded at run time. Servers are started and stopped here; a failing test
saves a screenshot into ``tests/browser/screenshots/``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from infoview_kit.server import stop_process

CHROMIUM = os.environ.get("INFOVIEW_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = Path(__file__).parent / "screenshots"


def wait_for(url: str, process: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early:\n{process.stdout.read()}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except Exception:
            time.sleep(0.25)
    raise TimeoutError(f"{url} did not answer within {seconds} s")


def start(command: list[str], url: str, cwd: Path) -> subprocess.Popen:
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        wait_for(url, process)
    except Exception:
        stop_process(process)
        raise
    return process


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install Debian's chromium package (.ci/run does)."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield browser
        browser.close()


def serve_app(tmp_path_factory, sheet: Path | None = None):
    from infoview_kit.server import free_port

    port = free_port()
    # Tests open a page every few seconds, faster than closed pages' kernels are shut down on a
    # busy machine; the limit itself is tested in test_app_server.py.
    command = [sys.executable, "-m", "infoview_kit.cli", "app", "--max-pages", "16"]
    command += ["--port", str(port)]
    if sheet is not None:
        command.insert(-2, str(sheet))
    process = start(command, f"http://127.0.0.1:{port}/", tmp_path_factory.mktemp("app"))
    return process, f"http://127.0.0.1:{port}/"


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    process, url = serve_app(tmp_path_factory)
    yield url
    stop_process(process)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    page = item.funcargs.get("page") if hasattr(item, "funcargs") else None
    if report.when == "call" and report.failed and page is not None:
        SHOTS.mkdir(exist_ok=True)
        with contextlib.suppress(Exception):  # a closed page has nothing to show
            page.screenshot(path=str(SHOTS / f"{item.name}.png"), full_page=True)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    page = context.new_page()
    page.errors = []
    page.remote = []
    page.dialogs = []
    page.console_errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on(
        "console",
        lambda message: message.type == "error" and page.console_errors.append(message.text),
    )
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))

    def asked(request) -> None:
        host = request.url.split("/")[2] if "://" in request.url else ""
        if request.url.startswith(("http", "ws")) and not host.startswith(
            ("127.0.0.1", "localhost")
        ):
            page.remote.append(request.url)

    # Every request the page makes, those the content security policy refuses included: the
    # page must not even ask for anything outside this computer.
    page.on("request", asked)
    yield page
    context.close()
