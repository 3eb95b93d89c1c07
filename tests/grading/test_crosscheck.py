"""The crosscheck against a gradebook filled by hand: every kind of mismatch it must list, and only those.

(tests/test_demo.py runs the same against a gradebook nbgrader wrote, with a cheat cell.)
"""

from __future__ import annotations

import json

from stratkit.grading.crosscheck import INFO, MISMATCH, crosscheck
from stratkit.answers.store import STORE_FILE

from tests.submissions import PARTIAL, PERFECT, PS1, PS1_NOTEBOOK, make_course, new_submission, save
from tests.grading.test_gradebook import make_gradebook

AGREE_PERFECT = {"ps1-sort": (4.0, None, None), "ps1-order": (3.0, None, None), "ps1-pick": (3.0, None, None)}
AGREE_PARTIAL = {"ps1-sort": (3.0, None, None), "ps1-order": (2.0, None, None), "ps1-pick": (0.75, None, None)}
LATER = "2099-01-01 00:00:00.000000"  # submitted "later" than every save made by the test


def _course(tmp_path, grades, students=(), times=None):
    course = make_course(tmp_path)
    for student, answers in students:
        save(new_submission(course, student), answers)
    make_gradebook(course / "gradebook.db", grades=grades, students={}, times=times)
    return course


def test_agreement_means_no_finding(tmp_path):
    course = _course(tmp_path, {"alice": AGREE_PERFECT, "carol": AGREE_PARTIAL},
                     [("alice", PERFECT), ("carol", PARTIAL)], times={"alice": LATER, "carol": LATER})
    check = crosscheck(course, PS1)
    assert check.findings == [] and check.compared_students == 2 and check.compared_scores == 6
    assert "agree on all 6 scores of 2 students" in check.summary()


def test_every_kind_of_mismatch(tmp_path):
    grades = {
        "alice": AGREE_PERFECT,
        # the notebook changed stratkit's behaviour: nbgrader gave full marks for carol's partial answers
        "carol": AGREE_PERFECT,
        # a grader set dave's pick by hand: information, not a mismatch
        "dave": {**AGREE_PARTIAL, "ps1-pick": (0.75, 3.0, None)},
        # in the gradebook, but the submission folder is gone
        "gone": AGREE_PERFECT,
        # erin's notebook went missing after autograde
        "erin": AGREE_PERFECT,
        # fred edited his answer file after submitting (its time stamp is after the submission)
        "fred": AGREE_PARTIAL,
    }
    course = _course(tmp_path, grades, [("alice", PERFECT), ("carol", PARTIAL), ("dave", PARTIAL),
                                        ("erin", PERFECT), ("fred", PARTIAL), ("new", PERFECT)],
                     times={s: LATER for s in ("alice", "carol", "dave", "erin")} | {"fred": "2020-01-01 00:00:00"})
    (course / "submitted" / "erin" / PS1 / PS1_NOTEBOOK).unlink()
    check = crosscheck(course, PS1)
    found = {(f.student, f.what, f.level) for f in check.findings}
    assert ("carol", "score differs", MISMATCH) in found
    carol = [f for f in check.findings if f.student == "carol" and f.exercise == "ps1-pick"][0]
    assert (carol.stratkit_points, carol.nbgrader_points) == (0.75, 3.0) and "more points" in carol.detail
    assert ("dave", "manual grade", INFO) in found and ("dave", "score differs", MISMATCH) not in found
    assert ("gone", "missing submission", MISMATCH) in found
    assert ("erin", "missing file", MISMATCH) in found
    assert ("fred", "saved after submission", MISMATCH) in found
    assert ("new", "not autograded", MISMATCH) in found
    assert not any(f.student == "alice" for f in check.findings)
    assert check.flagged_students == ["carol", "erin", "fred", "gone", "new"]
    frame = check.frame()
    assert list(frame.columns) == ["student", "exercise", "level", "what", "stratkit_points", "nbgrader_points",
                                   "difference", "detail"]
    assert frame[(frame.student == "carol") & (frame.exercise == "ps1-pick")].difference.iloc[0] == 2.25


