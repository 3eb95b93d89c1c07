"""The repository keeps its promises: generated files match their sources, no outputs, no drift."""

from __future__ import annotations

import filecmp
import json
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from stratkit.instructor.build import nbgrader_env

from tests.conftest import REPO


SOURCES = ("assignment.yaml", "demo-misconceptions.yaml")  # YAML in solutions/ that the build does not write


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and ".ipynb_checkpoints" not in p.parts and "__pycache__" not in p.parts}


@pytest.mark.slow
def test_exercises_and_built_sources_are_up_to_date(tmp_path: Path):
    """Rebuild everything from the YAML keys in a copy; nothing may differ from what is committed."""
    shutil.copy(REPO / "nbgrader_config.py", tmp_path / "nbgrader_config.py")
    def generated(folder: str, names: list[str]) -> list[str]:
        if Path(folder).name == "keys":
            return []
        return [n for n in names if n.endswith(".ipynb") or (n.endswith(".yaml") and n not in SOURCES)
                or n == ".ipynb_checkpoints"]

    shutil.copytree(REPO / "solutions", tmp_path / "solutions", ignore=generated)
    # keys/ and assignment.yaml only, plus the glossary's source: the copy starts without any generated file
    (tmp_path / "course").mkdir()
    shutil.copy(REPO / "course" / "glossary.yaml", tmp_path / "course" / "glossary.yaml")
    assert not list((tmp_path / "solutions").glob("*/*.ipynb"))
    process = subprocess.run([sys.executable, "-m", "stratkit", "build"], cwd=tmp_path, env=nbgrader_env(),
                             capture_output=True, text=True)
    assert process.returncode == 0, process.stdout + process.stderr
    for name in ("solutions", "exercises"):
        fresh, committed = _tree(tmp_path / name), _tree(REPO / name)
        stale = sorted(k for k in set(fresh) | set(committed) if fresh.get(k) != committed.get(k))
        assert not stale, f"{name}/ is out of date with solutions/*/keys: run 'make build' ({stale[:5]})"
    glossary = "07-glossary.ipynb"
    assert (tmp_path / "course" / glossary).read_bytes() == (REPO / "course" / glossary).read_bytes(), (
        f"course/{glossary} is out of date with course/glossary.yaml: run 'make build'")


def test_notebooks_are_committed_without_outputs():
    listed = subprocess.run(["git", "ls-files", "*.ipynb"], cwd=REPO, capture_output=True, text=True).stdout.split()
    listed = [name for name in listed if not name.startswith("tests/data/")]  # broken on purpose
    assert listed, "no notebooks tracked"
    for name in listed:
        notebook = json.loads((REPO / name).read_text())
        for cell in notebook["cells"]:
            if cell["cell_type"] == "code":
                assert cell.get("outputs") == [] and cell.get("execution_count") is None, name


def test_released_code_cells_are_locked_and_folded_away():
    """Students answer by clicking: every code cell of a release shows an exercise or the download button,
    with its code folded away and the cell neither editable nor deletable."""
    released = sorted((REPO / "exercises").glob("*/*.ipynb"))
    assert len(released) == 5
    for path in released:
        code = [c for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code"]
        assert code, path
        for cell in code:
            assert cell["metadata"].get("jupyter") == {"source_hidden": True}, (path.name, cell["source"])
            assert cell["metadata"]["editable"] is False and cell["metadata"]["deletable"] is False


def test_no_answer_files_in_source_or_release():
    for folder in ("solutions", "exercises", "course"):
        assert not list((REPO / folder).rglob("stratkit-answers.json*")), folder


def _name(requirement: str) -> tuple[str, str]:
    match = re.match(r"\s*([A-Za-z0-9_.\-]+)\s*(.*)", requirement)
    assert match, requirement
    return match.group(1).lower().replace("_", "-"), match.group(2).replace(" ", "")


#: conda-forge names that differ from PyPI's
CONDA_NAMES = {"python-fastjsonschema": "fastjsonschema"}


def test_environment_yml_lists_the_same_dependencies_as_pyproject():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    pip = dict(_name(r) for r in project["dependencies"])
    conda_spec = yaml.safe_load((REPO / "environment.yml").read_text())["dependencies"]
    conda = dict(_name(r) for r in conda_spec if isinstance(r, str) and not r.startswith(("python", "pip"))
                 or isinstance(r, str) and r.startswith(tuple(CONDA_NAMES)))
    conda = {CONDA_NAMES.get(name, name): spec for name, spec in conda.items()}
    assert conda == pip, "environment.yml and pyproject.toml disagree: keep them in step"
    python = next(r for r in conda_spec if isinstance(r, str) and r.startswith("python"))
    assert python.replace("python", "") == project["requires-python"]
