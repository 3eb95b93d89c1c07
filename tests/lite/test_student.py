"""A student in the browser-only site: lessons with Check, a problem set answered across a reload and
downloaded for submission, then graded by ``stratkit grade`` and by nbgrader (zip_collect + autograde).

Served by a plain static file server on 127.0.0.1, driven in Debian's Chromium; every request the
pages and their workers make is recorded (chromium.py) and none may leave 127.0.0.1. All widget
page steps are in answering.py; exercises are answered as in every browser suite (tests/browser/answering.py).
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from stratkit.content.loading import load_exercise
from stratkit.content.model import AnyExercise
from stratkit.scoring.marking import feedback, fraction

from ..browser import answering as widgets
from ..conftest import REPO
from ..nbgrader.course_copy import ASSIGNMENT, NOTEBOOK, make_course
from . import answering as student
from .chromium import outside_127_0_0_1, recorded_chromium, site_requests
from .server import static_server

pytestmark = [pytest.mark.lite, pytest.mark.browser, pytest.mark.slow]
SCREENSHOTS = REPO / "build" / "screenshots"
PS1 = f"exercises/{ASSIGNMENT}/{NOTEBOOK}"
RELEASED = REPO / "exercises" / ASSIGNMENT

# The answers, worked by hand from solutions/ps1-planning-documents/keys/*.yaml.
# Before the reload: every statement sorted right, the order below, options o1 and o3.
BEFORE_RELOAD = {
    "ps1-sort": {"s1": "roadmap", "s2": "strategy", "s3": "marketing-plan", "s4": "gtm-plan",
                 "s5": "marketing-plan", "s6": "gtm-plan", "s7": "strategy", "s8": "roadmap"},
    "ps1-order": ["t6", "t3", "t5", "t1", "t2", "t4"],
    "ps1-pick": ["o1", "o3"],
}
# After the reload the student changes s3 and s6 and also ticks o2. What is graded, by hand:
# sort (per_item, 4 points): the key is s1 roadmap, s2 strategy, s3 marketing-plan, s4 gtm-plan,
#   s5 marketing-plan, s6 gtm-plan, s7 strategy, s8 roadmap; s3 -> gtm-plan and s6 -> marketing-plan
#   are wrong: 6 of 8 right, 6/8 * 4 = 3.0.
# order (lcs_edit_distance, 3 points): prerequisites t6 <- t3, t5 <- t6, t2 <- t1 t5 t6, t4 <- t2.
#   t6 before t3 breaks one; the nearest valid order t3 t6 t5 t1 t2 t4 shares a longest common
#   subsequence of 5 steps (t6 t5 t1 t2 t4), so d = 2 (one step out and back in): (6 - 2)/6 = 2/3,
#   2/3 * 3 = 2.0.
# pick (net_correct, 3 points): correct options o1 o3 o5 o6 (c = 4); chosen o1 o3 right (t = 2),
#   o2 wrong (f = 1): max(0, (2 - 1)/4) = 0.25, 0.25 * 3 = 0.75.
# total 3.0 + 2.0 + 0.75 = 5.75 of 10. (The answers before the reload would give 4 + 2 + 1.5 = 7.5.)
AFTER_RELOAD = {"ps1-sort": dict(BEFORE_RELOAD["ps1-sort"], s3="gtm-plan", s6="marketing-plan"),
                "ps1-order": BEFORE_RELOAD["ps1-order"], "ps1-pick": ["o1", "o2", "o3"]}
EXPECTED_SCORE = 5.75


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class Session:
    base: str
    netlog: Path
    downloads: Path
    stack: ExitStack
    browser: Any = None
    downloaded: dict[str, Path] = field(default_factory=dict)

    def page(self, width: int = 1280, height: int = 900) -> Any:
        """A page in a browser profile of its own (a student's first visit: no earlier tab comes back
        with a kernel of its own); a reload keeps the page's storage."""
        context = self.browser.new_context(accept_downloads=True, viewport={"width": width, "height": height})
        self.stack.callback(context.close)
        return context.new_page()

    def close(self) -> None:
        self.stack.close()


