"""Hand-worked cases for pick scoring. Every expected value comes from the working in its comment.

Notation as in stratkit.scoring.pick: N options, c correct, t correct chosen, f wrong choices (junk
included), s = t + f, u wrong options left unchosen, j junk entries.
"""

from __future__ import annotations

import math

import pytest

from stratkit.scoring import PICK_SCHEMES, UnknownSchemeError, score_pick

OPTIONS = ["a", "b", "c", "d", "e"]  # N = 5
CORRECT = {"a", "b"}  # c = 2, so 3 wrong options: c, d, e


class Sneaky(str):
    def __eq__(self, other: object) -> bool:
        return True

    __hash__ = str.__hash__


class Liar:
    def __eq__(self, other: object) -> bool:
        return True

    def __hash__(self) -> int:
        return hash("a")


class EvilList(list):
    def __iter__(self):
        raise RuntimeError("iter")

    def __len__(self) -> int:
        raise RuntimeError("len")


def scores(answer: object) -> dict[str, float]:
    return {scheme: score_pick(OPTIONS, CORRECT, answer, scheme) for scheme in PICK_SCHEMES}


def approx(expected: dict[str, float]) -> dict[str, object]:
    return {k: pytest.approx(v, abs=1e-12) for k, v in expected.items()}


def test_scheme_names() -> None:
    assert PICK_SCHEMES == ("all_or_nothing", "net_correct", "coverage", "each_answer", "canvas_penalty")


@pytest.mark.parametrize("answer", [["a", "b"], ["b", "a"], ("a", "b"), {"a", "b"}, frozenset("ab"),
                                    {"a": 1, "b": 2}.keys()])
def test_key_scores_one_everywhere(answer: object) -> None:
    # t = 2, f = 0, s = 2, u = 3: aon 1; net (2-0)/2; cov (2/2)(2/2); each (2+3)/5; canvas 2/2 - 0
    assert scores(answer) == dict.fromkeys(PICK_SCHEMES, 1.0)


def test_empty_answer_scores_zero_everywhere() -> None:
    # t = f = s = 0: aon 0; net 0/2; cov 0 (s = 0); each 0 (nothing ticked, not (0+3)/5); canvas 0
    assert scores([]) == dict.fromkeys(PICK_SCHEMES, 0.0)
    assert scores(set()) == dict.fromkeys(PICK_SCHEMES, 0.0)


def test_one_correct_only() -> None:
    # ["a"]: t = 1, f = 0, s = 1, u = 3
    # aon 0; net (1-0)/2 = 0.5; cov (1/2)(1/1) = 0.5; each (1+3)/5 = 0.8; canvas 1/2 - 0 = 0.5
    assert scores(["a"]) == approx({"all_or_nothing": 0, "net_correct": 0.5, "coverage": 0.5,
                                    "each_answer": 0.8, "canvas_penalty": 0.5})


def test_one_right_one_wrong() -> None:
    # ["a", "c"]: t = 1, f = 1, s = 2, u = 2
    # net (1-1)/2 = 0; cov (1/2)(1/2) = 0.25; each (1+2)/5 = 0.6; canvas 1/2 - 1/2 = 0
    assert scores(["a", "c"]) == approx({"all_or_nothing": 0, "net_correct": 0, "coverage": 0.25,
                                         "each_answer": 0.6, "canvas_penalty": 0})


def test_both_right_plus_one_wrong() -> None:
    # ["a", "b", "c"]: t = 2, f = 1, s = 3, u = 2
    # net (2-1)/2 = 0.5; cov (2/2)(2/3) = 2/3; each (2+2)/5 = 0.8; canvas 2/2 - 1/2 = 0.5.
    # (Canvas's own example: 4 points, 2 correct answers, 2 correct + 1 incorrect chosen -> 2 points.)
    assert scores(["a", "b", "c"]) == approx({"all_or_nothing": 0, "net_correct": 0.5,
                                              "coverage": 2 / 3, "each_answer": 0.8,
                                              "canvas_penalty": 0.5})


def test_tick_everything() -> None:
    # all 5: t = 2, f = 3, s = 5, u = 0
    # net max(0, 2-3) = 0; cov (2/2)(2/5) = 0.4; each (2+0)/5 = 0.4; canvas max(0, 1 - 3/2) = 0
    assert scores(OPTIONS) == approx({"all_or_nothing": 0, "net_correct": 0, "coverage": 0.4,
                                      "each_answer": 0.4, "canvas_penalty": 0})


def test_only_a_wrong_option() -> None:
    # ["c"]: t = 0, f = 1, s = 1, u = 2
    # net 0; cov 0 (t = 0); each (0+2)/5 = 0.4 (a real, if wrong, decision was made); canvas 0
    assert scores(["c"]) == approx({"all_or_nothing": 0, "net_correct": 0, "coverage": 0,
                                    "each_answer": 0.4, "canvas_penalty": 0})


