"""Property tests: every kind and scheme, arbitrary answers (junk included).

Invariants: the score is a plain float in [0, 1]; the key scores exactly 1.0; the empty answer 0.0;
with prerequisites every valid order scores 1.0; adding extra entries (junk, unknown ids, repeats)
to any answer never raises its score, under every scheme of every kind. Order scores are also checked against an independent
reference written from Moodle's PHP (qtype_ordering/question.php) and the textbook LCS, and partial
orders against a brute-force maximum over every linear extension.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from fractions import Fraction as F

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from stratkit.content.model import find_cycle
from stratkit.scoring import (
    ORDER_SCHEMES,
    PICK_SCHEMES,
    SORT_SCHEMES,
    is_valid_order,
    score_order,
    score_pick,
    score_sort,
)
from stratkit.scoring import order as order_module

IDS = ["a", "b", "c", "d", "e", "f", "g"]
CATEGORIES = ["x", "y", "z"]

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --------------------------------------------------------------------------- junk


class Sneaky(str):
    """Claims to equal everything."""

    def __eq__(self, other: object) -> bool:
        return True

    __hash__ = str.__hash__


class Liar:
    """Hashes like an id and equals everything."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __eq__(self, other: object) -> bool:
        return True

    def __ne__(self, other: object) -> bool:
        return False

    def __hash__(self) -> int:
        return hash(self.text)

    def __repr__(self) -> str:
        return f"Liar({self.text!r})"


class Boom:
    """Raises from everything it can."""

    def __eq__(self, other: object) -> bool:
        raise RuntimeError("eq")

    def __hash__(self) -> int:
        raise RuntimeError("hash")

    def __iter__(self):
        raise RuntimeError("iter")

    def __len__(self) -> int:
        raise RuntimeError("len")

    def __bool__(self) -> bool:
        raise RuntimeError("bool")

    def __repr__(self) -> str:
        return "Boom()"


class FakeList:
    """Pretends to be a list to isinstance()."""

    @property  # type: ignore[misc]
    def __class__(self):
        return list

    def __iter__(self):
        raise RuntimeError("iter")

    def __repr__(self) -> str:
        return "FakeList()"


class EvilList(list):
    def __iter__(self):
        raise RuntimeError("iter")

    def __len__(self) -> int:
        raise RuntimeError("len")

    def __getitem__(self, i):
        raise RuntimeError("getitem")


class EvilDict(dict):
    def items(self):  # type: ignore[override]
        raise RuntimeError("items")

    def __iter__(self):
        raise RuntimeError("iter")

    def __getitem__(self, key):
        raise RuntimeError("getitem")


class EvilSet(set):
    def __iter__(self):
        raise RuntimeError("iter")


def _recursive_list() -> list[object]:
    x: list[object] = []
    x.append(x)
    return x


CONSTANTS = [math.nan, math.inf, -0.0, True, False, None, b"a", 1j, Ellipsis, NotImplemented, type]
# objects hypothesis must not hash or compare (Boom raises from __hash__): built fresh each time
ODDITIES = st.one_of(
    st.builds(Boom), st.builds(FakeList), st.builds(itertools.count), st.builds(_recursive_list),
    st.builds(lambda: (i for i in IDS)), st.builds(object), st.builds(bytearray, st.just(b"a")),
)

ids = st.sampled_from(IDS)
hashable_leaf = st.one_of(
    ids, st.text(max_size=3), st.integers(), st.floats(allow_nan=True), st.booleans(), st.none(),
    st.builds(Sneaky, ids), st.builds(Liar, ids), st.binary(max_size=2),
)
leaf = st.one_of(hashable_leaf, st.sampled_from(CONSTANTS), ODDITIES)


