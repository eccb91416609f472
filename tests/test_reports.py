"""Notebooks, papermill runs, HTML reports and the batch runner, with real kernels."""

from __future__ import annotations

import json
import re
import time

import nbformat
import pandas as pd
import papermill as pm
import pytest

from infoview_kit import save_contacts
from infoview_kit.cli import main
from infoview_kit.errors import ReportError
from infoview_kit.reports import ReportKernel, notebook_path, run_batch, run_report, slugify
from infoview_kit.sample import make_contacts

from .conftest import ROOT

pytestmark = pytest.mark.slow

NOTEBOOK_PARAMETERS = {
    "workshop.ipynb": {"contacts_path"},
    "network_report.ipynb": {"contacts_path", "owner", "as_of", "read_options", "cohort_figures"},
    "prepare_interview.ipynb": {"contacts_path", "read_options"},
    "cohort_dashboard.ipynb": {"cohort_dir", "as_of", "anonymize"},
}
CANARY = "Quillon Canarywhistle"
REMOTE = re.compile(r"""(?:src|href)\s*=\s*["']?https?://""", re.IGNORECASE)


@pytest.fixture(scope="module")
def sheets(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sheets")
    hostile = make_contacts(40, seed=11)
    hostile.loc[0, "name"] = "<script>alert(1)</script>"
    hostile.loc[0, ["met_on", "thanked_on", "status"]] = [
        pd.Timestamp("2026-10-14"),
        pd.NaT,
        "met",
    ]  # a thank-you is due
    hostile.loc[1, "notes"] = "<img src=x onerror=alert(2)>"
    hostile.loc[2, "company"] = "<b>Bold & Co</b>"
    canary = make_contacts(30, seed=12)
    canary.loc[0, "name"] = CANARY
    canary.loc[0, ["met_on", "thanked_on", "status"]] = [pd.Timestamp("2026-10-31"), pd.NaT, "met"]
    return {
        "hostile": save_contacts(hostile, folder / "hostile.csv"),
        "canary": save_contacts(canary, folder / "canary.csv"),
        "plain": save_contacts(make_contacts(25, seed=13), folder / "Ana Díaz (copy).csv"),
        "broken": _write(folder / "broken.csv", b"\x00\x01\x02 not a sheet \xff" * 40),
        "empty": _write(folder / "empty.csv", b""),
    }


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("name", sorted(NOTEBOOK_PARAMETERS))
def test_each_notebook_has_the_documented_parameters(name):
    path = notebook_path(name)
    found = pm.inspect_notebook(str(path))
    assert set(found) == NOTEBOOK_PARAMETERS[name]
    notebook = nbformat.read(path, as_version=4)
    first_code = next(c for c in notebook.cells if c.cell_type == "code")
    assert "parameters" in first_code.metadata.get("tags", [])
    for line in first_code.source.splitlines():  # literals only
        assert re.match(r"^\w+ = (\"[^\"]*\"|True|False|-?\d+(\.\d+)?|\{\})\s*(#.*)?$", line), line


def test_papermill_injects_and_runs(tmp_path, sheets):
    out = tmp_path / "executed.ipynb"
    pm.execute_notebook(
        str(notebook_path("network_report.ipynb")),
        str(out),
        parameters={"contacts_path": str(sheets["plain"]), "owner": "Ana", "as_of": "2026-11-01"},
        progress_bar=False,
        kernel_name="python3",
    )
    executed = nbformat.read(out, as_version=4)
    injected = [c for c in executed.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1
    assert 'owner = "Ana"' in injected[0].source and 'as_of = "2026-11-01"' in injected[0].source
    outputs = [o for c in executed.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert sum("image/png" in o.get("data", {}) for o in outputs) >= 6
    assert not [o for o in outputs if o.get("output_type") == "error"]
    html = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert "Networking report: Ana" in html and "Saturday 01 November 2026" not in html


def test_cli_report_is_offline_html_with_hidden_code(tmp_path, sheets):
    out = tmp_path / "report.html"
    code = main(
        [
            "report",
            str(sheets["plain"]),
            "-o",
            str(out),
            "--owner",
            "Ana Díaz",
            "--as-of",
            "2026-11-01",
            "--keep-notebook",
        ]
    )
    assert code == 0
    page = out.read_text(encoding="utf-8")
    assert "Networking report: Ana Díaz" in page
    assert page.count("data:image/png;base64") >= 6  # images inline
    assert not REMOTE.search(page)  # nothing fetched from the network when opened
    assert "import matplotlib" not in page and "NetworkReport(" not in page  # code hidden
    assert out.with_suffix(".ipynb").exists()


def test_contact_text_is_escaped_in_the_report(tmp_path, sheets):
    out = run_report(sheets["hostile"], tmp_path / "hostile.html", as_of="2026-10-15")
    page = out.read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x onerror" not in page and "<b>Bold & Co</b>" not in page


def test_unreadable_sheet_fails_fast_with_the_loaders_message(tmp_path, sheets, capsys):
    assert main(["report", str(sheets["empty"]), "-o", str(tmp_path / "x.html")]) == 2
    assert "is empty" in capsys.readouterr().err
    assert not (tmp_path / "x.html").exists()


def test_batch_with_a_broken_sheet(tmp_path, sheets, capsys):
    files = [sheets["plain"], sheets["broken"], sheets["hostile"], sheets["plain"]]
    out = tmp_path / "reports"
    code = main(["batch", *map(str, files), "-o", str(out), "--jobs", "2", "--as-of", "2026-11-01"])
    assert code == 1  # one failed
    summary = pd.read_csv(out / "summary.csv")
    assert list(summary["status"]) == ["ok", "failed", "ok", "ok"]
    assert "does not look like a spreadsheet" in summary.loc[1, "error"]
    assert pd.isna(summary.loc[1, "html"])
    assert list(summary.loc[[0, 3], "html"]) == ["ana-diaz-copy.html", "ana-diaz-copy-2.html"]
    for column in ("contacts", "contacted", "responded", "response_rate", "met", "follow_ups_due"):
        assert summary.loc[0, column] >= 0
    assert summary.loc[0, "contacts"] == 25
    made = sorted(p.name for p in out.iterdir())
    assert made == [
        ".batch-state.json",
        "ana-diaz-copy-2.html",
        "ana-diaz-copy.html",
        "cohort_dashboard.html",
        "hostile.html",
        "index.html",
        "summary.csv",
    ]  # the broken sheet has no report, nothing temporary remains
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "ana-diaz-copy.html" in index and "broken.csv" in index and "Failed" in index
    assert "href='cohort_dashboard.html'" in index
    board = (out / "cohort_dashboard.html").read_text(encoding="utf-8")
    assert "Ana Díaz (Copy)" in board and "does not look like a spreadsheet" in board
    assert "<title>Cohort dashboard</title>" in board  # the browser tab says which page it is
    lines = capsys.readouterr().out.splitlines()
    assert sum(line.startswith("[") for line in lines) == 4  # a line per report, not a bar


def test_rerun_replaces_and_drops_stale_reports(tmp_path, sheets):
    out = tmp_path / "reports"
    run_batch([sheets["plain"]], out, jobs=1, progress=False)
    first = (out / "ana-diaz-copy.html").stat().st_mtime_ns
    (out / "broken.html").write_text("stale")
    run_batch([sheets["plain"], sheets["broken"]], out, jobs=1, progress=False)
    assert (out / "ana-diaz-copy.html").stat().st_mtime_ns == first  # unchanged: skipped
    assert not (out / "broken.html").exists()
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == [".batch-state.json"]
    run_batch([sheets["plain"]], out, jobs=1, progress=False, force=True)
    assert (out / "ana-diaz-copy.html").stat().st_mtime_ns > first


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("../../etc/passwd", "etc-passwd"),
        ("Ana Díaz", "ana-diaz"),
        ("...", "report"),
        ("CON", "con"),
        ("a/b\\c:d*e", "a-b-c-d-e"),
    ],
)
def test_slugs_are_safe(name, slug):
    assert slugify(name) == slug


def test_warm_kernel_keeps_nothing_of_the_previous_person(tmp_path, sheets):
    with ReportKernel() as kernel:
        run_report(sheets["canary"], tmp_path / "a.html", kernel=kernel, as_of="2026-11-01")
        assert CANARY in (tmp_path / "a.html").read_text(encoding="utf-8")
        run_report(sheets["plain"], tmp_path / "b.html", kernel=kernel, as_of="2026-11-01")
        assert CANARY not in (tmp_path / "b.html").read_text(encoding="utf-8")
        # After the reset that opens every report, no object in the kernel holds the canary.
        from infoview_kit.reports import RESET_CODE

        kernel.run_code(RESET_CODE)
        probe = f"""
import gc, json, pandas as pd
held = sum(1 for o in gc.get_objects() if isinstance(o, pd.DataFrame)
           and o.astype(str).apply(lambda s: s.str.contains({CANARY!r})).any().any())
names = [n for n in globals() if not n.startswith('_')]
print(json.dumps({{"held": held, "names": names}}))
"""
        from jupyter_core.utils import run_sync

        seen = []

        async def ask():
            client = kernel.km.client()
            client.start_channels()
            try:
                await client.wait_for_ready(timeout=60)
                await client.execute_interactive(probe, output_hook=seen.append, timeout=60)
            finally:
                client.stop_channels()

        run_sync(ask)()
        text = "".join(m["content"].get("text", "") for m in seen if m["msg_type"] == "stream")
        result = json.loads(text.strip().splitlines()[-1])
        assert result["held"] == 0
        assert not {"report", "contacts", "contacts_path", "owner"} & set(result["names"])


def test_report_kernels_leave_no_history_of_the_people_in_them(tmp_path, sheets, monkeypatch):
    home = tmp_path / "ipython"  # where IPython would keep every cell a kernel runs
    monkeypatch.setenv("IPYTHONDIR", str(home))
    with ReportKernel() as kernel:
        run_report(sheets["canary"], tmp_path / "a.html", kernel=kernel, as_of="2026-11-01")
    assert CANARY in (tmp_path / "a.html").read_text(encoding="utf-8")
    kept = [p for p in home.rglob("*") if p.is_file() and CANARY.encode() in p.read_bytes()]
    assert kept == []
    assert not list(home.rglob("history.sqlite"))


def test_timeout_stops_the_report_and_the_kernel_recovers(tmp_path):
    from nbformat.v4 import new_code_cell, new_notebook

    slow = new_notebook(cells=[new_code_cell("import time\ntime.sleep(60)")])
    with ReportKernel(warm=False) as kernel:
        with pytest.raises(ReportError, match="longer than 2 s"):
            kernel.execute(slow, timeout=2, label="slow.csv")
        quick = new_notebook(cells=[new_code_cell("print(6 * 7)")])
        done = kernel.execute(quick, timeout=30)
        assert done.cells[0].outputs[0]["text"].strip() == "42"


def test_a_kernel_runs_its_reports_through_one_client_and_any_thread_may_use_it():
    """A new client waits about 0.2 s for its channels before it runs anything: a kernel keeps
    the one its reports run through. Another thread (the cohort dashboard, after the batch's
    threads) gets one of its own."""
    import threading

    from nbformat.v4 import new_code_cell, new_notebook

    def answer(kernel, n):
        done = kernel.execute(new_notebook(cells=[new_code_cell(f"print({n} * 7)")]), timeout=30)
        return done.cells[0].outputs[0]["text"].strip()

    with ReportKernel(warm=False) as kernel:
        assert answer(kernel, 6) == "42"
        first = kernel.kc
        assert answer(kernel, 7) == "49" and kernel.kc is first
        elsewhere = []
        thread = threading.Thread(target=lambda: elsewhere.append(answer(kernel, 8)))
        thread.start()
        thread.join()
        assert elsewhere == ["56"] and kernel.kc is not first
        assert answer(kernel, 9) == "63"
    assert kernel.kc is None  # let go with the kernel


def test_a_kernel_killed_between_reports_is_started_again_for_the_next():
    import os
    import signal

    from nbformat.v4 import new_code_cell, new_notebook

    def answer(kernel, n):
        done = kernel.execute(new_notebook(cells=[new_code_cell(f"print({n} * 7)")]), timeout=30)
        return done.cells[0].outputs[0]["text"].strip()

    with ReportKernel(warm=False) as kernel:
        assert answer(kernel, 6) == "42"
        os.kill(kernel.km.provisioner.process.pid, signal.SIGKILL)  # the system ran short
        time.sleep(0.5)
        assert answer(kernel, 7) == "49"


def test_batch_on_a_dask_cluster(tmp_path, sheets):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1"
    ) as cluster:
        summary = run_batch(
            [sheets["plain"], sheets["broken"], sheets["canary"]],
            tmp_path / "dask",
            scheduler=cluster.scheduler_address,
            as_of="2026-11-01",
            progress=False,
        )
    assert list(summary["status"]) == ["ok", "failed", "ok"]
    assert (tmp_path / "dask" / "canary.html").exists()


