"""Per-step verdicts of order exercises agree with the score, for every scheme, with or without prerequisites.

The verdicts are read against the valid order that gives the answer its score (``explain_order``).
Invariants checked on arbitrary answers: a step is ``missing`` exactly when it is not placed; every
step is ``right``, and nothing else is in the answer, exactly when the answer scores 1.0; for the schemes whose score counts steps
(absolute_position, lcs_edit_distance, longest_ordered_subset, relative_next_include_last) the count
of ``right`` steps gives the score back; and a step called out of order names a rule the answer really
breaks (the bug of issue 12: a step placed after its prerequisite was told it "belongs after" it).
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stratkit.content.loading import load_exercise
from stratkit.scoring.marking import feedback
from stratkit.scoring import ORDER_SCHEMES, score_order
from stratkit.scoring.order import explain_order

from tests.conftest import REPO

STEPS = ["a", "b", "c", "d", "e", "f"]
KEYS = [
    {"order": STEPS},
    {"prerequisites": {"c": ["a"], "d": ["b", "c"], "f": ["d"]}},  # a, b free at the start, e free anywhere
    {"prerequisites": {"b": ["a"], "c": ["b"], "e": ["d"]}},  # two chains
]
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
answers = st.lists(st.sampled_from(STEPS + ["zz"]), max_size=8)


def closure(key: dict) -> dict[str, set[str]]:
    """Every step that must come before each step."""
    if "order" in key:
        return {s: set(key["order"][:i]) for i, s in enumerate(key["order"])}
    needs = {s: set(key["prerequisites"].get(s, ())) for s in STEPS}
    changed = True
    while changed:
        changed = False
        for s in STEPS:
            grown = set().union(needs[s], *(needs[p] for p in needs[s]))
            if grown != needs[s]:
                needs[s], changed = grown, True
    return needs


@pytest.mark.parametrize("key", KEYS, ids=["order", "diamond", "chains"])
@pytest.mark.parametrize("scheme", ORDER_SCHEMES)
@SETTINGS
@given(answer=answers)
def test_verdicts_agree_with_the_score(key, scheme, answer):
    score = score_order(STEPS, answer, scheme, **key)
    explained = explain_order(STEPS, answer, scheme, **key)
    placed = set(answer) & set(STEPS)
    assert sorted(explained.nearest) == STEPS  # a valid order of every step
    assert {s for s, v in explained.steps.items() if v.status == "missing"} == set(STEPS) - placed
    right = [s for s, v in explained.steps.items() if v.status == "right"]
    # Full marks: every step right and nothing else in the answer (an extra or repeated entry costs a share,
    # which the feedback reports as an answer that does not fit the exercise).
    assert (len(right) == len(STEPS) and len(answer) == len(STEPS)) == (score == 1.0)
    m = max(len(STEPS), len(answer))
    # The counting schemes: the right steps are the score's numerator.
    if scheme == "absolute_position":
        assert score == pytest.approx(len(right) / m)
    if scheme == "lcs_edit_distance":  # l kept steps: d = (L - l) + (n - l), score (n - d)/n
        d = (len(answer) - len(right)) + (len(STEPS) - len(right))
        assert score == pytest.approx(max(0, len(STEPS) - d) / len(STEPS))
    if scheme == "longest_ordered_subset" and len(right) >= 2:
        assert score == pytest.approx(len(right) / m)
    if scheme == "relative_next_include_last":
        assert score == pytest.approx(len(right) / m)
    # A step out of order names a rule that the answer really breaks (a step given twice is marked at the
    # place that earns least, so the rule is broken by one of its places).
    needs = closure(key)
    places = {s: [i for i, x in enumerate(answer) if x == s] for s in placed}
    for step, v in explained.steps.items():
        for before in v.must_follow:
            assert before in needs[step] and max(places[before]) > min(places[step])
        for after in v.must_precede:
            assert step in needs[after] and min(places[after]) < max(places[step])


def test_a_step_after_its_prerequisite_is_never_told_to_come_after_it():
    """Issue 12: ps1-order with prerequisites. 'Pick the segment' (t6) needs the strategy review (t3); the
    student put t3, t6 in the right order, but put going live (t2) before the sales agreement (t5)."""
    exercise = load_exercise(REPO / "solutions" / "ps1-planning-documents" / "keys" / "ps1-order.yaml")
    answer = ["t3", "t6", "t2", "t5", "t1", "t4"]
    by_id = {fb.id: fb for fb in feedback(exercise, answer)}
    assert by_id["t6"].verdict() == "Right." and by_id["t3"].verdict() == "Right."
    # lcs_edit_distance: the longest run kept in a valid order is t3 t6 t5 t1 t4 (or ... t2 t4): 5 of 6, so
    # d = 1 + 1 = 2 and the score is (6 - 2)/6 = 2/3; exactly one step is out of order, and it says why.
    wrong = [fb for fb in by_id.values() if fb.status != "right"]
    assert len(wrong) == 1 and score_order([s.id for s in exercise.steps], answer, exercise.scheme,
                                           prerequisites=exercise.prerequisites) == pytest.approx(2 / 3)
    # t2 (going live) needs t1, t5 and t6 first; the student put t5 (step 4) and t1 (step 5) after it
    text = {step.id: step.text.rstrip(".") for step in exercise.steps}  # the key's wording, quoted
    assert wrong[0].id == "t2" and wrong[0].verdict() == (
        f"You put it at step 3, out of order: it must come after \u201c{text['t5']}\u201d and "
        f"\u201c{text['t1']}\u201d, which you put later.")


def test_verdicts_have_clean_punctuation_for_every_scheme():
    """Step texts end with a full stop; quoted inside a verdict they must not leave '..' or '.”.' behind."""
    exercise = load_exercise(REPO / "solutions" / "ps1-planning-documents" / "keys" / "ps1-order.yaml")
    import dataclasses

    for scheme, answer in itertools.product(ORDER_SCHEMES, (["t4", "t3", "t6", "t5", "t1", "t2"], ["t2", "t1"])):
        for fb in feedback(dataclasses.replace(exercise, scheme=scheme), answer):
            text = fb.verdict()
            assert ".." not in text and ".\u201d" not in text and text.endswith("."), (scheme, text)
