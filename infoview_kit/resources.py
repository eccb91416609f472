"""Where the kit's notebooks and sample sheets are, installed or in a source checkout.

A wheel carries them inside the package (``infoview_kit/notebooks``, ``infoview_kit/data``;
setup.py copies them there). An editable install or a checkout on ``PYTHONPATH`` keeps them at
the top of the repository, beside the package. Both are found through importlib.resources.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from .errors import ReportError

__all__ = ["cohort_files", "kit_file", "notebook_path", "sample_path"]


def _package() -> Path:
    # Installed wheels are unpacked on disk; papermill and Voila need real paths.
    return Path(str(resources.files("infoview_kit")))


def kit_file(folder: str, name: str) -> Path:
    """The path of ``folder/name`` (folder: "notebooks" or "data"), wherever the kit lives.

    Raises
    ------
    ReportError
        The file is in neither place: the installation is incomplete.
    """
    package = _package()
    for base in (package / folder, package.parent / folder):
        if (base / name).exists():
            return base / name
    raise ReportError(
        f"{folder}/{name} is missing from this installation of infoview-kit ({package}). "
        "Reinstall it: pip install --force-reinstall infoview-kit"
    )


def notebook_path(name: str) -> Path:
    """One of the kit's notebooks, such as ``"network_report.ipynb"``."""
    return kit_file("notebooks", name)


def sample_path() -> Path:
    """The bundled synthetic sample sheet (``data/sample_contacts.csv``)."""
    return kit_file("data", "sample_contacts.csv")


def cohort_files() -> list[Path]:
    """The bundled synthetic cohort: one sheet per participant (``data/cohort/*.csv``)."""
    return sorted(kit_file("data", "cohort").glob("*.csv"))
