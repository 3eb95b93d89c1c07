"""A throw-away nbgrader course holding three assignments, and submissions answered like students do.

* ``ps1-planning-documents``: the real problem set, copied from ``solutions/``, rebuilt with
  ``stratkit build`` and released with ``nbgrader generate_assignment``.
* ``trivial``: three cells (a markdown cell, a solution cell, a graded test cell), nothing imported.
* ``ps1-shape``: a control, ps1's notebook with the same 12 cells, ids, points and metadata, but
  no stratkit in it: every code cell is ``pass`` or a hidden ``assert True``. What it costs over
  ``trivial`` is nbgrader's (and the kernel's) per-cell work; what ps1 costs over it is stratkit's.

Submissions are written straight into ``submitted/<student>/<assignment>/``, the layout that
``nbgrader collect`` and ``zip_collect`` leave behind: the release copy of the notebook, with the
student's answers in the answer store file and in a display output inside the notebook (the kernel's
copy; the widgets' front end also writes ``metadata.stratkit.answers``, which grading reads the same
way), and a ``timestamp.txt``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stratkit.answers.record import make_record
from stratkit.answers.notebook_copy import bundle
from stratkit.answers.store import AnswerStore

REPO = Path(__file__).resolve().parents[1]
PS1 = "ps1-planning-documents"
TRIVIAL = "trivial"
SHAPE = "ps1-shape"
ASSIGNMENTS = (PS1, SHAPE, TRIVIAL)
KINDS = {"ps1-sort": "sort", "ps1-order": "order", "ps1-pick": "pick"}

PERFECT = {
    "ps1-sort": {"s1": "roadmap", "s2": "strategy", "s3": "marketing-plan", "s4": "gtm-plan",
                 "s5": "marketing-plan", "s6": "gtm-plan", "s7": "strategy", "s8": "roadmap"},
    "ps1-order": ["t3", "t6", "t5", "t1", "t2", "t4"],
    "ps1-pick": ["o1", "o3", "o5", "o6"],
}
PARTIAL = {
    "ps1-sort": dict(PERFECT["ps1-sort"], s3="gtm-plan", s6="marketing-plan"),
    "ps1-order": ["t6", "t3", "t5", "t1", "t2", "t4"],
    "ps1-pick": ["o1", "o3", "o2"],
}
HALF_DONE = {  # stopped part-way: some statements unsorted, no pick
    "ps1-sort": {"s1": "roadmap", "s2": "gtm-plan", "s4": "gtm-plan", "s7": "strategy"},
    "ps1-order": ["t1", "t3", "t6", "t5", "t2", "t4"],
}
ANSWER_SETS = (PERFECT, PARTIAL, HALF_DONE)


def nbgrader_env() -> dict[str, str]:
    """nbgrader runs ``alembic`` by name: this Python's bin folder first on PATH."""
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env.pop("NBGRADER_EXECUTION", None)
    return env


def _cell(kind: str, source: str, grade_id: str, *, solution: bool = False, points: int | None = None) -> dict[str, Any]:
    meta = {"grade": points is not None, "grade_id": grade_id, "locked": not solution, "schema_version": 3,
            "solution": solution, "task": False}
    if points is not None:
        meta["points"] = points
    cell: dict[str, Any] = {"cell_type": kind, "id": grade_id, "metadata": {"nbgrader": meta}, "source": source}
    if kind == "code":
        cell.update(execution_count=None, outputs=[])
    return cell


def trivial_notebook() -> dict[str, Any]:
    """The smallest honest nbgrader assignment: an instruction, an answer cell, a graded test."""
    return {
        "cells": [
            _cell("markdown", "# Trivial\n\nSet `x` to 1.", "intro"),
            _cell("code", "### BEGIN SOLUTION\nx = 1\n### END SOLUTION", "answer", solution=True),
            _cell("code", "assert x == 1", "test", points=1),
        ],
        "metadata": {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
                     "language_info": {"name": "python"}},
        "nbformat": 4, "nbformat_minor": 5,
    }


@dataclass
class Course:
    root: Path

    def run(self, *args: str, quiet: bool = True) -> float:
        """Run ``nbgrader ARGS`` in the course; return its wall time in seconds."""
        start = time.perf_counter()
        process = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=self.root, env=nbgrader_env(),
                                 capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        if process.returncode != 0:
            raise RuntimeError(f"nbgrader {' '.join(args)} failed:\n{(process.stdout + process.stderr)[-3000:]}")
        if not quiet:
            print(process.stdout + process.stderr)
        return elapsed

    def release(self, assignment: str) -> Path:
        return self.root / "exercises" / assignment

    def submitted(self, student: str, assignment: str) -> Path:
        return self.root / "submitted" / student / assignment


