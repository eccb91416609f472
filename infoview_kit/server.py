"""``infoview-kit app``: serve the interview planner with Voilà, on this machine only.

The page is ``prepare_interview.ipynb`` with its ``contacts_path`` parameter injected (as
papermill does) into a private copy, served by Voilà on 127.0.0.1 with the settings committed
in ``infoview_kit/voila.json`` (sources stripped, no tracebacks, a cell time limit).
"""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

from .errors import ReportError
from .resources import notebook_path, sample_path

__all__ = ["VOILA_CONFIG", "app_notebook", "free_port", "voila_command", "serve"]

VOILA_CONFIG = Path(__file__).with_name("voila.json")


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
    import nbformat
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    from .contacts import check_contacts

    if not contacts_path:
        source: str | list[str] = str(sample_path())
    elif isinstance(contacts_path, list | tuple):
        source = [str(Path(p).resolve()) for p in contacts_path]
    else:
        source = str(Path(contacts_path).resolve())
    check_contacts(source, **read_options)  # a sheet that cannot be read is said now
    notebook = load_notebook_node(str(notebook_path("prepare_interview.ipynb")))
    notebook = parameterize_notebook(
        notebook, {"contacts_path": source}, kernel_name="python3", language="python"
    )
    target = Path(folder) / "prepare_interview.ipynb"
    nbformat.write(notebook, target)
    return target


def voila_command(notebook: Path, port: int) -> list[str]:
    """The Voilà command line, with the committed settings."""
    settings = json.loads(VOILA_CONFIG.read_text(encoding="utf-8"))
    command = [
        sys.executable,
        "-m",
        "voila",
        str(notebook),
        f"--port={port}",
        "--no-browser",
        f"--Voila.config_file_paths={VOILA_CONFIG.parent}",
    ]
    for section, values in settings.items():
        for key, value in values.items():
            if isinstance(value, bool | int) and not isinstance(value, list):
                command.append(f"--{section}.{key}={value}")
    return command


def serve(
    contacts_path: str | Path | list | None = None, *, port: int | None = None, **read_options
) -> int:
    """Serve the app until interrupted; prints the address to open.

    Parameters
    ----------
    contacts_path
        The sheet (or list of sheets) the page starts with; None for the bundled sample.
    port
        The port on 127.0.0.1 (default: a free one).
    **read_options
        ``dayfirst``, ``sheet``, ``columns`` as :func:`~infoview_kit.check_contacts` takes them.

    Raises
    ------
    ReportError
        The server could not start (for example, the port is taken).
    """
    port = port or free_port()
    with tempfile.TemporaryDirectory(prefix="infoview-app-") as folder:
        notebook = app_notebook(contacts_path, folder, **read_options)
        command = voila_command(notebook, port)
        print(
            f"infoview-kit app: open http://127.0.0.1:{port}/ in your browser "
            "(press Ctrl-C to stop). Your sheet stays on this computer.",
            flush=True,
        )
        try:
            process = subprocess.Popen(command, cwd=folder)
        except OSError as exc:
            raise ReportError(f"the app could not start: {exc}") from None

        def stop(signum, frame) -> None:  # a terminated app stops its server and kernels too
            raise KeyboardInterrupt

        previous = signal.signal(signal.SIGTERM, stop)
        try:
            return process.wait()
        except KeyboardInterrupt:
            stop_process(process, timeout=20)
            return 0
        finally:
            signal.signal(signal.SIGTERM, previous)


def stop_process(process: subprocess.Popen, *, timeout: float = 15) -> None:
    """Ask ``process`` to end; kill it if it has not ended after ``timeout`` seconds."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
