"""The demo through the real nbgrader pipeline, with a small class: stratkit grade == nbgrader autograde
for every honest student; mallory's cheat cell is kept out of grading (and listed), trudy's answer
file, edited after autograde, is flagged.

Slow (about 40 s): release, 8 + 2 students fetch/answer/submit, collect, autograde (a kernel each).
"""

from __future__ import annotations

import csv

import pytest

from stratkit.grading import gradebook as gb
from stratkit.grading.batch import grade_assignment
from stratkit.grading.crosscheck import crosscheck
from stratkit.instructor.demo.run import describe, run_demo
from stratkit.instructor.demo.simulated_class import BLANK, CHEAT, KEPT_CLICKING, STORE_LOST, TAMPERED_AFTER_GRADING

from tests.conftest import REPO

pytestmark = pytest.mark.slow

ASSIGNMENT = "ps5-case-study"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return run_demo(REPO, tmp_path_factory.mktemp("demo") / "out", students=8, seed=7, show_progress=False,
                    say=lambda text: None)


def test_the_class_covers_every_way_of_working(demo):
    habits = {s.habit for s in demo.students}
    assert {BLANK, STORE_LOST, KEPT_CLICKING} <= habits
    assert {s.habit for s in demo.tampered} == {CHEAT, TAMPERED_AFTER_GRADING}


def test_grade_equals_autograde_for_every_honest_student(demo):
    auto = {(c.student, c.exercise): c.auto_score for c in gb.cell_grades(demo.course.gradebook, ASSIGNMENT)}
    ours = demo.grades.by_student()
    honest = [s.id for s in demo.students]
    assert set(honest) <= set(ours)
    for student in honest:
        for exercise, points in ours[student].points.items():
            assert auto[student, exercise] == pytest.approx(points, abs=1e-9), (student, exercise)
    assert sorted(demo.agreeing) == sorted(honest)
    # the scores vary: the comparison is not all zeros and tens
    totals = {ours[s].total for s in honest}
    assert len(totals) >= 4


def test_the_cheat_cell_earns_nothing_and_is_listed(demo):
    auto = gb.scores_by_student(demo.course.gradebook, ASSIGNMENT)
    ours = demo.grades.by_student()
    assert auto["mallory"] == pytest.approx(ours["mallory"].points)  # graded on the answers alone
    assert sum(auto["mallory"].values()) < sum(e.points for e in demo.grades.key.exercises)
    added = [f for f in demo.check.findings if f.student == "mallory" and f.what == "added code"]
    assert added and added[0].level == "info" and "1 code cell" in added[0].detail


def test_crosscheck_flags_the_file_edited_after_grading_and_nobody_else(demo):
    assert demo.check.flagged_students == ["trudy"]
    trudy = {f.what for f in demo.check.mismatches if f.student == "trudy"}
    assert trudy == {"score differs", "saved after submission"}
    text = describe(demo)
    assert "crosscheck flagged trudy" in text and "MISSED" not in text
    assert "mallory" in text and "kept out of grading" in text


def test_the_autograded_copy_was_not_edited(demo):
    """trudy edited the submitted answer file after grading; the autograded copy still matches nbgrader."""
    auto = gb.scores_by_student(demo.course.gradebook, ASSIGNMENT)
    from_autograded = grade_assignment(demo.course.root, ASSIGNMENT, stage="autograded").by_student()
    assert from_autograded["trudy"].points == pytest.approx(auto["trudy"])


def test_outputs(demo):
    html = demo.report_html.read_text(encoding="utf-8")
    assert "What to reteach first" in html and "data:image/png;base64," in html
    with open(demo.files["canvas"], newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    assert rows[1][0].strip() == "Points Possible" and len(rows) == 2 + len(demo.students) + 2
    assert demo.files["grades"].is_file() and demo.files["crosscheck"].is_file()


def test_a_missing_file_is_flagged(demo):
    """Last, as it changes the course: a notebook deleted after autograde."""
    victim = next(s for s in demo.students if s.habit == STORE_LOST)  # the notebook holds its only answers
    (demo.course.submitted_folder(victim.id, ASSIGNMENT) / f"{ASSIGNMENT}.ipynb").unlink()
    check = crosscheck(demo.course.root, ASSIGNMENT)
    assert victim.id in check.flagged_students
    assert any(f.student == victim.id and f.what == "missing file" for f in check.mismatches)