@pytest.fixture(scope="module")
def session(site_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    folder = tmp_path_factory.mktemp("lite-browser")
    stack = ExitStack()
    browser = stack.enter_context(recorded_chromium(folder / "netlog.json"))
    state = Session(site_url, folder / "netlog.json", folder / "downloads", stack, browser)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    yield state
    state.close()


def _assert_feedback_as_in_jupyterlab(shown: str, exercise: AnyExercise, value: Any) -> None:
    """The browser shows what stratkit.scoring.marking computes: the score and, for each answered entry,
    its mark, verdict and why (unanswered entries are counted, never explained)."""
    text = _flat(shown)
    assert f"Score: {round(fraction(exercise, value) * 100)}%" in text, text
    answered = [line for line in feedback(exercise, value) if line.right is not None]
    assert answered
    for line in answered:
        mark = "✔ Right" if line.right else "✘ Not right"
        assert _flat(f"{mark} {line.text} {line.verdict()} {line.explanation}") in text, line.text


def test_the_site_opens_on_the_start_page(session: Session):
    """The site's address opens a page that says plainly where answers live and how to hand them in."""
    page = session.page()
    page.goto(f"{session.base}/")
    page.wait_for_selector(".jp-RenderedMarkdown h1 >> visible=true", timeout=student.WAIT_MS)
    text = _flat(page.locator(".jp-RenderedMarkdown").first.inner_text())
    assert "saved in this browser, on this computer" in text and "Download for submission" in text
    page.screenshot(path=str(SCREENSHOTS / "lite-start-page.png"))
    page.close()


def test_lessons_give_the_same_practice_feedback_as_jupyterlab(session: Session):
    page = session.page()
    student.open_notebook(page, session.base, "course/01-what-a-strategy-is.ipynb")
    page.screenshot(path=str(SCREENSHOTS / "lite-lesson1-opened.png"))
    student.run_all(page, count=3)
    # sort: one statement put in a wrong category
    sort = load_exercise(REPO / "course" / "items" / "l1-reasons-or-actions.yaml")
    first = sort.entries()[0]
    wrong = next(c for c in sort.categories if c.id != first.answer)  # type: ignore[union-attr]
    widgets.choose_category(page, sort.id, first.id, wrong.id)
    _assert_feedback_as_in_jupyterlab(widgets.press_check(page, sort.id), sort, {first.id: wrong.id})
    widgets.exercise_root(page, sort.id).locator(".sk-feedback").scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "lite-lesson1-sort-feedback.png"))
    # pick: one right option and one wrong one
    pick = load_exercise(REPO / "course" / "items" / "l1-managing-in-layers.yaml")
    right = next(o.id for o in pick.entries() if o.correct)  # type: ignore[attr-defined]
    wrong_option = next(o.id for o in pick.entries() if not o.correct)  # type: ignore[attr-defined]
    widgets.tick_option(page, pick.id, right)
    widgets.tick_option(page, pick.id, wrong_option)
    _assert_feedback_as_in_jupyterlab(widgets.press_check(page, pick.id), pick, [right, wrong_option])
    page.close()
    # order: lesson 1 has no order exercise; lesson 4's, after one move
    page = session.page()
    student.open_notebook(page, session.base, "course/04-sequencing-and-planning-cycles.ipynb")
    student.run_all(page, count=3)
    order = load_exercise(REPO / "course" / "items" / "l4-two-cycles.yaml")
    before = widgets.order_on_screen(page, order.id)
    assert sorted(before) == sorted(s.id for s in order.entries())
    moved = before[1:2] + before[:1] + before[2:]
    widgets.put_in_order(page, order.id, moved)
    _assert_feedback_as_in_jupyterlab(widgets.press_check(page, order.id), order, moved)
    widgets.exercise_root(page, order.id).locator(".sk-feedback").scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "lite-lesson4-order-feedback.png"))
    page.close()


KINDS = {"ps1-sort": "sort", "ps1-order": "order", "ps1-pick": "pick"}


def _answer_ps1(page: Any, answers: dict[str, Any]) -> None:
    for exercise_id, value in answers.items():
        widgets.answer_exercise(page, exercise_id, KINDS[exercise_id], value)
    for exercise_id, value in answers.items():
        student.wait_answered(page, exercise_id, KINDS[exercise_id], value)


def _shown_ps1(page: Any) -> dict[str, Any]:
    return {exercise_id: widgets.shown_answer(page, exercise_id, kind) for exercise_id, kind in KINDS.items()}


def test_problem_set_answered_across_a_reload_and_downloaded(session: Session):
    page = session.page()
    student.open_notebook(page, session.base, PS1)
    student.run_all(page, student.DOWNLOAD)
    _answer_ps1(page, BEFORE_RELOAD)
    assert _shown_ps1(page) == BEFORE_RELOAD
    # reload: the kernel lives in the page, so it starts again; the answers come back from the browser
    page.reload()
    student.open_notebook(page, session.base, PS1)
    student.run_all(page, student.DOWNLOAD, count=1)
    page.wait_for_function("document.querySelectorAll('.sk-root .sk-status').length === 3")
    assert _shown_ps1(page) == BEFORE_RELOAD
    _answer_ps1(page, AFTER_RELOAD)
    assert _shown_ps1(page) == AFTER_RELOAD
    download = student.download_for_submission(page)
    assert download.suggested_filename == NOTEBOOK  # never exercises_ps1-..._ps1-....ipynb
    target = session.downloads / download.suggested_filename
    download.save_as(str(target))
    session.downloaded[ASSIGNMENT] = target
    page.screenshot(path=str(SCREENSHOTS / "lite-ps1-downloaded.png"), full_page=True)
    saved = json.loads(target.read_text())
    assert saved["metadata"]["kernelspec"]["name"] == "python3"  # the released kernel, not Pyodide's
    page.close()


