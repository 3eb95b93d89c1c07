"""Hand-worked cases for order scoring. Every expected value comes from the working in its comment.

Notation as in stratkit.scoring.order: n steps; the reading (the answer's steps, extra entries dropped,
one occurrence of a repeated step kept, every way, the lowest score counting); L answer entries as
given; m = max(n, L). Moodle's schemes: Moodle's formula on the reading times the extras factor n/m.
"""

from __future__ import annotations

import math
from fractions import Fraction as F

import pytest

from stratkit.scoring import (
    ORDER_SCHEMES,
    UnknownSchemeError,
    is_valid_order,
    score_order,
    validate_order_key,
)
from stratkit.scoring.order import MAX_ORDER_IDEALS, MAX_READINGS

KEY = ["a", "b", "c", "d"]  # n = 4


class Sneaky(str):
    def __eq__(self, other: object) -> bool:
        return True

    __hash__ = str.__hash__


def scores(answer: object, steps: list[str] = KEY, **key: object) -> dict[str, float]:
    if not key:
        key = {"order": steps}
    return {s: score_order(steps, answer, s, **key) for s in ORDER_SCHEMES}  # type: ignore[arg-type]


def approx(expected: dict[str, F | float | int]) -> dict[str, object]:
    assert set(expected) == set(ORDER_SCHEMES)
    return {k: pytest.approx(float(v), abs=1e-12) for k, v in expected.items()}


def test_scheme_names() -> None:
    assert ORDER_SCHEMES == (
        "all_or_nothing", "absolute_position", "relative_to_correct", "relative_next_exclude_last",
        "relative_next_include_last", "relative_prev_next", "relative_all_prev_next",
        "longest_ordered_subset", "longest_contiguous_subset", "lcs_edit_distance",
    )


def test_key_scores_one_and_empty_zero() -> None:
    assert scores(list(KEY)) == dict.fromkeys(ORDER_SCHEMES, 1.0)
    assert scores(tuple(KEY)) == dict.fromkeys(ORDER_SCHEMES, 1.0)
    assert scores([]) == dict.fromkeys(ORDER_SCHEMES, 0.0)


def test_first_two_swapped() -> None:
    # key a b c d, answer b a c d (n = L = m = 4)
    assert scores(["b", "a", "c", "d"]) == approx({
        "all_or_nothing": 0,
        # c and d in place -> 2/4
        "absolute_position": F(2, 4),
        # each step earns (m-1) - distance = 3 - d: a off by 1 -> 2, b -> 2, c -> 3, d -> 3; 10/(4*3)
        "relative_to_correct": F(10, 12),
        # key pairs ab, bc, cd; the answer has ba, ac, cd -> only cd: 1/(m-1)
        "relative_next_exclude_last": F(1, 3),
        # cd, plus d is last (followed by nothing) -> 2/4
        "relative_next_include_last": F(2, 4),
        # 2 * (cd) + first (b is not a: 0) + last (d: 1) = 3; /(2*4)
        "relative_prev_next": F(3, 8),
        # pairs in key order: ac ad bc bd cd (ab is reversed) = 5; 2*5/(4*3)
        "relative_all_prev_next": F(10, 12),
        # a c d (or b c d) in key order: 3/4
        "longest_ordered_subset": F(3, 4),
        # run b, c, d (key-consecutive, answer positions 0 < 2 < 3): 3/4
        "longest_contiguous_subset": F(3, 4),
        # LCS 3: d = (4-3) deletions + (4-3) insertions = 2; (4-2)/4
        "lcs_edit_distance": F(2, 4),
    })


def test_reversed() -> None:
    # key a b c d, answer d c b a
    assert scores(["d", "c", "b", "a"]) == approx({
        "all_or_nothing": 0,
        "absolute_position": 0,  # nothing in place
        # a off by 3 -> max(0, 3-3) = 0; b off by 1 -> 2; c off by 1 -> 2; d off by 3 -> 0; 4/12
        "relative_to_correct": F(4, 12),
        "relative_next_exclude_last": 0,  # answer pairs dc, cb, ba: none is a key pair
        "relative_next_include_last": 0,  # ... and a, not d, is last
        "relative_prev_next": 0,  # no pair, first is d not a, last is a not d
        "relative_all_prev_next": 0,  # every pair reversed
        "longest_ordered_subset": 0,  # longest is 1 step, and a subset needs at least 2
        "longest_contiguous_subset": 0,  # same
        # LCS 1: d = 3 + 3 = 6 > n -> max(0, 4-6) = 0
        "lcs_edit_distance": 0,
    })


