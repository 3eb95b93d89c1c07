"""Scoring for order exercises: put the steps in sequence.

The key is either ``order`` (the one correct sequence) or ``prerequisites`` (step id -> ids that must
come before it: a partial order, so several sequences are correct).

The answer should be a list (or tuple) of step ids, first to last. It is *read* before it is marked:

- an entry that is not an exact ``str`` or names no step is an *extra* entry: it is dropped, and
  counts only against the answer (below);
- a step given more than once is marked at the place that earns least: the answer is read once per
  way of keeping one occurrence of each repeated step, and the lowest score counts (beyond
  ``MAX_READINGS`` ways the answer scores 0);
- the steps kept, in answer order, are the *reading*; a step's position is its place in the reading.

Notation in the docstrings: n steps; the key k_0 .. k_{n-1}; a reading r_0 .. r_{l-1} (l <= n steps);
L entries in the answer as given (extra entries and repeats included); m = max(n, L). Each Moodle
scheme is Moodle's own formula applied to the reading, with Moodle's n in every denominator, times the
*extras factor* n / m. For a complete answer of n distinct steps (the only answer Moodle can receive)
the factor is 1 and the numbers are exactly Moodle's; missing steps earn nothing; extra entries scale
the score down. PrairieLearn's ``lcs_edit_distance`` counts extra entries itself (each is a deletion).
So no answer ever scores more than the same answer without its extra entries, and only the key itself
scores 1.0 (both checked for every scheme in tests/scoring/test_properties.py).

Moodle's formulas are those of ``qtype_ordering_question::grade_response`` in ``question.php`` of
moodleou/moodle-qtype_ordering (read at commit e2c25da, 2023; the plugin is now part of Moodle itself
as question/type/ordering).

With prerequisites, an answer scores the maximum, over every valid sequence (every linear extension of
the partial order), of the scheme's score against that sequence: it is marked against the nearest
valid order. Instead of enumerating sequences (12 free steps have 479 001 600 of them) the maximum is
computed exactly: by dynamic programming over order ideals (the sets of steps that can fill the first
i places), and for the two subsequence schemes by Dilworth's theorem (a bipartite matching). A total
``order`` is the special case of a chain, with one ideal per length. The cost is bounded by two caps,
checked when the key is read (author errors, so the validator reports them): at most
``MAX_ORDER_STEPS`` steps, and at most ``MAX_ORDER_IDEALS`` order ideals (4096 = 12 steps with no
prerequisites at all; every prerequisite cuts the count down).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from stratkit.content.model import find_cycle
from stratkit.scoring._common import key_ids, key_str, lookup_scheme, ratio, read_sequence

__all__ = [
    "MAX_ORDER_IDEALS",
    "MAX_ORDER_STEPS",
    "MAX_READINGS",
    "ORDER_SCHEMES",
    "OrderExplanation",
    "StepVerdict",
    "explain_order",
    "is_valid_order",
    "score_order",
    "validate_order_key",
]

MAX_ORDER_STEPS = 64
MAX_ORDER_IDEALS = 4096
#: Most ways to read an answer with repeated steps (one kept occurrence per repeated step): beyond
#: this the answer scores 0. Widgets never repeat a step; only a hand-edited answer does.
MAX_READINGS = 64


@dataclass(frozen=True)
class _Poset:
    """The compiled key. Steps are numbered by their place in ``steps``; sets of steps are bitmasks."""

    steps: tuple[str, ...]
    index: Mapping[str, int]
    preds: tuple[int, ...]  # direct prerequisites of each step
    closure: tuple[int, ...]  # every step that must come before each step (transitive)
    avail: Mapping[int, tuple[int, ...]]  # order ideal -> steps that may come next

    @property
    def n(self) -> int:
        return len(self.steps)

    @property
    def full(self) -> int:
        return (1 << len(self.steps)) - 1


@dataclass(frozen=True)
class _Answer:
    """One reading of the answer (see the module docstring)."""

    L: int  # steps in the reading
    m: int  # max(n, entries in the answer as given): the extras factor is n / m
    entries: int  # entries in the answer as given, extra entries and repeats included
    apos: tuple[int, ...]  # position of each step in the reading, -1 if absent
    seq: tuple[int, ...]  # the steps of the reading, in answer order
    valid: bool  # a complete answer, nothing extra, respecting the key


_Scheme = Callable[[_Poset, _Answer], tuple[int, int]]
_Step = Callable[[int, int, int, int, int], tuple[int, int]]  # (ideal, i, state, x, value) -> (state, value)


# --------------------------------------------------------------------------- the search over valid orders


def _best_path(po: _Poset, step: _Step, init: int = -1) -> tuple[dict[int, int], int]:
    """Best value of a left-to-right walk over every valid order at once.

    ``step(ideal, i, state, x, value)`` places step x at position i after the steps in ``ideal`` and
    returns the new (state, value); the state is an int (the last step placed, or -1 when unused).
    Valid orders share prefixes, so only the best value per (ideal, state) is kept; this is exact as
    long as ``step`` never lets a lower value overtake a higher one from the same state (true of every
    scheme here: sums of gains, and run lengths). Returns the best value per final state, and the
    best value seen anywhere on the way.
    """
    layer: dict[int, dict[int, int]] = {0: {init: 0}}
    top = 0
    for i in range(po.n):
        nxt: dict[int, dict[int, int]] = {}
        for ideal, states in layer.items():
            for x in po.avail[ideal]:
                grown = ideal | (1 << x)
                target = nxt.get(grown)
                if target is None:
                    target = nxt[grown] = {}
                for state, value in states.items():
                    state2, value2 = step(ideal, i, state, x, value)
                    if value2 > target.get(state2, -1):
                        target[state2] = value2
                    top = max(top, value2)
        layer = nxt
    return layer[po.full], top


def _matching(adj: list[list[int]], k: int) -> int:
    """Size of a maximum matching from left nodes 0..k-1 to right nodes 0..k-1 (Kuhn's algorithm)."""
    owner = [-1] * k

    def augment(u: int, seen: list[bool]) -> bool:
        for v in adj[u]:
            if not seen[v]:
                seen[v] = True
                if owner[v] < 0 or augment(owner[v], seen):
                    owner[v] = u
                    return True
        return False

    return sum(1 for u in range(k) if augment(u, [False] * k))


def _consistent_length(po: _Poset, seq: tuple[int, ...]) -> int:
    """Length of the longest subsequence of ``seq`` that some valid order keeps in the same order.

    For a total order this is the longest common subsequence of answer and key. In general, two answer
    entries conflict when the later one must come before the earlier one; a set without conflicts can
    be extended to a valid order (a cycle through it would need a conflicting pair), and conflicts are
    transitive, so the answer is the largest antichain of the conflict order: by Dilworth's theorem,
    len(seq) minus a maximum matching of the conflict pairs.
    """
    k = len(seq)
    adj = [[j for j in range(i + 1, k) if (po.closure[seq[i]] >> seq[j]) & 1] for i in range(k)]
    return k - _matching(adj, k)


def _follows(apos: tuple[int, ...], before: int, x: int) -> bool:
    """Whether step x comes immediately after step ``before`` in the answer."""
    return before >= 0 and apos[before] >= 0 and apos[x] == apos[before] + 1


# --------------------------------------------------------------------------- the schemes


def all_or_nothing(po: _Poset, a: _Answer) -> tuple[int, int]:
    """1 if the answer is the key (with prerequisites: any valid order, complete, no gaps), else 0.

    Origin: Moodle qtype_ordering, grading type "All or nothing".
    """
    return (1 if a.valid else 0), 1


def absolute_position(po: _Poset, a: _Answer) -> tuple[int, int]:
    """``#{i : r_i = k_i} / n``: one point per step in its exact place.

    Origin: Moodle qtype_ordering "Absolute position" (GRADING_ABSOLUTE_POSITION).
    """
    apos = a.apos

    def step(ideal: int, i: int, state: int, x: int, value: int) -> tuple[int, int]:
        return -1, value + (apos[x] == i)

    final, _ = _best_path(po, step)
    return max(final.values()), po.n


def relative_to_correct(po: _Poset, a: _Answer) -> tuple[int, int]:
    """``sum over steps x in the reading of max(0, (n-1) - |pos_key(x) - pos_reading(x)|) / (n (n-1))``.

    Each step earns n-1 in place and one less per place it is off. Origin: Moodle qtype_ordering
    "Relative to correct position" (GRADING_RELATIVE_TO_CORRECT: ``$count = count($correctresponse) - 1``
    per step, out of ``$count`` per key step). The width n-1 is the key's, so extra entries can never
    widen it (with m-1 in its place, key [a, b] gave [b, a] 0 but [b, a, "zz"] 1/3). With n = 1 it is
    all_or_nothing.
    """
    w = po.n - 1
    if w == 0:
        return all_or_nothing(po, a)
    apos = a.apos

    def step(ideal: int, i: int, state: int, x: int, value: int) -> tuple[int, int]:
        p = apos[x]
        return -1, value + (max(0, w - abs(i - p)) if p >= 0 else 0)

    final, _ = _best_path(po, step)
    return max(final.values()), po.n * w


def _next_pairs(po: _Poset, a: _Answer, *, include_last: bool) -> int:
    """Best count of key pairs (k_i, k_{i+1}) adjacent in the answer, plus (last, end) if asked."""
    apos = a.apos

    def step(ideal: int, i: int, last: int, x: int, value: int) -> tuple[int, int]:
        return x, value + _follows(apos, last, x)

    final, _ = _best_path(po, step)
    if include_last:
        return max(v + (0 <= apos[last] == a.L - 1) for last, v in final.items())
    return max(final.values())


def relative_next_exclude_last(po: _Poset, a: _Answer) -> tuple[int, int]:
    """``#{i < n-1 : k_{i+1} comes right after k_i in the reading} / (n - 1)``.

    Origin: Moodle qtype_ordering "Relative to the next item (excluding last)"
    (GRADING_RELATIVE_NEXT_EXCLUDE_LAST). With n = 1 it is all_or_nothing.
    """
    if po.n == 1:
        return all_or_nothing(po, a)
    return _next_pairs(po, a, include_last=False), po.n - 1


def relative_next_include_last(po: _Poset, a: _Answer) -> tuple[int, int]:
    """``(#{i < n-1 : k_{i+1} comes right after k_i in the reading} + [r_{l-1} = k_{n-1}]) / n``.

    The last step must be followed by nothing. Origin: Moodle qtype_ordering "Relative to the next
    item (including last)" (GRADING_RELATIVE_NEXT_INCLUDE_LAST).
    """
    return _next_pairs(po, a, include_last=True), po.n


def relative_prev_next(po: _Poset, a: _Answer) -> tuple[int, int]:
    """``(2 #{i < n-1 : k_{i+1} right after k_i in the reading} + [r_0 = k_0] + [r_{l-1} = k_{n-1}]) / (2n)``.

    Each step earns 1 for the right previous step (nothing, for the first) and 1 for the right next
    step (nothing, for the last); an adjacent pair right in the answer gives both of its members one.
    Origin: Moodle qtype_ordering "Relative to both the previous and next items"
    (GRADING_RELATIVE_ONE_PREVIOUS_AND_NEXT).
    """
    apos = a.apos
    end = a.L - 1

    def step(ideal: int, i: int, last: int, x: int, value: int) -> tuple[int, int]:
        gain = (apos[x] == 0) if i == 0 else 2 * _follows(apos, last, x)
        return x, value + gain

    final, _ = _best_path(po, step)
    return max(v + (0 <= apos[last] == end) for last, v in final.items()), 2 * po.n


def relative_all_prev_next(po: _Poset, a: _Answer) -> tuple[int, int]:
    """``2 #{pairs of steps in the reading, in the same relative order as in the key} / (n (n-1))``.

    Each step earns 1 per step correctly before it and 1 per step correctly after it, so each pair in
    the right order counts twice. Origin: Moodle qtype_ordering "Relative to ALL the previous and next
    items" (GRADING_RELATIVE_ALL_PREVIOUS_AND_NEXT). With n = 1 it is all_or_nothing.
    """
    if po.n == 1:
        return all_or_nothing(po, a)
    before = [0] * po.n  # steps earlier in the answer
    seen = 0
    for x in a.seq:
        before[x] = seen
        seen |= 1 << x

    def step(ideal: int, i: int, state: int, x: int, value: int) -> tuple[int, int]:
        return -1, value + 2 * (ideal & before[x]).bit_count()

    final, _ = _best_path(po, step)
    return max(final.values()), po.n * (po.n - 1)


def longest_ordered_subset(po: _Poset, a: _Answer) -> tuple[int, int]:
    """``s / n`` where s is the longest subsequence of the reading in key order; s = 0 if s < 2.

    The subsequence need not be contiguous. Origin: Moodle qtype_ordering "Longest ordered subset"
    (GRADING_LONGEST_ORDERED_SUBSET, out of ``count($this->currentresponse)``, which is n in Moodle):
    a subset must have at least two items (a one-step key, where the whole key is one step long, is
    the exception: s = 1 is kept so the key scores 1).
    """
    best = _consistent_length(po, a.seq)
    return (best if best >= min(2, po.n) else 0), po.n


def longest_contiguous_subset(po: _Poset, a: _Answer) -> tuple[int, int]:
    """``s / n``: s is the longest run k_j, k_{j+1}, ..., k_{j+s-1} found in the reading in that order; 0 if s < 2.

    The run is contiguous in the key; in the reading its steps need only keep their order. That is how
    Moodle's ``get_ordered_subsets($positions, contiguous: true)`` works: it extends a subset when a
    step's key position is one more than the subset's last, wherever the step sits in the answer.
    Origin: Moodle qtype_ordering "Longest contiguous subset" (GRADING_LONGEST_CONTIGUOUS_SUBSET),
    with the same at-least-two rule (and one-step exception) as longest_ordered_subset.
    """
    apos = a.apos

    def step(ideal: int, i: int, last: int, x: int, run: int) -> tuple[int, int]:
        p = apos[x]
        if p < 0:
            return x, 0
        if run > 0 and p > apos[last]:  # run > 0: ``last`` is in the answer
            return x, run + 1
        return x, 1

    _, best = _best_path(po, step)
    return (best if best >= min(2, po.n) else 0), po.n


def lcs_edit_distance(po: _Poset, a: _Answer) -> tuple[int, int]:
    """``max(0, (n - d) / n)`` with d = (L - s) + (n - s), s = the longest common subsequence of reading and key.

    d counts the deletions (extra entries, repeats and misplaced steps) and insertions (missing steps)
    that turn the answer into the key, no substitutions. Origin: PrairieLearn ``pl-order-blocks``,
    ``partial-credit="lcs"``: ``dag_checker.lcs_partial_credit`` returns deletions + insertions to the
    nearest correct solution, and the score is ``max(0, (true_answer_length - edit_distance) /
    true_answer_length)``. Extra entries cost a deletion each here, so the extras factor is not
    applied on top.
    """
    best = _consistent_length(po, a.seq)
    d = (a.entries - best) + (po.n - best)
    return max(0, po.n - d), po.n


_SCHEMES: dict[str, _Scheme] = {
    "all_or_nothing": all_or_nothing,
    "absolute_position": absolute_position,
    "relative_to_correct": relative_to_correct,
    "relative_next_exclude_last": relative_next_exclude_last,
    "relative_next_include_last": relative_next_include_last,
    "relative_prev_next": relative_prev_next,
    "relative_all_prev_next": relative_all_prev_next,
    "longest_ordered_subset": longest_ordered_subset,
    "longest_contiguous_subset": longest_contiguous_subset,
    "lcs_edit_distance": lcs_edit_distance,
}

ORDER_SCHEMES: tuple[str, ...] = tuple(_SCHEMES)

#: Schemes that count extra entries in their own formula; the others get the extras factor n / m.
_COUNTS_EXTRAS = frozenset({"lcs_edit_distance"})


# --------------------------------------------------------------------------- reading the key


@lru_cache(maxsize=128)
def _compile_cached(steps: tuple[str, ...], needs: tuple[tuple[str, tuple[str, ...]], ...]) -> _Poset:
    """Bitmasks, transitive closure and the order ideals of a checked key (cached: keys repeat)."""
    n = len(steps)
    index = {s: i for i, s in enumerate(steps)}
    preds = [0] * n
    for step, before in needs:
        for b in before:
            preds[index[step]] |= 1 << index[b]

    avail: dict[int, tuple[int, ...]] = {}
    frontier, queued = [0], {0}
    while frontier:
        following: list[int] = []
        for ideal in frontier:
            nexts = tuple(x for x in range(n) if not (ideal >> x) & 1 and not preds[x] & ~ideal)
            avail[ideal] = nexts
            for x in nexts:
                grown = ideal | (1 << x)
                if grown not in queued:
                    queued.add(grown)
                    following.append(grown)
        if len(queued) > MAX_ORDER_IDEALS:
            raise ValueError(
                f"the prerequisites leave too many possible orders to mark exactly (over "
                f"{MAX_ORDER_IDEALS} sets of steps can start a valid order): add prerequisites "
                f"or split the exercise")
        frontier = following

    closure = [0] * n
    ideal = 0
    while ideal != (1 << n) - 1:  # walk one valid order: every step after all its prerequisites
        x = avail[ideal][0]
        mask = preds[x]
        for p in range(n):
            if (preds[x] >> p) & 1:
                mask |= closure[p]
        closure[x] = mask
        ideal |= 1 << x
    return _Poset(steps, index, tuple(preds), tuple(closure), avail)


def _compile(steps: Sequence[str], order: Sequence[str] | None,
             prerequisites: Mapping[str, Sequence[str]] | None) -> _Poset:
    """Check the author's key and compile it; every problem is a ``ValueError`` naming it."""
    ids = key_ids(steps, "steps")
    if not ids:
        raise ValueError("an order exercise needs at least one step")
    if len(ids) > MAX_ORDER_STEPS:
        raise ValueError(f"an order exercise can have at most {MAX_ORDER_STEPS} steps, not {len(ids)}")
    if (order is None) == (prerequisites is None):
        raise ValueError("give exactly one of 'order' (one correct sequence) or 'prerequisites'")
    known = set(ids)
    needs: list[tuple[str, tuple[str, ...]]] = []
    if order is not None:
        seq = key_ids(order, "order")
        if len(seq) != len(ids) or set(seq) != known:
            raise ValueError("'order' must list every step exactly once")
        needs = [(seq[i], (seq[i - 1],)) for i in range(1, len(seq))]
    else:
        if not isinstance(prerequisites, Mapping):
            raise ValueError("'prerequisites' must map step ids to lists of step ids")
        for step, before in prerequisites.items():
            sid = key_str(step, "a prerequisites key")
            if sid not in known:
                raise ValueError(f"prerequisites name unknown step {sid!r}")
            bids = () if before is None else key_ids(before, f"the prerequisites of {sid!r}", unique=False)
            for b in bids:
                if b not in known:
                    raise ValueError(f"step {sid!r} needs unknown step {b!r}")
            needs.append((sid, bids))
        cycle = find_cycle(dict(needs))
        if cycle:
            raise ValueError("the prerequisites go round in a circle: " + " -> ".join(cycle))
    return _compile_cached(ids, tuple(needs))


def _readings(po: _Poset, answer: object) -> list[_Answer] | None:
    """Every reading of the answer (see the module docstring); None beyond ``MAX_READINGS``."""
    entries = read_sequence(answer)
    places: dict[int, list[int]] = {}  # step -> the answer positions that name it
    for j, entry in enumerate(entries):
        if type(entry) is str:
            x = po.index.get(entry)
            if x is not None:
                places.setdefault(x, []).append(j)
    ways = 1
    for found in places.values():
        ways *= len(found)
        if ways > MAX_READINGS:
            return None
    m = max(po.n, len(entries))
    steps = list(places)
    readings = []
    for chosen in itertools.product(*(places[x] for x in steps)):
        seq = tuple(x for _, x in sorted(zip(chosen, steps, strict=False)))
        apos = [-1] * po.n
        for rank, x in enumerate(seq):
            apos[x] = rank
        valid = len(entries) == po.n == len(seq)
        placed = 0
        for x in seq if valid else ():
            if po.preds[x] & ~placed:
                valid = False
                break
            placed |= 1 << x
        readings.append(_Answer(L=len(seq), m=m, entries=len(entries), apos=tuple(apos), seq=seq, valid=valid))
    return readings


# --------------------------------------------------------------------------- public API


def validate_order_key(steps: Sequence[str], *, order: Sequence[str] | None = None,
                       prerequisites: Mapping[str, Sequence[str]] | None = None) -> None:
    """Raise ``ValueError`` if the key cannot be scored (bad ids, a cycle, over the caps); else None."""
    _compile(steps, order, prerequisites)


def is_valid_order(steps: Sequence[str], answer: object, *, order: Sequence[str] | None = None,
                   prerequisites: Mapping[str, Sequence[str]] | None = None) -> bool:
    """Whether the answer is a correct sequence: every step once, nothing else, prerequisites first."""
    readings = _readings(_compile(steps, order, prerequisites), answer)
    return readings is not None and len(readings) == 1 and readings[0].valid


def score_order(steps: Sequence[str], answer: object, scheme: str, *, order: Sequence[str] | None = None,
                prerequisites: Mapping[str, Sequence[str]] | None = None) -> float:
    """The fraction of the points an order answer earns, a plain float in [0, 1]; never raises on ``answer``.

    Raises ``UnknownSchemeError`` for an unknown scheme and ``ValueError`` for a malformed key.
    """
    fn = lookup_scheme("order", scheme, _SCHEMES)
    po = _compile(steps, order, prerequisites)
    readings = _readings(po, answer)
    if not readings or readings[0].entries == 0:  # nothing given, or repeats beyond MAX_READINGS
        return 0.0
    if len(readings) == 1 and readings[0].valid:  # a correct sequence is its own nearest valid order
        return 1.0
    return min(_marked(fn, po, a, scheme in _COUNTS_EXTRAS) for a in readings)


def _marked(fn: _Scheme, po: _Poset, a: _Answer, counts_extras: bool) -> float:
    num, den = fn(po, a)
    return ratio(num, den) if counts_extras else ratio(num * po.n, den * a.m)


# --------------------------------------------------------------------------- per-step verdicts


@dataclass(frozen=True)
class StepVerdict:
    """How one step fared under the scheme, judged against the nearest valid order.

    ``status``: ``right`` (earned its whole share), ``partial`` (part of it), ``wrong`` (none) or
    ``missing`` (not placed). Positions are 1-based. ``must_follow`` names placed steps that have to
    come before this one but were put after it; ``must_precede`` the reverse (the broken "A before B"
    rules that involve this step and a step kept in order). ``next_expected`` / ``next_given`` are the
    step that comes next in the nearest valid order and in the answer (``None``: nothing, the end).
    """

    step: str
    status: str
    placed: int | None
    nearest: int
    must_follow: tuple[str, ...] = ()
    must_precede: tuple[str, ...] = ()
    next_expected: str | None = None
    next_given: str | None = None
    first_expected: bool = False  # adjacency schemes: this step should open the sequence


@dataclass(frozen=True)
class OrderExplanation:
    """The valid order an answer was marked against (the one that gives it its score), and each step's verdict."""

    nearest: tuple[str, ...]
    steps: Mapping[str, StepVerdict]
    family: str  # "position", "sequence", "neighbours", "pairs", "run": what the scheme gives credit for


_Move = Callable[[int, int, object, int, int], list[tuple[object, int]]]


def _argmax_path(po: _Poset, move: _Move, init: object) -> tuple[int, tuple[int, ...]]:
    """The best value over every valid order and one order that reaches it.

    Like :func:`_best_path`, but ``move(ideal, i, state, x, value)`` may offer several (state, value)
    outcomes for placing step x at position i, and a parent pointer is kept per (ideal, state) so
    the winning order can be read back. Ties keep the first outcome found (steps in key listing
    order), so the result is deterministic.
    """
    Key = tuple[int, object]
    layer: dict[Key, int] = {(0, init): 0}
    parents: list[dict[Key, tuple[Key, int]]] = []
    for i in range(po.n):
        nxt: dict[Key, int] = {}
        back: dict[Key, tuple[Key, int]] = {}
        for (ideal, state), value in layer.items():
            for x in po.avail[ideal]:
                grown = ideal | (1 << x)
                for state2, value2 in move(ideal, i, state, x, value):
                    key = (grown, state2)
                    if value2 > nxt.get(key, -1):
                        nxt[key] = value2
                        back[key] = ((ideal, state), x)
        parents.append(back)
        layer = nxt
    best_key = max(layer, key=lambda k: layer[k])
    path: list[int] = []
    key = best_key
    for back in reversed(parents):
        key, x = back[key]
        path.append(x)
    return layer[best_key], tuple(reversed(path))


_FAMILY = {
    "all_or_nothing": "sequence",
    "longest_ordered_subset": "sequence",
    "lcs_edit_distance": "sequence",
    "absolute_position": "position",
    "relative_to_correct": "position",
    "relative_next_exclude_last": "neighbours",
    "relative_next_include_last": "neighbours",
    "relative_prev_next": "neighbours",
    "relative_all_prev_next": "pairs",
    "longest_contiguous_subset": "run",
}


def explain_order(steps: Sequence[str], answer: object, scheme: str, *, order: Sequence[str] | None = None,
                  prerequisites: Mapping[str, Sequence[str]] | None = None) -> OrderExplanation:
    """Each step's verdict under ``scheme``, against the valid order that gives the answer its score.

    With several valid orders the score is the best over all of them (see the module docstring);
    the verdicts are read against one order that attains it, so a step is never called wrong for
    breaking an order the student was not marked against. What "right" means follows what the scheme
    gives credit for: its exact place (absolute_position; relative_to_correct also gives part credit
    near its place), keeping its order with the longest run of steps in a consistent order
    (lcs_edit_distance, longest_ordered_subset, and all_or_nothing, where it shows what to move),
    the right neighbours (relative_next_*, relative_prev_next), every pair on the right side
    (relative_all_prev_next) or membership of the longest block (longest_contiguous_subset).
    Never raises on ``answer``; raises like :func:`score_order` on a bad key or scheme.
    """
    fn = lookup_scheme("order", scheme, _SCHEMES)
    po = _compile(steps, order, prerequisites)
    family = _FAMILY[scheme]
    readings = _readings(po, answer) or [_Answer(L=0, m=po.n, entries=0, apos=(-1,) * po.n, seq=(), valid=False)]
    # the reading the score counts (the least earning, when a repeated step gives several)
    a = min(readings, key=lambda r: _marked(fn, po, r, scheme in _COUNTS_EXTRAS))
    apos = a.apos
    if a.valid:
        path = tuple(sorted(range(po.n), key=lambda x: apos[x]))
        right = {po.steps[x]: StepVerdict(po.steps[x], "right", apos[x] + 1, apos[x] + 1) for x in range(po.n)}
        return OrderExplanation(tuple(po.steps[x] for x in path), right, family)

    status: dict[int, str] = {}
    if family == "position":
        w = po.n - 1  # the key's width, as relative_to_correct scores it

        def move(ideal: int, i: int, state: object, x: int, value: int) -> list[tuple[object, int]]:
            p = apos[x]
            if p < 0:
                return [(None, value)]
            gain = (p == i) if scheme == "absolute_position" else max(0, w - abs(i - p))
            return [(None, value + gain)]

        _, path = _argmax_path(po, move, None)
        place = {x: i for i, x in enumerate(path)}
        for x in range(po.n):
            if apos[x] < 0:
                continue
            off = abs(apos[x] - place[x])
            status[x] = "right" if off == 0 else (
                "partial" if scheme == "relative_to_correct" and w - off > 0 else "wrong")
    elif family in ("sequence", "run"):
        if family == "sequence":
            def move(ideal: int, i: int, state: object, x: int, value: int) -> list[tuple[object, int]]:
                last = state if isinstance(state, int) else -1
                out: list[tuple[object, int]] = [(last, value)]
                if apos[x] > last:
                    out.insert(0, (apos[x], value + 1))
                return out

            _, path = _argmax_path(po, move, -1)
            kept = _longest_kept(path, apos)  # the steps the best order and the answer share, in order
        else:
            def move(ideal: int, i: int, state: object, x: int, value: int) -> list[tuple[object, int]]:
                last, run = state if isinstance(state, tuple) else (-1, 0)
                p = apos[x]
                if p < 0:
                    new_run = 0
                elif run > 0 and p > apos[last]:
                    new_run = run + 1
                else:
                    new_run = 1
                return [((x, new_run), max(value, new_run))]

            _, path = _argmax_path(po, move, (-1, 0))
            kept = _best_run(path, apos)
        for x in range(po.n):
            if apos[x] >= 0:
                status[x] = "right" if x in kept else "wrong"
    elif family == "neighbours":
        def move(ideal: int, i: int, state: object, x: int, value: int) -> list[tuple[object, int]]:
            last = state if isinstance(state, int) else -1
            if scheme == "relative_prev_next":
                gain = (apos[x] == 0) if i == 0 else 2 * _follows(apos, last, x)
            else:
                gain = _follows(apos, last, x)
            return [(x, value + gain)]

        if scheme == "relative_next_exclude_last":
            _, path = _argmax_path(po, move, -1)
        else:  # the credit for the last step depends on the end of the answer: add it before choosing
            _, path = _argmax_end(po, move, apos, a.L, scheme)
        for idx, x in enumerate(path):
            if apos[x] < 0:
                continue
            nxt = path[idx + 1] if idx + 1 < len(path) else None
            next_ok = (apos[x] == a.L - 1) if nxt is None else _follows(apos, x, nxt)
            if scheme == "relative_prev_next":
                prev = path[idx - 1] if idx > 0 else None
                prev_ok = (apos[x] == 0) if prev is None else _follows(apos, prev, x)
                status[x] = "right" if prev_ok and next_ok else "partial" if prev_ok or next_ok else "wrong"
            elif nxt is None and scheme == "relative_next_exclude_last":
                prev = path[idx - 1] if idx > 0 else None  # the last step earns nothing itself: judge its place
                status[x] = "right" if prev is None or _follows(apos, prev, x) else "wrong"
            else:
                status[x] = "right" if next_ok else "wrong"
    else:  # pairs
        before = [0] * po.n
        seen = 0
        for x in a.seq:
            before[x] = seen
            seen |= 1 << x

        def move(ideal: int, i: int, state: object, x: int, value: int) -> list[tuple[object, int]]:
            return [(None, value + 2 * (ideal & before[x]).bit_count())]

        _, path = _argmax_path(po, move, None)
        place = {x: i for i, x in enumerate(path)}
        for x in range(po.n):
            if apos[x] < 0:
                continue
            others = [y for y in range(po.n) if y != x and apos[y] >= 0]
            good = sum(1 for y in others if (apos[y] < apos[x]) == (place[y] < place[x]))
            status[x] = "right" if good == len(others) else "partial" if good else "wrong"

    place = {x: i for i, x in enumerate(path)}
    answer_order = {p: x for x, p in enumerate(apos) if p >= 0}
    kept_steps = {x for x, s in status.items() if s == "right"}
    verdicts: dict[str, StepVerdict] = {}
    for x in range(po.n):
        sid = po.steps[x]
        if apos[x] < 0:
            verdicts[sid] = StepVerdict(sid, "missing", None, place[x] + 1)
            continue
        follow = tuple(po.steps[y] for y in sorted(kept_steps, key=lambda y: apos[y])
                       if y != x and (po.closure[x] >> y) & 1 and apos[y] > apos[x])
        precede = tuple(po.steps[y] for y in sorted(kept_steps, key=lambda y: apos[y])
                        if y != x and (po.closure[y] >> x) & 1 and apos[y] < apos[x])
        idx = place[x]
        expected_next = po.steps[path[idx + 1]] if idx + 1 < po.n else None
        given = answer_order.get(apos[x] + 1)
        verdicts[sid] = StepVerdict(sid, status[x], apos[x] + 1, idx + 1, follow, precede, expected_next,
                                    po.steps[given] if given is not None else None, idx == 0)
    return OrderExplanation(tuple(po.steps[x] for x in path), verdicts, family)


def _longest_kept(path: tuple[int, ...], apos: tuple[int, ...]) -> set[int]:
    """The steps of a longest subsequence of ``path`` whose answer positions increase (absent steps never count)."""
    present = [x for x in path if apos[x] >= 0]
    best: list[int] = []  # best[i]: length of the longest increasing run ending at present[i]
    prev: list[int] = []
    for i, x in enumerate(present):
        best.append(1)
        prev.append(-1)
        for j in range(i):
            if apos[present[j]] < apos[x] and best[j] + 1 > best[i]:
                best[i], prev[i] = best[j] + 1, j
    if not present:
        return set()
    i = max(range(len(present)), key=lambda k: (best[k], -k))
    kept = set()
    while i >= 0:
        kept.add(present[i])
        i = prev[i]
    return kept


def _best_run(path: tuple[int, ...], apos: tuple[int, ...]) -> set[int]:
    """The steps of the longest block of ``path`` (consecutive in it) whose answer positions increase."""
    best: tuple[int, int] = (0, 0)  # (length, end index)
    run = 0
    for i, x in enumerate(path):
        if apos[x] < 0:
            run = 0
        elif run > 0 and apos[x] > apos[path[i - 1]]:
            run += 1
        else:
            run = 1
        if run > best[0]:
            best = (run, i)
    length, end = best
    return set(path[end - length + 1:end + 1]) if length else set()


def _argmax_end(po: _Poset, move: _Move, apos: tuple[int, ...], L: int, scheme: str) -> tuple[int, tuple[int, ...]]:
    """:func:`_argmax_path` for the neighbour schemes that also credit the last step for ending the answer."""
    def move_end(ideal: int, i: int, state: object, x: int, value: int) -> list[tuple[object, int]]:
        out = move(ideal, i, state, x, value)
        if i == po.n - 1:  # the last place: add the credit for ending the answer
            return [(s, v + (apos[x] == L - 1)) for s, v in out]
        return out

    return _argmax_path(po, move_end, -1)
