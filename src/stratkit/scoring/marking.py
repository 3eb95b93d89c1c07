"""Score one exercise against one answer, and explain each entry: the shared core of grading.

Widgets (practice feedback), the nbgrader test cell and the out-of-kernel ``stratkit grade`` all
call this module, so the three can never disagree on a score.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from stratkit.answers.record import is_empty
from stratkit.content.model import AnyExercise, OrderExercise, PickExercise, SortExercise
from stratkit.scoring import score_order, score_pick, score_sort
from stratkit.scoring.order import OrderExplanation, StepVerdict, explain_order

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence


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
    """Points as a plain Python float in [0, points]: what an nbgrader test cell must return.

    Not rounded: nbgrader adds the cells up, and a total must come from the exact parts (5/3 + 5/3 + 2
    is 5.333333, not the 5.333334 of parts rounded first). Round only to show a number.
    """
    top = float(exercise.points if points is None else points)
    if not math.isfinite(top) or top <= 0:
        return 0.0
    earned = fraction(exercise, value) * top
    return float(min(top, max(0.0, earned)))


def least_earning(exercise: AnyExercise, records: Sequence[Mapping[str, Any]]) -> Mapping[str, Any]:
    """Of several answer records equally new (rivals, see :func:`stratkit.answers.record.rivals`), the one that
    earns least: the first on a tie. A copy planted with the same time stamp can never raise a grade."""

    def earned(record: Mapping[str, Any]) -> float:
        if record.get("kind") != exercise.kind or is_empty(record.get("value")):
            return 0.0
        return points_earned(exercise, record.get("value"))

    return min(records, key=earned)
def show_points(value: float) -> str:
    """A score as people read it: at most two decimals, no trailing zeros (5.333333 -> 5.33, 3.0 -> 3)."""
    return f"{round(float(value), 2):g}"


def quote(text: str) -> str:
    """An entry's text inside a sentence: in quotes, without its own full stop ("targets.." never happens)."""
    return "\u201c" + text.strip().rstrip(".!?;: ") + "\u201d"


def sentence(text: str) -> str:
    """``text`` ending in exactly one full stop (or its own ? or !)."""
    text = text.strip()
    while text.endswith(".."):
        text = text[:-1]
    return text if text.endswith((".", "?", "!")) else text + "."


@dataclass(frozen=True)
class EntryFeedback:
    id: str
    text: str
    right: bool | None  # None: not answered; False also for part credit (see ``status``)
    chosen: str | None  # what the student chose, in words
    expected: str | None  # the right answer, in words
    explanation: str
    kind: str = "sort"
    #: sort only: why the category the student chose is wrong, from the key's ``why_not`` (already at the
    #: start of ``explanation``, kept apart here for callers that lay it out themselves)
    why_not: str = ""
    message: str = ""  # the verdict sentence, when the exercise kind words it itself
    status: str = ""  # right, partial, wrong or missing (order exercises say which)

    def verdict(self) -> str:
        """One plain sentence on this entry, in the words of its exercise kind."""
        if self.message:
            return self.message
        if self.kind == "pick":
            ticked = self.chosen == "ticked"
            if self.right:
                return "Right to tick it." if ticked else "Right to leave it unticked."
            return "You ticked it, but it does not belong." if ticked else "You left it unticked, but it belongs."
        if self.right is None:  # the right answer of an entry left unanswered is never shown
            return "Not answered."
        if self.right:
            return "Right."
        return sentence(f"You chose {self.chosen}; the answer is {self.expected}")


def _ids(value: object) -> list[str]:
    return [v for v in value if type(v) is str] if isinstance(value, (list, tuple)) else []


def heading(title: str) -> str:
    """An exercise's title leading a sentence: "Title:" unless it ends in its own punctuation."""
    title = title.strip()
    return title if title.endswith(("?", "!", ".", ":")) else title + ":"


def feedback(exercise: AnyExercise, value: object) -> list[EntryFeedback]:
    """Right or wrong for each entry, with its explanation, in the exercise's own order.

    For an order exercise the verdicts follow the scheme and the valid order the answer was marked
    against (:func:`stratkit.scoring.order.explain_order`), so they agree with the score.
    """
    out: list[EntryFeedback] = []
    if isinstance(exercise, SortExercise):
        chosen_map = value if isinstance(value, dict) else {}
        for item in exercise.items:
            chosen = chosen_map.get(item.id)
            chosen = chosen if type(chosen) is str else None
            why_not = (item.why_not_for(chosen) or "") if chosen is not None and chosen != item.answer else ""
            explanation = " ".join(part for part in (why_not, item.explanation or "") if part)
            out.append(EntryFeedback(
                item.id, item.text, None if chosen is None else chosen == item.answer,
                None if chosen is None else exercise.category_label(chosen),
                exercise.category_label(item.answer), explanation, "sort", why_not=why_not))
    elif isinstance(exercise, OrderExercise):
        out.extend(_order_feedback(exercise, value))
    elif isinstance(exercise, PickExercise):
        picked = set(_ids(value))
        for option in exercise.options:
            ticked = option.id in picked
            out.append(EntryFeedback(
                option.id, option.text, ticked == bool(option.correct),
                "ticked" if ticked else "not ticked", "tick it" if option.correct else "leave it unticked",
                option.explanation or "", "pick"))
    return out


