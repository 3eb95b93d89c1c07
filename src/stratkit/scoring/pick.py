"""Scoring for pick exercises: tick every option that applies.

Notation (used in every docstring here):

- N options, of which c are correct (c >= 1);
- t = correct options chosen, f = wrong choices, s = t + f choices made;
- u = wrong options left unchosen;
- j = junk entries in the answer (an unknown id, a repeat of an id already chosen, or anything that is
  not an exact ``str``). Junk is never a real option, and each junk entry counts as one wrong choice:
  it is included in f (and so in s), and in ``each_answer`` it adds one wrong decision.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from stratkit.scoring._common import key_ids, lookup_scheme, ratio, read_collection

__all__ = ["PICK_SCHEMES", "score_pick"]


@dataclass(frozen=True)
class _Tally:
    """The counts every scheme is written in (see the module docstring)."""

    N: int
    c: int
    t: int
    f: int
    u: int
    j: int
    exact: bool  # chose exactly the correct options, with no junk

    @property
    def s(self) -> int:
        return self.t + self.f


_Scheme = Callable[[_Tally], tuple[int, int]]


def all_or_nothing(k: _Tally) -> tuple[int, int]:
    """1 if the choices are exactly the correct options (and nothing else), else 0."""
    return (1 if k.exact else 0), 1


def net_correct(k: _Tally) -> tuple[int, int]:
    """``max(0, (t - f) / c)``: each wrong choice cancels a correct one.

    Origin: PrairieLearn ``pl-checkbox`` partial-credit method "PC" (Percent Correct): +1 per correct
    option ticked, -1 per incorrect one ticked, divided by the number of correct options, floored at 0.
    """
    return max(0, k.t - k.f), k.c


def coverage(k: _Tally) -> tuple[int, int]:
    """``(t / c) * (t / s)``, 0 when nothing is chosen: coverage of the key times the share of choices that are right.

    Origin: PrairieLearn ``pl-checkbox`` method "COV" (Coverage): base score t/c times guessing factor t/s.
    Ticking everything gets t/s, so guessing is penalised without any negative marks.
    """
    if k.s == 0:
        return 0, 1
    return k.t * k.t, k.c * k.s


def each_answer(k: _Tally) -> tuple[int, int]:
    """``(t + u) / (N + j)``, but 0 when no real option is chosen: every option is a true/false decision.

    Origin: PrairieLearn ``pl-checkbox`` method "EDC" (Every Decision Counts): 1/N per correct option
    ticked and per incorrect option left unticked. Two deliberate deviations:

    - an answer that ticks no real option scores 0, not ``(N - c) / N``: ticking nothing (or only junk)
      must not earn the credit of every wrong option it happened to leave alone;
    - each junk entry adds one wrong decision to the denominator, so junk can never be free.
    """
    if k.t + k.f - k.j == 0:
        return 0, 1
    return k.t + k.u, k.N + k.j


def canvas_penalty(k: _Tally) -> tuple[int, int]:
    """``max(0, t/c - f/c)``: each correct choice earns 1/c, each incorrect choice loses 1/c, floored at 0.

    Origin: Canvas Classic Quizzes, Multiple Answers question (instructure/canvas-lms,
    ``app/models/quizzes/quiz_question/multiple_answers_question.rb``: ``total_answer_parts`` is the
    number of correct answers, and ``user_answer.rb#score`` computes
    ``correct_parts/total_parts*points - incorrect_parts/total_parts*points``, floored at 0; a
    per-question ``incorrect_dock`` can override the deduction, which this scheme does not model).
    The deduction is 1/c per incorrect choice, not 1/(number of incorrect options), so this scheme
    gives the same numbers as ``net_correct``; it is kept under its own name so an exercise can say
    which platform's rule it reproduces.
    """
    return max(0, k.t - k.f), k.c


_SCHEMES: dict[str, _Scheme] = {
    "all_or_nothing": all_or_nothing,
    "net_correct": net_correct,
    "coverage": coverage,
    "each_answer": each_answer,
    "canvas_penalty": canvas_penalty,
}

PICK_SCHEMES: tuple[str, ...] = tuple(_SCHEMES)


def _tally(options: tuple[str, ...], correct: frozenset[str], answer: object) -> _Tally:
    """Sanitise the answer and count t, f, u, j (see the module docstring)."""
    known = frozenset(options)
    chosen: set[str] = set()
    junk = 0
    for entry in read_collection(answer):
        if type(entry) is str and entry in known and entry not in chosen:
            chosen.add(entry)
        else:
            junk += 1
    t = len(chosen & correct)
    wrong_real = len(chosen) - t
    return _Tally(N=len(options), c=len(correct), t=t, f=wrong_real + junk,
                  u=len(options) - len(correct) - wrong_real, j=junk,
                  exact=junk == 0 and chosen == correct)


def score_pick(options: Sequence[str], correct: Collection[str], answer: object, scheme: str) -> float:
    """The fraction of the points a pick answer earns, a plain float in [0, 1]; never raises on ``answer``.

    Raises ``UnknownSchemeError`` for an unknown scheme and ``ValueError`` for malformed options or
    correct ids (no options, no correct option, a correct id that is not an option, repeated ids).
    """
    fn = lookup_scheme("pick", scheme, _SCHEMES)
    opts = key_ids(options, "options")
    right = frozenset(key_ids(correct, "correct options"))
    if not opts:
        raise ValueError("a pick exercise needs at least one option")
    if not right:
        raise ValueError("a pick exercise needs at least one correct option")
    if not right <= frozenset(opts):
        raise ValueError(f"correct options {sorted(right - frozenset(opts))} are not among the options")
    return ratio(*fn(_tally(opts, right, answer)))
