"""One ``stratkit`` verb where nbgrader needs several: release, collect, autograde, feedback.

Each runs the plain ``nbgrader`` commands an instructor would type, in the course folder, with the
course's ``nbgrader_config.py`` (so everything stays doable by hand, and the guide shows both), and
prints what matters in nbgrader's output: the ``stratkit:`` lines of its plugins (which notebook was
graded and why, who was left out), and each student nbgrader failed on.

* ``release``: ``stratkit build`` (which runs ``nbgrader generate_assignment``, registering the
  assignment in the gradebook), an optional due date (``nbgrader db assignment add --duedate``), then
  ``nbgrader release_assignment``. Releasing with nbgrader alone after ``stratkit build`` works too.
* ``collect``: ``nbgrader collect`` from the exchange, or with ``--lms canvas|moodle ZIP...`` the
  LMS download copied to ``downloaded/<assignment>/archive/`` and ``nbgrader zip_collect``.
* ``autograde``: registers the assignment if the gradebook lacks it, ``nbgrader autograde``, then
  ``stratkit crosscheck``.
* ``feedback``: ``nbgrader generate_feedback`` and ``release_feedback``; students collected from an
  LMS are listed with the HTML files to send them through the LMS.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from stratkit.instructor.build import nbgrader_env

if TYPE_CHECKING:
    from collections.abc import Sequence

# stratkit's plugins log "stratkit: <student>: <what happened>" (or "[stratkit] ..." from the autograde hook)
_OURS = re.compile(r"(?:\[stratkit\]|stratkit:)\s*([^\s:]+: .*)$")
_FAILED = re.compile(r"There was an error processing assignment '([^']+)' for student '([^']+)'")


class WorkflowError(RuntimeError):
    """A step that could not run at all; the message names it and what to do."""


@dataclass
class Step:
    command: list[str]
    returncode: int
    output: str
    lines: list[str] = field(default_factory=list)  # stratkit's own lines in nbgrader's output
    failed_students: list[str] = field(default_factory=list)


def run_nbgrader(course: Path, *args: str) -> Step:
    """``nbgrader ARGS`` in the course folder, as the instructor would type it."""
    command = ["nbgrader", *args]
    process = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, env=nbgrader_env(),
                             capture_output=True, text=True, check=False)  # a failure is reported by the caller
    output = process.stdout + process.stderr
    step = Step(command, process.returncode, output)
    for line in output.splitlines():
        match = _OURS.search(line)
        if match and match.group(1) not in step.lines:
            step.lines.append(match.group(1))
        failed = _FAILED.search(line)
        if failed and failed.group(2) not in step.failed_students:
            step.failed_students.append(failed.group(2))
    return step


def tail(step: Step, n: int = 12) -> str:
    return "\n".join(step.output.strip().splitlines()[-n:])


def has_assignment(course: Path, assignment: str) -> bool:
    """Whether ``gradebook.db`` knows the assignment (autograde fails for everyone otherwise)."""
    path = course / "gradebook.db"
    if not path.is_file():
        return False
    try:
        with sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True) as db:
            return db.execute("SELECT 1 FROM assignment WHERE name = ?", (assignment,)).fetchone() is not None
    except sqlite3.DatabaseError:
        return False


def release(course: Path, assignment: str, *, duedate: str | None = None) -> list[Step]:
    from stratkit.instructor.build import build

    build(course, [assignment])
    steps = []
    if duedate:
        steps.append(_checked(run_nbgrader(course, "db", "assignment", "add", assignment, f"--duedate={duedate}")))
    steps.append(_checked(run_nbgrader(course, "release_assignment", assignment, "--force")))
    return steps


def collect(course: Path, assignment: str, *, lms: str | None = None, archives: Sequence[Path] = ()) -> Step:
    if not lms:
        return _checked(run_nbgrader(course, "collect", assignment, "--update"))
    folder = course / "downloaded" / assignment / "archive"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for archive in archives:
        if not Path(archive).is_file():
            raise WorkflowError(f"{archive}: no such file: give the ZIP you downloaded from {lms.title()}")
        shutil.copy(archive, folder / Path(archive).name)
    return _checked(run_nbgrader(course, "zip_collect", assignment, "--force",
                                 f"--LmsCollectorPlugin.lms={lms}"))


def autograde(course: Path, assignment: str, *, students: Sequence[str] = (), force: bool = False) -> list[Step]:
    steps = []
    if not has_assignment(course, assignment):
        steps.append(_checked(run_nbgrader(course, "generate_assignment", assignment, "--force")))
        steps[-1].lines.insert(0, f"the gradebook did not know {assignment}: registered it with "
                                  f"'nbgrader generate_assignment {assignment} --force'")
    args = ["autograde", assignment, *(["--force"] if force else [])]
    for student in students:
        args.append(f"--student={student}")
    steps.append(run_nbgrader(course, *args))  # failing for one student must not hide the others
    return steps


def feedback(course: Path, assignment: str, *, students: Sequence[str] = ()) -> list[Step]:
    extra = [f"--student={s}" for s in students]
    generate = _checked(run_nbgrader(course, "generate_feedback", assignment, "--force", *extra))
    release = _checked(run_nbgrader(course, "release_feedback", assignment, *extra))
    return [generate, release]


def _checked(step: Step) -> Step:
    if step.returncode != 0:
        raise WorkflowError(f"{' '.join(step.command)} failed:\n{tail(step)}")
    return step
