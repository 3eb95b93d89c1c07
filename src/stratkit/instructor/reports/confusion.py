"""What the class chose, exercise by exercise: the tables behind "which concepts get mixed up".

* sort: a confusion matrix, true category x chosen category, counted over every statement and
  every student who answered the exercise (a student who answered nothing is left out: a blank
  says nothing about which concepts they confuse);
* order: where each step was put (step x position), and each precedence the key demands that
  students broke ("put B before A, which must come first");
* pick: how often each option was ticked: wrong options picked, right options missed.

Also each entry's 0/1 score (for entry-level item analysis) and each choice's point-biserial.
Pure functions on an exercise and ``{student: answer value}``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

import pandas as pd

from stratkit.answers.record import is_empty
from stratkit.content.model import AnyExercise, OrderExercise, PickExercise, SortExercise
from stratkit.instructor.reports.statistics import point_biserial
from stratkit.scoring.marking import feedback

NOT_SORTED = "(not sorted)"

Answers = Mapping[str, Any]  # student -> answer value (None when not answered)


def answered(answers: Answers) -> dict[str, Any]:
    """Only the students who answered something."""
    return {s: v for s, v in answers.items() if not is_empty(v)}


def _ids(value: object) -> list[str]:
    return [v for v in value if type(v) is str] if isinstance(value, (list, tuple)) else []


def _order_ids(value: object) -> list[str]:
    return list(dict.fromkeys(_ids(value)))


# --------------------------------------------------------------------------- every kind


def entry_scores(exercise: AnyExercise, answers: Answers) -> pd.DataFrame:
    """Students x entries (statements, steps, options): 1 when the entry was right, else 0.

    "Right" is the per-entry verdict students see in their feedback (:func:`stratkit.scoring.marking.feedback`).
    A student who answered nothing scores 0 on every entry, as on the exercise.
    """
    columns = [e.id for e in exercise.entries()]
    rows = {}
    for student, value in answers.items():
        if is_empty(value):
            rows[student] = [0] * len(columns)
        else:
            rows[student] = [1 if fb.right else 0 for fb in feedback(exercise, value)]
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=columns, dtype=float)
    return frame.reindex(list(answers)).fillna(0.0)


def reference_order(exercise: OrderExercise) -> list[str]:
    """A correct order: the key's, or (with prerequisites) the first valid order in listing order."""
    return exercise.valid_order()


def precedences(exercise: OrderExercise) -> list[tuple[str, str]]:
    """``(earlier, later)`` pairs the key demands: direct prerequisites, or neighbours in the one order."""
    if exercise.order is not None:
        return list(zip(exercise.order, exercise.order[1:], strict=False))
    pairs = []
    for step in reference_order(exercise):
        for before in (exercise.prerequisites or {}).get(step, ()):
            pairs.append((before, step))
    return pairs


# --------------------------------------------------------------------------- sort


def sort_confusion(exercise: SortExercise, answers: Answers) -> pd.DataFrame:
    """Counts: rows = the true category, columns = the category chosen (plus 'not sorted')."""
    labels = [c.label for c in exercise.categories]
    matrix = pd.DataFrame(0, index=labels, columns=[*labels, NOT_SORTED], dtype=int)
    for value in answered(answers).values():
        chosen = value if isinstance(value, dict) else {}
        for item in exercise.items:
            pick = chosen.get(item.id)
            known = type(pick) is str and pick in {c.id for c in exercise.categories}
            column = exercise.category_label(pick) if known else NOT_SORTED
            matrix.loc[exercise.category_label(item.answer), column] += 1
    matrix.index.name = "true category"
    matrix.columns.name = "chosen category"
    return matrix


def sort_choices(exercise: SortExercise, answers: Answers) -> pd.DataFrame:
    """One row per statement and category chosen: how many students, their share, right or not."""
    given = answered(answers)
    rows = []
    for item in exercise.items:
        counts: Counter[str] = Counter()
        for value in given.values():
            pick = value.get(item.id) if isinstance(value, dict) else None
            counts[pick if type(pick) is str else NOT_SORTED] += 1
        for category, count in counts.most_common():
            rows.append({"exercise": exercise.id, "entry": item.id, "text": item.text,
                         "choice": category if category == NOT_SORTED else exercise.category_label(category),
                         "choice_id": category, "right": category == item.answer,
                         "expected": exercise.category_label(item.answer), "students": count,
                         "share": count / len(given) if given else 0.0})
    return pd.DataFrame(rows, columns=["exercise", "entry", "text", "choice", "choice_id", "right", "expected",
                                       "students", "share"])


# --------------------------------------------------------------------------- order


def order_positions(exercise: OrderExercise, answers: Answers) -> pd.DataFrame:
    """Counts: rows = steps (in a correct order), columns = the place students gave them (1 = first)."""
    reference = reference_order(exercise)
    n = len(reference)
    matrix = pd.DataFrame(0, index=reference, columns=[*range(1, n + 1), "left out"], dtype=int)
    for value in answered(answers).values():
        sequence = [s for s in _order_ids(value) if s in matrix.index]
        for place, step in enumerate(sequence, 1):
            matrix.loc[step, place if place <= n else "left out"] += 1
        for step in set(reference) - set(sequence):
            matrix.loc[step, "left out"] += 1
    matrix.index.name = "step"
    matrix.columns.name = "place given"
    return matrix


