"""Tampering: a student can edit the answer file and the notebook, and run any code in the kernel.

Data-level tricks (extra fields such as ``score``, records filed under other exercises' ids,
``True``-valued answers, edited outputs, deleted or moved cells) never earn more than the honest
score: the grading code defends itself. Code-level tricks in cells the student adds (redefining
``stratkit.grade``, monkeypatching stratkit's modules, switching off the display of the test cell's
result, reading the key from the next cell) never reach the grading kernel: stratkit's
``DropStudentCode`` step keeps only the instructor's cells. Where that step is not enabled (a course
configured without it), the kernel cannot defend itself, and ``stratkit crosscheck``, which re-grades
the submitted files out of the kernel, flags every score nbgrader gave above the honest one.

One nbgrader autograde run grades every tampered student at once (about 2 s per submission).
"""

from __future__ import annotations

import pytest

from .autograde_batch import HAND, HONEST, KERNEL_TRICKS, STUDENTS

pytestmark = pytest.mark.slow



def test_every_submission_was_autograded(autograded):
    honest, scores = autograded.honest, autograded.scores
    assert set(STUDENTS) <= set(scores)
    assert scores["honest"] == pytest.approx(HONEST) and honest["honest"] == pytest.approx(HONEST)


@pytest.mark.parametrize("student", list(STUDENTS))
def test_the_kernel_gives_no_more_than_the_honest_score(autograded, student):
    honest, scores = autograded.honest, autograded.scores
    assert honest[student] <= HONEST + 1e-9  # none of the tricks changes what the files earn
    assert scores[student] <= honest[student] + 1e-9, (student, scores[student], honest[student])


@pytest.mark.parametrize("student", ["scorefield", "otherids", "editedoutputs", "movedsetup", "skiptags",
                                     *KERNEL_TRICKS])
def test_tricks_that_change_nothing_keep_exactly_the_honest_score(autograded, student):
    honest, scores = autograded.honest, autograded.scores
    assert scores[student] == pytest.approx(honest[student]) == pytest.approx(HONEST)


@pytest.mark.parametrize("student", KERNEL_TRICKS)
def test_without_drop_student_code_crosscheck_flags_the_kernel_tricks(autograded, student):
    honest, scores, findings = autograded.honest, autograded.undefended_scores, autograded.undefended_findings
    assert scores[student] > honest[student]  # the trick works in an undefended kernel...
    flagged = [f for f in findings if f["student"] == student and f["level"] == "mismatch"]
    assert flagged, findings  # ...and the out-of-kernel cross-check catches it
    gave_more = sum(float(f["nbgrader_points"]) - float(f["stratkit_points"]) for f in flagged
                    if f["nbgrader_points"] and f["stratkit_points"])
    assert gave_more == pytest.approx(scores[student] - honest[student])


def test_crosscheck_flags_no_honest_student(autograded):
    honest, scores, findings = autograded.honest, autograded.scores, autograded.findings
    agreeing = [s for s in STUDENTS if abs(scores[s] - honest[s]) < 1e-9]
    assert "honest" in agreeing
    assert not [f for f in findings if f["student"] in agreeing and f["level"] == "mismatch"
                and f["what"] != "equal time stamps"]
    disagreeing = {s for s in STUDENTS if s not in agreeing}
    assert disagreeing <= {f["student"] for f in findings if f["level"] == "mismatch"}


@pytest.mark.parametrize("student", ["equalstamps", "nbties", "extraentries"])
def test_hand_worked_scores(autograded, student):
    # the arithmetic is beside HAND in autograde_batch.py
    assert autograded.scores[student] == pytest.approx(HAND[student])
    assert autograded.honest[student] == pytest.approx(HAND[student])


def test_copies_saved_at_the_same_moment_count_the_lower_and_are_flagged(autograded):
    # the store holds PERFECT, the notebook PARTIAL, both saved at OLD with counter 1: the store, read
    # first, used to win (10 points); now the copy that earns less counts (5.75, HAND)...
    rows = [f for f in autograded.findings if f["student"] == "equalstamps" and f["level"] == "mismatch"]
    assert {f["exercise"] for f in rows if f["what"] == "equal time stamps"} == {"ps1-sort", "ps1-order", "ps1-pick"}
    assert all("stratkit-answers.json" in f["detail"] and "ps1-planning-documents.ipynb" in f["detail"] for f in rows)
    assert not [f for f in rows if f["what"] == "score differs"]  # both graders used the same rule
    # ...and the student's feedback says which rule settled it, once per exercise
    text = " ".join(autograded.autograded_text("equalstamps").split())  # feedback lines are wrapped
    assert text.count("saved at the same moment") == 3 and "the one that earns less counts" in text


@pytest.mark.parametrize("student", list(STUDENTS))
def test_a_tampered_submission_gets_feedback_without_a_traceback(autograded, student):
    text = autograded.autograded_text(student)
    assert "Traceback" not in text and "Error" not in text, text[-2000:]


def test_a_notebook_with_the_setup_cell_moved_gets_feedback_without_a_traceback(autograded):
    assert "Traceback" not in autograded.autograded_text("movedsetup")
