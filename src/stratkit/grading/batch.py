"""Grade every submission of an assignment straight from the saved answers, without a kernel.

This is the fast path (``stratkit grade``) and the cross-check of nbgrader's autograde. It reads
what the grading kernel reads. ``nbgrader autograde`` fills ``autograded/<student>/<assignment>/``
from the submission: every file that is not a notebook is copied as it is (the answer store
among them: ``Autograde.exclude_overwriting`` keeps the student's), and only the notebooks nbgrader
knows (those of the source assignment) are written there, sanitized (stratkit's ``CollectAnswers``
keeps their answer records in metadata). Then the notebook runs with that folder as its working
folder, where ``stratkit.grade`` finds each exercise's answer with
:func:`stratkit.answers.finding.find_answer` (the answer store and every notebook, newest record wins).
So reading ``submitted/`` here means: the store, plus the notebooks nbgrader grades (a stray
``Untitled.ipynb`` is ignored, as nbgrader ignores it), newest record wins.

Keys come from ``solutions/<assignment>/keys/*.yaml``, the files ``stratkit build`` packs into the
hidden test cells, in the order of ``assignment.yaml``; scores come from
:func:`stratkit.scoring.marking.points_earned`, the function the test cell calls. A score here differs from
nbgrader's only when something changed between the two: a notebook that altered stratkit's
behaviour in the kernel, a file missing or edited after autograde.

Speed: keys are loaded once per assignment, each submission's files are read once (not once per
exercise), and nothing imports pandas until a table is asked for.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stratkit.answers.notebook_copy import records_in_notebook, wrong_assignment
from stratkit.answers.record import AnswerRecord, is_empty, newest, rivals
from stratkit.answers.store import STORE_FILE, AnswerStore, StoreError
from stratkit.content.loading import ExerciseFileError, check_assignment_manifest, load_exercise
from stratkit.content.model import AnyExercise
from stratkit.grading.extra_files import ExtraFile, extra_files
from stratkit.grading.matching import plan_folder, read_as_graded, source_notebooks
from stratkit.scoring.marking import least_earning, points_earned

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence

    import pandas as pd

    from stratkit.content.model import AnyExercise

STAGES = ("submitted", "autograded")
SOURCE_ONLY = ("assignment.yaml", STORE_FILE)  # files of solutions/<assignment>/ that nbgrader never releases


class BatchError(ValueError):
    """Input the instructor must fix (an unknown assignment, a broken key); one line, naming the file."""


# --------------------------------------------------------------------------- keys


@dataclass(frozen=True)
class AssignmentKey:
    """An assignment's exercises with their keys, in the order of ``assignment.yaml``."""

    id: str
    title: str
    exercises: tuple[AnyExercise, ...]
    folder: Path
    notebooks: tuple[str, ...] = ()  # the notebooks nbgrader grades: the source assignment's
    released: tuple[str, ...] = ()  # the other files the assignment is released with (public exercise files)
    cells: Mapping[str, frozenset[str]] = field(default_factory=dict)  # notebook -> its grade cell ids

    @property
    def graded_notebooks(self) -> tuple[str, ...]:
        return self.notebooks or (f"{self.id}.ipynb",)

    @property
    def expected(self) -> dict[str, set[str]]:
        """``{notebook name: grade ids}``, what :func:`stratkit.grading.matching.plan_folder` matches against."""
        names = self.graded_notebooks
        return {n: set(self.cells.get(n) or {f"grade-{e}" for e in self.exercise_ids}) for n in names}

    @property
    def max_points(self) -> float:
        return float(sum(e.points for e in self.exercises))

    @property
    def exercise_ids(self) -> tuple[str, ...]:
        return tuple(e.id for e in self.exercises)

    def exercise(self, exercise_id: str) -> AnyExercise:
        return next(e for e in self.exercises if e.id == exercise_id)


def known_assignments(course: Path) -> list[str]:
    return sorted(p.parent.name for p in (Path(course) / "solutions").glob("*/assignment.yaml"))


