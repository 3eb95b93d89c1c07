"""The student's own check: nbgrader's Validate (the toolbar button) on a released notebook.

It passes when every exercise has a saved answer, and otherwise names each unanswered exercise in
one sentence (no Python traceback), so "Success!" is never shown for a blank problem set.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from stratkit.content.loading import load_exercise
from stratkit.instructor.build import nbgrader_env

from tests.conftest import REPO
from .course_copy import ASSIGNMENT, NOTEBOOK, answer
from .test_workflow import PARTIAL, PERFECT

pytestmark = pytest.mark.slow
TITLES = {e: load_exercise(REPO / "exercises" / ASSIGNMENT / f"{e}.yaml").title for e in PERFECT}


# ipykernel, when nbgrader shuts the kernel down, sometimes logs a traceback of its own to the terminal
# ("Uncaught exception in ZMQStream callback ... ZMQError: Socket operation on non-socket"): a race
# inside ipykernel, after Validate has its result, which the student's Validate dialog never shows.
_SHUTDOWN_RACE = re.compile(r"ERROR:tornado\.general:Uncaught exception in ZMQStream callback\n"
                            r"Traceback \(most recent call last\):\n(?:[ \t].*\n|\n)*?zmq\.error\.ZMQError: [^\n]*\n?")


def _without_kernel_shutdown_race(stderr: str) -> str:
    return _SHUTDOWN_RACE.sub("", stderr)


def _validate(tmp_path: Path, answers: dict[str, object] | None) -> str:
    folder = tmp_path / ASSIGNMENT
    shutil.copytree(REPO / "exercises" / ASSIGNMENT, folder)
    if answers:
        answer(folder, answers)
    process = subprocess.run([sys.executable, "-m", "nbgrader", "validate", NOTEBOOK], cwd=folder,
                             env=nbgrader_env(), capture_output=True, text=True, check=False)
    output = process.stdout + _without_kernel_shutdown_race(process.stderr)
    assert process.returncode == 0, output
    assert "Traceback" not in output and 'File "' not in output, output
    assert "..." not in output, output  # nbgrader cuts long lines: each sentence must arrive whole
    return " ".join(output.split())  # sentences wrap over lines


@pytest.mark.parametrize("answers", [PERFECT, PARTIAL], ids=["perfect", "partly-right"])
def test_validate_passes_once_every_exercise_is_answered(tmp_path: Path, answers: dict[str, object]) -> None:
    output = _validate(tmp_path, answers)
    assert "Success! Your notebook passes all the tests." in output, output  # right or wrong: Validate never says


def test_validate_names_each_unanswered_exercise(tmp_path: Path) -> None:
    output = _validate(tmp_path, None)
    assert "Success!" not in output
    for title in TITLES.values():
        assert f"'{title}' has no saved answer yet" in output, output


def test_validate_names_statements_left_unsorted(tmp_path: Path) -> None:
    sort = dict(list(PERFECT["ps1-sort"].items())[:5])  # 5 of the 8 statements sorted
    output = _validate(tmp_path, {**PERFECT, "ps1-sort": sort})
    assert f"'{TITLES['ps1-sort']}': 3 of 8 statements are not sorted yet" in output, output
    assert "has no saved answer yet" not in output
