"""The repository keeps its promises: conda mirrors pip, the README documents every command,
notebooks are committed clean."""

from __future__ import annotations

import json
import re
import tomllib

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
