"""The whole nbgrader round trip in a throw-away course: release, fetch, submit, collect,
autograde, feedback, export; plus the notebook-only path through zip_collect.

Scores are worked out by hand below; the scheme formulas are in stratkit.scoring's docstrings.
"""

from __future__ import annotations

import csv
import html as html_lib
import shutil
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO
from tests.submissions import PARTIAL, PERFECT  # the answers worked through below
from .course_copy import ASSIGNMENT, NOTEBOOK, Course, answer, make_course

pytestmark = pytest.mark.slow

# Same answers, entered in another order, and another valid sequence (t1 has no prerequisite,
# so it may come first): 10 of 10.
SHUFFLED = {
    "ps1-pick": ["o6", "o5", "o3", "o1"],
    "ps1-order": ["t1", "t3", "t6", "t5", "t2", "t4"],
    "ps1-sort": dict(reversed(list(PERFECT["ps1-sort"].items()))),
}
# PARTIAL, worked by hand:
# sort (per_item, 4 points): s3 and s6 wrong, 6 of 8 right -> 6/8 * 4 = 3.0
# order (lcs_edit_distance, 3 points): t6 put before t3. Nearest valid order t3 t6 t5 t1 t2 t4;
#   longest common subsequence 5 (t6 t5 t1 t2 t4), so one step is out of place. PrairieLearn's
#   distance counts the deletion and the re-insertion of that step: d = 2, score (6 - 2)/6 = 2/3,
#   2/3 * 3 = 2.0 points.
# pick (net_correct, 3 points): o1 o3 right (t = 2), o2 wrong (f = 1), c = 4 right options:
#   (2 - 1)/4 = 0.25 -> 0.75 points.
# total 3.0 + 2.0 + 0.75 = 5.75 (PARTIAL in tests/submissions.py)
EXPECTED = {"alice": 10.0, "bob": 0.0, "carol": 5.75, "dave": 10.0, "gina": 10.0}


def _release(course: Course) -> None:
    course.nbgrader("generate_assignment", ASSIGNMENT, "--force")
    course.nbgrader("release_assignment", ASSIGNMENT, "--force")
    for student in EXPECTED:
        course.nbgrader("db", "student", "add", student)


def _student_works_and_submits(course: Course, name: str) -> None:
    home = course.students / name
    home.mkdir()
    course.nbgrader("fetch_assignment", ASSIGNMENT, cwd=home, user=name)
    folder = course.student_folder(name)
    assert (folder / NOTEBOOK).is_file()
    if name == "alice":
        answer(folder, PERFECT)
    elif name == "carol":
        answer(folder, PARTIAL)
    elif name == "dave":
        answer(folder, SHUFFLED)
    elif name == "gina":  # saved the notebook mid-way, kept clicking, never saved it again
        answer(folder, PARTIAL, store=False)
        answer(folder, PERFECT, notebook=False)
    course.nbgrader("submit", ASSIGNMENT, f"--student={name}", cwd=home, user=name)


def _scores(course: Course) -> dict[str, float]:
    course.nbgrader("export", "--to", str(course.root / "grades.csv"))
    with open(course.root / "grades.csv") as handle:
        rows = list(csv.DictReader(handle))
    return {row["student_id"]: float(row["score"]) for row in rows if row["assignment"] == ASSIGNMENT}


@pytest.fixture(scope="module")
def graded_course(tmp_path_factory) -> Course:
    course = make_course(tmp_path_factory.mktemp("workflow"))
    _release(course)
    for name in EXPECTED:
        _student_works_and_submits(course, name)
    course.nbgrader("collect", ASSIGNMENT)
    course.nbgrader("autograde", ASSIGNMENT)
    course.nbgrader("generate_feedback", ASSIGNMENT)
    return course


def test_folder_submissions_get_hand_computed_scores(graded_course: Course):
    scores = _scores(graded_course)
    for student, expected in EXPECTED.items():
        assert scores[student] == pytest.approx(expected, abs=1e-9), (student, scores)


def test_grading_cells_write_nothing_to_stderr_and_build_no_widget(graded_course: Course):
    import json

    for notebook in (graded_course.root / "autograded").glob(f"*/{ASSIGNMENT}/{NOTEBOOK}"):
        for cell in json.loads(notebook.read_text())["cells"]:
            for output in cell.get("outputs", []):
                assert output.get("name") != "stderr" and output["output_type"] != "error", (notebook, output)
                assert "application/vnd.jupyter.widget-view+json" not in output.get("data", {}), notebook


