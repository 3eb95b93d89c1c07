"""Pure scoring functions: the fraction of the points an answer earns, a plain float in [0, 1].

Stdlib only and free of I/O, because this runs in every student kernel. The key is author data: a
malformed key or an unknown scheme raises (``ValueError`` / ``UnknownSchemeError``), which the
validator reports long before a student sees the exercise. The answer is student data: whatever it
is, scoring never raises on it and never leaves [0, 1]; anything unreadable counts as wrong.
"""

from __future__ import annotations

from ._common import UnknownSchemeError
from .order import ORDER_SCHEMES, find_cycle, is_valid_order, score_order, validate_order_key
from .pick import PICK_SCHEMES, score_pick
from .sort import SORT_SCHEMES, score_sort

__all__ = [
    "ORDER_SCHEMES",
    "PICK_SCHEMES",
    "SORT_SCHEMES",
    "UnknownSchemeError",
    "find_cycle",
    "is_valid_order",
    "score_order",
    "score_pick",
    "score_sort",
    "validate_order_key",
]
