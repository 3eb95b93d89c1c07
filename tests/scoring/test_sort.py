"""Hand-worked cases for sort scoring. Every expected value comes from the working in its comment."""

from __future__ import annotations

import math
from collections import OrderedDict, defaultdict

import pytest

from stratkit.scoring import SORT_SCHEMES, UnknownSchemeError, score_sort

# 4 items, 2 categories. n = 4 everywhere below.
KEY = {"apple": "fruit", "carrot": "veg", "pear": "fruit", "leek": "veg"}


class Sneaky(str):
    """A str subclass that claims to equal everything: must be treated as junk."""

    def __eq__(self, other: object) -> bool:
        return True

    __hash__ = str.__hash__


class Liar:
    """Not a str at all, but hashes and compares like one."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __eq__(self, other: object) -> bool:
        return True

    def __hash__(self) -> int:
        return hash(self.text)


class EvilDict(dict):
    """A real dict whose Python-level accessors all raise: the scorer must read the storage directly."""

    def items(self):  # type: ignore[override]
        raise RuntimeError("items")

    def keys(self):  # type: ignore[override]
        raise RuntimeError("keys")

    def __iter__(self):
        raise RuntimeError("iter")

    def __getitem__(self, key):
        raise RuntimeError("getitem")

    def __len__(self) -> int:
        raise RuntimeError("len")


def scores(answer: object) -> dict[str, float]:
    return {scheme: score_sort(KEY, answer, scheme) for scheme in SORT_SCHEMES}


def test_scheme_names() -> None:
    assert SORT_SCHEMES == ("per_item", "right_minus_wrong", "all_or_nothing")


def test_key_scores_one_everywhere() -> None:
    # all 4 right, 0 wrong: per_item 4/4, right_minus_wrong (4-0)/4, all_or_nothing 1
    assert scores(dict(KEY)) == {"per_item": 1.0, "right_minus_wrong": 1.0, "all_or_nothing": 1.0}


def test_empty_answer_scores_zero_everywhere() -> None:
    # right 0 -> 0/4 under every scheme
    assert scores({}) == {"per_item": 0.0, "right_minus_wrong": 0.0, "all_or_nothing": 0.0}


def test_partial_answer_with_one_wrong() -> None:
    # apple fruit (right), carrot fruit (wrong), pear fruit (right), leek missing (unanswered):
    # right 2, wrong 1. per_item 2/4 = 0.5; right_minus_wrong (2-1)/4 = 0.25; all_or_nothing 0.
    answer = {"apple": "fruit", "carrot": "fruit", "pear": "fruit"}
    assert scores(answer) == {"per_item": 0.5, "right_minus_wrong": 0.25, "all_or_nothing": 0.0}


def test_three_right_one_missing() -> None:
    # right 3, wrong 0, leek unanswered: per_item 3/4; right_minus_wrong 3/4; all_or_nothing 0
    answer = {"apple": "fruit", "carrot": "veg", "pear": "fruit"}
    assert scores(answer) == {"per_item": 0.75, "right_minus_wrong": 0.75, "all_or_nothing": 0.0}


def test_everything_swapped() -> None:
    # right 0, wrong 4: per_item 0; right_minus_wrong max(0, 0-4)/4 = 0; all_or_nothing 0
    answer = {"apple": "veg", "carrot": "fruit", "pear": "veg", "leek": "fruit"}
    assert scores(answer) == {"per_item": 0.0, "right_minus_wrong": 0.0, "all_or_nothing": 0.0}


def test_more_wrong_than_right_floors_at_zero() -> None:
    # apple right; carrot, pear, leek wrong: right 1, wrong 3.
    # per_item 1/4 = 0.25; right_minus_wrong max(0, 1-3) = 0; all_or_nothing 0
    answer = {"apple": "fruit", "carrot": "fruit", "pear": "veg", "leek": "fruit"}
    assert scores(answer) == {"per_item": 0.25, "right_minus_wrong": 0.0, "all_or_nothing": 0.0}


def test_unknown_item_counts_as_wrong_entry() -> None:
    # the key plus banana (no such item): right 4, wrong 1.
    # per_item 4/4 = 1 (wrong entries cost nothing there); right_minus_wrong (4-1)/4 = 0.75;
    # all_or_nothing 0 (something is wrong)
    answer = {**KEY, "banana": "fruit"}
    assert scores(answer) == {"per_item": 1.0, "right_minus_wrong": 0.75, "all_or_nothing": 0.0}


def test_unknown_category_is_wrong() -> None:
    # apple -> grain (no such category): wrong 1; the other 3 right.
    # per_item 3/4; right_minus_wrong (3-1)/4 = 0.5; all_or_nothing 0
    answer = {**KEY, "apple": "grain"}
    assert scores(answer) == {"per_item": 0.75, "right_minus_wrong": 0.5, "all_or_nothing": 0.0}


def test_ill_typed_values() -> None:
    # apple -> 1 (not a str: wrong), carrot -> None (not placed: neither), pear -> ["fruit"] (wrong),
    # leek -> "veg" (right): right 1, wrong 2.
    # per_item 1/4 = 0.25; right_minus_wrong max(0, 1-2) = 0; all_or_nothing 0
    answer = {"apple": 1, "carrot": None, "pear": ["fruit"], "leek": "veg"}
    assert scores(answer) == {"per_item": 0.25, "right_minus_wrong": 0.0, "all_or_nothing": 0.0}


def test_none_means_unanswered_not_wrong() -> None:
    # apple, carrot right; pear, leek -> None (unplaced): right 2, wrong 0.
    # per_item 2/4; right_minus_wrong (2-0)/4 = 0.5 (None costs nothing); all_or_nothing 0
    answer = {"apple": "fruit", "carrot": "veg", "pear": None, "leek": None}
    assert scores(answer) == {"per_item": 0.5, "right_minus_wrong": 0.5, "all_or_nothing": 0.0}


def test_str_subclass_values_and_keys_are_wrong() -> None:
    # apple -> Sneaky("veg") claims to equal "fruit" but is not an exact str: wrong.
    # Sneaky("carrot") as a key is not an exact str: wrong (and carrot itself stays unanswered).
    # pear, leek right: right 2, wrong 2. per_item 0.5; right_minus_wrong 0; all_or_nothing 0
    answer = {"apple": Sneaky("veg"), Sneaky("carrot"): "veg", "pear": "fruit", "leek": "veg"}
    assert scores(answer) == {"per_item": 0.5, "right_minus_wrong": 0.0, "all_or_nothing": 0.0}


def test_lying_objects_are_wrong() -> None:
    # Liar("apple") as a key hashes like "apple" and equals everything, but is not a str: wrong.
    # leek -> Liar("veg") as a value is not a str either: wrong. carrot, pear right.
    # right 2, wrong 2: per_item 2/4 = 0.5; right_minus_wrong max(0, 2-2) = 0; all_or_nothing 0
    answer = {Liar("apple"): "fruit", "carrot": "veg", "pear": "fruit", "leek": Liar("veg")}
    assert scores(answer) == {"per_item": 0.5, "right_minus_wrong": 0.0, "all_or_nothing": 0.0}


@pytest.mark.parametrize("garbage", [
    None, True, 0, 3.5, math.nan, "apple", b"apple", ["apple", "fruit"], [("apple", "fruit")],
    ("apple", "fruit"), {"apple", "fruit"}, object(), iter([("apple", "fruit")]), KEY.items(),
])
def test_not_a_dict_scores_zero(garbage: object) -> None:
    # nothing readable: right 0 -> 0 under every scheme, and no exception
    result = scores(garbage)
    assert result == {"per_item": 0.0, "right_minus_wrong": 0.0, "all_or_nothing": 0.0}
    assert all(type(v) is float for v in result.values())


def test_dict_subclasses_are_read_as_dicts() -> None:
    # OrderedDict / defaultdict holding the key: the key -> 1.0
    assert scores(OrderedDict(KEY))["all_or_nothing"] == 1.0
    assert scores(defaultdict(str, KEY))["all_or_nothing"] == 1.0
    # a dict subclass whose accessors raise is still read from its storage: half of it right
    # (apple, carrot right; pear, leek missing): per_item 2/4
    evil = EvilDict({"apple": "fruit", "carrot": "veg"})
    assert scores(evil)["per_item"] == 0.5


def test_unknown_scheme_raises_and_names_valid_ones() -> None:
    with pytest.raises(UnknownSchemeError) as info:
        score_sort(KEY, dict(KEY), "per_items")
    message = str(info.value)
    assert "per_items" in message
    for name in SORT_SCHEMES:
        assert name in message
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize("scheme", [None, ["per_item"], 1, Sneaky("per_item")])
def test_non_string_scheme_raises(scheme: object) -> None:
    with pytest.raises(UnknownSchemeError):
        score_sort(KEY, dict(KEY), scheme)  # type: ignore[arg-type]


def test_unknown_scheme_raises_even_for_garbage_answer() -> None:
    with pytest.raises(UnknownSchemeError):
        score_sort(KEY, None, "nope")


@pytest.mark.parametrize("bad_key", [{}, {"apple": 1}, {1: "fruit"}, ["apple"], None])
def test_malformed_key_is_an_author_error(bad_key: object) -> None:
    with pytest.raises(ValueError):
        score_sort(bad_key, {}, "per_item")  # type: ignore[arg-type]


def test_right_minus_wrong_floors_by_itself() -> None:
    # the scheme function, before the final clamp: right 1, wrong 3, n 4 -> max(0, -2) = 0 of 4
    from stratkit.scoring import sort

    assert sort.right_minus_wrong(1, 3, 4) == (0, 4)
    assert sort.right_minus_wrong(3, 1, 4) == (2, 4)