def test_make_demo_job_on_the_bundled_cohort_is_documented():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "reports/index.html" in readme


def test_report_images_have_alt_text_and_outputs_are_reachable_by_keyboard(tmp_path, sheets):
    page = run_report(sheets["plain"], tmp_path / "a11y.html", as_of="2026-11-01").read_text(
        encoding="utf-8"
    )
    images = re.findall(r"<img[^>]*>", page)
    assert images and all("alt=" in image for image in images)
    outputs = re.findall(r'<div[^>]*class="[^"]*\bjp-OutputArea-output\b[^"]*"[^>]*>', page)
    assert outputs and all('tabindex="0"' in div for div in outputs)


def test_a_failed_report_keeps_its_notebook_and_names_the_cell(tmp_path, sheets, monkeypatch):
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    from infoview_kit.reports import report

    broken = new_notebook(
        cells=[
            new_markdown_cell("# A report"),
            new_code_cell('contacts_path = ""', metadata={"tags": ["parameters"]}),
            new_code_cell("print('fine so far')"),
            new_code_cell("ratio = 1 / 0"),
        ],
        metadata={
            "kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}
        },
    )
    template = tmp_path / "broken.ipynb"
    nbformat.write(broken, template)
    from papermill.iorw import load_notebook_node

    monkeypatch.setattr(report, "_report_template", lambda: load_notebook_node(str(template)))
    out = tmp_path / "ana.html"
    with pytest.raises(ReportError) as failure:
        run_report(sheets["plain"], out, as_of="2026-11-01")
    message = str(failure.value)
    # markdown 1, parameters 2, injected parameters 3, print 4, the division 5
    assert "cell 5 ('ratio = 1 / 0')" in message and "ZeroDivisionError" in message
    kept = tmp_path / "ana.failed.ipynb"
    assert str(kept) in message and not out.exists()
    executed = nbformat.read(kept, as_version=4)
    assert executed.cells[3].outputs[0]["text"].strip() == "fine so far"
    assert executed.cells[4].outputs[0]["ename"] == "ZeroDivisionError"


