"""Issue 10: the answer a student last saw saved is the answer graded, on every path.

One JupyterLab server for the module, driven in Debian's Chromium. Every path runs in JupyterLab
and in Notebook 7, each in its own copy of problem set 1 (all three exercise kinds), and ends with
the status saying "Saved" for every exercise. Then the end states are graded together, as an
instructor would: the saved ``.ipynb`` ALONE through ``nbgrader zip_collect`` + ``autograde``, and
the whole folder through ``autograde``, and both through ``stratkit grade``; every score must equal
the hand-worked score of the answers last shown as saved.
"""

from __future__ import annotations

import csv
import importlib
import json
import shutil
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from stratkit.content.loading import load_exercise

from ..conftest import REPO
from ..nbgrader.course_copy import ASSIGNMENT, NOTEBOOK, Course, make_course
from ..submissions import KINDS, PARTIAL, PERFECT
from .answering import (
    answer_exercise,
    choose_category,
    exercise_root,
    move_step,
    shown_answer,
    status_of,
    tick_option,
    wait_until_saved,
)
from .lab import CHROMIUM, CHROMIUM_ARGS, jupyterlab, open_notebook, run_all_cells

pytestmark = [pytest.mark.browser, pytest.mark.slow]
playwright_api = importlib.import_module("playwright.sync_api")  # a test extra: missing means failing, never skipped

SCREENSHOTS = REPO / "build" / "screenshots"
IDS = list(KINDS)
APPS = ("lab", "nb7")
PATHS = ("reload-then-click", "close-reopen-click", "restart-then-click", "reopen-new-kernel", "click-then-save")

# Hand-worked scores (keys: solutions/ps1-planning-documents/keys/*.yaml; formulas in stratkit.scoring).
# PERFECT: sort 8/8 * 4 = 4, order a valid order 3, pick t = 4, f = 0, c = 4 -> 3: total 10.0.
# PARTIAL (worked in tests/nbgrader/test_workflow.py): 3.0 + 2.0 + 0.75 = 5.75.
# RACED, PERFECT then three quick changes each followed at once by Ctrl+S:
#   sort s1 -> strategy (key: roadmap): 7 of 8 right, per_item 7/8 * 4 = 3.5
#   order t4 moved up one: t3 t6 t5 t1 t4 t2; t4 needs t2 first, so not valid. Nearest valid order
#     t3 t6 t5 t1 t2 t4, longest common subsequence 5, lcs_edit_distance d = 2: (6 - 2)/6 * 3 = 2.0
#   pick o6 unticked: o1 o3 o5, t = 3, f = 0, c = 4: net_correct (3 - 0)/4 * 3 = 2.25
#   total 3.5 + 2.0 + 2.25 = 7.75
RACED = {"ps1-sort": dict(PERFECT["ps1-sort"], s1="strategy"),
         "ps1-order": ["t3", "t6", "t5", "t1", "t4", "t2"],
         "ps1-pick": ["o1", "o3", "o5"]}
SCORE = {"perfect": 10.0, "partial": 5.75, "raced": 7.75}
ANSWERS = {"perfect": PERFECT, "partial": PARTIAL, "raced": RACED}
# what each path answers first and what it ends on (the answers last shown as saved)
PLAN = {"reload-then-click": ("partial", "perfect"), "close-reopen-click": ("perfect", "partial"),
        "restart-then-click": ("partial", "perfect"), "reopen-new-kernel": ("perfect", "partial"),
        "click-then-save": ("perfect", "raced")}


@dataclass
class Student:
    page: Any
    base: str
    token: str
    folder: Path
    app: str

    @property
    def url(self) -> str:
        path = f"{self.folder.parent.name}/{self.folder.name}/{NOTEBOOK}"
        if self.app == "lab":
            return f"{self.base}/lab/workspaces/{self.folder.parent.name}/tree/{path}?token={self.token}"
        return f"{self.base}/notebooks/{path}?token={self.token}"

    def open(self) -> None:
        open_notebook(self.page, self.url)

    def run_all(self) -> None:
        # attached, not visible: JupyterLab may not paint a cell scrolled out of view
        run_all_cells(self.page, '.sk-root[data-exercise="ps1-pick"] .sk-option', state="attached")

    def answer(self, answers: dict[str, Any], keyboard: bool = False) -> None:
        for exercise_id in IDS:
            answer_exercise(self.page, exercise_id, KINDS[exercise_id], answers[exercise_id], keyboard=keyboard)
        for exercise_id in IDS:
            wait_until_saved(self.page, exercise_id)

    def shown(self) -> dict[str, Any]:
        return {e: shown_answer(self.page, e, KINDS[e]) for e in IDS}

    def restart_kernel(self) -> None:
        page = self.page
        page.get_by_role("menuitem", name="Kernel", exact=True).click()
        page.locator("li[data-command='kernelmenu:restart']").click()
        page.locator(".jp-Dialog .jp-mod-accept").click()

    def screenshot(self, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"paths-{self.app}-{name}.png"))


