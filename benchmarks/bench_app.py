"""App start-up: from launching ``infoview-kit app`` to the first interactive render.

"Interactive" means the question list is on screen in headless Chromium, with the widgets live.
Baseline (named "bare Voila"): Voila serving a one-cell notebook that displays one ipywidgets
Button, launched and rendered the same way in the same run; the ratio shows what the kit adds.

Two figures, each as a ratio to the baseline:

- launch to render: the page is opened as soon as the server answers (a HEAD request, which
  starts no kernel), so the page is the only one the server serves;
- open to usable: the page is opened a few seconds after the server answers, as when a person
  clicks the printed address, and timed from opening it.

Run: ``python benchmarks/bench_app.py [--repeat K] [--wait S]``.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

from infoview_kit.server import free_port

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def answers(url: str) -> bool:
    """Whether the server answers; HEAD is not served on the page, so no kernel starts."""
    try:
        urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=1)
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False
    return True


def launch_and_render(
    browser, command: list[str], port: int, selector: str, cwd: str, wait: float = 0
) -> float:
    """Seconds from launching ``command`` to ``selector`` on screen; with ``wait``, seconds from
    opening the page, ``wait`` s after the server first answers, to ``selector`` on screen."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        url = f"http://127.0.0.1:{port}/"
        while not answers(url):
            if time.perf_counter() - start > 120:
                raise TimeoutError(url)
            time.sleep(0.05)
        page = browser.new_page()
        if wait:
            time.sleep(wait)
            start = time.perf_counter()
        page.goto(url)
        page.wait_for_selector(selector, timeout=120_000)
        elapsed = time.perf_counter() - start
        page.close()
        return elapsed
    finally:
        process.terminate()
        process.wait(timeout=20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--wait", type=float, default=5, help="seconds before opening the page (open to usable)"
    )
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        bare = Path(folder) / "bare.ipynb"
        nbformat.write(
            new_notebook(
                cells=[new_code_cell("import ipywidgets\nipywidgets.Button(description='ready')")]
            ),
            bare,
        )
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        waits = dict.fromkeys((0, args.wait))  # launch to render, open to usable
        runs = {(who, wait): [] for wait in waits for who in ("bare", "app")}
        for _ in range(args.repeat):
            for who, wait in runs:  # alternated, so that a busy moment hits both
                port = free_port()
                if who == "bare":
                    command = [sys.executable, "-m", "voila", str(bare), f"--port={port}"]
                    command += ["--no-browser", "--Voila.ip=127.0.0.1"]
                    selector = "button.jupyter-button"
                else:
                    command = [sys.executable, "-m", "infoview_kit.cli", "app", "--port", str(port)]
                    selector = ".ivk-planner-list .widget-hbox"
                runs[who, wait].append(
                    launch_and_render(browser, command, port, selector, folder, wait)
                )
        browser.close()
    for wait in waits:
        what = "open to usable" if wait else "launch to render"
        bare, app = runs["bare", wait], runs["app", wait]
        b, a = statistics.median(bare), statistics.median(app)
        print(f"{what}: bare Voila (one Button), median {b:.2f} s; each: {_each(bare)}")
        print(f"{what}: infoview-kit app (planner), median {a:.2f} s; each: {_each(app)}")
        print(f"{what}: ratio app / bare Voila: {a / b:.2f}x")


def _each(seconds: list[float]) -> str:
    return " ".join(f"{s:.2f}" for s in seconds)


if __name__ == "__main__":
    main()
