"""A new student opens lesson 1, answers a practice exercise and presses Check (practice mode)."""

from __future__ import annotations

import importlib
import shutil
from pathlib import Path

import pytest

from stratkit.content.loading import load_exercise
from stratkit.content.model import SortExercise

from tests.conftest import REPO
from tests.browser.answering import choose_category, exercise_root, press_check, wait_until_saved
from .lab import CHROMIUM, CHROMIUM_ARGS, jupyterlab, open_notebook, run_all_cells

pytestmark = [pytest.mark.browser, pytest.mark.slow]
playwright_api = importlib.import_module("playwright.sync_api")  # a test extra: missing means failing, never skipped
SCREENSHOTS = REPO / "build" / "screenshots"
LESSON = "01-what-a-strategy-is.ipynb"


def test_first_lesson_gives_instant_feedback(tmp_path: Path):
    course = tmp_path / "course"
    shutil.copytree(REPO / "course", course, ignore=shutil.ignore_patterns("stratkit-answers.json*"))
    first = load_exercise(course / "items" / "l1-reasons-or-actions.yaml")
    assert isinstance(first, SortExercise)
    item = first.items[0]
    wrong = next(c for c in first.categories if c.id != item.answer)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with jupyterlab(course) as url, playwright_api.sync_playwright() as driver:
        base, token = url.split("|")
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        open_notebook(page, f"{base}/lab/tree/{LESSON}?token={token}")
        page.screenshot(path=str(SCREENSHOTS / "lesson1-opened.png"))
        run_all_cells(page, f'.sk-root[data-exercise="{first.id}"]')
        choose_category(page, first.id, item.id, wrong.id)
        wait_until_saved(page, first.id)
        text = press_check(page, first.id)
        assert f"You chose {wrong.label}" in text and item.explanation.split()[0] in text
        root = exercise_root(page, first.id)
        root.evaluate("r => r.scrollIntoView({block: 'start'})")
        page.screenshot(path=str(SCREENSHOTS / "lesson1-feedback.png"))
        # the saved answer is in the lesson's folder, for the next visit
        assert (course / "stratkit-answers.json").is_file()
        browser.close()
