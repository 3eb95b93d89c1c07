"""The content model: the exercise format's vocabulary and the prerequisite graph."""

from __future__ import annotations

from stratkit.content.model import KINDS, SCHEMES, find_cycle
from stratkit.scoring import ORDER_SCHEMES, PICK_SCHEMES, SORT_SCHEMES
from stratkit.scoring.marking import SCHEME_WORDS


def test_every_scheme_the_format_names_is_scored_and_worded() -> None:
    assert set(SCHEMES) == set(KINDS)
    assert SCHEMES["sort"] == SORT_SCHEMES
    assert SCHEMES["order"] == ORDER_SCHEMES
    assert SCHEMES["pick"] == PICK_SCHEMES
    assert {s for names in SCHEMES.values() for s in names} == set(SCHEME_WORDS)


def test_find_cycle() -> None:
    assert find_cycle({"a": ["b"], "b": ["c"], "c": ["a"]}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": ["a"]}) == ["a", "a"]
    assert find_cycle({"x": [], "a": ["b"], "b": ["a"]}) == ["a", "b", "a"]
    assert find_cycle({"c": ["a", "b"], "d": ["c"]}) is None
    assert find_cycle({"d": ["c"], "c": ["b"], "b": None}) is None
    assert find_cycle({}) is None
