"""docs/instructor-guide.md, executed command by command (tests/guide/harness.py), with its trial class.

Every number below is worked out by hand from the keys (solutions/ps1-planning-documents/keys/):
sort ps1-sort, 4 points, per_item (right/8 of 4 points); order ps1-order, 3 points,
lcs_edit_distance against the nearest valid order; pick ps1-pick, 3 points, net_correct
max(0, (t - f)/c) with c = 4 right options (o1 o3 o5 o6).

* PERFECT: 4 + 3 + 3 = 10.
* PARTIAL (tests/submissions.py): sort s3, s6 wrong, 6/8 * 4 = 3; order t6 before t3, one step out of
  place, d = 2, (6 - 2)/6 * 3 = 2; pick o1 o3 right, o2 wrong, (2 - 1)/4 * 3 = 0.75; total 5.75.
* JOSE (conftest.py): sort s1, s2, s7, s8 wrong, 4/8 * 4 = 2; order t1 t3 t6 t5 t2 t4 respects every
  prerequisite, 3; pick o1 o3 o5, (3 - 0)/4 * 3 = 2.25; total 7.25.

The class (final score = what nbgrader exports, adjustments included):

| student | how | autograded | adjustment | final |
| --- | --- | --- | --- | --- |
| alice | exchange, PERFECT | 10 | | 10 |
| bob | exchange, answered nothing | 0 | pick set to 1 by hand | 1 |
| carol | exchange, PARTIAL | 5.75 | 1 extra credit | 6.75 |
| josé | exchange, JOSE, non-ASCII id and name | 7.25 | | 7.25 |
| erin | exchange, PERFECT, notebook renamed | 10 | | 10 |
| hana | exchange, PARTIAL, pick cell deleted (its answer in the answer file) | 5.75 | | 5.75 |
| lena | exchange, PERFECT, submitted after the deadline; policy "zero" | 10 | late penalty 10 | 0 |
| dmitri | Canvas, notebook only, JOSE | 7.25 | | 7.25 |
| fatima | Canvas, two copies: PARTIAL (older), PERFECT as "(1)" (newer) | 10 | | 10 |
| gus | Canvas, JupyterLite download name, marked LATE by Canvas, PARTIAL | 5.75 | | 5.75 |
| ivan | Moodle, re-saved: byte-order mark, CRLF, indent 4, PERFECT | 10 | | 10 |
| zoe | Moodle, name Zoë Ødegård, PARTIAL | 5.75 | | 5.75 |
| noor | on the class list, no submission | | | blank |
"""

from __future__ import annotations

import csv
import json
import re
import sqlite3
from pathlib import Path

import pytest

from stratkit.grading import gradebook as gb

from tests.guide.conftest import ASSIGNMENT, CANVAS_ZIP, MOODLE_ZIP
from tests.guide.harness import Block, read_guide

pytestmark = pytest.mark.slow

AUTOGRADED = {"alice": 10.0, "bob": 0.0, "carol": 5.75, "josé": 7.25, "erin": 10.0, "hana": 5.75, "lena": 10.0,
              "dmitri": 7.25, "fatima": 10.0, "gus": 5.75, "ivan": 10.0, "zoe": 5.75}
PENALTY = {"lena": 10.0}
FINAL = dict(AUTOGRADED, bob=1.0, carol=6.75, lena=0.0)
LMS_STUDENTS = {"dmitri", "fatima", "gus", "ivan", "zoe"}


def _csv(path):
    with open(path, newline="", encoding="utf-8-sig") as handle:
        return list(csv.reader(handle))


def test_the_guide_ran_every_command_and_every_hook(guide_run):
    events = read_guide()
    commands = [e for e in events if isinstance(e, Block)]
    ran = {id(block) for block, _, _ in guide_run.outputs}  # each ran without an error (the harness checks)
    assert len(ran) + len(guide_run.skipped) == len(commands) and len(ran) >= 20
    assert guide_run.hooks_run == ["students-answer", "deadline", "canvas-download", "moodle-download", "grader"]
    # the clone/install, building the course website (section 2b), opening JupyterLab for the students
    assert len(guide_run.skipped) == 3
    guide = "\n".join(b.text for b in commands)
    assert f"--canvas {CANVAS_ZIP}" in guide and f"--moodle {MOODLE_ZIP}" in guide  # where the hooks put the ZIPs