def _containers(children: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    return st.one_of(
        st.lists(children, max_size=8),
        st.lists(children, max_size=5).map(tuple),
        st.dictionaries(st.one_of(ids, hashable_leaf), children, max_size=6),
        st.frozensets(hashable_leaf, max_size=5),
        st.sets(hashable_leaf, max_size=5),
        st.lists(children, max_size=5).map(EvilList),
        st.dictionaries(ids, children, max_size=4).map(EvilDict),
        st.sets(ids, max_size=4).map(EvilSet),
    )


junk = st.recursive(leaf, _containers, max_leaves=16)


def entries_for(pool: Sequence[str]) -> st.SearchStrategy[list[object]]:
    """Lists mostly made of real ids (repeats allowed) with some junk mixed in."""
    return st.lists(st.one_of(st.sampled_from(list(pool)), st.sampled_from(list(pool)), leaf), max_size=len(pool) + 3)


def check_range(value: object) -> None:
    assert type(value) is float
    assert 0.0 <= value <= 1.0


# --------------------------------------------------------------------------- sort


@st.composite
def sort_keys(draw: st.DrawFn) -> dict[str, str]:
    items = draw(st.lists(ids, min_size=1, max_size=6, unique=True))
    return {item: draw(st.sampled_from(CATEGORIES)) for item in items}


def sort_answers(key: dict[str, str]) -> st.SearchStrategy[object]:
    plausible = st.dictionaries(
        st.one_of(st.sampled_from(list(key)), ids, hashable_leaf),
        st.one_of(st.sampled_from(CATEGORIES), st.none(), leaf),
        max_size=8,
    )
    return st.one_of(plausible, junk)


@FAST
@given(st.data())
def test_sort_any_answer_is_a_float_in_range(data: st.DataObject) -> None:
    key = data.draw(sort_keys())
    answer = data.draw(sort_answers(key))
    results = {s: score_sort(key, answer, s) for s in SORT_SCHEMES}
    for value in results.values():
        check_range(value)
    # wrong entries can only lower right_minus_wrong below per_item; all_or_nothing is the floor
    assert results["all_or_nothing"] <= results["right_minus_wrong"] <= results["per_item"]


@FAST
@given(sort_keys(), st.sampled_from(SORT_SCHEMES))
def test_sort_key_scores_one_and_empty_zero(key: dict[str, str], scheme: str) -> None:
    assert score_sort(key, dict(key), scheme) == 1.0
    assert score_sort(key, dict(reversed(list(key.items()))), scheme) == 1.0
    assert score_sort(key, {}, scheme) == 0.0


@FAST
@given(st.data())
def test_sort_per_item_counts_right_items(data: st.DataObject) -> None:
    # an answer built from the key: some items kept, some changed to another category, some dropped
    key = data.draw(sort_keys())
    answer: dict[str, str] = {}
    right = wrong = 0
    for item, cat in key.items():
        fate = data.draw(st.sampled_from(["keep", "change", "drop"]))
        if fate == "keep":
            answer[item], right = cat, right + 1
        elif fate == "change":
            answer[item], wrong = next(c for c in CATEGORIES if c != cat), wrong + 1
    n = len(key)
    assert score_sort(key, answer, "per_item") == pytest.approx(right / n)
    assert score_sort(key, answer, "right_minus_wrong") == pytest.approx(max(0, right - wrong) / n)
    assert score_sort(key, answer, "all_or_nothing") == (1.0 if right == n else 0.0)


# --------------------------------------------------------------------------- pick


@st.composite
def pick_keys(draw: st.DrawFn) -> tuple[list[str], list[str]]:
    options = draw(st.lists(ids, min_size=1, max_size=7, unique=True))
    correct = draw(st.lists(st.sampled_from(options), min_size=1, unique=True))
    return options, correct


@FAST
@given(st.data())
def test_pick_any_answer_is_a_float_in_range(data: st.DataObject) -> None:
    options, correct = data.draw(pick_keys())
    answer = data.draw(st.one_of(entries_for(options), junk))
    results = {s: score_pick(options, correct, answer, s) for s in PICK_SCHEMES}
    for value in results.values():
        check_range(value)
    assert results["canvas_penalty"] == results["net_correct"]  # same rule, see pick.canvas_penalty
    assert all(results["all_or_nothing"] <= v for v in results.values())


@FAST
@given(pick_keys(), st.sampled_from(PICK_SCHEMES), st.randoms(use_true_random=False))
def test_pick_key_scores_one_and_empty_zero(key: tuple[list[str], list[str]], scheme: str, rnd) -> None:
    options, correct = key
    shuffled = list(correct)
    rnd.shuffle(shuffled)
    for answer in (shuffled, tuple(correct), set(correct), frozenset(correct)):
        assert score_pick(options, correct, answer, scheme) == 1.0
    empties: tuple[object, ...] = ([], (), set(), frozenset())
    for empty in empties:
        assert score_pick(options, correct, empty, scheme) == 0.0


@FAST
@given(st.data())
def test_pick_clean_answers_match_the_published_formulas(data: st.DataObject) -> None:
    # answers that are plain subsets of the options, recomputed from the PrairieLearn / Canvas texts
    options, correct = data.draw(pick_keys())
    chosen = set(data.draw(st.lists(st.sampled_from(options), unique=True)))
    right, wrong_options = set(correct), set(options) - set(correct)
    t, f = len(chosen & right), len(chosen & wrong_options)
    c, n = len(right), len(options)
    u = len(wrong_options - chosen)
    expected = {
        "all_or_nothing": 1.0 if chosen == right else 0.0,
        "net_correct": max(0.0, (t - f) / c),
        "coverage": (t / c) * (t / (t + f)) if chosen else 0.0,
        "each_answer": (t + u) / n if chosen else 0.0,
        "canvas_penalty": max(0.0, t / c - f / c),
    }
    for scheme, value in expected.items():
        assert score_pick(options, correct, sorted(chosen), scheme) == pytest.approx(value, abs=1e-12)


# --------------------------------------------------------------------------- order: reference


START, END = object(), object()


def ref_readings(steps: Sequence[str], answer: Sequence[object]) -> list[list[str]] | None:
    """Every reading of the answer: extra entries dropped, one occurrence of each repeated step kept.

    None when there are more than order_module.MAX_READINGS ways (such an answer scores 0).
    """
    places: dict[str, list[int]] = {}
    for j, entry in enumerate(answer):
        if type(entry) is str and entry in steps:
            places.setdefault(entry, []).append(j)
    if math.prod(len(p) for p in places.values()) > order_module.MAX_READINGS:
        return None
    names = list(places)
    return [[name for _, name in sorted(zip(chosen, names))] for chosen in itertools.product(*places.values())]


def moodle_subsets(positions: list[int], contiguous: bool) -> list[list[int]]:
    """qtype_ordering_question::get_ordered_subsets, line by line (PHP foreach iterates a copy)."""
    subsets: list[list[int]] = []
    for p, value in enumerate(positions):
        isnew = True
        new: list[list[int]] = []
        snapshot = [list(s) for s in subsets]
        for s, subset in enumerate(snapshot):
            end = positions[subset[-1]]
            if value == end + 1:
                isnew = False
                subsets[s].append(p)
            elif contiguous:
                pass
            elif value > end:
                isnew = False
                new.append(subset)
                subsets[s].append(p)
        if isnew:
            new.append([p])
        subsets.extend(new)
    return subsets


def lcs_length(x: Sequence[object], y: Sequence[object]) -> int:
    table = [[0] * (len(y) + 1) for _ in range(len(x) + 1)]
    for i, xi in enumerate(x):
        for j, yj in enumerate(y):
            if xi is not None and xi == yj:
                table[i + 1][j + 1] = table[i][j] + 1
            else:
                table[i + 1][j + 1] = max(table[i][j + 1], table[i + 1][j])
    return table[-1][-1]


def ref_order(key: Sequence[str], reading: list[str], entries: int, scheme: str) -> F:
    """The score of one reading against one total order: Moodle's definitions (with Moodle's n) times
    the extras factor n/m, and PrairieLearn's, which counts every extra entry as a deletion."""
    n = len(key)
    if entries == 0:
        return F(0)
    extras = F(n, max(n, entries))
    exact = F(1 if reading == list(key) and entries == n else 0)
    at = {t: j for j, t in enumerate(reading)}
    if scheme == "all_or_nothing":
        return exact
    if scheme == "absolute_position":
        return F(sum(1 for i in range(len(reading)) if reading[i] == key[i]), n) * extras
    if scheme == "relative_to_correct":
        if n == 1:
            return exact
        return F(sum(max(0, (n - 1) - abs(i - at[s])) for i, s in enumerate(key) if s in at), n * (n - 1)) * extras
    if scheme in ("relative_next_exclude_last", "relative_next_include_last"):
        include = scheme.endswith("include_last")

        def nexts(seq: Sequence[str]) -> dict[str, object]:
            out: dict[str, object] = {s: seq[j + 1] for j, s in enumerate(seq[:-1])}
            if include and seq:
                out[seq[-1]] = END
            return out

        cur, cor = nexts(reading), nexts(key)
        count = sum(1 for s, nxt in cor.items() if s in cur and cur[s] == nxt)
        den = n if include else n - 1
        return exact if den == 0 else F(count, den) * extras
    if scheme == "relative_prev_next":
        def around(seq: Sequence[str]) -> dict[str, tuple[object, object]]:
            last = len(seq) - 1
            return {s: (seq[j - 1] if j > 0 else START, seq[j + 1] if j < last else END) for j, s in enumerate(seq)}

        here, there = around(reading), around(key)
        count = sum(int(here[s][0] == there[s][0]) + int(here[s][1] == there[s][1]) for s in there if s in here)
        return F(count, 2 * n) * extras
    if scheme == "relative_all_prev_next":
        if n == 1:
            return exact
        count = 0
        for i, s in enumerate(key):
            if s in at:
                j = at[s]
                count += len(set(reading[:j]) & set(key[:i])) + len(set(reading[j + 1:]) & set(key[i + 1:]))
        return F(count, n * (n - 1)) * extras
    if scheme in ("longest_ordered_subset", "longest_contiguous_subset"):
        positions = [key.index(t) for t in reading]
        subsets = moodle_subsets(positions, scheme == "longest_contiguous_subset")
        best = max((len(s) for s in subsets), default=0)
        floor = 2 if n > 1 else 1  # one-step keys: the single step counts
        return F(best if best >= floor else 0, n) * extras
    if scheme == "lcs_edit_distance":
        common = lcs_length(reading, key)
        d = (entries - common) + (n - common)
        return F(max(0, n - d), n)
    raise AssertionError(scheme)


def ref_score(key_orders: Sequence[Sequence[str]], steps: Sequence[str], answer: object, scheme: str) -> F:
    """The reference score: the reading that earns least, each against its nearest valid order."""
    entries = list(answer) if type(answer) in (list, tuple) else []
    readings = ref_readings(steps, entries)
    if readings is None:
        return F(0)
    return min(max(ref_order(key, reading, len(entries), scheme) for key in key_orders) for reading in readings)


def linear_extensions(steps: Sequence[str], prereq: dict[str, list[str]]) -> list[tuple[str, ...]]:
    out = []
    for perm in itertools.permutations(steps):
        where = {s: i for i, s in enumerate(perm)}
        if all(where[b] < where[s] for s, before in prereq.items() for b in before):
            out.append(perm)
    return out


@st.composite
def dags(draw: st.DrawFn, max_steps: int = 5) -> tuple[list[str], dict[str, list[str]]]:
    """Steps and acyclic prerequisites: edges only go forward in a hidden random order."""
    steps = draw(st.lists(ids, min_size=1, max_size=max_steps, unique=True))
    hidden = draw(st.permutations(steps))
    prereq: dict[str, list[str]] = {}
    for j, later in enumerate(hidden):
        before = [hidden[i] for i in range(j) if draw(st.booleans())]
        if before or draw(st.booleans()):
            prereq[later] = before
    return list(steps), prereq


# --------------------------------------------------------------------------- order: properties


@FAST
@given(st.data())
def test_order_any_answer_is_a_float_in_range(data: st.DataObject) -> None:
    steps, prereq = data.draw(dags(max_steps=6))
    total = data.draw(st.booleans())
    key = {"order": data.draw(st.permutations(steps))} if total else {"prerequisites": prereq}
    answer = data.draw(st.one_of(entries_for(steps), junk))
    for scheme in ORDER_SCHEMES:
        check_range(score_order(steps, answer, scheme, **key))


@FAST
@given(st.lists(ids, min_size=1, max_size=7, unique=True), st.sampled_from(ORDER_SCHEMES))
def test_order_key_scores_one_and_empty_zero(steps: list[str], scheme: str) -> None:
    assert score_order(steps, list(steps), scheme, order=steps) == 1.0
    assert score_order(steps, [], scheme, order=steps) == 0.0
    assert score_order(steps, (), scheme, prerequisites={}) == 0.0


@SLOW
@given(dags(max_steps=5))
def test_every_valid_order_scores_one(dag: tuple[list[str], dict[str, list[str]]]) -> None:
    steps, prereq = dag
    extensions = linear_extensions(steps, prereq)
    assert extensions
    po = order_module._compile(steps, None, prereq)
    for ext in extensions:
        assert is_valid_order(steps, list(ext), prerequisites=prereq)
        for scheme in ORDER_SCHEMES:
            assert score_order(steps, list(ext), scheme, prerequisites=prereq) == 1.0
            # and without score_order's shortcut for valid answers, the search itself finds 1
            [reading] = order_module._readings(po, list(ext)) or []
            num, den = order_module._SCHEMES[scheme](po, reading)
            assert num == den > 0


@FAST
@given(st.data())
def test_total_order_matches_the_reference(data: st.DataObject) -> None:
    steps = data.draw(st.lists(ids, min_size=1, max_size=6, unique=True))
    key = data.draw(st.permutations(steps))
    answer = data.draw(st.one_of(st.permutations(steps).map(list), entries_for(steps)))
    for scheme in ORDER_SCHEMES:
        expected = ref_score([key], steps, answer, scheme)
        assert score_order(steps, answer, scheme, order=key) == pytest.approx(float(expected), abs=1e-12), scheme


@SLOW
@given(st.data())
def test_partial_order_is_the_best_valid_order(data: st.DataObject) -> None:
    steps, prereq = data.draw(dags(max_steps=5))
    answer = data.draw(st.one_of(st.permutations(steps).map(list), entries_for(steps)))
    readings = ref_readings(steps, answer)
    extensions = linear_extensions(steps, prereq)
    # (compare via readings: the raw answer may hold objects whose __eq__ or __hash__ raise)
    complete = readings is not None and len(readings) == 1 and len(answer) == len(readings[0]) == len(steps)
    assert is_valid_order(steps, answer, prerequisites=prereq) == (complete and tuple(readings[0]) in extensions)
    for scheme in ORDER_SCHEMES:
        expected = ref_score(extensions, steps, answer, scheme)
        got = score_order(steps, answer, scheme, prerequisites=prereq)
        assert got == pytest.approx(float(expected), abs=1e-12), scheme


@FAST
@given(st.data())
def test_a_chain_of_prerequisites_is_the_same_as_an_order(data: st.DataObject) -> None:
    steps = data.draw(st.lists(ids, min_size=1, max_size=7, unique=True))
    key = data.draw(st.permutations(steps))
    chain = {key[i]: [key[i - 1]] for i in range(1, len(key))}
    answer = data.draw(entries_for(steps))
    for scheme in ORDER_SCHEMES:
        assert (score_order(steps, answer, scheme, order=key) ==
                score_order(steps, answer, scheme, prerequisites=chain))


@FAST
@given(st.dictionaries(ids, st.lists(ids, max_size=3), max_size=6))
def test_find_cycle_finds_exactly_the_cycles(graph: dict[str, list[str]]) -> None:
    # Kahn's algorithm decides acyclicity independently
    nodes = set(graph) | {b for before in graph.values() for b in before}
    needs = {v: set(graph.get(v, ())) for v in nodes}
    done: set[str] = set()
    progress = True
    while progress:
        progress = False
        for v in nodes - done:
            if needs[v] <= done:
                done.add(v)
                progress = True
    cycle = find_cycle(graph)
    if done == nodes:
        assert cycle is None
    else:
        assert cycle is not None and len(cycle) >= 2 and cycle[0] == cycle[-1]
        assert len(set(cycle[:-1])) == len(cycle) - 1  # a simple cycle
        for here, needed in itertools.pairwise(cycle):
            assert needed in graph.get(here, [])


@FAST
@given(dags(max_steps=6), st.data())
def test_cyclic_prerequisites_always_raise(dag: tuple[list[str], dict[str, list[str]]],
                                           data: st.DataObject) -> None:
    # two steps that need each other make any key unsatisfiable: an author error, never a score
    steps, prereq = dag
    assume(len(steps) >= 2)
    x, y = data.draw(st.permutations(steps))[:2]
    looped = {k: list(v) for k, v in prereq.items()}
    looped.setdefault(x, []).append(y)
    looped.setdefault(y, []).append(x)
    with pytest.raises(ValueError, match="circle"):
        score_order(steps, list(steps), data.draw(st.sampled_from(ORDER_SCHEMES)), prerequisites=looped)


@pytest.mark.parametrize(("num", "den", "expected"), [
    (1, 4, 0.25), (4, 4, 1.0), (0, 4, 0.0), (-1, 4, 0.0), (5, 4, 1.0), (1, 0, 0.0), (0, 0, 0.0), (3, -1, 0.0),
])
def test_ratio_is_a_clamped_plain_float(num: int, den: int, expected: float) -> None:
    # the last line of defence every scorer goes through: whatever a scheme returns, [0, 1] floats
    from stratkit.scoring._common import ratio

    value = ratio(num, den)
    assert type(value) is float and value == expected


# --------------------------------------------------------------------------- extra entries never pay

UNKNOWN_IDS = st.sampled_from(["zz", "h", "A", "a ", ""])


def with_extras(data: st.DataObject, base: list[object], pool: Sequence[str]) -> list[object]:
    """``base`` with extra entries inserted anywhere: junk, unknown ids, repeats of ids already given."""
    given = [e for e in base if type(e) is str and e in pool]
    # junk of every sort, but never an id the base lacks (that would be a real answer, not an extra)
    junk_leaf = leaf.filter(lambda x: not (type(x) is str and x in pool and x not in given))
    extras = [UNKNOWN_IDS, junk_leaf] + ([st.sampled_from(given)] if given else [])
    out = list(base)
    for _ in range(data.draw(st.integers(1, 4))):
        out.insert(data.draw(st.integers(0, len(out))), data.draw(st.one_of(*extras)))
    return out


@FAST
@given(st.data())
def test_sort_extra_entries_never_raise_a_score(data: st.DataObject) -> None:
    key = data.draw(sort_keys())
    base = data.draw(st.dictionaries(st.one_of(st.sampled_from(list(key)), hashable_leaf),
                                     st.one_of(st.sampled_from(CATEGORIES), st.none(), leaf), max_size=8))
    # a dict holds each item once, so the extras are keys that name no item (unknown ids, non-strings)
    extra_keys = st.one_of(UNKNOWN_IDS, st.integers(), st.none(), st.builds(Sneaky, st.sampled_from(list(key))))
    extra = data.draw(st.dictionaries(extra_keys, st.one_of(st.sampled_from(CATEGORIES), leaf), min_size=1, max_size=4))
    more = dict(base)
    for k, v in extra.items():
        if not (type(k) is str and k in key) and k not in base:
            more[k] = v
    for scheme in SORT_SCHEMES:
        assert score_sort(key, more, scheme) <= score_sort(key, base, scheme), (scheme, base, more)


@FAST
@given(st.data())
def test_pick_extra_entries_never_raise_a_score(data: st.DataObject) -> None:
    options, correct = data.draw(pick_keys())
    base = data.draw(entries_for(options))
    more = with_extras(data, base, options)
    for scheme in PICK_SCHEMES:
        for shape in (list, tuple):
            assert score_pick(options, correct, shape(more), scheme) <= score_pick(options, correct, shape(base), scheme), (
                scheme, base, more)


@FAST
@given(st.data())
def test_order_extra_entries_never_raise_a_score(data: st.DataObject) -> None:
    steps, prereq = data.draw(dags(max_steps=6))
    key = {"order": data.draw(st.permutations(steps))} if data.draw(st.booleans()) else {"prerequisites": prereq}
    base = data.draw(st.one_of(st.permutations(steps).map(list), entries_for(steps)))
    more = with_extras(data, base, steps)
    for scheme in ORDER_SCHEMES:
        assert score_order(steps, more, scheme, **key) <= score_order(steps, base, scheme, **key), (scheme, base, more)


@pytest.mark.parametrize("scheme", ORDER_SCHEMES)
def test_appending_junk_to_a_wrong_order_never_pays(scheme: str) -> None:
    # the case found by checking against Moodle's code: key [a, b]. [b, a] is wrong; with the width
    # of relative_to_correct taken from the answer (m - 1 = 2) it earned (1 + 1)/(3 * 2) = 1/3
    assert score_order(["a", "b"], ["b", "a", "zz"], scheme, order=["a", "b"]) <= \
        score_order(["a", "b"], ["b", "a"], scheme, order=["a", "b"])
    # and a junk entry in front of a rotated answer must not shift its steps into place:
    # key [a, b, c], [b, c, a] has no step in place; [zz, b, c, a] would have b and c in place
    assert score_order(["a", "b", "c"], ["zz", "b", "c", "a"], scheme, order=["a", "b", "c"]) <= \
        score_order(["a", "b", "c"], ["b", "c", "a"], scheme, order=["a", "b", "c"])
    # a repeat in front moves a step only if the repeat counted: [a, b, c, a] is read both ways
    assert score_order(["a", "b", "c"], ["a", "b", "c", "a"], scheme, order=["a", "b", "c"]) <= \
        score_order(["a", "b", "c"], ["b", "c", "a"], scheme, order=["a", "b", "c"])
