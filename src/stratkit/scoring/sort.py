"""Scoring for sort exercises: put each item into its category.

The key maps item id -> correct category id. The answer should map item id -> chosen category id.
Each answer entry is one of:

- right: a known item mapped to its correct category;
- unanswered: a known item mapped to ``None`` (how a widget says "not placed yet"); counts neither way;
- wrong: everything else: a known item in the wrong or an unknown category, a category that is not an
  exact ``str``, an unknown item id, or a key that is not an exact ``str``.

Items missing from the answer are unanswered. With n items, every scheme is a fraction of n.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from stratkit.scoring._common import key_str, lookup_scheme, ratio, read_mapping

__all__ = ["SORT_SCHEMES", "score_sort"]

# (right, wrong, n) -> (numerator, denominator)
_Scheme = Callable[[int, int, int], tuple[int, int]]


def per_item(right: int, wrong: int, n: int) -> tuple[int, int]:
    """``right / n``: one share per item placed right; wrong placements cost nothing.

    Origin: the usual per-drop proportional credit (H5P Drag and Drop without penalties, Moodle's
    drag-and-drop question types).
    """
    return right, n


def right_minus_wrong(right: int, wrong: int, n: int) -> tuple[int, int]:
    """``max(0, (right - wrong) / n)``: each wrong placement cancels a right one; unanswered count 0.

    Origin: H5P Drag and Drop (H5P.DragQuestion) with ``behaviour.applyPenalties``: each correct drop
    scores +1, each wrong drop -1, the total floored at 0, out of the number of correct drops. Guessing
    every item therefore earns nothing on average, while leaving an item out costs only its own share.
    """
    return max(0, right - wrong), n


def all_or_nothing(right: int, wrong: int, n: int) -> tuple[int, int]:
    """1 if every item is right and nothing is wrong, else 0: for keys where a partial sort means nothing."""
    return (1 if right == n and wrong == 0 else 0), 1


_SCHEMES: dict[str, _Scheme] = {
    "per_item": per_item,
    "right_minus_wrong": right_minus_wrong,
    "all_or_nothing": all_or_nothing,
}

SORT_SCHEMES: tuple[str, ...] = tuple(_SCHEMES)


def _key(key: Mapping[str, str]) -> dict[str, str]:
    """The author's key as a plain ``{str: str}`` dict; a malformed key is an author error."""
    if not isinstance(key, Mapping):
        raise ValueError(f"a sort key must map item ids to category ids, not {type(key).__name__}")
    plain = {key_str(item, "a sort key item"): key_str(cat, f"the category of item {item!r}")
             for item, cat in key.items()}
    if not plain:
        raise ValueError("a sort key needs at least one item")
    return plain


def _count(key: dict[str, str], answer: object) -> tuple[int, int]:
    """(right, wrong) entries of the answer; see the module docstring for what counts as which."""
    right = wrong = 0
    for item, chosen in read_mapping(answer):
        if type(item) is str and item in key:
            if chosen is None:
                continue
            if type(chosen) is str and chosen == key[item]:
                right += 1
                continue
        wrong += 1
    return right, wrong


def score_sort(key: Mapping[str, str], answer: object, scheme: str) -> float:
    """The fraction of the points a sort answer earns, a plain float in [0, 1]; never raises on ``answer``.

    Raises ``UnknownSchemeError`` for an unknown scheme and ``ValueError`` for a malformed key.
    """
    fn = lookup_scheme("sort", scheme, _SCHEMES)
    plain = _key(key)
    right, wrong = _count(plain, answer)
    return ratio(*fn(right, wrong, len(plain)))
