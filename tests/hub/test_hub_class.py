"""A real class on a real JupyterHub: docs/deployment.md's one-server set-up, run as written.

As root, on 127.0.0.1: the doc's root blocks make the shared environment (jupyterhub from PyPI,
stratkit from this working tree), the pinned configurable-http-proxy from npm, the exchange, the
global nbgrader configuration, the student and instructor tool settings, the Linux accounts of one
instructor and three students (PAM passwords) and the hub (LocalProcessSpawner); then Debian's
Chromium, driven by Playwright, plays each person in turn:

1. the instructor logs in and types the doc's release commands into a JupyterLab terminal;
2. each student logs in, fetches ps1 from the Assignments tab, answers with the widgets (ana
   perfectly, ben partly, cy partly and then uploads a ``stratkit.py`` of her own beside the
   notebook through the file browser), saves, and submits from the Assignments tab;
3. the instructor types the doc's grading, crosscheck and feedback commands;
4. each student fetches their feedback and opens it.

After every step each student's account tries to read the other students' homes, the instructor's
home (course folder, keys, gradebook.db) and the exchange's private folders, and scans what it can
read for the answer keys. One hub for the whole module; the accounts and the shared folder are
removed afterwards. Runs only as root: elsewhere it fails with one line saying so.
"""

from __future__ import annotations

import csv
import fcntl
import importlib
import json
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import pytest

from stratkit.answers.notebook_copy import records_in_notebook

from ..browser import answering
from ..browser.lab import CHROMIUM, CHROMIUM_ARGS
from ..conftest import REPO
from ..submissions import PERFECT
from . import docblocks, hub_ui, probes
from .hub_ui import HubUser
from .machine import Machine, needs_root_message

pytestmark = [pytest.mark.hub, pytest.mark.browser, pytest.mark.slow]
playwright_api = importlib.import_module("playwright.sync_api")  # a test extra: missing means failing

COURSE = "stratkit"
ASSIGNMENT = "ps1-planning-documents"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"
SCREENSHOTS = REPO / "build" / "screenshots"
INSTRUCTOR, ANA, BEN, CY = "sk-lee", "sk-ana", "sk-ben", "sk-cy"
STUDENTS = [ANA, BEN, CY]

# What each student clicks, and the score worked out by hand from
# solutions/ps1-planning-documents/keys/*.yaml (sort: per_item, 4 points; order: lcs_edit_distance,
# 3 points, prerequisites t6<-t3, t5<-t6, t2<-t1,t5,t6, t4<-t2; pick: net_correct, 3 points, right
# options o1 o3 o5 o6).
KEY_SORT = cast("dict[str, str]", PERFECT["ps1-sort"])
ANSWERS: dict[str, dict[str, Any]] = {
    # ana: the key (tests/submissions.py): 8/8 * 4 + 3 + (4 - 0)/4 * 3 = 4 + 3 + 3 = 10.0
    ANA: PERFECT,
    # ben: sort s3, s6, s7 wrong (keys: marketing-plan, gtm-plan, strategy): 5/8 * 4 = 2.5.
    #   order t3 t5 t6 t1 t4 t2: every valid order has t6 before t5 and t2 before t4, so a common
    #   subsequence keeps one of each pair: longest 4 (t3 t6 t1 t2, with t3 t6 t5 t1 t2 t4);
    #   d = 2 deletions + 2 insertions = 4, (6 - 4)/6 * 3 = 1.0.
    #   pick o1 o3 o5 right (t = 3), o7 wrong (f = 1): (3 - 1)/4 * 3 = 1.5.  Total 2.5 + 1.0 + 1.5 = 5.0
    BEN: {"ps1-sort": {**KEY_SORT, "s3": "gtm-plan", "s6": "marketing-plan", "s7": "roadmap"},
          "ps1-order": ["t3", "t5", "t6", "t1", "t4", "t2"],
          "ps1-pick": ["o1", "o3", "o5", "o7"]},
    # cy: sort s1, s2, s4, s8 wrong: 4/8 * 4 = 2.0.
    #   order t1 t3 t6 t5 t2 t4 is valid (t1 needs nothing before it): 3.0.
    #   pick all four right options and o7 (t = 4, f = 1): (4 - 1)/4 * 3 = 2.25.  Total 7.25
    CY: {"ps1-sort": {**KEY_SORT, "s1": "strategy", "s2": "roadmap", "s4": "marketing-plan",
                      "s8": "strategy"},
         "ps1-order": ["t1", "t3", "t6", "t5", "t2", "t4"],
         "ps1-pick": ["o1", "o3", "o5", "o6", "o7"]},
}
EXPECTED = {ANA: 10.0, BEN: 5.0, CY: 7.25}
KINDS = {"ps1-sort": "sort", "ps1-order": "order", "ps1-pick": "pick"}

