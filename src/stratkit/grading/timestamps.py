"""nbgrader's submission time stamps, read in whatever time zone the exchange wrote them.

``nbgrader submit`` writes ``timestamp.txt`` with ``Exchange.timestamp_format`` (default
``%Y-%m-%d %H:%M:%S.%f %Z``) in ``Exchange.timezone`` (default UTC), both set on the student's side.
``%Z`` writes a zone *abbreviation* ("UTC", "CET", "PDT", "IST"), and nbgrader 0.9.6 reads one back
with ``dateutil.tz.gettz(abbreviation)``, which knows only some of them: "PDT", "PST", "JST", "AEST"
resolve to nothing, and the local time is then taken as UTC, hours off. An abbreviation can also
mean several zones ("IST": India, Ireland or Israel).

So this reads the time itself: a numeric offset exactly; an abbreviation as every UTC offset it has
meant on that date in the time-zone database (``zoneinfo``); and the caller decides which of the
possible instants to use (the latest, so an honest save is never called "after the submission").
No zone, or "UTC"/"GMT"/"Z": UTC, as nbgrader assumes.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import zoneinfo
from dataclasses import dataclass

_STAMP = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(.*?)\s*$")
_OFFSET = re.compile(r"^(?:UTC|GMT)?([+-])(\d{1,2}):?(\d{2})?$")
UTC_NAMES = {"", "UTC", "GMT", "Z", "UT", "ZULU"}
#: The widest offsets in use (UTC-12 to UTC+14): an unknown zone name could be any of them.
ALL_OFFSETS = tuple(dt.timedelta(hours=h) for h in range(-12, 15))


@dataclass(frozen=True)
class Stamp:
    """A submission time as written, and the UTC instants it can mean (one, unless the zone is ambiguous)."""

    text: str
    local: dt.datetime  # naive, as written
    zone: str  # as written ("" when none)
    candidates: tuple[dt.datetime, ...]  # naive UTC, earliest first
    known_zone: bool  # False: the zone name is in no time-zone database entry for that date

    @property
    def latest(self) -> dt.datetime:
        return self.candidates[-1]

    @property
    def exact(self) -> bool:
        return len(self.candidates) == 1


def parse_stamp(text: str) -> Stamp | None:
    """Read ``timestamp.txt``'s text (nbgrader's format, or ISO 8601); None when it is not a time."""
    match = _STAMP.match(text or "")
    if not match:
        return None
    day, clock, zone = match.groups()
    if clock.count(":") == 1:
        clock += ":00"
    if zone.endswith("Z") and zone[:-1].strip() == "":
        zone = "Z"
    try:
        local = dt.datetime.fromisoformat(f"{day} {clock}")
    except ValueError:
        return None
    offsets, known = _offsets(zone, local)
    candidates = tuple(sorted({local - offset for offset in offsets}))
    return Stamp(text.strip(), local, zone, candidates, known)


def _offsets(zone: str, local: dt.datetime) -> tuple[tuple[dt.timedelta, ...], bool]:
    name = zone.strip()
    if name.upper() in UTC_NAMES:
        return (dt.timedelta(0),), True
    numeric = _OFFSET.match(name)
    if numeric:
        sign = -1 if numeric.group(1) == "-" else 1
        return (sign * dt.timedelta(hours=int(numeric.group(2)), minutes=int(numeric.group(3) or 0)),), True
    try:  # a zone's full name ("Europe/Paris") is exact
        zoned = local.replace(tzinfo=zoneinfo.ZoneInfo(name))
        offset = zoned.utcoffset()
        if offset is not None:
            return (offset,), True
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        pass
    found = _abbreviation_offsets(name, local.date())
    return (found, True) if found else (ALL_OFFSETS, False)


@functools.lru_cache(maxsize=256)
def _abbreviation_offsets(abbreviation: str, day: dt.date) -> tuple[dt.timedelta, ...]:
    """Every UTC offset any zone called ``abbreviation`` had at noon on ``day``."""
    noon = dt.datetime.combine(day, dt.time(12))
    offsets: set[dt.timedelta] = set()
    for key in _zone_keys():
        try:
            zoned = noon.replace(tzinfo=zoneinfo.ZoneInfo(key))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
            continue
        if zoned.tzname() == abbreviation:
            offset = zoned.utcoffset()
            if offset is not None:
                offsets.add(offset)
    return tuple(sorted(offsets))


@functools.lru_cache(maxsize=1)
def _zone_keys() -> tuple[str, ...]:
    return tuple(sorted(zoneinfo.available_timezones()))


def parse_db_time(text: object) -> dt.datetime | None:
    """A time as nbgrader's gradebook or an answer record stores it (UTC, naive or with Z): naive UTC."""
    if isinstance(text, dt.datetime):
        return text.replace(tzinfo=None) if text.tzinfo is None else (text - text.utcoffset()).replace(tzinfo=None)  # type: ignore[operator]
    if not isinstance(text, str) or not text.strip():
        return None
    cleaned = text.strip().replace("Z", "").replace(" UTC", "").replace("T", " ")
    try:
        value = dt.datetime.fromisoformat(cleaned)
    except ValueError:
        return None
    if value.tzinfo is not None:
        value = (value - value.utcoffset()).replace(tzinfo=None)  # type: ignore[operator]
    return value