def test_links_planted_in_the_output_folder_are_never_followed(tmp_path, sheets):
    out, victims = tmp_path / "reports", tmp_path / "victims"
    out.mkdir()
    victims.mkdir()
    for name in ("ana-diaz-copy", "broken"):
        (victims / f"{name}.txt").write_text("not yours")
        (out / f"{name}.html").symlink_to(victims / f"{name}.txt")
    (out / "summary.csv").write_text("input\n")  # an earlier batch's folder
    summary = run_batch([sheets["plain"], sheets["broken"]], out, jobs=1, progress=False)
    assert summary["status"].tolist() == ["ok", "failed"]
    for name in ("ana-diaz-copy", "broken"):  # neither overwritten nor deleted
        assert (victims / f"{name}.txt").read_text() == "not yours"
    report = out / "ana-diaz-copy.html"
    assert report.is_file() and not report.is_symlink() and "<html" in report.read_text()
    assert (out / "broken.html").is_symlink()  # a link the batch did not write is left alone


class _NoKernel:
    def start(self):
        pass

    def stop(self):
        pass


def test_ctrl_c_stops_the_batch_and_still_writes_the_summary(tmp_path, sheets, monkeypatch):
    from infoview_kit.reports import runner

    started = []

    def render(task, kernel=None):
        started.append(task.name)
        if len(started) == 2:
            raise KeyboardInterrupt
        time.sleep(0.3)  # a report takes a while
        return {"status": "ok", "error": "", "page": "<html></html>", "seconds": 0.3}

    monkeypatch.setattr(runner, "ReportKernel", _NoKernel)
    monkeypatch.setattr(runner, "render", render)
    files = [sheets["plain"]] * 8
    with pytest.raises(KeyboardInterrupt):
        run_batch(files, tmp_path / "out", jobs=1, progress=False)
    assert len(started) < len(files)  # no new report was started after Ctrl-C
    summary = pd.read_csv(tmp_path / "out" / "summary.csv")
    assert summary["status"].iloc[0] == "ok"
    assert (summary["status"].iloc[1:] == "stopped").sum() >= len(files) - 3
    assert "stopped" in (tmp_path / "out" / "index.html").read_text()


