"""Bounds: over 10,000 random answers per exercise kind and scheme, the grade is a plain float in
[0, points]; the key earns full points; and the score never depends on the order items appear in,
on screen or in the saved answer (answers are keyed by ids; the screen order comes from
``model.display_order``, seeded by the student's name).
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import stratkit
from stratkit.content.keyblob import encode_key
from stratkit.content.loading import load_exercise
from stratkit.scoring.marking import points_earned
from stratkit.content.model import (Category, OrderExercise, Option, PickExercise, SortExercise, SortItem, Step,
                            display_order)
from stratkit.scoring import ORDER_SCHEMES, PICK_SCHEMES, SORT_SCHEMES
from stratkit.answers.store import AnswerStore
from stratkit.student.widgets import widget_for

from tests.conftest import REPO

MANY = settings(max_examples=10_000, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SOME = settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
EXAMPLES = 10_000


# --------------------------------------------------------------------------- exercises: every kind and scheme


def _sort(scheme: str) -> SortExercise:
    cats = ("strategy", "roadmap", "marketing-plan", "gtm-plan")
    items = tuple(SortItem(f"s{i}", f"statement {i}", "why", (), cats[i % 4]) for i in range(1, 9))
    return SortExercise(id=f"sort-{scheme}", title="t", prompt="p", points=4, scheme=scheme,
                        categories=tuple(Category(c, c.title()) for c in cats), items=items)


def _order(scheme: str, prerequisites: bool) -> OrderExercise:
    steps = tuple(Step(f"t{i}", f"step {i}", "why") for i in range(1, 7))
    if prerequisites:  # ps1-order's shape: two free starts, then a chain
        return OrderExercise(id=f"order-{scheme}-p", title="t", prompt="p", points=3, scheme=scheme, steps=steps,
                             prerequisites={"t2": ("t1", "t5", "t6"), "t4": ("t2",), "t6": ("t3",), "t5": ("t6",)})
    return OrderExercise(id=f"order-{scheme}", title="t", prompt="p", points=3, scheme=scheme, steps=steps,
                         order=("t3", "t6", "t5", "t1", "t2", "t4"))


def _pick(scheme: str) -> PickExercise:
    options = tuple(Option(f"o{i}", f"option {i}", "why", (), i in (1, 3, 5, 6)) for i in range(1, 8))
    return PickExercise(id=f"pick-{scheme}", title="t", prompt="p", points=2.5, scheme=scheme, options=options)


CASES = ([(_sort(s), "sort") for s in SORT_SCHEMES]
         + [(_order(s, prerequisites=i % 2 == 1), "order") for i, s in enumerate(ORDER_SCHEMES)]
         + [(_pick(s), "pick") for s in PICK_SCHEMES])
COURSE = [load_exercise(p) for p in sorted((REPO / "solutions").glob("*/keys/*.yaml"))]


def test_every_kind_and_scheme_is_covered():
    assert {(e.kind, e.scheme) for e, _ in CASES} == (
        {("sort", s) for s in SORT_SCHEMES} | {("order", s) for s in ORDER_SCHEMES} | {("pick", s) for s in PICK_SCHEMES})


# --------------------------------------------------------------------------- answers: ids, plus junk

JUNK = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.floats(allow_nan=True, allow_infinity=True),
                 st.text(max_size=3), st.just(""), st.just("s1 "), st.just("S1"), st.lists(st.integers(), max_size=2),
                 st.dictionaries(st.text(max_size=2), st.integers(), max_size=2))


def _key_of(exercise) -> object:
    if isinstance(exercise, SortExercise):
        return exercise.key()
    if isinstance(exercise, PickExercise):
        return list(exercise.correct_ids())
    if exercise.order is not None:
        return list(exercise.order)
    placed: list[str] = []  # a valid order of the prerequisites
    while len(placed) < len(exercise.steps):
        placed.append(next(s.id for s in exercise.steps if s.id not in placed
                            and all(p in placed for p in (exercise.prerequisites or {}).get(s.id, ()))))
    return placed


def answers_for(exercise) -> st.SearchStrategy:
    ids = [e.id for e in exercise.entries()]
    an_id = st.sampled_from(ids)
    entry = st.one_of(an_id, an_id, an_id, JUNK)
    if isinstance(exercise, SortExercise):
        category = st.one_of(st.sampled_from([c.id for c in exercise.categories]), st.none(), JUNK)
        keys = st.one_of(an_id, an_id, an_id, st.text(max_size=3))
        good = st.dictionaries(keys, category, max_size=len(ids) + 2)
    else:
        good = st.one_of(st.permutations(ids), st.lists(entry, max_size=len(ids) + 3),
                         st.lists(an_id, unique=True, max_size=len(ids)))
    # the keys of every variant of the kind (all the synthetic exercises of a kind share their ids)
    return st.one_of(good, good, good, JUNK, st.just(_key_of(exercise)), st.builds(lambda: _key_of(exercise)))


def _reordered(value: object, rnd) -> object:
    """The same answer with its entries in another order (what another screen order would save)."""
    if type(value) is dict:
        items = list(value.items())
        rnd.shuffle(items)
        return dict(items)
    return value


def _pick_reordered(value: object, rnd) -> object:
    if type(value) is list:
        copy = list(value)
        rnd.shuffle(copy)
        return copy
    return value


BY_KIND = {
    "sort": [_sort(s) for s in SORT_SCHEMES],
    "order": [_order(s, prerequisites=p) for s in ORDER_SCHEMES for p in (False, True)],
    "pick": [_pick(s) for s in PICK_SCHEMES],
}


@pytest.mark.parametrize("kind", list(BY_KIND))
def test_10000_random_answers_per_scheme_stay_in_bounds(kind):
    """Each random answer is scored under every scheme of its kind: 10,000 answers per kind and scheme."""
    exercises = BY_KIND[kind]
    seen = [0]

    @MANY
    @given(value=answers_for(exercises[0]), rnd=st.randoms(use_true_random=False))
    def check(value, rnd):
        seen[0] += 1
        other = _reordered(value, rnd) if kind == "sort" else _pick_reordered(value, rnd) if kind == "pick" else None
        for exercise in exercises:
            score = points_earned(exercise, value, exercise.points)
            assert type(score) is float and math.isfinite(score) and 0.0 <= score <= float(exercise.points), (
                exercise.id, value, score)
            if other is not None:  # keyed by ids: the order entries come in cannot matter
                assert points_earned(exercise, other, exercise.points) == score, (exercise.id, value, other)

    check()
    assert seen[0] >= EXAMPLES
    for exercise in exercises:
        assert points_earned(exercise, _key_of(exercise), exercise.points) == float(exercise.points), exercise.id


@pytest.mark.parametrize("exercise", COURSE, ids=[e.id for e in COURSE])
def test_course_keys_earn_full_points_and_junk_stays_in_bounds(exercise):
    assert points_earned(exercise, _key_of(exercise), exercise.points) == float(exercise.points)

    @SOME
    @given(value=answers_for(exercise))
    def check(value):
        score = points_earned(exercise, value, exercise.points)
        assert type(score) is float and 0.0 <= score <= float(exercise.points)

    check()


# --------------------------------------------------------------------------- through stratkit.grade and a file


def _json_safe(value: object) -> bool:
    try:
        json.dumps(value, allow_nan=True)
    except (TypeError, ValueError):
        return False
    return True


@pytest.mark.parametrize("exercise,kind", CASES[::3], ids=[e.id for e, _ in CASES[::3]])
def test_the_test_cell_returns_a_plain_float_in_bounds(tmp_path: Path, exercise, kind, capsys):
    """The whole path: a record saved to the answer file, read back and graded by the test-cell call."""
    key = encode_key(exercise)
    store = AnswerStore(tmp_path)
    seq = [0]

    @SOME
    @given(value=answers_for(exercise), points=st.sampled_from([exercise.points, 1, 0.5, 100]))
    def check(value, points):
        if not _json_safe(value):
            return
        seq[0] += 1
        store.save({"exercise": exercise.id, "kind": kind, "value": value,
                    "saved_at": f"2026-01-01T00:00:{seq[0] % 60:02d}.{seq[0]:06d}Z", "seq": seq[0]})
        score = stratkit.grade(exercise.id, points=points, key=key, folder=tmp_path)
        assert type(score) is float and 0.0 <= score <= float(points)
        assert capsys.readouterr().err == ""

    check()
    store.save({"exercise": exercise.id, "kind": kind, "value": _key_of(exercise),
                "saved_at": "2027-01-01T00:00:00.000000Z", "seq": 1})
    assert stratkit.grade(exercise.id, points=exercise.points, key=key, folder=tmp_path) == float(exercise.points)


# --------------------------------------------------------------------------- the screen order


NAMES = st.text(min_size=1, max_size=12)


@pytest.mark.parametrize("exercise", [_sort("per_item"), _pick("each_answer"), _order("lcs_edit_distance", False),
                                      _order("absolute_position", True)], ids=lambda e: e.id)
def test_the_score_does_not_depend_on_the_screen_order(tmp_path: Path, exercise, monkeypatch):
    """Two students see the entries in different orders; the same choices earn the same score."""
    monkeypatch.setattr(os, "fsync", lambda fd: None)  # every click saves; durability is test_faults' concern
    target = _key_of(exercise)
    wrong_target = None
    if isinstance(exercise, SortExercise):
        wrong_target = dict(target, s1="gtm-plan", s2="roadmap")
    elif isinstance(exercise, PickExercise):
        wrong_target = ["o1", "o2", "o7"]
    else:
        wrong_target = list(reversed(target))
    orders = set()

    @settings(max_examples=40, deadline=None, database=None)
    @given(student=NAMES)
    def check(student):
        for goal in (target, wrong_target):
            widget = widget_for(exercise)(exercise, store=AnswerStore(tmp_path), student=student, practice=False,
                                          saved=None, publish=lambda _: None)
            screen = _drive(widget, goal)
            orders.add(tuple(screen))
            assert widget.record is not None
            assert points_earned(exercise, widget.record["value"]) == points_earned(exercise, goal)
        if isinstance(exercise, OrderExercise) and exercise.order is not None:
            first = display_order([s.id for s in exercise.steps], student=student, exercise_id=exercise.id)
            assert widget_for(exercise)(exercise, store=AnswerStore(tmp_path), student=student, practice=False,
                                        saved=None).value() != list(exercise.order) or first != list(exercise.order)

    check()
    assert len(orders) > 2  # the students really saw different screen orders


def _drive(widget, goal) -> list[str]:
    """Make the widget hold ``goal`` by clicking, as a student would; return the order seen on screen."""
    if widget.exercise.kind == "sort":
        screen = widget.entries_on_screen()
        for item_id, category in goal.items():
            widget.choose(item_id, category)
        assert widget.value() == goal
        return screen
    if widget.exercise.kind == "pick":
        screen = widget.entries_on_screen()
        for option_id in goal:
            widget.tick(option_id)
        assert sorted(widget.value()) == sorted(goal)
        return screen
    screen = list(widget.arrangement)
    for place, step_id in enumerate(goal):  # carry each step up to its place with the Up button
        at = widget.arrangement.index(step_id)
        while at > place:
            widget.move(at, -1)
            at -= 1
    if widget.record is None:
        widget.save()  # already in place: the 'Save this order' button
    assert widget.value() == list(goal)
    return screen
