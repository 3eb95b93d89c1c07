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
scores are nbgrader's ``auto_score``; what nbgrader exports beyond it (a manual grade, extra credit,
a late penalty) is listed as information with the final score, so the instructor sees every number
that will leave.

Each mismatch names the fix that works for its kind: a deleted exercise cell (stratkit's
``RestoreGradeCells`` puts it back), a notebook nbgrader did not find under its name or could not
read (``stratkit autograde`` matches it by content first), a submission autograde failed on, answers
changed after autograde, a submission time nbgrader misread (a time-zone name it does not know).
Submission times are read from ``timestamp.txt`` in any time zone (:mod:`stratkit.grading.timestamps`), so an
honest student is never flagged for a save just before submitting.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stratkit.answers.notebook_copy import decode_notebook
from stratkit.grading.batch import GradeResult, grade_assignment
from stratkit.grading.gradebook import (
    DB_FILE,
    GRADE_CELL_PREFIX,
    cell_grades,
    late_penalties,
    scores_by_student,
    submission_times,
)
from stratkit.grading.matching import grade_ids, plan_folder, read_as_graded
from stratkit.grading.timestamps import Stamp, parse_db_time, parse_stamp

if TYPE_CHECKING:  # pragma: no cover
    import datetime as _dt

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
    return parse_db_time(text)