def test_incomplete_answer() -> None:
    # key a b c d, answer a b (L = 2, m = 4)
    assert scores(["a", "b"]) == approx({
        "all_or_nothing": 0,
        "absolute_position": F(2, 4),  # a, b in place; c, d missing earn nothing
        "relative_to_correct": F(3 + 3, 12),  # a, b each 3 - 0 = 3
        "relative_next_exclude_last": F(1, 3),  # ab
        "relative_next_include_last": F(1, 4),  # ab; d is not last (it is missing)
        "relative_prev_next": F(2 * 1 + 1 + 0, 8),  # ab twice, a is first, b is not d
        "relative_all_prev_next": F(2 * 1, 12),  # the pair ab
        "longest_ordered_subset": F(2, 4),  # a b
        "longest_contiguous_subset": F(2, 4),  # a b
        "lcs_edit_distance": F(2, 4),  # LCS 2; d = (2-2) + (4-2) = 2; (4-2)/4
    })


def test_a_repeat_of_the_first_step() -> None:
    # key a b c d, answer a a b c d: both readings (either a kept) are a b c d, the key: Moodle's
    # formulas give 1, times the extras factor n/m = 4/5. L = 5.
    assert scores(["a", "a", "b", "c", "d"]) == approx({
        "all_or_nothing": 0,  # not exactly the key
        "absolute_position": F(4, 5),
        "relative_to_correct": F(4, 5),
        "relative_next_exclude_last": F(4, 5),
        "relative_next_include_last": F(4, 5),
        "relative_prev_next": F(4, 5),
        "relative_all_prev_next": F(4, 5),
        "longest_ordered_subset": F(4, 5),
        "longest_contiguous_subset": F(4, 5),
        "lcs_edit_distance": F(3, 4),  # LCS 4; d = (5-4) + (4-4) = 1; (4-1)/4
    })


def test_a_repeated_step_counts_where_it_earns_least() -> None:
    # key a b c d, answer b a c d a (L = 5, m = 5, extras factor 4/5). Two readings:
    # R1 = b a c d (first a kept), R2 = b c d a (last a kept); the lower score of the two counts.
    assert scores(["b", "a", "c", "d", "a"]) == approx({
        "all_or_nothing": 0,
        # R1: c, d in place (2/4); R2: nothing in place (0)
        "absolute_position": 0,
        # width n-1 = 3. R1: a off 1 -> 2, b off 1 -> 2, c 3, d 3 = 10; R2: a off 3 -> 0, b, c, d off 1 -> 2
        # each = 6. min 6/12, times 4/5
        "relative_to_correct": F(6, 12) * F(4, 5),
        # R1: only c-d (1/3); R2: b-c, c-d (2/3). min 1/3, times 4/5
        "relative_next_exclude_last": F(1, 3) * F(4, 5),
        # R1: c-d, and d last (2/4); R2: b-c, c-d, a last (2/4). 2/4 times 4/5
        "relative_next_include_last": F(2, 4) * F(4, 5),
        # R1: c-d twice, b not first, d last: 3/8; R2: b-c, c-d twice each, a last: 4/8. 3/8 times 4/5
        "relative_prev_next": F(3, 8) * F(4, 5),
        # R1: all pairs but b-a in order, 5 -> 10/12; R2: b-c, b-d, c-d, 3 -> 6/12. 6/12 times 4/5
        "relative_all_prev_next": F(6, 12) * F(4, 5),
        # both: b c d (3/4), times 4/5
        "longest_ordered_subset": F(3, 4) * F(4, 5),
        "longest_contiguous_subset": F(3, 4) * F(4, 5),
        # both: LCS 3, d = (5-3) + (4-3) = 3, (4-3)/4
        "lcs_edit_distance": F(1, 4),
    })


