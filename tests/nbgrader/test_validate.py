"""The student's own check: nbgrader's Validate (the toolbar button) passes on a released notebook."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from stratkit.instructor.build import nbgrader_env

from tests.conftest import REPO
from .course_copy import ASSIGNMENT, NOTEBOOK, answer
from .test_workflow import PARTIAL

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("answered", [True, False], ids=["answered", "blank"])
def test_validate_passes_with_or_without_answers(tmp_path: Path, answered: bool):
    folder = tmp_path / ASSIGNMENT
    shutil.copytree(REPO / "exercises" / ASSIGNMENT, folder)
    if answered:
        answer(folder, PARTIAL)
    process = subprocess.run([sys.executable, "-m", "nbgrader", "validate", NOTEBOOK], cwd=folder,
                             env=nbgrader_env(), capture_output=True, text=True)
    output = process.stdout + process.stderr
    assert process.returncode == 0 and "Success! Your notebook passes all the tests." in output, output