def test_problem_set_narrow_and_dark(session: Session):
    """What a student sees on a phone-width window, and in the dark theme (screenshots, looked at)."""
    page = session.page(390, 844)
    student.open_notebook(page, session.base, PS1)
    student.hide_file_browser(page)
    student.run_all(page, student.DOWNLOAD)
    widgets.exercise_root(page, "ps1-sort").scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "lite-ps1-sort-390px.png"))
    page.locator(student.DOWNLOAD).scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "lite-ps1-download-390px.png"))
    page.close()
    page = session.page()
    student.open_notebook(page, session.base, PS1)
    student.dark_theme(page)
    student.run_all(page, student.DOWNLOAD)
    page.locator(student.DOWNLOAD).scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "lite-ps1-dark.png"))
    student.light_theme(page)
    page.close()


def test_the_downloaded_notebook_grades_as_worked_by_hand(session: Session, tmp_path: Path):
    downloaded = session.downloaded.get(ASSIGNMENT)
    assert downloaded is not None, "the problem-set test did not download the notebook"
    course = make_course(tmp_path)
    course.nbgrader("generate_assignment", ASSIGNMENT, "--force")
    archive = course.root / "downloaded" / ASSIGNMENT / "archive"
    archive.mkdir(parents=True)
    shutil.copy(downloaded, archive / f"lee__{downloaded.name}")  # as an LMS names an upload: student__file
    course.nbgrader("zip_collect", ASSIGNMENT)
    submitted = course.root / "submitted" / "lee" / ASSIGNMENT
    assert sorted(p.name for p in submitted.iterdir()) == [NOTEBOOK]  # the notebook alone: no answer file
    process = subprocess.run([sys.executable, "-m", "stratkit", "grade", ASSIGNMENT, "--course", str(course.root),
                              "--out", str(tmp_path / "stratkit.csv")], capture_output=True, text=True)
    assert process.returncode == 0, process.stderr
    with open(tmp_path / "stratkit.csv", encoding="utf-8-sig") as handle:  # Excel's byte-order mark first
        rows = {r["student"]: r for r in csv.DictReader(handle)}
    assert float(rows["lee"]["total"]) == pytest.approx(EXPECTED_SCORE)
    assert (float(rows["lee"]["ps1-sort"]), float(rows["lee"]["ps1-order"]), float(rows["lee"]["ps1-pick"])) == \
        pytest.approx((3.0, 2.0, 0.75))
    course.nbgrader("db", "student", "add", "lee")
    course.nbgrader("autograde", ASSIGNMENT)
    course.nbgrader("export", "--to", str(tmp_path / "nbgrader.csv"))
    with open(tmp_path / "nbgrader.csv") as handle:
        scores = {r["student_id"]: float(r["score"]) for r in csv.DictReader(handle)}
    assert scores["lee"] == pytest.approx(EXPECTED_SCORE)


def test_no_request_left_127_0_0_1(session: Session):
    session.close()  # the NetLog is complete once the browser has closed
    requests = site_requests(session.netlog)
    urls = [url for _, url in requests]
    # the record saw the pages, the kernel's worker (the wheels) and the notebooks' contents
    assert any(url.endswith(".ipynb") for url in urls)
    assert any("/static/pyodide/stratkit-" in url for url in urls)
    assert any("/static/pyodide/pyodide.asm.wasm" in url for url in urls)
    assert outside_127_0_0_1(requests) == []


def test_the_request_record_sees_a_page_reaching_out(site_url: str, tmp_path: Path):
    """The record can fail: a page and a worker that ask for files on a CDN are caught (and refused)."""
    page_file = tmp_path / "reach.html"
    page_file.write_text("<!doctype html><script>fetch('https://cdn.jsdelivr.net/pyodide/planted.json').catch(()=>0);"
                         "new Worker(URL.createObjectURL(new Blob(["
                         "\"fetch('https://files.pythonhosted.org/planted.whl').catch(()=>0)\"])));</script>")
    with static_server(tmp_path) as base, recorded_chromium(tmp_path / "netlog.json") as browser:
        page = browser.new_page()
        page.goto(f"{base}/reach.html")
        page.wait_for_timeout(3000)  # not an assertion on time: gives the worker a moment to run
    outside = outside_127_0_0_1(site_requests(tmp_path / "netlog.json"))
    assert "https://cdn.jsdelivr.net/pyodide/planted.json" in outside
    assert "https://files.pythonhosted.org/planted.whl" in outside
