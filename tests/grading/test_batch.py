"""Out-of-kernel grading: the scores nbgrader's test cells would give, read straight from the files."""

from __future__ import annotations

import json
import random
import time

import pytest

from stratkit.grading.batch import BatchError, grade_assignment, load_assignment, read_submission
from stratkit.answers.finding import find_answer
from stratkit.answers.store import STORE_FILE

from tests.submissions import PARTIAL, PERFECT, PS1, PS1_NOTEBOOK, make_course, new_submission, save


@pytest.fixture
def course(tmp_path):
    return make_course(tmp_path)


def test_keys_load_once_in_manifest_order(course):
    key = load_assignment(course, PS1)
    assert key.exercise_ids == ("ps1-sort", "ps1-order", "ps1-pick")
    assert key.max_points == 10.0
    assert key.graded_notebooks == (PS1_NOTEBOOK,)


def test_hand_computed_scores_from_store_notebook_and_both(course):
    save(new_submission(course, "alice"), PERFECT)
    save(new_submission(course, "carol"), PARTIAL)
    save(new_submission(course, "erin"), PERFECT, store=False)  # notebook only: answers in cell outputs
    save(new_submission(course, "fred"), PARTIAL, notebook=False)  # store only
    gina = new_submission(course, "gina")  # saved the notebook mid-way, kept clicking: the store is newer
    save(gina, PARTIAL, store=False)
    save(gina, PERFECT, notebook=False)
    new_submission(course, "bob")  # fetched and submitted without answering
    result = grade_assignment(course, PS1)
    totals = {g.student: g.total for g in result}
    # carol: sort 6/8 x 4 = 3.0; order one step out of place, PrairieLearn distance 2: (6-2)/6 x 3 = 2.0;
    # pick net_correct (2 right - 1 wrong)/4 x 3 = 0.75 -> 5.75 (worked in tests/nbgrader/test_workflow.py)
    assert totals == {"alice": 10.0, "bob": 0.0, "carol": 5.75, "erin": 10.0, "fred": 5.75, "gina": 10.0}
    by = result.by_student()
    assert by["carol"].points == {"ps1-sort": 3.0, "ps1-order": 2.0, "ps1-pick": 0.75}
    assert by["gina"].submission.sources["ps1-sort"] == STORE_FILE
    assert by["erin"].submission.sources["ps1-sort"] == PS1_NOTEBOOK


def test_tables(course):
    save(new_submission(course, "alice"), PERFECT)
    save(new_submission(course, "carol"), PARTIAL)
    result = grade_assignment(course, PS1)
    wide = result.wide()
    assert list(wide.columns) == ["student", "assignment", "ps1-sort", "ps1-order", "ps1-pick", "total",
                                  "max_total", "problem"]
    assert wide.set_index("student").loc["carol", "total"] == 5.75
    long = result.long()
    assert len(long) == 6
    row = long[(long.student == "carol") & (long.exercise == "ps1-pick")].iloc[0]
    assert row.points == 0.75 and row.max_points == 3.0 and json.loads(row.answer) == ["o1", "o3", "o2"]


def test_a_broken_submission_becomes_a_problem_row_and_others_are_graded(course):
    save(new_submission(course, "alice"), PERFECT)
    damaged = new_submission(course, "dan")
    save(damaged, PARTIAL)
    (damaged / STORE_FILE).write_text("{not json")
    broken_notebook = new_submission(course, "nora")
    save(broken_notebook, PARTIAL, notebook=False)
    (broken_notebook / PS1_NOTEBOOK).write_text("{")
    no_notebook = new_submission(course, "nick")
    save(no_notebook, PERFECT)
    (no_notebook / PS1_NOTEBOOK).unlink()
    empty = course / "submitted" / "emma" / PS1
    empty.mkdir(parents=True)
    result = grade_assignment(course, PS1).by_student()
    assert result["alice"].total == 10.0
    # dan's store is damaged; the notebook's copy still counts, nothing is written into the submission
    assert result["dan"].total == 5.75
    assert "damaged" in result["dan"].submission.problems[0]
    assert not list(damaged.glob(f"{STORE_FILE}.bad-*"))
    assert result["nora"].total == 5.75 and "damaged" in result["nora"].submission.problems[0]
    assert result["nick"].submission.missing and "is missing" in result["nick"].submission.missing[0]
    assert result["emma"].total == 0.0 and "empty" in result["emma"].submission.missing[0]


