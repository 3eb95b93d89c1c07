"""Drive the real nbgrader pipeline on a course folder: release, fetch, submit, collect, autograde.

Instructor-side (the demo and the slow tests use it). Instructor commands run as ``nbgrader ...``
subprocesses in the course folder, exactly as an instructor types them. Student commands
(``fetch_assignment``, ``submit``) run nbgrader's own exchange classes in this process, one
student after another: the same code ``nbgrader submit`` runs, without paying nbgrader's ~2 s
start-up per student. Every path is explicit (exchange root, cache), so nothing touches the
machine's real nbgrader exchange or the user's home folder.
"""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stratkit.instructor.build import nbgrader_env

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence

COURSE_ID = "stratkit"
MARKER = ".stratkit-sandbox"


class PipelineError(RuntimeError):
    """An nbgrader step failed; the message names the step and ends with nbgrader's last lines."""


@dataclass
class CourseSandbox:
    """A course folder with its own exchange: ``root`` holds nbgrader_config.py and solutions/."""

    root: Path
    exchange: Path
    cache: Path
    students_home: Path
    course_id: str = COURSE_ID

    def nbgrader(self, *args: str) -> str:
        """Run one instructor command (``nbgrader ARGS``) in the course folder; return its output."""
        env = nbgrader_env()
        env.pop("NBGRADER_EXECUTION", None)
        extra = [f"--Exchange.root={self.exchange}", f"--Exchange.cache={self.cache}",
                 f"--CourseDirectory.course_id={self.course_id}"]
        process = subprocess.run([sys.executable, "-m", "nbgrader", *args, *extra], cwd=self.root, env=env,
                                 capture_output=True, text=True, check=False)
        output = process.stdout + process.stderr
        if process.returncode != 0:
            tail = "\n".join(output.strip().splitlines()[-20:])
            raise PipelineError(f"nbgrader {' '.join(args)} failed in {self.root}:\n{tail}")
        return output

    def student_folder(self, student: str, assignment: str) -> Path:
        return self.students_home / student / assignment

    def submitted_folder(self, student: str, assignment: str) -> Path:
        return self.root / "submitted" / student / assignment

    @property
    def gradebook(self) -> Path:
        return self.root / "gradebook.db"


def make_course(target: Path, source_root: Path, assignments: Sequence[str]) -> CourseSandbox:
    """Copy ``nbgrader_config.py`` and ``solutions/<assignment>/`` from ``source_root`` into ``target``.

    ``target`` must be empty or a sandbox this function made before (it holds a marker file); it
    is emptied first. The copy leaves out answer files an instructor left while trying a notebook,
    exactly as ``stratkit build`` insists.
    """
    source_root = Path(source_root)
    config = source_root / "nbgrader_config.py"
    if not config.is_file():
        raise PipelineError(f"{config}: no nbgrader_config.py: run this from the stratkit course folder "
                            "(the repository root) or pass --course")
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        if not (target / MARKER).is_file():
            raise PipelineError(f"{target} is not empty and was not made by stratkit: choose an empty or new "
                                "folder (stratkit only clears folders it made itself)")
        shutil.rmtree(target)
    root = target / "course"
    (root / "solutions").mkdir(parents=True)
    shutil.copy(config, root / "nbgrader_config.py")
    for name in assignments:
        source = source_root / "solutions" / name
        if not (source / "assignment.yaml").is_file():
            raise PipelineError(f"{source}/assignment.yaml: no such assignment: check the name "
                                f"(see {source_root / 'solutions'})")
        shutil.copytree(source, root / "solutions" / name,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "stratkit-answers.json*",
                                                      ".stratkit-answers.json.lock"))
    (target / MARKER).write_text("made by stratkit: deleted and remade on the next run\n", encoding="utf-8")
    exchange = target / "exchange"
    exchange.mkdir()
    exchange.chmod(0o777)  # nbgrader's exchange is world-writable, as its docs set it up
    cache = target / "cache"
    cache.mkdir()
    students_home = target / "students"
    students_home.mkdir()
    return CourseSandbox(root, exchange, cache, students_home)