def test_feedback_explains_each_answer(graded_course: Course):
    html = (graded_course.root / "feedback" / "carol" / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text()
    html = " ".join(html.split())  # feedback lines are wrapped to 78 characters
    assert "6 of 8 right" not in html  # feedback speaks in points, item by item
    assert "3 of 4 points" in html and "0.75 of 3 points" in html
    assert "calls a launch plan a kind of" in html  # the explanation of s3, which carol got wrong
    sort_key = yaml.safe_load((REPO / "solutions" / ASSIGNMENT / "keys" / "ps1-sort.yaml").read_text())
    why_not = next(i for i in sort_key["items"] if i["id"] == "s3")["why_not"]["gtm-plan"]
    assert html_lib.escape(why_not, quote=False) in html  # and why not the GTM plan she chose
    empty = (graded_course.root / "feedback" / "bob" / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text()
    assert "no answer was saved" in empty


def test_release_and_student_copies_hold_no_key(graded_course: Course):
    released = graded_course.root / "release" if (graded_course.root / "release").exists() \
        else graded_course.root / "exercises"
    for folder in (released, graded_course.students / "bob"):
        text = "".join(p.read_text(errors="replace") for p in folder.rglob("*") if p.is_file())
        assert "sk1:" not in text and "explanation" not in text
        assert "launch plan as a kind of" not in text


def test_notebook_alone_through_zip_collect(tmp_path: Path):
    course = make_course(tmp_path)
    course.nbgrader("generate_assignment", ASSIGNMENT, "--force")
    archive = course.root / "downloaded" / ASSIGNMENT / "archive"
    archive.mkdir(parents=True)
    for name, answers in (("erin", PERFECT), ("fred", PARTIAL)):
        work = tmp_path / name
        shutil.copytree(course.root / "exercises" / ASSIGNMENT, work)
        answer(work, answers, store=False)  # the LMS receives only the .ipynb
        shutil.copy(work / NOTEBOOK, archive / f"{name}__{ASSIGNMENT}.ipynb")
    course.nbgrader("zip_collect", ASSIGNMENT)
    for name in ("erin", "fred"):
        assert (course.root / "submitted" / name / ASSIGNMENT / NOTEBOOK).is_file()
        assert not (course.root / "submitted" / name / ASSIGNMENT / "stratkit-answers.json").exists()
        course.nbgrader("db", "student", "add", name)
    course.nbgrader("autograde", ASSIGNMENT)
    scores = _scores(course)
    assert scores["erin"] == pytest.approx(10.0) and scores["fred"] == pytest.approx(5.75)


def test_plain_nbgrader_after_stratkit_build(tmp_path: Path):
    """The documented path with nbgrader's own commands: 'stratkit build', then 'nbgrader release_assignment'
    (the gradebook knows the assignment: autograde works), and a folder copied into submitted/ by hand with
    the notebook renamed and re-saved with a byte-order mark: nbgrader autograde (stratkit's hook in
    nbgrader_config.py) grades it under the right name. PARTIAL is 5.75 (worked out above)."""
    import codecs
    import json
    import sqlite3
    import subprocess
    import sys

    from stratkit.instructor.build import nbgrader_env

    course = make_course(tmp_path)
    built = subprocess.run([sys.executable, "-m", "stratkit", "build", ASSIGNMENT], cwd=course.root,
                           env=nbgrader_env(), capture_output=True, text=True)
    assert built.returncode == 0, built.stdout + built.stderr
    course.nbgrader("release_assignment", ASSIGNMENT, "--force")
    with sqlite3.connect(course.root / "gradebook.db") as db:
        assert db.execute("SELECT name FROM assignment").fetchall() == [(ASSIGNMENT,)]
    folder = course.root / "submitted" / "omar" / ASSIGNMENT
    shutil.copytree(course.root / "exercises" / ASSIGNMENT, folder)
    answer(folder, PARTIAL)
    text = json.dumps(json.loads((folder / NOTEBOOK).read_text()), indent=2)
    (folder / NOTEBOOK).unlink()
    (folder / "my work.ipynb").write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    output = course.nbgrader("autograde", ASSIGNMENT)
    assert f"omar: my work.ipynb -> {NOTEBOOK}: graded, because its notebook metadata says {ASSIGNMENT}" in output
    assert _scores(course)["omar"] == pytest.approx(5.75)


def test_stratkit_autograde_names_who_failed_and_export_refuses_them(tmp_path: Path):
    """A submission nbgrader cannot run (its notebook cut short): 'stratkit autograde' names the student and
    exits 1; 'stratkit export' writes nothing and names them, instead of sending Canvas a 0 for answers worth
    something (PERFECT sits in the answer file: 10 points)."""
    import subprocess
    import sys

    from stratkit.instructor.build import nbgrader_env

    course = make_course(tmp_path)

    def stratkit(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "stratkit", *args], cwd=course.root, env=nbgrader_env(),
                              capture_output=True, text=True)

    assert stratkit("build", ASSIGNMENT).returncode == 0
    for name, answers in (("good", PARTIAL), ("broken", PERFECT)):
        folder = course.root / "submitted" / name / ASSIGNMENT
        shutil.copytree(course.root / "exercises" / ASSIGNMENT, folder)
        answer(folder, answers)
    notebook = course.root / "submitted" / "broken" / ASSIGNMENT / NOTEBOOK
    notebook.write_text(notebook.read_text()[:500])  # cut short: not JSON
    graded = stratkit("autograde", ASSIGNMENT)
    assert graded.returncode == 1, graded.stdout + graded.stderr
    assert "FAILED   broken: nbgrader could not autograde this submission" in graded.stdout
    assert _scores(course)["good"] == pytest.approx(5.75)
    exported = stratkit("export", ASSIGNMENT, "--out", "canvas.csv")
    assert exported.returncode == 1 and not (course.root / "canvas.csv").exists()
    assert f"stratkit export: broken: {ASSIGNMENT}:" in exported.stderr
