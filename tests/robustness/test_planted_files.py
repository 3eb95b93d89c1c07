"""Files planted beside the notebook: nothing a student submits is imported or run while grading.

nbgrader copies every submitted file into the grading folder, which is the kernel's working folder.
A stock kernel imports from there: ``stratkit.py`` (or a ``stratkit/`` package, or a compiled
``stratkit.pyc``) replaces stratkit, ``pathlib.py`` runs while ipykernel's launcher starts, and
``ipykernel_launcher.py`` *is* the kernel. stratkit's ``GradingKernelManager`` (nbgrader_config.py)
starts the kernel in an empty folder and keeps the grading folder off ``sys.path``.

Checked in the one real autograde batch (autograde_batch.py): every planted file earns nothing
(the gradebook holds the score worked out by hand) and none of them ran; ``stratkit crosscheck`` and
``stratkit grade`` name every one; and in a kernel with the defences switched off, the kinds measured
to work there do give full marks (so these tests can fail), while crosscheck blames the file, not a
code cell. tests/robustness/test_grading_kernel.py checks the kernel itself, name by name.
"""

from __future__ import annotations

import pytest

from .autograde_batch import FULL, HAND, HONEST
from .helpers import ASSIGNMENT
from .planted import FILE_TRICKS

pytestmark = pytest.mark.slow

WORKS_UNDEFENDED = [name for name, (_, works) in FILE_TRICKS.items() if works]
NEVER_RUNS = [name for name, (_, works) in FILE_TRICKS.items() if not works]


def test_no_planted_file_ran_in_the_real_autograde(autograded):
    assert autograded.ran_defended == [], autograded.ran_defended


@pytest.mark.parametrize("student", [*FILE_TRICKS, "fbtampered"])
def test_a_planted_file_earns_nothing(autograded, student):
    expected = HAND.get(student, 2.0)  # fbtampered: the half-blank answers, 2.0 (autograde_batch.EXCHANGE)
    assert autograded.scores[student] == pytest.approx(expected)
    assert autograded.honest[student] == pytest.approx(expected)


@pytest.mark.parametrize("student", [*FILE_TRICKS, "fbtampered"])
def test_crosscheck_names_every_planted_file_and_finds_no_mismatch(autograded, student):
    rows = [f for f in autograded.findings if f["student"] == student]
    extra = [f["detail"] for f in rows if f["what"] == "extra file"]
    for name in autograded.planted[student]:
        line = next((d for d in extra if d.startswith(f"submitted/{student}/{ASSIGNMENT}/{name}: ")), None)
        assert line is not None, (name, extra)
        assert "grading never" in line or "never reads" in line, line
    assert len(extra) == len(autograded.planted[student]), extra  # the notebook and answer file are not listed
    assert not [f for f in rows if f["level"] == "mismatch"], rows


def test_the_lines_say_what_each_file_is(autograded):
    details = {f["detail"] for f in autograded.findings if f["what"] == "extra file"}
    folder = f"submitted/trick-file-module/{ASSIGNMENT}"
    assert f"{folder}/stratkit.py: a Python module beside the notebook; grading never imports it" in details
    assert any(d.startswith(f"submitted/trick-file-package/{ASSIGNMENT}/stratkit/: a Python package") for d in details)
    assert any(d.startswith(f"submitted/trick-file-hooks/{ASSIGNMENT}/sitecustomize.py: a Python start-up hook")
               for d in details)
    assert any(d.startswith(f"submitted/trick-file-hooks/{ASSIGNMENT}/planted.pth: a Python path file")
               for d in details)
    assert any(d.startswith(f"submitted/trick-file-pyc/{ASSIGNMENT}/stratkit.pyc: compiled Python code")
               for d in details)
    assert any(d.startswith(f"submitted/trick-file-namespace/{ASSIGNMENT}/nt/: a folder named like a Python package")
               for d in details)
    assert any(d.startswith(f"submitted/trick-file-config/{ASSIGNMENT}/ipython_kernel_config.py: an IPython/Jupyter "
                            "configuration file") for d in details)
    assert any(d.startswith(f"submitted/trick-file-config/{ASSIGNMENT}/.ipython/: a folder of IPython/Jupyter")
               for d in details)
    # an honest submission lists nothing: the notebook, the answer file and its lock, the released
    # exercise files and timestamp.txt are what a submission is made of
    assert not [f for f in autograded.findings if f["student"] == "honest" and f["what"] == "extra file"]


@pytest.mark.parametrize("student", [*FILE_TRICKS, "fbtampered"])
def test_stratkit_grade_names_every_planted_file(autograded, student):
    (row,) = [r for r in autograded.grade_csv if r["student"] == student]
    for name in autograded.planted[student]:
        line = f"submitted/{student}/{ASSIGNMENT}/{name}: "
        assert line in row["problem"], row["problem"]
        assert f"  {line}" in autograded.grade_stderr
    assert float(row["total"]) == pytest.approx(autograded.scores[student])


@pytest.mark.parametrize("student", WORKS_UNDEFENDED)
def test_without_the_isolated_kernel_the_file_gives_full_marks_and_crosscheck_blames_it(autograded, student):
    # the same submission, autograded by a stock kernel (GradingKernelManager.isolate=False, no
    # DropStudentCode, *.pyc copied): the planted code runs as the instructor and hands out 10 of 10
    assert student in autograded.ran_undefended
    assert autograded.undefended_scores[student] == pytest.approx(FULL)
    rows = [f for f in autograded.undefended_findings if f["student"] == student and f["level"] == "mismatch"]
    gave_more = sum(float(f["nbgrader_points"]) - float(f["stratkit_points"]) for f in rows
                    if f["what"] == "score differs")
    assert gave_more == pytest.approx(FULL - HONEST)
    first_name = autograded.planted[student][0]
    for f in rows:
        assert first_name in f["detail"] and "code cell" not in f["detail"], f["detail"]


@pytest.mark.parametrize("student", NEVER_RUNS)
def test_kinds_a_stock_kernel_never_runs(autograded, student):
    # measured, not assumed: modules named like yaml, filelock, json, random, difflib are imported by
    # grading before the working folder is on sys.path or not at all; Python runs sitecustomize,
    # usercustomize and .pth files before that too; IPython reads configuration from its profile
    # folder, not the working folder; a folder without __init__.py runs no code
    assert student not in autograded.ran_undefended
    assert autograded.undefended_scores[student] == pytest.approx(HONEST)