def release(course: CourseSandbox, assignment: str) -> None:
    """``nbgrader generate_assignment`` then ``release_assignment``: the notebook reaches the exchange."""
    course.nbgrader("generate_assignment", assignment, "--force")
    course.nbgrader("release_assignment", assignment, "--force")


def import_students(course: CourseSandbox, students: Iterable[Mapping[str, str]]) -> None:
    """``nbgrader db student import``: one call for the whole class list (id, names, email, lms_user_id)."""
    path = course.root / "students.csv"
    fields = ["id", "first_name", "last_name", "email", "lms_user_id"]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        for student in students:
            writer.writerow({k: student.get(k, "") for k in fields})
    course.nbgrader("db", "student", "import", str(path))


def _exchange_objects(course: CourseSandbox, assignment: str, student: str) -> tuple[Any, Any, Any]:  # pragma: no cover
    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config import Config

    config = Config()
    config.Exchange.root = str(course.exchange)
    config.Exchange.cache = str(course.cache)
    config.Exchange.assignment_dir = str(course.students_home / student)
    config.CourseDirectory.course_id = course.course_id
    coursedir = CourseDirectory(config=config)
    coursedir.assignment_id = assignment
    coursedir.student_id = student
    return config, coursedir, Authenticator(config=config)


def fetch(course: CourseSandbox, assignment: str, student: str) -> Path:
    """What ``nbgrader fetch_assignment`` does for one student: copy the release into their home."""
    from nbgrader.exchange.default import ExchangeFetchAssignment

    (course.students_home / student).mkdir(parents=True, exist_ok=True)
    config, coursedir, authenticator = _exchange_objects(course, assignment, student)
    ExchangeFetchAssignment(coursedir=coursedir, authenticator=authenticator, config=config).start()
    folder = course.student_folder(student, assignment)
    if not folder.is_dir():
        raise PipelineError(f"fetching {assignment} for {student} made no folder {folder}")
    return folder


def submit(course: CourseSandbox, assignment: str, student: str) -> None:
    """What ``nbgrader submit`` does for one student: copy their folder into the exchange's inbound."""
    from nbgrader.exchange.default import ExchangeSubmit

    config, coursedir, authenticator = _exchange_objects(course, assignment, student)
    ExchangeSubmit(coursedir=coursedir, authenticator=authenticator, config=config).start()


def collect(course: CourseSandbox, assignment: str) -> None:
    course.nbgrader("collect", assignment, "--update")


def autograde(course: CourseSandbox, assignment: str, on_student: Callable[[str], None] | None = None) -> str:
    """``nbgrader autograde``: runs every submitted notebook in a kernel (about 2 s each).

    ``on_student(student_id)`` is called as nbgrader starts on each submission (read from its log),
    so a progress bar can follow a run that takes minutes.
    """
    env = nbgrader_env()
    env.pop("NBGRADER_EXECUTION", None)
    args = [sys.executable, "-m", "nbgrader", "autograde", assignment, "--force",
            f"--Exchange.root={course.exchange}", f"--CourseDirectory.course_id={course.course_id}"]
    lines: list[str] = []
    with subprocess.Popen(args, cwd=course.root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, bufsize=1) as process:
        for line in process.stdout or ():
            lines.append(line)
            match = _STARTS.search(line)
            if match and on_student is not None:
                on_student(match.group(1))
    output = "".join(lines)
    if process.returncode != 0:
        tail = "\n".join(output.strip().splitlines()[-20:])
        raise PipelineError(f"nbgrader autograde {assignment} failed in {course.root}:\n{tail}")
    return output


_STARTS = re.compile(r"Creating/updating student with ID '([^']+)'")
