"""A student in a real browser: JupyterLab on 127.0.0.1, Debian's Chromium, driven by Playwright.

Proves the seam nbclient cannot: a widget callback updates a display output, JupyterLab saves it
in the .ipynb, the answers survive a page reload and closing and reopening, and nbgrader grades
the saved folder.
One student answers with the mouse only, one with the keyboard only.
"""

from __future__ import annotations

import importlib
import json
import shutil
import time
import urllib.request
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml

from stratkit.answers.notebook_copy import MIME

from tests.conftest import REPO
from ..nbgrader.course_copy import ASSIGNMENT, NOTEBOOK, Course, make_course
from ..nbgrader.test_workflow import PARTIAL, PERFECT
from .lab import CHROMIUM, CHROMIUM_ARGS, jupyterlab, open_notebook, run_all_cells

pytestmark = [pytest.mark.browser, pytest.mark.slow]
playwright_api = importlib.import_module("playwright.sync_api")  # a test extra: missing means failing, never skipped

SCREENSHOTS = REPO / "build" / "screenshots"
STUDENTS = {"mia": PERFECT, "kai": PARTIAL}  # mia clicks, kai uses the keyboard
EXPECTED_SCORE = {"mia": 10.0, "kai": 5.75}  # hand-worked in tests/nbgrader/test_workflow.py


def _labels(folder: Path) -> dict[str, Any]:
    sort = yaml.safe_load((folder / "ps1-sort.yaml").read_text())
    order = yaml.safe_load((folder / "ps1-order.yaml").read_text())
    return {"categories": {c["id"]: c["label"] for c in sort["categories"]},
            "steps": {s["text"]: s["id"] for s in order["steps"]}}


class Student:
    def __init__(self, page: Any, base: str, token: str, name: str, folder: Path) -> None:
        self.page, self.base, self.token, self.name, self.folder = page, base, token, name, folder
        self.labels = _labels(folder)

    def open(self) -> None:
        """Open the notebook in a workspace of its own, so no other student's tab is restored."""
        open_notebook(self.page, f"{self.base}/lab/workspaces/{self.name}-{time.monotonic_ns()}/tree/"
                                 f"{self.name}/{ASSIGNMENT}/{NOTEBOOK}?token={self.token}")

    def open_and_run(self, *, already_open: bool = False) -> None:
        if not already_open:
            self.open()
        run_all_cells(self.page, ".stratkit-pick .stratkit-row")

    def order_now(self) -> list[str]:
        texts = self.page.locator(".stratkit-order .stratkit-row").all_inner_texts()
        return [self.labels["steps"][t.split("\n", 1)[1].strip()] for t in texts]

    # mouse ---------------------------------------------------------------
    def answer_with_mouse(self, answers: dict[str, Any]) -> None:
        page = self.page
        for item, category in answers["ps1-sort"].items():
            row = page.locator(f".stratkit-item-{item}")
            row.get_by_role("button", name=self.labels["categories"][category], exact=True).click()
        target = answers["ps1-order"]
        for index, step in enumerate(target):
            while (current := self.order_now()).index(step) > index:
                page.locator(".stratkit-order .stratkit-up").nth(current.index(step)).click()
                self._wait_order_change(current)
        for option in answers["ps1-pick"]:
            page.locator(f".stratkit-item-{option} input[type=checkbox]").click()

    # keyboard ------------------------------------------------------------
    def answer_with_keyboard(self, answers: dict[str, Any]) -> None:
        page = self.page
        categories = list(self.labels["categories"])
        for item, category in answers["ps1-sort"].items():
            # Tab into the row's first button, Tab along to the category, Enter to choose it
            page.locator(f".stratkit-item-{item} button").first.focus()
            for _ in range(categories.index(category)):
                page.keyboard.press("Tab")
            page.keyboard.press("Enter")
        target = answers["ps1-order"]
        for index, step in enumerate(target):
            current = self.order_now()
            presses = current.index(step) - index
            if presses <= 0:
                continue
            page.locator(".stratkit-order .stratkit-up").nth(current.index(step)).focus()
            for _ in range(presses):  # focus follows the step as it moves up
                before = self.order_now()
                page.keyboard.press("Enter")
                self._wait_order_change(before)
        for option in answers["ps1-pick"]:
            page.locator(f".stratkit-item-{option} input[type=checkbox]").focus()
            page.keyboard.press("Space")

    def _wait_order_change(self, before: list[str]) -> None:
        deadline = time.monotonic() + 10
        while self.order_now() == before:
            assert time.monotonic() < deadline, "the order widget did not respond"
            time.sleep(0.05)

    # checks --------------------------------------------------------------
    def shown_answers(self) -> dict[str, Any]:
        page = self.page
        by_label = {label: cid for cid, label in self.labels["categories"].items()}
        sort = {}
        for row in page.locator(".stratkit-sort .stratkit-row").all():
            item = next(c[len("stratkit-item-"):] for c in row.get_attribute("class").split()
                        if c.startswith("stratkit-item-"))
            active = row.locator("button.mod-active").all_inner_texts()
            if active:
                sort[item] = by_label[active[0].strip()]
        pick = [c[len("stratkit-item-"):] for box in page.locator(".stratkit-pick .stratkit-row").all()
                if box.locator("input").is_checked()
                for c in box.get_attribute("class").split() if c.startswith("stratkit-item-")]
        return {"ps1-sort": sort, "ps1-order": self.order_now(), "ps1-pick": pick}

    def save_notebook(self, answers: dict[str, Any]) -> None:
        self.page.keyboard.press("Control+s")
        deadline = time.monotonic() + 30
        while _saved_in_notebook(self.folder / NOTEBOOK) != _normalised(answers):
            assert time.monotonic() < deadline, _saved_in_notebook(self.folder / NOTEBOOK)
            time.sleep(0.3)