def test_unknown_extra_entry_at_the_end() -> None:
    # key a b c d, answer a b c d zz: the reading is the key; L = 5, m = 5: every Moodle scheme 1 * 4/5
    assert scores(["a", "b", "c", "d", "zz"]) == approx({
        "all_or_nothing": 0,
        "absolute_position": F(4, 5),
        "relative_to_correct": F(4, 5),
        "relative_next_exclude_last": F(4, 5),
        "relative_next_include_last": F(4, 5),
        "relative_prev_next": F(4, 5),
        "relative_all_prev_next": F(4, 5),
        "longest_ordered_subset": F(4, 5),
        "longest_contiguous_subset": F(4, 5),
        "lcs_edit_distance": F(3, 4),  # d = 1 deletion
    })


def test_a_wrong_order_with_junk_appended_earns_nothing_more() -> None:
    # key a b: b a scores 0 under relative_to_correct (each step off by 1 = n-1). Appending "zz"
    # (L = 3) must not widen the width to m-1 = 2 (which gave (1 + 1)/(3 * 2) = 1/3): 0 * 2/3 = 0
    assert score_order(["a", "b"], ["b", "a"], "relative_to_correct", order=["a", "b"]) == 0.0
    assert score_order(["a", "b"], ["b", "a", "zz"], "relative_to_correct", order=["a", "b"]) == 0.0
    # key a b c, b c a: nothing in place (absolute 0). A junk entry in front must not shift b and c
    # into place: the reading is still b c a, and 0 * 3/4 = 0
    assert score_order(["a", "b", "c"], ["zz", "b", "c", "a"], "absolute_position", order=["a", "b", "c"]) == 0.0


def test_str_subclass_entry_is_an_extra_entry() -> None:
    # Sneaky("a") claims to equal everything but is not an exact str: dropped. Reading b c d, L = 4,
    # m = 4 (factor 1). absolute: b, c, d at places 0, 1, 2, none where the key has them -> 0.
    # lcs: LCS b c d = 3, d = (4-3) + (4-3) = 2 -> 2/4
    answer = [Sneaky("a"), "b", "c", "d"]
    assert score_order(KEY, answer, "absolute_position", order=KEY) == 0.0
    assert score_order(KEY, answer, "lcs_edit_distance", order=KEY) == 0.5
    assert score_order(KEY, answer, "all_or_nothing", order=KEY) == 0.0


def test_too_many_repeats_score_zero() -> None:
    # 7 steps each given twice: 2**7 = 128 readings > MAX_READINGS (64): 0 under every scheme
    steps = list("abcdefg")
    assert 2 ** 7 > MAX_READINGS
    assert scores(steps + steps, steps) == dict.fromkeys(ORDER_SCHEMES, 0.0)
    # 6 steps twice is 2**6 = 64 readings: marked. Each reading is the steps kept from the first copy
    # (in key order) followed by the rest from the second (in key order); the worst is d e f a b c,
    # whose longest ordered subset is 3 (d e f, or a b c): 3/6, times the extras factor 6/12
    six = steps[:6]
    assert score_order(six, six + six, "longest_ordered_subset", order=six) == pytest.approx(3 / 6 * 6 / 12)


@pytest.mark.parametrize("garbage", [
    None, True, 4, math.nan, "abcd", b"abcd", {"a": 0, "b": 1, "c": 2, "d": 3}, {"a", "b", "c", "d"},
    frozenset(KEY), iter(KEY), (x for x in KEY), object(), [None, 1, ["a"], {"b": "c"}, 2.5],
])
def test_garbage_scores_zero(garbage: object) -> None:
    # nothing readable as steps (a str must not be read as its characters; sets have no order;
    # iterators could be endless): 0 under every scheme, never an exception
    result = scores(garbage)
    assert result == dict.fromkeys(ORDER_SCHEMES, 0.0)
    assert all(type(v) is float for v in result.values())


