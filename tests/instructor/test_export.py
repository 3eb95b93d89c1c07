"""Grades for the LMS: Canvas's gradebook import CSV and a plain CSV, each number the gradebook's final
score or a refusal naming the student; UTF-8 with a byte-order mark, and safe in a spreadsheet."""

from __future__ import annotations

import csv

import pytest

from stratkit.grading.batch import load_assignment
from stratkit.cli import main
from stratkit.instructor.export import ExportError, collect_grades, write_canvas_csv, write_plain_csv

from tests.submissions import PARTIAL, PERFECT, PS1, make_course, new_submission, save
from tests.grading.test_gradebook import make_gradebook

# ann: sort 3 + order 2 (+0.5 extra credit) + pick set to 2 by hand (auto 0.75) = 7.5, minus 0.5 late = 7
# ben: autograded, 0 everywhere
GRADES = {
    "ann": {"ps1-sort": (3.0, None, None), "ps1-order": (2.0, None, 0.5), "ps1-pick": (0.75, 2.0, None)},
    "ben": {"ps1-sort": (0.0, None, None), "ps1-order": (0.0, None, None), "ps1-pick": (0.0, None, None)},
}
STUDENTS = {"ann": ("Ann", "Lee", "ann@example.edu", "101"), "ben": (None, None, None, None)}


@pytest.fixture
def course(tmp_path):
    course = make_course(tmp_path)
    make_gradebook(course / "gradebook.db", grades=GRADES, students=STUDENTS, penalties={"ann": 0.5})
    return course


def _rows(path, encoding="utf-8-sig"):
    with open(path, newline="", encoding=encoding) as handle:
        return list(csv.reader(handle))


def test_canvas_shape(course, tmp_path):
    title = load_assignment(course, PS1).title
    grades = collect_grades(course, [PS1])
    path = write_canvas_csv(grades, tmp_path / "canvas.csv", canvas_ids={PS1: "48213"}, section="Sec A")
    assert path.read_bytes().startswith(b"\xef\xbb\xbfStudent,ID,")  # Excel reads UTF-8 with the mark
    rows = _rows(path)
    # Canvas's own export: five identity columns, "Title (id)", then a Points Possible row
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", f"{title} (48213)"]
    assert rows[1] == ["    Points Possible", "", "", "", "", "10"]
    assert rows[2] == ["Lee, Ann", "101", "", "ann", "Sec A", "7"]  # 7.5 - 0.5 late, worked out above
    assert rows[3] == ["ben", "", "", "ben", "Sec A", "0"]  # autograded to 0: a real 0; no name: the id
    assert len(rows) == 4
    # ben has no Canvas user id: the instructor is told, by name
    assert len(grades.warnings) == 1 and grades.warnings[0].startswith("ben has no Canvas user id")


def test_plain_csv_keeps_raw_score_and_penalty(course, tmp_path):
    path = write_plain_csv(collect_grades(course, [PS1]), tmp_path / "plain.csv", bom=False)
    assert not path.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = _rows(path, "utf-8")
    assert rows[0] == ["assignment", "student_id", "last_name", "first_name", "email", "lms_user_id", "raw_score",
                       "late_submission_penalty", "score", "max_score"]
    assert rows[1] == [PS1, "ann", "Lee", "Ann", "ann@example.edu", "101", "7.5", "0.5", "7", "10"]


def test_a_student_autograde_failed_for_is_refused_not_zeroed(tmp_path):
    course = make_course(tmp_path)
    grades = dict(GRADES, cat={e: (None, None, None) for e in GRADES["ben"]})  # the gradebook knows, no score
    make_gradebook(course / "gradebook.db", grades=grades, students=STUDENTS)
    new_submission(course, "dan")  # submitted, never autograded
    with pytest.raises(ExportError) as error:
        collect_grades(course, [PS1])
    lines = str(error.value).splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"cat: {PS1}: the gradebook holds no score for ps1-order, ps1-pick, ps1-sort")
    assert "stratkit autograde" in lines[0] and "formgrader" in lines[0]
    assert lines[1].startswith(f"dan: {PS1}: submitted (submitted/dan/{PS1}/) but the gradebook has no grade")