def load_assignment(course: str | Path, assignment: str) -> AssignmentKey:
    """Read ``<course>/solutions/<assignment>/assignment.yaml`` and its key files, once."""
    import yaml

    course = Path(course)
    folder = course / "solutions" / assignment
    manifest_path = folder / "assignment.yaml"
    if not manifest_path.is_file():
        known = ", ".join(known_assignments(course)) or "none"
        raise BatchError(f"{manifest_path}: no such assignment: check the name and --course "
                         f"(assignments in {course / 'solutions'}: {known})")
    problems = check_assignment_manifest(manifest_path)
    if problems:
        more = f" (and {len(problems) - 1} more; run 'stratkit validate {folder}')" if len(problems) > 1 else ""
        raise BatchError(f"{problems[0]}{more}")
    manifest = yaml.safe_load(manifest_path.read_text(encoding="utf-8"))
    exercises = []
    for exercise_id in manifest["exercises"]:
        try:
            exercises.append(load_exercise(folder / "keys" / f"{exercise_id}.yaml"))
        except ExerciseFileError as exc:
            first = exc.problems[0]
            more = f" (and {len(exc.problems) - 1} more)" if len(exc.problems) > 1 else ""
            raise BatchError(f"{first}{more}: fix the key file, then run 'stratkit validate {folder}'") from None
    cells = {name: frozenset(ids) for name, ids in source_notebooks(folder).items()}
    released = tuple(sorted(p.name for p in folder.iterdir()
                            if p.is_file() and p.suffix != ".ipynb" and p.name not in SOURCE_ONLY))
    return AssignmentKey(str(manifest["id"]), str(manifest.get("title") or manifest["id"]), tuple(exercises),
                         folder, tuple(sorted(cells)), released, cells)


# --------------------------------------------------------------------------- reading one submission


class _ReadOnlyStore(AnswerStore):
    """The answer store as the grading kernel reads it, minus the side effect: a damaged file is
    reported, never copied aside (grading must not write into a student's submission)."""

    def _set_aside(self, why: str) -> str:
        return f"{self.path.name} {why}: its answers were ignored"


@dataclass
class Submission:
    """One student's submission folder: the winning answer record per exercise, and what went wrong."""

    student: str
    folder: Path
    records: dict[str, AnswerRecord] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)  # files nbgrader needed and did not get, one sentence each
    problems: list[str] = field(default_factory=list)  # anything else worth telling (a damaged file...)
    matched: list[str] = field(default_factory=list)  # notebooks found by content: one line each (renamed...)
    submitted_at: str | None = None  # nbgrader's timestamp.txt, as ISO UTC text
    # exercise -> every copy in a tie (as new as the winner, different answers: a hand edit), with its file
    rivals: dict[str, list[tuple[AnswerRecord, str]]] = field(default_factory=dict)
    extra_files: list[ExtraFile] = field(default_factory=list)  # files that are not part of the assignment

    @property
    def all_problems(self) -> list[str]:
        return [*self.missing, *self.problems, *map(str, self.extra_files)]

    def value(self, exercise_id: str) -> Any:
        record = self.records.get(exercise_id)
        return None if record is None else record.get("value")


_STAMP = re.compile(r"(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d+)?)")


def read_timestamp(folder: Path) -> str | None:
    """nbgrader's ``timestamp.txt`` (``2026-01-31 12:00:00.123456 UTC``) as ISO text like answer stamps."""
    try:
        text = (folder / "timestamp.txt").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    match = _STAMP.search(text)
    if not match:
        return None
    day, clock = match.groups()
    if "." not in clock:
        clock += ".000000"
    return f"{day}T{clock}Z"


def _read_notebook(path: Path) -> tuple[dict[str, Any] | None, str | None]:
    """The notebook as :mod:`stratkit.answers.notebook_copy` reads it for the grading kernel, and what went wrong.

    The data always comes from ``notebook_copy`` (so this reads exactly what find_answer reads);
    the sentence comes from ``read_notebook_checked``.
    """
    from stratkit.answers.notebook_copy import read_notebook_checked

    return read_notebook_checked(path)


