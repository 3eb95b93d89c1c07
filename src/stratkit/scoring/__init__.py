"""From an answer to points and words: one pure function per scheme gives the fraction earned, a plain
float in [0, 1] (``sort``, ``order``, ``pick``); ``marking`` turns it into points and feedback.

Stdlib only and free of I/O, because this runs in every student kernel. The key is author data: a
malformed key or an unknown scheme raises (``ValueError`` / ``UnknownSchemeError``), which the
validator reports long before a student sees the exercise. The answer is student data: whatever it
is, scoring never raises on it and never leaves [0, 1]; anything unreadable counts as wrong.
"""

from __future__ import annotations

from stratkit.scoring._common import UnknownSchemeError
from stratkit.scoring.order import ORDER_SCHEMES, is_valid_order, score_order, validate_order_key
from stratkit.scoring.pick import PICK_SCHEMES, score_pick
from stratkit.scoring.sort import SORT_SCHEMES, score_sort

__all__ = [
    "ORDER_SCHEMES",
    "PICK_SCHEMES",
    "SORT_SCHEMES",
    "UnknownSchemeError",
    "is_valid_order",
    "score_order",
    "score_pick",
    "score_sort",
    "validate_order_key",
]
