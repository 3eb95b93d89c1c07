"""Grades for the LMS: Canvas's gradebook import CSV, and a plain CSV."""

from __future__ import annotations

import csv

import pytest

from stratkit.grading.batch import load_assignment
from stratkit.cli import main
from stratkit.instructor.export import ExportError, collect_grades, write_canvas_csv, write_plain_csv

from tests.submissions import PARTIAL, PERFECT, PS1, make_course, new_submission, save
from tests.grading.test_gradebook import make_gradebook


@pytest.fixture
def course(tmp_path):
    course = make_course(tmp_path)
    make_gradebook(course / "gradebook.db", penalties={"ann": 0.5})
    return course


def _rows(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_canvas_shape(course, tmp_path):
    title = load_assignment(course, PS1).title
    grades = collect_grades(course, [PS1])
    path = write_canvas_csv(grades, tmp_path / "canvas.csv", canvas_ids={PS1: "48213"}, section="Sec A")
    rows = _rows(path)
    # Canvas's own export: five identity columns, "Title (id)", then a Points Possible row
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", f"{title} (48213)"]
    assert rows[1] == ["    Points Possible", "", "", "", "", "10"]
    # ann: sort 3 + order 2 (+0.5 extra credit) + pick 2 (set by hand over 0.75) = 7.5, minus 0.5 late = 7
    assert rows[2] == ["Lee, Ann", "101", "", "ann", "Sec A", "7"]
    # ben: 0 everywhere (one grade never autograded counts 0, as in nbgrader); no name: the id
    assert rows[3] == ["ben", "", "", "ben", "Sec A", "0"]
    assert len(rows) == 4


def test_plain_csv_keeps_raw_score_and_penalty(course, tmp_path):
    rows = _rows(write_plain_csv(collect_grades(course, [PS1]), tmp_path / "plain.csv"))
    assert rows[0] == ["assignment", "student_id", "last_name", "first_name", "email", "lms_user_id", "raw_score",
                       "late_submission_penalty", "score", "max_score"]
    assert rows[1] == [PS1, "ann", "Lee", "Ann", "ann@example.edu", "101", "7.5", "0.5", "7", "10"]


def test_stratkit_scores_and_missing_submissions(course, tmp_path):
    save(new_submission(course, "alice"), PERFECT)
    save(new_submission(course, "carol"), PARTIAL)
    grades = collect_grades(course, [PS1], source="stratkit")
    rows = {r[3]: r for r in _rows(write_canvas_csv(grades, tmp_path / "c.csv", missing="zero"))[2:]}
    assert rows["alice"][5] == "10" and rows["carol"][5] == "5.75"
    assert rows["ann"][5] == "0"  # on the class list, no submission: 0 when asked
    blank = {r[3]: r for r in _rows(write_canvas_csv(grades, tmp_path / "b.csv"))[2:]}
    assert blank["ann"][5] == ""  # by default blank: Canvas keeps its grade


def test_no_gradebook_says_what_to_do(tmp_path):
    with pytest.raises(ExportError, match="--source stratkit"):
        collect_grades(make_course(tmp_path), [PS1])


def test_cli_export(course, tmp_path, capsys):
    out = tmp_path / "canvas.csv"
    assert main(["export", PS1, "--course", str(course), "--out", str(out), "--canvas-id", f"{PS1}=77"]) == 0
    assert _rows(out)[0][-1].endswith("(77)")
    assert main(["export", PS1, "--course", str(course), "--canvas-id", "nonsense"]) == 1
    assert "ASSIGNMENT=ID" in capsys.readouterr().err