# cy's own stratkit.py: it gives full marks to whoever imports it in place of stratkit, and leaves a
# file in the home of the account that ran it.
FORGED_MODULE = '''"""Not stratkit: a student's file named like it."""
import os
open(os.path.expanduser("~/FORGED-MODULE-RAN"), "w").write(os.environ.get("USER", "?"))
def show(*args, **kwargs):
    return None
def grade(exercise, points, key=None, **kwargs):
    return float(points)
'''
HIDDEN_TESTS = "### BEGIN HIDDEN TESTS"


@dataclass
class ClassRun:
    """What happened, recorded while the class ran; the tests below judge it."""

    machine: Machine
    steps: list[str] = field(default_factory=list)
    exposures: list[str] = field(default_factory=list)  # "after STEP: USER read PATH"
    key_hits: list[str] = field(default_factory=list)  # "after STEP: USER can read MARKER in PATH"
    by_name_readable: list[str] = field(default_factory=list)
    submission_names: dict[str, str] = field(default_factory=dict)
    menus: dict[str, list[str]] = field(default_factory=dict)
    formgrader: dict[str, int] = field(default_factory=dict)
    formgrader_lists_assignment: bool = False
    exported: dict[str, float] = field(default_factory=dict)
    crosscheck: str = ""
    crosscheck_status: int | None = None
    feedback: dict[str, str] = field(default_factory=dict)
    saved_notebook: dict[str, dict[str, Any]] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def _key_blobs() -> list[str]:
    text = (REPO / "solutions" / ASSIGNMENT / NOTEBOOK).read_text(encoding="utf-8")
    blobs = re.findall(r'key=\\"(sk1:[^\\"]+)', text)
    assert len(blobs) == 3, "ps1's source notebook should carry three packed keys"
    return blobs


def _saved_in_notebook(path: Path) -> dict[str, Any]:
    """The answers the saved .ipynb holds (the widgets' notebook copy; the newest record of each
    exercise wins, as in grading)."""
    if not path.exists():
        return {}
    try:
        notebook = json.loads(path.read_text())
    except ValueError:  # caught mid-write
        return {}
    return {r["exercise"]: sorted(r["value"]) if r["kind"] == "pick" else r["value"]
            for r in records_in_notebook(notebook)}


def _normalised(answers: dict[str, Any]) -> dict[str, Any]:
    return {k: sorted(v) if k == "ps1-pick" else v for k, v in answers.items()}


class Observer:
    """After each step: what each student's account can read, and whether any key is among it."""

    def __init__(self, run: ClassRun) -> None:
        self.run, self.machine = run, run.machine
        self.blobs = _key_blobs()

    def after(self, step: str) -> None:
        started = time.monotonic()
        self.run.steps.append(step)
        machine = self.machine
        exchange = machine.path("EXCHANGE") / COURSE
        private = [exchange / "inbound", exchange / "feedback"]
        site = next((machine.path("STRATKIT_ENV") / "lib").glob("python3*/site-packages/stratkit"))
        inbound = sorted((exchange / "inbound").iterdir()) if (exchange / "inbound").is_dir() else []
        for student in STUDENTS:
            others = [p for p in machine.people if p != student]
            paths = [str(p) for p in private if p.exists()]
            for other in others:
                home = machine.home(other)
                paths.append(str(home))
                paths.extend(str(p) for p in sorted(home.rglob("*"))[:3000] if not p.is_symlink())
            result = machine.as_user(student, probes.READ_PROBE, paths)
            self.run.exposures += [f"after {step}: {student} read {p}" for p, how in result.items() if how == "read"]
            # other students' submissions: not listable, and named with 12 random characters
            for folder in inbound:
                owner = folder.name.split("+")[0]
                self.run.submission_names[owner] = folder.name
                if owner != student:
                    seen = machine.as_user(student, probes.READ_PROBE, [str(folder / NOTEBOOK)])
                    if seen[str(folder / NOTEBOOK)] == "read":
                        self.run.by_name_readable.append(f"{student} -> {folder.name}")
            # their own files and the exchange: no packed key, no hidden test; the installed package: no
            # packed key (its source names the hidden-test marker: it writes the instructor's notebooks)
            for roots, markers in (([machine.home(student), machine.path("EXCHANGE")], [*self.blobs, HIDDEN_TESTS]),
                                   ([site], self.blobs)):
                scan = machine.as_user(student, probes.KEY_SCAN, {"roots": [str(r) for r in roots], "markers": markers})
                assert scan["files"] > 0, f"{student} could read nothing under {roots}: the scan proves nothing"
                self.run.key_hits += [f"after {step}: {student} can read {marker[:12]}... in {path}"
                                      for path, marker in scan["hits"]]
        self.run.seconds[f"probe {step}"] = time.monotonic() - started


