"""``infoview-kit app``: serve the interview planner with Voilà, on this machine only.

The page is ``prepare_interview.ipynb`` with its ``contacts_path`` parameter injected (where
papermill puts it) into a private copy, served by Voilà on 127.0.0.1 with the settings committed
in ``infoview_kit/voila.json`` (sources stripped, no tracebacks, a cell time limit, only
``127.0.0.1``/``localhost`` host names, idle kernels culled) through
:mod:`infoview_kit.voila_launch` (the next page's kernel started ahead, a page's kernel shut down
when it closes, a bounded number of pages, Voilà stopped with the app however the app ends).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

from .errors import ReportError
from .resources import notebook_path, sample_path

__all__ = ["VOILA_CONFIG", "app_notebook", "free_port", "serve", "stop_process", "voila_command"]

VOILA_CONFIG = Path(__file__).with_name("voila.json")
# voila_launch's flag, spelled here so that the app's own process need not import Voilà's
# server (about 2 s); tests/test_server.py keeps the two equal
LIFELINE = "--stdin-lifeline"
# Run as a script, with -P (its folder not on the path): as ``-m infoview_kit.voila_launch`` the
# package's __init__ would load pandas and matplotlib into the server process (about 0.9 s).
LAUNCHER = Path(__file__).with_name("voila_launch.py")


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def app_notebook(
    contacts_path: str | Path | list | None, folder: str | Path, **read_options
) -> Path:
    """A copy of ``prepare_interview.ipynb`` in ``folder`` that starts on ``contacts_path``.

    ``contacts_path`` is one sheet, a list of sheets (one network) or None for the sample;
    ``read_options`` (dayfirst, sheet, columns) are checked against it before the page starts.
    """
    if not contacts_path:
        source: str | list[str] = str(sample_path())  # known good: not read twice
    else:
        if isinstance(contacts_path, list | tuple):
            source = [str(Path(p).resolve()) for p in contacts_path]
        else:
            source = str(Path(contacts_path).resolve())
        from .contacts import check_contacts

        check_contacts(source, **read_options)  # a sheet that cannot be read is said now
    # The notebook is JSON: the parameters go in as papermill puts them, in a cell tagged
    # "injected-parameters" after the "parameters" cell, without loading papermill or
    # nbformat (their schema checks cost seconds before the page can start).
    notebook = json.loads(notebook_path("prepare_interview.ipynb").read_text(encoding="utf-8"))
    values = {"contacts_path": source, "read_options": read_options}
    cell = {
        "cell_type": "code",
        "execution_count": None,
        "id": "injected-parameters",
        "metadata": {"tags": ["injected-parameters"]},
        "outputs": [],
        "source": "# Parameters\n" + "".join(f"{k} = {_literal(v)}\n" for k, v in values.items()),
    }
    cells = notebook["cells"]
    tags = [c.get("metadata", {}).get("tags", []) for c in cells]
    cells[:] = [c for c, t in zip(cells, tags) if "injected-parameters" not in t]
    after = next((i + 1 for i, t in enumerate(tags) if "parameters" in t), 0)
    cells.insert(after, cell)
    target = Path(folder) / "prepare_interview.ipynb"
    target.write_text(json.dumps(notebook, indent=1, ensure_ascii=False), encoding="utf-8")
    return target


def _literal(value) -> str:
    """``value`` as Python source: strings, numbers, booleans, None, lists and dicts."""
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a Python string
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, Mapping):
        items = ", ".join(f"{_literal(str(k))}: {_literal(v)}" for k, v in value.items())
        return "{" + items + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    raise TypeError(f"cannot pass {type(value).__name__} to the app notebook")


def voila_command(
    notebook: Path, port: int, *, max_pages: int | None = None, lifeline: bool = True
) -> list[str]:
    """The command that serves ``notebook`` with Voilà and the committed settings.

    Parameters
    ----------
    notebook
        The notebook to serve.
    port
        The loopback port to serve on.
    max_pages
        How many pages (one kernel each) may be open at once; default: ``voila.json``'s.
    lifeline
        Whether Voilà stops when its standard input closes, i.e. when the process that started
        it with ``stdin=subprocess.PIPE`` ends, however it ends.
    """
    settings = json.loads(VOILA_CONFIG.read_text(encoding="utf-8"))
    if max_pages is not None:
        if max_pages < 1:
            raise ValueError(f"max_pages must be at least 1, not {max_pages}")
        settings.setdefault("BoundedKernelManager", {})["max_kernels"] = max_pages
    command = [sys.executable, "-P", str(LAUNCHER)]
    if lifeline:
        command.append(LIFELINE)
    command += [
        str(notebook),
        f"--port={port}",
        "--no-browser",
        f"--Voila.config_file_paths={VOILA_CONFIG.parent}",
    ]
    for section, values in settings.items():
        for key, value in values.items():
            if isinstance(value, bool | int):
                command.append(f"--{section}.{key}={value}")
    return command


def serve(
    contacts_path: str | Path | list | None = None,
    *,
    port: int | None = None,
    max_pages: int | None = None,
    **read_options,
) -> int:
    """Serve the app until interrupted, terminated or hung up; prints the address to open.

    Voilà runs in its own process group, tied to this process by a pipe on its standard input:
    however this process ends (Ctrl-C, ``kill``, a closed terminal, even ``kill -9``), Voilà
    stops and shuts its kernels down.

    Parameters
    ----------
    contacts_path
        The sheet (or list of sheets) the page starts with; None for the bundled sample.
    port
        The port on 127.0.0.1 (default: a free one).
    max_pages
        How many pages may be open at once (default: ``voila.json``'s, 6).
    **read_options
        ``dayfirst``, ``sheet``, ``columns`` as :func:`~infoview_kit.check_contacts` takes them.

    Returns
    -------
    int
        Voilà's exit status, or 0 when the app was asked to stop.

    Raises
    ------
    ReportError
        The server could not start (for example, the port is taken).
    """
    port = port or free_port()
    with tempfile.TemporaryDirectory(prefix="infoview-app-") as folder:
        notebook = app_notebook(contacts_path, folder, **read_options)
        command = voila_command(notebook, port, max_pages=max_pages)
        print(
            f"infoview-kit app: open http://127.0.0.1:{port}/ in your browser "
            "(press Ctrl-C to stop). Your sheet stays on this computer.",
            flush=True,
        )
        try:
            process = subprocess.Popen(
                command, cwd=folder, stdin=subprocess.PIPE, start_new_session=os.name == "posix"
            )
        except OSError as exc:
            raise ReportError(f"the app could not start: {exc}") from None

        def stop(signum, frame) -> None:  # a terminated app stops its server and kernels too
            raise KeyboardInterrupt

        endings = [signal.SIGTERM] + ([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])
        previous = {ending: signal.signal(ending, stop) for ending in endings}
        try:
            return process.wait()
        except KeyboardInterrupt:
            stop_process(process, timeout=20)
            return 0
        finally:
            for ending, handler in previous.items():
                signal.signal(ending, handler)


def _send(process: subprocess.Popen, signum: int) -> None:
    """Signal ``process``, and its whole process group when it leads one."""
    try:
        if os.name == "posix" and os.getpgid(process.pid) == process.pid:
            os.killpg(process.pid, signum)
        else:
            process.send_signal(signum)
    except ProcessLookupError:  # already gone
        pass


def stop_process(process: subprocess.Popen, *, timeout: float = 15) -> None:
    """Ask ``process`` (and its group, if it leads one) to end; kill them after ``timeout`` s."""
    if process.stdin is not None:
        with contextlib.suppress(OSError):
            process.stdin.close()  # its lifeline, if it watches one
    if process.poll() is None:
        _send(process, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        _send(process, signal.SIGKILL if hasattr(signal, "SIGKILL") else signal.SIGTERM)
        process.wait()