def test_moodle_own_test_cases() -> None:
    # moodle/moodle question/type/ordering/tests/question_test.php, key M O Or D L E (n = 6)
    key = ["M", "O", "Or", "D", "L", "E"]

    def s(answer: list[str], scheme: str) -> float:
        return score_order(key, answer, scheme, order=key)

    # absolute: E O Or D L M -> O Or D L in place: 4/6; Or O D L E M -> only O: 1/6
    assert s(["E", "O", "Or", "D", "L", "M"], "absolute_position") == pytest.approx(4 / 6)
    assert s(["Or", "O", "D", "L", "E", "M"], "absolute_position") == pytest.approx(1 / 6)
    # next (excluding last): E O Or D L M has O-Or, Or-D, D-L: 3/5; Or O D L E M has D-L, L-E: 2/5
    assert s(["E", "O", "Or", "D", "L", "M"], "relative_next_exclude_last") == pytest.approx(0.6)
    assert s(["Or", "O", "D", "L", "E", "M"], "relative_next_exclude_last") == pytest.approx(0.4)
    # next (including last): the same 3 pairs, E is not last: 3/6
    assert s(["E", "O", "Or", "D", "L", "M"], "relative_next_include_last") == pytest.approx(0.5)
    # previous and next: Or O D L E M: pairs D-L, L-E count twice = 4; first Or != M; last M != E: 4/12
    assert s(["Or", "O", "D", "L", "E", "M"], "relative_prev_next") == pytest.approx(1 / 3)
    # all previous and next: Or O D L E M as key positions 2 1 3 4 5 0: 15 pairs, reversed ones are
    # (2,1) and the five with 0 -> 9 in order: 18/30 = 0.6
    assert s(["Or", "O", "D", "L", "E", "M"], "relative_all_prev_next") == pytest.approx(0.6)
    # O Or D L E M = positions 1 2 3 4 5 0: only the 5 pairs with M reversed: 2*10/30
    assert s(["O", "Or", "D", "L", "E", "M"], "relative_all_prev_next") == pytest.approx(20 / 30)
    # longest ordered / contiguous subset: O Or D L E (5 of 6)
    assert s(["O", "Or", "D", "L", "E", "M"], "longest_ordered_subset") == pytest.approx(5 / 6)
    assert s(["O", "Or", "D", "L", "E", "M"], "longest_contiguous_subset") == pytest.approx(5 / 6)
    # relative to correct, reversed: distances 5 3 1 1 3 5 -> max(0, 5-d) = 0 2 4 4 2 0 = 12; 12/30
    assert s(["E", "L", "D", "Or", "O", "M"], "relative_to_correct") == pytest.approx(0.4)
    # O Or D L E M: M off by 5 -> 0; the other five off by 1 -> 4 each = 20; 20/30
    assert s(["O", "Or", "D", "L", "E", "M"], "relative_to_correct") == pytest.approx(20 / 30)


def test_contiguous_means_contiguous_in_the_key() -> None:
    # key a b c d, answer a c b d.
    # contiguous: Moodle extends a run when the next key position turns up later in the answer:
    # a(0) then b(2): run a b = 2; b(2) then c(1): broken; c(1) then d(3): run c d = 2. best 2 -> 2/4
    # ordered subset: a b d (or a c d) = 3 -> 3/4
    answer = ["a", "c", "b", "d"]
    assert score_order(KEY, answer, "longest_contiguous_subset", order=KEY) == 0.5
    assert score_order(KEY, answer, "longest_ordered_subset", order=KEY) == 0.75
    # key x y z, answer x z y: x then y (answer positions 0 < 2) is a run of 2 even though z sits
    # between them in the answer: 2/3. (No two answer-adjacent steps are key-consecutive.)
    assert score_order(["x", "y", "z"], ["x", "z", "y"], "longest_contiguous_subset",
                       order=["x", "y", "z"]) == pytest.approx(2 / 3)


def test_steps_listed_in_a_different_order_from_the_key() -> None:
    # steps are listed d c b a, but the order key is a b c d: the answer b a c d scores as in
    # test_first_two_swapped (absolute 2/4)
    assert score_order(["d", "c", "b", "a"], ["b", "a", "c", "d"], "absolute_position",
                       order=KEY) == 0.5