@pytest.fixture(scope="module")
def class_run() -> Iterator[ClassRun]:
    message = needs_root_message()
    if message:
        pytest.fail(message, pytrace=False)
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Debian's chromium is missing at {CHROMIUM}: run 'make chromium' (make test does)", pytrace=False)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # one class at a time on a machine: the accounts have fixed names (another checkout's run waits here)
    lock = Path("/tmp/stratkit-hub-test.lock").open("w")  # noqa: S108, SIM115 - a lock, held until the class is removed
    fcntl.flock(lock, fcntl.LOCK_EX)
    machine = Machine(INSTRUCTOR, STUDENTS, "sk-hub-students", "sk-hub-instructors")
    hub_ui.FAILURES = machine.log_dir
    run = ClassRun(machine)
    try:
        machine.remove_stale_accounts()
        started = time.monotonic()
        _set_up_server(machine)
        run.seconds["server set-up (doc's root blocks)"] = time.monotonic() - started
        base = machine.start_hub()
        observe = Observer(run)
        with playwright_api.sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            started = time.monotonic()
            _instructor_releases(run, browser, base)
            run.seconds["instructor releases"] = time.monotonic() - started
            observe.after("release")
            for student in STUDENTS:
                started = time.monotonic()
                _student_works(run, browser, base, student)
                run.seconds[f"{student} fetches, answers, submits"] = time.monotonic() - started
                observe.after(f"{student} submitted")
            started = time.monotonic()
            _instructor_grades(run, browser, base)
            run.seconds["instructor grades and releases feedback"] = time.monotonic() - started
            observe.after("feedback released")
            for student in STUDENTS:
                started = time.monotonic()
                _student_reads_feedback(run, browser, base, student)
                run.seconds[f"{student} reads feedback"] = time.monotonic() - started
            observe.after("feedback fetched")
            browser.close()
        record = {"seconds": run.seconds}
        (machine.log_dir / "timings.json").write_text(json.dumps(record, indent=1))
        yield run
    finally:
        machine.remove()
        lock.close()


def _set_up_server(machine: Machine) -> None:
    """Every root block of the doc's one-server section, in the doc's order (the hub starts later)."""
    machine.snapshot_repository()
    machine.write_passwords()
    ran = []
    for block in docblocks.blocks():
        if block.role != "root" or block.name == "start":
            continue
        machine.run_root_block(block.label)
        ran.append(block.name)
        if block.name == "accounts":
            machine.mark_accounts()
            machine.course_repository()
    assert "accounts" in ran and "env" in ran, ran


def _instructor_releases(run: ClassRun, browser: Any, base: str) -> None:
    machine = run.machine
    with HubUser(browser, base, INSTRUCTOR, machine.passwords[INSTRUCTOR]) as lee:
        _instructor_releases_as(run, lee, base)


def _instructor_releases_as(run: ClassRun, lee: HubUser, base: str) -> None:
    machine = run.machine
    lee.log_in()
    run.menus[INSTRUCTOR] = lee.menu_items("Nbgrader")
    script = docblocks.with_values(docblocks.labelled("instructor/release"),
                                   {"COURSE_REPO": str(machine.root / "course.git")})
    status = lee.run_in_terminal(script, "release", machine.step_status(INSTRUCTOR),
                                 screenshot=SCREENSHOTS / "hub-instructor-terminal-release.png")
    assert status == 0, "the doc's release commands failed:\n" + machine.step_log(INSTRUCTOR, "release")[-3000:]
    response = lee.page.goto(f"{base}/user/{INSTRUCTOR}/formgrader")
    run.formgrader[INSTRUCTOR] = response.status if response else 0
    try:
        lee.page.locator(f"text={ASSIGNMENT}").first.wait_for(timeout=60_000)
        run.formgrader_lists_assignment = True
    except playwright_api.TimeoutError:
        run.formgrader_lists_assignment = False
    lee.page.screenshot(path=str(SCREENSHOTS / "hub-instructor-formgrader.png"))


