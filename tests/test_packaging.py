"""The repository keeps its promises: conda mirrors pip, the README documents every command,
notebooks are committed clean and paired with their sources, and the wheel built from this
checkout runs every command from an unrelated folder in a fresh virtual environment."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import time
import tomllib
import urllib.request
import venv
import zipfile
from pathlib import Path

import pytest

import infoview_kit
from infoview_kit.cli import build_parser

from .conftest import ROOT


def _name_and_floor(requirement: str) -> tuple[str, str]:
    match = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(>=\s*[\w.]+)?", requirement)
    return match.group(1).lower().replace("_", "-"), (match.group(2) or "").replace(" ", "")


def test_environment_yml_mirrors_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pip = {_name_and_floor(r) for r in project["dependencies"]}
    conda = set()
    text = (ROOT / "environment.yml").read_text()
    for line in text[text.index("dependencies:") :].splitlines():
        item = line.strip()
        if item.startswith("- ") and not item.startswith(("- pip", "- -e", "- python")):
            conda.add(_name_and_floor(item[2:]))
    assert conda == pip


def test_readme_documents_every_command_with_its_help():
    readme = (ROOT / "README.md").read_text()
    assert readme.index("make demo") < 600 and readme.index("make test") < 600
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices
    for name, sub in commands.items():
        assert f"infoview-kit {name}" in readme, name
        for action in sub._actions:
            for flag in action.option_strings:
                if flag.startswith("--") and flag != "--help":
                    assert flag in readme, f"{name} {flag}"


def test_notebooks_are_committed_without_outputs():
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text())["cells"]
        for cell in cells:
            if cell["cell_type"] == "code":
                assert not cell.get("outputs") and not cell.get("execution_count"), path.name


def test_notebooks_and_their_jupytext_sources_agree():
    jupytext = pytest.importorskip("jupytext")
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    assert len(notebooks) == 4
    for path in notebooks:
        source = path.with_suffix(".py")
        assert source.exists(), f"{path.name} has no paired source {source.name}"
        committed, text = jupytext.read(path), jupytext.read(source)
        assert committed.metadata.get("jupytext", {}).get("formats") == "ipynb,py:percent"
        for a, b in zip(committed.cells, text.cells, strict=True):
            assert (a.cell_type, a.source) == (b.cell_type, b.source), path.name
            assert a.metadata.get("tags", []) == b.metadata.get("tags", []), path.name


def test_version_is_declared_once_in_spirit():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["version"] == infoview_kit.__version__
    assert project["license"] == "BSD-3-Clause" and (ROOT / "LICENSE").exists()
    versions = {c.rsplit(" ", 1)[-1] for c in project["classifiers"] if ":: 3." in c}
    assert "3.11" in versions and project["requires-python"] == ">=3.11"


# ---------------------------------------------------------------------------------------------
# The wheel, installed in a fresh virtual environment
# ---------------------------------------------------------------------------------------------

# The kit as a person gets it: no checkout on the path, no byte-code setting of ours.
_CLEAN_ENV = {
    k: v
    for k, v in os.environ.items()
    if k not in {"PYTHONPATH", "PYTHONDONTWRITEBYTECODE", "VIRTUAL_ENV", "PYTHONHOME"}
}


@pytest.fixture(scope="session")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    build = subprocess.run(
        # sdist first, then the wheel from it: nothing stale in build/ can reach the wheel,
        # and the source distribution is checked to carry the notebooks and data too.
        [sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        env=_CLEAN_ENV,
        timeout=300,
    )
    log = build.stdout + build.stderr
    assert build.returncode == 0, log[-3000:]
    warnings = [line for line in log.splitlines() if re.search(r"warning|deprecat", line, re.I)]
    assert not warnings, "the build warns:\n" + "\n".join(warnings)
    (path,) = out.glob("infoview_kit-*.whl")
    return path


def _dependencies_key() -> str:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    text = "\n".join([sys.version, *sorted(project["dependencies"])])
    return hashlib.sha256(text.encode()).hexdigest()[:12]


@pytest.fixture(scope="session")
def installed(wheel) -> Path:
    """A virtual environment without system site-packages, with this session's wheel installed.

    Installing the dependencies takes a minute or two, so the environment is kept in build/
    for as long as pyproject's dependencies stay the same; the kit itself is reinstalled from
    the freshly built wheel every session.
    """
    env_dir = ROOT / "build" / f"wheel-test-venv-{_dependencies_key()}"
    python = env_dir / "bin" / "python"
    fresh = not python.exists()
    if fresh:
        venv.EnvBuilder(with_pip=True, system_site_packages=False, clear=True).create(env_dir)
    command = [str(python), "-m", "pip", "install", "--quiet", str(wheel)]
    if not fresh:
        command[4:4] = ["--force-reinstall", "--no-deps"]
    pip = subprocess.run(command, capture_output=True, text=True, env=_CLEAN_ENV, timeout=600)
    assert pip.returncode == 0, pip.stderr[-3000:]
    return env_dir


def _run(env_dir: Path, *command: str, cwd: Path, timeout: float = 300):
    program = env_dir / "bin" / command[0]
    return subprocess.run(
        [str(program), *command[1:]],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**_CLEAN_ENV, "MPLBACKEND": "Agg"},
        timeout=timeout,
    )


def test_the_wheel_carries_what_the_kit_needs(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        "infoview_kit/voila.json",
        "infoview_kit/py.typed",
        "infoview_kit/data/questions.csv",
        "infoview_kit/data/published_question_ids.csv",
        "infoview_kit/data/sample_contacts.csv",
        "infoview_kit/reports/__init__.py",
        "infoview_kit/__main__.py",
    }
    expected |= {f"infoview_kit/notebooks/{p.name}" for p in (ROOT / "notebooks").glob("*.ipynb")}
    # The sample cohort's sheets; not the secret a dashboard run leaves beside them.
    sheets = (ROOT / "data/cohort").glob("*.csv")
    expected |= {f"infoview_kit/data/cohort/{p.name}" for p in sheets}
    assert not any(n.endswith(".cohort-secret") for n in names)
    assert expected <= names, sorted(expected - names)
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    text = zipfile.ZipFile(wheel).read(metadata).decode()
    assert "License-Expression: BSD-3-Clause" in text
    assert "Classifier: Programming Language :: Python :: 3.11" in text


@pytest.mark.slow
def test_installed_wheel_runs_every_command_from_another_folder(installed, tmp_path):
    where = _run(
        installed, "python", "-c", "import infoview_kit; print(infoview_kit.__file__)", cwd=tmp_path
    )
    assert where.stdout.strip().startswith(str(installed)), where  # not this checkout

    version = _run(installed, "infoview-kit", "--version", cwd=tmp_path)
    assert version.returncode == 0 and infoview_kit.__version__ in version.stdout
    helped = _run(installed, "python", "-m", "infoview_kit", "--help", cwd=tmp_path)
    assert helped.returncode == 0 and "batch" in helped.stdout and "report" in helped.stdout

    for name, seed in (("ana.csv", "1"), ("ben.csv", "2")):
        made = _run(
            installed,
            "infoview-kit",
            "sample",
            "-o",
            name,
            "--rows",
            "30",
            "--seed",
            seed,
            cwd=tmp_path,
        )
        assert made.returncode == 0, made.stderr
    report = _run(
        installed,
        "infoview-kit",
        "report",
        "ana.csv",
        "-o",
        "ana.html",
        "--owner",
        "Ana",
        "--as-of",
        "2026-11-01",
        cwd=tmp_path,
    )
    assert report.returncode == 0, report.stderr
    page = (tmp_path / "ana.html").read_text(encoding="utf-8")
    assert "Networking report: Ana" in page and "data:image/png;base64" in page

    batch = _run(
        installed,
        "infoview-kit",
        "batch",
        "ana.csv",
        "ben.csv",
        "-o",
        "cohort",
        "--jobs",
        "2",
        "--as-of",
        "2026-11-01",
        cwd=tmp_path,
    )
    assert batch.returncode == 0, batch.stdout + batch.stderr
    made = sorted(p.name for p in (tmp_path / "cohort").iterdir())
    assert made == [
        ".batch-state.json",
        "ana.html",
        "ben.html",
        "cohort_dashboard.html",
        "index.html",
        "summary.csv",
    ]


@pytest.mark.slow
def test_installed_app_serves_its_page(installed, tmp_path):
    from infoview_kit.server import free_port, stop_process

    port = free_port()
    app = subprocess.Popen(
        [str(installed / "bin" / "infoview-kit"), "app", "--port", str(port)],
        cwd=tmp_path,
        env={**_CLEAN_ENV, "MPLBACKEND": "Agg"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline, page = time.monotonic() + 120, ""
        while time.monotonic() < deadline and app.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=60) as reply:
                    page = reply.read().decode("utf-8", "replace")
                    break
            except OSError:
                time.sleep(1)
        assert app.poll() is None, app.stdout.read()
        assert "voila" in page.lower() and "<html" in page.lower()
    finally:
        stop_process(app, timeout=20)