def make_course(base: Path) -> Course:
    """The three assignments built and released (in the gradebook) in a fresh course under ``base``."""
    root = base / "course"
    (root / "solutions").mkdir(parents=True)
    shutil.copy(REPO / "nbgrader_config.py", root / "nbgrader_config.py")
    (root / "course").mkdir()  # the glossary the exercises link to: the build copies the terms used
    shutil.copy(REPO / "course" / "glossary.yaml", root / "course" / "glossary.yaml")
    shutil.copytree(REPO / "solutions" / PS1, root / "solutions" / PS1,
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "stratkit-answers.json*"))
    trivial = root / "solutions" / TRIVIAL
    trivial.mkdir()
    (trivial / f"{TRIVIAL}.ipynb").write_text(json.dumps(trivial_notebook(), indent=1))
    course = Course(root)
    subprocess.run([str(Path(sys.executable).parent / "stratkit"), "build", PS1, "--course", str(root),
                    "--no-release"], check=True, capture_output=True, env=nbgrader_env())
    source = json.loads((root / "solutions" / PS1 / f"{PS1}.ipynb").read_text(encoding="utf-8"))
    (root / "solutions" / SHAPE).mkdir()
    (root / "solutions" / SHAPE / f"{SHAPE}.ipynb").write_text(json.dumps(shape_notebook(source), indent=1))
    for name in ASSIGNMENTS:
        course.run("generate_assignment", name, "--force")
    return course


def shape_notebook(ps1_source: dict[str, Any]) -> dict[str, Any]:
    """ps1's source notebook with stratkit taken out of every code cell, all else unchanged."""
    notebook = json.loads(json.dumps(ps1_source))
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code":
            continue
        grade = cell.get("metadata", {}).get("nbgrader", {}).get("grade")
        cell["source"] = "### BEGIN HIDDEN TESTS\nassert True\n### END HIDDEN TESTS" if grade else "pass"
    notebook["metadata"].pop("stratkit", None)
    return notebook


def _add_saved_display(notebook: dict[str, Any], exercise_id: str, record: dict[str, Any]) -> None:
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code" and f'stratkit.show("{exercise_id}")' in "".join(cell["source"]):
            cell["outputs"] = [{"output_type": "display_data", "metadata": {},
                                "data": bundle(record, f"saved {exercise_id}")}]  # type: ignore[arg-type]
            return
    raise AssertionError(f"no show cell for {exercise_id}")


def answer_ps1(folder: Path, answers: dict[str, Any]) -> None:
    """Save answers as the widgets do: one store write per change, and the notebook's display copy."""
    notebook_path = folder / f"{PS1}.ipynb"
    notebook = json.loads(notebook_path.read_text())
    store = AnswerStore(folder)
    for seq, (exercise_id, value) in enumerate(answers.items(), 1):
        record = make_record(exercise_id, KINDS[exercise_id], value, seq)
        store.save(record)
        _add_saved_display(notebook, exercise_id, record)
    notebook_path.write_text(json.dumps(notebook, indent=1))


def answer_trivial(folder: Path) -> None:
    notebook_path = folder / f"{TRIVIAL}.ipynb"
    notebook = json.loads(notebook_path.read_text())
    for cell in notebook["cells"]:
        if cell.get("metadata", {}).get("nbgrader", {}).get("solution"):
            cell["source"] = "x = 1"
    notebook_path.write_text(json.dumps(notebook, indent=1))


def _stamp(folder: Path) -> None:
    (folder / "timestamp.txt").write_text(dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f UTC"))


def submit(course: Course, students: list[str]) -> None:
    """Every student submits every assignment (release copy + answers) into ``submitted/``."""
    for number, student in enumerate(students):
        ps1 = course.submitted(student, PS1)
        shutil.copytree(course.release(PS1), ps1)
        answer_ps1(ps1, ANSWER_SETS[number % len(ANSWER_SETS)])
        _stamp(ps1)
        trivial = course.submitted(student, TRIVIAL)
        shutil.copytree(course.release(TRIVIAL), trivial)
        answer_trivial(trivial)
        _stamp(trivial)
        shape = course.submitted(student, SHAPE)
        shutil.copytree(course.release(SHAPE), shape)
        _stamp(shape)