def test_one_step() -> None:
    # n = 1: the key [a] scores 1 (the at-least-two rule of the subset schemes cannot apply);
    # a lone unknown entry scores 0
    assert scores(["a"], ["a"]) == dict.fromkeys(ORDER_SCHEMES, 1.0)
    assert scores(["zz"], ["a"]) == dict.fromkeys(ORDER_SCHEMES, 0.0)
    # a then junk (reading a; L = 2, m = 2, extras factor 1/2): absolute 1/1 * 1/2; relative_to_correct,
    # next excluding last and all prev/next are all_or_nothing for n = 1 (not the key: 0); including
    # last: a is last in the reading, 1/1 * 1/2; prev/next: a first and last, 2/2 * 1/2; subsets: the
    # one step counts for a one-step key, 1/1 * 1/2; lcs: LCS 1, d = (2-1) + 0 = 1: (1-1)/1 = 0
    assert scores(["a", "zz"], ["a"]) == approx({
        "all_or_nothing": 0, "absolute_position": F(1, 2), "relative_to_correct": 0,
        "relative_next_exclude_last": 0, "relative_next_include_last": F(1, 2),
        "relative_prev_next": F(1, 2), "relative_all_prev_next": 0,
        "longest_ordered_subset": F(1, 2), "longest_contiguous_subset": F(1, 2),
        "lcs_edit_distance": 0,
    })


# --------------------------------------------------------------------------- partial orders

# c needs a and b; d needs c. Valid orders: a b c d, b a c d.
PREREQ = {"c": ["a", "b"], "d": ["c"]}


def test_partial_order_valid_sequences_score_one() -> None:
    assert scores(["a", "b", "c", "d"], prerequisites=PREREQ) == dict.fromkeys(ORDER_SCHEMES, 1.0)
    assert scores(["b", "a", "c", "d"], prerequisites=PREREQ) == dict.fromkeys(ORDER_SCHEMES, 1.0)


def test_partial_order_marks_against_the_nearest_valid_order() -> None:
    # answer b a d c. Against a b c d / b a c d, take the better:
    assert scores(["b", "a", "d", "c"], prerequisites=PREREQ) == approx({
        "all_or_nothing": 0,
        # abcd: nothing in place (0); bacd: b, a in place (2) -> 2/4
        "absolute_position": F(2, 4),
        # bacd: b, a off 0 -> 3 each; c, d off 1 -> 2 each = 10 (abcd: a, b off 1 -> 2, 2, 2, 2 = 8)
        "relative_to_correct": F(10, 12),
        # bacd: ba yes, ac no, cd no -> 1 (abcd: ab? b comes first: 0) -> 1/3
        "relative_next_exclude_last": F(1, 3),
        # bacd: ba, and d last? c is last -> 1; /4
        "relative_next_include_last": F(1, 4),
        # bacd: 2 * (ba) + first b (1) + last c != d (0) = 3; /8
        "relative_prev_next": F(3, 8),
        # bacd: ba bc bd ac ad in order, cd reversed -> 5 pairs; 10/12 (abcd: ab also reversed: 4)
        "relative_all_prev_next": F(10, 12),
        # b a d (or b a c): 3 steps consistent with bacd -> 3/4
        "longest_ordered_subset": F(3, 4),
        # bacd: b(0) a(1) c(3) is a run of 3, d(2) breaks it -> 3/4
        "longest_contiguous_subset": F(3, 4),
        # LCS with bacd is 3 (b a c / b a d): d = 1 + 1 = 2 -> 2/4
        "lcs_edit_distance": F(2, 4),
    })


def test_partial_order_all_prev_next_picks_abcd() -> None:
    # answer a c b d. abcd: ab ac ad bd cd in order (bc reversed) = 5 -> 10/12;
    # bacd: ba reversed, bc reversed -> 4 -> 8/12. Best 10/12.
    assert score_order(KEY, ["a", "c", "b", "d"], "relative_all_prev_next",
                       prerequisites=PREREQ) == pytest.approx(10 / 12)