def read_submission(folder: str | Path, exercise_ids: Iterable[str], *, student: str | None = None,
                    notebooks: Collection[str] | None = None, released: Collection[str] | None = None,
                    expected: Mapping[str, set[str]] | None = None) -> Submission:
    """The answers in one folder with :func:`stratkit.answers.finding.find_answer`'s rules, reading each file once.

    Candidates come in find_answer's order (the store, then notebooks by name; in a notebook,
    metadata before outputs) and :func:`stratkit.answers.record.newest` picks the winner, so ties break
    the same way. ``notebooks`` names the notebooks nbgrader grades; ``expected`` (name -> grade
    cell ids) lets the notebooks be found by content, as stratkit's nbgrader plugins put them in
    place before autograde (:mod:`stratkit.grading.matching`: a renamed or re-downloaded notebook is
    read as the one nbgrader grades, one line each in ``matched``). Other notebooks in the folder are
    ignored (nbgrader does not copy them to the grading folder), and a missing one is reported.
    ``None`` for both reads every notebook, as find_answer does in a folder. ``released`` names the
    files the assignment was released with: every other file in the folder is listed in
    ``extra_files`` (:mod:`stratkit.grading.extra_files`); ``None`` lists none.
    """
    folder = Path(folder)
    wanted = list(exercise_ids)
    submission = Submission(student or folder.parent.name, folder, submitted_at=read_timestamp(folder))
    candidates: dict[str, list[tuple[AnswerRecord, str]]] = {e: [] for e in wanted}
    if not folder.is_dir():
        submission.missing.append(f"no submission folder {folder}")
        return submission
    store = _ReadOnlyStore(folder)
    try:
        records, warning = store.read()
        if warning:
            submission.problems.append(warning)
        for exercise_id in wanted:
            if exercise_id in records:
                candidates[exercise_id].append((records[exercise_id], STORE_FILE))
    except StoreError as exc:
        submission.problems.append(str(exc))
    present = sorted(folder.glob("*.ipynb"))
    if expected is None and notebooks is not None:
        expected = {name: set() for name in notebooks}
    readings: list[tuple[str, dict[str, Any] | None, str | None]] = []  # (name graded as, data, problem)
    if expected is not None:
        plan = plan_folder(folder, folder.name, expected, who=None)
        submission.matched.extend(plan.unusual)
        for name in sorted(expected):
            data, source = read_as_graded(plan, name)
            if source is None:
                continue
            problem = None
            if data is None:
                _, problem = _read_notebook(source)
            readings.append((name, data, problem))
    else:
        for path in present:
            data, problem = _read_notebook(path)
            readings.append((path.name, data, problem))
    for name, data, problem in readings:
        if problem:
            submission.problems.append(problem)
        if data is None:
            continue
        elsewhere = wrong_assignment(folder / name, data, folder.name)
        if elsewhere:
            submission.problems.append(elsewhere)
        for record in records_in_notebook(data):
            slot = candidates.get(record["exercise"])
            if slot is not None:
                slot.append((record, name))
    if released is not None:
        submission.extra_files.extend(extra_files(folder, released))
    if not present and not store.path.exists():
        submission.missing.append("no notebook and no answer file: the submission is empty")
    else:
        graded = {name for name, _, _ in readings}
        for name in sorted(expected or ()):
            if name not in graded:
                submission.missing.append(f"the notebook {name} is missing: nbgrader cannot run it, so autograde "
                                          "gives 0 for its exercises")
    for exercise_id, found in candidates.items():
        best = newest([record for record, _ in found], exercise_id)
        if best is not None:
            submission.records[exercise_id] = best
            submission.sources[exercise_id] = next(name for record, name in found if record is best)
            tied = rivals([record for record, _ in found], exercise_id)
            if tied:  # every copy in the tie, the newest first (by identity: a planted file may hold thousands)
                in_tie = {id(best), *(id(t) for t in tied)}
                submission.rivals[exercise_id] = [(r, name) for r, name in found if id(r) in in_tie]
    return submission


# --------------------------------------------------------------------------- scoring


def score_answer(exercise: AnyExercise, record: Mapping[str, Any] | None) -> tuple[float, str]:
    """Points for one record, with the same rules as the test cell (:func:`stratkit.grade`), and a note."""
    if record is None or is_empty(record.get("value")):
        return 0.0, "no answer"
    if record.get("kind") != exercise.kind:
        return 0.0, f"the saved answer is not a {exercise.kind} answer"
    try:
        return float(points_earned(exercise, record["value"])), ""
    except Exception as exc:  # noqa: BLE001 - the test cell gives 0 too: a bug must not hand out points
        return 0.0, f"could not be scored ({type(exc).__name__}: {exc})"


@dataclass
class GradedSubmission:
    submission: Submission
    points: dict[str, float]
    notes: dict[str, str]

    @property
    def student(self) -> str:
        return self.submission.student

    @property
    def total(self) -> float:
        """The sum of the exact (unrounded) points, rounded once, to the millionth, as nbgrader's total shows."""
        return round(sum(self.points.values()), 6)


