"""Reading nbgrader's gradebook.db with sqlite3: nbgrader 0.9's tables, filled by hand.

(The slow demo test reads a gradebook nbgrader itself wrote.)
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from stratkit.grading import gradebook as gb

SCHEMA = """
CREATE TABLE student (id VARCHAR(128) NOT NULL PRIMARY KEY, first_name VARCHAR(128), last_name VARCHAR(128),
    email VARCHAR(128), lms_user_id VARCHAR(128));
CREATE TABLE assignment (id VARCHAR(32) NOT NULL PRIMARY KEY, name VARCHAR(128) NOT NULL UNIQUE, duedate DATETIME,
    course_id VARCHAR(128) NOT NULL);
CREATE TABLE notebook (id VARCHAR(32) NOT NULL PRIMARY KEY, name VARCHAR(128) NOT NULL, assignment_id VARCHAR(32),
    kernelspec VARCHAR(1024));
CREATE TABLE submitted_assignment (id VARCHAR(32) NOT NULL PRIMARY KEY, assignment_id VARCHAR(32),
    student_id VARCHAR(128), timestamp DATETIME, extension DATETIME);
CREATE TABLE base_cell (id VARCHAR(32) NOT NULL PRIMARY KEY, name VARCHAR(128) NOT NULL, notebook_id VARCHAR(32)
    NOT NULL, type VARCHAR(50));
CREATE TABLE submitted_notebook (id VARCHAR(32) NOT NULL PRIMARY KEY, assignment_id VARCHAR(32),
    notebook_id VARCHAR(32), flagged BOOLEAN, late_submission_penalty FLOAT);
CREATE TABLE grade_cells (id VARCHAR(32) NOT NULL PRIMARY KEY, max_score FLOAT NOT NULL, cell_type VARCHAR(8) NOT NULL);
CREATE TABLE grade (id VARCHAR(32) NOT NULL PRIMARY KEY, notebook_id VARCHAR(32), cell_id VARCHAR(32),
    auto_score FLOAT, manual_score FLOAT, extra_credit FLOAT, needs_manual_grade BOOLEAN NOT NULL);
"""


# ann: auto 3 / 2 / 0.75; a grader set the pick to 2 by hand and gave 0.5 extra credit on the order
# ben: auto 0, 0, and one grade never autograded (auto None)
DEFAULT_GRADES = {
    "ann": {"ps1-sort": (3.0, None, None), "ps1-order": (2.0, None, 0.5), "ps1-pick": (0.75, 2.0, None)},
    "ben": {"ps1-sort": (0.0, None, None), "ps1-order": (0.0, None, None), "ps1-pick": (None, None, None)},
}
DEFAULT_STUDENTS = {"ann": ("Ann", "Lee", "ann@example.edu", "101"), "ben": (None, None, None, None)}


def make_gradebook(path: Path, grades=None, students=None, times=None, penalties=None) -> Path:
    """nbgrader 0.9's tables for ps1: ``grades`` is {student: {exercise: (auto, manual, extra)}}."""
    grades = DEFAULT_GRADES if grades is None else grades
    students = DEFAULT_STUDENTS if students is None else students
    times = times or {}
    penalties = penalties or {}
    db = sqlite3.connect(path)
    db.executescript(SCHEMA)
    for student in sorted(set(students) | set(grades)):
        db.execute("INSERT INTO student VALUES (?,?,?,?,?)", (student, *students.get(student, (None,) * 4)))
    db.execute("INSERT INTO assignment VALUES ('A1', 'ps1-planning-documents', NULL, 'stratkit')")
    db.execute("INSERT INTO notebook VALUES ('N1', 'ps1-planning-documents', 'A1', NULL)")
    for cell_id, name, points in (("C1", "ps1-sort", 4.0), ("C2", "ps1-order", 3.0), ("C3", "ps1-pick", 3.0)):
        db.execute("INSERT INTO base_cell VALUES (?, ?, 'N1', 'GradeCell')", (cell_id, f"grade-{name}"))
        db.execute("INSERT INTO grade_cells VALUES (?, ?, 'code')", (cell_id, points))
    cells = {"ps1-sort": "C1", "ps1-order": "C2", "ps1-pick": "C3"}
    for student, by_exercise in grades.items():
        stamp = times.get(student, "2026-01-31 12:00:00.123456")
        db.execute("INSERT INTO submitted_assignment VALUES (?, 'A1', ?, ?, NULL)", (f"S{student}", student, stamp))
        db.execute("INSERT INTO submitted_notebook VALUES (?, ?, 'N1', 0, ?)",
                   (f"SN{student}", f"S{student}", penalties.get(student, 0.0)))
        for exercise, (auto, manual, extra) in by_exercise.items():
            db.execute("INSERT INTO grade VALUES (?,?,?,?,?,?,0)",
                       (f"G{student}{exercise}", f"SN{student}", cells[exercise], auto, manual, extra))
    db.commit()
    db.close()
    return path


@pytest.fixture
def book(tmp_path) -> Path:
    return make_gradebook(tmp_path / "gradebook.db")


def test_scores_follow_nbgrader_rules(book):
    scores = gb.scores_by_student(book, "ps1-planning-documents")
    # nbgrader's Grade.score: manual over auto, plus extra credit, else 0
    assert scores["ann"] == {"ps1-sort": 3.0, "ps1-order": 2.5, "ps1-pick": 2.0}
    assert scores["ben"] == {"ps1-sort": 0.0, "ps1-order": 0.0, "ps1-pick": 0.0}
    cells = {(c.student, c.exercise): c for c in gb.cell_grades(book)}
    assert cells["ann", "ps1-pick"].auto_score == 0.75 and cells["ann", "ps1-pick"].manual_score == 2.0
    assert cells["ben", "ps1-pick"].auto_score is None


def test_students_times_and_max_scores(book):
    assert gb.students(book)[0] == {"id": "ann", "first_name": "Ann", "last_name": "Lee",
                                    "email": "ann@example.edu", "lms_user_id": "101"}
    assert gb.submission_times(book, "ps1-planning-documents")["ann"] == "2026-01-31 12:00:00.123456"
    assert gb.late_penalties(book, "ps1-planning-documents") == {"ann": 0.0, "ben": 0.0}
    assert gb.max_scores(book, "ps1-planning-documents") == {"ps1-sort": 4.0, "ps1-order": 3.0, "ps1-pick": 3.0}
    assert gb.assignments(book) == ["ps1-planning-documents"]


def test_the_file_is_opened_read_only(book):
    before = book.read_bytes()
    gb.scores_by_student(book, "ps1-planning-documents")
    assert book.read_bytes() == before


def test_errors_say_which_file_and_what_to_do(tmp_path):
    with pytest.raises(gb.GradebookError, match="nbgrader autograde") as error:
        gb.students(tmp_path / "gradebook.db")
    assert str(tmp_path / "gradebook.db") in str(error.value)
    not_a_db = tmp_path / "notes.txt"
    not_a_db.write_text("hello")
    with pytest.raises(gb.GradebookError, match="not an nbgrader gradebook"):
        gb.students(not_a_db)
