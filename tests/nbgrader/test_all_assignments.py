"""Every graded assignment: a perfect submission autogrades to full marks, an empty one to zero."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
import yaml

from stratkit.answers.record import make_record
from stratkit.content.loading import load_exercise
from stratkit.content.model import AnyExercise, OrderExercise, PickExercise, SortExercise
from stratkit.answers.store import AnswerStore

from tests.conftest import REPO
from .course_copy import make_course

pytestmark = pytest.mark.slow
ASSIGNMENTS = sorted(p.parent.name for p in (REPO / "solutions").glob("*/assignment.yaml"))


def perfect_value(exercise: AnyExercise) -> object:
    if isinstance(exercise, SortExercise):
        return exercise.key()
    if isinstance(exercise, PickExercise):
        return list(exercise.correct_ids())
    assert isinstance(exercise, OrderExercise)
    return exercise.valid_order()  # any order that respects the prerequisites is a right answer


def test_perfect_gets_full_marks_and_empty_gets_zero(tmp_path: Path):
    course = make_course(tmp_path, tuple(ASSIGNMENTS))
    totals = {}
    for assignment in ASSIGNMENTS:
        course.nbgrader("generate_assignment", assignment, "--force")
        manifest = yaml.safe_load((REPO / "solutions" / assignment / "assignment.yaml").read_text())
        exercises = [load_exercise(REPO / "solutions" / assignment / "keys" / f"{e}.yaml") for e in manifest["exercises"]]
        totals[assignment] = sum(e.points for e in exercises)
        for student in ("perfect", "empty"):
            folder = course.root / "submitted" / student / assignment
            folder.parent.mkdir(parents=True, exist_ok=True)
            shutil.copytree(course.root / "exercises" / assignment, folder)
            if student == "perfect":
                for seq, exercise in enumerate(exercises, 1):
                    AnswerStore(folder).save(make_record(exercise.id, exercise.kind, perfect_value(exercise), seq))
            json.loads((folder / f"{assignment}.ipynb").read_text())  # the release is a valid notebook
    for student in ("perfect", "empty"):
        course.nbgrader("db", "student", "add", student)
    for assignment in ASSIGNMENTS:
        course.nbgrader("autograde", assignment)
    course.nbgrader("export", "--to", str(tmp_path / "grades.csv"))
    with open(tmp_path / "grades.csv") as handle:
        rows = list(csv.DictReader(handle))
    got = {(r["assignment"], r["student_id"]): (float(r["score"]), float(r["max_score"])) for r in rows}
    for assignment in ASSIGNMENTS:
        score, top = got[(assignment, "perfect")]
        assert top == pytest.approx(totals[assignment]) and score == pytest.approx(top), assignment
        assert got[(assignment, "empty")][0] == 0.0, assignment
