"""JupyterLab smoke test: open the notebooks in a real JupyterLab, run them, see the results."""

from __future__ import annotations

import os
import shutil
import sys

import pytest

from infoview_kit.server import free_port, stop_process

from ..conftest import ROOT
from .conftest import start

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    root = tmp_path_factory.mktemp("lab")
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    shutil.copytree(ROOT / "data", root / "data")
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        "--no-browser",
        f"--port={port}",
        "--ServerApp.ip=127.0.0.1",
        "--IdentityProvider.token=",
        "--ServerApp.password=",
        f"--ServerApp.root_dir={root}",
        f"--LabApp.workspaces_dir={root / 'workspaces'}",  # no state from $HOME or other tests
        "--ServerApp.port_retries=0",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--ServerApp.disable_check_xsrf=True",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # CI machines run as root
        command.append("--allow-root")
    process = start(command, f"http://127.0.0.1:{port}/api/status", root)
    yield f"http://127.0.0.1:{port}"
    stop_process(process)


def run_all(page, url: str, notebook: str) -> None:
    """Open ``notebook`` alone in a fresh workspace, wait for its kernel, then Run All Cells.

    ``?reset`` starts from an empty workspace: otherwise JupyterLab reopens the notebooks an
    earlier test left open, and the Run menu may act on one of those instead.
    """
    page.goto(f"{url}/lab/tree/notebooks/{notebook}?reset")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=90_000)
    current = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current")
    current.filter(has_text=notebook).wait_for(timeout=30_000)
    assert page.locator(".jp-NotebookPanel").count() == 1, "other notebooks were reopened"
    page.get_by_text("| Idle").first.wait_for(timeout=90_000)  # the kernel is ready
    for _ in range(3):
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
        try:  # a prompt shows [*] or [1] once cells run
            page.wait_for_function(
                "() => Array.from(document.querySelectorAll('.jp-InputPrompt'))"
                ".some(p => /\\[(\\*|\\d+)\\]/.test(p.innerText))",
                timeout=15_000,
            )
            return
        except Exception:
            page.keyboard.press("Escape")
    raise AssertionError(f"{notebook}: Run All Cells did not start")


def outputs(page) -> str:
    """The text of every output area, for a failure message that says what the page showed."""
    return "\n".join(page.locator(".jp-OutputArea-output").all_inner_texts())[:2000]


def test_network_report_runs_in_jupyterlab(page, lab):
    run_all(page, lab, "network_report.ipynb")
    image = page.locator(".jp-OutputArea-output img").first
    image.wait_for(state="visible", timeout=120_000)
    assert image.get_attribute("src").startswith("data:image/png")
    page.wait_for_selector(".jp-OutputArea-output table", timeout=60_000)
    assert page.locator(".jp-OutputArea-output.jp-RenderedText[data-mime-type*=error]").count() == 0
    assert page.errors == []


def test_prepare_interview_renders_its_widgets_in_jupyterlab(page, lab):
    run_all(page, lab, "prepare_interview.ipynb")
    try:
        page.wait_for_selector(".ivk-app .ivk-planner-list .widget-hbox", timeout=120_000)
    except Exception as error:
        raise AssertionError(f"the app did not render; outputs:\n{outputs(page)}") from error
    assert page.locator(".ivk-planner-contact select option").count() > 100
    assert page.errors == []