class _BrokenKernel(_NoKernel):
    def start(self):
        raise OSError("no kernel here")


def test_a_kernel_that_cannot_start_fails_the_reports_instead_of_hanging(
    tmp_path, sheets, monkeypatch
):
    from infoview_kit.reports import runner

    monkeypatch.setattr(runner, "ReportKernel", _BrokenKernel)
    files = [sheets["plain"]] * 2
    summary = run_batch(files, tmp_path / "out", jobs=2, progress=False, dashboard=False)
    assert (summary["status"] == "failed").all()
    assert (
        summary["error"]
        .str.contains("could not start (OSError: no kernel here)", regex=False)
        .all()
    )


SLOW_BATCH = """
import sys
from papermill.iorw import load_notebook_node
from infoview_kit.reports import report
from infoview_kit.cli import main

report._report_template = lambda: load_notebook_node(sys.argv[1])
sys.exit(main(["batch", sys.argv[2], "-o", sys.argv[3], "--timeout", "2", "--jobs", "1"]))
"""


def test_a_timeout_in_a_batch_is_one_line_without_traceback_noise(tmp_path, sheets):
    import os
    import subprocess
    import sys

    from nbformat.v4 import new_code_cell, new_notebook

    slow = new_notebook(
        cells=[
            new_code_cell('contacts_path = ""', metadata={"tags": ["parameters"]}),
            new_code_cell("import time\ntime.sleep(60)"),
        ],
        metadata={
            "kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}
        },
    )
    template = tmp_path / "slow.ipynb"
    nbformat.write(slow, template)
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            SLOW_BATCH,
            str(template),
            str(sheets["plain"]),
            str(tmp_path / "o"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 1
    assert "FAILED" in done.stdout and "took longer than 2 s" in done.stdout
    assert done.stderr.strip() == ""  # no traceback, no "Task was destroyed", nothing


PEOPLE = ["zebulon_quartz", "ottoline_vexley", "perpetua_nimms", "ignatius_bowe", "hepzibah_lunt"]


def test_an_anonymised_batch_names_nobody_and_compares_with_the_cohort(tmp_path):
    from infoview_kit.cohort import pseudonyms

    folder, out = tmp_path / "cohort", tmp_path / "out"
    folder.mkdir()
    for i, person in enumerate(PEOPLE):
        contacts = make_contacts(30, seed=20 + i)
        if i == 0:  # nothing sent in the last 14 days: needs the coach's attention
            contacts["contacted_on"] = pd.Timestamp("2026-08-01")
        save_contacts(contacts, folder / f"{person}.csv")
    _write(folder / "secret_person.csv", b"\x00\x01 not a sheet \xff" * 40)
    files = sorted(str(p) for p in folder.iterdir())
    args = ["batch", *files, "-o", str(out), "--jobs", "2", "--as-of", "2026-11-01"]
    assert main([*args, "--anonymize"]) == 1
    labels = pseudonyms(
        [p.stem for p in sorted(folder.iterdir())], (out / ".cohort-secret").read_bytes().strip()
    )
    summary = pd.read_csv(out / "summary.csv")
    assert list(summary["owner"]) == list(labels.values())
    words = [*PEOPLE, "secret_person", "secret person", str(folder)]
    words += [p.replace("_", " ") for p in PEOPLE]
    for path in out.iterdir():
        text = path.name + ("" if path.name == ".cohort-secret" else path.read_text("utf-8"))
        for word in words:
            assert word.lower() not in text.lower(), (word, path.name)
    broken = summary.set_index("owner").loc[labels["secret_person"]]
    assert broken["status"] == "failed" and "does not look like a spreadsheet" in broken["error"]
    quiet = summary.set_index("owner").loc[labels["zebulon_quartz"]]
    assert "no outreach in 14 days" in quiet["needs_attention"]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "<table class='sortable'>" in index and "&#9888; no outreach in 14 days" in index
    assert "data:image/png;base64," in index and not REMOTE.search(index)
    # five readable sheets: each report shows the cohort's median share answered
    ok = summary[summary["status"] == "ok"]
    median = float(ok["response_rate"].median())
    page = (out / ok["html"].iloc[1]).read_text(encoding="utf-8")
    assert "You and your cohort" in page and "Typical in your group" in page
    assert f'<td data-label="Typical in your group">{median:.0%}</td>' in page


def test_the_coach_index_flags_escapes_and_sorts_offline(tmp_path):
    from infoview_kit.reports.index import attention, index_html

    base = {"status": "ok", "error": "", "contacts": 10, "contacted": 8, "responded": 4,
            "response_rate": 0.5, "met": 2, "thanks_overdue": 0, "follow_ups_overdue": 1,
            "problems": 0, "requests_this_week": 3}  # fmt: skip
    rows = [
        {**base, "input": "a.csv", "owner": "<script>x()</script>", "html": "a.html",
         "days_since_outreach": 2.0},
        {**base, "input": "b.csv", "owner": "Quiet", "html": "b.html", "days_since_outreach": 30.0,
         "thanks_overdue": 2, "problems": 12},
        {**base, "input": "c.csv", "owner": "C", "html": "", "status": "failed",
         "error": "<b>bad</b>"},
    ]  # fmt: skip
    summary = pd.DataFrame(rows)
    assert attention(rows[0]) == ""
    assert attention(rows[1]) == ("no outreach in 14 days; thank-yous overdue; many data problems")
    summary["needs_attention"] = [attention(r) for r in rows]
    path = tmp_path / "summary.csv"
    summary.to_csv(path, index=False)
    page = index_html(pd.read_csv(path))  # as read back: empty cells are NaN
    assert "<script>x()" not in page and "&lt;script&gt;x()&lt;/script&gt;" in page
    assert "<b>bad</b>" not in page and ">nan<" not in page and "&#9888; nan" not in page
    assert "1 participant(s) need attention" in page
    assert "data-v='0.5000'>50%</td>" in page  # the value sorted on, beside what is shown
    assert page.count("<button>") == 10 and not REMOTE.search(page)
    assert "href='cohort_dashboard.html'" not in page
    assert "href='cohort_dashboard.html'" in index_html(summary, dashboard=True)