def normalised(answers: dict[str, Any]) -> dict[str, Any]:
    return {e: sorted(v) if KINDS[e] == "pick" else (dict(v) if KINDS[e] == "sort" else list(v))
            for e, v in answers.items()}


def saved_in_notebook(path: Path) -> dict[str, Any]:
    """The answers the saved .ipynb holds in metadata.stratkit.answers (what the front end wrote)."""
    answers = json.loads(path.read_text())["metadata"].get("stratkit", {}).get("answers", {})
    return normalised({e: r["value"] for e, r in answers.items() if e in KINDS})


def saved_in_store(folder: Path) -> dict[str, Any]:
    answers = json.loads((folder / "stratkit-answers.json").read_text())["answers"]
    return normalised({e: r["value"] for e, r in answers.items()})


def shut_down_kernels(base: str, token: str) -> None:
    with urllib.request.urlopen(f"{base}/api/sessions?token={token}") as response:
        sessions = json.load(response)
    for session in sessions:
        request = urllib.request.Request(f"{base}/api/sessions/{session['id']}?token={token}", method="DELETE")
        urllib.request.urlopen(request).close()


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Course:
    course = make_course(tmp_path_factory.mktemp("paths"))
    course.nbgrader("generate_assignment", ASSIGNMENT, "--force")
    return course


@pytest.fixture(scope="module")
def server(course: Course) -> Iterator[tuple[Any, str, str]]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Debian's chromium is missing at {CHROMIUM}: run 'make chromium' (make test does)")
    with jupyterlab(course.students) as url:
        base, token = url.split("|")
        with playwright_api.sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser, base, token
            browser.close()


#: end states recorded by the path tests, graded together at the end: student id -> (folder, expected)
ENDED: dict[str, tuple[Path, float]] = {}


def student_id(app: str, path: str) -> str:
    return app + "".join(word[:3] for word in path.split("-"))  # e.g. labrelthecli: [a-z0-9]+ for zip_collect


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("app", APPS)
def test_path_ends_with_the_saved_answer_in_both_copies(course: Course, server, app: str, path: str):
    browser, base, token = server
    folder = course.students / student_id(app, path) / ASSIGNMENT
    shutil.copytree(course.root / "exercises" / ASSIGNMENT, folder)
    first, last = PLAN[path]
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    student = Student(page, base, token, folder, app)
    student.open()
    student.run_all()
    student.answer(ANSWERS[first], keyboard=(app == "nb7"))  # Notebook 7 students use the keyboard
    assert normalised(student.shown()) == normalised(ANSWERS[first])
    assert saved_in_notebook(folder / NOTEBOOK) == normalised(ANSWERS[first])  # "Saved" means saved in the file

    if path == "reload-then-click":  # kernel alive, cells not run again
        page.reload()
        exercise_root(page, "ps1-pick").locator(".sk-option").first.wait_for(state="attached", timeout=90_000)
        student.answer(ANSWERS[last])
    elif path == "close-reopen-click":  # close the tab, open the notebook again: the same kernel
        page.close()
        page = student.page = browser.new_page(viewport={"width": 1280, "height": 900})
        student.open()
        exercise_root(page, "ps1-pick").locator(".sk-option").first.wait_for(state="attached", timeout=90_000)
        assert normalised(student.shown()) == normalised(ANSWERS[first])
        student.answer(ANSWERS[last])
    elif path == "restart-then-click":
        student.restart_kernel()
        for exercise_id in IDS:
            exercise_root(page, exercise_id).locator('.sk-status[data-state="dead"]').wait_for(state="attached",
                                                                                              timeout=60_000)
            assert status_of(page, exercise_id)[1] == ("The notebook restarted: run this cell, or Run All, to "
                                                       "continue. Your saved answers are safe.")
            assert exercise_root(page, exercise_id).locator("input, button").evaluate_all(
                "controls => controls.length > 0 && controls.every(c => c.matches(':disabled'))")
        # a click on the old widget is refused, never silently lost
        row = exercise_root(page, "ps1-pick").locator('[data-id="o4"]')
        row.click(force=True)
        assert not row.locator("input").is_checked()
        student.screenshot(f"{path}-restarted")
        student.run_all()
        exercise_root(page, "ps1-pick").locator(".sk-status:not([data-state=dead])").wait_for(state="attached",
                                                                                             timeout=60_000)
        assert normalised(student.shown()) == normalised(ANSWERS[first])  # restored
        student.answer(ANSWERS[last])
    elif path == "reopen-new-kernel":  # next day: the notebook opens on a new kernel
        page.close()
        shut_down_kernels(base, token)
        page = student.page = browser.new_page(viewport={"width": 1280, "height": 900})
        student.open()
        placeholders = page.locator(".sk-placeholder")
        placeholders.nth(2).wait_for(state="attached", timeout=90_000)
        assert page.get_by_text("model not found").count() == 0
        text = placeholders.nth(0).inner_text()
        assert "run this cell (Shift+Enter), or Run All" in text and "Your saved answer" in text
        # each placeholder says what was saved, in words: PERFECT ticks o1 and leaves o2 unticked
        options = {o.id: o.text for o in load_exercise(REPO / "exercises" / ASSIGNMENT / "ps1-pick.yaml").options}
        assert "o1" in PERFECT["ps1-pick"] and "o2" not in PERFECT["ps1-pick"]
        pick = " ".join(placeholders.nth(2).inner_text().split())
        assert f"☑ Ticked: {' '.join(options['o1'].split())}" in pick
        assert f"☐ Not ticked: {' '.join(options['o2'].split())}" in pick
        student.screenshot(f"{path}-placeholders")
        student.run_all()
        assert normalised(student.shown()) == normalised(ANSWERS[first])
        student.answer(ANSWERS[last])
    elif path == "click-then-save":  # Ctrl+S a few milliseconds after each change, for each kind
        choose_category(page, "ps1-sort", "s1", "strategy")
        page.keyboard.press("Control+s")
        move_step(page, "ps1-order", "t4", "up")
        page.keyboard.press("Control+s")
        tick_option(page, "ps1-pick", "o6", False)
        page.keyboard.press("Control+s")
        for exercise_id in IDS:
            wait_until_saved(page, exercise_id)

    assert normalised(student.shown()) == normalised(ANSWERS[last])
    for exercise_id in IDS:
        assert status_of(page, exercise_id)[0] == "saved"
    assert saved_in_notebook(folder / NOTEBOOK) == normalised(ANSWERS[last])
    assert saved_in_store(folder) == normalised(ANSWERS[last])
    student.screenshot(path)
    page.close()
    ENDED[student_id(app, path)] = (folder, SCORE[last])


