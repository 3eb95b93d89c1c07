"""Grades for the LMS: the CSV shape Canvas's gradebook imports, and a plain CSV.

Canvas (Grades > Import) reads the shape of its own gradebook export: the columns ``Student, ID,
SIS User ID, SIS Login ID, Section``, then one column per assignment named ``Title (canvas id)``,
and a second row ``    Points Possible`` giving each assignment's points. Canvas matches a row to a
student by ``ID`` (the Canvas user id; nbgrader keeps it as ``lms_user_id``), else by ``SIS User
ID`` or ``SIS Login ID``; a column whose name carries no ``(id)`` creates a new assignment; a blank
cell leaves the grade alone. Sources: Canvas's export format as instructors meet it (Ohio State's
guide "Import a CSV file into Carmen Grades",
https://teaching.resources.osu.edu/toolsets/carmencanvas/guides/calculating-final-grades/import-csv-file-carmen-grades:
"Student Name OR Student ID OR Student SIS User ID ... SIS Login ID ... Section ... Assignment
Name"), and the importer's tests in canvas-lms (``Student,ID,Section,Assignment 1`` then
``Points Possible,,,20``).

Every number written equals the gradebook's final score (what nbgrader exports: manual over auto,
plus extra credit, minus the late penalty), or the export refuses, naming each student and why:

* a student whose submission the gradebook holds without a score for some exercise (autograde
  failed for them, or the exercise's cell was missing when it ran): nbgrader would export 0;
* a student with a folder in ``submitted/`` but no grade in the gradebook (never autograded);
* with ``source="stratkit"`` (scores from the saved answers, a cross-check on export): any student
  whose stratkit total is not the gradebook's final score (a manual grade, extra credit, a late
  penalty, or a difference ``stratkit crosscheck`` explains).

Students on the class list without a submission stay blank (Canvas keeps its grade) unless
``missing="zero"``. Files are UTF-8 with a byte-order mark and formula-safe cells
(:mod:`stratkit.instructor.spreadsheet`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from stratkit.grading import gradebook as gb
from stratkit.instructor.spreadsheet import write_csv

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

TOLERANCE = 1e-6

CANVAS_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
POINTS_ROW = "    Points Possible"  # as Canvas writes it in its own export
SOURCES = ("gradebook", "stratkit")


class ExportError(ValueError):
    """Input the instructor must fix; one line."""


@dataclass
class Grades:
    """Scores of every student on every assignment asked for, with the class list."""

    assignments: list[str]
    titles: dict[str, str]
    points: dict[str, float]
    students: list[dict[str, str | None]]
    scores: dict[str, dict[str, float]] = field(default_factory=dict)  # student -> assignment -> score
    raw: dict[str, dict[str, float]] = field(default_factory=dict)
    penalties: dict[str, dict[str, float]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)  # one line each, for the instructor


def collect_grades(course: str | Path, assignments: Sequence[str], *, source: str = "gradebook",
                   gradebook: str | Path | None = None, show_progress: bool | None = None) -> Grades:
    """The final scores of ``assignments`` for every student; ``ExportError`` (one line per student) when
    a number would not be the gradebook's final score."""
    from stratkit.grading.batch import grade_assignment, load_assignment

    if source not in SOURCES:
        raise ExportError(f"unknown source '{source}': use one of {', '.join(SOURCES)}")
    course = Path(course)
    book = Path(gradebook) if gradebook else course / gb.DB_FILE
    keys = {a: load_assignment(course, a) for a in assignments}
    if not book.is_file():
        fix = ("run 'nbgrader autograde' (or 'stratkit autograde') first, or give --gradebook" if source == "gradebook"
               else "--source stratkit checks every score against the gradebook: autograde first; for provisional "
                    "scores before autograde, use 'stratkit grade --out FILE'")
        raise ExportError(f"{book}: no gradebook: {fix}")
    roster = gb.students(book)
    grades = Grades(list(assignments), {a: k.title for a, k in keys.items()},
                    {a: k.max_points for a, k in keys.items()}, roster)
    problems: list[str] = []
    for assignment in assignments:
        cells = gb.cell_grades(book, assignment)
        penalties = gb.late_penalties(book, assignment)
        by_student: dict[str, list[gb.CellGrade]] = {}
        for cell in cells:
            by_student.setdefault(cell.student, []).append(cell)
        for student, mine in sorted(by_student.items()):
            unscored = sorted(c.exercise for c in mine if c.auto_score is None and c.manual_score is None)
            if unscored:
                problems.append(
                    f"{student}: {assignment}: the gradebook holds no score for {', '.join(unscored)} (autograde "
                    f"failed for {student}, or the cell was missing when it ran), so nbgrader would export 0: run "
                    f"'stratkit autograde {assignment} --student {student} --force', or grade it by hand in formgrader")
                continue
            raw = sum(c.score for c in mine)
            penalty = penalties.get(student, 0.0)
            grades.raw.setdefault(student, {})[assignment] = round(raw, 6)
            grades.penalties.setdefault(student, {})[assignment] = round(penalty, 6)
            # as nbgrader's export: never below zero
            grades.scores.setdefault(student, {})[assignment] = round(max(0.0, raw - penalty), 6)
        submitted = course / "submitted"
        for folder in sorted(submitted.glob(f"*/{assignment}")) if submitted.is_dir() else ():
            student = folder.parent.name
            if folder.is_dir() and student not in by_student:
                problems.append(f"{student}: {assignment}: submitted (submitted/{student}/{assignment}/) but the "
                                f"gradebook has no grade: run 'stratkit autograde {assignment}'")
        if source == "stratkit":
            result = grade_assignment(course, assignment, key=keys[assignment], show_progress=show_progress)
            ours = {g.student: g.total for g in result}
            for student in sorted(set(ours) | set(by_student)):
                final = grades.scores.get(student, {}).get(assignment)
                mine_total = ours.get(student)
                if final is None or mine_total is None:
                    if mine_total is None and final is not None:
                        problems.append(f"{student}: {assignment}: the gradebook has a score ({final:g}) but there "
                                        f"is no submitted/{student}/{assignment}/ to compute stratkit's: restore it, "
                                        "or export from the gradebook")
                    continue
                if abs(final - mine_total) > TOLERANCE:
                    why = _why_differs(by_student[student], penalties.get(student, 0.0))
                    problems.append(f"{student}: {assignment}: stratkit's score {mine_total:g} is not the gradebook's "
                                    f"final score {final:g} ({why}): export from the gradebook (the default) to send "
                                    "the final score")
    if problems:
        raise ExportError("\n".join(problems))
    known = {s["id"] for s in grades.students}
    grades.students += [{"id": s, "first_name": None, "last_name": None, "email": None, "lms_user_id": None}
                        for s in sorted(grades.scores) if s not in known]
    return grades