def _stamp(folder: Path) -> Stamp | None:
    try:
        return parse_stamp((folder / "timestamp.txt").read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return None


def _graded_cells(folder: Path, key_cells: dict[str, set[str]]) -> set[str] | None:
    """Grade ids present in the notebook(s) nbgrader grades in ``folder`` (after matching); None: no notebook."""
    plan = plan_folder(folder, folder.name, key_cells)
    found: set[str] | None = None
    for name in key_cells:
        data, _ = read_as_graded(plan, name)
        if data is not None:
            found = (found or set()) | grade_ids(data)
    return found


def added_code_cells(course: Path, assignment: str, student: str) -> int:
    """Code cells in a student's submitted notebooks whose nbgrader grade_id the source notebook lacks."""
    import json

    count = 0
    for submitted in sorted((course / "submitted" / student / assignment).glob("*.ipynb")):
        source = course / "solutions" / assignment / submitted.name
        try:
            known = {(c.get("metadata", {}).get("nbgrader") or {}).get("grade_id")
                     for c in json.loads(source.read_text(encoding="utf-8"))["cells"]}
            cells = json.loads(decode_notebook(submitted.read_bytes())[0])["cells"]
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


def _fix(assignment: str, student: str) -> str:
    return f"'stratkit autograde {assignment} --student {student} --force'"


def _deleted_cell(student: str, assignment: str, exercise: str) -> str:
    return (f"the cell of {exercise} is missing from {student}'s notebook (deleted), so nbgrader left it ungraded; "
            "stratkit's RestoreGradeCells step puts it back so the saved answer grades: check that "
            "nbgrader_config.py lists it in Autograde.sanitize_preprocessors (this course's does), then run "
            f"{_fix(assignment, student)}")


def _not_found(student: str, assignment: str, lines: list[str]) -> str:
    what = "; ".join(lines[:2]) if lines else "the notebook is not under the name nbgrader grades"
    return (f"nbgrader did not grade the notebook stratkit reads for {student} ({what}): autograde ran without "
            f"stratkit's matching step; {_fix(assignment, student)} puts the notebook under the graded name "
            "first (and undoes a byte-order mark), then grades it")


def _edited_by_hand(student: str, assignment: str) -> str:
    return (f"{student}'s saved answer gives more than nbgrader's score, and it says it was saved after the "
            "submission (see 'saved after submission'): the answer file was edited by hand after submitting. "
            "nbgrader's score is the one for what was submitted: do not autograde again before talking to "
            "the student")


def _changed_after(student: str, assignment: str) -> str:
    return (f"{student}'s files in submitted/{student}/{assignment}/ changed after autograde ran (collected "
            f"again?): run {_fix(assignment, student)} so the gradebook grades what is there now")


def crosscheck(course: str | Path, assignment: str, *, gradebook: str | Path | None = None,
               result: GradeResult | None = None, show_progress: bool | None = None,
               tolerance: float = TOLERANCE) -> CrossCheck:
    """Every difference between :func:`stratkit.grading.batch.grade_assignment` and the gradebook's auto scores."""
    course = Path(course)
    gradebook = Path(gradebook) if gradebook is not None else course / DB_FILE
    result = result or grade_assignment(course, assignment, show_progress=show_progress)
    check = CrossCheck(assignment)
    auto: dict[str, dict[str, float | None]] = {}
    manual: dict[str, dict[str, float]] = {}
    extra: dict[str, float] = {}
    for grade in cell_grades(gradebook, assignment):
        auto.setdefault(grade.student, {})[grade.exercise] = grade.auto_score
        if grade.manual_score is not None:
            manual.setdefault(grade.student, {})[grade.exercise] = grade.manual_score
        if grade.extra_credit:
            extra[grade.student] = extra.get(grade.student, 0.0) + grade.extra_credit
    times = submission_times(gradebook, assignment)
    penalties = late_penalties(gradebook, assignment)
    finals = scores_by_student(gradebook, assignment)
    ours = result.by_student()
    add = check.findings.append
    key_cells = result.key.expected

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
                        f"'stratkit autograde {assignment} --student {student}'", graded.total, None))
            continue
        check.compared_students += 1
        added = added_code_cells(course, assignment, student)
        folder = graded.submission.folder
        for missing in graded.submission.missing:
            add(Finding(student, "", MISMATCH, "missing file", missing))
        for problem in graded.submission.problems:
            add(Finding(student, "", INFO, "file problem", problem))
        theirs_all = auto[student]
        failed = all(v is None for v in theirs_all.values()) and not manual.get(student)
        present = _graded_cells(folder, key_cells) if folder.is_dir() else None
        pending = plan_folder(folder, folder.name, key_cells) if folder.is_dir() else None
        not_found = pending is not None and pending.changes
        changed = _changed_after_autograde(course, assignment, student)
        stamp = _stamp(folder)
        recorded = _parse_time(times.get(student))
        submitted = stamp.latest if stamp is not None else recorded
        edited = {e for e, r in graded.submission.records.items() if submitted is not None and (saved := _parse_time(
            r.get("saved_at"))) is not None and (saved - submitted).total_seconds() > CLOCK_SLACK_S}
        if failed:
            reason = (_not_found(student, assignment, pending.unusual if pending else []) if not_found else
                      f"autograde stopped on {student}'s submission and saved no score (see the error it printed "
                      f"for {student}); fix the cause and run {_fix(assignment, student)}, or grade it by hand "
                      "in formgrader")
            add(Finding(student, "", MISMATCH, "autograde failed", reason, graded.total, None))
        for exercise_id in result.key.exercise_ids:
            ours_points = graded.points[exercise_id]
            theirs = theirs_all.get(exercise_id)
            if exercise_id not in theirs_all:
                add(Finding(student, exercise_id, MISMATCH, "no grade cell",
                            f"the gradebook has no grade cell grade-{exercise_id}: the released notebook is older "
                            "than the keys; rebuild with 'stratkit build' and autograde again", ours_points, None))
                continue
            check.compared_scores += 1
            if failed:
                continue
            theirs_value = theirs if theirs is not None else 0.0
            if abs(theirs_value - ours_points) > tolerance:
                if theirs_value > ours_points:
                    files = graded.submission.extra_files
                    what, detail = "score differs", _why_more(student, assignment, files, added)
                elif exercise_id in edited:
                    what, detail = "score differs", _edited_by_hand(student, assignment)
                elif present is not None and f"{GRADE_CELL_PREFIX}{exercise_id}" not in present:
                    what, detail = "deleted cell", _deleted_cell(student, assignment, exercise_id)
                elif not_found and pending is not None:
                    what, detail = "notebook not graded", _not_found(student, assignment, pending.unusual)
                elif changed:
                    what, detail = "changed after autograde", _changed_after(student, assignment)
                else:
                    what, detail = "score differs", _why_less(student, assignment)
                add(Finding(student, exercise_id, MISMATCH, what, detail, ours_points, theirs_value))
            if exercise_id in manual.get(student, {}):
                add(Finding(student, exercise_id, INFO, "manual grade",
                            f"a grader set {manual[student][exercise_id]:g} points by hand (auto score "
                            f"{theirs_value:g}); the manual score is the one nbgrader exports",
                            ours_points, theirs_value))
            note = graded.notes.get(exercise_id, "")
            if note and note != "no answer":
                add(Finding(student, exercise_id, INFO, "odd answer", f"{exercise_id}: {note}"))
        for exercise_id, tied in graded.submission.rivals.items():
            copies = sorted({name for _, name in tied})
            add(Finding(student, exercise_id, MISMATCH, "equal time stamps",
                        f"{' and '.join(copies)} in submitted/{student}/{assignment}/ hold different answers to "
                        f"{exercise_id} saved at the same moment: clicks never do that, so a copy was edited or "
                        "planted by hand; both graders counted the one that earns less. Ask the student"))
        for extra_file in graded.submission.extra_files:
            add(Finding(student, "", INFO, "extra file", str(extra_file)))
        if extra.get(student) or penalties.get(student) or manual.get(student):
            raw = sum(finals.get(student, {}).values())
            final = max(0.0, raw - penalties.get(student, 0.0))
            parts = ([f"manual grades on {', '.join(sorted(manual[student]))}"] if manual.get(student) else []) + (
                [f"extra credit {extra[student]:g}"] if extra.get(student) else []) + (
                [f"late penalty {penalties[student]:g}"] if penalties.get(student) else [])
            add(Finding(student, "", INFO, "final score",
                        f"nbgrader exports {final:g} for {student} ({'; '.join(parts)}), not the {graded.total:g} the "
                        "saved answers earn: 'stratkit export' sends the gradebook's final score",
                        graded.total, round(final, 6)))
        for line in graded.submission.matched:
            add(Finding(student, "", INFO, "matched notebook", line))
        if added:
            add(Finding(student, "", INFO, "added code",
                        f"submitted/{student}/{assignment}/ holds {added} code cell(s) the instructor did not "
                        "write; stratkit's DropStudentCode step keeps them out of grading (if it is enabled in "
                        "nbgrader_config.py), so they earned nothing: a word with the student may help"))
        if stamp is not None and recorded is not None and all(
                abs((moment - recorded).total_seconds()) > CLOCK_SLACK_S for moment in stamp.candidates):
            means = (f"{stamp.latest:%Y-%m-%d %H:%M:%S} UTC" if stamp.exact else
                     " or ".join(f"{m:%Y-%m-%d %H:%M} UTC" for m in stamp.candidates[:4]) + ", the zone name "
                     "being ambiguous")
            fix = (f"Run {_fix(assignment, student)} (it rewrites timestamp.txt in UTC first)" if stamp.exact else
                   "Write the right time in UTC into timestamp.txt (keep the original), then run "
                   f"'nbgrader autograde {assignment} --student {student} --force'")
            add(Finding(student, "", MISMATCH, "submission time misread",
                        f"timestamp.txt says '{stamp.text}' ({means}) but nbgrader recorded "
                        f"{recorded:%Y-%m-%d %H:%M:%S} UTC: it could not read the time zone '{stamp.zone}', so "
                        f"lateness (and any late penalty) used a wrong time. {fix}; to prevent it, set "
                        "c.Exchange.timestamp_format = '%Y-%m-%d %H:%M:%S.%f%z' in the students' nbgrader "
                        "configuration, or leave Exchange.timezone at UTC"))
        if submitted is not None:
            for exercise_id, record in graded.submission.records.items():
                saved = _parse_time(record.get("saved_at"))
                if saved is not None and (saved - submitted).total_seconds() > CLOCK_SLACK_S:
                    source = graded.submission.sources.get(exercise_id, "?")
                    add(Finding(student, exercise_id, MISMATCH, "saved after submission",
                                f"the answer in {source} says it was saved at {record['saved_at']}, after the "
                                f"submission ({submitted:%Y-%m-%d %H:%M:%S} UTC"
                                + (f", the latest time '{stamp.text}' can mean" if stamp and not stamp.exact else "")
                                + "): the file was edited by hand; grade this exercise from the notebook or ask "
                                  "the student"))
    return check


def _changed_after_autograde(course: Path, assignment: str, student: str) -> bool:
    """Whether a file in the submission is newer than the autograded notebook(s)."""
    graded = sorted((course / "autograded" / student / assignment).glob("*.ipynb"))
    if not graded:
        return False
    done = min(p.stat().st_mtime for p in graded)
    files = [p for p in (course / "submitted" / student / assignment).iterdir() if p.is_file()] \
        if (course / "submitted" / student / assignment).is_dir() else []
    return any(p.stat().st_mtime > done + 1 for p in files)
