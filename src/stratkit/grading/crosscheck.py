"""Compare stratkit's out-of-kernel scores with nbgrader's gradebook and list every mismatch.

Both should agree to the millionth of a point: the grading kernel and :mod:`stratkit.grading.batch` read the
same files with the same rules. When they don't, something happened that an instructor wants to
know about:

* nbgrader gave *more* than the saved answers earn: something the student submitted changed
  stratkit's behaviour in the grading kernel (a file such as ``stratkit.py`` in a course whose
  kernel is not isolated, or a cell the student added that redefines ``stratkit.grade`` where
  ``DropStudentCode`` is off);
* nbgrader gave *less*: a file was missing or broken when autograde ran, or the answers were
  changed after autograde;
* a student has a gradebook entry but no submission folder (or the reverse);
* an answer record says it was saved *after* nbgrader's submission time: nobody can click after
  submitting, so the answer file was edited by hand;
* two copies of one answer saved at the same moment but different: only a hand edit does that;
  both graders count the one that earns less;
* (information) a submitted notebook holds code cells the instructor did not write: with
  stratkit's ``DropStudentCode`` step enabled they never ran in grading, but someone tried;
* (information) a submission holds files that are not part of the assignment (``stratkit.py``,
  ``sitecustomize.py``, a package folder...): named one per line; with stratkit's
  ``GradingKernelManager`` they were never imported, but someone may have tried.

Manual grades are intentional: they are listed as information, never as mismatches. Compared
scores are nbgrader's ``auto_score``.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stratkit.grading.batch import GradeResult, grade_assignment
from stratkit.grading.gradebook import DB_FILE, cell_grades, submission_times

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from stratkit.grading.extra_files import ExtraFile

TOLERANCE = 1e-6
CLOCK_SLACK_S = 2.0  # saves and submissions share the server's clock; allow for rounding only

MISMATCH = "mismatch"
INFO = "info"


@dataclass(frozen=True)
class Finding:
    student: str
    exercise: str  # "" when about the whole submission
    level: str  # MISMATCH or INFO
    what: str  # short label
    detail: str  # one sentence: what happened and what to do
    stratkit_points: float | None = None
    nbgrader_points: float | None = None

    def as_row(self) -> dict[str, Any]:
        diff = (None if self.stratkit_points is None or self.nbgrader_points is None
                else round(self.nbgrader_points - self.stratkit_points, 6))
        return {"student": self.student, "exercise": self.exercise, "level": self.level, "what": self.what,
                "stratkit_points": self.stratkit_points, "nbgrader_points": self.nbgrader_points,
                "difference": diff, "detail": self.detail}


@dataclass
class CrossCheck:
    assignment: str
    findings: list[Finding] = field(default_factory=list)
    compared_students: int = 0
    compared_scores: int = 0

    @property
    def mismatches(self) -> list[Finding]:
        return [f for f in self.findings if f.level == MISMATCH]

    @property
    def flagged_students(self) -> list[str]:
        return sorted({f.student for f in self.mismatches})

    def frame(self) -> pd.DataFrame:
        import pandas as pd

        columns = ["student", "exercise", "level", "what", "stratkit_points", "nbgrader_points", "difference",
                   "detail"]
        return pd.DataFrame([f.as_row() for f in self.findings], columns=columns)

    def summary(self) -> str:
        n = len(self.mismatches)
        if n == 0:
            return (f"{self.assignment}: stratkit and nbgrader agree on all {self.compared_scores} scores "
                    f"of {self.compared_students} students.")
        return (f"{self.assignment}: {n} mismatch(es) for {len(self.flagged_students)} student(s) "
                f"({', '.join(self.flagged_students)}) out of {self.compared_students} compared.")


def _parse_time(text: str | None) -> _dt.datetime | None:
    if not text:
        return None
    cleaned = text.strip().replace("Z", "").replace(" UTC", "").replace("T", " ")
    try:
        return _dt.datetime.fromisoformat(cleaned)
    except ValueError:
        return None


def added_code_cells(course: Path, assignment: str, student: str) -> int:
    """Code cells in a student's submitted notebooks whose nbgrader grade_id the source notebook lacks."""
    import json

    count = 0
    for submitted in sorted((course / "submitted" / student / assignment).glob("*.ipynb")):
        source = course / "solutions" / assignment / submitted.name
        try:
            known = {(c.get("metadata", {}).get("nbgrader") or {}).get("grade_id")
                     for c in json.loads(source.read_text(encoding="utf-8"))["cells"]}
            cells = json.loads(submitted.read_text(encoding="utf-8"))["cells"]
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            continue  # unreadable files are reported as file problems elsewhere
        for cell in cells if isinstance(cells, list) else ():
            if not isinstance(cell, dict) or cell.get("cell_type") != "code":
                continue
            metadata = cell.get("metadata")
            nbgrader = metadata.get("nbgrader") if isinstance(metadata, dict) else None
            grade_id = nbgrader.get("grade_id") if isinstance(nbgrader, dict) else None
            if grade_id not in known or grade_id is None:
                count += 1
    return count


def _why_more(student: str, assignment: str, files: list[ExtraFile], added_cells: int) -> str:
    """Why nbgrader may have given more, naming what the submission holds: files first, then cells."""
    where = f"submitted/{student}/{assignment}/"
    if files:
        names = ", ".join(f.name for f in files)
        cause = (f"files in {where} ({names}) probably ran in the grading kernel: make sure nbgrader_config.py "
                 "uses stratkit's autograde_preprocessors() (GradingKernelManager), then autograde again")
    elif added_cells:
        cause = (f"{added_cells} code cell(s) the student added in {where} probably ran: make sure nbgrader_config.py "
                 "enables stratkit's DropStudentCode, then autograde again")
    else:
        cause = f"something in {where} changed how stratkit grades, or the answer files were changed after autograde"
    return f"nbgrader gave more points than {student}'s saved answers earn: {cause}. Check before releasing grades."


