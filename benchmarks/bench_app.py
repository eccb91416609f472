"""App start-up: from launching ``infoview-kit app`` to the first interactive render.

"Interactive" means the question list is on screen in headless Chromium, with the widgets live.
Baseline (named "bare Voila"): Voila serving a one-cell notebook that displays one ipywidgets
Button, launched and rendered the same way in the same run; the ratio shows what the kit adds.

Run: ``python benchmarks/bench_app.py [--repeat K]``.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
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


def launch_and_render(browser, command: list[str], port: int, selector: str, cwd: str) -> float:
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        url = f"http://127.0.0.1:{port}/"
        while True:
            try:
                urllib.request.urlopen(url, timeout=1)
                break
            except Exception:
                if time.perf_counter() - start > 120:
                    raise TimeoutError(url) from None
                time.sleep(0.05)
        page = browser.new_page()
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
        app, base = [], []
        for _ in range(args.repeat):
            port = free_port()
            base.append(
                launch_and_render(
                    browser,
                    [
                        sys.executable,
                        "-m",
                        "voila",
                        str(bare),
                        f"--port={port}",
                        "--no-browser",
                        "--Voila.ip=127.0.0.1",
                    ],
                    port,
                    "button.jupyter-button",
                    folder,
                )
            )
            port = free_port()
            app.append(
                launch_and_render(
                    browser,
                    [sys.executable, "-m", "infoview_kit.cli", "app", "--port", str(port)],
                    port,
                    ".ivk-planner-list .widget-hbox",
                    folder,
                )
            )
        browser.close()
    a, b = statistics.median(app), statistics.median(base)
    print(f"bare Voila (one Button), launch to render, median: {b:.2f} s")
    print(f"infoview-kit app, launch to interactive planner, median: {a:.2f} s")
    print(f"ratio app / bare Voila: {a / b:.2f}x")


if __name__ == "__main__":
    main()
