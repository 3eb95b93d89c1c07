"""`make lab` is the student's JupyterLab: no nbgrader instructor tools, no cell toolbar to break cells.

The instructor's JupyterLab (`make lab-instructor`, no student settings) keeps all of them: the same
test run without the settings shows each one, so the check can fail.
"""

from __future__ import annotations

import importlib
import shutil
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import REPO

from .lab import CHROMIUM, CHROMIUM_ARGS, jupyterlab, open_notebook

pytestmark = [pytest.mark.browser, pytest.mark.slow]
playwright_api = importlib.import_module("playwright.sync_api")  # a test extra: missing means failing
STUDENT_CONFIG = REPO / "jupyter-config" / "student"
LESSON = "01-what-a-strategy-is.ipynb"
INSTRUCTOR_ONLY = ["Course List", "Formgrader", "Create assignment"]


def _status(url: str) -> int:
    try:
        return urllib.request.urlopen(url, timeout=30).status
    except urllib.error.HTTPError as error:
        return error.code


def _what_a_user_sees(tmp_path: Path, env: dict[str, str]) -> dict[str, object]:
    root = tmp_path / "course"
    shutil.copytree(REPO / "course", root)
    with jupyterlab(root, env) as url, playwright_api.sync_playwright() as driver:
        base, token = url.split("|")
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        open_notebook(page, f"{base}/lab/tree/{LESSON}?token={token}")
        page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader").click()
        menu = page.locator(".lm-Menu-itemLabel >> visible=true").all_inner_texts()
        page.keyboard.press("Escape")
        page.locator(".jp-Cell").nth(1).click()
        page.wait_for_timeout(800)  # the toolbar appears on the active cell, when it exists
        toolbar_buttons = page.locator(".jp-cell-toolbar button >> visible=true").count()
        browser.close()
        return {"menu": menu, "toolbar_buttons": toolbar_buttons,
                "formgrader": _status(f"{base}/formgrader?token={token}")}


def test_student_lab_hides_instructor_tools_and_the_cell_toolbar(tmp_path: Path) -> None:
    student = _what_a_user_sees(tmp_path / "student", {"JUPYTER_CONFIG_PATH": str(STUDENT_CONFIG)})
    assert student["menu"] == ["Assignment List"]  # the Assignments tab stays: fetch, validate, submit
    assert student["toolbar_buttons"] == 0
    assert student["formgrader"] == 404
    instructor = _what_a_user_sees(tmp_path / "instructor", {})
    assert set(INSTRUCTOR_ONLY) <= set(instructor["menu"])
    assert instructor["toolbar_buttons"] > 0
    assert instructor["formgrader"] == 200


def test_make_lab_uses_the_student_settings() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "STUDENT_CONFIG := $(CURDIR)/jupyter-config/student" in makefile
    lab_recipe = makefile.split("\nlab:", 1)[1].split("\n\n", 1)[0]
    assert 'JUPYTER_CONFIG_PATH="$(STUDENT_CONFIG)' in lab_recipe