def _why_less(student: str, assignment: str) -> str:
    return (f"nbgrader gave fewer points than {student}'s saved answers earn: a file was missing or broken when "
            f"autograde ran, or the answers changed after autograde. Re-run 'nbgrader autograde {assignment} "
            f"--student {student} --force' and compare again.")


def crosscheck(course: str | Path, assignment: str, *, gradebook: str | Path | None = None,  # noqa: PLR0912 - one check per finding kind
               result: GradeResult | None = None, show_progress: bool | None = None,
               tolerance: float = TOLERANCE) -> CrossCheck:
    """Every difference between :func:`stratkit.grading.batch.grade_assignment` and the gradebook's auto scores."""
    course = Path(course)
    gradebook = Path(gradebook) if gradebook is not None else course / DB_FILE
    result = result or grade_assignment(course, assignment, show_progress=show_progress)
    check = CrossCheck(assignment)
    auto: dict[str, dict[str, float | None]] = {}
    manual: dict[str, dict[str, float]] = {}
    for grade in cell_grades(gradebook, assignment):
        auto.setdefault(grade.student, {})[grade.exercise] = grade.auto_score
        if grade.manual_score is not None:
            manual.setdefault(grade.student, {})[grade.exercise] = grade.manual_score
    times = submission_times(gradebook, assignment)
    ours = result.by_student()
    add = check.findings.append

    for student in sorted(set(ours) | set(auto)):
        graded = ours.get(student)
        if graded is None:
            add(Finding(student, "", MISMATCH, "missing submission",
                        f"the gradebook has scores for {student} but there is no folder "
                        f"submitted/{student}/{assignment}/: the files were moved or deleted; restore them "
                        "(nbgrader collect) before releasing grades",
                        None, round(sum(v or 0.0 for v in auto[student].values()), 6)))
            continue
        if student not in auto:
            add(Finding(student, "", MISMATCH, "not autograded",
                        f"{student} has a submission but no scores in the gradebook: run "
                        f"'nbgrader autograde {assignment} --student {student}'", graded.total, None))
            continue
        check.compared_students += 1
        added = added_code_cells(course, assignment, student)
        for missing in graded.submission.missing:
            add(Finding(student, "", MISMATCH, "missing file", missing))
        for problem in graded.submission.problems:
            add(Finding(student, "", INFO, "file problem", problem))
        for exercise_id in result.key.exercise_ids:
            ours_points = graded.points[exercise_id]
            theirs = auto[student].get(exercise_id)
            if exercise_id not in auto[student]:
                add(Finding(student, exercise_id, MISMATCH, "no grade cell",
                            f"the gradebook has no grade cell grade-{exercise_id}: the released notebook is older "
                            "than the keys; rebuild with 'stratkit build' and autograde again", ours_points, None))
                continue
            check.compared_scores += 1
            theirs_value = theirs if theirs is not None else 0.0
            if abs(theirs_value - ours_points) > tolerance:
                detail = (_why_more(student, assignment, graded.submission.extra_files, added)
                          if theirs_value > ours_points else _why_less(student, assignment))
                add(Finding(student, exercise_id, MISMATCH, "score differs", detail, ours_points, theirs_value))
            if exercise_id in manual.get(student, {}):
                add(Finding(student, exercise_id, INFO, "manual grade",
                            f"a grader set {manual[student][exercise_id]:g} points by hand (auto score "
                            f"{theirs_value:g}); the manual score is the one nbgrader exports",
                            ours_points, theirs_value))
            note = graded.notes.get(exercise_id, "")
            if note and note != "no answer":
                add(Finding(student, exercise_id, INFO, "odd answer", f"{exercise_id}: {note}"))
        for exercise_id, tied in graded.submission.rivals.items():
            files = sorted({name for _, name in tied})
            add(Finding(student, exercise_id, MISMATCH, "equal time stamps",
                        f"{' and '.join(files)} in submitted/{student}/{assignment}/ hold different answers to "
                        f"{exercise_id} saved at the same moment: clicks never do that, so a copy was edited or "
                        "planted by hand; both graders counted the one that earns less. Ask the student"))
        for line in graded.submission.extra_files:
            add(Finding(student, "", INFO, "extra file", str(line)))
        if added:
            add(Finding(student, "", INFO, "added code",
                        f"submitted/{student}/{assignment}/ holds {added} code cell(s) the instructor did not "
                        "write; stratkit's DropStudentCode step keeps them out of grading (if it is enabled in "
                        "nbgrader_config.py), so they earned nothing: a word with the student may help"))
        submitted = _parse_time(times.get(student)) or _parse_time(graded.submission.submitted_at)
        if submitted is not None:
            for exercise_id, record in graded.submission.records.items():
                saved = _parse_time(record.get("saved_at"))
                if saved is not None and (saved - submitted).total_seconds() > CLOCK_SLACK_S:
                    source = graded.submission.sources.get(exercise_id, "?")
                    add(Finding(student, exercise_id, MISMATCH, "saved after submission",
                                f"the answer in {source} says it was saved at {record['saved_at']}, after the "
                                f"submission ({submitted:%Y-%m-%d %H:%M:%S} UTC): the file was edited by hand; "
                                "grade this exercise from the notebook or ask the student"))
    return check