@dataclass
class GradeResult:
    """Every graded submission of one assignment; ``.wide()`` and ``.long()`` give pandas tables."""

    key: AssignmentKey
    stage: str
    graded: list[GradedSubmission]

    def __iter__(self) -> Iterator[GradedSubmission]:
        return iter(self.graded)

    def __len__(self) -> int:
        return len(self.graded)

    def by_student(self) -> dict[str, GradedSubmission]:
        return {g.student: g for g in self.graded}

    def long_rows(self) -> list[dict[str, Any]]:
        rows = []
        for g in self.graded:
            sub = g.submission
            for exercise in self.key.exercises:
                record = sub.records.get(exercise.id)
                rows.append({
                    "student": g.student,
                    "assignment": self.key.id,
                    "exercise": exercise.id,
                    "kind": exercise.kind,
                    "points": g.points[exercise.id],
                    "max_points": float(exercise.points),
                    "answered": record is not None and not is_empty(record.get("value")),
                    "source": sub.sources.get(exercise.id, ""),
                    "saved_at": record.get("saved_at", "") if record else "",
                    "answer": json.dumps(record.get("value"), sort_keys=True) if record else "",
                    "note": g.notes.get(exercise.id, ""),
                    "problem": "; ".join(sub.all_problems),
                })
        return rows

    def wide_rows(self) -> list[dict[str, Any]]:
        rows = []
        for g in self.graded:
            row: dict[str, Any] = {"student": g.student, "assignment": self.key.id}
            row.update({exercise_id: g.points[exercise_id] for exercise_id in self.key.exercise_ids})
            row.update(total=g.total, max_total=self.key.max_points, problem="; ".join(g.submission.all_problems))
            rows.append(row)
        return rows

    def long(self) -> pd.DataFrame:
        import pandas as pd

        columns = ["student", "assignment", "exercise", "kind", "points", "max_points", "answered", "source",
                   "saved_at", "answer", "note", "problem"]
        return pd.DataFrame(self.long_rows(), columns=columns)

    def wide(self) -> pd.DataFrame:
        import pandas as pd

        columns = ["student", "assignment", *self.key.exercise_ids, "total", "max_total", "problem"]
        return pd.DataFrame(self.wide_rows(), columns=columns)

    def item_scores(self) -> pd.DataFrame:
        """Students x exercises, in points: the matrix item analysis reads."""
        import pandas as pd

        frame = pd.DataFrame({g.student: g.points for g in self.graded}).T
        return frame.reindex(columns=list(self.key.exercise_ids)).astype(float)


def grade_submission(key: AssignmentKey, submission: Submission) -> GradedSubmission:
    points: dict[str, float] = {}
    notes: dict[str, str] = {}
    for exercise_id, tied in submission.rivals.items():  # rival copies: the one that earns least counts
        if exercise_id in key.exercise_ids:
            chosen = least_earning(key.exercise(exercise_id), [r for r, _ in tied])
            submission.records[exercise_id] = chosen  # type: ignore[assignment]
            submission.sources[exercise_id] = next(name for r, name in tied if r is chosen)
    for exercise in key.exercises:
        points[exercise.id], note = score_answer(exercise, submission.records.get(exercise.id))
        if note:
            notes[exercise.id] = note
    return GradedSubmission(submission, points, notes)


def submission_folders(course: Path, assignment: str, stage: str = "submitted") -> list[tuple[str, Path]]:
    """``(student, folder)`` for every ``<course>/<stage>/<student>/<assignment>/``, sorted by student."""
    if stage not in STAGES:
        raise BatchError(f"unknown stage '{stage}': use one of {', '.join(STAGES)}")
    base = Path(course) / stage
    if not base.is_dir():
        raise BatchError(f"{base}: no such folder: run 'nbgrader collect {assignment}' (or zip_collect) first, "
                         "or check --course")
    return sorted((p.name, p / assignment) for p in base.iterdir() if (p / assignment).is_dir())


def grade_assignment(course: str | Path, assignment: str, *, stage: str = "submitted",
                     students: Sequence[str] | None = None, show_progress: bool | None = None,
                     key: AssignmentKey | None = None) -> GradeResult:
    """Grade every submission of ``assignment`` in ``<course>/<stage>/``; a broken one becomes a problem row."""
    from tqdm import tqdm

    course = Path(course)
    key = key or load_assignment(course, assignment)
    folders = submission_folders(course, assignment, stage)
    if students is not None:
        wanted = set(students)
        folders = [(s, f) for s, f in folders if s in wanted]
    graded = []
    # tqdm: disable=None hides the bar when stderr is not a terminal (logs, pipes, tests)
    with tqdm(total=len(folders), desc=f"Grading {assignment}", unit="student", leave=False,
              disable=None if show_progress is None else not show_progress) as bar:
        for student, folder in folders:
            try:
                submission = read_submission(folder, key.exercise_ids, student=student,
                                             notebooks=key.graded_notebooks, released=key.released,
                                             expected=key.expected)
            except Exception as exc:  # noqa: BLE001 - one broken submission never stops the others
                submission = Submission(student, folder, problems=[f"could not be read ({type(exc).__name__}: {exc})"])
            graded.append(grade_submission(key, submission))
            bar.set_postfix_str(student, refresh=False)
            bar.update()
    return GradeResult(key, stage, graded)
