"""Score one exercise against one answer, and explain each entry: the shared core of grading.

Widgets (practice feedback), the nbgrader test cell and the out-of-kernel ``stratkit grade`` all
call this module, so the three can never disagree on a score.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


from .model import AnyExercise, OrderExercise, PickExercise, SortExercise
from .scoring import score_order, score_pick, score_sort


#: How each scheme gives credit, in a student's words (the formulas are in stratkit.scoring).
SCHEME_WORDS = {
    "per_item": "each statement earns its share",
    "right_minus_wrong": "right answers minus wrong ones, never below zero",
    "all_or_nothing": "full points only when everything is right",
    "absolute_position": "each step in its right place earns its share",
    "relative_to_correct": "each step earns more the closer it is to its place",
    "relative_next_exclude_last": "each step followed by the right next step earns its share",
    "relative_next_include_last": "each step followed by the right next step earns its share",
    "relative_prev_next": "each step with the right neighbours earns its share",
    "relative_all_prev_next": "each pair of steps in the right order earns its share",
    "longest_ordered_subset": "the longest run of steps in the right order counts",
    "longest_contiguous_subset": "the longest block of steps in the right order counts",
    "lcs_edit_distance": "full points less a share for each step out of place",
    "net_correct": "right ticks minus wrong ticks, never below zero",
    "coverage": "right ticks, scaled down by wrong ones",
    "each_answer": "each option ticked or left unticked correctly earns its share",
    "canvas_penalty": "right ticks minus wrong ticks, never below zero",
}


def scheme_in_words(scheme: str) -> str:
    return SCHEME_WORDS.get(scheme, scheme.replace("_", " "))


def fraction(exercise: AnyExercise, value: object) -> float:
    """The share of the points earned, a plain float in [0, 1]; junk answers score as wrong."""
    if isinstance(exercise, SortExercise):
        result = score_sort(exercise.key(), value, exercise.scheme)
    elif isinstance(exercise, OrderExercise):
        result = score_order([s.id for s in exercise.steps], value, exercise.scheme,
                             order=exercise.order, prerequisites=exercise.prerequisites)
    elif isinstance(exercise, PickExercise):
        result = score_pick([o.id for o in exercise.options], exercise.correct_ids(), value, exercise.scheme)
    else:  # pragma: no cover - the model has three kinds
        raise TypeError(f"not an exercise: {exercise!r}")
    result = float(result)
    return 0.0 if math.isnan(result) else min(1.0, max(0.0, result))


def points_earned(exercise: AnyExercise, value: object, points: float | None = None) -> float:
    """Points as a plain Python float in [0, points]: what an nbgrader test cell must return."""
    top = float(exercise.points if points is None else points)
    if not math.isfinite(top) or top <= 0:
        return 0.0
    earned = round(fraction(exercise, value) * top, 6)
    return float(min(top, max(0.0, earned)))


@dataclass(frozen=True)
class EntryFeedback:
    id: str
    text: str
    right: bool | None  # None: not answered
    chosen: str | None  # what the student chose, in words
    expected: str | None  # the right answer, in words
    explanation: str
    kind: str = "sort"

    def verdict(self) -> str:
        """One plain sentence on this entry, in the words of its exercise kind."""
        if self.kind == "pick":
            ticked = self.chosen == "ticked"
            if self.right:
                return "Right to tick it." if ticked else "Right to leave it unticked."
            return "You ticked it, but it does not belong." if ticked else "You left it unticked, but it belongs."
        if self.right is None:
            return f"Not answered. The answer: {self.expected}."
        if self.right:
            return "Right."
        if self.kind == "order":
            return f"You put it at {self.chosen}; it belongs {self.expected}."
        return f"You chose {self.chosen}; the answer is {self.expected}."


def _ids(value: object) -> list[str]:
    return [v for v in value if type(v) is str] if isinstance(value, (list, tuple)) else []


def feedback(exercise: AnyExercise, value: object) -> list[EntryFeedback]:
    """Right or wrong for each entry, with its explanation, in the exercise's own order."""
    out: list[EntryFeedback] = []
    if isinstance(exercise, SortExercise):
        chosen_map = value if isinstance(value, dict) else {}
        for item in exercise.items:
            chosen = chosen_map.get(item.id)
            chosen = chosen if type(chosen) is str else None
            out.append(EntryFeedback(
                item.id, item.text, None if chosen is None else chosen == item.answer,
                None if chosen is None else exercise.category_label(chosen),
                exercise.category_label(item.answer), item.explanation or "", "sort"))
    elif isinstance(exercise, OrderExercise):
        answer = list(dict.fromkeys(_ids(value)))
        position = {step_id: i for i, step_id in enumerate(answer)}
        for index, step in enumerate(exercise.steps):
            if step.id not in position:
                right = None
            elif exercise.order is not None:
                right = exercise.order.index(step.id) == position[step.id] if step.id in exercise.order else False
            else:
                prereq = exercise.prerequisites or {}
                before_ok = all(position.get(p, math.inf) < position[step.id] for p in prereq.get(step.id, ()))
                after_ok = all(position.get(s, -1) > position[step.id] for s, needs in prereq.items()
                               if step.id in needs)
                right = before_ok and after_ok
            expected = _expected_place(exercise, step.id)
            out.append(EntryFeedback(step.id, step.text, right,
                                     None if step.id not in position else f"step {position[step.id] + 1}",
                                     expected, step.explanation or "", "order"))
    elif isinstance(exercise, PickExercise):
        picked = set(_ids(value))
        for option in exercise.options:
            ticked = option.id in picked
            out.append(EntryFeedback(
                option.id, option.text, ticked == bool(option.correct),
                "ticked" if ticked else "not ticked", "tick it" if option.correct else "leave it unticked",
                option.explanation or "", "pick"))
    return out


def _expected_place(exercise: OrderExercise, step_id: str) -> str:
    if exercise.order is not None:
        return f"at step {exercise.order.index(step_id) + 1}" if step_id in exercise.order else "nowhere in the order"
    needs = (exercise.prerequisites or {}).get(step_id, ())
    if not needs:
        return "before the steps that depend on it"
    names = [f"'{e.text.rstrip('. ')}'" for e in (exercise.entry(n) for n in needs) if e is not None]
    return "after " + (" and ".join(names) if len(names) < 3 else ", ".join(names[:-1]) + " and " + names[-1])


def describe(exercise: AnyExercise, value: object) -> list[str]:
    """The student's answer in words, one line per entry (for the saved copy and feedback)."""
    if isinstance(exercise, SortExercise):
        chosen = value if isinstance(value, dict) else {}
        return [f"{i.text} -> {exercise.category_label(chosen[i.id]) if type(chosen.get(i.id)) is str else '(not sorted)'}"
                for i in exercise.items]
    if isinstance(exercise, OrderExercise):
        return [f"{n}. {exercise.entry(s).text}" for n, s in enumerate(_ids(value), 1) if exercise.entry(s)]
    if isinstance(exercise, PickExercise):
        picked = set(_ids(value))
        return [f"[{'x' if o.id in picked else ' '}] {o.text}" for o in exercise.options]
    return []  # pragma: no cover


def answered_count(exercise: AnyExercise, value: object) -> int:
    if isinstance(exercise, SortExercise):
        return sum(1 for i in exercise.items if isinstance(value, dict) and type(value.get(i.id)) is str)
    return len(_ids(value))


