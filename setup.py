"""Build step that ships the kit's notebooks and sample data inside the package.

``notebooks/`` and ``data/`` stay at the top of the repository, where people open them. A wheel
needs them inside ``infoview_kit`` so that an installed kit finds them with importlib.resources:
this copies them to ``infoview_kit/notebooks`` and ``infoview_kit/data`` in the build folder.
An editable install (``pip install -e .``) reads them from the checkout instead (see
``infoview_kit/resources.py``).
"""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
#: (folder in the repository, file patterns, folder inside the package)
BUNDLED = [
    ("notebooks", ["*.ipynb"], "notebooks"),
    ("data", ["*.csv", "README.md"], "data"),
    ("data/cohort", ["*.csv"], "data/cohort"),
]


class BuildWithNotebooks(build_py):
    """``build_py`` that also copies the notebooks and the sample sheets into the package."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        package = Path(self.build_lib) / "infoview_kit"
        for source, patterns, target in BUNDLED:
            destination = package / target
            self.mkpath(str(destination))
            for pattern in patterns:
                for path in sorted((HERE / source).glob(pattern)):
                    self.copy_file(str(path), str(destination / path.name))


setup(cmdclass={"build_py": BuildWithNotebooks})