def test_no_prerequisites_means_any_order() -> None:
    # every permutation is valid
    assert scores(["d", "b", "a", "c"], prerequisites={}) == dict.fromkeys(ORDER_SCHEMES, 1.0)
    # incomplete: a b (L = 2): the nearest valid order starts a b; absolute 2/4, lcs (4-2)/4
    assert score_order(KEY, ["a", "b"], "absolute_position", prerequisites={}) == 0.5
    assert score_order(KEY, ["a", "b"], "lcs_edit_distance", prerequisites={}) == 0.5


def test_prerequisites_may_be_none() -> None:
    # {"b": None}: b needs nothing; so any order of a, b is valid
    assert score_order(["a", "b"], ["b", "a"], "all_or_nothing", prerequisites={"b": None}) == 1.0


def test_is_valid_order() -> None:
    assert is_valid_order(KEY, ["a", "b", "c", "d"], order=KEY)
    assert not is_valid_order(KEY, ["b", "a", "c", "d"], order=KEY)
    assert is_valid_order(KEY, ["b", "a", "c", "d"], prerequisites=PREREQ)
    assert not is_valid_order(KEY, ["a", "c", "b", "d"], prerequisites=PREREQ)  # c before b
    assert not is_valid_order(KEY, ["a", "b", "c"], prerequisites=PREREQ)  # incomplete
    assert not is_valid_order(KEY, ["a", "b", "c", "d", "d"], prerequisites=PREREQ)  # repeat
    assert not is_valid_order(KEY, "abcd", prerequisites=PREREQ)  # a string is not a list
    assert not is_valid_order(KEY, None, order=KEY)


def test_cyclic_prerequisites_are_an_author_error() -> None:
    with pytest.raises(ValueError, match="a -> b -> a"):
        score_order(["a", "b"], ["a", "b"], "absolute_position", prerequisites={"a": ["b"], "b": ["a"]})


@pytest.mark.parametrize(("steps", "key"), [
    (KEY, {}),  # neither order nor prerequisites
    (KEY, {"order": KEY, "prerequisites": {}}),  # both
    (KEY, {"order": ["a", "b", "c"]}),  # order misses d
    (KEY, {"order": ["a", "b", "c", "c"]}),  # c twice, d missing
    (KEY, {"prerequisites": {"z": ["a"]}}),  # unknown step
    (KEY, {"prerequisites": {"a": ["z"]}}),  # unknown prerequisite
    (KEY, {"prerequisites": {"a": "b"}}),  # a bare string
    (["a", "a"], {"order": ["a", "a"]}),  # repeated step
    ("abcd", {"order": KEY}),  # steps as a string
    ([], {"order": []}),  # no steps
])
def test_malformed_key_is_an_author_error(steps: object, key: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        score_order(steps, ["a"], "absolute_position", **key)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        validate_order_key(steps, **key)  # type: ignore[arg-type]


def test_the_ideal_cap() -> None:
    # 12 free steps have 2**12 = 4096 order ideals: allowed; 13 have 8192: refused up front
    assert MAX_ORDER_IDEALS == 4096
    twelve = [f"s{i}" for i in range(12)]
    validate_order_key(twelve, prerequisites={})
    # with one junk entry in place of s6 and the tail reversed (reading: 11 steps, L = 12, factor 1),
    # absolute_position can still place every present step where the reading has it (no
    # prerequisites: any order is valid, s6 last): 11 of 12
    answer = [*twelve[:6], "zz", *twelve[7:][::-1]]
    assert score_order(twelve, answer, "absolute_position", prerequisites={}) == pytest.approx(11 / 12)
    thirteen = [f"s{i}" for i in range(13)]
    with pytest.raises(ValueError, match="too many"):
        validate_order_key(thirteen, prerequisites={})
    # a chain of 13 is fine: one ideal per length
    validate_order_key(thirteen, order=thirteen)
    # as are 13 steps in two chains of 6 and 7 (7 * 8 = 56 ideals)
    chains = {f"s{i}": [f"s{i - 1}"] for i in range(1, 13) if i != 6}
    validate_order_key(thirteen, prerequisites=chains)


def test_unknown_scheme() -> None:
    with pytest.raises(UnknownSchemeError, match="kendall_tau") as info:
        score_order(KEY, KEY, "kendall_tau", order=KEY)
    for name in ORDER_SCHEMES:
        assert name in str(info.value)
