"""Answer records: what a student chose for one exercise, and when.

The same record travels in two copies (the answer store file and the notebook itself), so it
carries its own time stamp: when the copies disagree, the newest one wins (see README, "Which copy
wins"). Records are student data, read defensively: a malformed one is ignored, never trusted.
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Any, TypedDict, TypeGuard

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping


class AnswerRecord(TypedDict):
    exercise: str
    kind: str
    value: Any  # sort: {item id: category id}; order: [step ids]; pick: [option ids]
    saved_at: str  # UTC, ISO 8601 with microseconds: sorts as text
    seq: int  # order of saves within one kernel, breaks ties in saved_at


def now_stamp() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def make_record(exercise_id: str, kind: str, value: Any, seq: int) -> AnswerRecord:
    return {"exercise": exercise_id, "kind": kind, "value": value, "saved_at": now_stamp(), "seq": seq}


def is_record(candidate: object, exercise_id: str | None = None) -> TypeGuard[AnswerRecord]:
    """True for a well-formed record (of ``exercise_id`` when given); anything else is ignored."""
    if not isinstance(candidate, dict):
        return False
    if type(candidate.get("exercise")) is not str or type(candidate.get("kind")) is not str:
        return False
    if type(candidate.get("saved_at")) is not str or "value" not in candidate:
        return False
    return exercise_id is None or candidate["exercise"] == exercise_id


def _order_key(record: Mapping[str, Any]) -> tuple[str, int]:
    seq = record.get("seq")
    return (record["saved_at"], seq if type(seq) is int else 0)


def newest(records: Iterable[object], exercise_id: str | None = None) -> AnswerRecord | None:
    """The most recently saved well-formed record among ``records``, or None."""
    valid = [r for r in records if is_record(r, exercise_id)]
    return max(valid, key=_order_key) if valid else None


def rivals(records: Iterable[object], exercise_id: str | None = None) -> list[AnswerRecord]:
    """Records as new as the newest (same ``saved_at`` and ``seq``) that hold a different answer.

    Clicks never produce them (every save moves the counter and the clock); a hand-edited or planted
    copy can. Empty when the newest record has no rival; see README, "Which copy wins", for the rule.
    """
    valid = [r for r in records if is_record(r, exercise_id)]
    if not valid:
        return []
    best = max(valid, key=_order_key)
    top = _order_key(best)
    return [r for r in valid if r is not best and _order_key(r) == top
            and (r.get("value") != best.get("value") or r.get("kind") != best.get("kind"))]


def is_empty(value: object) -> bool:
    """An answer with nothing chosen (``None``, ``{}``, ``[]``)."""
    return value is None or (isinstance(value, (dict, list, tuple)) and len(value) == 0)


def _list_ids(ids: Iterable[str], limit: int = 3) -> str:
    ids = list(ids)
    shown = ", ".join(repr(i) for i in ids[:limit])
    return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


def _type_name(value: object) -> str:
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false", int: "a number",
            float: "a number", type(None): "empty"}.get(type(value), type(value).__name__)


def answer_problems(exercise: Any, value: object) -> list[str]:
    """What in a saved answer does not fit its exercise, in words (empty when nothing is wrong).

    Scoring already counts all of it as wrong; this only tells the student (and instructor) why, so a
    hand-edited or damaged answer is never silently marked down. ``exercise`` is a model exercise.
    """
    if is_empty(value):
        return []
    known = [e.id for e in exercise.entries()]
    what = {"sort": "item", "order": "step", "pick": "option"}.get(exercise.kind, "entry")
    problems: list[str] = []
    if exercise.kind == "sort":
        if type(value) is not dict:
            return [f"it is {_type_name(value)}, not a mapping of item ids to category ids"]
        categories = {c.id for c in exercise.categories}
        unknown = [k for k in value if type(k) is not str or k not in known]
        bad = sorted({repr(v) if type(v) is not str else v for k, v in value.items()
                      if v is not None and (type(v) is not str or v not in categories)})
        if unknown:
            problems.append(f"unknown {what}(s) {_list_ids(map(str, unknown))}")
        if bad:
            problems.append(f"unknown categor{'y' if len(bad) == 1 else 'ies'} {_list_ids(bad)}")
        return problems
    if type(value) is not list:
        return [f"it is {_type_name(value)}, not a list of {what} ids"]
    not_ids = [v for v in value if type(v) is not str]
    unknown = [v for v in value if type(v) is str and v not in known]
    seen: set[str] = set()
    repeated = []
    for v in value:
        if type(v) is str and v in known:
            if v in seen:
                repeated.append(v)
            seen.add(v)
    if not_ids:
        one = len(not_ids) == 1
        problems.append(f"{len(not_ids)} entr{'y' if one else 'ies'} that {'is' if one else 'are'} not an id")
    if unknown:
        problems.append(f"unknown {what}(s) {_list_ids(unknown)}")
    if repeated:
        problems.append(f"{what}(s) {_list_ids(repeated)} more than once")
    return problems