def _why_differs(cells: list[gb.CellGrade], penalty: float) -> str:
    """What makes the gradebook's final score differ from the autograded one, in words."""
    reasons = []
    manual = [c.exercise for c in cells if c.manual_score is not None]
    extra = sum(c.extra_credit or 0.0 for c in cells)
    if manual:
        reasons.append(f"manual grade on {', '.join(manual)}")
    if extra:
        reasons.append(f"extra credit {extra:g}")
    if penalty:
        reasons.append(f"late penalty {penalty:g}")
    return "; ".join(reasons) or "the autograded scores differ: run 'stratkit crosscheck' to see why"


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.6f}".rstrip("0").rstrip(".")


def _name(student: Mapping[str, str | None]) -> str:
    first, last = (student.get("first_name") or "").strip(), (student.get("last_name") or "").strip()
    if first and last:
        return f"{last}, {first}"  # Canvas lists students as "Last, First"
    return first or last or str(student["id"])


def missing_canvas_ids(grades: Grades) -> list[str]:
    """A warning for each student with a score but no Canvas user id (``lms_user_id``) in the class list."""
    out = []
    for student in grades.students:
        sid = str(student["id"])
        if not student.get("lms_user_id") and any(v is not None for v in grades.scores.get(sid, {}).values()):
            out.append(f"{sid} has no Canvas user id (lms_user_id) in the class list: the ID column is blank and "
                       f"Canvas can match them only by SIS Login ID ({sid}); add it with 'nbgrader db student import "
                       "students.csv' (columns id,first_name,last_name,email,lms_user_id)")
    return out


def write_canvas_csv(grades: Grades, path: str | Path, *, canvas_ids: Mapping[str, str] | None = None,
                     section: str = "", missing: str = "blank", bom: bool = True) -> Path:
    """The Canvas gradebook import CSV. ``missing``: 'blank' (leave Canvas's grade alone) or 'zero'.

    Students without a Canvas user id are named in ``grades.warnings``.
    """
    canvas_ids = canvas_ids or {}
    columns = [f"{grades.titles[a]} ({canvas_ids[a]})" if a in canvas_ids else grades.titles[a]
               for a in grades.assignments]
    rows = [[POINTS_ROW, "", "", "", "", *(_number(grades.points[a]) for a in grades.assignments)]]
    for student in grades.students:
        row = [_name(student), student.get("lms_user_id") or "", "", str(student["id"]), section]
        for assignment in grades.assignments:
            score = grades.scores.get(str(student["id"]), {}).get(assignment)
            row.append(_number(score if score is not None or missing == "blank" else 0.0))
        rows.append(row)
    grades.warnings.extend(w for w in missing_canvas_ids(grades) if w not in grades.warnings)
    written = write_csv(path, [*CANVAS_COLUMNS, *columns], rows, bom=bom)
    if written is None:  # only a path of None writes to standard output
        raise ExportError("give a file to write the grades to")
    return written


def write_plain_csv(grades: Grades, path: str | Path, *, missing: str = "blank", bom: bool = True) -> Path:
    """One row per student and assignment, with names, email, LMS id, raw score, late penalty and score."""
    fields = ["assignment", "student_id", "last_name", "first_name", "email", "lms_user_id", "raw_score",
              "late_submission_penalty", "score", "max_score"]
    rows = []
    for assignment in grades.assignments:
        for student in grades.students:
            sid = str(student["id"])
            score = grades.scores.get(sid, {}).get(assignment)
            if score is None and missing == "zero":
                score = 0.0
            rows.append([assignment, sid, student.get("last_name") or "", student.get("first_name") or "",
                         student.get("email") or "", student.get("lms_user_id") or "",
                         _number(grades.raw.get(sid, {}).get(assignment)),
                         _number(grades.penalties.get(sid, {}).get(assignment)), _number(score),
                         _number(grades.points[assignment])])
    written = write_csv(path, fields, rows, bom=bom)
    if written is None:  # only a path of None writes to standard output
        raise ExportError("give a file to write the grades to")
    return written