def _nbgrader_scores(course: Course) -> dict[str, float]:
    out = course.root / "grades.csv"
    course.nbgrader("export", "--to", str(out))
    with open(out) as handle:
        return {r["student_id"]: float(r["score"]) for r in csv.DictReader(handle) if r["assignment"] == ASSIGNMENT}


def _stratkit_scores(course: Course) -> dict[str, float]:
    process = subprocess.run([sys.executable, "-m", "stratkit", "grade", ASSIGNMENT, "--course", str(course.root),
                              "--progress", "never"], capture_output=True, text=True, cwd=course.root)
    assert process.returncode == 0, process.stderr
    return {r["student"]: float(r["total"]) for r in csv.DictReader(process.stdout.splitlines())}


@pytest.fixture(scope="module")
def graded(course: Course, server) -> dict[str, dict[str, float]]:
    """Every end state, submitted twice: the folder as it is, and the notebook alone through zip_collect."""
    assert ENDED, "no path reached its end state"
    browser, base, token = server
    shut_down_kernels(base, token)
    archive = course.root / "downloaded" / ASSIGNMENT / "archive"
    archive.mkdir(parents=True, exist_ok=True)
    for sid, (folder, _) in ENDED.items():
        shutil.copytree(folder, course.root / "submitted" / sid / ASSIGNMENT,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        shutil.copy(folder / NOTEBOOK, archive / f"{sid}nb__{ASSIGNMENT}.ipynb")  # the LMS upload: the .ipynb only
    course.nbgrader("zip_collect", ASSIGNMENT)
    roster = course.root / "students.csv"
    roster.write_text("id\n" + "".join(f"{sid}\n{sid}nb\n" for sid in ENDED))
    for sid in ENDED:
        assert not (course.root / "submitted" / f"{sid}nb" / ASSIGNMENT / "stratkit-answers.json").exists()
    course.nbgrader("db", "student", "import", str(roster))  # one call: each nbgrader start costs seconds
    course.nbgrader("autograde", ASSIGNMENT)
    return {"nbgrader": _nbgrader_scores(course), "stratkit": _stratkit_scores(course)}


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("app", APPS)
def test_path_grades_the_answer_last_shown_as_saved(graded, app: str, path: str):
    sid = student_id(app, path)
    assert sid in ENDED, f"the {app} {path} path did not reach its end state (see its test)"
    expected = ENDED[sid][1]
    for grader in ("nbgrader", "stratkit"):
        scores = graded[grader]
        assert scores[sid] == pytest.approx(expected), (grader, "folder", sid, scores.get(sid))
        assert scores[f"{sid}nb"] == pytest.approx(expected), (grader, "notebook alone", sid, scores.get(f"{sid}nb"))
