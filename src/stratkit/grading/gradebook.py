"""Read nbgrader's ``gradebook.db`` (scores, students, submission times) with plain sqlite3.

Why not nbgrader's ``Gradebook`` API: importing nbgrader takes seconds and ``stratkit grade`` must
stay fast. The database is opened read-only; the queries follow nbgrader 0.9's schema
(``nbgrader/api.py``): ``grade`` rows belong to a ``submitted_notebook`` of a
``submitted_assignment``, and point at the source ``base_cell`` whose ``grade_cells`` row holds the
cell's ``max_score``. A grade's score is nbgrader's own rule: the manual score if a grader set one,
else the autograder's, plus any extra credit, else 0.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

GRADE_CELL_PREFIX = "grade-"  # stratkit build names each test cell grade-<exercise id>
DB_FILE = "gradebook.db"


class GradebookError(ValueError):
    """The gradebook cannot be read; one line saying which file and what to do."""


@dataclass(frozen=True)
class CellGrade:
    student: str
    assignment: str
    notebook: str
    cell: str  # nbgrader grade_id
    auto_score: float | None
    manual_score: float | None
    extra_credit: float | None
    max_score: float

    @property
    def score(self) -> float:
        """nbgrader's ``Grade.score``: manual over auto, plus extra credit; 0 when neither is set."""
        extra = self.extra_credit or 0.0
        if self.manual_score is not None:
            return self.manual_score + extra
        if self.auto_score is not None:
            return self.auto_score + extra
        return 0.0

    @property
    def exercise(self) -> str:
        return self.cell[len(GRADE_CELL_PREFIX):] if self.cell.startswith(GRADE_CELL_PREFIX) else self.cell


def _connect(path: Path) -> sqlite3.Connection:
    path = Path(path)
    if not path.is_file():
        raise GradebookError(f"{path}: no gradebook: run 'nbgrader autograde ASSIGNMENT' in the course folder "
                             "first, or give the right file with --gradebook")
    try:
        connection = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    except sqlite3.DatabaseError as exc:  # pragma: no cover - sqlite opens lazily
        raise GradebookError(f"{path}: cannot open the gradebook ({exc})") from None
    try:
        connection.execute("SELECT 1 FROM grade LIMIT 1")
    except sqlite3.DatabaseError as exc:
        connection.close()
        raise GradebookError(f"{path}: not an nbgrader gradebook ({exc}): give the gradebook.db of the course "
                             "with --gradebook") from None
    return connection


def _query(path: Path, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    connection = _connect(path)
    try:
        return connection.execute(sql, params).fetchall()
    except sqlite3.DatabaseError as exc:
        raise GradebookError(f"{path}: cannot read the gradebook ({exc}): is it from nbgrader 0.9?") from None
    finally:
        connection.close()


def cell_grades(path: Path, assignment: str | None = None) -> list[CellGrade]:
    """Every graded cell of every submission (of one assignment when given)."""
    sql = """
        SELECT sa.student_id, a.name, nb.name, bc.name, g.auto_score, g.manual_score, g.extra_credit, gc.max_score
        FROM grade g
        JOIN submitted_notebook sn ON g.notebook_id = sn.id
        JOIN submitted_assignment sa ON sn.assignment_id = sa.id
        JOIN assignment a ON sa.assignment_id = a.id
        JOIN base_cell bc ON g.cell_id = bc.id
        JOIN notebook nb ON bc.notebook_id = nb.id
        JOIN grade_cells gc ON gc.id = bc.id
    """
    params: tuple[Any, ...] = ()
    if assignment is not None:
        sql += " WHERE a.name = ?"
        params = (assignment,)
    sql += " ORDER BY sa.student_id, nb.name, bc.name"
    return [CellGrade(*row) for row in _query(path, sql, params)]


def scores_by_student(path: Path, assignment: str) -> dict[str, dict[str, float]]:
    """``{student: {exercise id: score}}`` for one assignment, exercises named as in stratkit."""
    out: dict[str, dict[str, float]] = {}
    for grade in cell_grades(path, assignment):
        out.setdefault(grade.student, {})[grade.exercise] = grade.score
    return out


def students(path: Path) -> list[dict[str, Any]]:
    """The class list: id, first_name, last_name, email, lms_user_id."""
    rows = _query(path, "SELECT id, first_name, last_name, email, lms_user_id FROM student ORDER BY id")
    return [dict(zip(("id", "first_name", "last_name", "email", "lms_user_id"), row, strict=False)) for row in rows]


def assignments(path: Path) -> list[str]:
    return [row[0] for row in _query(path, "SELECT name FROM assignment ORDER BY name")]


def submission_times(path: Path, assignment: str) -> dict[str, str | None]:
    """``{student: submission time}`` as nbgrader stored it (UTC, ``YYYY-MM-DD HH:MM:SS.ffffff``)."""
    rows = _query(path, "SELECT sa.student_id, sa.timestamp FROM submitted_assignment sa "
                        "JOIN assignment a ON sa.assignment_id = a.id WHERE a.name = ?", (assignment,))
    return dict(rows)


def max_scores(path: Path, assignment: str) -> dict[str, float]:
    """``{exercise id: max score}`` of the assignment's grade cells, from the source notebook."""
    rows = _query(path, "SELECT bc.name, gc.max_score FROM grade_cells gc JOIN base_cell bc ON gc.id = bc.id "
                        "JOIN notebook nb ON bc.notebook_id = nb.id JOIN assignment a ON nb.assignment_id = a.id "
                        "WHERE a.name = ?", (assignment,))
    return {(name[len(GRADE_CELL_PREFIX):] if name.startswith(GRADE_CELL_PREFIX) else name): float(score)
            for name, score in rows}


def late_penalties(path: Path, assignment: str) -> dict[str, float]:
    """``{student: points taken off for lateness}`` (nbgrader's ``late_submission_penalty``, summed over notebooks)."""
    rows = _query(path, "SELECT sa.student_id, SUM(COALESCE(sn.late_submission_penalty, 0)) "
                        "FROM submitted_notebook sn JOIN submitted_assignment sa ON sn.assignment_id = sa.id "
                        "JOIN assignment a ON sa.assignment_id = a.id WHERE a.name = ? GROUP BY sa.student_id",
                  (assignment,))
    return {student: float(penalty or 0.0) for student, penalty in rows}