def order_misplaced(exercise: OrderExercise, answers: Answers) -> pd.DataFrame:
    """Per step: how many students misplaced it, where it should go, and where they put it most often."""
    given = answered(answers)
    reference = reference_order(exercise)
    rows = []
    for step_id in reference:
        step = exercise.entry(step_id)
        wrong_places: Counter[int] = Counter()
        misplaced = 0
        for value in given.values():
            verdict = next(fb for fb in feedback(exercise, value) if fb.id == step_id)
            if verdict.right is not True:
                misplaced += 1
                sequence = _order_ids(value)
                if step_id in sequence:
                    wrong_places[sequence.index(step_id) + 1] += 1
        common = wrong_places.most_common(1)
        rows.append({"exercise": exercise.id, "entry": step_id, "text": step.text if step else step_id,
                     "correct_place": reference.index(step_id) + 1, "misplaced": misplaced,
                     "share": misplaced / len(given) if given else 0.0,
                     "most_common_wrong_place": common[0][0] if common else None})
    return pd.DataFrame(rows, columns=["exercise", "entry", "text", "correct_place", "misplaced", "share",
                                       "most_common_wrong_place"])


def order_violations(exercise: OrderExercise, answers: Answers) -> pd.DataFrame:
    """Per precedence the key demands (A before B): how many students put B before A (or left A out)."""
    given = answered(answers)
    rows = []
    for earlier, later in precedences(exercise):
        broken = 0
        for value in given.values():
            sequence = _order_ids(value)
            if later in sequence and (earlier not in sequence or sequence.index(later) < sequence.index(earlier)):
                broken += 1
        first, second = exercise.entry(earlier), exercise.entry(later)
        rows.append({"exercise": exercise.id, "entry": later, "text": second.text if second else later,
                     "must_follow": earlier, "must_follow_text": first.text if first else earlier,
                     "students": broken, "share": broken / len(given) if given else 0.0})
    frame = pd.DataFrame(rows, columns=["exercise", "entry", "text", "must_follow", "must_follow_text", "students",
                                        "share"])
    return frame.sort_values("students", ascending=False, kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------- pick


def pick_options(exercise: PickExercise, answers: Answers) -> pd.DataFrame:
    """Per option: right or wrong, how many ticked it, and the mistake (a wrong pick, or a right one missed)."""
    given = answered(answers)
    rows = []
    for option in exercise.options:
        ticked = sum(1 for value in given.values() if option.id in _ids(value))
        n = len(given)
        mistakes = (n - ticked) if option.correct else ticked
        rows.append({"exercise": exercise.id, "entry": option.id, "text": option.text, "correct": bool(option.correct),
                     "ticked": ticked, "ticked_share": ticked / n if n else 0.0,
                     "mistake": "missed" if option.correct else "wrongly picked", "mistakes": mistakes,
                     "mistake_share": mistakes / n if n else 0.0})
    return pd.DataFrame(rows, columns=["exercise", "entry", "text", "correct", "ticked", "ticked_share", "mistake",
                                       "mistakes", "mistake_share"])


# --------------------------------------------------------------------------- point-biserials of choices


def choice_point_biserials(exercise: AnyExercise, answers: Answers, totals: pd.Series) -> pd.DataFrame:
    """Canvas-style point-biserial of every choice (see :func:`stratkit.instructor.reports.statistics.point_biserial`).

    A choice is: for a sort statement, each category it was filed under (students who left the
    statement unsorted don't count, like Canvas's blanks); for a pick option, ticking it or leaving
    it unticked; for an order step, putting it out of order. Respondents are the students who answered the
    exercise; ``totals`` is each student's assignment score.
    """
    students = list(answers)
    did_answer = pd.Series({s: not is_empty(answers[s]) for s in students}, dtype=bool)
    rows = []
    if isinstance(exercise, SortExercise):
        for item in exercise.items:
            picks = pd.Series({s: (answers[s].get(item.id) if isinstance(answers[s], dict) else None)
                               for s in students}, dtype=object)
            sorted_it = picks.map(lambda p: type(p) is str) & did_answer
            for category in exercise.categories:
                chose = picks == category.id
                n = int(sorted_it.sum())
                rows.append({"exercise": exercise.id, "entry": item.id, "text": item.text, "choice": category.label,
                             "right": category.id == item.answer, "students": int((chose & sorted_it).sum()),
                             "share": float((chose & sorted_it).sum() / n) if n else 0.0,
                             "point_biserial": point_biserial(chose, totals, sorted_it)})
    elif isinstance(exercise, PickExercise):
        n = int(did_answer.sum())
        for option in exercise.options:
            ticked = pd.Series({s: option.id in _ids(answers[s]) for s in students}, dtype=bool)
            for choice, chose, right in (("ticked", ticked, bool(option.correct)),
                                         ("left unticked", ~ticked, not option.correct)):
                rows.append({"exercise": exercise.id, "entry": option.id, "text": option.text, "choice": choice,
                             "right": right, "students": int((chose & did_answer).sum()),
                             "share": float((chose & did_answer).sum() / n) if n else 0.0,
                             "point_biserial": point_biserial(chose, totals, did_answer)})
    elif isinstance(exercise, OrderExercise):
        scores = entry_scores(exercise, answers)
        for step in exercise.steps:
            chose = (scores[step.id] == 0) & did_answer
            n = int(did_answer.sum())
            rows.append({"exercise": exercise.id, "entry": step.id, "text": step.text, "choice": "put out of order",
                         "right": False, "students": int(chose.sum()), "share": float(chose.sum() / n) if n else 0.0,
                         "point_biserial": point_biserial(chose, totals, did_answer)})
    return pd.DataFrame(rows, columns=["exercise", "entry", "text", "choice", "right", "students", "share",
                                       "point_biserial"])
