"""What the instructor sees in formgrader, and what a student sees in feedback, after the guide's run.

A real Jupyter server (nbgrader's formgrader extension) on 127.0.0.1 on the guide's course, Debian's
Chromium through Playwright. Screenshots go to build/screenshots/ (looked at by a person: see the
report of issue 12).
"""

from __future__ import annotations

import importlib
import os
import secrets
import sqlite3
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

from tests.browser.lab import CHROMIUM, CHROMIUM_ARGS, _free_port
from tests.conftest import REPO
from tests.guide.conftest import ASSIGNMENT
from tests.guide.test_instructor_guide import AUTOGRADED

pytestmark = [pytest.mark.browser, pytest.mark.slow]
playwright_api = importlib.import_module("playwright.sync_api")  # a test extra: missing means failing, never skipped
SHOTS = REPO / "build" / "screenshots"


@contextmanager
def formgrader(course: Path, env: dict[str, str]) -> Iterator[tuple[str, str]]:
    port, token = _free_port(), secrets.token_hex(16)
    log = open(course.parent / "formgrader.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "server", "--no-browser", "--allow-root", f"--ServerApp.port={port}",
         "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={course}"],
        cwd=course, env={**env, "JUPYTER_RUNTIME_DIR": str(course.parent / ".runtime")}, stdout=log,
        stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("jupyter server did not start: "
                                       + (course.parent / "formgrader.log").read_text()[-2000:])
                time.sleep(0.5)
        yield base, token
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _submission_id(course: Path, student: str) -> str:
    db = sqlite3.connect(course / "gradebook.db")
    try:
        row = db.execute("SELECT sn.id FROM submitted_notebook sn JOIN submitted_assignment sa "
                         "ON sn.assignment_id = sa.id WHERE sa.student_id = ?", (student,)).fetchone()
    finally:
        db.close()
    assert row, student
    return row[0]


def test_formgrader_shows_the_answer_in_words_and_no_key(guide_run):
    SHOTS.mkdir(parents=True, exist_ok=True)
    course = guide_run.course
    with formgrader(course, guide_run.env) as (base, token), playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(f"{base}/tree?token={token}")  # logs in: the session cookie serves formgrader's API calls
            page.goto(f"{base}/formgrader/gradebook/{ASSIGNMENT}/{ASSIGNMENT}")
            page.wait_for_selector("a[href*='/formgrader/submissions/']", timeout=60_000)
            page.get_by_role("button", name="Show All Names").click()
            page.screenshot(path=str(SHOTS / "formgrader-submissions.png"), full_page=True)
            rows = page.locator("table tbody tr")
            assert rows.count() == len(AUTOGRADED)
            # nbgrader ticks "Tests failed" for every cell under full marks (auto_score < max_score): every
            # student below 10 autograded (bob 0, carol/hana/gus/zoe 5.75, josé/dmitri 7.25); lena and
            # the grader's changes do not change the autograded score
            headers = [h.strip() for h in page.locator("table thead th").all_inner_texts()]
            column = next(i for i, h in enumerate(headers) if h.replace("\n", " ").startswith("Tests"))
            ticked = sum(1 for i in range(rows.count())
                         if rows.nth(i).locator("td").nth(column).locator(".glyphicon-ok").count())
            assert ticked == sum(1 for score in AUTOGRADED.values() if score < 10)

            page.goto(f"{base}/formgrader/submissions/{_submission_id(course, 'hana')}")
            page.wait_for_selector(".nbgrader_cell", timeout=60_000)
            page.screenshot(path=str(SHOTS / "formgrader-hana.png"), full_page=True)
            text = page.inner_text("body")
            assert 'key="sk1:(hidden)"' in text and "sk1:eNq" not in text  # the key stays out of sight
            assert "was missing from your notebook" in text  # the note before her restored cell
            assert "Your answer, saved" in text and "Your order, saved" in text  # each exercise says what was chosen
            assert "Right to tick it." in text and "Right: Product roadmap." in text
            widths = page.evaluate("""() => Array.from(document.querySelectorAll('.output_text pre'))
                                      .map(p => p.scrollWidth - p.clientWidth)""")
            assert widths and max(widths) <= 2, widths  # no sideways scrolling in any output box
        finally:
            browser.close()


@pytest.mark.parametrize("scheme,width", [("light", 1280), ("dark", 1280), ("light", 390)])
def test_feedback_reads_without_scrolling_sideways(guide_run, scheme, width):
    """The student's feedback HTML (nbgrader's generate_feedback): wrapped lines, clean verdicts."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    html = guide_run.course / "feedback" / "carol" / ASSIGNMENT / f"{ASSIGNMENT}.html"
    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
            page.goto(html.as_uri())
            page.wait_for_selector("pre", timeout=30_000)
            page.screenshot(path=str(SHOTS / f"feedback-carol-{scheme}-{width}.png"), full_page=True)
            if width >= 800:  # at 390 px nbgrader's own layout is wider than the screen; the lines are not the cause
                widths = page.evaluate("""() => Array.from(document.querySelectorAll('.output_area pre'))
                                          .map(p => p.scrollWidth - p.clientWidth)""")
                assert widths and max(widths) <= 2, widths
            text = page.inner_text("body")
            assert ".." not in text.replace("...", "")
            assert "You put it at step 1, out of order: it must come after" in text  # carol's t6, before t3
        finally:
            browser.close()
