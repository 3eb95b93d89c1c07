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

Scores come from nbgrader's gradebook (what nbgrader exports: manual over auto, plus extra credit,
minus the late penalty), or from ``stratkit grade`` when asked (``source="stratkit"``).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from stratkit.grading import gradebook as gb

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

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


def collect_grades(course: str | Path, assignments: Sequence[str], *, source: str = "gradebook",
                   gradebook: str | Path | None = None, show_progress: bool | None = None) -> Grades:
    from stratkit.grading.batch import grade_assignment, load_assignment

    if source not in SOURCES:
        raise ExportError(f"unknown source '{source}': use one of {', '.join(SOURCES)}")
    course = Path(course)
    book = Path(gradebook) if gradebook else course / gb.DB_FILE
    keys = {a: load_assignment(course, a) for a in assignments}
    roster = gb.students(book) if book.is_file() else []
    if source == "gradebook" and not book.is_file():
        raise ExportError(f"{book}: no gradebook: run 'nbgrader autograde' first, give --gradebook, "
                          "or export stratkit's own scores with --source stratkit")
    grades = Grades(list(assignments), {a: k.title for a, k in keys.items()},
                    {a: k.max_points for a, k in keys.items()}, roster)
    for assignment in assignments:
        if source == "gradebook":
            scores = gb.scores_by_student(book, assignment)
            penalties = gb.late_penalties(book, assignment)
            for student, cells in scores.items():
                raw = round(sum(cells.values()), 6)
                penalty = penalties.get(student, 0.0)
                grades.raw.setdefault(student, {})[assignment] = raw
                grades.penalties.setdefault(student, {})[assignment] = penalty
                grades.scores.setdefault(student, {})[assignment] = round(raw - penalty, 6)
        else:
            result = grade_assignment(course, assignment, key=keys[assignment], show_progress=show_progress)
            for graded in result:
                grades.raw.setdefault(graded.student, {})[assignment] = graded.total
                grades.penalties.setdefault(graded.student, {})[assignment] = 0.0
                grades.scores.setdefault(graded.student, {})[assignment] = graded.total
    known = {s["id"] for s in grades.students}
    grades.students += [{"id": s, "first_name": None, "last_name": None, "email": None, "lms_user_id": None}
                        for s in sorted(grades.scores) if s not in known]
    return grades


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.6f}".rstrip("0").rstrip(".")


def _name(student: Mapping[str, str | None]) -> str:
    first, last = (student.get("first_name") or "").strip(), (student.get("last_name") or "").strip()
    if first and last:
        return f"{last}, {first}"  # Canvas lists students as "Last, First"
    return first or last or str(student["id"])


def write_canvas_csv(grades: Grades, path: str | Path, *, canvas_ids: Mapping[str, str] | None = None,
                     section: str = "", missing: str = "blank") -> Path:
    """The Canvas gradebook import CSV. ``missing``: 'blank' (leave Canvas's grade alone) or 'zero'."""
    canvas_ids = canvas_ids or {}
    columns = [f"{grades.titles[a]} ({canvas_ids[a]})" if a in canvas_ids else grades.titles[a]
               for a in grades.assignments]
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([*CANVAS_COLUMNS, *columns])
        writer.writerow([POINTS_ROW, "", "", "", "", *(_number(grades.points[a]) for a in grades.assignments)])
        for student in grades.students:
            row = [_name(student), student.get("lms_user_id") or "", "", student["id"], section]
            for assignment in grades.assignments:
                score = grades.scores.get(str(student["id"]), {}).get(assignment)
                row.append(_number(score if score is not None or missing == "blank" else 0.0))
            writer.writerow(row)
    return path


def write_plain_csv(grades: Grades, path: str | Path, *, missing: str = "blank") -> Path:
    """One row per student and assignment, with names, email, LMS id, raw score, late penalty and score."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fields = ["assignment", "student_id", "last_name", "first_name", "email", "lms_user_id", "raw_score",
              "late_submission_penalty", "score", "max_score"]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        for assignment in grades.assignments:
            for student in grades.students:
                sid = str(student["id"])
                score = grades.scores.get(sid, {}).get(assignment)
                if score is None and missing == "zero":
                    score = 0.0
                writer.writerow({"assignment": assignment, "student_id": sid,
                                 "last_name": student.get("last_name") or "",
                                 "first_name": student.get("first_name") or "", "email": student.get("email") or "",
                                 "lms_user_id": student.get("lms_user_id") or "",
                                 "raw_score": _number(grades.raw.get(sid, {}).get(assignment)),
                                 "late_submission_penalty": _number(grades.penalties.get(sid, {}).get(assignment)),
                                 "score": _number(score), "max_score": _number(grades.points[assignment])})
    return path