def test_notebooks_of_no_stratkit_exercise_are_ignored(course):
    folder = new_submission(course, "olga")
    save(folder, PARTIAL)
    stray = folder / "Untitled.ipynb"  # a scratch notebook: no stratkit metadata, no grade cell
    stray.write_text(json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    graded = grade_assignment(course, PS1).by_student()["olga"]
    assert graded.total == 5.75 and not graded.submission.problems
    assert graded.submission.matched == ["Untitled.ipynb: not graded: it holds no stratkit exercise of this "
                                         "assignment"]


def test_a_copy_of_the_notebook_with_newer_answers_is_the_one_graded(course):
    """A student who duplicated the notebook and went on in the copy: newest answers win, as nbgrader will
    see it once stratkit's plugins (collect, zip_collect, autograde) have put the copy under the graded name."""
    folder = new_submission(course, "otto")
    save(folder, PARTIAL, store=False)
    copy = folder / "Untitled.ipynb"
    copy.write_text((folder / PS1_NOTEBOOK).read_text())
    save(folder, PERFECT, store=False, notebook_name="Untitled.ipynb")  # saved after PARTIAL
    graded = grade_assignment(course, PS1).by_student()["otto"]
    assert graded.total == 10.0
    assert graded.submission.sources["ps1-sort"] == PS1_NOTEBOOK  # read as the notebook nbgrader grades
    assert graded.submission.matched[0].startswith(f"{PS1_NOTEBOOK}: not graded: Untitled.ipynb holds newer answers")
    assert any(line.startswith(f"Untitled.ipynb -> {PS1_NOTEBOOK}: graded, because its notebook metadata says")
               for line in graded.submission.matched)
    assert copy.exists() and (folder / PS1_NOTEBOOK).exists()  # stratkit grade reads; it never moves files


def test_an_answer_of_the_wrong_kind_scores_zero_like_the_test_cell(course):
    folder = new_submission(course, "pat")
    save(folder, {"ps1-sort": ["s1"]}, kinds={"ps1-sort": "order"})
    graded = grade_assignment(course, PS1).by_student()["pat"]
    assert graded.points["ps1-sort"] == 0.0 and "not a sort answer" in graded.notes["ps1-sort"]


def test_same_answer_as_find_answer_in_any_folder_state(tmp_path):
    """read_submission reads each file once; find_answer reads per exercise: same winner, same source."""
    rng = random.Random(7)
    course = make_course(tmp_path)
    exercises = ["ps1-sort", "ps1-order", "ps1-pick"]
    for i in range(12):
        folder = new_submission(course, f"s{i}")
        for _ in range(rng.randint(0, 3)):
            answers = rng.choice([PERFECT, PARTIAL])
            save(folder, dict(rng.sample(sorted(answers.items()), rng.randint(1, 3))),
                 store=rng.random() < 0.7, notebook=rng.random() < 0.7)
        submission = read_submission(folder, exercises)
        for exercise_id in exercises:
            found = find_answer(exercise_id, folder)
            assert submission.records.get(exercise_id) == found.record
            assert submission.sources.get(exercise_id) == found.source


def test_bad_input_gets_one_line_naming_the_file(course, tmp_path):
    with pytest.raises(BatchError) as error:
        load_assignment(course, "ps9-nothing")
    message = str(error.value)
    assert "\n" not in message and "ps9-nothing/assignment.yaml" in message and PS1 in message
    key_file = course / "solutions" / PS1 / "keys" / "ps1-pick.yaml"
    key_file.write_text(key_file.read_text().replace("scheme: net_correct", "scheme: net_corect"))
    with pytest.raises(BatchError) as error:
        load_assignment(course, PS1)
    assert "ps1-pick.yaml" in str(error.value) and "net_corect" in str(error.value)
    with pytest.raises(BatchError, match="nbgrader collect"):
        grade_assignment(make_course(tmp_path / "other"), PS1)


def test_grades_a_large_class_fast(course):
    template = new_submission(course, "template")
    save(template, PARTIAL)
    for i in range(300):
        target = course / "submitted" / f"x{i:04d}" / PS1
        target.mkdir(parents=True)
        for name in (PS1_NOTEBOOK, STORE_FILE):
            (target / name).write_bytes((template / name).read_bytes())
    start = time.perf_counter()
    result = grade_assignment(course, PS1)
    elapsed = time.perf_counter() - start
    assert len(result) == 301 and all(g.total == 5.75 for g in result)
    assert elapsed < 3.0, f"{elapsed:.2f} s for 301 submissions"


def test_cli_grade_writes_csv_and_reports_problems(course, tmp_path, capsys):
    from stratkit.cli import main

    save(new_submission(course, "alice"), PERFECT)
    (course / "submitted" / "emma" / PS1).mkdir(parents=True)
    out = tmp_path / "grades.csv"
    assert main(["grade", PS1, "--course", str(course), "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8-sig")  # a byte-order mark first, for Excel (stratkit.instructor.spreadsheet)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert text.splitlines()[0] == "student,assignment,ps1-sort,ps1-order,ps1-pick,total,max_total,problem"
    assert "alice,ps1-planning-documents,4.0,3.0,3.0,10.0,10.0," in text
    err = capsys.readouterr().err
    assert "Graded 2 submission(s)" in err and "1 with a problem" in err and "emma" in err
    assert main(["grade", PS1, "--course", str(course), "--long", "--student", "alice"]) == 0
    assert len(capsys.readouterr().out.strip().splitlines()) == 1 + 3
    assert main(["grade", "ps9", "--course", str(course)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("stratkit grade: ") and err.count("\n") == 1


def test_imports_stay_light():
    """import stratkit runs in every kernel; stratkit.grading.batch is the fast path: neither loads pandas/matplotlib/nbgrader."""
    import subprocess
    import sys

    code = ("import sys, stratkit, stratkit.grading.batch, stratkit.grading.gradebook, stratkit.grading.crosscheck, stratkit.cli;"
            "print(sorted(m for m in ('pandas', 'matplotlib', 'nbgrader') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_progress_bar_only_when_asked_or_on_a_terminal(course, capsys):
    save(new_submission(course, "alice"), PERFECT)
    save(new_submission(course, "carol"), PARTIAL)
    grade_assignment(course, PS1)  # default: a bar only on a terminal, and pytest's stderr is not one
    assert capsys.readouterr().err == ""
    grade_assignment(course, PS1, show_progress=False)
    assert capsys.readouterr().err == ""
    grade_assignment(course, PS1, show_progress=True)
    err = capsys.readouterr().err
    assert f"Grading {PS1}" in err and "/2" in err