def _student_works(run: ClassRun, browser: Any, base: str, student: str) -> None:
    machine = run.machine
    with HubUser(browser, base, student, machine.passwords[student]) as user:
        _student_works_as(run, user, base, student)


def _student_works_as(run: ClassRun, user: HubUser, base: str, student: str) -> None:
    machine = run.machine
    user.log_in()
    run.menus[student] = user.menu_items("Nbgrader")
    response = user.page.goto(f"{base}/user/{student}/formgrader")
    run.formgrader[student] = response.status if response else 0
    user.page.goto(f"{user.lab_url}/workspaces/w{time.time_ns()}")
    user.wait_for_lab()
    user.open_assignments()
    user.fetch(ASSIGNMENT)
    user.open_fetched_notebook(COURSE, ASSIGNMENT, ASSIGNMENT)
    user.run_all('.sk-root[data-exercise="ps1-pick"] .sk-option')
    folder = machine.home(student) / ASSIGNMENT
    for exercise_id, value in ANSWERS[student].items():
        answering.answer_exercise(user.page, exercise_id, KINDS[exercise_id], value)
    for exercise_id in ANSWERS[student]:
        answering.wait_until_saved(user.page, exercise_id)
    # "Saved" means the answer file and the saved .ipynb both hold it: no Ctrl+S needed
    run.saved_notebook[student] = _saved_in_notebook(folder / NOTEBOOK)
    user.page.screenshot(path=str(SCREENSHOTS / f"hub-{student}-answered-notebook.png"), full_page=True)
    if student == CY:
        forged = machine.log_dir / "stratkit.py"
        forged.write_text(FORGED_MODULE)
        user.upload(ASSIGNMENT, forged)
        assert (folder / "stratkit.py").read_text() == FORGED_MODULE, "the upload did not land beside the notebook"
    user.open_assignments()
    user.submit(ASSIGNMENT)
    user.page.locator("#assignments").screenshot(path=str(SCREENSHOTS / f"hub-{student}-assignments-submitted.png"))