def test_every_student_in_the_gradebook_has_the_hand_worked_final_score(guide_run):
    book = guide_run.course / "gradebook.db"
    cells = gb.cell_grades(book, ASSIGNMENT)
    auto = {}
    for cell in cells:
        auto[cell.student] = auto.get(cell.student, 0.0) + (cell.auto_score or 0.0)
    assert auto == pytest.approx(AUTOGRADED)
    assert all(cell.auto_score is not None for cell in cells)  # hana's deleted cell was graded, not left open
    penalties = {s: p for s, p in gb.late_penalties(book, ASSIGNMENT).items() if p}
    assert penalties == pytest.approx(PENALTY)
    final = {s: max(0.0, sum(v.values()) - penalties.get(s, 0.0)) for s, v in gb.scores_by_student(book, ASSIGNMENT).items()}
    assert final == pytest.approx(FINAL)


def test_every_export_sends_the_final_score(guide_run):
    course = guide_run.course
    canvas = _csv(course / "canvas-ps1.csv")
    assert (course / "canvas-ps1.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert canvas[0][:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    assert canvas[0][5].endswith("(48213)") and canvas[1][5] == "10"
    by_login = {row[3]: row for row in canvas[2:]}
    assert {s: float(r[5]) for s, r in by_login.items() if r[5]} == pytest.approx(FINAL)
    assert by_login["noor"][5] == ""  # no submission: blank, Canvas keeps its grade
    assert by_login["josé"][:2] == ["Núñez, José", "1004"] and by_login["zoe"][:2] == ["Ødegård, Zoë", "1012"]
    plain = {row[1]: row for row in _csv(course / "grades-ps1-final.csv")[1:]}
    assert {s: float(r[8]) for s, r in plain.items() if r[8]} == pytest.approx(FINAL)
    assert {s: float(r[6]) for s, r in plain.items() if r[6]} == pytest.approx(dict(AUTOGRADED, bob=1.0, carol=6.75))
    assert plain["lena"][6:9] == ["10", "10", "0"]  # raw 10, late penalty 10, score 0
    nbgrader = {row["student_id"]: float(row["score"])
                for row in csv.DictReader(open(course / "nbgrader-grades.csv", encoding="utf-8"))
                if row["assignment"] == ASSIGNMENT and row["student_id"] != "noor"}
    assert nbgrader == pytest.approx(FINAL)


def test_stratkit_grade_gave_the_autograded_scores_before_any_kernel_ran(guide_run):
    rows = {row[0]: row for row in _csv(guide_run.course / "grades-ps1.csv")[1:]}
    assert {s: float(r[5]) for s, r in rows.items()} == pytest.approx(AUTOGRADED)
    matched = guide_run.output_of("stratkit grade")  # stratkit grade reads erin's notebook under its new name
    assert "ps1-planning-documents-erin.ipynb" not in matched  # collect already put it in place


def test_each_notebook_found_by_content_gets_one_line(guide_run):
    exchange = guide_run.output_of("stratkit collect ps1-planning-documents\n")
    assert ("erin: ps1-planning-documents-erin.ipynb -> ps1-planning-documents.ipynb: graded, because its notebook "
            "metadata says ps1-planning-documents") in exchange
    assert "alice: ps1-planning-documents.ipynb: graded as it is; its notebook metadata agrees" in exchange
    canvas = guide_run.output_of("stratkit collect ps1-planning-documents --canvas")
    assert re.search(r"fatima: ps1-planning-documents \(1\)\.ipynb -> submitted/fatima/ps1-planning-documents/"
                     r"ps1-planning-documents\.ipynb \(Canvas user 1009 is fatima in the class list", canvas)
    assert "fatima: ps1-planning-documents.ipynb not graded: ps1-planning-documents (1).ipynb holds newer answers" in canvas
    assert re.search(r"gus: ps1-planning-documents_ps1-planning-documents\.ipynb -> .*Canvas marked it LATE", canvas)
    moodle = guide_run.output_of("stratkit collect ps1-planning-documents --moodle")
    assert "Moodle's Zoë Ødegård is zoe in the class list" in moodle and "Moodle's Ivan Petrov is ivan" in moodle
    autograde = guide_run.output_of("stratkit autograde")
    assert "hana: the cell of ps1-pick (Judging the launch) was missing; put back for grading" in autograde
    assert "agree on all 36 scores of 12 students" in autograde


def test_the_resaved_notebook_gets_the_same_verdict_from_nbgrader_and_stratkit(guide_run):
    submitted = guide_run.course / "submitted" / "ivan" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    assert not submitted.read_bytes().startswith(b"\xef\xbb\xbf")  # re-saved as plain UTF-8 for nbgrader
    assert json.loads(submitted.read_text(encoding="utf-8"))["metadata"]["stratkit"]["assignment"] == ASSIGNMENT


def test_crosscheck_lists_each_adjustment_with_the_final_score(guide_run):
    out = guide_run.output_of("stratkit crosscheck")
    assert "agree on all 36 scores of 12 students" in out
    assert re.search(r"bob: final score .*nbgrader exports 1 for bob \(manual grades on ps1-pick\)", out, re.S)
    assert re.search(r"carol: final score .*nbgrader exports 6\.75 for carol \(extra credit 1\)", out, re.S)
    assert re.search(r"lena: final score .*nbgrader exports 0 for lena \(late penalty 10\)", out, re.S)


def test_source_stratkit_refuses_every_student_whose_final_score_it_cannot_know(guide_run):
    import subprocess

    process = subprocess.run(["stratkit", "export", ASSIGNMENT, "--source", "stratkit", "--out", "x.csv"],
                             cwd=guide_run.course, env=guide_run.env, capture_output=True, text=True)
    assert process.returncode == 1 and not (guide_run.course / "x.csv").exists()
    refused = sorted(line.split(":")[1].strip() for line in process.stderr.splitlines()
                     if "is not the gradebook's final score" in line)
    assert refused == ["bob", "carol", "lena"]
    assert "(manual grade on ps1-pick)" in process.stderr and "(extra credit 1)" in process.stderr
    assert "(late penalty 10)" in process.stderr


def test_feedback_is_released_for_exchange_students_and_named_for_lms_ones(guide_run):
    course = guide_run.course
    out = guide_run.output_of("stratkit feedback")
    for student in sorted(LMS_STUDENTS):
        assert f"{student}: feedback not released: no exchange submission" in out
        assert (course / "feedback" / student / ASSIGNMENT / f"{ASSIGNMENT}.html").is_file()
    released = list((guide_run.home / "nbgrader-exchange" / "stratkit" / "feedback").glob("*.html"))
    assert len(released) == 7  # alice, bob, carol, josé, erin, hana, lena
    hana = (course / "feedback" / "hana" / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text(encoding="utf-8")
    assert "the cell of the exercise <em>Judging the launch</em> was missing from your notebook" in hana
    # the hidden test (the key) is gone from feedback altogether (HideHiddenTests), not just shortened
    assert "0.75 of 3 points" in " ".join(hana.split()) and "sk1:" not in hana
    assert not re.search(r"sk1:[A-Za-z0-9+/=]{20,}", hana)


def test_the_report_was_written(guide_run):
    out = guide_run.output_of("stratkit report")
    path = Path(next(line for line in out.splitlines() if line.startswith("Report: ")).removeprefix("Report: "))
    path = path if path.is_absolute() else guide_run.course / path
    assert path.name == "report.html" and path.is_file()
    # the grades the report shows are the gradebook's final scores: sum 10 + 1 + 6.75 + 7.25 + 10 + 5.75 + 0
    # + 7.25 + 10 + 5.75 + 10 + 5.75 = 79.5, mean 79.5 / 12 = 6.625, shown as 6.6 (the saved answers alone would
    # give 87.5 / 12 = 7.3); the item analysis reads the saved answers (answers_total)
    grades = {row["student"]: row for row in csv.DictReader(open(path.parent / "grades.csv", encoding="utf-8-sig"))}
    assert {s: float(r["final_score"]) for s, r in grades.items()} == pytest.approx(FINAL)
    assert {s: float(r["answers_total"]) for s, r in grades.items()} == pytest.approx(AUTOGRADED)
    assert sum(FINAL.values()) == pytest.approx(79.5)
    assert "6.6 / 10" in path.read_text(encoding="utf-8")  # the class mean card, from the final scores


def test_the_gradebook_knew_the_assignment_from_the_release(guide_run):
    """The documented path registers the assignment before any autograde (issue 12's first bug)."""
    db = sqlite3.connect(guide_run.course / "gradebook.db")
    try:
        assert db.execute("SELECT name FROM assignment").fetchall() == [(ASSIGNMENT,)]
    finally:
        db.close()
    assert "registered it" not in guide_run.output_of("stratkit autograde")  # stratkit release had done it