def test_a_tampered_answer_store_is_caught(tmp_path):
    """Answers rewritten in the store after autograde: the score no longer matches, and the time gives it away."""
    course = _course(tmp_path, {"mia": AGREE_PARTIAL}, [("mia", PARTIAL)], times={"mia": "2026-01-01 00:00:00"})
    store = course / "submitted" / "mia" / PS1 / STORE_FILE
    data = json.loads(store.read_text())
    data["answers"]["ps1-pick"]["value"] = PERFECT["ps1-pick"]
    store.write_text(json.dumps(data))
    check = crosscheck(course, PS1)
    whats = {(f.exercise, f.what) for f in check.mismatches}
    # the store's copy now differs from the notebook's, with the same time stamp: the copy that earns
    # less counts (PARTIAL's 0.75 points, as in the gradebook), and the tie gives the edit away
    assert ("ps1-pick", "equal time stamps") in whats
    assert ("ps1-pick", "score differs") not in whats
    assert ("ps1-pick", "saved after submission") in whats
    pick = next(f for f in check.findings if f.exercise == "ps1-pick" and f.what == "equal time stamps")
    assert "ps1-planning-documents.ipynb and stratkit-answers.json" in pick.detail


def test_a_store_rewritten_with_a_new_time_is_caught(tmp_path):
    """The same edit with a newer time stamp wins the store, so the score differs from the gradebook."""
    course = _course(tmp_path, {"mia": AGREE_PARTIAL}, [("mia", PARTIAL)], times={"mia": "2026-01-01 00:00:00"})
    store = course / "submitted" / "mia" / PS1 / STORE_FILE
    data = json.loads(store.read_text())
    data["answers"]["ps1-pick"]["value"] = PERFECT["ps1-pick"]
    data["answers"]["ps1-pick"]["seq"] = data["answers"]["ps1-pick"]["seq"] + 1
    store.write_text(json.dumps(data))
    check = crosscheck(course, PS1)
    whats = {(f.exercise, f.what) for f in check.mismatches}
    assert ("ps1-pick", "score differs") in whats
    assert ("ps1-pick", "saved after submission") in whats


def test_each_kind_of_mismatch_names_the_fix_that_works(tmp_path):
    """A deleted cell, a renamed notebook nbgrader never saw, a submission autograde failed on: each gets its
    own finding and the command that repairs it (not 're-run autograde', which changes nothing alone)."""
    course = make_course(tmp_path)
    hana = new_submission(course, "hana")
    save(hana, PARTIAL)
    notebook = json.loads((hana / PS1_NOTEBOOK).read_text())
    notebook["cells"] = [c for c in notebook["cells"] if 'stratkit.show("ps1-pick")' not in "".join(c["source"])]
    (hana / PS1_NOTEBOOK).write_text(json.dumps(notebook))
    erin = new_submission(course, "erin")
    save(erin, PARTIAL)
    (erin / PS1_NOTEBOOK).rename(erin / "ps1-erin.ipynb")
    save(new_submission(course, "fred"), PARTIAL)
    grades = {
        "hana": {**AGREE_PARTIAL, "ps1-pick": (None, None, None)},  # nbgrader left the deleted cell ungraded
        "erin": {e: (0.0, None, None) for e in AGREE_PARTIAL},  # "No submitted file": 0 everywhere
        "fred": {e: (None, None, None) for e in AGREE_PARTIAL},  # autograde stopped on fred
    }
    make_gradebook(course / "gradebook.db", grades=grades, students={}, times={s: LATER for s in grades})
    check = crosscheck(course, PS1)
    found = {(f.student, f.exercise): f for f in check.mismatches}
    assert found["hana", "ps1-pick"].what == "deleted cell"
    assert "RestoreGradeCells" in found["hana", "ps1-pick"].detail
    assert "stratkit autograde ps1-planning-documents --student hana --force" in found["hana", "ps1-pick"].detail
    assert {found["erin", e].what for e in AGREE_PARTIAL} == {"notebook not graded"}
    assert "ps1-erin.ipynb -> ps1-planning-documents.ipynb" in found["erin", "ps1-sort"].detail
    assert found["fred", ""].what == "autograde failed" and "grade it by hand" in found["fred", ""].detail
    assert not any(s == "fred" and e for s, e in found)  # one line for fred, not one per exercise