def test_source_stratkit_exports_only_the_gradebook_final_score(tmp_path):
    course = make_course(tmp_path)
    save(new_submission(course, "alice"), PERFECT)
    save(new_submission(course, "carol"), PARTIAL)
    # PERFECT is 10 and PARTIAL 5.75 (worked out in tests/nbgrader/test_workflow.py); carol got 1 point extra
    # credit on the sort, so her final score is 6.75, which stratkit's saved answers cannot know
    make_gradebook(course / "gradebook.db", students={}, grades={
        "alice": {"ps1-sort": (4.0, None, None), "ps1-order": (3.0, None, None), "ps1-pick": (3.0, None, None)},
        "carol": {"ps1-sort": (3.0, None, 1.0), "ps1-order": (2.0, None, None), "ps1-pick": (0.75, None, None)}})
    with pytest.raises(ExportError) as error:
        collect_grades(course, [PS1], source="stratkit")
    assert str(error.value) == (f"carol: {PS1}: stratkit's score 5.75 is not the gradebook's final score 6.75 "
                                "(extra credit 1): export from the gradebook (the default) to send the final score")
    grades = collect_grades(course, [PS1])  # from the gradebook: carol's 6.75
    assert grades.scores == {"alice": {PS1: 10.0}, "carol": {PS1: 6.75}}


def test_no_gradebook_says_what_to_do(tmp_path):
    with pytest.raises(ExportError, match="autograde"):
        collect_grades(make_course(tmp_path), [PS1])
    with pytest.raises(ExportError, match="stratkit grade --out"):
        collect_grades(make_course(tmp_path / "b"), [PS1], source="stratkit")


def test_cells_are_safe_in_a_spreadsheet(tmp_path):
    """OWASP CSV injection: a cell starting with = + - @ tab or CR is prefixed with a quote; numbers stay."""
    course = make_course(tmp_path)
    evil = {"eve": ("=HYPERLINK(\"http://x\",\"click\")", "@SUM(A1)", "+1 555", "-5"),
            "tab": ("\tcmd", "\rcmd", None, None)}
    make_gradebook(course / "gradebook.db", students=evil, grades={s: GRADES["ben"] for s in evil})
    path = write_plain_csv(collect_grades(course, [PS1]), tmp_path / "plain.csv")
    by_id = {row[1]: row for row in _rows(path)[1:]}
    assert by_id["eve"][2:6] == ["'@SUM(A1)", "'=HYPERLINK(\"http://x\",\"click\")", "'+1 555", "'-5"]
    assert by_id["tab"][2:4] == ["'\rcmd", "'\tcmd"]
    assert by_id["eve"][8] == "0"  # numbers are left alone


def test_cli_export(course, tmp_path, capsys):
    out = tmp_path / "canvas.csv"
    assert main(["export", PS1, "--course", str(course), "--out", str(out), "--canvas-id", f"{PS1}=77"]) == 0
    assert _rows(out)[0][-1].endswith("(77)")
    assert "ben has no Canvas user id" in capsys.readouterr().err
    assert main(["export", PS1, "--course", str(course), "--out", str(out), "--no-bom"]) == 0
    assert out.read_bytes().startswith(b"Student,")
    assert main(["export", PS1, "--course", str(course), "--canvas-id", "nonsense"]) == 1
    assert "ASSIGNMENT=ID" in capsys.readouterr().err
    new_submission(course, "dan")
    assert main(["export", PS1, "--course", str(course), "--out", str(tmp_path / "x.csv")]) == 1
    err = capsys.readouterr().err
    assert f"stratkit export: dan: {PS1}: submitted" in err and not (tmp_path / "x.csv").exists()
