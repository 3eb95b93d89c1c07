"""Answer records: what a student chose for one exercise, and when.

The same record travels in two copies (the answer store file and the notebook itself), so it
carries its own time stamp: when the copies disagree, the newest one wins (see README, "Which copy
wins"). Records are student data, read defensively: a malformed one is ignored, never trusted.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Iterable, Mapping, TypedDict


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


def is_record(candidate: object, exercise_id: str | None = None) -> bool:
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
    return max(valid, key=_order_key) if valid else None  # type: ignore[return-value]


def is_empty(value: object) -> bool:
    """An answer with nothing chosen (``None``, ``{}``, ``[]``)."""
    return value is None or (isinstance(value, (dict, list, tuple)) and len(value) == 0)
