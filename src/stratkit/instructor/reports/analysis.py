"""Item analysis of one assignment: every table the report shows, computed from a :class:`GradeResult`.

Two levels of "item":

* the **exercise**, scored in points, like a Moodle question (facility, discrimination index,
  discriminative efficiency; Cronbach's alpha over the exercises);
* the **entry** (one statement, step or option), scored 0/1 by the per-entry verdict of the
  feedback: the level at which an instructor sees *what* was misunderstood (alpha over entries too).

Point-biserials of choices use each student's assignment total, as Canvas uses the quiz score.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from stratkit.content.model import AnyExercise, OrderExercise, PickExercise, SortExercise
from stratkit.instructor.reports import confusion as cf
from stratkit.instructor.reports.reteach import MIN_SHARE, ReteachTopic, reteach_topics
from stratkit.instructor.reports.statistics import cronbach_alpha, item_table

if TYPE_CHECKING:
    from collections.abc import Mapping

    from stratkit.grading.batch import AssignmentKey, GradeResult
    from stratkit.instructor.reports.lessons import Claim


@dataclass
class ExerciseAnalysis:
    exercise: AnyExercise
    answers: dict[str, Any]
    entry_scores: pd.DataFrame
    choices: pd.DataFrame
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)  # kind-specific: confusion, positions...

    @property
    def respondents(self) -> int:
        return len(cf.answered(self.answers))


@dataclass
class Analysis:
    key: AssignmentKey
    totals: pd.Series
    exercise_scores: pd.DataFrame
    exercise_table: pd.DataFrame
    entry_table: pd.DataFrame
    alpha_exercises: float
    alpha_entries: float
    exercises: list[ExerciseAnalysis]
    topics: list[ReteachTopic]
    problems: dict[str, list[str]]

    @property
    def students(self) -> int:
        return len(self.totals)

    def choices(self) -> pd.DataFrame:
        frames = [e.choices for e in self.exercises if len(e.choices)]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def analyse(result: GradeResult, claims: Mapping[str, Claim] | None = None, *,
            min_share: float = MIN_SHARE) -> Analysis:
    key = result.key
    students = [g.student for g in result]
    exercise_scores = result.item_scores() if len(result) else pd.DataFrame(columns=list(key.exercise_ids))
    totals = exercise_scores.sum(axis=1) if len(result) else pd.Series(dtype=float)
    max_points = {e.id: float(e.points) for e in key.exercises}

    exercise_table = item_table(exercise_scores, max_points)
    exercise_table.insert(0, "kind", [key.exercise(i).kind for i in exercise_table.index])
    exercise_table.insert(1, "title", [key.exercise(i).title for i in exercise_table.index])

    analyses: list[ExerciseAnalysis] = []
    entry_frames = []
    entry_meta = []
    values = {e.id: {g.student: g.submission.value(e.id) for g in result} for e in key.exercises}
    for exercise in key.exercises:
        answers = {s: values[exercise.id][s] for s in students}
        scores = cf.entry_scores(exercise, answers)
        analysis = ExerciseAnalysis(exercise, answers, scores, cf.choice_point_biserials(exercise, answers, totals))
        if isinstance(exercise, SortExercise):
            analysis.tables["confusion"] = cf.sort_confusion(exercise, answers)
            analysis.tables["choices"] = cf.sort_choices(exercise, answers)
        elif isinstance(exercise, OrderExercise):
            analysis.tables["positions"] = cf.order_positions(exercise, answers)
            analysis.tables["misplaced"] = cf.order_misplaced(exercise, answers)
            analysis.tables["violations"] = cf.order_violations(exercise, answers)
        elif isinstance(exercise, PickExercise):
            analysis.tables["options"] = cf.pick_options(exercise, answers)
        analyses.append(analysis)
        entry_frames.append(scores.rename(columns=lambda e, x=exercise.id: f"{x}/{e}"))
        for entry in exercise.entries():
            entry_meta.append({"item": f"{exercise.id}/{entry.id}", "exercise": exercise.id, "entry": entry.id,
                               "kind": exercise.kind, "text": entry.text, "claims": " ".join(entry.claims)})
    entries = pd.concat(entry_frames, axis=1) if entry_frames else pd.DataFrame()
    entry_table = item_table(entries, dict.fromkeys(entries.columns, 1.0))
    meta = pd.DataFrame(entry_meta).set_index("item") if entry_meta else pd.DataFrame()
    entry_table = meta.join(entry_table) if len(meta) else entry_table

    topics = reteach_topics(key.exercises, {a.exercise.id: a.answers for a in analyses}, claims or {},
                            min_share=min_share)
    problems = {g.student: g.submission.all_problems for g in result if g.submission.all_problems}
    return Analysis(key, totals, exercise_scores, exercise_table, entry_table, cronbach_alpha(exercise_scores),
                    cronbach_alpha(entries), analyses, topics, problems)