def test_duplicate_counts_as_wrong_choice() -> None:
    # ["a", "a"]: chosen {a}, the repeat is junk: t = 1, f = 1 (j = 1), s = 2, u = 3
    # net (1-1)/2 = 0; cov (1/2)(1/2) = 0.25; each (1+3)/(5+1) = 2/3; canvas 0; aon 0
    assert scores(["a", "a"]) == approx({"all_or_nothing": 0, "net_correct": 0, "coverage": 0.25,
                                         "each_answer": 2 / 3, "canvas_penalty": 0})


def test_key_plus_unknown_id() -> None:
    # ["a", "b", "z"]: t = 2, f = 1 (z is junk, j = 1), s = 3, u = 3
    # net (2-1)/2 = 0.5; cov (2/2)(2/3) = 2/3; each (2+3)/(5+1) = 5/6; canvas 0.5; aon 0
    assert scores(["a", "b", "z"]) == approx({"all_or_nothing": 0, "net_correct": 0.5,
                                              "coverage": 2 / 3, "each_answer": 5 / 6,
                                              "canvas_penalty": 0.5})


def test_junk_only_scores_zero() -> None:
    # [None, 1, "z"]: no real option chosen: t = 0, f = 3 (all junk), u = 3.
    # each_answer: no real option ticked -> 0 (not 3/8); everything else 0 since t = 0
    assert scores([None, 1, "z"]) == dict.fromkeys(PICK_SCHEMES, 0.0)


def test_lying_entries_are_junk() -> None:
    # [Liar(), "b"] and [Sneaky("a"), "b"]: the impostor is junk, b is right:
    # t = 1, f = 1, s = 2, u = 3, j = 1
    # net 0; cov (1/2)(1/2) = 0.25; each (1+3)/6 = 2/3; canvas 0; aon 0
    expected = approx({"all_or_nothing": 0, "net_correct": 0, "coverage": 0.25,
                       "each_answer": 2 / 3, "canvas_penalty": 0})
    assert scores([Liar(), "b"]) == expected
    assert scores([Sneaky("a"), "b"]) == expected


def test_list_subclass_read_from_storage() -> None:
    # EvilList(["a"]) raises from __iter__/__len__, but its storage holds ["a"]: as test_one_correct_only
    assert scores(EvilList(["a"]))["each_answer"] == pytest.approx(0.8)


@pytest.mark.parametrize("garbage", [None, True, 7, math.nan, "a", "ab", b"ab", {"a": True, "b": True},
                                     object(), iter(["a", "b"]), (x for x in "ab")])
def test_not_a_collection_scores_zero(garbage: object) -> None:
    # nothing readable: like the empty answer, 0 under every scheme
    result = scores(garbage)
    assert result == dict.fromkeys(PICK_SCHEMES, 0.0)
    assert all(type(v) is float for v in result.values())


def test_all_options_correct() -> None:
    # options x, y; both correct: N = 2, c = 2, no wrong option exists (u = 0 always).
    # ["x"]: t = 1, f = 0, s = 1: net 1/2; cov (1/2)(1/1) = 0.5; each (1+0)/2 = 0.5; canvas 0.5
    got = {s: score_pick(["x", "y"], ["x", "y"], ["x"], s) for s in PICK_SCHEMES}
    assert got == approx({"all_or_nothing": 0, "net_correct": 0.5, "coverage": 0.5,
                          "each_answer": 0.5, "canvas_penalty": 0.5})


def test_single_correct_option() -> None:
    # options p, q, r; correct {q}: N = 3, c = 1.
    # ["q", "r"]: t = 1, f = 1, s = 2, u = 1: net 0; cov (1/1)(1/2) = 0.5; each (1+1)/3; canvas 0
    got = {s: score_pick(["p", "q", "r"], ["q"], ["q", "r"], s) for s in PICK_SCHEMES}
    assert got == approx({"all_or_nothing": 0, "net_correct": 0, "coverage": 0.5,
                          "each_answer": 2 / 3, "canvas_penalty": 0})


def test_unknown_scheme() -> None:
    with pytest.raises(UnknownSchemeError, match="partial_credit") as info:
        score_pick(OPTIONS, CORRECT, ["a"], "partial_credit")
    for name in PICK_SCHEMES:
        assert name in str(info.value)


@pytest.mark.parametrize(("options", "correct"), [
    ([], []),  # no options
    (["a", "b"], []),  # no correct option
    (["a", "b"], ["z"]),  # correct id not an option
    (["a", "a", "b"], ["a"]),  # repeated option
    ("abc", ["a"]),  # options as a bare string
    (["a", "b"], "a"),  # correct as a bare string
    ([1, 2], [1]),  # ids not strings
])
def test_malformed_key_is_an_author_error(options: object, correct: object) -> None:
    with pytest.raises(ValueError):
        score_pick(options, correct, ["a"], "net_correct")  # type: ignore[arg-type]