def _order_feedback(exercise: OrderExercise, value: object) -> list[EntryFeedback]:
    steps = [s.id for s in exercise.steps]
    try:
        explained = explain_order(steps, value, exercise.scheme, order=exercise.order,
                                  prerequisites=exercise.prerequisites)
    except ValueError:  # a broken key: the validator reports it; say nothing wrong about the student
        return [EntryFeedback(s.id, s.text, None, None, None, s.explanation or "", "order", status="missing")
                for s in exercise.steps]
    text = {s.id: s.text for s in exercise.steps}
    needs = {k: tuple(v) for k, v in (exercise.prerequisites or {}).items()}
    answer = {step: i for i, step in enumerate(dict.fromkeys(_ids(value))) if step in text}
    nearest = list(explained.nearest)
    out = []
    for step in exercise.steps:
        v = explained.steps[step.id]
        message = _order_message(exercise, v, explained, text, needs, answer, nearest)
        right = None if v.status == "missing" else v.status == "right"
        chosen = None if v.placed is None else f"step {v.placed}"
        out.append(EntryFeedback(step.id, step.text, right, chosen, f"at step {v.nearest}", step.explanation or "",
                                 "order", message=message, status=v.status))
    return out


def _names(ids: list[str] | tuple[str, ...], text: dict[str, str], limit: int = 2) -> str:
    shown = [quote(text[i]) for i in ids[:limit]]
    more = len(ids) - limit
    listed = " and ".join(shown)
    return listed + (f" (and {more} more step{'s' if more > 1 else ''})" if more > 0 else "")


def _order_message(exercise: OrderExercise, v: StepVerdict, explained: OrderExplanation, text: dict[str, str],
                   needs: dict[str, tuple[str, ...]], answer: dict[str, int], nearest: list[str]) -> str:
    fixed = exercise.order is not None
    if v.status == "missing":  # like an unanswered item: no credit, and the answer is not given away
        return "Not placed."
    if v.status == "right":
        return "Right."
    where = f"You put it at step {v.placed}"
    family = explained.family
    if family == "position":
        closest = "" if fixed else " (in the right order closest to yours)"
        if v.status == "partial":
            off = abs((v.placed or 0) - v.nearest)
            places = "one place" if off == 1 else f"{off} places"
            return sentence(f"{where}; it belongs at step {v.nearest}{closest}: {places} off, so it earns part "
                            "of its share")
        return sentence(f"{where}; it belongs at step {v.nearest}{closest}")
    if family in ("sequence", "run"):
        direct_follow = [s for s in v.must_follow if s in needs.get(v.step, ())] or list(v.must_follow)
        direct_precede = [s for s in v.must_precede if v.step in needs.get(s, ())] or list(v.must_precede)
        if fixed:  # with one right order, name the neighbours it should sit between
            direct_follow = [s for s in direct_follow if nearest.index(s) == v.nearest - 2] or direct_follow[-1:]
            direct_precede = [s for s in direct_precede if nearest.index(s) == v.nearest] or direct_precede[:1]
        if direct_follow:
            reason = f"it must come after {_names(direct_follow, text)}, which you put later"
        elif direct_precede:
            reason = f"it must come before {_names(direct_precede, text)}, which you put earlier"
        else:
            reason = f"it belongs at step {v.nearest}"
        if family == "run":
            return sentence(f"{where}, outside your longest block of steps in the right order; {reason}")
        return sentence(f"{where}, out of order: {reason}")
    if family == "neighbours":
        parts = []
        if exercise.scheme == "relative_prev_next" and v.first_expected and v.placed != 1:
            parts.append("it should come first")
        elif exercise.scheme == "relative_prev_next" and not v.first_expected:
            before = nearest[v.nearest - 2]
            given = next((s for s, i in answer.items() if i == (v.placed or 0) - 2), None)
            if given != before:
                parts.append(f"{quote(text[before])} should come right before it")
        if v.next_expected is None:
            if v.next_given is not None:
                parts.append(f"it should come last, but you put {quote(text[v.next_given])} after it")
        elif v.next_given != v.next_expected:
            got = quote(text[v.next_given]) if v.next_given else "nothing"
            parts.append(f"{quote(text[v.next_expected])} should come right after it; you put {got} there")
        if not parts:
            parts.append(f"it belongs at step {v.nearest}")
        return sentence(f"{where}; " + "; ".join(parts))
    # pairs: every other step on its right side earns a share
    mine = answer.get(v.step, -1)
    wrong_side = [s for s in nearest if s != v.step and s in answer
                  and (answer[s] < mine) != (nearest.index(s) < nearest.index(v.step))]
    return sentence(f"{where}; it is on the wrong side of {_names(wrong_side, text)}"
                    + (", so it earns part of its share" if v.status == "partial" else ""))


def describe(exercise: AnyExercise, value: object) -> list[str]:
    """The student's answer in words, one line per entry (for the saved copy, feedback and formgrader)."""
    if isinstance(exercise, SortExercise):
        chosen = value if isinstance(value, dict) else {}
        return [f"{i.text.strip()} \u2192 "
                f"{exercise.category_label(chosen[i.id]) if type(chosen.get(i.id)) is str else '(not sorted)'}"
                for i in exercise.items]
    if isinstance(exercise, OrderExercise):
        placed = [s for s in dict.fromkeys(_ids(value)) if exercise.entry(s)]
        lines = [f"{n}. {exercise.entry(s).text.strip()}" for n, s in enumerate(placed, 1)]  # type: ignore[union-attr]
        unplaced = len(exercise.steps) - len(placed)
        return lines + ([f"({unplaced} step{'s' if unplaced > 1 else ''} not placed)"] if unplaced > 0 else [])
    if isinstance(exercise, PickExercise):
        picked = set(_ids(value))
        return [f"[{'x' if o.id in picked else ' '}] {o.text.strip()}" for o in exercise.options]
    return []  # pragma: no cover


def answered_count(exercise: AnyExercise, value: object) -> int:
    if isinstance(exercise, SortExercise):
        return sum(1 for i in exercise.items if isinstance(value, dict) and type(value.get(i.id)) is str)
    return len(_ids(value))


