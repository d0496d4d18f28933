"""pyproject.toml and environment.yml describe the same environment."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
#: conda-forge names of PyPI packages that are named differently there.
CONDA_NAMES = {"duckdb": "python-duckdb"}


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[]", requirement, maxsplit=1)[0].lower()


def test_environment_yml_installs_every_dependency_of_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = project["dependencies"] + project["optional-dependencies"]["test"]
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())["dependencies"]
    conda = {_name(entry) for entry in environment if isinstance(entry, str)}
    pip = next(entry["pip"] for entry in environment if isinstance(entry, dict))
    pip_names = {_name(entry) for entry in pip}
    for requirement in wanted:
        name = _name(requirement)
        assert CONDA_NAMES.get(name, name) in conda | pip_names, name
    assert '-e ".[test]"' in pip


def test_package_has_its_console_script():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["name"] == "client-retention-toolkit"
    assert project["scripts"]["retention"] == "toolkit.cli:main"