def _instructor_grades(run: ClassRun, browser: Any, base: str) -> None:
    machine = run.machine
    with HubUser(browser, base, INSTRUCTOR, machine.passwords[INSTRUCTOR]) as lee:
        _instructor_grades_as(run, lee)
    with (machine.home(INSTRUCTOR) / "stratkit" / "canvas-ps1.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    column = next(c for c in rows[0] if c.startswith("Problem set 1"))
    run.exported = {r["SIS Login ID"]: float(r[column]) for r in rows if r["SIS Login ID"] and r[column]}


def _instructor_grades_as(run: ClassRun, lee: HubUser) -> None:
    machine = run.machine
    lee.log_in()
    status = lee.run_in_terminal(docblocks.labelled("instructor/grade").text, "grade", machine.step_status(INSTRUCTOR))
    assert status == 0, "the doc's grading commands failed:\n" + machine.step_log(INSTRUCTOR, "grade")[-3000:]
    run.crosscheck_status = lee.run_in_terminal(docblocks.labelled("instructor/crosscheck").text, "crosscheck",
                                                machine.step_status(INSTRUCTOR))
    run.crosscheck = machine.step_log(INSTRUCTOR, "crosscheck")
    status = lee.run_in_terminal(docblocks.labelled("instructor/feedback").text, "feedback",
                                 machine.step_status(INSTRUCTOR),
                                 screenshot=SCREENSHOTS / "hub-instructor-terminal-feedback.png")
    assert status == 0, "the doc's feedback commands failed:\n" + machine.step_log(INSTRUCTOR, "feedback")[-3000:]


def _student_reads_feedback(run: ClassRun, browser: Any, base: str, student: str) -> None:
    with HubUser(browser, base, student, run.machine.passwords[student]) as user:
        _student_reads_feedback_as(run, user, student)


def _student_reads_feedback_as(run: ClassRun, user: HubUser, student: str) -> None:
    user.log_in()
    user.open_assignments()
    user.fetch_feedback(ASSIGNMENT)
    user.page.locator("#assignments").screenshot(path=str(SCREENSHOTS / f"hub-{student}-assignments-feedback.png"))
    frame = user.view_feedback(f"{ASSIGNMENT}.html")
    frame.locator("text=Score:").first.wait_for(timeout=30_000)
    run.feedback[student] = frame.locator("body").inner_text()
    user.page.screenshot(path=str(SCREENSHOTS / f"hub-{student}-feedback.png"))


# ---------------------------------------------------------------------------------------------------
# what the run must show


def test_once_every_widget_says_saved_the_saved_notebook_holds_every_answer(class_run: ClassRun) -> None:
    for student in STUDENTS:
        assert class_run.saved_notebook[student] == _normalised(ANSWERS[student]), student


def test_students_see_the_assignments_tab_only_and_the_instructor_keeps_the_tools(class_run: ClassRun) -> None:
    instructor_tools = {"Course List", "Formgrader", "Create assignment"}
    assert {"Assignment List", *instructor_tools} <= set(class_run.menus[INSTRUCTOR]), class_run.menus[INSTRUCTOR]
    assert class_run.formgrader[INSTRUCTOR] == 200 and class_run.formgrader_lists_assignment
    for student in STUDENTS:
        assert class_run.menus[student] == ["Assignment List"], (student, class_run.menus[student])
        assert class_run.formgrader[student] == 404, (student, class_run.formgrader[student])


def test_honest_students_get_the_hand_worked_scores_in_the_export(class_run: ClassRun) -> None:
    for student in (ANA, BEN):
        assert class_run.exported[student] == pytest.approx(EXPECTED[student], abs=1e-6), class_run.exported


def test_each_student_sees_their_own_feedback(class_run: ClassRun) -> None:
    for student in STUDENTS:
        text = class_run.feedback[student]
        assert f"{ASSIGNMENT} (Score:" in text, text[:500]
        for other in STUDENTS:
            if other != student:
                assert other not in text
    for student in (ANA, BEN):  # nbgrader's feedback page: (Score: 5.0 / 10.0)
        assert f"(Score: {EXPECTED[student]} / 10.0)" in class_run.feedback[student]


def test_crosscheck_agrees_for_the_honest_students(class_run: ClassRun) -> None:
    assert re.search(r"(of 3 students|out of 3 compared)\.", class_run.crosscheck), class_run.crosscheck
    for student in (ANA, BEN):
        assert not re.search(rf"^\w+ +{student}:", class_run.crosscheck, re.MULTILINE), class_run.crosscheck


def test_no_student_reads_another_students_work_or_the_instructors_course(class_run: ClassRun) -> None:
    assert class_run.steps == ["release", f"{ANA} submitted", f"{BEN} submitted", f"{CY} submitted",
                               "feedback released", "feedback fetched"]
    assert not class_run.exposures, "\n".join(class_run.exposures[:40])
    # nbgrader's own protection of submissions in the shared exchange: unguessable folder names
    assert set(class_run.submission_names) == set(STUDENTS), class_run.submission_names
    for name in class_run.submission_names.values():
        _student, assignment, _timestamp, random = name.split("+")
        assert assignment == ASSIGNMENT and len(random) >= 12, name
    # ... which is all there is: knowing the exact name, another student could read it, as the doc says
    assert class_run.by_name_readable, "nbgrader now hides submissions by more than their names: update the doc"


def test_no_key_reaches_any_student(class_run: ClassRun) -> None:
    """Nothing a student's account can read holds a packed key or a hidden test (issue 11: the feedback did)."""
    assert not class_run.key_hits, "\n".join(class_run.key_hits[:20])


def test_a_submitted_stratkit_py_earns_nothing_and_is_named(class_run: ClassRun) -> None:
    """Issue 11's hole, through the hub's exchange: cy's own stratkit.py beside the notebook.

    Every consequence is listed at once, so a failure shows which of them still happen.
    """
    machine = class_run.machine
    problems = []
    if (machine.home(INSTRUCTOR) / "FORGED-MODULE-RAN").exists():
        problems.append("cy's stratkit.py ran as the instructor during autograde")
    if class_run.exported[CY] != pytest.approx(EXPECTED[CY], abs=1e-6):
        problems.append(f"the export gives cy {class_run.exported[CY]}, her answers earn {EXPECTED[CY]}")
    if f"(Score: {EXPECTED[CY]} / 10.0)" not in class_run.feedback[CY]:
        problems.append("cy's feedback does not show the score her answers earn")
    if not re.search(rf"{CY}: extra file\.\s+\S*/stratkit\.py: a Python module", class_run.crosscheck):
        problems.append("stratkit crosscheck does not name stratkit.py:\n" + class_run.crosscheck)
    assert not problems, "\n".join(problems)
