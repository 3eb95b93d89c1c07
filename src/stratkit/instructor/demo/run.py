"""``stratkit demo`` / ``make demo``: an instructor's whole grading job on a simulated class, for real.

1. copy the course's nbgrader configuration and one assignment into a sandbox (``demo-output/``);
2. ``nbgrader generate_assignment`` and ``release_assignment`` it to a local exchange;
3. a simulated class (:mod:`stratkit.instructor.demo.simulated_class`: 40 students, seeded misconceptions) fetches
   it, answers in the notebook and the answer file as the widgets do, and submits, through
   nbgrader's own exchange code; two extra submissions are deliberately tampered with;
4. ``nbgrader collect`` and ``nbgrader autograde`` (a kernel per submission);
5. ``stratkit grade``, ``crosscheck`` (the cheat cell is kept out of grading and listed, the
   edited answer file flagged, every other score must agree with autograde), ``report``, ``export``.

Nothing comes from outside and no server starts; everything lands in the output folder, which is
remade on each run.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tqdm import tqdm

from stratkit.grading.batch import GradeResult, grade_assignment, load_assignment
from stratkit.grading.crosscheck import CrossCheck, crosscheck
from stratkit.instructor.demo.pipeline import (
    CourseSandbox,
    autograde,
    collect,
    fetch,
    import_students,
    make_course,
    release,
    submit,
)
from stratkit.instructor.demo.simulated_class import (
    CHEAT,
    TAMPERED_AFTER_GRADING,
    SimulatedStudent,
    edit_answers_after_grading,
    simulate_class,
    tampered_students,
    work_on,
)

if TYPE_CHECKING:
    from collections.abc import Callable

DEFAULT_ASSIGNMENT = "ps5-case-study"
DEFAULT_STUDENTS = 40
DEFAULT_SEED = 2024
DEFAULT_OUT = "demo-output"


@dataclass
class DemoResult:
    out: Path
    course: CourseSandbox
    students: list[SimulatedStudent]
    tampered: list[SimulatedStudent]
    grades: GradeResult
    check: CrossCheck
    report_html: Path
    files: dict[str, Path] = field(default_factory=dict)
    agreeing: list[str] = field(default_factory=list)  # honest students whose every score equals autograde's


def _advance(bar: tqdm[Any]) -> None:
    """One more student done (the autograde callback must return None; ``tqdm.update`` returns a flag)."""
    bar.update()


def run_demo(source: str | Path = ".", out: str | Path = DEFAULT_OUT, *, assignment: str = DEFAULT_ASSIGNMENT,
             students: int = DEFAULT_STUDENTS, seed: int = DEFAULT_SEED, tamper: bool = True,
             show_progress: bool | None = None, say: Callable[[str], None] | None = None) -> DemoResult:
    from stratkit.instructor.export import collect_grades, write_canvas_csv, write_plain_csv
    from stratkit.instructor.reports.lessons import default_claims_csv
    from stratkit.instructor.reports.report import write_report

    say = say or (lambda text: print(text, file=sys.stderr, flush=True))
    source, out = Path(source).resolve(), Path(out).resolve()
    key = load_assignment(source, assignment)
    steps = 8

    say(f"[1/{steps}] Copying the course's nbgrader set-up and {assignment} into {out}")
    course = make_course(out, source, [assignment])

    say(f"[2/{steps}] nbgrader generate_assignment + release_assignment {assignment}")
    release(course, assignment)

    klass = simulate_class(key, students, seed)
    extra = tampered_students(key, seed) if tamper else []
    everyone = klass + extra
    import_students(course, [s.as_row() for s in everyone])
    say(f"[3/{steps}] {len(klass)} students (+{len(extra)} tampered) fetch, answer and submit")
    notebook = key.graded_notebooks[0]
    disable = None if show_progress is None else not show_progress  # None: only on a terminal
    with tqdm(total=len(everyone), desc="  students", leave=False, disable=disable) as bar:
        for student in everyone:
            folder = fetch(course, assignment, student.id)
            work_on(folder, notebook, key, student)
            submit(course, assignment, student.id)
            bar.set_postfix_str(student.id, refresh=False)
            bar.update()

    say(f"[4/{steps}] nbgrader collect {assignment}")
    collect(course, assignment)

    say(f"[5/{steps}] nbgrader autograde {assignment} (a kernel per submission, about 2 s each)")
    with tqdm(total=len(everyone), desc="  autograde", leave=False, disable=disable) as bar:
        autograde(course, assignment, on_student=lambda _student: _advance(bar))
    for student in extra:
        if student.habit == TAMPERED_AFTER_GRADING:
            edit_answers_after_grading(course.submitted_folder(student.id, assignment), key)

    say(f"[6/{steps}] stratkit grade {assignment} (no kernel)")
    grades = grade_assignment(course.root, assignment, key=key, show_progress=show_progress)
    files: dict[str, Path] = {}
    files["grades"] = out / "grades.csv"
    grades.wide().to_csv(files["grades"], index=False)

    say(f"[7/{steps}] stratkit crosscheck {assignment} (stratkit's scores against nbgrader's gradebook)")
    check = crosscheck(course.root, assignment, result=grades)
    files["crosscheck"] = out / "crosscheck.csv"
    check.frame().to_csv(files["crosscheck"], index=False)
    flagged = set(check.flagged_students)
    honest = [s.id for s in klass]
    agreeing = [s for s in honest if s not in flagged]

    say(f"[8/{steps}] stratkit report and export")
    _, report = write_report(grades, out / "report", claims_csv=default_claims_csv(source),
                             show_progress=show_progress)
    book = collect_grades(course.root, [assignment])
    files["canvas"] = write_canvas_csv(book, out / "canvas-grades.csv")
    files["plain"] = write_plain_csv(book, out / "grades-plain.csv")
    files["report"] = report.html
    return DemoResult(out, course, klass, extra, grades, check, report.html, files, agreeing)


def describe(result: DemoResult, cwd: Path | None = None) -> str:
    """What happened, for the terminal: agreement, what the crosscheck caught, and where the files are."""
    cwd = cwd or Path.cwd()

    def rel(path: Path) -> str:
        try:
            return str(path.relative_to(cwd))
        except ValueError:
            return str(path)

    lines = [f"grade agrees with nbgrader autograde on {len(result.agreeing)} of {len(result.students)} students."]
    why = {CHEAT: "added a cell that replaces stratkit.grade", TAMPERED_AFTER_GRADING:
           "answer file edited after autograde"}
    for student in result.tampered:
        caught = student.id in result.check.flagged_students
        listed = any(f.student == student.id and f.what == "added code" for f in result.check.findings)
        if student.habit == CHEAT and not caught and listed:
            lines.append(f"{student.id} {why[CHEAT]}: it was kept out of grading (DropStudentCode), "
                         "and crosscheck lists it.")
        else:
            lines.append(f"crosscheck {'flagged' if caught else 'MISSED'} {student.id} "
                         f"({why.get(student.habit, student.habit)}).")
    lines += [f"grades:      {rel(result.files['grades'])}",
              f"crosscheck:  {rel(result.files['crosscheck'])}",
              f"Canvas CSV:  {rel(result.files['canvas'])}",
              f"Report:      {rel(result.report_html)}"]
    return "\n".join(lines)
