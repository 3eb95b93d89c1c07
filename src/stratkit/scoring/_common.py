"""Helpers shared by the three scoring modules: scheme lookup, key checks, answer sanitising.

The answer is student data, so the readers here only accept real built-in containers (checked with
``type()``, which an object cannot fake) and walk them with the built-in iterators, which run no code
of the student's. Only values whose type is exactly ``str`` become ids: a ``str`` subclass or any
other object could lie in ``__eq__``/``__hash__``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar, cast

F = TypeVar("F", bound=Callable[..., object])

_DICT_KEYS: type = type({}.keys())


class UnknownSchemeError(ValueError):
    """A scheme name no scorer knows: an author error, reported when the exercise is validated."""

    def __init__(self, kind: str, scheme: object, valid: Iterable[str]) -> None:
        self.kind = kind
        self.scheme = scheme
        self.valid = tuple(valid)
        super().__init__(f"unknown {kind} scheme {scheme!r}: use one of {', '.join(self.valid)}")


def lookup_scheme(kind: str, scheme: object, table: Mapping[str, F]) -> F:
    """The scorer for ``scheme``; unknown names (or non-strings) raise ``UnknownSchemeError``."""
    if type(scheme) is str and scheme in table:
        return table[scheme]
    raise UnknownSchemeError(kind, scheme, table)


def ratio(num: int, den: int) -> float:
    """``num / den`` as a plain float clamped to [0, 1]; computed once so a full score is exactly 1.0."""
    if den <= 0:
        return 0.0
    value = num / den
    if not value > 0.0:  # also catches NaN
        return 0.0
    if value >= 1.0:
        return 1.0
    return float(value)


# --------------------------------------------------------------------------- author data (keys)


def key_str(value: object, what: str) -> str:
    """An author-supplied id as an exact ``str``; anything else is an author error."""
    if not isinstance(value, str):
        raise ValueError(f"{what} must be a string id, not {type(value).__name__}")
    return str.__str__(value)  # an exact str copy, even from a str subclass (e.g. a YAML scalar type)


def key_ids(values: object, what: str, *, unique: bool = True) -> tuple[str, ...]:
    """An author-supplied list of ids; a bare string is refused (it would iterate as characters)."""
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise ValueError(f"{what} must be a list of string ids, not {type(values).__name__}")
    ids = tuple(key_str(v, f"each entry of {what}") for v in values)
    if unique:
        seen: set[str] = set()
        for i in ids:
            if i in seen:
                raise ValueError(f"{what} names {i!r} twice")
            seen.add(i)
    return ids


# --------------------------------------------------------------------------- student data (answers)


def read_sequence(answer: object) -> list[object]:
    """The entries of a list or tuple answer, in order; anything else reads as no entries."""
    kind = type(answer)
    if issubclass(kind, list):
        return list(list.__iter__(answer))  # type: ignore[arg-type]
    if issubclass(kind, tuple):
        return list(tuple.__iter__(answer))  # type: ignore[arg-type]
    return []


def read_collection(answer: object) -> list[object]:
    """The entries of a list, tuple, set, frozenset or dict-keys answer; anything else: none."""
    kind = type(answer)
    if issubclass(kind, (list, tuple)):
        return read_sequence(answer)
    if issubclass(kind, set):
        return list(set.__iter__(answer))  # type: ignore[arg-type]
    if issubclass(kind, frozenset):
        return list(frozenset.__iter__(answer))  # type: ignore[arg-type]
    if kind is _DICT_KEYS:
        return list(cast("Iterable[object]", answer))  # dict_keys cannot be subclassed
    return []


def read_mapping(answer: object) -> list[tuple[object, object]]:
    """The (key, value) pairs of a dict answer (subclasses read as plain dicts); else none."""
    if issubclass(type(answer), dict):
        return list(dict.items(answer))  # type: ignore[arg-type]
    return []