def _normalised(answers: dict[str, Any]) -> dict[str, Any]:
    return {"ps1-sort": dict(answers["ps1-sort"]), "ps1-order": list(answers["ps1-order"]),
            "ps1-pick": sorted(answers["ps1-pick"])}


def _saved_in_notebook(path: Path) -> dict[str, Any]:
    """The answers JupyterLab wrote into the .ipynb (the display outputs the widgets updated)."""
    found: dict[str, Any] = {}
    for cell in json.loads(path.read_text())["cells"]:
        for output in cell.get("outputs", []):
            record = output.get("data", {}).get(MIME)
            if record:
                value = record["value"]
                found[record["exercise"]] = sorted(value) if record["kind"] == "pick" else value
    return found


def _shut_down_sessions(base: str, token: str) -> None:
    with urllib.request.urlopen(f"{base}/api/sessions?token={token}") as response:
        sessions = json.load(response)
    for session in sessions:
        request = urllib.request.Request(f"{base}/api/sessions/{session['id']}?token={token}", method="DELETE")
        urllib.request.urlopen(request).close()


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Course:
    course = make_course(tmp_path_factory.mktemp("browser"))
    course.nbgrader("generate_assignment", ASSIGNMENT, "--force")
    for name in STUDENTS:
        shutil.copytree(course.root / "exercises" / ASSIGNMENT, course.student_folder(name))
    return course


@pytest.fixture(scope="module")
def browser_session(course: Course) -> Iterator[tuple[Any, str, str]]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Debian's chromium is missing at {CHROMIUM}: run 'make chromium' (make test does)")
    with jupyterlab(course.students) as url:
        base, token = url.split("|")
        with playwright_api.sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser, base, token
            browser.close()


@pytest.mark.parametrize("name", list(STUDENTS))
def test_answers_survive_close_and_reopen_and_grade(course: Course, browser_session, name: str):
    browser, base, token = browser_session
    answers = STUDENTS[name]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    folder = course.student_folder(name)

    page = browser.new_page(viewport={"width": 1280, "height": 800})
    student = Student(page, base, token, name, folder)
    student.open_and_run()
    if name == "mia":
        student.answer_with_mouse(answers)
    else:
        student.answer_with_keyboard(answers)
    assert _normalised(student.shown_answers()) == _normalised(answers)
    for status in page.locator(".stratkit-status").all_inner_texts():
        assert "✔ Saved" in status, status
    page.locator(".stratkit-sort").screenshot(path=str(SCREENSHOTS / f"{name}-sort-answered.png"))
    student.save_notebook(answers)
    # reload the page: the kernel lives on, and the widgets show the answers without re-running
    page.reload()
    page.wait_for_selector(".stratkit-pick .stratkit-row >> visible=true", timeout=60_000)
    assert _normalised(student.shown_answers()) == _normalised(answers)
    page.close()
    _shut_down_sessions(base, token)

    # reopen: before running anything, the saved text copy shows; after running, the widgets do
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    student = Student(page, base, token, name, folder)
    student.open()
    page.wait_for_selector("text=stratkit saved your answer >> visible=true", timeout=60_000)
    student.open_and_run(already_open=True)
    page.wait_for_function("document.querySelectorAll('.stratkit-status').length === 3")
    assert _normalised(student.shown_answers()) == _normalised(answers)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-reopened.png"), full_page=True)
    page.close()
    _shut_down_sessions(base, token)

    # the saved folder, as submitted, gets the hand-worked score from nbgrader
    submitted = course.root / "submitted" / name / ASSIGNMENT
    shutil.copytree(folder, submitted, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    course.nbgrader("db", "student", "add", name)
    course.nbgrader("autograde", ASSIGNMENT, f"--student={name}")
    course.nbgrader("export", "--to", str(course.root / f"grades-{name}.csv"))
    import csv

    with open(course.root / f"grades-{name}.csv") as handle:
        rows = {r["student_id"]: float(r["score"]) for r in csv.DictReader(handle)}
    assert rows[name] == pytest.approx(EXPECTED_SCORE[name])
